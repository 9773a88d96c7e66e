"""The short survey after a class, anonymous by construction, in one place.

Once a class's last session has ended, each person enrolled is asked once (a notice, and
a link on My learning) for a rating from 1 to 5 and two open answers. The answer is stored
with its class only (`FeedbackAnswer`: no person, no time, a random id); that the person
answered is stored apart (`FeedbackGiven`), so each answers once and nobody can tell who
wrote what. Instructors and staff see a class's answers once `SHOWN_FROM` people answered;
a course page shows its average rating once `RATING_SHOWN_FROM` answered.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, Max, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Refusal
from core.versions import TIMEOUT, bump_dependency, dependency_versions, kept
from courses.models import Class, Session
from enrolment.learners import learner_changed
from enrolment.models import Enrolment, FeedbackAnswer, FeedbackGiven, FeedbackSettings
from outbox.notices import tell_once

SHOWN_FROM = 3
RATING_SHOWN_FROM = 5
# The survey is offered for this long after the class's last session.
OPEN_FOR = timedelta(days=60)
FEEDBACK_REQUESTED = "feedback-requested"


class FeedbackError(Refusal):
    """A refusal of the survey's rules."""


def _course_dependency(course_id: int) -> str:
    return f"feedback:{course_id}"


def rating_versions(course_id: int) -> dict[str, str]:
    return dependency_versions([_course_dependency(course_id)])


def _last_end(class_) -> datetime | None:
    return class_.sessions.filter(status=Session.Status.SCHEDULED).aggregate(last=Max("ends_at"))[
        "last"
    ]


def refusal(enrolment: Enrolment, now: datetime) -> str | None:
    """Why the person cannot answer their class's survey now, or None if they can."""
    if enrolment.status != Enrolment.Status.ENROLLED:
        return _("Only people enrolled in the class can answer its survey.")
    if FeedbackGiven.objects.filter(enrolment=enrolment).exists():
        return _("You have answered this survey already. Thank you!")
    last = _last_end(enrolment.course_class)
    if last is None or last > now:
        return _("The survey opens once the class's last session has ended.")
    if now > last + OPEN_FOR:
        return _("This survey has closed.")
    return None


def answer(enrolment: Enrolment, *, rating: int, helped: str, change: str, now) -> None:
    """Keep the person's answer, once, with nothing that leads back to them."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        why_not = refusal(enrolment, now)
        if why_not:
            raise FeedbackError(why_not)
        if rating not in range(1, 6):
            raise FeedbackError(_("Choose a rating from 1 to 5."))
        try:
            with transaction.atomic():
                FeedbackGiven.objects.create(enrolment=enrolment)
        except IntegrityError:
            raise FeedbackError(_("You have answered this survey already. Thank you!")) from None
        FeedbackAnswer.objects.create(
            course_class_id=enrolment.course_class_id,
            rating=rating,
            helped=helped.strip()[:1000],
            change=change.strip()[:1000],
        )
        course_id = enrolment.course_class.course_id
        transaction.on_commit(lambda: bump_dependency(_course_dependency(course_id)))
        learner_changed(enrolment.user_id)  # My learning stops asking


@dataclass
class Results:
    answered: int
    enrolled: int
    average: float | None = None
    answers: list[FeedbackAnswer] = field(default_factory=list)

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.enrolled) if self.enrolled else None

    @property
    def shown(self) -> bool:
        return self.answered >= SHOWN_FROM


def results(class_) -> Results:
    """The class's answers for its instructors and staff: how many answered of those
    enrolled, the average rating and the open answers, once enough answered that no
    answer points to one person; in an order that says nothing of when each came."""
    enrolled = class_.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    answers = list(class_.feedback.order_by("id"))
    found = Results(answered=len(answers), enrolled=enrolled)
    if found.shown:
        found.average = round(sum(a.rating for a in answers) / len(answers), 1)
        found.answers = answers
    return found


def course_rating(course_id: int) -> tuple[float, int] | tuple[()]:
    """(average rating, answers) over the course's classes once enough answered, else ();
    read once per answer given (kept under the course's survey version)."""
    versions = rating_versions(course_id)
    key = f"course-rating:{course_id}:" + ":".join(versions.values())
    found = kept.get(key)
    if found is None:
        row = FeedbackAnswer.objects.filter(course_class__course_id=course_id).aggregate(
            average=Avg("rating"), answered=Count("id")
        )
        found = ()
        if row["answered"] >= RATING_SHOWN_FROM:
            found = (round(row["average"], 1), row["answered"])
        kept.set(key, found, TIMEOUT)
    return found


def by_course() -> list[dict]:
    """For the staff reports: per course with answers, how many answered of those enrolled
    in its classes with answers, and the average rating; two queries however many courses."""
    rows = (
        FeedbackAnswer.objects.values("course_class__course_id", "course_class__course__title")
        .annotate(answered=Count("id"), average=Avg("rating"))
        .order_by("course_class__course__title")
    )
    enrolled = dict(
        Enrolment.objects.filter(
            status=Enrolment.Status.ENROLLED,
            course_class__in=Class.objects.filter(feedback__isnull=False),
        )
        .values("course_class__course_id")
        .annotate(count=Count("id"))
        .values_list("course_class__course_id", "count")
    )
    found = []
    for row in rows:
        seated = enrolled.get(row["course_class__course_id"], 0)
        found.append(
            {
                "course": row["course_class__course__title"],
                "answered": row["answered"],
                "enrolled": seated,
                "rate": round(100 * row["answered"] / seated) if seated else None,
                "average": round(row["average"], 1),
            }
        )
    return found


def send_due(now: datetime) -> int:
    """With every sweep: ask each person enrolled in a class that ended (within the time the
    survey is open) once, unless they answered already."""
    ended = (
        Class.objects.with_schedule()
        .filter(last_ends_at__lte=now, last_ends_at__gt=now - OPEN_FOR)
        .exclude(status=Class.Status.CANCELLED)
    )
    answered = FeedbackGiven.objects.filter(enrolment=OuterRef("pk"))
    asked = (
        Enrolment.objects.filter(course_class__in=ended, status=Enrolment.Status.ENROLLED)
        .exclude(Exists(answered))
        .select_related("user", "course_class__course")
    )
    questions = FeedbackSettings.load()
    told = 0
    for enrolment in asked:
        url = reverse("enrolment:feedback", args=[enrolment.pk])
        told += tell_once(
            enrolment.user,
            FEEDBACK_REQUESTED,
            f"feedback:{enrolment.pk}",
            "enrolment/email/feedback_requested",
            {"class_": enrolment.course_class, "url": url, "questions": questions},
            link=url,
            now=now,
        )
    return told
