"""Enrolments per second under contention, and a course page with 20 upcoming classes.

Run on PostgreSQL (the default here; it is what takes the row locks):
    .venv/bin/python -m bench.enrolment [--people 400] [--clients 8]
DATABASE_URL overrides the database (default: postgres://postgres@127.0.0.1:5432/school_bench,
created if missing).

Eight clients, each on its own thread and connection, POST enrolments for different
people into one class at once: every request takes the class's row lock, so this is
the worst case. Afterwards the roster is checked: never more enrolled than seats, and
a waitlist numbered 1..N. Ratios are against the bare view served the same way.
"""

import argparse
import os
import sys
import threading
import time
from datetime import timedelta

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/school_bench")


def _create_database() -> None:
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        return
    admin = {k.lower(): v for k, v in config.items() if k in ("USER", "PASSWORD", "HOST", "PORT")}
    with psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in admin.items() if v}
    ) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not exists.fetchone():
            db.execute(f'CREATE DATABASE "{config["NAME"]}"')


_create_database()

from bench.harness import WSGIClient, connection, measure, prepare_database, queries, session_cookie  # noqa: E402,I001
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.models import CatalogPage, CoursePage, Track  # noqa: E402
from courses.models import Class, Session  # noqa: E402
from enrolment import services  # noqa: E402
from enrolment.models import Enrolment  # noqa: E402

User = get_user_model()


def _course(slug: str) -> CoursePage:
    existing = CoursePage.objects.filter(slug=slug).first()
    if existing:
        return existing
    track, _ = Track.objects.get_or_create(slug="bench", defaults={"name": "벤치마크"})
    course = CoursePage(title=f"벤치마크 {slug}", slug=slug, track=track, summary="벤치마크 과정")
    CatalogPage.objects.get().add_child(instance=course)
    return course


def _class(course, title: str, capacity: int, starts_in_days: int) -> Class:
    now = timezone.now()
    class_ = Class.objects.create(
        course=course,
        title=title,
        capacity=capacity,
        status=Class.Status.OPEN,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=30),
    )
    starts = now + timedelta(days=starts_in_days)
    Session.objects.create(
        course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    return class_


def contended_enrolments(people: int, clients: int) -> tuple[float, Class]:
    class_ = _class(_course("bench-contended"), f"경합 {time.time_ns()}", 50, 10)
    users = [User(username=f"bench-{class_.pk}-{n}") for n in range(people)]
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith=f"bench-{class_.pk}-"))
    cookies = [session_cookie(user) for user in users]
    url = f"/learning/classes/{class_.pk}/enrol/"
    barrier = threading.Barrier(clients)
    failures = []

    def worker(share):
        try:
            barrier.wait()
            for cookie in share:
                status = WSGIClient(cookie=cookie).post(url)
                if status != 302:
                    failures.append(status)
        finally:
            connection.close()

    shares = [cookies[i::clients] for i in range(clients)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    assert not failures, failures[:5]
    return people / elapsed, class_


def check_roster(class_: Class) -> str:
    enrolled = class_.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    waiting = class_.enrolments.filter(status=Enrolment.Status.WAITLISTED)
    positions = sorted(services.waitlist_position(e) for e in waiting)
    assert enrolled == class_.capacity, (enrolled, class_.capacity)
    assert positions == list(range(1, len(positions) + 1))
    return f"{enrolled} enrolled of {class_.capacity}, waitlist 1..{len(positions)} without gaps"


def threaded_bare_rate(clients: int, requests: int) -> float:
    barrier = threading.Barrier(clients)

    def worker():
        client = WSGIClient()
        barrier.wait()
        for _ in range(requests // clients):
            client.get("/bench/bare/")
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return requests / (time.perf_counter() - start)


def course_page_with_classes(count: int) -> CoursePage:
    course = _course(f"bench-classes-{count}")
    missing = count - course.classes.count()
    for n in range(missing):
        _class(course, f"{n + 1}기", 20, 7 + n)
    return course


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    prepare_database()

    bare_threaded = threaded_bare_rate(args.clients, args.requests)
    rate, class_ = contended_enrolments(args.people, args.clients)
    print(f"{connection.vendor}; {args.clients} clients, {args.people} enrolments into one class")
    print(
        f"enrolments per second      {rate:>8.0f}  ({rate / bare_threaded:.1%} of the bare view's"
        f" {bare_threaded:.0f} req/s with the same clients)"
    )
    print(f"roster afterwards          {check_roster(class_)}")

    student = User.objects.get_or_create(username="bench-reader")[0]
    visitors = {"anonymous": WSGIClient(), "signed in": WSGIClient(cookie=session_cookie(student))}
    bare = measure(visitors["anonymous"], "/bench/bare/", args.requests)
    counts = {}
    print(f"{'course page':<30}{'req/s':>8}{'ratio':>8}{'queries':>9}")
    for classes in (5, 20):
        url = course_page_with_classes(classes).url
        for name, client in visitors.items():
            client.get(url)
            counts[(name, classes)] = queries(client, url)
            if classes == 20:
                rate = measure(client, url, args.requests // (1 if name == "anonymous" else 10))
                print(
                    f"{name + ', 20 classes':<30}{rate:>8.0f}{rate / bare:>8.0%}"
                    f"{counts[(name, classes)]:>9}"
                )
    print(f"{'bare view':<30}{bare:>8.0f}{1:>8.0%}{0:>9}")
    constant = all(counts[(name, 5)] == counts[(name, 20)] for name in visitors)
    print("queries constant from 5 to 20 classes: " + ("yes" if constant else f"no {counts}"))
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
