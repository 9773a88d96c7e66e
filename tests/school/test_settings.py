"""Settings come from the environment; production defaults are safe."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "k3Jx9-pQ2vLw8Zr5Tn1Ys7Ub4Hc6Md0Fe3Gg9Ai2Bj5Ck8Dl1Em4Fn7Go0Hp-secret"
_PROJECT_VARS = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SITE_URL",
    "PORT",
    "VAR_DIR",
    "MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests, never in production
)


def _env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _PROJECT_VARS}
    env.update(overrides)
    return env


def _run(args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(*names, **env) -> dict:
    code = (
        "import json, school.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_missing_secret_key_with_debug_off_stops_start_up_with_a_clear_message():
    result = _run(["manage.py", "check"], DEBUG="false")
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


def test_malformed_boolean_is_refused_by_name():
    result = _run(["manage.py", "check"], DEBUG="maybe")
    assert result.returncode == 1
    assert "DEBUG must be true or false" in result.stderr


def test_defaults_are_sqlite_under_var_local_cache_console_mail_and_korean():
    values = read_settings(
        "DATABASES",
        "CACHES",
        "EMAIL_BACKEND",
        "OUTBOX_DELIVERY_BACKEND",
        "EMAIL_TIMEOUT",
        "LANGUAGE_CODE",
        "TIME_ZONE",
        "SESSION_ENGINE",
        DEBUG="true",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]).parent == ROOT / "var"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["EMAIL_BACKEND"] == "outbox.backend.QueuedEmailBackend"
    assert values["OUTBOX_DELIVERY_BACKEND"].endswith("console.EmailBackend")
    assert values["EMAIL_TIMEOUT"] == 10
    assert (values["LANGUAGE_CODE"], values["TIME_ZONE"]) == ("ko", "Asia/Seoul")
    # Without a shared cache each worker would keep its own copy of a session, and one
    # signed out on one worker would stay signed in on another: sessions stay in the database.
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_environment_switches_database_cache_and_mail():
    values = read_settings(
        "DATABASES",
        "CACHES",
        "EMAIL_BACKEND",
        "OUTBOX_DELIVERY_BACKEND",
        "EMAIL_HOST",
        "EMAIL_TIMEOUT",
        "SESSION_ENGINE",
        DEBUG="true",
        DATABASE_URL="postgres://school:pw@db.internal:5432/school",
        REDIS_URL="redis://cache.internal:6379/1",
        EMAIL_HOST="smtp.example.org",
        EMAIL_TIMEOUT="5",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "school")
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    # With a shared cache a session is read from it, and written through to the database.
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["EMAIL_BACKEND"] == "outbox.backend.QueuedEmailBackend"
    assert values["OUTBOX_DELIVERY_BACKEND"].endswith("smtp.EmailBackend")
    assert values["EMAIL_TIMEOUT"] == 5


def test_debug_off_turns_on_https_redirect_hsts_and_secure_cookies():
    values = read_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True


@pytest.mark.slow
def test_deploy_check_is_clean_with_only_the_four_production_settings():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="school.example.org",
        CSRF_TRUSTED_ORIGINS="https://school.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_absolute_links_follow_the_port_make_run_serves_unless_the_site_url_is_set():
    assert read_settings("SITE_URL", DEBUG="true")["SITE_URL"] == "http://127.0.0.1:8000"
    assert read_settings("SITE_URL", DEBUG="true", PORT="8080")["SITE_URL"] == (
        "http://127.0.0.1:8080"
    )
    assert (
        read_settings("SITE_URL", DEBUG="true", PORT="8080", SITE_URL="https://s.example/")[
            "SITE_URL"
        ]
        == "https://s.example"
    )
