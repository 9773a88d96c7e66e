import base64

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.security import scenario

# Fast hashing, and certificate PDFs and keys kept out of the real folders.
_MODULE_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "CERTIFICATE_SIGNING_KEY": base64.b64encode(bytes(range(32))).decode(),
    "SITE_URL": "https://school.example.org",
}


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    private = tmp_path_factory.mktemp("private")
    with override_settings(MEDIA_ROOT=media, PRIVATE_FILES_ROOT=private, **_MODULE_SETTINGS):
        yield


@pytest.fixture(scope="module")
def school(request, django_db_setup, django_db_blocker, module_settings):
    """The scenario, built once per module inside a transaction that is rolled back after.

    Each test then runs in a savepoint of its own, so what one test changes the next one
    never sees. A module may set `SCENARIO_NAMES` to give people and things other names.
    """
    names = getattr(request.module, "SCENARIO_NAMES", {})
    with django_db_blocker.unblock(), transaction.atomic():
        school = scenario.build(**names)
        school.sessions = {}
        for role in scenario.ROLES[1:]:
            client = Client()
            client.force_login(getattr(school, role))
            school.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield school
        transaction.set_rollback(True)


@pytest.fixture
def as_role(db, school):
    """A test client signed in as one of the scenario's roles ('anonymous': nobody)."""

    def client_for(role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anonymous":  # signed in once per module, for speed
            client.cookies[settings.SESSION_COOKIE_NAME] = school.sessions[role]
        return client

    return client_for
