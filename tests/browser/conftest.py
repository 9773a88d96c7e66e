"""Journeys in Debian's Chromium (never a downloaded browser) against a live server."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from playwright.sync_api import expect

# Organisations, their questionnaire and its areas, for journeys that take the assessment.
from tests.organisations.conftest import (  # noqa: F401
    areas,
    coordinator,
    member,
    organisation,
    questionnaire,
)

# Playwright's sync API keeps an event loop in the test thread from the first browser test to
# the end of the run; the ORM calls made beside it are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# A journey waits for what a person would see; on a busy two-core machine running the suite
# in parallel, an answer that saves thirty marks may take longer than Playwright's 5 s.
expect.set_options(timeout=15_000)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Let fixtures know, when they tear down, whether the test failed."""
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


@pytest.fixture
def person(request, browser, live_server):
    """A browser of someone's own, signed in through the login form when a user is given,
    on a screen of the given size (a desktop's unless told, e.g. `viewport=PHONE`).

    When the test fails, each person's page is kept as a screenshot beside the others.
    """
    opened = []

    def open_browser(user=None, password="correct-horse-battery", viewport=None):
        context = browser.new_context(
            locale="ko-KR", **({"viewport": viewport} if viewport else {})
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        page = context.new_page()
        opened.append((context, page))
        if user:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", password)
            page.locator("form button[type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield open_browser
    folder = Path(request.config.getoption("--output")) / re.sub(r"\W+", "-", request.node.name)
    for n, (context, page) in enumerate(opened):
        if getattr(request.node, "failed_in_call", False):
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=folder / f"person-{n + 1}.png", full_page=True)
        context.close()


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


@pytest.fixture(scope="session")
def site_snapshot(django_db_setup):
    """The site the migrations made, as Django serialised it when it created the database.

    The snapshot lives on the connection object, but under Playwright's event loop the test
    gets a new connection object per context, so keep it on the class where each one finds it.
    """
    wrapper = connections[DEFAULT_DB_ALIAS]
    snapshot = wrapper._test_serialized_contents
    type(wrapper)._test_serialized_contents = snapshot
    return snapshot


@pytest.fixture(scope="module", autouse=True)
def leave_the_site_as_found(site_snapshot, django_db_blocker):
    """Transactional tests empty the database; serialized rollback puts the snapshot back
    before each of them, and this puts it back after a module's last one, so the tests that
    run next in this process (whatever the order) find the site the migrations made."""
    yield
    with django_db_blocker.unblock():
        connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(site_snapshot)


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
