"""Journeys in Debian's Chromium (never a downloaded browser) against a live server."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

# Playwright's sync API keeps an event loop in the test thread from the first browser test to
# the end of the run; the ORM calls made beside it are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def site_snapshot(django_db_setup, django_db_blocker):
    """Give every test the site the migrations made, and leave it behind for the next run.

    Transactional tests empty the database; serialized rollback puts the snapshot back. The
    snapshot lives on the connection object, but under Playwright's event loop the test gets
    a new connection object per context, so keep it on the class where each one finds it.
    """
    wrapper = connections[DEFAULT_DB_ALIAS]
    snapshot = wrapper._test_serialized_contents
    type(wrapper)._test_serialized_contents = snapshot
    yield
    with django_db_blocker.unblock():
        connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(snapshot)


@pytest.fixture(scope="session")
def plain_http():
    """The live server speaks plain HTTP; its middleware reads these once, when it starts."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(scope="session")
def live_server(plain_http, live_server):
    return live_server


@pytest.fixture
def signed_in(live_server, context):
    """Sign a person in by giving the browser a real session cookie of theirs."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in
