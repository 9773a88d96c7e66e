"""The schedule: a class (기수) is one run of a course with its own seats; a session (차시)
is one meeting of a class."""

import functools
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class ClassQuerySet(models.QuerySet):
    def published(self):
        """Classes people may see: everything but drafts."""
        return self.exclude(status=Class.Status.DRAFT)

    def with_schedule(self):
        """Annotate the first start and last end of the class's scheduled sessions, and
        when its first session ends (sessions of a class do not overlap)."""
        # Subqueries, not a join grouped by class: the work grows with the class's own
        # sessions, and other annotations need no DISTINCT over the join.
        scheduled = Session.objects.filter(
            course_class=models.OuterRef("pk"), status=Session.Status.SCHEDULED
        )

        def first(order: str):
            return models.Subquery(scheduled.order_by(order).values(order.lstrip("-"))[:1])

        return self.annotate(
            first_starts_at=first("starts_at"),
            first_ends_at=first("ends_at"),
            last_ends_at=first("-ends_at"),
        )

    def upcoming(self, now=None):
        return self.with_schedule().filter(last_ends_at__gte=now or timezone.now())

    def with_seats(self):
        """Annotate the schedule, how many seats are taken (by people enrolled or offered a
        seat) and how many are left (never below 0), in one query: the one home of these
        facts for every page, feed, export and plan, and for the enrolment rules."""
        # Counted in a subquery, not over the sessions join, so the work grows with the
        # class's enrolments alone. Enrolment stands on this app, not under it: its model is
        # reached through the relation.
        enrolment = self.model._meta.get_field("enrolments").related_model
        taken = (
            enrolment.objects.filter(
                course_class=models.OuterRef("pk"), status__in=enrolment.HOLDS_A_SEAT
            )
            .order_by()
            .values("course_class")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.with_schedule()
            .annotate(seats_taken=Coalesce(models.Subquery(taken), 0))
            .annotate(
                seats_left=Greatest(models.F("capacity") - models.F("seats_taken"), models.Value(0))
            )
        )


@functools.cache
def classes_with_seats() -> ClassQuerySet:
    """`Class.objects.with_seats()`, built once per process for the enrolment's hot path:
    building its subqueries costs more than running them. A queryset only describes a
    query; `get` and `filter` work on copies."""
    return Class.objects.with_seats()


class _RemembersCalendarFields:
    """Keep the fields that calendars show as loaded, so a save can tell what changed."""

    calendar_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_calendar_fields()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.remember_calendar_fields()

    def remember_calendar_fields(self) -> None:
        self.loaded_calendar_fields = {
            name: self.__dict__[name] for name in self.calendar_fields if name in self.__dict__
        }

    def changed_calendar_fields(self) -> set[str]:
        if self._state.adding:
            return set()
        loaded = getattr(self, "loaded_calendar_fields", None)
        if loaded is None:  # built by hand, or by a factory: ask the database
            rows = type(self)._base_manager.filter(pk=self.pk).values(*self.calendar_fields)
            loaded = self.loaded_calendar_fields = rows.first() or {}
        return {name for name, value in loaded.items() if getattr(self, name) != value}


