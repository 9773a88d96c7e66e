"""The attendance matrix of a class: learners × sessions, with rates and totals."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Session
from enrolment import completion
from enrolment.models import Attendance, AttendanceEvent, Enrolment

SYMBOLS = {"present": "○", "late": "△", "absent": "×", "excused": "공", None: ""}


@dataclass
class MatrixRow:
    enrolment: Enrolment
    marks: list[str | None]
    progress: completion.Progress


def attendance_matrix(class_) -> tuple[list[Session], list[MatrixRow]]:
    """Every session and enrolled learner with their marks, in a fixed number of queries."""
    sessions = list(class_.sessions.filter(status=Session.Status.SCHEDULED).order_by("starts_at"))
    enrolments = list(
        class_.enrolments.filter(status=Enrolment.Status.ENROLLED)
        .select_related("user")
        .order_by("user__name", "user__username")
    )
    marks = {
        (enrolment_id, session_id): status
        for enrolment_id, session_id, status in Attendance.objects.filter(
            enrolment__in=enrolments
        ).values_list("enrolment_id", "session_id", "status")
    }
    progress = completion.progress_for(enrolments)
    rows = [
        MatrixRow(e, [marks.get((e.pk, s.pk)) for s in sessions], progress[e.pk])
        for e in enrolments
    ]
    return sessions, rows


@dataclass
class HistoryRow:
    session: Session
    attendance: Attendance | None
    note: str  # why this session does or does not count, when that is not obvious


def learner_history(enrolment: Enrolment, now) -> list[HistoryRow]:
    """Every session of the learner's class with their mark, its changes, and whether it counts."""
    rule = completion.rule_for(enrolment.course_class.course)
    since = completion.enrolled_since([enrolment])[enrolment.pk]
    events = AttendanceEvent.objects.select_related("actor").order_by("created_at", "pk")
    marks = {
        a.session_id: a
        for a in enrolment.attendance.select_related("marked_by").prefetch_related(
            Prefetch("events", queryset=events)
        )
    }
    rows = []
    for session in enrolment.course_class.sessions.order_by("starts_at"):
        mark = marks.get(session.pk)
        if session.status == Session.Status.CANCELLED:
            note = _("Cancelled: not counted.")
        elif not completion.counts(session.starts_at, session.ends_at, since, marked=bool(mark)):
            note = _("Before enrolling: not counted.")
        elif mark is None:
            note = _("Upcoming.") if session.ends_at > now else _("Not marked yet.")
        elif mark.status == Attendance.Status.EXCUSED and rule.excused_left_out:
            note = _("Excused: left out of the count.")
        elif mark.status == Attendance.Status.LATE and not rule.late_counts_as_present:
            note = _("Late: not counted as present.")
        else:
            note = ""
        rows.append(HistoryRow(session, mark, note))
    return rows


def as_table(sessions, rows) -> list[list]:
    header = [_("Name")] + [timezone.localtime(s.starts_at).strftime("%m-%d") for s in sessions]
    header += [_("Attended"), _("Needed"), _("Completed")]
    body = [
        [row.enrolment.user.get_full_name()]
        + [SYMBOLS[mark] for mark in row.marks]
        + [row.progress.attended, row.progress.needed, "O" if row.enrolment.completed_at else ""]
        for row in rows
    ]
    return [header, *body]
