from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Korean demo school (`manage.py load_demo_data`): the roof, using every app."""

    name = "demo"
    verbose_name = _("demo school")
