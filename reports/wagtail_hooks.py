from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from organisations.roles import is_staff
from school.admin_users import BULK_ACTIONS


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return StaffMenuItem(
        _("School reports"), reverse_lazy("reports:dashboard"), icon_name="table", order=270
    )


# After Wagtail's own (order 0), so these take the place of its user bulk actions.
for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)
