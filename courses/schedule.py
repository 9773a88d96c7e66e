"""What a course page shows of its classes, and when that changes."""

from django.db import models, transaction

from cms.cache import bump_dependency, dependency_versions
from courses.models import Class


def schedule_dependency(course_id: int) -> str:
    return f"course-schedule:{course_id}"


def schedule_changed(course_id: int) -> None:
    """Mark the course's classes and seats as changed, once the transaction commits."""
    transaction.on_commit(lambda: bump_dependency(schedule_dependency(course_id)))


def schedule_versions(course_id: int) -> dict[str, str]:
    return dependency_versions([schedule_dependency(course_id)])


def with_seats_taken(classes):
    """Annotate schedule bounds and the number of people enrolled, in the same query."""
    from enrolment.models import Enrolment

    return classes.with_schedule().annotate(
        enrolled_count=models.Count(
            "enrolments",
            filter=models.Q(enrolments__status=Enrolment.Status.ENROLLED),
            distinct=True,  # the sessions join repeats each enrolment
        )
    )


def classes_for_course_page(course, now):
    """Upcoming published classes of the course, soonest first."""
    upcoming = Class.objects.published().filter(course=course).upcoming(now)
    return with_seats_taken(upcoming).order_by("first_starts_at", "pk")
