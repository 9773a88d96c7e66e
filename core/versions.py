"""Cache rendered content until anything published changes.

Every cached fragment's key includes the content version; publishing, unpublishing,
moving or deleting a page, or editing a track or capability area, bumps it, so no edit
waits for a timeout. Live data shown on a cached page (a course's classes and seats)
has a version of its own, a dependency, bumped when it changes. With Redis configured,
all app servers share the versions.
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache  # noqa: F401 - shared with school.page_cache

VERSION_KEY = "cms:content-version"
TIMEOUT = 60 * 60


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = bump_content_version()
    return version


def bump_content_version(**kwargs) -> str:
    version = f"{time.time_ns():x}"
    cache.set(VERSION_KEY, version, timeout=None)
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
    names = list(names)
    found = cache.get_many([_version_key(name) for name in names])
    versions = {}
    for name in names:
        versions[name] = found.get(_version_key(name)) or bump_dependency(name)
    return versions


def bump_dependency(name: str) -> str:
    version = f"{time.time_ns():x}"
    cache.set(_version_key(name), version, timeout=None)
    return version
