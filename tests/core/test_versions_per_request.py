"""Within a request each version is read from the shared cache once; the request sees its
own changes at once, and the next request sees everyone's."""

import redis
from django.core.cache import cache
from django.test import RequestFactory

from core.versions import (
    VERSION_KEY,
    VersionsPerRequestMiddleware,
    bump_content_version,
    bump_dependency,
    content_version,
    dependency_versions,
)
from tests.factories import UserFactory


def _in_a_request(view):
    return VersionsPerRequestMiddleware(lambda request: view())(RequestFactory().get("/"))


def test_a_request_holds_the_versions_it_read_and_sees_its_own_changes():
    before = content_version()

    def view():
        first = content_version()
        cache.set(VERSION_KEY, "published-on-another-server")
        held = content_version()
        mine = bump_content_version()
        return first, held, mine, content_version()

    first, held, mine, after = _in_a_request(view)
    assert first == held == before
    assert after == mine != before
    assert content_version() == mine  # outside a request every read goes to the cache


def test_dependencies_are_held_per_request_and_bumps_show_at_once():
    start = dependency_versions(["seats"])["seats"]

    def view():
        read = dependency_versions(["seats"])["seats"]
        cache.set("cms:version:seats", "changed-elsewhere")
        held = dependency_versions(["seats"])["seats"]
        bumped = bump_dependency("seats")
        return read, held, bumped, dependency_versions(["seats", "other"])["seats"]

    read, held, bumped, after = _in_a_request(view)
    assert read == held == start
    assert after == bumped
    assert _in_a_request(lambda: dependency_versions(["seats"])["seats"]) == bumped


def test_the_next_request_sees_what_changed_elsewhere():
    _in_a_request(content_version)
    cache.set(VERSION_KEY, "published-on-another-server")
    assert _in_a_request(content_version) == "published-on-another-server"


def test_a_signed_in_page_asks_redis_three_times(client, redis_server, settings, db):
    """The content version comes with the versions most pages read (schedule, roles,
    standing, classes, rules); what is kept under them comes from this process's copy."""
    settings.CACHES = {
        "default": {"BACKEND": "school.cache.RedisCache", "LOCATION": redis_server},
        "kept": {"BACKEND": "school.cache.KeptCache", "OPTIONS": {"SHARED": "default"}},
    }
    cache.clear()
    client.force_login(UserFactory())
    for _ in range(2):
        assert client.get("/courses/").status_code == 200
    stats = redis.Redis.from_url(redis_server)
    before = stats.info("stats")["total_commands_processed"]
    assert client.get("/courses/").status_code == 200
    # The versions, the person's learning version, Wagtail's site root paths; and INFO.
    assert stats.info("stats")["total_commands_processed"] - before == 4
