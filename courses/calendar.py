"""iCalendar for a class's sessions: Asia/Seoul times with the VTIMEZONE, stable UIDs."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from courses.models import Class, Session

PRODUCT_ID = "-//Activist IT School//활동가IT학교//KO"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@activist-it-school"


def _event(session: Session, class_: Class) -> Event:
    seoul = timezone.get_default_timezone()
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(seoul))
    event.add("dtend", session.ends_at.astimezone(seoul))
    title = f"{class_.course.title} · {class_.title}"
    event.add("summary", f"{title} · {session.topic}" if session.topic else title)
    if place := session.effective_place:
        event.add("location", place)
    event.add("url", f"{settings.SITE_URL}{class_.course.url}#class-{class_.pk}")
    if session.status == Session.Status.CANCELLED or class_.status == Class.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def class_calendar(class_: Class) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{class_.course.title} · {class_.title}")
    for session in class_.sessions.all():
        calendar.add_component(_event(session, class_))
    calendar.add_missing_timezones()
    return calendar.to_ical()
