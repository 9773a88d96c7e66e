"""The page a path names comes from the cache; publishing, moving and access rules apply at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def _tree_walks(captured) -> int:
    """Queries that look a page up by its slug under a parent: Wagtail's routing."""
    return sum('"wagtailcore_page"."slug" =' in q["sql"] for q in captured.captured_queries)


def _heading(response) -> str:
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(course=course, title="개인정보란 무엇인가", slug="what-is-it")


def test_a_second_visit_finds_the_page_without_walking_the_tree(client, instructor, lesson):
    client.force_login(instructor)
    with CaptureQueriesContext(connection) as first:
        assert _heading(client.get(lesson.url)) == "개인정보란 무엇인가"
    with CaptureQueriesContext(connection) as second:
        assert _heading(client.get(lesson.url)) == "개인정보란 무엇인가"
    assert _tree_walks(first) == 3 and _tree_walks(second) == 0  # catalogue, course, lesson
    assert len(second) < len(first)


def test_an_unpublished_page_is_gone_at_once(client, instructor, lesson):
    client.force_login(instructor)
    assert client.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_renamed_page_moves_at_once(client, instructor, lesson):
    client.force_login(instructor)
    old_url = lesson.url
    assert client.get(old_url).status_code == 200
    lesson.slug = "renamed"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.url != old_url and client.get(old_url).status_code == 404
    assert _heading(client.get(lesson.url)) == "개인정보란 무엇인가"


def test_who_may_see_a_page_is_still_asked_on_every_request(client, instructor, lesson):
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(instructor)
    assert client.get(lesson.url).status_code == 200  # routed and kept in the cache
    client.logout()
    refused = client.get(lesson.url)
    assert refused.status_code == 302 and "login" in refused["Location"]
