"""Reminders before each session: the day before and an hour before, each told once.

`send_due(now)` is run every few minutes (`manage.py send_notices`). It reads every
session as it is when it runs: a session moved since is reminded at its new time (the
notice's key holds the time), one called off is not reminded at all. Only people with a
seat are reminded, and only they are given the online link. What can wait waits out the
quiet hours (21:00–08:00 in Seoul); the reminder an hour before cannot.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from courses.models import Class, Session
from enrolment.models import Enrolment
from outbox.notices import is_quiet, tell_once

DAY_BEFORE = "reminder-day-before"
HOUR_BEFORE = "reminder-hour-before"
# The day before's reminder goes from this time of that day, in Seoul.
DAY_BEFORE_FROM = time(10, 0)
# The last reminder goes within this of the start (runs are a few minutes apart).
HOUR_BEFORE_WITHIN = timedelta(minutes=70)


def due(starts_at: datetime, now: datetime) -> str | None:
    """Which reminder of a session starting then is due now, if any."""
    if now >= starts_at:
        return None
    if starts_at - now <= HOUR_BEFORE_WITHIN:
        return HOUR_BEFORE  # urgent: quiet hours or not
    day_before = timezone.localtime(starts_at).date() - timedelta(days=1)
    opens = timezone.make_aware(datetime.combine(day_before, DAY_BEFORE_FROM))
    if now >= opens and not is_quiet(now):
        return DAY_BEFORE
    return None


def send_due(now: datetime) -> int:
    """Queue every reminder due now that was not sent before; return how many."""
    sessions = (
        Session.objects.filter(
            status=Session.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=2),
            course_class__status__in=[Class.Status.OPEN, Class.Status.CLOSED],
        )
        .select_related("course_class__course", "lesson")
        .prefetch_related(
            # Everyone with a seat in every class at once: the sweep reads two queries
            # however many sessions are due, then writes one notice per person.
            Prefetch(
                "course_class__enrolments",
                queryset=Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
                .select_related("user")
                .order_by("pk"),
                to_attr="seated",
            )
        )
        .order_by("starts_at", "pk")
    )
    sent = 0
    for session in sessions:
        kind = due(session.starts_at, now)
        if kind is None:
            continue
        for enrolment in session.course_class.seated:
            sent += _remind(enrolment.user, session, kind, now)
    return sent


def _remind(person, session: Session, kind: str, now: datetime) -> int:
    class_ = session.course_class
    lesson = session.lesson
    context = {
        "session": session,
        "class_": class_,
        "hour_before": kind == HOUR_BEFORE,
        "online_url": class_.online_url if class_.format != Class.Format.OFFLINE else "",
        "lesson_url": settings.SITE_URL + lesson.url if lesson and lesson.live else "",
    }
    key = f"session:{session.pk}:{session.starts_at.isoformat()}"
    link = f"{class_.course.url}#class-{class_.pk}"
    template = "enrolment/email/reminder"
    return int(tell_once(person, kind, key, template, context, link=link, now=now))
