"""The Wagtail admin's users: one full name instead of first and last name, and closing
an account on the person's request (see school.closure)."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import ListingButton
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import IndexView, UserViewSet

from school import closure, closure_views


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


class SchoolUserIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if closure.can_close(self.request.user, instance):
            url = reverse("wagtailusers_users:close", args=[instance.pk])
            buttons.append(ListingButton(_("Close account (anonymise)"), url, priority=90))
        return buttons


class SchoolUserViewSet(UserViewSet):
    index_view_class = SchoolUserIndexView

    def get_form_class(self, for_update=False):
        return SchoolUserEditForm if for_update else SchoolUserCreationForm

    def get_urlpatterns(self):
        close = path("close/<int:pk>/", closure_views.close_account_by_staff, name="close")
        return [*super().get_urlpatterns(), close]