class Class(_RemembersCalendarFields, ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        OFFLINE = "offline", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="classes"
    )
    title = models.CharField(_("title"), max_length=100, help_text=_("For example 2027 봄 1기."))
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        related_name="taught_classes",
        blank=True,
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"))
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.OFFLINE
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    offers_seats = models.BooleanField(
        _("offer freed seats"),
        default=False,
        help_text=_(
            "When a seat frees up, hold it for the first person waiting until they accept "
            "or decline it, instead of enrolling them at once."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hold an offered seat for (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("Shorter when the class starts sooner: at most half the time left."),
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"),
        max_length=300,
        blank=True,
        help_text=_("Told to everyone in the class when it is cancelled."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClassQuerySet.as_manager()
    # What a session without a place of its own shows of its class in calendars.
    calendar_fields = ("status", "place", "format", "online_url")

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["enrolment_opens_at", "pk"]
        constraints = [
            # A capacity of 0 must never read as "unlimited".
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="class_has_seats"),
            models.CheckConstraint(
                condition=models.Q(enrolment_closes_at__gt=models.F("enrolment_opens_at")),
                name="class_enrolment_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.course.title} · {self.title}"

    def clean(self):
        if (
            self.enrolment_opens_at
            and self.enrolment_closes_at
            and self.enrolment_closes_at <= self.enrolment_opens_at
        ):
            raise ValidationError(
                {"enrolment_closes_at": _("Enrolment must close after it opens.")}
            )

    def save(self, *args, **kwargs):
        changed = self.changed_calendar_fields()
        cancelled = "status" in changed and Class.Status.CANCELLED in (
            self.status,
            self.loaded_calendar_fields["status"],
        )
        if cancelled:
            self.cancelled_at = timezone.now() if self.status == Class.Status.CANCELLED else None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "cancelled_at"}
        super().save(*args, **kwargs)
        self.remember_calendar_fields()
        if cancelled:
            self.sessions.all().revised()
        elif changed - {"status"}:
            self.sessions.filter(place="").revised()


MAX_SESSION_LENGTH = timedelta(hours=12)


class SessionQuerySet(models.QuerySet):
    def revised(self) -> int:
        """Raise the calendar SEQUENCE of these sessions, whose class changed under them."""
        return self.update(sequence=models.F("sequence") + 1, updated_at=timezone.now())


class Session(_RemembersCalendarFields, models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    course_class = ParentalKey(
        Class, verbose_name=_("class"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    lesson = models.ForeignKey(
        "cms.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Leave empty to use the class's place.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(
        _("reason for calling it off"),
        max_length=300,
        blank=True,
        help_text=_("Told to the people enrolled and shown on My learning."),
    )
    # The iCalendar SEQUENCE: calendars take an edit only if it goes up.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    # When and where it met first, once it moved (set by the enrolment rules, which tell
    # the people in it): My learning marks it as moved.
    moved_from = models.DateTimeField(_("first planned for"), null=True, blank=True, editable=False)
    moved_from_place = models.CharField(
        _("first planned at"), max_length=200, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()
    calendar_fields = ("starts_at", "ends_at", "place", "status")

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("place")]),
        FieldRowPanel([FieldPanel("lesson"), FieldPanel("cancel_reason")]),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.course_class} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        changed = self.changed_calendar_fields()
        if changed:
            self.sequence += 1
        if "status" in changed or self._state.adding:
            self.cancelled_at = timezone.now() if self.status == Session.Status.CANCELLED else None
        if changed and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "cancelled_at"}
        super().save(*args, **kwargs)
        self.remember_calendar_fields()

    def clean(self):
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if (
            self.status == Session.Status.CANCELLED
            and "status" in self.changed_calendar_fields()
            and not self.cancel_reason.strip()
        ):
            raise ValidationError(
                {
                    "cancel_reason": _(
                        "Say why the session is called off: the people enrolled are told."
                    )
                }
            )
        if self.ends_at - self.starts_at > MAX_SESSION_LENGTH:
            raise ValidationError({"ends_at": _("A session can last at most 12 hours.")})
        opens = (
            getattr(self.course_class, "enrolment_opens_at", None) if self.course_class_id else None
        )
        if opens and self.starts_at < opens:
            raise ValidationError(
                {"starts_at": _("A session cannot start before enrolment opens.")}
            )

    @property
    def effective_place(self) -> str:
        return self.place or self.course_class.place

    @property
    def is_cancelled(self) -> bool:
        """Called off by itself or with its class."""
        return (
            self.status == Session.Status.CANCELLED
            or self.course_class.status == Class.Status.CANCELLED
        )
