from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The staff reports: the roof, reading every domain app."""

    name = "reports"
    verbose_name = _("reports")
