from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Organisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "size", "website"]


class SharingForm(forms.Form):
    shares = forms.ChoiceField(
        label=_("What may the coordinators see of your learning?"),
        choices=Membership.Shares.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Coordinators follow their members' learning to plan the organisation's next "
            "steps. You can change this any time on the organisation's page."
        ),
    )


class JoinRequestForm(SharingForm):
    message = forms.CharField(
        label=_("A word to the coordinators (optional)"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked here when joining from the organisation's page; else on the next visit.
        self.fields["shares"].required = False
