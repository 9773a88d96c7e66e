"""A learner's own sections of My learning come from the cache: every change to what they
show appears on the next visit, time moving on changes them without a write, and nobody
ever sees another person's."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from courses.models import Class, Session
from enrolment import attendance, services
from tests.factories import CoursePageFactory, UserFactory, class_open_now

pytestmark = pytest.mark.django_db


def _committed(action, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)


def _page(client) -> BeautifulSoup:
    response = client.get("/learning/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _section(page, heading_id) -> str:
    heading = page.find(id=heading_id)
    return heading.parent.get_text(" ", strip=True) if heading else ""


def _upcoming(client) -> str:
    return _section(_page(client), "upcoming-heading")


def _classes(client) -> str:
    return _section(_page(client), "current-heading")


@pytest.fixture
def class_(course):
    return class_open_now(course=course, capacity=1)


def test_a_second_visit_is_served_from_the_cache(client, student, class_):
    _committed(services.enrol, student, class_)
    client.force_login(student)
    with CaptureQueriesContext(connection) as first:
        shown = _classes(client)
    with CaptureQueriesContext(connection) as second:
        assert _classes(client) == shown
    assert "개인정보보호법 기초" in shown
    assert len(second) < len(first)


def test_each_person_sees_only_their_own_classes_and_places(
    client, student, other_student, class_, course
):
    other = type(client)()
    client.force_login(student)
    other.force_login(other_student)
    elsewhere = class_open_now(course=CoursePageFactory(title="남의 과정"))
    _committed(services.enrol, student, class_)
    _committed(services.enrol, other_student, elsewhere)
    for _visit in range(2):  # made, then from the cache
        mine, theirs = _classes(client), _classes(other)
        assert "개인정보보호법 기초" in mine and "남의 과정" not in mine
        assert "남의 과정" in theirs and "개인정보보호법 기초" not in theirs


def test_an_enrolment_and_a_cancellation_show_at_once(client, student, class_):
    client.force_login(student)
    assert "개인정보보호법 기초" not in _classes(client)
    enrolment = _committed(services.enrol, student, class_)
    assert "개인정보보호법 기초" in _classes(client)
    assert "개인정보보호법 기초" in _upcoming(client)
    _committed(services.cancel, enrolment)
    assert "개인정보보호법 기초" not in _classes(client)
    assert "개인정보보호법 기초" not in _upcoming(client)


def test_a_waitlist_place_moves_up_when_someone_else_leaves(client, student, class_):
    _committed(services.enrol, UserFactory(), class_)
    ahead = _committed(services.enrol, UserFactory(), class_)
    _committed(services.enrol, student, class_)
    client.force_login(student)
    assert "대기 2번" in _classes(client)
    _committed(services.cancel, ahead)  # another person's change
    assert "대기 1번" in _classes(client)


def test_an_instructors_mark_shows_in_the_progress(client, student, instructor, class_, _clock):
    """A mark that completes nothing yet: one session of two."""
    first = class_.sessions.get()
    Session.objects.create(
        course_class=class_,
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
    )
    enrolment = _committed(services.enrol, student, class_)
    client.force_login(student)
    _clock.move_to(first.starts_at + timedelta(minutes=10))
    assert "출석 0/2회" in _classes(client)
    _committed(attendance.mark, first, enrolment, "present", actor=instructor)
    assert "출석 1/2회" in _classes(client)


def test_a_session_moved_or_cancelled_shows_at_once(client, student, class_):
    _committed(services.enrol, student, class_)
    session = class_.sessions.get()
    client.force_login(student)
    assert session.topic == "" and "옮긴 차시" not in _upcoming(client)
    session.topic = "옮긴 차시"
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    _committed(session.save)
    assert "옮긴 차시" in _upcoming(client)
    session.status = Session.Status.CANCELLED
    _committed(session.save)
    assert "옮긴 차시" not in _upcoming(client)


def test_a_class_cancelled_says_so(client, student, class_):
    _committed(services.enrol, student, class_)
    client.force_login(student)
    assert "기수 취소됨" not in _classes(client)
    class_.status = Class.Status.CANCELLED
    _committed(class_.save)
    assert "기수 취소됨" in _classes(client)


def test_check_in_opens_and_the_class_becomes_past_as_time_goes_by(
    client, student, class_, settings, _clock
):
    """Nothing is written: the page changes because its sessions start and end."""
    _committed(services.enrol, student, class_)
    session = class_.sessions.get()
    client.force_login(student)

    def check_in_links():
        return [a["href"] for a in _page(client).select(f'a[href$="/checkin/{session.pk}/"]')]

    assert check_in_links() == []
    _clock.move_to(session.starts_at - timedelta(minutes=settings.CHECKIN_OPENS_MINUTES))
    assert check_in_links() == [f"/learning/checkin/{session.pk}/"]
    _clock.move_to(session.ends_at - timedelta(seconds=1))
    assert check_in_links() == [f"/learning/checkin/{session.pk}/"]
    _clock.move_to(session.ends_at + timedelta(seconds=1))
    page = _page(client)
    assert "개인정보보호법 기초" not in _section(page, "upcoming-heading")
    assert "개인정보보호법 기초" in _section(page, "past-heading")


def test_a_course_renamed_and_published_shows_its_new_title(client, student, class_, course):
    _committed(services.enrol, student, class_)
    client.force_login(student)
    assert "개인정보보호법 기초" in _classes(client)
    course.title = "개인정보보호법 첫걸음"
    _committed(course.save_revision().publish)
    assert "개인정보보호법 첫걸음" in _classes(client)


def test_each_language_is_kept_apart(client, student, class_):
    _committed(services.enrol, student, class_)
    client.force_login(student)
    assert "수강 확정" in _classes(client)
    client.cookies["django_language"] = "en"
    assert "Enrolled" in _section(_page(client), "current-heading")
    client.cookies["django_language"] = "ko"
    assert "수강 확정" in _classes(client)
