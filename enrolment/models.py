import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.history import HistoryEvent


class EnrolmentQuerySet(models.QuerySet):
    def with_waitlist_positions(self):
        """Annotate `waitlist_position`: 1 for the first person waiting, None for anyone not
        waiting. The one home of the position, derived from the ranks ahead."""
        ahead = (
            Enrolment.objects.filter(
                course_class=models.OuterRef("course_class"),
                status=Enrolment.Status.WAITLISTED,
                waitlist_rank__lt=models.OuterRef("waitlist_rank"),
            )
            .values("course_class")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            waitlist_position=models.Case(
                models.When(
                    status=Enrolment.Status.WAITLISTED,
                    then=Coalesce(models.Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Enrolment(models.Model):
    """One person's place in one class: enrolled, waitlisted, offered a seat or cancelled.

    One row per person and class for good; every change of status is an EnrolmentEvent.
    Waitlist positions are derived from `waitlist_rank` order, never stored, so they
    cannot drift or leave gaps. A seat offered (in a class that offers freed seats) is held
    for the person until `offer_expires_at`.
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Waitlisted")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", _("Cancelled")

    # The statuses that hold a seat: counted by Class.objects.with_seats.
    HOLDS_A_SEAT = (Status.ENROLLED, Status.OFFERED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    course_class = models.ForeignKey(
        "courses.Class",
        verbose_name=_("class"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    waitlist_rank = models.PositiveIntegerField(_("waitlist order"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_class"], name="one_enrolment_per_person"
            ),
            models.UniqueConstraint(
                fields=["course_class", "waitlist_rank"], name="one_person_per_waitlist_place"
            ),
            models.CheckConstraint(
                condition=models.Q(status="waitlisted", waitlist_rank__isnull=False)
                | (~models.Q(status="waitlisted") & models.Q(waitlist_rank__isnull=True)),
                name="waitlist_rank_only_when_waitlisted",
            ),
            models.CheckConstraint(
                condition=models.Q(status="offered", offer_expires_at__isnull=False)
                | (~models.Q(status="offered") & models.Q(offer_expires_at__isnull=True)),
                name="offer_expiry_only_when_offered",
            ),
        ]
        indexes = [models.Index(fields=["course_class", "status", "waitlist_rank"])]

    def __str__(self):
        return f"{self.user} · {self.course_class} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class EnrolmentEvent(HistoryEvent):
    """A change of status: who made it, when, from what to what, and why."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=Enrolment.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=Enrolment.Status.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("enrolment change")
        verbose_name_plural = _("enrolment changes")

    def __str__(self):
        return f"{self.enrolment}: {self.from_status or '—'} → {self.to_status}"


class Attendance(models.Model):
    """One learner at one session, as the instructor (or a check-in) recorded it."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="attendance"
    )
    session = models.ForeignKey(
        "courses.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="one_mark_per_session")
        ]

    def __str__(self):
        return f"{self.enrolment.user} · {self.session} · {self.get_status_display()}"


class AttendanceEvent(HistoryEvent):
    """Every change to an attendance mark: who, when, from what to what."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.PROTECT, related_name="events", verbose_name=_("attendance")
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Attendance.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Attendance.Status.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")

    def __str__(self):
        return f"{self.attendance}: {self.from_status or '—'} → {self.to_status}"


class CompletionRule(models.Model):
    """How a course is completed; one per course, created with the defaults when needed."""

    course = models.OneToOneField(
        "cms.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="completion_rule",
    )
    min_attendance_rate = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    late_counts_as_present = models.BooleanField(_("late counts as present"), default=True)
    excused_left_out = models.BooleanField(
        _("excused sessions are left out of the count"), default=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self):
        return f"{self.course} · {self.min_attendance_rate}%"


class LessonProgress(models.Model):
    """A learner's own record of having done a lesson (kept, never deleted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "cms.LessonPage", verbose_name=_("lesson"), on_delete=models.PROTECT, related_name="+"
    )
    is_done = models.BooleanField(_("done"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson_id} · {self.is_done}"


class ClassMessage(models.Model):
    """What an instructor or staff member writes to everyone with a seat in a class, now or
    at a chosen time; kept with the class for those who enrol later."""

    course_class = models.ForeignKey(
        "courses.Class",
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=2000)
    send_at = models.DateTimeField(_("send at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("class message")
        verbose_name_plural = _("class messages")
        ordering = ["-send_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "send_at"])]

    def __str__(self):
        return f"{self.course_class} · {self.body[:30]}"


@register_setting(icon="help")
class FeedbackSettings(BaseGenericSetting):
    """The short survey offered to learners after a class's last session."""

    rating_question = models.CharField(
        _("rating question (1–5)"),
        max_length=200,
        default="이 수업을 다른 활동가에게 얼마나 권하고 싶으신가요?",
    )
    first_question = models.CharField(
        _("first open question"), max_length=200, default="무엇이 가장 도움이 되었나요?"
    )
    second_question = models.CharField(
        _("second open question"), max_length=200, default="무엇을 바꾸면 더 좋을까요?"
    )

    class Meta:
        verbose_name = _("feedback survey")


class FeedbackAnswer(models.Model):
    """One anonymous answer to the survey, kept with its class and nothing else: no person,
    no enrolment, no time, and a random id, so no row leads back to who gave it (who has
    answered is `FeedbackGiven`, with no link to the answer)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course_class = models.ForeignKey(
        "courses.Class",
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    helped = models.TextField(_("what helped"), max_length=1000, blank=True)
    change = models.TextField(_("what to change"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"
            )
        ]

    def __str__(self):
        return f"{self.course_class} · {self.rating}"


class FeedbackGiven(models.Model):
    """That a learner answered their class's survey (once), and nothing of what."""

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="feedback_given",
    )

    class Meta:
        verbose_name = _("feedback given")
        verbose_name_plural = _("feedback given")

    def __str__(self):
        return str(self.enrolment)
