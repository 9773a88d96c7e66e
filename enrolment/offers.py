"""What one person sees of a course's classes: dates, seats, and their own place."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Subquery

from courses.models import Class
from courses.schedule import classes_for_course_page, with_seats_taken
from enrolment import services
from enrolment.models import Enrolment


@dataclass
class ClassOffer:
    class_: Class
    enrolment: Enrolment | None
    waitlist_position: int | None
    refusal: str | None

    @property
    def seats_left(self) -> int:
        return max(self.class_.capacity - self.class_.enrolled_count, 0)

    @property
    def is_active(self) -> bool:
        return bool(self.enrolment and self.enrolment.is_active)


def with_waitlist_positions(enrolments):
    ahead = (
        Enrolment.objects.filter(
            course_class=OuterRef("course_class"),
            status=Enrolment.Status.WAITLISTED,
            waitlist_rank__lt=OuterRef("waitlist_rank"),
        )
        .values("course_class")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return enrolments.annotate(people_ahead=Subquery(ahead))


def offers_for(classes, user, now: datetime) -> list[ClassOffer]:
    """Build an offer per class, in a fixed number of queries."""
    classes = list(classes)
    mine = {}
    if user.is_authenticated and classes:
        enrolments = Enrolment.objects.filter(user=user, course_class__in=classes)
        mine = {e.course_class_id: e for e in with_waitlist_positions(enrolments)}
    offers = []
    for class_ in classes:
        enrolment = mine.get(class_.pk)
        position = None
        if enrolment and enrolment.status == Enrolment.Status.WAITLISTED:
            position = (enrolment.people_ahead or 0) + 1
        offers.append(ClassOffer(class_, enrolment, position, services.refusal(class_, now)))
    return offers


def course_page_offers(course, user, now) -> list[ClassOffer]:
    return offers_for(classes_for_course_page(course, now), user, now)


def offer(class_: Class, user, now) -> ClassOffer:
    return offers_for([with_seats_taken(Class.objects.filter(pk=class_.pk)).get()], user, now)[0]
