"""Production-like processes for the operations tests: Redis, gunicorn, the task worker."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SECRET = "ops-test-key-3c2b1a09f8e7d6c5b4a39281706f5e4d-not-for-production"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as a URL the child processes can use."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(var_dir: Path, **extra) -> dict:
    """The environment a production server gets, less HTTPS (tests speak plain HTTP)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        VAR_DIR=str(var_dir),
        DATABASE_URL=database_url(),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up within {seconds} s")


@pytest.fixture(scope="module")
def redis_url(redis_server):
    """The session's Redis (tests/conftest.py), its database 1, empty for this module."""
    url = redis_server.rsplit("/", 1)[0] + "/1"
    redis.Redis.from_url(url).flushdb()
    return url
