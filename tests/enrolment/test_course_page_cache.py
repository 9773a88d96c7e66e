"""A signed-in person's course page reads the classes, their place in each and their
lessons done from the cache: every change shows at once, and nobody sees another's."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Session
from enrolment import completion, services
from tests.factories import ClassFactory, LessonPageFactory, UserFactory, class_open_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    return class_open_now(course=course)


def _card(client, course, class_) -> str:
    page = BeautifulSoup(client.get(course.url).content, "html.parser")
    return page.find(id=f"class-{class_.pk}").get_text(" ", strip=True)


def _committed(action, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)


def test_each_person_sees_their_own_place_and_the_seats_as_they_are(
    client, course, class_, student, other_student
):
    other = type(client)()
    client.force_login(student)
    other.force_login(other_student)
    assert _card(client, course, class_).endswith("신청")
    assert "1석 중 1석" in _card(other, course, class_)
    _committed(services.enrol, student, class_)
    assert "수강이 확정되었습니다" in _card(client, course, class_)
    seen_by_other = _card(other, course, class_)
    assert "1석 중 0석" in seen_by_other and "수강이 확정되었습니다" not in seen_by_other
    _committed(services.enrol, other_student, class_)
    assert "대기 1번입니다" in _card(other, course, class_)
    assert "수강이 확정되었습니다" in _card(client, course, class_)


def test_a_waitlist_place_moves_up_when_someone_ahead_leaves(
    client, course, class_, student, other_student
):
    seated = _committed(services.enrol, student, class_)
    ahead = _committed(services.enrol, UserFactory(), class_)
    _committed(services.enrol, other_student, class_)
    client.force_login(other_student)
    assert "대기 2번입니다" in _card(client, course, class_)
    _committed(services.cancel, ahead)
    assert "대기 1번입니다" in _card(client, course, class_)
    _committed(services.cancel, seated)
    assert "수강이 확정되었습니다" in _card(client, course, class_)


def test_a_second_look_asks_only_for_the_page_and_the_person(client, course, class_, student):
    client.force_login(student)
    _card(client, course, class_)
    with CaptureQueriesContext(connection) as again:
        _card(client, course, class_)
    tables = {q["sql"].split('FROM "')[1].split('"')[0] for q in again.captured_queries}
    assert tables <= {"django_session", "school_user", "cms_coursepage", "wagtailcore_page"}, tables


def test_a_class_that_has_ended_leaves_the_page_though_nothing_was_written(
    client, course, student, _clock
):
    now = timezone.now()
    ending = ClassFactory(course=course, sessions=0)
    Session.objects.create(
        course_class=ending, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(minutes=10)
    )
    client.force_login(student)
    assert f'id="class-{ending.pk}"' in client.get(course.url).content.decode()
    _clock.move_to(now + timedelta(minutes=11))
    assert f'id="class-{ending.pk}"' not in client.get(course.url).content.decode()


def test_lessons_done_show_at_once_and_only_to_the_person(client, course, student, other_student):
    lessons = [LessonPageFactory(course=course, publish=True) for _ in range(2)]
    client.force_login(student)

    def progress():
        page = BeautifulSoup(client.get(course.url).content, "html.parser")
        return page.select_one(".my-progress").text

    assert "수업 2개 중 0개 마침" in progress()
    _committed(completion.set_lesson_done, student, lessons[0], course, is_done=True)
    assert "수업 2개 중 1개 마침" in progress()
    client.force_login(other_student)
    assert "수업 2개 중 0개 마침" in progress()
