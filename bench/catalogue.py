"""Catalogue, course and lesson pages against a bare Django view, with 200 courses.

Run: .venv/bin/python bench/catalogue.py [--courses 200] [--requests 200]

Every target is served the same way: a WSGI request into Django's handler with the full
middleware stack, in one process, as an anonymous visitor, so the ratio to the bare view
shows what the page itself costs. Prints requests per second, the ratio and queries.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("SECRET_KEY", "bench-only-key-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cms.models import CatalogPage, CourseCapability, CoursePage, LessonPage, Track  # noqa: E402
from organisations.models import CapabilityArea  # noqa: E402

QUERY_LIMIT = 15
TARGET_RATIO = 0.25


def seed(count: int) -> None:
    existing = CoursePage.objects.count()
    if existing >= count:
        return
    catalog = CatalogPage.objects.get()
    tracks = [
        Track.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": i})[0]
        for i, (slug, name) in enumerate(
            [("tech", "기술"), ("project", "프로젝트 관리"), ("law", "법·제도")]
        )
    ]
    areas = [
        CapabilityArea.objects.get_or_create(slug=f"area-{i}", defaults={"name": f"역량 영역 {i}"})[
            0
        ]
        for i in range(6)
    ]
    for n in range(existing, count):
        course = CoursePage(
            title=f"벤치마크 과정 {n:03d}",
            slug=f"bench-course-{n:03d}",
            track=tracks[n % 3],
            level=["beginner", "intermediate", "advanced"][n % 3],
            summary="단체 활동가를 위한 실무 과정입니다. " * 3,
            learning_outcomes="첫째\n둘째\n셋째",
            estimated_hours=4 + n % 8,
        )
        course.capabilities = [CourseCapability(area=areas[n % 6], from_stage=1, to_stage=2)]
        catalog.add_child(instance=course)
        for lesson_number in range(3):
            course.add_child(
                instance=LessonPage(
                    title=f"{lesson_number + 1}차시",
                    slug=f"lesson-{lesson_number}",
                    body=[{"type": "markdown", "value": "## 본문\n\n" + "내용입니다. " * 80}],
                )
            )


class WSGIClient:
    """Send GET requests straight into the WSGI application, as a server would."""

    def __init__(self, cookie: str = "", cold: bool = False):
        self.app = WSGIHandler()
        self.factory = RequestFactory()
        self.cookie = cookie
        self.cold = cold

    def get(self, url: str) -> int:
        if self.cold:
            cache.clear()
        path, _, query = url.partition("?")
        environ = self.factory._base_environ(
            PATH_INFO=quote(path),
            QUERY_STRING=quote(query, safe="=&"),
            REQUEST_METHOD="GET",
            HTTP_COOKIE=self.cookie,
        )
        status = []
        body = self.app(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        body.close()
        return int(status[0].split()[0])


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    Path(os.environ["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    settings.ROOT_URLCONF = "bench.urls"
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed(args.courses)

    course = CoursePage.objects.live().order_by("path")[args.courses // 2]
    lesson = LessonPage.objects.live().child_of(course).first()
    targets = {
        "bare view": "/bench/bare/",
        "catalogue": "/courses/",
        "catalogue, filtered": "/courses/?track=law&level=advanced&q=과정",
        "course page": course.url,
        "lesson page": lesson.url,
    }
    visitors = {
        "anonymous": WSGIClient(),
        "signed in": WSGIClient(cookie=_session_cookie()),
        "cold cache": WSGIClient(cold=True),
    }
    print(
        f"{CoursePage.objects.count()} courses, {LessonPage.objects.count()} lessons, "
        f"{connection.vendor}; best of 5 rounds of {args.requests} requests"
    )
    print("anonymous: the shared page cache; signed in: content fragments cached, page")
    print("rendered per person; cold cache: every cache emptied before every request.")
    print(f"{'visitor':<12}{'page':<22}{'req/s':>9}{'ratio':>8}{'queries':>9}")
    bare = measure(visitors["anonymous"], targets["bare view"], args.requests)
    failures = []
    for visitor, client in visitors.items():
        for url in targets.values():
            client.get(url)  # warm caches, as a running server has
        for name, url in targets.items():
            if name == "bare view":
                continue
            count = queries(client, url)
            rate = measure(client, url, args.requests // (10 if client.cold else 1))
            ratio = rate / bare
            print(f"{visitor:<12}{name:<22}{rate:>9.0f}{ratio:>8.0%}{count:>9}")
            if count > QUERY_LIMIT or (visitor == "anonymous" and ratio < TARGET_RATIO):
                failures.append(f"{visitor} {name}")
    print(f"{'':<12}{'bare view':<22}{bare:>9.0f}{1:>8.0%}{0:>9}")
    print(
        f"targets: anonymous pages ≥ {TARGET_RATIO:.0%} of the bare view; "
        f"every page ≤ {QUERY_LIMIT} queries"
    )
    print("missed: " + ", ".join(failures) if failures else "all targets met")
    return 1 if failures else 0


def _session_cookie() -> str:
    """Return a Cookie header for a signed-in activist, as the login view would set up."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(username="bench-activist")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


if __name__ == "__main__":
    sys.exit(main())
