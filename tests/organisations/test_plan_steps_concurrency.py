"""Coordinators pressing 상담 요청 at the same moment, on PostgreSQL: one request reaches
the staff's queue, and staff are told of it once."""

import pytest
from django.db import connection

from organisations import steps
from organisations.models import PlanStep, ServiceRequest
from outbox.models import SentNotice
from tests.enrolment.test_concurrency import _run_all_at_once

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL; run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
    pytest.mark.slow,
]


def test_six_simultaneous_requests_for_one_service_make_one(coordinator, staff, organisation):
    service = PlanStep.objects.create(
        kind=PlanStep.Kind.SERVICE, title="현장 컨설팅", summary="찾아가서 함께 점검합니다."
    )

    def ask():  # each in its own transaction: the notice is queued once it commits
        return steps.ask(organisation, actor=coordinator, step=service)[1]

    created = _run_all_at_once([ask] * 6)
    assert sorted(created) == [False] * 5 + [True]
    request = ServiceRequest.objects.get()
    assert SentNotice.objects.filter(user=staff, key=f"service-request:{request.pk}").count() == 1
