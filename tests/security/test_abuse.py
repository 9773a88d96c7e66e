"""Faults and abuse from outside: each answers with a clear refusal and changes nothing.

Probes stay small and local: bounded loops, the test client only.
"""

import pytest

from tests.school.test_healthz import _database_unreachable

# --- the health check behind a proxy --------------------------------------------------


@pytest.fixture
def https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_plain_http_health_check_answers_for_the_database_not_with_a_redirect(
    client, db, https_redirect
):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert client.get("/").status_code == 301  # every other page still moves to HTTPS


@pytest.mark.usefixtures("django_db_setup", "https_redirect")
def test_plain_http_health_check_reports_a_database_that_is_down(client, django_db_blocker):
    with django_db_blocker.unblock(), _database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
