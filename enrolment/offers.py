"""What one person sees of a course's classes: dates, seats, and their own place."""

from dataclasses import dataclass
from datetime import datetime

from core.versions import TIMEOUT, kept
from courses.models import Class, classes_with_seats
from courses.schedule import classes_for_course_page, schedule_versions
from enrolment import services
from enrolment.learners import learner_version
from enrolment.models import Enrolment


@dataclass
class ClassOffer:
    class_: Class
    enrolment: Enrolment | None
    waitlist_position: int | None
    refusal: str | None
    # The courses to complete before this one that the person has not (all of them for
    # someone signed out): shown by the button, so nobody learns of them only from a refusal.
    missing: tuple[services.RequiredCourse, ...] = ()

    @property
    def seats_left(self) -> int:
        return self.class_.seats_left

    @property
    def is_active(self) -> bool:
        return bool(self.enrolment and self.enrolment.is_active)


def offers_for(classes, user, now: datetime, *, mine=None) -> list[ClassOffer]:
    """Build an offer per class, in a fixed number of queries (none if the caller passes
    the person's enrolments in them, `mine`: {class id: enrolment})."""
    classes = list(classes)
    if mine is None:
        mine = _places(user, classes)
    completed = _Completed(user)
    offers = []
    for class_ in classes:
        enrolment = mine.get(class_.pk)
        position = enrolment.waitlist_position if enrolment else None
        refusal = services.refusal(class_, now)
        missing = (
            () if refusal or (enrolment and enrolment.is_active) else completed.missing(class_)
        )
        offers.append(ClassOffer(class_, enrolment, position, refusal, missing))
    return offers


class _Completed:
    """The courses a person completed, read once and only for a course that requires some;
    cached under their own learning's version (completion bumps it)."""

    def __init__(self, user):
        self.user = user
        self.courses = None

    def missing(self, class_: Class) -> tuple[services.RequiredCourse, ...]:
        required = services.required_courses(class_.course_id)
        if not required or not self.user.is_authenticated:
            return tuple(required)
        if self.courses is None:
            self.courses = _completed_courses(self.user)
        return tuple(course for course in required if course.pk not in self.courses)


def _completed_courses(user) -> frozenset[int]:
    key = f"completed-courses:{user.pk}:{learner_version(user.pk)}"
    found = kept.get(key)
    if found is None:
        done = Enrolment.objects.filter(user=user, completed_at__isnull=False)
        found = frozenset(done.values_list("course_class__course_id", flat=True))
        kept.set(key, found, TIMEOUT)
    return found


def _places(user, classes) -> dict[int, Enrolment]:
    if not user.is_authenticated or not classes:
        return {}
    enrolments = Enrolment.objects.filter(user=user, course_class__in=classes)
    return {e.course_class_id: e for e in enrolments.with_waitlist_positions()}


def course_page_offers(course, user, now) -> list[ClassOffer]:
    """The course's classes with the person's place in each. Their places are cached under
    their own learning's version and the course's schedule version (a waitlist position
    moves when someone else leaves the class, which bumps the latter)."""
    classes = classes_for_course_page(course, now)
    if not user.is_authenticated or not classes:
        return offers_for(classes, user, now, mine={})
    versions = [learner_version(user.pk), *schedule_versions(course.pk).values()]
    key = f"course-places:{course.pk}:{user.pk}:" + ":".join(versions)
    mine = kept.get(key)
    if mine is None:
        mine = _places(user, classes)
        kept.set(key, mine, TIMEOUT)
    return offers_for(classes, user, now, mine=mine)


def offer(class_: Class, user, now) -> ClassOffer:
    return offers_for([classes_with_seats().get(pk=class_.pk)], user, now)[0]
