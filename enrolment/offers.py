"""What one person sees of a course's classes: dates, seats, and their own place."""

from dataclasses import dataclass
from datetime import datetime

from courses.models import Class
from courses.schedule import classes_for_course_page
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
        return self.class_.seats_left

    @property
    def is_active(self) -> bool:
        return bool(self.enrolment and self.enrolment.is_active)


def offers_for(classes, user, now: datetime) -> list[ClassOffer]:
    """Build an offer per class, in a fixed number of queries."""
    classes = list(classes)
    mine = {}
    if user.is_authenticated and classes:
        enrolments = Enrolment.objects.filter(user=user, course_class__in=classes)
        mine = {e.course_class_id: e for e in enrolments.with_waitlist_positions()}
    offers = []
    for class_ in classes:
        enrolment = mine.get(class_.pk)
        position = enrolment.waitlist_position if enrolment else None
        offers.append(ClassOffer(class_, enrolment, position, services.refusal(class_, now)))
    return offers


def course_page_offers(course, user, now) -> list[ClassOffer]:
    return offers_for(classes_for_course_page(course, now), user, now)


def offer(class_: Class, user, now) -> ClassOffer:
    return offers_for([Class.objects.with_seats().get(pk=class_.pk)], user, now)[0]
