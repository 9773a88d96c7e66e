"""Self check-in with a short code that changes every minute.

The code is derived, not stored: an HMAC of the session and the current time window
under the site's secret, so every app server agrees on it. The previous window's code
still works (grace for someone typing as it changes); older codes are refused.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core import ratelimit
from courses.models import Session
from enrolment import attendance
from enrolment.models import Attendance, Enrolment


class CheckInError(attendance.AttendanceError):
    pass


CODE_DIGITS = 6
_CODE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}")
_SEPARATORS = re.compile(r"[\s-]+")
_LONGEST_TYPED = 4 * CODE_DIGITS  # room for spaces and separators; anything longer is noise


def _window(now: datetime) -> int:
    return int(now.timestamp()) // settings.CHECKIN_CODE_SECONDS


def code_for(session: Session, now: datetime, *, windows_back: int = 0) -> str:
    message = f"checkin:{session.pk}:{_window(now) - windows_back}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"{int(digest[:12], 16) % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def read_code(typed: str) -> str:
    """Return the code as ASCII digits, or refuse what cannot be one.

    NFKC turns full-width digits (a Korean keyboard in 전각 mode) into 0-9, as it does
    superscript and circled ones; spaces and hyphens between the digits are dropped.
    Other scripts' digits stay as they are and are refused, as is anything else.
    """
    if len(typed) <= _LONGEST_TYPED:
        code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed))
        if _CODE.fullmatch(code):
            return code
    raise CheckInError(_("Enter the code as the six digits 0-9 shown in class."))


def is_open(session: Session, now: datetime) -> bool:
    opens = session.starts_at - timedelta(minutes=settings.CHECKIN_OPENS_MINUTES)
    return session.status == Session.Status.SCHEDULED and opens <= now <= session.ends_at


def _count_attempt(user, session) -> None:
    key = f"checkin-attempts:{session.pk}:{user.pk}"
    if not ratelimit.allow(key, settings.CHECKIN_ATTEMPTS_PER_10_MINUTES, 600):
        raise CheckInError(_("Too many attempts. Please wait a few minutes or ask the instructor."))


def check_in(user, session: Session, code: str, now: datetime) -> Attendance:
    """Mark the person present (or late) if the code is current and they are enrolled.

    Arriving corrects a mark that says they are not there (absent, excused); the change
    joins the mark's history. A present or late mark stands.
    """
    _count_attempt(user, session)
    if not is_open(session, now):
        raise CheckInError(_("Check-in for this session is not open now."))
    code = read_code(code)
    current = {code_for(session, now), code_for(session, now, windows_back=1)}
    if not any(hmac.compare_digest(code, valid) for valid in current):
        raise CheckInError(_("That code is wrong or has expired. Enter the code shown now."))
    return _arrive(user, session, now)


@transaction.atomic
def _arrive(user, session: Session, now: datetime) -> Attendance:
    enrolment = Enrolment.objects.filter(
        user=user, course_class_id=session.course_class_id, status=Enrolment.Status.ENROLLED
    ).first()
    if enrolment is None:
        raise CheckInError(_("Only learners enrolled in this class can check in."))
    # Decide on the mark as it is once ours is the only one being made: of check-ins at
    # the same moment the first counts, and an instructor's mark just made is seen.
    mark = attendance.current(session, attendance.locked(enrolment))
    if mark is not None and not can_check_in(mark.status):
        raise CheckInError(_already_marked(mark, user))
    late_after = session.starts_at + timedelta(minutes=settings.CHECKIN_LATE_AFTER_MINUTES)
    status = Attendance.Status.LATE if now > late_after else Attendance.Status.PRESENT
    return attendance.mark(session, enrolment, status, actor=user, reason=_("Self check-in"))


def can_check_in(status: str | None) -> bool:
    """Whether checking in would change this mark: none yet, or one saying they are away."""
    return status not in (Attendance.Status.PRESENT, Attendance.Status.LATE)


def open_for(sessions, now: datetime, marks: dict[int, str]) -> set[int]:
    """The sessions among these that the person can check in to now, given their marks so
    far ({session id: status})."""
    return {
        session.pk
        for session in sessions
        if is_open(session, now) and can_check_in(marks.get(session.pk))
    }


def confirmation(mark: Attendance) -> str:
    """Tell the person what their check-in recorded."""
    if mark.status == Attendance.Status.LATE:
        return _("Checked in: recorded as late.")
    return _("Checked in: recorded as present.")


def already_recorded(user, session: Session) -> str | None:
    """What the person is told when they are already marked there: nothing left to do."""
    mark = Attendance.objects.filter(
        session=session, enrolment__user=user, enrolment__status=Enrolment.Status.ENROLLED
    ).first()
    if mark is None or can_check_in(mark.status):
        return None
    return _already_marked(mark, user)


def _already_marked(mark: Attendance, user) -> str:
    if mark.marked_by_id == user.pk:
        return _("You are already checked in for this session.")
    if mark.status == Attendance.Status.LATE:
        return _("Your instructor has already recorded you as late for this session.")
    return _("Your instructor has already recorded you as present for this session.")
