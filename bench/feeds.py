"""The school calendar feed with 2,000 sessions: build time, 200s and 304s per second.

Run: .venv/bin/python -m bench.feeds [--sessions 2000] [--requests 200]

Feeds go through the whole middleware stack like every benchmark here; ratios are
against the bare view served the same way. Three answers are measured: a 200 whose
body comes from the cache (an unchanged feed, the usual case), a 200 built from scratch
(the first request after any change), and a 304 to a client that sends its ETag.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

# Its own database, so the school feed holds just these sessions; and one client asking
# again and again, so the per-client limit is lifted.
os.environ.setdefault("VAR_DIR", str(Path(__file__).resolve().parent.parent / "var/bench-feeds"))
os.environ.setdefault("CALENDAR_FEED_REQUESTS_PER_MINUTE", "1000000")

from django.core.cache import cache  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import WSGIClient, connection, measure, prepare_database  # noqa: E402
from cms.models import CatalogPage, CoursePage, Track  # noqa: E402
from courses.models import Class, Session  # noqa: E402
from feeds import feeds  # noqa: E402

URL = "/calendar/school.ics"


def seed(total: int) -> None:
    """Add courses of 5 classes × 20 weekly sessions until the school has `total` sessions."""
    track, _ = Track.objects.get_or_create(slug="bench", defaults={"name": "벤치마크"})
    now = timezone.now()
    catalog = CatalogPage.objects.get()
    n = CoursePage.objects.filter(slug__startswith="bench-feed-").count()
    while (
        Session.objects.filter(course_class__course__slug__startswith="bench-feed-").count() < total
    ):
        course = CoursePage(
            title=f"캘린더 과정 {n:03d}",
            slug=f"bench-feed-{n:03d}",
            track=track,
            summary="벤치마크",
        )
        catalog.add_child(instance=course)
        for c in range(5):
            class_ = Class.objects.create(
                course=course,
                title=f"2027 {c + 1}기",
                capacity=30,
                status=Class.Status.OPEN,
                place="공동체IT 교육장",
                enrolment_opens_at=now - timedelta(days=60),
                enrolment_closes_at=now + timedelta(days=30),
            )
            first = now - timedelta(days=14) + timedelta(days=c, hours=n % 5)
            Session.objects.bulk_create(
                Session(
                    course_class=class_,
                    starts_at=first + timedelta(weeks=w),
                    ends_at=first + timedelta(weeks=w, hours=2),
                    topic=f"{w + 1}차시",
                    status="cancelled" if w == 7 else "scheduled",
                    cancelled_at=now if w == 7 else None,
                )
                for w in range(20)
            )
        n += 1


def requests_per_second(client: WSGIClient, requests: int, rounds: int = 5, **headers):
    """Return the best rate over several rounds, and the last status seen."""
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(requests):
            status = client._call("GET", URL, **headers)
        best = max(best, requests / (time.perf_counter() - start))
    return best, status


def count_queries(client: WSGIClient, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        client._call("GET", URL, **headers)
    return len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    prepare_database()
    seed(args.sessions)

    feed = feeds.for_school(timezone.now())
    in_feed = feeds.in_window(feed.sessions, feed.now).aggregate(n=Count("pk"))["n"]
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        body = feeds.build(feed)
        builds.append(time.perf_counter() - start)
    build_time = min(builds)

    client = WSGIClient()
    bare = measure(client, "/bench/bare/", args.requests)
    client.get(URL)  # warm: the body is cached under its ETag
    etag = {"HTTP_IF_NONE_MATCH": f'"{feeds.state(feeds.for_school(timezone.now()))["etag"]}"'}
    cached, _ = requests_per_second(client, args.requests)
    not_modified, status = requests_per_second(client, args.requests, **etag)
    assert status == 304, status
    cold_requests = max(args.requests // 40, 3)
    start = time.perf_counter()
    for _ in range(cold_requests):
        cache.clear()  # as after an edit: a new version, built from scratch
        client.get(URL)
    cold = cold_requests / (time.perf_counter() - start)
    rows = [("200, cached body", cached, count_queries(client))]
    cache.clear()
    rows.append(("200, built", cold, count_queries(client)))
    rows.append(("304", not_modified, count_queries(client, **etag)))

    print(f"{connection.vendor}; {in_feed} sessions in the feed, {len(body) / 1e6:.2f} MB")
    print(f"build one feed (query + calendar): {build_time * 1000:.0f} ms, best of 3")
    print(f"{'answer':<20}{'req/s':>9}{'ratio':>9}{'queries':>9}")
    for name, rate, count in rows:
        print(f"{name:<20}{rate:>9.1f}{rate / bare:>9.1%}{count:>9}")
    print(f"{'bare view':<20}{bare:>9.0f}{1:>9.0%}{0:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
