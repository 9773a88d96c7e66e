"""Bring past attendance (and the enrolments it needs) in from a CSV or XLSX file.

Two steps: `read_rows` checks every row and reports errors by row number; only a file
without a single error can be applied, all at once, and applying it again changes
nothing (a mark that is already there is left as it is).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import spreadsheet_reader
from courses.models import Session
from enrolment import attendance, services
from enrolment.models import Enrolment

STATUS_WORDS = {
    "present": "present",
    "출석": "present",
    "late": "late",
    "지각": "late",
    "absent": "absent",
    "결석": "absent",
    "excused": "excused",
    "공결": "excused",
}
COLUMNS = 4  # person, session, status, reason


@dataclass
class Row:
    number: int
    person: str
    session: str
    status: str
    reason: str
    errors: list[str]
    user_id: int | None = None
    session_id: int | None = None


def read_cells(upload) -> list[list[str]]:
    """The rows below the header, four cells wide; a file over the limits is refused
    (spreadsheet_reader.TableRefused) before anything is looked up."""
    max_rows = settings.ATTENDANCE_IMPORT_MAX_ROWS
    return spreadsheet_reader.read(upload, max_rows=max_rows, columns=COLUMNS)[1:]


def _session_key(value: str) -> str:
    """Normalise '2027-03-02 19:00' or a spreadsheet datetime to 'YYYY-MM-DD HH:MM'."""
    value = value.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m-%d %H:%M" if fmt != "%Y-%m-%d" else "%Y-%m-%d")
    return value


def read_rows(class_, upload) -> list[Row]:
    """Check every row of the file against the class; never writes."""
    cells = read_cells(upload)
    sessions = {}
    for session in class_.sessions.all():
        local = timezone.localtime(session.starts_at)
        sessions[local.strftime("%Y-%m-%d %H:%M")] = session
        sessions.setdefault(local.strftime("%Y-%m-%d"), session)
    people = {}
    names = {c[0].strip() for c in cells if c and c[0].strip()}
    for user in get_user_model().objects.filter(
        Q(username__in=names) | Q(email__in=names), is_active=True
    ):
        people[user.username] = people[user.email] = user
    rows = []
    for number, cell in enumerate(cells, start=2):
        cell = [*cell, "", "", "", ""][:4]
        person, session_text, status_text, reason = (c.strip() for c in cell)
        if not any((person, session_text, status_text)):
            continue
        row = Row(number, person, session_text, status_text, reason, [])
        user = people.get(person)
        session = sessions.get(_session_key(session_text))
        status = STATUS_WORDS.get(status_text.lower())
        if user is None:
            row.errors.append(_("unknown person"))
        if session is None:
            row.errors.append(_("no such session in this class"))
        elif session.status == Session.Status.CANCELLED:
            row.errors.append(_("the session was cancelled"))
        if status is None:
            row.errors.append(_("status must be 출석, 지각, 결석 or 공결"))
        row.user_id = user.pk if user else None
        row.session_id = session.pk if session else None
        row.status = status or status_text
        rows.append(row)
    return rows


@transaction.atomic
def apply(class_, rows: list[Row], *, actor) -> int:
    """Write every row, or nothing: enrol the people not yet enrolled, then mark."""
    if not rows or any(row.errors for row in rows):
        raise ValueError(_("Nothing was imported: fix the rows with errors first."))
    users = get_user_model().objects.in_bulk({row.user_id for row in rows})
    sessions = Session.objects.in_bulk({row.session_id for row in rows})
    changed = 0
    for row in rows:
        user = users[row.user_id]
        enrolment = Enrolment.objects.filter(user=user, course_class=class_).first()
        if enrolment is None or not enrolment.is_active:
            enrolment = services.enrol(
                user,
                class_,
                actor=actor,
                reason=_("Imported"),
                staff_override=True,
                now=class_.enrolment_opens_at,
            )
        before = (
            enrolment.attendance.filter(session_id=row.session_id)
            .values_list("status", flat=True)
            .first()
        )
        attendance.mark(
            sessions[row.session_id],
            enrolment,
            row.status,
            actor=actor,
            reason=row.reason or _("Imported"),
        )
        changed += before != row.status
    return changed
