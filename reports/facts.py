"""The rows a report is counted from, read in a fixed number of queries.

The database truncates to months and counts; the rows grow with the data, their queries
never do. A row keeps the person, because their organisations' grades decide where it goes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DateField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Trunc

from certificates.models import Certificate
from cms.models import Track
from courses.models import Class, Session
from enrolment import completion
from enrolment.models import Attendance, CompletionRule, Enrolment, EnrolmentEvent
from organisations.models import Assessment, AssessmentSettings, Membership

EnrolmentStatus = Enrolment.Status


@dataclass
class Facts:
    held: list[tuple[date, int, int]]  # (month, class, track) with a session held that month
    seats: list[tuple[int, int]]  # (person, class) holding a seat in a class held in the range
    enrolments: list[tuple[date, int, int, int]]  # (month the class began, person, track, count)
    marks: list[tuple[date, int, int, int, str, int]]  # (month, person, course, track, mark, n)
    completions: list[tuple[date, int, int, int]]  # (month, person, track, count)
    certificates: list[tuple[date, int, int, int]]  # (month, person, track, count)
    rules: dict[int, CompletionRule]  # course → its rule, where it has one
    memberships: dict[int, list[int]]  # person → organisations
    assessments: dict[
        int, list[tuple[datetime, int]]
    ]  # organisation → (scored at, grade), oldest first
    tracks: list[tuple[int, str, str]]  # (id, name, colour)
    stage_names: list[str]


def moment(day: date) -> datetime:
    """The start of a day in the school's time zone."""
    return datetime.combine(day, time(), tzinfo=_zone())


def load(start: date, end: date, now: datetime) -> Facts:
    """What happened from `start` up to `end` (first day after), and before `now`."""
    since, until = moment(start), min(moment(end), now)
    held = _held_sessions(since, until)
    seated = _seated()
    memberships: dict[int, list[int]] = {}
    for user_id, organisation_id in Membership.objects.values_list("user_id", "organisation_id"):
        memberships.setdefault(user_id, []).append(organisation_id)
    assessments: dict[int, list[tuple[datetime, int]]] = {}
    for organisation_id, scored_at, grade in (
        Assessment.objects.filter(status=Assessment.Status.SCORED, scored_at__lt=until)
        .order_by("scored_at", "pk")
        .values_list("organisation_id", "scored_at", "grade")
    ):
        assessments.setdefault(organisation_id, []).append((scored_at, grade))
    return Facts(
        held=list(
            held.annotate(month=_month("starts_at"))
            .values_list("month", "course_class_id", "course_class__course__track_id")
            .distinct()
        ),
        seats=list(
            Enrolment.objects.filter(
                seated, course_class__in=held.values("course_class_id")
            ).values_list("user_id", "course_class_id")
        ),
        enrolments=_enrolments(seated, since, until),
        marks=_marks(held),
        completions=list(
            Enrolment.objects.filter(completed_at__gte=since, completed_at__lt=until)
            .annotate(month=_month("completed_at"))
            .values("month", "user_id", "course_class__course__track_id")
            .annotate(count=Count("pk"))
            .values_list("month", "user_id", "course_class__course__track_id", "count")
        ),
        certificates=list(
            Certificate.objects.valid()
            .filter(issued_at__gte=since, issued_at__lt=until)
            .annotate(month=_month("issued_at"))
            .values("month", "enrolment__user_id", "enrolment__course_class__course__track_id")
            .annotate(count=Count("pk"))
            .values_list(
                "month",
                "enrolment__user_id",
                "enrolment__course_class__course__track_id",
                "count",
            )
        ),
        rules={rule.course_id: rule for rule in CompletionRule.objects.all()},
        memberships=memberships,
        assessments=assessments,
        tracks=list(
            Track.objects.order_by("sort_order", "name").values_list("pk", "name", "color")
        ),
        stage_names=AssessmentSettings.load().stages,
    )


def first_year(now: datetime) -> int:
    """The year of the school's first session, to offer every year since."""
    first = Session.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    return first.astimezone(_zone()).year if first else now.year


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _month(field: str) -> Trunc:
    return Trunc(field, "month", output_field=DateField(), tzinfo=_zone())


def _seated(prefix: str = "") -> Q:
    """Seats that count: held now, or completed before the person left."""
    return Q(**{f"{prefix}status": EnrolmentStatus.ENROLLED}) | Q(
        **{f"{prefix}completed_at__isnull": False}
    )


def _held_sessions(since: datetime, until: datetime):
    """Sessions that took place: scheduled, of classes neither draft nor cancelled."""
    return Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__gte=since, starts_at__lt=until
    ).exclude(course_class__status__in=[Class.Status.DRAFT, Class.Status.CANCELLED])


def _enrolments(seated: Q, since: datetime, until: datetime) -> list:
    """Seats counted once, in the month their class's first session took place."""
    first_session = (
        Session.objects.filter(
            course_class=OuterRef("course_class"), status=Session.Status.SCHEDULED
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return list(
        Enrolment.objects.filter(seated)
        .exclude(course_class__status__in=[Class.Status.DRAFT, Class.Status.CANCELLED])
        .annotate(began=Subquery(first_session))
        .filter(began__gte=since, began__lt=until)
        .annotate(month=_month("began"))
        .values("month", "user_id", "course_class__course__track_id")
        .annotate(count=Count("pk"))
        .values_list("month", "user_id", "course_class__course__track_id", "count")
    )


def _marks(held) -> list:
    """Marks per month, person, course and mark, on the sessions that count for completion:
    held ones, measured against when the person last got their seat (as
    `completion.enrolled_since` and `completion.counts` do)."""
    got_seat = (
        EnrolmentEvent.objects.filter(
            enrolment=OuterRef("enrolment"), to_status=EnrolmentStatus.ENROLLED
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    course = "session__course_class__course_id"
    track = "session__course_class__course__track_id"
    return list(
        Attendance.objects.filter(_seated("enrolment__"), session__in=held)
        .annotate(since=Coalesce(Subquery(got_seat), F("enrolment__created_at")))
        .filter(completion.marks_that_count(F("since")))
        .annotate(month=_month("session__starts_at"))
        .values("month", "enrolment__user_id", course, track, "status")
        .annotate(count=Count("pk"))
        .values_list("month", "enrolment__user_id", course, track, "status", "count")
    )
