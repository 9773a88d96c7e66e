"""Self check-in with a short code that changes every minute.

The code is derived, not stored: an HMAC of the session and the current time window
under the site's secret, so every app server agrees on it. The previous window's code
still works (grace for someone typing as it changes); older codes are refused.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from core import ratelimit
from courses.models import Session
from enrolment import attendance
from enrolment.models import Attendance, Enrolment


class CheckInError(attendance.AttendanceError):
    pass


def _window(now: datetime) -> int:
    return int(now.timestamp()) // settings.CHECKIN_CODE_SECONDS


def code_for(session: Session, now: datetime, *, windows_back: int = 0) -> str:
    message = f"checkin:{session.pk}:{_window(now) - windows_back}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"{int(digest[:12], 16) % 1_000_000:06d}"


def is_open(session: Session, now: datetime) -> bool:
    opens = session.starts_at - timedelta(minutes=settings.CHECKIN_OPENS_MINUTES)
    return session.status == Session.Status.SCHEDULED and opens <= now <= session.ends_at


def _count_attempt(user, session) -> None:
    key = f"checkin-attempts:{session.pk}:{user.pk}"
    if not ratelimit.allow(key, settings.CHECKIN_ATTEMPTS_PER_10_MINUTES, 600):
        raise CheckInError(_("Too many attempts. Please wait a few minutes or ask the instructor."))


def check_in(user, session: Session, code: str, now: datetime) -> Attendance:
    """Mark the person present (or late) if the code is current and they are enrolled."""
    _count_attempt(user, session)
    if not is_open(session, now):
        raise CheckInError(_("Check-in for this session is not open now."))
    code = "".join(ch for ch in code if ch.isdigit())
    current = {code_for(session, now), code_for(session, now, windows_back=1)}
    if not any(hmac.compare_digest(code, valid) for valid in current):
        raise CheckInError(_("That code is wrong or has expired. Enter the code shown now."))
    enrolment = Enrolment.objects.filter(
        user=user, course_class_id=session.course_class_id, status=Enrolment.Status.ENROLLED
    ).first()
    if enrolment is None:
        raise CheckInError(_("Only learners enrolled in this class can check in."))
    if Attendance.objects.filter(enrolment=enrolment, session=session).exists():
        raise CheckInError(_("You are already checked in for this session."))
    late_after = session.starts_at + timedelta(minutes=settings.CHECKIN_LATE_AFTER_MINUTES)
    status = Attendance.Status.LATE if now > late_after else Attendance.Status.PRESENT
    return attendance.mark(session, enrolment, status, actor=user, reason=_("Self check-in"))
