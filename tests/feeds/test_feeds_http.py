"""Feeds over HTTP: conditional requests, HEAD, rate limits, query counts, masked logs."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Session
from feeds import tokens as feed_tokens
from school.log_masking import MaskFeedTokens
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
SCHOOL = "/calendar/school.ics"


def test_every_feed_has_etag_and_last_modified(client, student):
    course = ClassFactory(sessions=1).course
    personal = f"/calendar/u/{feed_tokens.regenerate(student)}.ics"
    for url in (SCHOOL, f"/calendar/tracks/{course.track.slug}.ics", personal):
        response = client.get(url)
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")


def test_unchanged_feed_answers_304_without_building(client):
    ClassFactory(sessions=3)
    first = client.get(SCHOOL)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(SCHOOL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert again.content == b""
    assert len(captured) == 0  # the versions say it is unchanged: no query at all
    since = client.get(SCHOOL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_change_changes_etag_and_last_modified(client, django_capture_on_commit_callbacks):
    session = ClassFactory(sessions=1).sessions.get()
    first = client.get(SCHOOL)
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's request commits
        session.delete()  # a removal, which no updated_at records
    again = client.get(
        SCHOOL,
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert b"VEVENT" not in again.content


def test_head_answers_headers_only(client):
    ClassFactory(sessions=1)
    response = client.head(SCHOOL)
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get(SCHOOL)["ETag"]
    assert client.post(SCHOOL).status_code == 405


def test_feeds_are_rate_limited_per_client(client, settings):
    settings.CALENDAR_FEED_REQUESTS_PER_MINUTE = 2
    assert [client.get(SCHOOL).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(SCHOOL)["Retry-After"] == "60"
    assert client.get(SCHOOL, REMOTE_ADDR="198.51.100.7").status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("feed", ["school", "personal"])
def test_query_count_does_not_grow_with_the_number_of_events(client, student, feed):
    counts = []
    for size in (3, 30):
        class_ = ClassFactory(sessions=size)
        EnrolmentFactory(user=student, course_class=class_)
        url = SCHOOL if feed == "school" else f"/calendar/u/{feed_tokens.regenerate(student)}.ics"
        cache.clear()  # both builds start cold: no cached body, no cached site paths
        counts.append(_queries(client, url))
        assert Session.objects.count() in (3, 33)
    assert counts[0] == counts[1]
    # A second request of the same version is served from the cached body.
    assert _queries(client, url) < counts[1]


def test_logs_mask_personal_feed_tokens(client, student):
    token = feed_tokens.regenerate(student)
    handlers = logging.getLogger().handlers + logging.getLogger("django.server").handlers
    masking = [h for h in handlers if any(isinstance(f, MaskFeedTokens) for f in h.filters)]
    assert len(masking) >= 2  # the console, and the development server's request lines
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /calendar/u/{token}.ics HTTP/1.1", "200", "9"),
        None,
    )
    for handler in masking:
        handler.filter(record)
    assert token not in record.getMessage()
    assert "/calendar/u/[token].ics" in record.getMessage()


def test_robots_keep_personal_feeds_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /calendar/u/" in response.content.decode().splitlines()


def test_the_window_moving_at_midnight_changes_the_etag(client, _clock):
    ClassFactory(sessions=1)
    today = client.get(SCHOOL)["ETag"]
    assert client.get(SCHOOL)["ETag"] == today
    _clock.move_to(timezone.localtime().replace(hour=0, minute=0) + timedelta(days=1))
    assert client.get(SCHOOL)["ETag"] != today


@pytest.mark.parametrize("feed", ["track", "course"])
def test_a_track_or_course_feed_changes_with_its_classes(
    client, feed, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(sessions=1)
    course = class_.course
    url = f"/calendar/tracks/{course.track.slug}.ics"
    if feed == "course":
        url = f"/calendar/courses/{course.slug}.ics"
    first = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": first}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        ClassFactory(course=course, sessions=1)
    assert client.get(url, headers={"If-None-Match": first}).status_code == 200
