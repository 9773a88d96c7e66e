"""iCalendar for sessions: one VEVENT per session, Asia/Seoul times with the VTIMEZONE.

What calendar apps need to keep a subscription in sync: a UID that never changes, a
SEQUENCE that goes up with every change of time, place or status (see Session.save),
and cancelled sessions that stay in the feed as STATUS:CANCELLED. Who reads the event
decides what it shows: only people enrolled in or teaching a class see its online link.

Feeds are read by calendar apps, which send no language preference, so the words added
here are in the school's language, Korean, as in its e-mails.
"""

from collections.abc import Iterable
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vDuration
from icalendar.enums import STATUS, TRANSP

from courses.models import Class, Session

PRODUCT_ID = "-//Activist IT School//활동가IT학교//KO"
UID_DOMAIN = "activist-it-school"
# How often subscribed calendars should look again (most apps decide for themselves).
REFRESH = timedelta(hours=1)

CANCELLED_PREFIX = "[취소] "
WAITLISTED_PREFIX = "[대기] "
_WAITLISTED_NOTE = "대기자 명단에 있습니다. 자리가 나면 알려 드립니다."
_ONLINE = "온라인"
_ONLINE_LINK = "온라인 참여: {url}"
_LESSON = "수업 자료: {title} {url}"


class Role(StrEnum):
    """How the reader stands to a class; the values match Enrolment.Status."""

    PUBLIC = "public"
    WAITLISTED = "waitlisted"
    ENROLLED = "enrolled"
    TEACHING = "teaching"

    @property
    def sees_online_link(self) -> bool:
        return self in (Role.ENROLLED, Role.TEACHING)

    @property
    def reads_closed_lessons(self) -> bool:
        return self in (Role.ENROLLED, Role.TEACHING)


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{UID_DOMAIN}"


def class_url(class_: Class) -> str:
    return f"{settings.SITE_URL}{class_.course.url}#class-{class_.pk}"


def _location(session: Session, role: Role) -> str:
    class_ = session.course_class
    if place := session.effective_place:
        return place
    if class_.format == Class.Format.OFFLINE:
        return ""
    if role.sees_online_link and class_.online_url:
        return class_.online_url
    return _ONLINE


def session_event(
    session: Session,
    *,
    role: Role = Role.PUBLIC,
    url: str,
    lesson: tuple[str, str] | None = None,
) -> Event:
    """Return the session's VEVENT as `role` may see it; `lesson` is (title, url)."""
    class_ = session.course_class
    seoul = timezone.get_default_timezone()
    cancelled = session.is_cancelled
    title = f"{class_.course.title} · {class_.title}"
    if session.topic:
        title = f"{title} · {session.topic}"
    prefix = CANCELLED_PREFIX if cancelled else ""
    if role == Role.WAITLISTED:
        prefix += WAITLISTED_PREFIX
    lines = [title]
    if role == Role.WAITLISTED:
        lines.append(_WAITLISTED_NOTE)
    if role.sees_online_link and class_.online_url:
        lines.append(_ONLINE_LINK.format(url=class_.online_url))
    if lesson:
        lines.append(_LESSON.format(title=lesson[0], url=lesson[1]))
    lines.append(url)
    # Any edit of the session or its class is a revision of the event.
    revised = max(session.updated_at, class_.updated_at)

    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", revised)
    event.add("last-modified", revised)
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(seoul))
    event.add("dtend", session.ends_at.astimezone(seoul))
    event.add("summary", prefix + title)
    event.add("description", "\n".join(lines))
    if location := _location(session, role):
        event.add("location", location)
    event.add("url", url)
    event.add("status", STATUS.CANCELLED if cancelled else STATUS.CONFIRMED)
    if cancelled or role == Role.WAITLISTED:
        event.add("transp", TRANSP.TRANSPARENT)  # don't block the person's time
    return event


def calendar_bytes(name: str, uid: str, events: Iterable[Event]) -> bytes:
    """Wrap the events in a VCALENDAR with the school's time zone, and serialise it."""
    calendar = Calendar.new(prodid=PRODUCT_ID, name=name, uid=f"{uid}@{UID_DOMAIN}")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))  # unknown to icalendar: say the type
    # Always there: it makes an empty calendar a valid one (RFC 5545 wants a component).
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def class_calendar(class_: Class, *, role: Role = Role.PUBLIC) -> bytes:
    """The class's sessions as a one-off .ics (e-mail attachment, "add to calendar")."""
    url = class_url(class_)
    events = [
        session_event(_with_class(s, class_), role=role, url=url) for s in class_.sessions.all()
    ]
    return calendar_bytes(f"{class_.course.title} · {class_.title}", f"class-{class_.pk}", events)


def session_calendar(session: Session, *, role: Role = Role.PUBLIC) -> bytes:
    """One session as a one-off .ics."""
    event = session_event(session, role=role, url=class_url(session.course_class))
    return calendar_bytes(str(event["summary"]), f"session-{session.pk}", [event])


def _with_class(session: Session, class_: Class) -> Session:
    session.course_class = class_  # spare a query per session
    return session
