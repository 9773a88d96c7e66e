"""A seat storm through a real server on PostgreSQL: many people enrolling in one class.

Run (Debian's `wrk` and `redis-server`, a PostgreSQL server; `make bench-contention`):
    .venv/bin/python -m bench.contention [--database-url postgres://…/bench_contention]

Builds the Korean demo school in a fresh PostgreSQL database (dropped and made again),
signs in a few thousand people, and starts gunicorn (ops/gunicorn.conf.py, two workers,
DEBUG off, Redis cache). wrk then sends, on eight connections at once, htmx enrolment
POSTs for one class, each from the next person: the first take the seats, the rest join
the waitlist, every one under the class's row lock, with its history, its e-mail and .ics
queued after the commit. Beside it, in every round, the floor: a bare view that locks one
row of the same table, updates it and answers (bench/urls.py), with the same session and
CSRF headers. Prints req/s, the ratio and p50/p99 (the median over interleaved rounds)
and exits 1 below the target in docs/performance.md.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys

import psycopg

from bench.server import (
    ROOT,
    SERVER_ENV,
    Result,
    _free_port,
    _wait_for,
    build_demo_school,
    run_django,
    start_redis,
    wrk,
)

TARGET = 0.20  # enrolment req/s against the bare single-row update's
PEOPLE_SCRIPT = """
import json, sys
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils import timezone
from importlib import import_module
from courses.models import Class

now = timezone.now()
class_ = (
    Class.objects.published().with_schedule()
    .filter(status=Class.Status.OPEN, enrolment_opens_at__lte=now,
            enrolment_closes_at__gt=now + timedelta(hours=1), first_starts_at__gt=now)
    .filter(course__prerequisites__isnull=True)
    .order_by("first_starts_at").first()
)
User = get_user_model()
people = User.objects.bulk_create(
    User(username=f"storm{n}", email=f"storm{n}@example.org", name=f"참가자{n}")
    for n in range(int(sys.argv[1]))
)
store = import_module(settings.SESSION_ENGINE).SessionStore
cookies = []
for user in User.objects.filter(username__startswith="storm"):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
print(json.dumps({"class": class_.pk, "cookies": cookies}))
"""

LUA = """
local cookies = {%(cookies)s}
local n = %(start)d
request = function()
  n = n + 1
  local headers = {}
  headers["Cookie"] = cookies[(n %% #cookies) + 1] .. "; csrftoken=%(token)s"
  headers["X-CSRFToken"] = "%(token)s"
  headers["HX-Request"] = "true"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "%(path)s", headers, "")
end
"""


def _fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bench_contention"
    )
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=4, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"bench.contention needs {tool}: `make bench-contention` installs it")

    _fresh_database(args.database_url)
    var_dir = ROOT / "var" / "bench-contention"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    redis_port, web_port = _free_port(), _free_port()
    env = {
        **os.environ,
        **SERVER_ENV,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": args.database_url,
        # As in production: mail is written by the task worker (not running here), so the
        # request queues a task and the row stays in the queue.
        "TASK_WORKER": "true",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BIND": f"127.0.0.1:{web_port}",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
    }
    processes = []
    try:
        processes.append(start_redis(redis_port))
        print("Building the demo school on PostgreSQL …", flush=True)
        build_demo_school(env)
        out = run_django(env, PEOPLE_SCRIPT, str(args.people))
        found = json.loads(out.strip().splitlines()[-1])
        token = secrets.token_hex(16)  # 32 characters: a CSRF secret as the cookie holds it
        cookies = ", ".join(f'"{c}"' for c in found["cookies"])
        paths = {
            "bare update": f"/bench/bare-update/{found['class']}/",
            "enrol": f"/learning/classes/{found['class']}/enrol/",
        }

        def script(name: str, number: int) -> str:
            """Each round starts further down the list: every enrolment is someone new."""
            path = var_dir / f"{name.replace(' ', '-')}-{number}.lua"
            start = number * len(found["cookies"]) // (args.rounds + 1)
            path.write_text(
                LUA % {"cookies": cookies, "token": token, "path": paths[name], "start": start}
            )
            return str(path)

        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "ops/gunicorn.conf.py"]
            + ["--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
        )
        processes.append(server)
        base = f"http://127.0.0.1:{web_port}"
        _wait_for(f"{base}/healthz")
        rounds: list[dict[str, Result]] = []
        for number in range(1, args.rounds + 1):
            print(f"Round {number} of {args.rounds} …", flush=True)
            rounds.append(
                {
                    name: wrk(
                        base + "/",
                        seconds=args.seconds,
                        connections=args.connections,
                        script=script(name, number),
                    )
                    for name in paths
                }
            )
        enrolled = run_django(
            env,
            "from enrolment.models import Enrolment\n"
            f"rows = Enrolment.objects.filter(course_class_id={found['class']})\n"
            "print(rows.filter(status='enrolled').count(), "
            "rows.filter(status='waitlisted').count())",
        ).split()
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    print(f"\n{'request':<26} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8}")
    ratio = None
    for name in paths:
        rps = statistics.median(r[name].rps for r in rounds)
        p50 = statistics.median(r[name].p50_ms for r in rounds)
        p99 = statistics.median(r[name].p99_ms for r in rounds)
        ratios = [r[name].rps / r["bare update"].rps for r in rounds]
        ratio = statistics.median(ratios)
        print(f"{name:<26} {rps:>8.0f} {ratio:>7.1%} {p50:>8.2f} {p99:>8.2f}")
    print(f"\nThe class now holds {enrolled[0]} enrolled and {enrolled[1]} waiting.")
    if ratio < TARGET:
        print(f"\nMissed: enrolment {ratio:.1%} of the bare update < {TARGET:.0%}")
        return 1
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
