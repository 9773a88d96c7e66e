"""Marking attendance: one function, refusing what must not be recorded."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Session
from enrolment import completion
from enrolment.models import Attendance, AttendanceEvent, Enrolment
from enrolment.services import EnrolmentError


class AttendanceError(EnrolmentError):
    pass


@transaction.atomic
def mark(session: Session, enrolment: Enrolment, status: str, *, actor, reason: str = ""):
    """Record one learner's status at one session, keep the change, re-decide completion."""
    if status not in Attendance.Status.values:
        raise AttendanceError(_("Unknown attendance status."))
    if enrolment.course_class_id != session.course_class_id:
        raise AttendanceError(_("This person is not in this session's class."))
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise AttendanceError(_("Only enrolled learners can be marked."))
    if session.status == Session.Status.CANCELLED:
        raise AttendanceError(_("This session was cancelled."))
    attendance = (
        Attendance.objects.select_for_update().filter(enrolment=enrolment, session=session).first()
    )
    previous = attendance.status if attendance else ""
    if previous == status and (attendance.reason == reason or not reason):
        return attendance
    attendance = attendance or Attendance(enrolment=enrolment, session=session)
    attendance.status, attendance.reason, attendance.marked_by = status, reason, actor
    attendance.save()
    AttendanceEvent.objects.create(
        attendance=attendance, from_status=previous, to_status=status, actor=actor, reason=reason
    )
    completion.refresh(enrolment)  # at once: completion follows the mark that earns it
    return attendance
