from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class SchoolConfig(AppConfig):
    default = True  # of the two configurations here, the one "school" names
    name = "school"
    verbose_name = _("school")

    def ready(self):
        from school import header

        header.connect()


class SchoolUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the school's user forms and limits (see school.admin_users)."""

    user_viewset = "school.admin_users.SchoolUserViewSet"

    def ready(self):
        super().ready()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from wagtail.permissions import register_permission_policy

        from school.privileges import GroupPermissionPolicy, UserPermissionPolicy

        # In place of Wagtail's plain model permissions for these two.
        User = get_user_model()
        register_permission_policy(User, UserPermissionPolicy(User))
        register_permission_policy(Group, GroupPermissionPolicy(Group))
