"""Catalogue, course and lesson pages against a bare Django view, with 200 courses.

Run: .venv/bin/python -m bench.catalogue [--courses 200] [--requests 200]

Every target is served the same way: a WSGI request into Django's handler with the full
middleware stack, in one process, as an anonymous visitor, so the ratio to the bare view
shows what the page itself costs. Prints requests per second, the ratio and queries.
"""

import argparse
import sys

from django.conf import settings

from bench.harness import (
    WSGIClient,
    connection,
    measure,
    prepare_database,
    queries,
    session_cookie,
)
from cms.models import CatalogPage, CourseCapability, CoursePage, LessonPage, Track
from organisations.models import CapabilityArea

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    prepare_database()
    # The bench is one client adding entries all the time: measure pages, not the limit.
    settings.CACHE_ADDITIONS_PER_MINUTE = 10**9
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
        "signed in": WSGIClient(cookie=_activist_cookie()),
        "cold cache": WSGIClient(cold=True),
    }
    print(
        f"{CoursePage.objects.count()} courses, {LessonPage.objects.count()} lessons, "
        f"{connection.vendor}; best of 5 rounds of {args.requests} requests"
    )
    print("anonymous: the shared page cache; signed in: content fragments cached, page")
    print("rendered per person; cold cache: content version bumped before every request,")
    print("as right after a publish.")
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


def _activist_cookie() -> str:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-activist")
    return session_cookie(user)


if __name__ == "__main__":
    sys.exit(main())
