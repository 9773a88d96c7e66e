"""The steps of an organisation's plan besides courses: an action it takes itself, or a
service of the cooperative; which actions it has done, and what it asked the cooperative."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from organisations.models.people import CapabilityArea, Organisation, stage_validators


class PlanStep(ClusterableModel):
    """An action ("업무 계정에 2단계 인증 켜기") or a service of the cooperative (IT maintenance,
    web production, operations support, on-site consulting), authored by staff and attached
    to areas and stages (`capabilities`) and to the answers that raise a risk."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Action the organisation takes itself")
        SERVICE = "service", _("Service of the cooperative")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(
        _("how to do it, or what it includes and how to ask for it"),
        blank=True,
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    how_to = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("how-to page or lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    min_size = models.PositiveIntegerField(
        _("for organisations of at least (people)"), null=True, blank=True
    )
    max_size = models.PositiveIntegerField(
        _("for organisations of at most (people)"), null=True, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["kind", "sort_order", "title"]

    def __str__(self):
        return self.title

    def fits(self, size: int | None) -> bool:
        """Whether it suits an organisation of this many people (unknown: every step)."""
        if size is None:
            return True
        return (self.min_size is None or size >= self.min_size) and (
            self.max_size is None or size <= self.max_size
        )


class PlanStepCapability(Orderable):
    """An area the step builds, from one stage of the ladder to the next."""

    step = ParentalKey(PlanStep, on_delete=models.CASCADE, related_name="capabilities")
    area = models.ForeignKey(
        CapabilityArea,
        verbose_name=_("capability area"),
        on_delete=models.PROTECT,
        related_name="step_links",
    )
    from_stage = models.PositiveSmallIntegerField(
        _("from stage"), default=1, validators=stage_validators
    )

    class Meta(Orderable.Meta):
        verbose_name = _("capability built")
        constraints = [
            models.UniqueConstraint(fields=["step", "area"], name="one_stage_per_step_and_area")
        ]


class StepDone(models.Model):
    """A coordinator's word that their organisation took an action, and when."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.ForeignKey(
        PlanStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="done"
    )
    done_on = models.DateField(_("done on"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "step"], name="step_done_once")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.step} · {self.done_on}"


class ServiceRequest(models.Model):
    """An organisation asks the cooperative for advice on a service or a risk: the staff's
    queue in the admin (who handles it, notes; the admin keeps each edit's history)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed without a service")

    OPEN = (Status.NEW, Status.IN_PROGRESS)

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    step = models.ForeignKey(
        PlanStep,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    risk = models.CharField(_("risk"), max_length=200, blank=True)
    # What is asked about, one open request each: "step:<id>" or "risk:<risk text>".
    topic = models.CharField(_("about"), max_length=220, editable=False)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "topic"],
                condition=models.Q(status__in=["new", "in_progress"]),
                name="one_open_request_per_topic",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.step or self.risk}"

    @property
    def about(self) -> str:
        return self.step.title if self.step else self.risk
