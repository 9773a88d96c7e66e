"""The Wagtail admin's user forms, with one full name instead of first and last name."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet


class _NameMixin(forms.Form):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("Name"), max_length=100)


class SchoolUserCreationForm(_NameMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"first_name", "last_name"}) | {"name"}


class SchoolUserEditForm(_NameMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"first_name", "last_name"}) | {"name"}


class SchoolUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return SchoolUserEditForm if for_update else SchoolUserCreationForm
