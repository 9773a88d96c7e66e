from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "size", "website"]


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the coordinators (optional)"), max_length=300, required=False
    )
