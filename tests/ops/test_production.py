"""Production as docs/operations.md describes it: gunicorn with two workers, the test
database, a shared Redis cache, WhiteNoise for static files, and the task worker."""

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests
from django.test import TestCase

from certificates.models import Certificate
from tests.certificates.conftest import TEST_KEY
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory
from tests.ops.conftest import ROOT, free_port, manage, production_env, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("leave_the_database_as_found")]
# The server's workers use their own connections: what a test sets up must be committed.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VERIFY_LIMIT = 5


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    var = tmp_path_factory.mktemp("production")
    # Only our own files: the admin's thousands are collected the same way, just slower.
    collected = manage(
        "collectstatic",
        "--noinput",
        "-v0",
        "-i",
        "wagtail*",
        "-i",
        "admin",
        "-i",
        "fonts",
        env=production_env(var),
    )
    assert collected.returncode == 0, collected.stderr
    return var


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, var_dir, redis_url):
    port = free_port()
    log = var_dir / "access.log"
    env = production_env(
        var_dir,
        REDIS_URL=redis_url,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        CERTIFICATE_SIGNING_KEY=TEST_KEY,
        CERTIFICATE_VERIFICATIONS_PER_MINUTE=str(VERIFY_LIMIT),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "ops/gunicorn.conf.py"]
        + ["--access-logfile", str(log), "--error-logfile", str(var_dir / "error.log")],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: requests.get(f"{base}/healthz", timeout=2).ok, 30, "gunicorn")
        yield {"url": base, "log": log, "redis": redis_url}
    finally:
        process.terminate()
        process.wait(15)


def _login(url: str, username: str, password: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    browser.post(
        f"{url}/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        timeout=10,
    )
    assert "sessionid" in browser.cookies
    return browser


def test_pages_are_served(server):
    for path in ("/healthz", "/accounts/login/", "/calendar/school.ics", "/certificates/verify/"):
        assert requests.get(server["url"] + path, timeout=10).status_code == 200, path


@committed
def test_a_session_made_on_one_worker_is_honoured_by_the_other(server, settings):
    # The server checks passwords with production's hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="hana", name="김하나", password="a-long-test-password")
    cookie = _login(server["url"], "hana", "a-long-test-password").cookies["sessionid"]

    def my_account(_):
        # A new connection each time, so either worker may answer.
        response = requests.get(
            f"{server['url']}/accounts/profile/", cookies={"sessionid": cookie}, timeout=10
        )
        return response.status_code, "hana" in response.text

    # Until both workers have answered: the second may still be starting at first.
    answers, deadline = [], time.monotonic() + 30
    while len(_workers(server, "/accounts/profile/")) < 2 and time.monotonic() < deadline:
        with ThreadPoolExecutor(6) as pool:
            answers += pool.map(my_account, range(12))
        time.sleep(0.1)  # the access line is written just after the answer
    assert answers and set(answers) == {(200, True)}
    assert len(_workers(server, "/accounts/profile/")) == 2

    # Signed out on one worker is signed out on both: no worker keeps a copy of its own.
    browser = requests.Session()
    browser.cookies.set("sessionid", cookie)
    page = browser.get(f"{server['url']}/accounts/profile/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    browser.post(f"{server['url']}/accounts/logout/", {"csrfmiddlewaretoken": token}, timeout=10)
    with ThreadPoolExecutor(6) as pool:
        after = set(pool.map(my_account, range(12)))
    assert after == {(200, False)}  # the sign-in page, followed from the redirect


def _workers(server, path: str) -> set[str]:
    return set(re.findall(rf'"GET {path} [^"]*" 200 .* pid=<(\d+)>', _log(server)))


def _log(server) -> str:
    return server["log"].read_text()


def test_the_cache_is_shared_so_a_rate_limit_holds_across_workers(server):
    url = f"{server['url']}/certificates/verify/"
    codes = [requests.get(url, timeout=10).status_code for _ in range(VERIFY_LIMIT + 3)]
    assert codes.count(429) >= 3  # with a cache per worker, each would allow its own five
    assert redis.Redis.from_url(server["redis"]).dbsize() > 0


def test_static_files_come_from_whitenoise_with_far_future_caching(server):
    page = requests.get(f"{server['url']}/accounts/login/", timeout=10).text
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = requests.get(server["url"] + css, headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.headers["Content-Encoding"] == "gzip"  # the compressed copy, pre-built
    unhashed = requests.get(f"{server['url']}/static/css/site.css", timeout=10)
    assert "immutable" not in unhashed.headers["Cache-Control"]


def test_access_log_masks_calendar_tokens(server):
    token = "x" * 43
    requests.get(f"{server['url']}/calendar/u/{token}.ics", timeout=10)
    # The line is written just after the response has gone out.
    wait_until(lambda: "/calendar/u/[token].ics" in _log(server), 5, "the access line")
    assert token not in _log(server)


@committed
def test_the_task_worker_renders_what_the_site_queued(server, var_dir, settings, instructor):
    from enrolment import attendance

    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.MEDIA_ROOT = var_dir / "media"
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY
    enrolment = EnrolmentFactory(course_class=ClassFactory(sessions=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        for session in enrolment.course_class.sessions.all():
            attendance.mark(session, enrolment, "present", actor=instructor)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert not certificate.pdf
    worker = manage(
        "db_worker",
        "--backend",
        "background",
        "--batch",
        "--interval",
        "0",
        env=production_env(var_dir, TASK_WORKER="true", CERTIFICATE_SIGNING_KEY=TEST_KEY),
    )
    assert worker.returncode == 0, worker.stderr
    certificate.refresh_from_db()
    assert certificate.rendered_at and (var_dir / "media" / certificate.pdf.name).exists()


def test_deploy_check_passes_with_the_production_environment(var_dir, redis_url):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(
            var_dir,
            ALLOWED_HOSTS="school.example.org",
            CSRF_TRUSTED_ORIGINS="https://school.example.org",
            SECURE_SSL_REDIRECT="",
            SECURE_COOKIES="",
            REDIS_URL=redis_url,
            TASK_WORKER="true",
            BEHIND_HTTPS_PROXY="true",
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
