"""The attendance matrix of a class: learners × sessions, with rates and totals."""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from courses.models import Session
from enrolment import completion
from enrolment.models import Attendance, Enrolment

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


def _table(sessions, rows) -> list[list]:
    header = [_("Name")] + [timezone.localtime(s.starts_at).strftime("%m-%d") for s in sessions]
    header += [_("Attended"), _("Needed"), _("Completed")]
    body = [
        [row.enrolment.user.get_full_name()]
        + [SYMBOLS[mark] for mark in row.marks]
        + [row.progress.attended, row.progress.needed, "O" if row.enrolment.completed_at else ""]
        for row in rows
    ]
    return [header, *body]


def as_csv(sessions, rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_table(sessions, rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(sessions, rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for line in _table(sessions, rows):
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
