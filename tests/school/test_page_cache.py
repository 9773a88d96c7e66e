"""Anonymous visitors share cached pages; nobody else ever sees one."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course):
    return LessonPageFactory(course=course, title="동의 받기")


def test_repeat_anonymous_visit_is_served_without_touching_the_database(client, lesson):
    first = client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(lesson.url)
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Language"] == "ko"
    assert second["X-Frame-Options"] == "DENY"  # headers still added on the way out


def test_cached_anonymous_pages_carry_no_csrf_token_or_cookie(client, lesson):
    for _ in range(2):
        response = client.get(lesson.url)
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"x-csrftoken" not in response.content
        assert "csrftoken" not in response.cookies


def test_logged_in_person_never_gets_the_anonymous_page(client, student, lesson):
    client.get(lesson.url)
    client.force_login(student)
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert soup.find("a", href="/accounts/profile/")
    assert "x-csrftoken" in soup.body.get("hx-headers", "")


def test_page_seen_by_a_logged_in_person_is_not_stored_for_anonymous_visitors(
    client, student, lesson
):
    client.force_login(student)
    client.get(lesson.url)
    client.logout()
    client.cookies.clear()
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert not soup.find("a", href="/accounts/profile/")


def test_each_language_gets_its_own_cached_page(client, lesson):
    client.get(lesson.url)
    client.cookies["django_language"] = "en"
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert soup.html["lang"] == "en"


def test_htmx_fragment_and_full_page_are_cached_apart(client, course):
    client.get("/courses/")
    fragment = client.get("/courses/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "<html" in client.get("/courses/").content.decode()


def test_not_found_pages_are_not_cached(client, db):
    client.get("/courses/없는-과정/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/courses/없는-과정/").status_code == 404
    assert len(queries) > 0
