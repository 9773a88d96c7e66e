from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import HistoryEvent

# Stages of the capability ladder (1 시작 … 4 선도); staff may configure the ladder later,
# so stage numbers are stored as plain integers within these bounds.
MIN_STAGE = 1
MAX_STAGE = 9
stage_validators = [MinValueValidator(MIN_STAGE), MaxValueValidator(MAX_STAGE)]


class CapabilityArea(models.Model):
    """One area of an organisation's IT capability, such as 인프라·보안."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        """The organisations this person coordinates."""
        return self.filter(memberships__user=user, memberships__role=Membership.Role.COORDINATOR)

    def with_coordinator_flag(self):
        """Annotate `needs_coordinator`: nobody coordinates it any more, so staff step in."""
        coordinators = Membership.objects.filter(
            organisation=models.OuterRef("pk"), role=Membership.Role.COORDINATOR
        )
        return self.annotate(needs_coordinator=~models.Exists(coordinators))


class Organisation(ClusterableModel):
    """A member organisation (단체) of the cooperative."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Civic association")
        FOUNDATION = "foundation", _("Foundation")
        COOPERATIVE = "cooperative", _("Cooperative")
        NETWORK = "network", _("Network or coalition")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION
    )
    region = models.CharField(_("region"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("number of staff and activists"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    """A person's place in an organisation; a person may belong to several."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    organisation = ParentalKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Shares(models.TextChoices):
        """What the member lets the organisation's coordinators see of their learning."""

        EVERYTHING = "everything", _("Everything: classes, waitlists, attendance and completions")
        COMPLETIONS = "completions", _("Only the courses I completed and my certificates")
        NOTHING = "nothing", _("Nothing beyond my membership")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # Blank until the member chooses: coordinators then see nothing beyond the membership.
    shares = models.CharField(
        _("shared with the coordinators"), max_length=12, choices=Shares.choices, blank=True
    )
    shares_notice = models.CharField(
        _("privacy notice version when chosen"), max_length=20, blank=True, editable=False
    )
    # 개인정보취급자: the law asks the organisation to train them regularly.
    handles_personal_data = models.BooleanField(
        _("handles personal data"),
        default=False,
        help_text=_("개인정보취급자: the organisation must train them regularly."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("role")])]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_each")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


class MembershipEvent(HistoryEvent):
    """A change to who belongs to an organisation and in what role; memberships themselves
    are only the present, so their past lives here."""

    class Action(models.TextChoices):
        ROLE = "role", _("Role changed")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        HANDLER = "handler", _("Marked as handling personal data")
        NOT_HANDLER = "nothandler", _("No longer marked as handling personal data")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="membership_events",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")

    def __str__(self):
        return f"{self.organisation}: {self.member} {self.get_action_display()}"


class SharingChoice(models.Model):
    """Every choice a member made of what their coordinators may see, with the privacy
    notice's version it was made under: kept, never overwritten."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="+"
    )
    shares = models.CharField(
        _("shared with the coordinators"), max_length=12, choices=Membership.Shares.choices
    )
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sharing choice")
        verbose_name_plural = _("sharing choices")
        ordering = ["chosen_at", "pk"]

    def __str__(self):
        return f"{self.membership} · {self.shares}"


class MemberExport(models.Model):
    """A coordinator (or staff member) downloaded an organisation's members' learning."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Report(models.TextChoices):
        MEMBERS = "members", _("Members' learning")
        TRAINING = "training", _("Training record")

    report = models.CharField(
        _("report"), max_length=10, choices=Report.choices, default=Report.MEMBERS
    )
    file_format = models.CharField(_("format"), max_length=8)
    rows = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("members' export")
        verbose_name_plural = _("members' exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} · {self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class JoinRequest(models.Model):
    """A person asking to join an organisation; one of its coordinators decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="join_requests",
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    shares = models.CharField(
        _("shared with the coordinators"),
        max_length=12,
        choices=Membership.Shares.choices,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_request_each",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"
