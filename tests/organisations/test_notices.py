"""People hear what concerns them in their organisation, each once: coordinators of a
request to join, the person who asked of the answer, members of an assessment opened."""

import pytest
from django.core import mail
from django.test import TestCase

from organisations import notices, services
from organisations.models import JoinRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _committed(action, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)


@pytest.fixture
def asker(db):
    return UserFactory(username="asker", name="신청인", email="asker@example.org")


def test_coordinators_hear_of_a_request_and_the_asker_of_the_answer(
    organisation, coordinator, asker
):
    mail.outbox.clear()
    join_request = _committed(services.ask_to_join, organisation, asker, "백업 강좌 듣고 싶어요")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    message = mail.outbox[0]
    assert "신청인" in message.subject and "마포 청소년 인권 모임" in message.subject
    assert "백업 강좌 듣고 싶어요" in message.body
    assert f"/organisations/{organisation.pk}/#join-requests" in message.body
    mail.outbox.clear()
    _committed(services.decide, join_request, actor=coordinator, approve=True)
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]
    assert "구성원이 되었습니다" in mail.outbox[0].subject


def test_a_declined_request_says_so(organisation, coordinator, asker):
    join_request = _committed(services.ask_to_join, organisation, asker)
    mail.outbox.clear()
    _committed(services.decide, join_request, actor=coordinator, approve=False)
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]
    assert "거절" in mail.outbox[0].subject


def test_members_but_the_coordinator_who_opened_it_hear_of_an_assessment(
    organisation, coordinator, member, questionnaire
):
    mail.outbox.clear()
    assessment = _committed(services.start_assessment, organisation, actor=coordinator)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert f"/assessments/{assessment.pk}/answer/" in mail.outbox[0].body
    mail.outbox.clear()
    _committed(services.start_assessment, organisation, actor=coordinator)  # the open one
    assert mail.outbox == []


def test_a_task_run_twice_tells_nobody_twice(organisation, coordinator, asker):
    join_request = JoinRequest.objects.create(organisation=organisation, user=asker)
    mail.outbox.clear()
    for _ in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            notices.tell_coordinators_of_request.call(join_request.pk)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
