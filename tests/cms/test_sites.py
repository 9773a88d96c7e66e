"""The Wagtail site of a host comes from the cache, and an edited site is seen at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def _site_queries(captured) -> int:
    return sum('"wagtailcore_site"' in query["sql"] for query in captured.captured_queries)


def test_a_second_page_finds_the_site_without_asking_the_database(client, course):
    client.get("/")
    with CaptureQueriesContext(connection) as second:
        response = client.get(course.url)
    assert response.status_code == 200
    assert _site_queries(second) == 0


def _heading(client, path: str) -> str:
    return BeautifulSoup(client.get(path).content, "html.parser").h1.get_text(strip=True)


def test_a_site_pointed_at_another_page_is_served_from_it_at_once(client, course):
    assert _heading(client, "/") != course.title
    site = Site.objects.get(is_default_site=True)
    site.root_page = course
    site.save()
    assert _heading(client, "/") == course.title


def test_a_host_that_is_not_allowed_is_refused_and_kept_nowhere(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert _site_queries(captured) == 0
