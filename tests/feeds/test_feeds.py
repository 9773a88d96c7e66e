"""Public calendar feeds: valid RFC 5545, stable events, only what anyone may see."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from courses.models import Class, Session
from enrolment import services
from feeds import feeds
from tests.factories import (
    ClassFactory,
    CoursePageFactory,
    LessonPageFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
SCHOOL = "/calendar/school.ics"


def events(calendar) -> list:
    return sorted(getattr(calendar, "vevent_list", []), key=lambda e: e.dtstart.value)


@pytest.fixture
def class_(course):
    return ClassFactory(
        course=course,
        title="2027 봄 1기",
        format=Class.Format.HYBRID,
        online_url="https://meet.example.org/secret-room",
        sessions=2,
    )


def test_school_feed_is_a_calendar_with_every_field(client, read_feed, class_):
    calendar = read_feed(SCHOOL)
    assert calendar.version.value == "2.0"
    assert calendar.x_wr_calname.value == "활동가IT학교"
    assert calendar.x_wr_timezone.value == "Asia/Seoul"
    assert calendar.x_published_ttl.value == "PT1H"
    refresh = calendar.contents["refresh-interval"][0]
    assert refresh.value == "PT1H" and refresh.params["VALUE"] == ["DURATION"]
    assert calendar.vtimezone.tzid.value == "Asia/Seoul"

    first, second = events(calendar)
    session = class_.sessions.order_by("starts_at").first()
    assert first.uid.value == f"session-{session.pk}@activist-it-school"
    assert first.summary.value == "개인정보보호법 기초 · 2027 봄 1기 · 1차시"
    assert first.sequence.value == "0"
    assert first.status.value == "CONFIRMED"
    assert first.location.value == "공동체IT 교육장"
    class_url = f"{settings.SITE_URL}{class_.course.url}#class-{class_.pk}"
    assert first.url.value == class_url
    assert class_url in first.description.value
    revised = session.updated_at.replace(microsecond=0)  # iCalendar counts whole seconds
    assert first.dtstamp.value == first.last_modified.value == revised
    assert first.uid.value != second.uid.value
    # The online link belongs to the people of the class, never to a public feed.
    assert b"secret-room" not in client.get(SCHOOL).content


def test_times_are_wall_clock_times_in_seoul(client, read_feed, class_):
    session = class_.sessions.order_by("starts_at").first()
    event = events(read_feed(SCHOOL))[0]
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Seoul"]  # TZID, as read
    assert event.dtstart.value == session.starts_at
    assert event.dtstart.value.astimezone(SEOUL).strftime("%H:%M") == "19:00"
    assert event.dtend.value.astimezone(SEOUL).strftime("%H:%M") == "21:00"
    day = timezone.localtime(session.starts_at).strftime("%Y%m%d")
    assert f"DTSTART;TZID=Asia/Seoul:{day}T190000".encode() in client.get(SCHOOL).content


def test_edited_session_keeps_its_uid_with_a_higher_sequence(
    read_feed, class_, django_capture_on_commit_callbacks
):
    before = events(read_feed(SCHOOL))[0]
    session = class_.sessions.order_by("starts_at").first()
    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's request commits
        session.save()
    after = events(read_feed(SCHOOL))[0]
    assert after.uid.value == before.uid.value
    assert int(after.sequence.value) > int(before.sequence.value)
    assert after.dtstart.value.astimezone(SEOUL).hour == 20


def test_cancelled_session_stays_as_cancelled(read_feed, class_):
    session = class_.sessions.order_by("starts_at").first()
    services.cancel_session(session)
    event = events(read_feed(SCHOOL))[0]
    assert event.uid.value == f"session-{session.pk}@activist-it-school"
    assert event.status.value == "CANCELLED"
    assert event.summary.value.startswith("[취소] ")
    assert event.sequence.value == "1"


def test_cancelled_class_cancels_all_its_events(read_feed, class_):
    services.cancel_class(class_, actor=None, reason="")
    assert {e.status.value for e in events(read_feed(SCHOOL))} == {"CANCELLED"}


def _uids(feed) -> set[str]:
    return {e.uid.value for e in events(vobject.readOne(feeds.build(feed).decode()))}


def test_feed_keeps_recent_sessions_and_cancellations_for_30_days(class_, settings):
    settings.CALENDAR_PAST_DAYS = 7
    old, recent = class_.sessions.order_by("starts_at")
    now = recent.ends_at + timedelta(days=3)  # `old` ended ten days before
    assert _uids(feeds.for_school(now)) == {f"session-{recent.pk}@activist-it-school"}
    # Called off after the fact: it stays 30 days from the cancellation, then goes.
    Session.objects.filter(pk=old.pk).update(status="cancelled", cancelled_at=now)
    later = now + timedelta(days=29)  # `recent` has left the window, the cancellation not
    assert _uids(feeds.for_school(later)) == {f"session-{old.pk}@activist-it-school"}
    assert _uids(feeds.for_school(now + timedelta(days=31))) == set()


def test_public_feeds_leave_out_drafts_unpublished_and_private_courses(client, read_feed, class_):
    ClassFactory(course=class_.course, status=Class.Status.DRAFT)
    unpublished = CoursePageFactory()
    ClassFactory(course=unpublished)
    unpublished.unpublish()
    private = CoursePageFactory()
    ClassFactory(course=private)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert len(events(read_feed(SCHOOL))) == 2
    for course in (private, unpublished):
        assert client.get(f"/calendar/courses/{course.slug}.ics").status_code == 404


def test_track_and_course_feeds_hold_only_their_sessions(client, read_feed, class_):
    other_track = TrackFactory(name="법·제도", slug="법-제도")
    other = ClassFactory(course=CoursePageFactory(track=other_track), sessions=1)
    course_feed = read_feed(f"/calendar/courses/{class_.course.slug}.ics")  # a Korean slug
    assert course_feed.x_wr_calname.value == "활동가IT학교 · 개인정보보호법 기초"
    assert len(events(course_feed)) == 2
    track_feed = read_feed(f"/calendar/tracks/{other_track.slug}.ics")
    assert track_feed.x_wr_calname.value == "활동가IT학교 · 법·제도"
    (event,) = events(track_feed)
    assert event.uid.value == f"session-{other.sessions.get().pk}@activist-it-school"
    for url in ("/calendar/tracks/none.ics", "/calendar/courses/none.ics"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("enrolled_only", [False, True])
def test_lessons_for_enrolled_learners_never_reach_public_feeds(read_feed, class_, enrolled_only):
    lesson = LessonPageFactory(course=class_.course, title="비공개 수업 자료")
    class_.course.lessons_for_enrolled_only = enrolled_only
    class_.course.save_revision().publish()
    Session.objects.filter(course_class=class_).update(lesson=lesson)
    description = events(read_feed(SCHOOL))[0].description.value
    assert ("비공개 수업 자료" in description) is not enrolled_only
    assert (lesson.url in description) is not enrolled_only


def test_a_calendar_without_sessions_is_still_valid(read_feed):
    calendar = read_feed(SCHOOL)
    assert events(calendar) == []
    assert calendar.vtimezone.tzid.value == "Asia/Seoul"
