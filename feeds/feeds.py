"""Calendar feeds: which sessions each holds, its fingerprint for HTTP caching, its body.

A feed holds recent and upcoming sessions of published classes; a cancelled one stays
at least KEEP_CANCELLED after it was called off, so every subscribed calendar sees the
cancellation. Public feeds show live courses without view restrictions; a person's
feed shows the classes they are enrolled in, waiting for, or teaching.

A public feed's fingerprint is made of versions the writes bump: the content version
(every publish, unpublish and view restriction), the schedule version of its classes
(every class and session saved or deleted, every seat taken or freed) and the day (the
window moves at midnight), so an unchanged feed answers 304 without asking the database.
A person's feed adds when their enrolments last changed, read with their token. Bodies
are cached under the fingerprint, so an unchanged 2,000-session feed is built once.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import CoursePage, Track
from core.versions import changed_at, content_version
from courses import calendar
from courses.calendar import Role
from courses.models import Class, Session
from courses.schedule import schedule_versions, school_schedule_version
from enrolment.models import Enrolment
from feeds import tokens
from feeds.models import FeedToken

KEEP_CANCELLED = timedelta(days=30)
SCHOOL_NAME = "활동가IT학교"
_MY_CLASSES = "내 수업"
# Bump when the body's shape changes, so no cached body of the old shape is served.
_FORMAT = "1"
_BODY_TIMEOUT = 60 * 60 * 24
_SEEN_TIMEOUT = 60 * 60 * 24 * 30


@dataclass
class Feed:
    key: str  # what the feed is, for cache keys: "school", "track-3", "person-8"
    name: str
    sessions: QuerySet  # the feed's sessions, not yet limited to its time window
    now: datetime
    person: object = None  # the person whose feed this is; None for public feeds
    fingerprint_parts: tuple = ()
    # The versions of what a public feed holds, read before anything else of it; None for
    # a person's feed, whose fingerprint is an aggregate of its sessions.
    versions: dict | None = None
    _state: dict = field(default=None, repr=False)

    @property
    def is_personal(self) -> bool:
        return self.person is not None


def published_sessions() -> QuerySet:
    return Session.objects.exclude(course_class__status=Class.Status.DRAFT).filter(
        course_class__course__live=True
    )


def hidden_paths() -> list[str]:
    """Tree paths under a view restriction: neither they nor their children are public."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _under(paths: list[str], lookup: str) -> Q:
    return reduce(or_, (Q(**{f"{lookup}__startswith": path}) for path in paths), Q(pk__in=[]))


def visible_sessions(roles: dict[int, Role]) -> QuerySet:
    """Sessions anyone may see, and those of the classes the person has a role in."""
    paths = hidden_paths()
    return published_sessions().filter(
        ~_under(paths, "course_class__course__path") | Q(course_class__in=list(roles))
    )


_IN_LINE_OR_SEATED = [
    Enrolment.Status.ENROLLED,
    Enrolment.Status.WAITLISTED,
    Enrolment.Status.OFFERED,
]


def personal_sessions(user) -> QuerySet:
    mine = Enrolment.objects.filter(user=user, status__in=_IN_LINE_OR_SEATED).values("course_class")
    taught = Class.objects.filter(Q(instructors=user) | Q(course__instructors=user)).values("pk")
    return published_sessions().filter(Q(course_class__in=mine) | Q(course_class__in=taught))


def roles_for(user) -> dict[int, Role]:
    """Return the person's role per class id: teaching over enrolled over waiting."""
    if not user.is_authenticated:
        return {}
    enrolments = Enrolment.objects.filter(user=user, status__in=_IN_LINE_OR_SEATED).values_list(
        "course_class_id", "status"
    )
    # A seat offered is not taken yet: shown as waiting, without the online link.
    roles = {
        class_id: Role.ENROLLED if status == Enrolment.Status.ENROLLED else Role.WAITLISTED
        for class_id, status in enrolments
    }
    taught = Class.objects.filter(Q(instructors=user) | Q(course__instructors=user))
    roles.update(dict.fromkeys(taught.values_list("pk", flat=True), Role.TEACHING))
    return roles


def in_window(sessions: QuerySet, now: datetime) -> QuerySet:
    # Whole days, so the feed does not change between two requests of the same day.
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    since = today - timedelta(days=settings.CALENDAR_PAST_DAYS)
    cancelled_since = today - KEEP_CANCELLED
    return sessions.filter(
        Q(ends_at__gte=since)
        | Q(cancelled_at__gte=cancelled_since)
        | Q(course_class__cancelled_at__gte=cancelled_since)
    )


# --- The four feeds -------------------------------------------------------------------


def for_school(now: datetime) -> Feed:
    versions = school_schedule_version()
    return Feed("school", SCHOOL_NAME, published_sessions(), now, versions=versions)


def for_track(track: Track, now: datetime) -> Feed:
    versions = school_schedule_version()
    sessions = published_sessions().filter(course_class__course__track=track)
    name = f"{SCHOOL_NAME} · {track.name}"
    return Feed(f"track-{track.pk}", name, sessions, now, versions=versions)


def for_course(course: CoursePage, now: datetime) -> Feed:
    versions = schedule_versions(course.pk)
    sessions = published_sessions().filter(course_class__course=course)
    name = f"{SCHOOL_NAME} · {course.title}"
    return Feed(f"course-{course.pk}", name, sessions, now, versions=versions)


