"""Cached pages never show stale content: every publish shows at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def text_of(client, url) -> str:
    return BeautifulSoup(client.get(url).content, "html.parser").find("main").get_text(" ")


def test_second_view_of_a_lesson_is_served_from_cache_with_fewer_queries(client, course):
    lesson = LessonPageFactory(course=course)
    with CaptureQueriesContext(connection) as first:
        client.get(lesson.url)
    with CaptureQueriesContext(connection) as second:
        client.get(lesson.url)
    assert len(second) < len(first)


def test_publishing_a_new_lesson_shows_on_the_cached_course_page(client, course):
    assert "새로 쓴 수업" not in text_of(client, course.url)
    LessonPageFactory(course=course, title="새로 쓴 수업", publish=True)
    assert "새로 쓴 수업" in text_of(client, course.url)


def test_editing_a_lesson_title_updates_its_neighbours_pages(client, course):
    first = LessonPageFactory(course=course, title="첫 수업")
    second = LessonPageFactory(course=course, title="둘째 수업")
    assert "둘째 수업" in text_of(client, first.url)
    second.title = "고친 둘째 수업"
    second.save_revision().publish()
    assert "고친 둘째 수업" in text_of(client, first.url)


def test_catalogue_shows_new_and_hides_unpublished_courses_at_once(client, course):
    assert "개인정보보호법 기초" in text_of(client, "/courses/")
    CoursePageFactory(title="새 과정")
    course.unpublish()
    page = text_of(client, "/courses/")
    assert "새 과정" in page
    assert "개인정보보호법 기초" not in page


def test_preview_shows_the_draft_not_the_cached_live_page(client, staff, course):
    lesson = LessonPageFactory(course=course, title="공개된 제목")
    client.get(lesson.url)  # fill the cache with the live page
    client.force_login(staff)
    form = {
        "title": "미리보기 제목",
        "slug": lesson.slug,
        "summary": "",
        "duration_minutes": "50",
        "body-count": "1",
        "body-0-type": "markdown",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": "미리보기 본문",
        "body-0-id": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    preview_url = f"/admin/pages/{lesson.pk}/edit/preview/"
    assert client.post(preview_url, form).json()["is_valid"]
    assert "미리보기 본문" in client.get(preview_url).content.decode()
    client.logout()
    assert "미리보기 본문" not in text_of(client, lesson.url)


def test_restricting_a_cached_lesson_hides_it_from_anonymous_visitors_at_once(client, course):
    lesson = LessonPageFactory(course=course, title="회원 전용 수업")
    assert client.get(lesson.url).status_code == 200  # now cached
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="비밀"
    )
    response = client.get(lesson.url)
    assert "회원 전용 수업" not in text_of(client, course.url)
    assert b"lesson__body" not in response.content
