"""Marking attendance: one function, refusing what must not be recorded."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Session
from enrolment import completion, notifications, rollcall
from enrolment.learners import learner_changed
from enrolment.models import Attendance, AttendanceEvent, Enrolment
from enrolment.services import EnrolmentError


class AttendanceError(EnrolmentError):
    pass


@transaction.atomic
def mark(session: Session, enrolment: Enrolment, status: str, *, actor, reason: str = ""):
    """Record one learner's status at one session, keep the change, re-decide completion.

    Marks for the same learner that arrive together are taken one after another (see
    `locked`): each sees the one before, so the last to arrive stands.
    """
    if status not in Attendance.Status.values:
        raise AttendanceError(_("Unknown attendance status."))
    if enrolment.course_class_id != session.course_class_id:
        raise AttendanceError(_("This person is not in this session's class."))
    enrolment = locked(enrolment)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise AttendanceError(_("Only enrolled learners can be marked."))
    if session.status == Session.Status.CANCELLED:
        raise AttendanceError(_("This session was cancelled."))
    attendance = current(session, enrolment)
    previous = attendance.status if attendance else ""
    if previous == status and (attendance.reason == reason or not reason):
        return attendance
    attendance = attendance or Attendance(enrolment=enrolment, session=session)
    attendance.status, attendance.reason, attendance.marked_by = status, reason, actor
    attendance.save()
    AttendanceEvent.objects.create(
        attendance=attendance, from_status=previous, to_status=status, actor=actor, reason=reason
    )
    learner_changed(enrolment.user_id)  # the mark is part of the person's record
    progress = completion.refresh(enrolment)  # at once: completion follows the mark
    if progress.at_risk and status not in completion.attending_statuses(
        completion.rule_for(session.course_class.course)
    ):  # this absence left completion tight or out of reach: say so, once
        notifications.completion_at_risk(enrolment, progress)
    return attendance


def locked(enrolment: Enrolment) -> Enrolment:
    """Lock the enrolment's row until the transaction ends, and return it as it is now.

    Every mark for a learner takes this lock before it reads their mark, so marks arriving
    at the same moment (double taps, a check-in beside the instructor's tap) queue here
    instead of each inserting a first mark.
    """
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def current(session: Session, enrolment: Enrolment) -> Attendance | None:
    """The learner's mark at the session; read it under `locked` to decide on it."""
    return Attendance.objects.filter(enrolment=enrolment, session=session).first()


@transaction.atomic
def mark_everyone_present(session: Session, *, actor) -> int:
    """Mark present everyone on the roll not yet marked for whom the session counts as it
    is, their seat taken before it began; return how many were marked.

    Someone seated after it began is left to a mark of their own (a tap or a check-in):
    only that makes a session under way count, and one over before the seat never does.
    A mark made meanwhile, such as a late check-in, stands.
    """
    rows = rollcall.roll(session.course_class, session)
    since = completion.enrolled_since([row.enrolment for row in rows])
    marked = 0
    # In the roll's order, as the roll-call form saves, so neither waits on the other's locks.
    for row in rows:
        if row.attendance or not completion.counts(
            session.starts_at, session.ends_at, since[row.enrolment.pk], marked=False
        ):
            continue
        if current(session, locked(row.enrolment)) is None:
            mark(session, row.enrolment, Attendance.Status.PRESENT, actor=actor)
            marked += 1
    return marked


@transaction.atomic
def mark_roll(session: Session, marks: dict, *, actor) -> None:
    """Record a whole roll call at once: {enrolment: (status, reason)}; all or nothing."""
    for enrolment, (status, reason) in marks.items():
        mark(session, enrolment, status, actor=actor, reason=reason)
