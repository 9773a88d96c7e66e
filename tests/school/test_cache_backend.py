"""The shared cache is Django's Redis backend, with one client per connection pool instead
of one per call; it must still store, read and forget as Django's does, from any thread."""

from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache


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
