from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Calendar feeds: the school's, a track's, a course's and each person's."""

    name = "feeds"
    verbose_name = _("calendar feeds")

    def ready(self):
        from feeds import signals  # noqa: F401 - connects the receivers
