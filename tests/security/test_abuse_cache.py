"""Visitors choose query strings, not cache keys: the shared page cache keys only on the
parameters pages read, and each client adds only so many entries a minute. Run against
the in-memory cache and against a Redis server of our own."""

import itertools

import pytest
import redis
from bs4 import BeautifulSoup
from django.core.cache import cache

from cms.models import catalog
from tests.factories import CoursePageFactory, TrackFactory

pytestmark = pytest.mark.django_db
CATALOG = "/courses/"
COURSES = [  # title, track, level
    ("클라우드 협업 도구 입문", "tech", "beginner"),
    ("백업과 복구 실천", "tech", "intermediate"),
    ("개인정보보호법 기초", "law", "beginner"),
    ("저작권과 오픈 라이선스", "law", "advanced"),
]
# Every combination of the track and level filters ("": not filtered), as a query string
# and the titles it must list.
FILTERS = [
    (
        "&".join(f"{name}={value}" for name, value in (("track", t), ("level", lv)) if value),
        sorted(title for title, track, level in COURSES if t in ("", track) and lv in ("", level)),
    )
    for t, lv in itertools.product(
        ["", "tech", "law"], ["", "beginner", "intermediate", "advanced"]
    )
]


@pytest.fixture
def catalogue():
    tracks = {slug: TrackFactory(name=slug, slug=slug) for slug in ("tech", "law")}
    for title, track, level in COURSES:
        CoursePageFactory(title=title, track=tracks[track], level=level)


# Each process's copies of what is kept under versions, over the shared cache.
KEPT = {"BACKEND": "school.cache.KeptCache", "OPTIONS": {"SHARED": "default"}}


@pytest.fixture(params=["memory", "redis"])
def cache_keys(request, settings):
    """The shared cache, empty, and a function listing the keys it holds."""
    if request.param == "memory":
        # No culling at 300 entries: every key added stays to be counted.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 1_000_000},
            },
            "kept": KEPT,
        }
        return lambda: list(cache._cache)
    url = request.getfixturevalue("redis_server")
    settings.CACHES = {
        "default": {"BACKEND": "school.cache.RedisCache", "LOCATION": url},
        "kept": KEPT,
    }
    cache.clear()
    return lambda: [key.decode() for key in redis.Redis.from_url(url).keys("*")]


def _pages(keys) -> list[str]:
    return [key for key in keys if ":page:" in key]


def _titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.text for a in soup.select(".course-card__title a"))


def test_every_catalogue_filter_is_a_cached_query_parameter(db):
    assert {*catalog.CatalogFilterForm().fields, "page"} == catalog.QUERY_PARAMETERS


def test_distinct_unknown_parameters_add_no_cache_entry(client, catalogue, cache_keys):
    everything = _titles(client.get(CATALOG))  # a visit anyone makes: now it is cached
    before = sorted(cache_keys())
    for n in range(300):
        response = client.get(f"{CATALOG}?utm_source=news{n}")
        assert response.status_code == 200
        assert _titles(response) == everything
    assert sorted(cache_keys()) == before


def test_order_repeats_and_unknown_parameters_share_the_entry_of_what_is_read(
    client, catalogue, cache_keys
):
    assert _titles(client.get(f"{CATALOG}?track=tech&level=beginner")) == [
        "클라우드 협업 도구 입문"
    ]
    before = sorted(cache_keys())
    for query in (
        "level=beginner&track=tech",
        "level=advanced&level=beginner&track=tech",  # a page reads the last value
        "track=tech&level=beginner&utm_medium=mail&fbclid=1",
    ):
        assert _titles(client.get(f"{CATALOG}?{query}")) == ["클라우드 협업 도구 입문"], query
    assert sorted(cache_keys()) == before


def test_every_filter_combination_gets_its_own_right_page_cached_or_not(
    client, catalogue, cache_keys
):
    for _ in range(2):  # the second time round, from the cache
        for query, titles in FILTERS:
            assert _titles(client.get(f"{CATALOG}?{query}")) == titles, query
            fragment = client.get(f"{CATALOG}?{query}", headers={"HX-Request": "true"})
            assert "<html" not in fragment.content.decode()
            assert _titles(fragment) == titles, query
    assert len(_pages(cache_keys())) == 2 * len(FILTERS)  # full page and fragment each


def test_a_client_past_its_budget_is_served_but_adds_nothing(
    client, catalogue, cache_keys, settings
):
    settings.CACHE_ADDITIONS_PER_MINUTE = 5
    for query, titles in FILTERS:
        response = client.get(f"{CATALOG}?{query}")
        assert response.status_code == 200
        assert _titles(response) == titles, query
    assert len(_pages(cache_keys())) == 5
    # Another client still adds its own, and pages already stored are served to anyone.
    query, titles = FILTERS[-1]
    assert _titles(client.get(f"{CATALOG}?{query}", REMOTE_ADDR="192.0.2.7")) == titles
    assert len(_pages(cache_keys())) == 6


def test_one_ipv6_network_has_one_budget(client, catalogue, cache_keys, settings):
    settings.CACHE_ADDITIONS_PER_MINUTE = 2
    for n, (query, _) in enumerate(FILTERS[:4], start=1):
        client.get(f"{CATALOG}?{query}", REMOTE_ADDR=f"2001:db8:0:1::{n}")
    assert len(_pages(cache_keys())) == 2
    client.get(f"{CATALOG}?{FILTERS[4][0]}", REMOTE_ADDR="2001:db8:0:2::1")
    assert len(_pages(cache_keys())) == 3


def test_a_pretend_htmx_header_gets_the_full_page_and_no_entry_of_its_own(
    client, catalogue, cache_keys
):
    client.get(CATALOG)
    before = sorted(cache_keys())
    for value in ("1", "yes", "TRUE"):
        assert "<html" in client.get(CATALOG, headers={"HX-Request": value}).content.decode()
    assert sorted(cache_keys()) == before


def test_page_links_carry_the_filters_read_and_nothing_else(client, catalogue, monkeypatch):
    monkeypatch.setattr(catalog, "PAGE_SIZE", 1)
    client.get(f"{CATALOG}?level=beginner&utm_source=secret-campaign&level=beginner")
    response = client.get(f"{CATALOG}?level=beginner")  # the results come from the cache
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a["href"] for a in soup.select(".pagination a")] == ["?level=beginner&page=2"]
    last = client.get(f"{CATALOG}?level=beginner&page=2")
    assert _titles(client.get(f"{CATALOG}?level=beginner&page=99999")) == _titles(last)