def personal_token(token: str) -> FeedToken | None:
    """Find the token and, in the same query, when the person's enrolments last changed."""
    annotated = FeedToken.objects.annotate(
        enrolments_changed=Max("user__enrolments__updated_at"),
        enrolment_count=Count("user__enrolments"),
    )
    return tokens.find(token, annotated)


def personal(token: FeedToken, now: datetime) -> Feed:
    person = token.user
    return Feed(
        f"person-{person.pk}",
        f"{SCHOOL_NAME} · {_MY_CLASSES}",
        personal_sessions(person),
        now,
        person=person,
        fingerprint_parts=(token.enrolments_changed, token.enrolment_count),
    )


# --- HTTP caching -----------------------------------------------------------------------


def state(feed: Feed) -> dict:
    """Return the feed's ETag and Last-Modified: from versions for a public feed, from one
    aggregate query for a person's."""
    if feed._state is None:
        base = [_FORMAT, feed.key, feed.name, settings.SITE_URL, content_version()]
        feed._state = _from_versions(feed, base) if feed.versions else _from_sessions(feed, base)
    return feed._state


def _etag(parts: list) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _from_versions(feed: Feed, base: list) -> dict:
    midnight = timezone.localtime(feed.now).replace(hour=0, minute=0, second=0, microsecond=0)
    etag = _etag([*base, sorted(feed.versions.items()), midnight.date().isoformat()])
    # Each version is the time of the write that made it: the feed last changed at the
    # latest of them, or at midnight when its window moved.
    changes = [changed_at(version) for version in (base[-1], *feed.versions.values())]
    return {"etag": etag, "last_modified": max([*changes, midnight]).replace(microsecond=0)}


def _from_sessions(feed: Feed, base: list) -> dict:
    counts = in_window(feed.sessions, feed.now).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        sessions=Max("updated_at"),
        classes=Max("course_class__updated_at"),
    )
    etag = _etag([*base, *(counts[name] for name in sorted(counts)), *feed.fingerprint_parts])
    changes = [t for t in (counts["sessions"], counts["classes"]) if t]
    return {"etag": etag, "last_modified": _first_seen(etag, max(changes, default=None))}


def _first_seen(etag: str, latest: datetime | None) -> datetime:
    """When this version of the feed was first served.

    Unlike the newest updated_at, this also moves when a session leaves the feed
    (deleted, its course unpublished, the person's enrolment cancelled), so clients
    that send only If-Modified-Since never keep a stale copy.
    """
    key = f"calendar:seen:{etag}"
    cache.add(key, timezone.now().replace(microsecond=0), _SEEN_TIMEOUT)
    seen = cache.get(key) or timezone.now()
    return max(seen, latest) if latest else seen


def body(feed: Feed) -> bytes:
    """Return the serialised calendar, built only when this version is not cached yet."""
    key = f"calendar:body:{state(feed)['etag']}"
    content = cache.get(key)
    if content is None:
        content = build(feed)
        cache.set(key, content, _BODY_TIMEOUT)
    return content


# --- Building -------------------------------------------------------------------------


def build(feed: Feed) -> bytes:
    paths = hidden_paths()
    sessions = in_window(feed.sessions, feed.now)
    if feed.is_personal:
        roles = roles_for(feed.person)
    else:
        sessions, roles = sessions.exclude(_under(paths, "course_class__course__path")), {}
    sessions = sessions.select_related("course_class__course", "lesson").order_by("starts_at", "pk")
    links = _Links(paths)
    events = [
        calendar.session_event(
            session,
            role=(role := roles.get(session.course_class_id, Role.PUBLIC)),
            url=links.class_url(session.course_class),
            lesson=links.lesson(session, role),
        )
        for session in sessions
    ]
    return calendar.calendar_bytes(feed.name, feed.key, events)


class _Links:
    """Absolute URLs of classes and lessons, worked out once per course and lesson."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.course_urls: dict[int, str] = {}
        self.lesson_urls: dict[int, str | None] = {}

    def class_url(self, class_: Class) -> str:
        if class_.course_id not in self.course_urls:
            self.course_urls[class_.course_id] = f"{settings.SITE_URL}{class_.course.url}"
        return f"{self.course_urls[class_.course_id]}#class-{class_.pk}"

    def lesson(self, session: Session, role: Role) -> tuple[str, str] | None:
        """The session's lesson, if this reader may be pointed to it."""
        lesson = session.lesson
        if lesson is None:
            return None
        if session.course_class.course.lessons_for_enrolled_only and not role.reads_closed_lessons:
            return None
        if lesson.pk not in self.lesson_urls:
            hidden = not lesson.live or any(lesson.path.startswith(p) for p in self.paths)
            self.lesson_urls[lesson.pk] = None if hidden else f"{settings.SITE_URL}{lesson.url}"
        url = self.lesson_urls[lesson.pk]
        return (lesson.title, url) if url else None


# --- Addresses ----------------------------------------------------------------------------


def subscribe_links(path: str) -> dict[str, str]:
    """The feed's https address, its webcal:// twin, and Google Calendar's add-by-URL link."""
    address = f"{settings.SITE_URL}{path}"
    webcal = "webcal://" + address.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal})
    return {
        "id": hashlib.sha256(path.encode()).hexdigest()[:8],
        "https": address,
        "webcal": webcal,
        "google": google,
    }
