"""Every e-mail the school sends, as a row: queued in the request, sent by the worker.

A row keeps what is needed to send the message until it has gone; after that only the
recipients, the subject and what happened stay, so staff can see what was sent and what
failed without the log keeping anyone's messages.
"""

from base64 import b64decode, b64encode
from email.mime.base import MIMEBase
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now)

    def addressed_to(self, address: str):
        return self.filter(recipients__icontains=address)


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    recipients = models.TextField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    message = models.JSONField(_("message"), default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"

    @classmethod
    def from_message(cls, message: EmailMessage, *, now=None) -> "OutgoingMail":
        """Return an unsaved row holding everything needed to send the message later."""
        now = now or timezone.now()
        headers = dict(message.extra_headers)
        if not any(name.lower() == "message-id" for name in headers):
            # One id for every attempt, so a receiver can tell a retry from a new message.
            domain = parseaddr(message.from_email)[1].rpartition("@")[2] or None
            headers["Message-ID"] = make_msgid(domain=domain)
        return cls(
            recipients=", ".join(message.recipients()),
            subject=str(message.subject)[:255],
            message={
                "subject": str(message.subject),
                "body": str(message.body),
                "from_email": message.from_email,
                "to": list(message.to),
                "cc": list(message.cc),
                "bcc": list(message.bcc),
                "reply_to": list(message.reply_to),
                "headers": headers,
                "content_subtype": message.content_subtype,
                "alternatives": [
                    [_pack(content), mimetype]
                    for content, mimetype in getattr(message, "alternatives", [])
                ],
                "attachments": [_attachment(item) for item in message.attachments],
            },
            queued_at=now,
            next_attempt_at=now,
        )

    def to_message(self) -> EmailMultiAlternatives:
        data = self.message
        message = EmailMultiAlternatives(
            data["subject"],
            data["body"],
            data["from_email"],
            data["to"],
            data["bcc"],
            cc=data["cc"],
            reply_to=data["reply_to"],
            headers=data["headers"],
        )
        message.content_subtype = data["content_subtype"]
        for content, mimetype in data["alternatives"]:
            message.attach_alternative(_unpack(content), mimetype)
        for filename, content, mimetype in data["attachments"]:
            message.attach(filename, _unpack(content), mimetype)
        return message


def _attachment(item) -> list:
    if isinstance(item, MIMEBase):
        raise TypeError("A prepared MIME part cannot be queued; attach a file name and content.")
    filename, content, mimetype = item
    return [filename, _pack(content), mimetype]


def _pack(content) -> dict:
    if isinstance(content, bytes):
        return {"base64": b64encode(content).decode("ascii")}
    return {"text": str(content)}


def _unpack(content: dict):
    if "base64" in content:
        return b64decode(content["base64"])
    return content["text"]


class SentNoticeQuerySet(models.QuerySet):
    def shown(self):
        """What a person's notice list shows: everything told to them on the site."""
        return self.filter(on_site=True)

    def unread(self):
        return self.shown().filter(read_at__isnull=True)

    def waiting_for_morning(self, now):
        return self.filter(held_until__isnull=False, held_until__lte=now)


class SentNotice(models.Model):
    """That a person was told something: one row per person, kind of notice and occurrence
    (a session's reminder for the time it then had), written in the same transaction as
    the message, so no notice goes out twice however many runs overlap.

    The row is also the notice as the site shows it (`on_site`, read or not) and, when the
    e-mail or text waits out the quiet hours, when they may go (`held_until`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sent_notices",
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("about"), max_length=200)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    title = models.CharField(_("title"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    on_site = models.BooleanField(_("shown on the site"), default=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)

    objects = SentNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notice_sent_once")
        ]
        indexes = [
            models.Index(fields=["user", "on_site", "read_at"]),
            models.Index(
                fields=["held_until"],
                condition=models.Q(held_until__isnull=False),
                name="notice_held",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.user_id}"


class NoticeChoice(models.Model):
    """A person's choice for one kind of notice on one channel, where it differs from the
    default (on the site and by e-mail: on; by text message: off)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notice_choices",
    )
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10)
    enabled = models.BooleanField(_("on"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("notice turned off")
        verbose_name_plural = _("notices turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="one_notice_choice")
        ]

    def __str__(self):
        return f"{self.kind} {self.channel} {'on' if self.enabled else 'off'} → {self.user_id}"
