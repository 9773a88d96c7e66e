from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("school")


class SchoolUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the school's user forms (see school.admin_users)."""

    user_viewset = "school.admin_users.SchoolUserViewSet"
