"""Load: gunicorn with several workers on PostgreSQL, driven by Locust over loopback.

Run (needs the bench extra, `pip install -e ".[bench]"`, and a local PostgreSQL):
    .venv/bin/python -m bench.load [--users 40] [--spawn-rate 4] [--time 60s] [--workers 4]
DATABASE_URL overrides the database (default: postgres://postgres@127.0.0.1:5432/school_load,
dropped and made afresh each run).

Seeds a small school (courses with lessons, classes of five seats, activists with
personal calendar addresses), starts Redis and gunicorn on free loopback ports, runs
Locust headless for a bounded time (bench/locustfile.py), then prints requests per
second and p50/p95/p99 latency from Locust's statistics, counts 5xx answers in the
server's access log, and checks in the database that no class is over capacity, that
every waitlist is numbered 1..N without gaps, that nobody waits beside a free seat,
and that each enrolment's history ends in its current status. Exits 1 if any fails.
"""

import argparse
import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/school_load"
)
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "load"))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
PASSWORD = "load-test-password-2026"
# Everyone comes from 127.0.0.1 here: lift the per-address limits meant for the internet.
SERVER_ENV = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "CALENDAR_FEED_REQUESTS_PER_MINUTE": "1000000",
    "CACHE_ADDITIONS_PER_MINUTE": "1000000",
    "LOGIN_FAILURE_LIMIT": "1000",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
}


def _fresh_database() -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(DATABASE_URL)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench.load runs on PostgreSQL: set DATABASE_URL to a postgres:// address")
    admin = {k.lower(): v for k, v in config.items() if k in ("USER", "PASSWORD", "HOST", "PORT")}
    with psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in admin.items() if v}
    ) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--spawn-rate", type=int, default=4)
    parser.add_argument("--time", default="60s", help="Locust's --run-time, e.g. 60s or 2m")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--courses", type=int, default=8)
    args = parser.parse_args()

    _fresh_database()
    from bench import harness  # noqa: F401 - sets up Django with production-like settings

    var = Path(os.environ["VAR_DIR"])
    harness.call_command("migrate", verbosity=0)
    # Only our own static files: the load never opens the admin.
    harness.call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["wagtail*", "admin", "fonts"],
    )
    seed_file = var / "seed.json"
    seed_file.write_text(json.dumps(seed(args.courses, people=args.users * 2)))

    redis_port, port = _free_port(), _free_port()
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    log = var / "access.log"
    log.write_text("")
    env = {
        **os.environ,
        **SERVER_ENV,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "ops/gunicorn.conf.py"]
        + ["--access-logfile", str(log)],
        cwd=ROOT,
        env=env,
    )
    host = f"http://127.0.0.1:{port}"
    prefix = var / "locust"
    try:
        _wait_for(f"{host}/healthz", 30)
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
            + ["--headless", "--only-summary", "--loglevel", "WARNING", "--host", host]
            + ["-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.time]
            + ["--stop-timeout", "5", "--csv", str(prefix)],
            cwd=ROOT,
            env={**os.environ, "LOAD_SEED": str(seed_file)},
            check=False,  # Locust exits 1 on any failed request; we judge below
        )
    finally:
        server.terminate()
        server.wait(30)
        redis.terminate()
        redis.wait(10)

    print(f"\n{args.workers} gunicorn workers, {args.users} Locust users for {args.time}")
    report(prefix)
    server_errors = count_server_errors(log)
    print(f"5xx answers in the access log: {server_errors}")
    problems = check_invariants()
    for problem in problems:
        print("INVARIANT BROKEN:", problem)
    if not problems:
        print(f"{places()}: none over capacity, waitlists 1..N without gaps, nobody")
        print("waits beside a free seat, every enrolment's history ends in its status")
    return 1 if server_errors or problems else 0


def seed(courses: int, people: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cms.models import CatalogPage, CoursePage, LessonPage, Track
    from courses.models import Class, Session
    from feeds import tokens as feed_tokens

    User = get_user_model()
    now = timezone.now()
    catalog = CatalogPage.objects.get()
    track = Track.objects.create(slug="load", name="부하 시험")
    course_urls, lesson_urls, class_ids = [], [], []
    for n in range(courses):
        course = CoursePage(
            title=f"부하 시험 과정 {n}", slug=f"load-course-{n}", track=track,
            summary="단체 활동가를 위한 실무 과정입니다.",
        )  # fmt: skip
        catalog.add_child(instance=course)
        course_urls.append(course.get_url())
        for number in range(3):
            lesson = LessonPage(
                title=f"{number + 1}차시", slug=f"lesson-{number}",
                body=[{"type": "markdown", "value": "## 본문\n\n" + "내용입니다. " * 60}],
            )  # fmt: skip
            course.add_child(instance=lesson)
            lesson_urls.append(lesson.get_url())
        for term in range(2):
            class_ = Class.objects.create(
                course=course, title=f"{term + 1}기", capacity=5, status=Class.Status.OPEN,
                enrolment_opens_at=now - timedelta(days=1),
                enrolment_closes_at=now + timedelta(days=20),
            )  # fmt: skip
            for week in range(2):
                starts = now + timedelta(days=30 + 7 * week)
                Session.objects.create(
                    course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
                )
            class_ids.append(class_.pk)
    password = make_password(PASSWORD)  # hashed once: the same for every account
    users = User.objects.bulk_create(
        User(username=f"load{n:03d}", name=f"활동가{n}", password=password) for n in range(people)
    )
    return {
        "catalogue": catalog.get_url(),
        "courses": course_urls,
        "lessons": lesson_urls,
        "classes": class_ids,
        "password": PASSWORD,
        "users": [[user.username, feed_tokens.regenerate(user)] for user in users],
    }


def report(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(f"{'':<16}{'requests':>9}{'failed':>7}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  (ms)")
    for row in rows:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<16}{row['Request Count']:>9}{row['Failure Count']:>7}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
        )


def count_server_errors(log: Path) -> int:
    statuses = re.findall(r'" (\d{3}) ', log.read_text())
    return sum(1 for status in statuses if status.startswith("5"))


def places() -> str:
    from django.db.models import Count

    from courses.models import Class
    from enrolment.models import Enrolment

    by_status = dict(
        Enrolment.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return (
        f"{Class.objects.count()} classes, {by_status.get('enrolled', 0)} enrolled, "
        f"{by_status.get('waitlisted', 0)} waiting, {by_status.get('cancelled', 0)} cancelled"
    )


def check_invariants() -> list[str]:
    from courses.models import Class
    from enrolment import services
    from enrolment.models import Enrolment

    EnrolmentStatus = Enrolment.Status
    problems = []
    for class_ in Class.objects.all():
        enrolled = class_.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        waiting = list(class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED))
        positions = sorted(services.waitlist_position(e) for e in waiting)
        if enrolled > class_.capacity:
            problems.append(f"class {class_.pk}: {enrolled} enrolled, {class_.capacity} seats")
        if positions != list(range(1, len(waiting) + 1)):
            problems.append(f"class {class_.pk}: waitlist positions {positions}")
        if waiting and enrolled < class_.capacity:
            problems.append(f"class {class_.pk}: {len(waiting)} waiting beside a free seat")
    for enrolment in Enrolment.objects.prefetch_related("events"):
        events = list(enrolment.events.all())
        if not events or events[-1].to_status != enrolment.status:
            problems.append(f"enrolment {enrolment.pk}: history does not end in its status")
    return problems


if __name__ == "__main__":
    sys.exit(main())
