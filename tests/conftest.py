import io
import shutil
import socket
import subprocess
import time

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.utils import translation

from cms.groups import INSTRUCTORS_GROUP, STAFF_GROUP
from tests.clock import NOW
from tests.factories import CoursePageFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _clock_for_the_session():
    """Start the clock at NOW for what is set up once (the database, module fixtures)."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _clock():
    """Start every test at NOW, so no test depends on the day or the order it runs in."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Each test starts in the site's first language, whatever a request before it chose.
    translation.activate(settings.LANGUAGE_CODE)
    caches["kept"].clear()  # each process's copies, then the shared cache
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Mail is queued in the outbox as in production (Django's test set-up would send it
    # straight to locmem); its task runs at once and hands it to locmem's `mail.outbox`.
    settings.EMAIL_BACKEND = "outbox.backend.QueuedEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests speak plain HTTP to the test client.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def student(db):
    return UserFactory(username="student", name="김학생")


@pytest.fixture
def other_student(db):
    return UserFactory(username="other_student", name="이학생")


def _member_of(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def instructor(db):
    return _member_of(INSTRUCTORS_GROUP, username="instructor", name="박강사")


@pytest.fixture
def other_instructor(db):
    return _member_of(INSTRUCTORS_GROUP, username="other_instructor", name="최강사")


@pytest.fixture
def staff(db):
    return _member_of(STAFF_GROUP, username="staff", name="정운영")


@pytest.fixture
def course(db, instructor):
    return CoursePageFactory(
        title="개인정보보호법 기초", slug="개인정보보호법-기초", instructors=[instructor]
    )


@pytest.fixture(scope="module")
def leave_the_database_as_found(django_db_blocker):
    """Transactional tests end with an empty database; put the site back for later tests."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="module")
def demo_school(django_db_setup, django_db_blocker):
    """The demo school, loaded once at NOW for a module's tests and rolled back after them.

    Each test runs inside it in a savepoint of its own, as in Django's setUpTestData.
    Returns how many e-mails loading it sent.
    """
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=True):
        with transaction.atomic():
            before = len(mail.outbox)
            with override_settings(PASSWORD_HASHERS=fast):
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("load_demo_data", "--force", stdout=io.StringIO())
            yield len(mail.outbox) - before
            transaction.set_rollback(True)


@pytest.fixture(scope="session")
def redis_server():
    """A Redis of our own on a free loopback port, keeping nothing on disk."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)
