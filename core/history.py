"""The shape of a history row: what happened to something, by whom, when and why.

Rows are only ever added: status changes, attendance edits and certificate revocations
are never overwritten, so each model that keeps such a history extends this one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
