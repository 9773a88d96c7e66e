"""Shared set-up for the benchmarks: production-like settings, a WSGI client, timing.

Import this before anything from Django. Each benchmark keeps its data in its own
database (SQLite under var/bench/ unless DATABASE_URL says otherwise).
"""

import io
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("SECRET_KEY", "bench-only-key-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school.settings")
Path(os.environ["VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.versions import bump_content_version  # noqa: E402


def prepare_database() -> None:
    settings.ROOT_URLCONF = "bench.urls"
    # Mail is built and queued as in production but handed to memory, not printed.
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


class WSGIClient:
    """Send requests straight into the WSGI application, as a server would."""

    def __init__(self, cookie: str = "", cold: bool = False):
        self.app = WSGIHandler()
        self.factory = RequestFactory()
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        self.cookie = "; ".join(filter(None, [cookie, f"csrftoken={self.csrf}"]))
        self.cold = cold

    def _call(self, method: str, url: str, body: bytes = b"", **extra) -> int:
        if self.cold:
            bump_content_version()  # as a publish does: every content cache is stale
        path, _, query = url.partition("?")
        environ = self.factory._base_environ(
            PATH_INFO=quote(path),
            QUERY_STRING=quote(query, safe="=&"),
            REQUEST_METHOD=method,
            HTTP_COOKIE=self.cookie,
            **extra,
        )
        environ["wsgi.input"] = io.BytesIO(body)
        status = []
        body = self.app(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        body.close()
        return int(status[0].split()[0])

    def get(self, url: str) -> int:
        return self._call("GET", url)

    def post(self, url: str, data: dict | None = None, **headers) -> int:
        body = urlencode(data or {}).encode()
        return self._call(
            "POST",
            url,
            body,
            HTTP_X_CSRFTOKEN=self.csrf,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
            **headers,
        )


def measure(client: WSGIClient, url: str, requests: int, rounds: int = 5) -> float:
    """Return the best requests-per-second over several rounds (least disturbed by noise)."""
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(requests):
            status = client.get(url)
        elapsed = time.perf_counter() - start
        assert status == 200, (url, status)
        results.append(requests / elapsed)
    return max(results)


def queries(client: WSGIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def session_cookie(user) -> str:
    """Return a Cookie header for the user, as the login view would set up."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
