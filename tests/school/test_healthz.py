from contextlib import contextmanager

import pytest
from django.db import connection


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@contextmanager
def _database_unreachable():
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/school.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.usefixtures("django_db_setup")
def test_healthz_answers_503_when_the_database_does_not(client, django_db_blocker):
    with django_db_blocker.unblock(), _database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
