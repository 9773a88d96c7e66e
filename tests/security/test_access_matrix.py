"""The URL × role matrix: every route of the site is decided, and answers as decided."""

import pytest
from django.db import transaction

from tests.security.matrix import ADMIN_ROWS, ROWS
from tests.security.scenario import ROLES
from tests.security.urls import outcome, route_of, routes_to_decide


def test_every_route_is_in_the_matrix(db, school):
    covered = {route_of(row.url(school)) for row in ROWS + ADMIN_ROWS}
    undecided = routes_to_decide() - covered
    assert not undecided, f"Decide who may reach these in tests/security/matrix.py: {undecided}"


@pytest.mark.parametrize("row", ROWS + ADMIN_ROWS, ids=lambda row: row.id)
def test_each_role_gets_the_decided_answer(row, school, as_role):
    answers = {}
    for role in ROLES:
        # What one role's request changes, the next one must not see.
        with transaction.atomic():
            client = as_role(role)
            headers = {"HX-Request": "true"} if row.htmx else {}
            response = getattr(client, row.method)(row.url(school), row.data, headers=headers)
            answers[role] = outcome(response)
            transaction.set_rollback(True)
    assert answers == row.expected
