"""The Wagtail admin's users: one full name instead of first and last name, closing an
account on the person's request (see school.closure), and no way for anyone but a
superuser to hand out more than they hold (see school.privileges)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.models import CopyView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import ListingButton
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from school import closure, closure_views
from school.privileges import is_superuser, reach_of


class _SchoolUserForm(forms.Form):
    """One full name; below a superuser, no superuser switch and only groups within reach."""

    first_name = None
    last_name = None
    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_superuser(actor):
            self.fields.pop("is_superuser", None)
            self.fields["groups"].queryset = reach_of(actor).groups()


class SchoolUserCreationForm(_SchoolUserForm, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"first_name", "last_name"}) | {"name"}


class SchoolUserEditForm(_SchoolUserForm, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"first_name", "last_name"}) | {"name"}


class _FormForActor:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class _CoveredAccountOnly:
    """An account's pages open only to those whose reach covers the account."""

    def get_object(self, *args, **kwargs):
        user = super().get_object(*args, **kwargs)
        if not reach_of(self.request.user).covers(user):
            raise PermissionDenied
        return user


class _PeoplePaginator(WagtailPaginator):
    @property
    def items_count_label(self):
        # Wagtail's reads "17 users" with the model's name, untranslatable in Korean word order.
        return ngettext("%(count)s person", "%(count)s people", self.count) % {
            "count": number_format(self.count, force_grouping=True)
        }


class SchoolUserIndexView(users.IndexView):
    paginator_class = _PeoplePaginator

    def get_base_queryset(self):
        # Each row asks whether the account is within reach: fetch what that needs at once.
        return (
            super().get_base_queryset().prefetch_related("groups", "user_permissions__content_type")
        )

    def get_edit_url(self, instance):
        if reach_of(self.request.user).covers(instance):
            return super().get_edit_url(instance)

    def get_copy_url(self, instance):
        if reach_of(self.request.user).covers(instance):
            return super().get_copy_url(instance)

    def get_delete_url(self, instance):
        if reach_of(self.request.user).covers(instance):
            return super().get_delete_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if closure.can_close(self.request.user, instance):
            url = reverse("wagtailusers_users:close", args=[instance.pk])
            buttons.append(ListingButton(_("Close account (anonymise)"), url, priority=90))
        return buttons


class SchoolUserCreateView(_FormForActor, users.CreateView):
    pass


class SchoolUserCopyView(_FormForActor, _CoveredAccountOnly, CopyView):
    pass


class SchoolUserEditView(_FormForActor, _CoveredAccountOnly, users.EditView):
    pass


class SchoolUserDeleteView(_CoveredAccountOnly, users.DeleteView):
    pass


class SchoolUserHistoryView(_CoveredAccountOnly, users.HistoryView):
    pass


class SchoolUserUsageView(_CoveredAccountOnly, UsageView):
    pass


class SchoolUserViewSet(users.UserViewSet):
    index_view_class = SchoolUserIndexView
    add_view_class = SchoolUserCreateView
    copy_view_class = SchoolUserCopyView
    edit_view_class = SchoolUserEditView
    delete_view_class = SchoolUserDeleteView
    history_view_class = SchoolUserHistoryView
    usage_view_class = SchoolUserUsageView

    def get_form_class(self, for_update=False):
        return SchoolUserEditForm if for_update else SchoolUserCreationForm

    def get_urlpatterns(self):
        close = path("close/<int:pk>/", closure_views.close_account_by_staff, name="close")
        return [*super().get_urlpatterns(), close]


# The users listing's bulk actions, held to the same reach as the pages of one account.


class SchoolAssignRoleBulkAction(AssignRoleBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and reach_of(self.request.user).covers(obj)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = reach_of(self.request.user).groups()
        return form


class SchoolDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and reach_of(self.request.user).covers(obj)


class SchoolSetActiveStateBulkAction(SetActiveStateBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and reach_of(self.request.user).covers(obj)


BULK_ACTIONS = [SchoolAssignRoleBulkAction, SchoolDeleteBulkAction, SchoolSetActiveStateBulkAction]
