"""The site through a real server: gunicorn (ops/gunicorn.conf.py, two workers) driven by wrk.

Run (Debian's `wrk` and `redis-server`; `make bench-server` installs them):
    .venv/bin/python -m bench.server [--seconds 4] [--rounds 3] [--connections 8]

Builds the Korean demo school in a fresh SQLite database under var/bench-server/, starts
Redis (the cache) and gunicorn on free loopback ports with DEBUG off, and measures each
page with `wrk -t1 -cN` in interleaved rounds: the bare view (a small template through the
whole middleware stack, bench/urls.py) is measured in every round beside the pages, so
each page's figure is a ratio to the bare view of its own round, which survives a noisy
machine where absolute numbers do not. Prints req/s, the ratio, p50/p99 and the p99 ratio
(the median over the rounds), then the workers' resident memory, and exits 1 when a
target is missed (the targets are in docs/performance.md).
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-server"
SERVER_ENV = {
    "DEBUG": "false",
    "DJANGO_SETTINGS_MODULE": "bench.server_settings",
    "SECRET_KEY": "bench-only-key-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
    "VAR_DIR": str(VAR_DIR),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    # Everyone comes from 127.0.0.1 here: lift the per-address limits meant for the internet.
    "CALENDAR_FEED_REQUESTS_PER_MINUTE": "100000000",
    "CACHE_ADDITIONS_PER_MINUTE": "100000000",
    "CERTIFICATE_VERIFICATIONS_PER_MINUTE": "100000000",
    "LOG_LEVEL": "WARNING",
    "WEB_CONCURRENCY": "2",
}


@dataclass
class Target:
    name: str
    path: str
    who: str | None = None  # a demo username, or None for an anonymous visitor
    headers: tuple[str, ...] = ()
    status: int = 200
    min_ratio: float | None = None  # req/s against the bare view's, in the same round
    max_p99_ratio: float | None = None


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds:.0f} s")


def _manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


SESSIONS_SCRIPT = """
import json, sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.conf import settings
from importlib import import_module

store = import_module(settings.SESSION_ENGINE).SessionStore
cookies = {}
for user in get_user_model().objects.filter(username__in=sys.argv[1:]):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookies[user.username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
print(json.dumps(cookies))
"""


def start_redis(port: int) -> subprocess.Popen:
    """A Redis of the benchmark's own, keeping nothing on disk."""
    return subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", ""]
        + ["--dir", tempfile.mkdtemp(prefix="bench-redis-")],
        stdout=subprocess.DEVNULL,
    )


def build_demo_school(env: dict) -> None:
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "collectstatic", "--noinput", "-v0")
    _manage(env, "load_demo_data", "--force", capture=True)


