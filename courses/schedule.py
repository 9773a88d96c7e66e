"""What a course page shows of its classes, and when that changes."""

from datetime import timedelta

from django.db import transaction

from core.versions import bump_dependency, dependency_versions
from courses.models import Class

# Every course's classes and seats at once, for what reads across courses (the plans).
SCHOOL_SCHEDULE = "school-schedule"


def schedule_dependency(course_id: int) -> str:
    return f"course-schedule:{course_id}"


def schedule_changed(course_id: int) -> None:
    """Mark the course's classes and seats (and so the school's) as changed, once the
    transaction commits."""

    def bump():
        bump_dependency(schedule_dependency(course_id))
        bump_dependency(SCHOOL_SCHEDULE)

    transaction.on_commit(bump)


def schedule_versions(course_id: int) -> dict[str, str]:
    return dependency_versions([schedule_dependency(course_id)])


def school_schedule_version() -> dict[str, str]:
    return dependency_versions([SCHOOL_SCHEDULE])


def classes_for_course_page(course, now):
    """Upcoming published classes of the course, soonest first."""
    upcoming = Class.objects.published().filter(course=course).upcoming(now)
    return upcoming.with_seats().order_by("first_starts_at", "pk")


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
