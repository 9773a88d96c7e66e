"""Certificates and the templates staff word them with.

A certificate copies every fact it states when it is issued, so a later edit to the
course, the class or the person's profile never changes what was certified. Revocation
and every other change is a CertificateEvent: who, when, why.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from certificates import codes
from core.dates import format_datetime
from core.history import HistoryEvent
from core.people import ANONYMISED_NAME

ISSUER = "활동가IT학교 · 공동체IT사회적협동조합"

DEFAULT_HEADING = "수료증"
DEFAULT_STATEMENT = (
    "위 사람은 {issuer}에서 운영한 「{course}」 과정({class}, {start} ~ {end})을 "
    "성실히 이수하였기에 이 증서를 드립니다."
)


def format_hours(hours) -> str:
    """4.0 → "4", 4.5 → "4.5": hours as people write them."""
    return f"{hours:.1f}".rstrip("0").rstrip(".")


class CertificateTemplate(models.Model):
    """The wording, signatory and images of certificates, for a track, a course or all.

    Each save is a new version; a certificate records the version it was issued with.
    """

    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(
        _("site default"), default=False, help_text=_("Used where no course or track has one.")
    )
    tracks = models.ManyToManyField(
        "cms.Track", verbose_name=_("tracks"), blank=True, related_name="+"
    )
    courses = models.ManyToManyField(
        "cms.CoursePage",
        verbose_name=_("courses"),
        blank=True,
        related_name="+",
        help_text=_("A course's own template wins over its track's."),
    )
    heading = models.CharField(_("heading"), max_length=40, default=DEFAULT_HEADING)
    statement = models.TextField(
        _("statement"),
        default=DEFAULT_STATEMENT,
        help_text=_(
            "Placeholders: {name}, {course}, {track}, {class}, {start}, {end}, {hours}, {issuer}."
        ),
    )
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=100,
        help_text=_("The person who signs, for example 홍길동."),
    )
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=100,
        help_text=_("Their organisation and role, for example 공동체IT사회적협동조합 이사장."),
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The signatory's seal (직인), stamped over (인) beside their name."),
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("is_default")]),
        MultiFieldPanel([FieldPanel("courses"), FieldPanel("tracks")], heading=_("Used for")),
        FieldPanel("heading"),
        FieldPanel("statement"),
        FieldRowPanel([FieldPanel("signatory_title"), FieldPanel("signatory_name")]),
        FieldRowPanel([FieldPanel("seal"), FieldPanel("signature"), FieldPanel("logo")]),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)


class Issued:
    """What a course certificate and a track certificate both state and answer: the number
    as printed, where anyone checks it, the hours, revocation, the holder and signatory."""

    is_track = False

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.display_code])

    def verify_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def hours_text(self) -> str:
        return format_hours(self.hours)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_holder_anonymised(self) -> bool:
        """The holder closed their account: the school no longer keeps their name."""
        return self.holder_name == ANONYMISED_NAME

    @property
    def signatory(self) -> str:
        """공동체IT사회적협동조합 이사장 홍길동: the role first, then the person."""
        return " ".join(part for part in (self.signatory_title, self.signatory_name) if part)

    # How the admin's inspect page shows these fields: as the certificate prints them.
    def get_code_display(self) -> str:
        return self.display_code

    def get_hours_display(self) -> str:
        return self.hours_text

    def get_issued_at_display(self) -> str:
        return format_datetime(self.issued_at)

    def get_revoked_at_display(self) -> str:
        return format_datetime(self.revoked_at) if self.revoked_at else "—"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(Issued, models.Model):
    """One per enrolment, for good: re-issuing keeps the number and the date."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    code = models.CharField(_("certificate number"), max_length=codes.LENGTH, unique=True)
    issued_at = models.DateTimeField(_("issued at"))

    # The facts it states, as they were when issued.
    holder_name = models.CharField(_("name"), max_length=100)
    course_title = models.CharField(_("course"), max_length=255)
    track_name = models.CharField(_("track"), max_length=100, blank=True)
    class_title = models.CharField(_("class"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=1)
    # The last day it counts, for a training that must be renewed (see certificates.duties).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, default=ISSUER)
    heading = models.CharField(_("heading"), max_length=40)
    statement = models.TextField(_("statement"))
    signatory_name = models.CharField(_("signatory's name"), max_length=100)
    signatory_title = models.CharField(_("signatory's title"), max_length=100)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    template_version = models.PositiveIntegerField(_("template version"), default=0)

    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_certificate", _("Can revoke certificates"))]

    def __str__(self):
        return f"{self.display_code} · {self.holder_name} · {self.course_title}"

    def has_expired(self, today) -> bool:
        return self.valid_until is not None and today > self.valid_until

    @property
    def seal(self):
        return self.template.seal if self.template_id else None


DEFAULT_TRACK_HEADING = "분야 수료증"
DEFAULT_TRACK_STATEMENT = (
    "위 사람은 {issuer}에서 운영한 {track} 분야의 과정 {count}개({courses})를 "
    "모두 이수하였기에 이 증서를 드립니다."
)


class TrackCertificate(Issued, models.Model):
    """Every course a track asks for, completed: one per person and track, for good.

    Like a course certificate it copies what it states when issued, including each course
    certificate it rests on (title, number, last day, hours), and is checked at the same
    address by its number.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="track_certificates",
    )
    track = models.ForeignKey(
        "cms.Track", verbose_name=_("track"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("certificate number"), max_length=codes.LENGTH, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    holder_name = models.CharField(_("name"), max_length=100)
    track_name = models.CharField(_("track"), max_length=100)
    # [{"title", "code", "ends_on" (ISO date), "hours"}], in the order the classes ended.
    courses = models.JSONField(_("courses"))
    hours = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=1)
    issuer = models.CharField(_("issuer"), max_length=200, default=ISSUER)
    heading = models.CharField(_("heading"), max_length=40)
    statement = models.TextField(_("statement"))
    signatory_name = models.CharField(_("signatory's name"), max_length=100, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=100)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = CertificateQuerySet.as_manager()

    # What the check page and the credential read as a course certificate's.
    valid_until = None
    is_track = True

    class Meta:
        verbose_name = _("track certificate")
        verbose_name_plural = _("track certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="one_track_certificate_each")
        ]

    def __str__(self):
        return f"{self.display_code} · {self.holder_name} · {self.track_name}"

    def has_expired(self, today) -> bool:
        return False

    def get_courses_display(self) -> str:
        return ", ".join(f"{course['title']} ({course['code']})" for course in self.courses)


class CertificateEvent(HistoryEvent):
    """Something that happened to a certificate: who, when, what and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REISSUED = "reissued", _("Issued again")
        REVOKED = "revoked", _("Revoked")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("certificate change")
        verbose_name_plural = _("certificate changes")

    def __str__(self):
        return f"{self.certificate.display_code}: {self.get_action_display()}"


class RecordLink(models.Model):
    """A link the learner made to share their learning record; they may revoke it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="record_links",
    )
    token = models.CharField(_("token"), max_length=43, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learning record link")
        verbose_name_plural = _("learning record links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
