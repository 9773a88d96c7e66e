"""The caches: Django's Redis backend with one Redis client per connection pool, and a
copy in each process of what is kept under versions.

Django's backend builds a new `redis.Redis` object for every cache call, and a signed-in
page makes a dozen (versions, fragments, the session). The client holds no connection
of its own and is safe to share between threads, so one per pool is enough.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class KeptCache(BaseCache):
    """What is kept under versions: every key names the versions its value was made from
    (core.versions), so a value never changes under its key and each process may keep a
    copy of its own. Reads look in this process first, then in the shared cache (copying
    what they find here); writes go to both. A change bumps a version, which makes new
    keys: nothing needs to be deleted everywhere, and no process can serve a stale copy.

    OPTIONS: SHARED, the alias of the shared cache (default "default"); MAX_ENTRIES, the
    copies one process keeps (least recently used go first). Not for values whose key
    stays the same while they change (sessions, counters, the versions themselves).
    """

    def __init__(self, location, params):
        options = params.get("OPTIONS", {})
        super().__init__({**params, "OPTIONS": {}})
        self._shared_alias = options.get("SHARED", "default")
        self._local = LocMemCache(
            f"kept-{location}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "MAX_ENTRIES": options.get("MAX_ENTRIES", 500)},
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def get(self, key, default=None, version=None):
        found = self._local.get(key, _MISSING, version=version)
        if found is not _MISSING:
            return found
        found = self._shared.get(key, _MISSING, version=version)
        if found is _MISSING:
            return default
        # The shared copy's time left is unknown: keep this one no longer than the default.
        self._local.set(key, found, version=version)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._local.set(key, value, self._local_timeout(timeout), version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, self._local_timeout(timeout), version=version)
        return added

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def clear(self):
        self._local.clear()
        self._shared.clear()

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local.default_timeout
        return min(timeout, self._local.default_timeout)


_MISSING = object()
