"""Who may read what a course keeps for its learners."""

from enrolment.models import Enrolment


def can_read_lessons(user, course) -> bool:
    """Anyone, unless the course keeps lessons for enrolled learners; then those
    enrolled (waiting is not enough), and the people who edit the course."""
    if not course.lessons_for_enrolled_only:
        return True
    if not user.is_authenticated:
        return False
    if course.permissions_for_user(user).can_edit():
        return True
    return Enrolment.objects.filter(
        user=user, course_class__course=course, status=Enrolment.Status.ENROLLED
    ).exists()