def run_django(env: dict, script: str, *args: str) -> str:
    """Run `script` with Django set up in the site's environment; return its output."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _sessions(env: dict, usernames: list[str]) -> dict[str, str]:
    out = run_django(env, SESSIONS_SCRIPT, *usernames)
    return json.loads(out.strip().splitlines()[-1])


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: tuple[str, ...] = (),
    script: str | None = None,
) -> Result:
    # A worker that gunicorn recycles (max_requests) takes seconds to come back: count the
    # wait in the latency rather than as a socket error.
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "15s", "--latency"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        sys.exit(f"{url} answered with errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    return Result(rps, p50, p99)


def _status(url: str, headers: tuple[str, ...]) -> int:
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _etag(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["ETag"]


def _worker_rss_mib(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def targets() -> list[Target]:
    activist = "activist1"  # a member of an organisation with an assessed plan
    return [
        Target("home", "/", min_ratio=0.35),
        Target("catalogue", "/courses/", min_ratio=0.35),
        Target("course page", "{course}", min_ratio=0.35),
        Target("lesson page", "{lesson}", min_ratio=0.35),
        Target("home, signed in", "/", activist, min_ratio=0.15, max_p99_ratio=10),
        Target("catalogue, signed in", "/courses/", activist, min_ratio=0.15, max_p99_ratio=10),
        Target("course page, signed in", "{course}", activist, min_ratio=0.15, max_p99_ratio=10),
        Target("lesson page, signed in", "{lesson}", activist, min_ratio=0.15, max_p99_ratio=10),
        Target("My learning", "/learning/", activist, min_ratio=0.10),
        Target("school feed, 200", "/calendar/school.ics", min_ratio=0.30),
        Target("school feed, 304", "/calendar/school.ics", status=304, min_ratio=0.50),
    ]


def _first_urls(env: dict) -> dict[str, str]:
    script = (
        "from cms.models import CoursePage, LessonPage\n"
        "course = CoursePage.objects.live().public().order_by('path').first()\n"
        "lesson = LessonPage.objects.live().public().descendant_of(course).first()\n"
        "print(course.url); print(lesson.url)\n"
    )
    out = run_django(env, script).split()
    return {"course": out[-2], "lesson": out[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"bench.server needs {tool}: `make bench-server` installs it")

    shutil.rmtree(VAR_DIR, ignore_errors=True)
    VAR_DIR.mkdir(parents=True)
    redis_port, web_port = _free_port(), _free_port()
    env = {
        **os.environ,
        **SERVER_ENV,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BIND": f"127.0.0.1:{web_port}",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
    }
    env.pop("DATABASE_URL", None)
    processes = []
    try:
        processes.append(start_redis(redis_port))
        print("Building the demo school …", flush=True)
        build_demo_school(env)
        urls = _first_urls(env)
        cookies = _sessions(env, ["activist1"])
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "ops/gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
        )
        processes.append(server)
        base = f"http://127.0.0.1:{web_port}"
        _wait_for(f"{base}/healthz")

        bare = Target("bare view", "/bench/bare/")
        pages = [t for t in targets() if not args.only or args.only in t.name]
        plans = []
        for target in [bare, *pages]:
            url = base + target.path.format(**urls)
            headers = list(target.headers)
            if target.who:
                headers.append(f"Cookie: {cookies[target.who]}")
            if target.status == 304:
                headers.append(f"If-None-Match: {_etag(url)}")
            headers = tuple(headers)
            for _ in range(3):  # warm every worker's caches, as a server in use has them
                got = _status(url, headers)
            if got != target.status:
                sys.exit(f"{target.name}: {url} answered {got}, not {target.status}")
            plans.append((target, url, headers))

        rounds: list[dict[str, Result]] = []
        for number in range(1, args.rounds + 1):
            print(f"Round {number} of {args.rounds} …", flush=True)
            rounds.append(
                {
                    target.name: wrk(
                        url,
                        seconds=args.seconds,
                        connections=args.connections,
                        headers=headers,
                    )
                    for target, url, headers in plans
                }
            )
        rss = _worker_rss_mib(server.pid)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    missed = _report([t for t, _, _ in plans], rounds)
    print(f"\nworker RSS after the run: {', '.join(f'{m:.0f} MiB' for m in rss)}")
    if max(rss) > 150:
        missed.append(f"worker RSS {max(rss):.0f} MiB > 150 MiB")
    if missed:
        print("\nMissed:\n  " + "\n  ".join(missed))
        return 1
    print("\nEvery target met.")
    return 0


def _report(targets_: list[Target], rounds: list[dict[str, Result]]) -> list[str]:
    print(
        f"\n{'page':<26} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'p99 ratio':>9}  target"
    )
    missed = []
    for target in targets_:
        ratios = [r[target.name].rps / r["bare view"].rps for r in rounds]
        p99_ratios = [r[target.name].p99_ms / r["bare view"].p99_ms for r in rounds]
        ratio, p99_ratio = statistics.median(ratios), statistics.median(p99_ratios)
        rps = statistics.median(r[target.name].rps for r in rounds)
        p50 = statistics.median(r[target.name].p50_ms for r in rounds)
        p99 = statistics.median(r[target.name].p99_ms for r in rounds)
        wanted = []
        if target.min_ratio is not None:
            wanted.append(f"≥ {target.min_ratio:.0%}")
            if ratio < target.min_ratio:
                missed.append(f"{target.name}: {ratio:.1%} < {target.min_ratio:.0%}")
        if target.max_p99_ratio is not None:
            wanted.append(f"p99 ≤ {target.max_p99_ratio:g}×")
            if p99_ratio > target.max_p99_ratio:
                missed.append(f"{target.name}: p99 {p99_ratio:.1f}× > {target.max_p99_ratio:g}×")
        print(
            f"{target.name:<26} {rps:>8.0f} {ratio:>7.1%} {p50:>8.2f} {p99:>8.2f} "
            f"{p99_ratio:>8.1f}×  {', '.join(wanted)}"
        )
    return missed


if __name__ == "__main__":
    sys.exit(main())
