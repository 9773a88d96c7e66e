"""Cache rendered content until anything published changes.

Every cached fragment's key includes the content version; publishing, unpublishing,
moving or deleting a page, or editing a track or capability area, bumps it, so no edit
waits for a timeout. Live data shown on a cached page (a course's classes and seats)
has a version of its own, a dependency, bumped when it changes. With Redis configured,
all app servers share the versions.

Within one request each version (and what `held` is given) is read from the shared cache
once: the request sees one consistent state of the school, and a signed-in page that
reads the content version in six places asks Redis once. A change the request itself
makes is seen at once; changes elsewhere show from the next request.
"""

import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.cache import (
    cache,  # noqa: F401 - shared with school.page_cache
    caches,
)
from django.utils.connection import ConnectionProxy

# For what is kept under a key that names the versions it was made from: each process
# keeps a copy too (school.cache.KeptCache). The versions themselves live in `cache`.
kept = ConnectionProxy(caches, "kept")

VERSION_KEY = "cms:content-version"
TIMEOUT = 60 * 60


# What this request has read already; None outside a request (every read goes through).
_read: ContextVar[dict | None] = ContextVar("versions_read", default=None)


class VersionsPerRequestMiddleware:
    """Hold what a request reads of the versions for the rest of that request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read.set({})
        try:
            return self.get_response(request)
        finally:
            _read.reset(token)


def held(key: str, read: Callable[[], object]):
    """`read()`, once per request for `key`; its result must not be None."""
    seen = _read.get()
    if seen is None:
        return read()
    if key not in seen:
        seen[key] = read()
    return seen[key]


def _remember(key: str, value) -> None:
    seen = _read.get()
    if seen is not None:
        seen[key] = value


# Versions of live data that most signed-in pages read (the school's schedule, roles,
# organisations' standing): asked for together with the content version, in one round trip.
_READ_WITH_CONTENT: list[str] = []


def read_with_content(name: str) -> str:
    """Name a dependency most requests read, to be fetched with the content version."""
    _READ_WITH_CONTENT.append(name)
    return name


def content_version() -> str:
    return held(VERSION_KEY, _read_content_version)


def _read_content_version() -> str:
    keys = [_version_key(name) for name in _READ_WITH_CONTENT]
    found = cache.get_many([VERSION_KEY, *keys])
    for key in keys:
        if key in found:  # one missing is made when it is first asked for
            _remember(key, found[key])
    return found.get(VERSION_KEY) or bump_content_version()


def bump_content_version(**kwargs) -> str:
    version = f"{time.time_ns():x}"
    cache.set(VERSION_KEY, version, timeout=None)
    _remember(VERSION_KEY, version)
    return version


def changed_at(version: str) -> datetime:
    """When a version was made: each is the time of its bump, in nanoseconds."""
    return datetime.fromtimestamp(int(version, 16) / 1e9, tz=UTC)


def cache_timeout(request) -> int:
    # Previews show unsaved drafts: never store them (a timeout of 0 stores nothing).
    return 0 if getattr(request, "is_preview", False) else TIMEOUT


def _version_key(name: str) -> str:
    return f"cms:version:{name}"


def dependency_versions(names) -> dict[str, str]:
    """Return the current version of each named piece of live data (seats, schedules)."""
    keys = {name: _version_key(name) for name in names}
    seen = _read.get() or {}
    missing = [key for key in keys.values() if key not in seen]
    found = cache.get_many(missing) if missing else {}
    versions = {}
    for name, key in keys.items():
        versions[name] = seen.get(key) or found.get(key) or bump_dependency(name)
        _remember(key, versions[name])
    return versions


def bump_dependency(*names: str) -> str:
    """Give each named piece of live data a new version (all of them in one round trip)."""
    version = f"{time.time_ns():x}"
    cache.set_many({_version_key(name): version for name in names}, timeout=None)
    for name in names:
        _remember(_version_key(name), version)
    return version
