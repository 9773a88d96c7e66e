"""Count a page's queries with its shared caches cold and then warm."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versions import bump_content_version


def cold_and_warm(client, url: str) -> tuple[int, int]:
    """Queries of a request right after a publish (every content cache stale), then of the
    same request again (served from what the first one cached)."""
    bump_content_version()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)
