import os

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person at the school: activist, instructor or staff.

    Korean names are not split into first and last name: `name` is the full name as
    the person writes it, shown everywhere and printed on certificates.
    """

    name = models.CharField(_("name"), max_length=100, blank=True)
    # The language of the notices the person is sent (the site's own when blank).
    notice_language = models.CharField(
        _("language of notices"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # Given only for notices by text message, with a consent of its own (optional).
    mobile = models.CharField(_("mobile phone number"), max_length=20, blank=True)
    mobile_consented_at = models.DateTimeField(
        _("agreed to text messages at"), null=True, blank=True
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    def get_short_name(self):
        return self.name or self.username

    def __str__(self):
        return self.get_full_name()


class PrivacyConsent(models.Model):
    """One consent to one version of the privacy notice; never overwritten."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="privacy_consents",
        verbose_name=_("user"),
    )
    policy_version = models.CharField(_("privacy notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consented at"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        ordering = ["-consented_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "policy_version"], name="one_consent_per_policy_version"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.policy_version}"


class AccountClosure(models.Model):
    """An account closed at its owner's request: the person is anonymised, records stay.

    Kept for good as the record that the erasure happened, by whom and when.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="closure",
        verbose_name=_("user"),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("account closure")
        verbose_name_plural = _("account closures")
        ordering = ["-closed_at"]

    def __str__(self):
        return f"{self.user.username} · {self.closed_at:%Y-%m-%d}"


class PrivateFiles(FileSystemStorage):
    """Files only their owner downloads, through a view: kept in PRIVATE_FILES_ROOT, outside
    the media folder, which a web server may serve to anyone. The folder is read from the
    settings each time, as MEDIA_ROOT is."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_files() -> FileSystemStorage:
    return PrivateFiles()


class DataDownload(models.Model):
    """A person downloaded everything the school holds about them.

    A large account's ZIP is built by the task worker and kept in `archive` until
    `expires_at`; the person is told when it is ready.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_downloads",
        verbose_name=_("user"),
    )
    rows = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    archive = models.FileField(
        _("prepared file"), storage=private_files, upload_to="my-data/", blank=True
    )
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data download")
        verbose_name_plural = _("personal data downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
