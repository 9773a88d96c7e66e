"""The shared cache is Django's Redis backend, with one client per connection pool instead
of one per call; it must still store, read and forget as Django's does, from any thread.
What is kept under versions is also copied in each process (KeptCache)."""

from concurrent.futures import ThreadPoolExecutor

import redis
from django.core.cache import cache

from school.cache import KeptCache


def test_one_redis_client_serves_every_call_and_values_round_trip(redis_server, settings):
    settings.CACHES = {"default": {"BACKEND": "school.cache.RedisCache", "LOCATION": redis_server}}
    cache.clear()
    cache.set("계획", {"steps": [1, 2]}, 60)
    assert cache.get("계획") == {"steps": [1, 2]}
    assert cache.add("계획", "다른 값") is False
    assert cache.get_many(["계획", "없음"]) == {"계획": {"steps": [1, 2]}}
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client

    def bump(n):
        cache.set(f"version:{n}", n)
        return cache.get(f"version:{n}")

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(bump, range(64))) == list(range(64))
    cache.delete("계획")
    assert cache.get("계획") is None


def _kept(location, shared_alias="default"):
    return KeptCache(location, {"TIMEOUT": 60, "OPTIONS": {"SHARED": shared_alias}})


def test_what_is_kept_is_copied_in_each_process_and_shared_through_redis(redis_server, settings):
    """Two app processes (two copies, one Redis): what one makes, the other finds; once
    read, a copy is served without asking Redis."""
    settings.CACHES = {"default": {"BACKEND": "school.cache.RedisCache", "LOCATION": redis_server}}
    cache.clear()
    first, second = _kept("first-process"), _kept("second-process")
    key = "plan:person:7:v1"
    first.set(key, ["백업 첫걸음"], 60)
    assert cache.get(key) == ["백업 첫걸음"]  # in Redis for every process
    assert second.get(key) == ["백업 첫걸음"]
    commands = _commands(redis_server)
    assert second.get(key) == ["백업 첫걸음"] and first.get(key) == ["백업 첫걸음"]
    assert _commands(redis_server) - commands == 1  # only the INFO call counting them
    assert second.get("plan:person:7:v2", "없음") == "없음"  # a new version is a new key
    first.clear()
    assert cache.get(key) is None and first.get(key) is None


def test_a_timeout_of_nothing_keeps_nothing_anywhere(redis_server, settings):
    """As Django's caches do (previews are rendered with a timeout of 0)."""
    settings.CACHES = {"default": {"BACKEND": "school.cache.RedisCache", "LOCATION": redis_server}}
    cache.clear()
    kept = _kept("preview")
    kept.set("template.cache.lesson.preview", "초안", 0)
    assert kept.get("template.cache.lesson.preview") is None


def _commands(url) -> int:
    return redis.Redis.from_url(url).info("stats")["total_commands_processed"]
