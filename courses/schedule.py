"""What a course page shows of its classes, and when that changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from core.versions import (
    TIMEOUT,
    bump_dependency,
    dependency_versions,
    held,
    kept,
    read_with_content,
)
from courses.models import Class

# Every course's classes and seats at once, for what reads across courses (the plans).
SCHOOL_SCHEDULE = read_with_content("school-schedule")


def schedule_dependency(course_id: int) -> str:
    return f"course-schedule:{course_id}"


def schedule_changed(course_id: int) -> None:
    """Mark the course's classes and seats (and so the school's) as changed, once the
    transaction commits."""

    transaction.on_commit(lambda: bump_dependency(schedule_dependency(course_id), SCHOOL_SCHEDULE))


def schedule_versions(course_id: int) -> dict[str, str]:
    return dependency_versions([schedule_dependency(course_id)])


def school_schedule_version() -> dict[str, str]:
    return dependency_versions([SCHOOL_SCHEDULE])


# Every course's classes, as the catalogue cards show them (dates and open enrolment; not
# seats, so enrolments leave the cards alone).
CLASSES_DEPENDENCY = read_with_content("classes")


def classes_changed() -> None:
    transaction.on_commit(lambda: bump_dependency(CLASSES_DEPENDENCY))


def classes_versions() -> dict[str, str]:
    return dependency_versions([CLASSES_DEPENDENCY])


@dataclass(frozen=True)
class NextClass:
    """What a catalogue card says of a course's classes, and until when it holds."""

    starts_at: datetime
    is_open: bool
    changes_at: datetime | None  # the next opening, closing, start or end among its classes


def _is_open(class_: Class, now: datetime) -> bool:
    return (
        class_.status == Class.Status.OPEN
        and class_.enrolment_opens_at <= now < class_.enrolment_closes_at
    )


def next_classes(course_ids, now: datetime) -> dict[int, NextClass]:
    """For each course, its soonest class open for enrolment, else its next class to start,
    in one query; courses with neither are left out."""
    classes = (
        Class.objects.published()
        .exclude(status=Class.Status.CANCELLED)
        .filter(course_id__in=list(course_ids))
        .upcoming(now)
        .filter(first_starts_at__isnull=False)
        .only("course_id", "status", "enrolment_opens_at", "enrolment_closes_at")
        .order_by("first_starts_at", "pk")
    )
    by_course: dict[int, list[Class]] = {}
    for class_ in classes:
        by_course.setdefault(class_.course_id, []).append(class_)
    found = {}
    for course_id, course_classes in by_course.items():
        open_ = [c for c in course_classes if _is_open(c, now)]
        later = [c for c in course_classes if c.first_starts_at >= now]
        chosen = (open_ or later or [None])[0]
        if chosen is None:
            continue
        moments = [
            moment
            for c in course_classes
            for moment in (
                c.enrolment_opens_at,
                c.enrolment_closes_at,
                c.first_starts_at,
                c.last_ends_at,
            )
            if moment > now
        ]
        found[course_id] = NextClass(
            chosen.first_starts_at, bool(open_), min(moments, default=None)
        )
    return found


def classes_for_course_page(course, now) -> list[Class]:
    """Upcoming published classes of the course, soonest first, with their seats.

    Kept in the cache under the course's schedule version (every change of its classes,
    sessions or seats bumps it); a class that has ended since is left out as it is read."""
    key = (
        f"course-classes:{course.pk}:{schedule_versions(course.pk)[schedule_dependency(course.pk)]}"
    )

    def read():
        found = kept.get(key)
        if found is None:
            upcoming = Class.objects.published().filter(course=course).upcoming(now)
            found = list(upcoming.with_seats().order_by("first_starts_at", "pk"))
            kept.set(key, found, TIMEOUT)
        return found

    return [class_ for class_ in held(key, read) if class_.last_ends_at >= now]


MAX_GENERATED_SESSIONS = 60


def repeating_times(first_start, duration, weekdays, *, count=None, until=None):
    """Return (start, end) pairs from `first_start` on the chosen weekdays (0 = Monday).

    Stops after `count` sessions or on the last chosen day on or before `until`; times
    keep their local wall-clock hour across the weeks.
    """
    if (count is None) == (until is None):
        raise ValueError("Give either a count or an end date.")
    weekdays = set(weekdays) or {first_start.weekday()}
    limit = count if count is not None else MAX_GENERATED_SESSIONS
    times, day = [], first_start
    while len(times) < limit:
        if until is not None and day.date() > until:
            break
        if day.weekday() in weekdays:
            times.append((day, day + duration))
        day += timedelta(days=1)
    return times
