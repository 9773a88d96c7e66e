"""A coordinator lands on My learning and finds each organisation's next step first."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from organisations import next_steps, services
from organisations.models import JoinRequest
from organisations.next_steps import Step
from tests.factories import UserFactory
from tests.organisations.conftest import answers_for

pytestmark = pytest.mark.django_db


def _steps(user):
    return next_steps.for_coordinator(user, timezone.now())


def _scored(coordinator, organisation, questionnaire):
    assessment = services.start_assessment(organisation, actor=coordinator)
    services.save_answers(
        assessment, actor=coordinator, answers=answers_for(questionnaire, [1, 1, 1, 1]), submit=True
    )
    return services.score_assessment(assessment, actor=coordinator)


def test_the_most_pressing_step_comes_for_each_organisation(
    coordinator, member, organisation, questionnaire, django_capture_on_commit_callbacks
):
    """Each change is committed, as in its own request: the cached steps follow at once."""
    assert [s.step for s in _steps(coordinator)] == [Step.ASSESS]  # never assessed

    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.start_assessment(organisation, actor=coordinator)
    assert [s.step for s in _steps(coordinator)] == [Step.CLOSE_ASSESSMENT]
    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(
            assessment, actor=member, answers=answers_for(questionnaire, [1, 1, 1, 1]), submit=True
        )
    [step] = _steps(coordinator)
    assert (step.step, step.count) == (Step.CLOSE_ASSESSMENT, 1)
    assert step.url == f"/organisations/{organisation.pk}/assessments/{assessment.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        requests = [services.ask_to_join(organisation, UserFactory()) for _ in range(2)]
    [step] = _steps(coordinator)
    assert (step.step, step.count) == (Step.ANSWER_REQUESTS, 2)
    assert step.url == f"/organisations/{organisation.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests[0], actor=coordinator, approve=True)
    assert _steps(coordinator)[0].count == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests[1], actor=coordinator, approve=False)
        services.score_assessment(assessment, actor=coordinator)
    [step] = _steps(coordinator)
    assert (step.step, step.url) == (
        Step.FOLLOW_MEMBERS,
        f"/organisations/{organisation.pk}/members/",
    )


def test_a_member_made_coordinator_sees_the_steps_at_once(
    coordinator, member, organisation, django_capture_on_commit_callbacks
):
    assert _steps(member) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.set_role(
            organisation.memberships.get(user=member), "coordinator", actor=coordinator
        )
    assert [s.organisation for s in _steps(member)] == [organisation]


def test_members_get_no_coordinator_step(member, organisation):
    assert _steps(member) == []


def test_my_learning_shows_the_coordinator_the_step_with_a_link_to_the_organisation(
    client, coordinator, organisation, questionnaire
):
    JoinRequest.objects.create(organisation=organisation, user=UserFactory())
    client.force_login(coordinator)
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    assert [h2["id"] for h2 in page.select("main h2[id]")][0] == "next-steps-heading"
    section = page.find(id="next-steps")
    assert section.find("a", href=f"/organisations/{organisation.pk}/").text == organisation.name
    assert "1명이 가입 승인을 기다리고 있습니다." in section.get_text(" ")


def test_my_learning_reminds_with_the_name_and_its_particle(client, coordinator, organisation):
    organisation.name = "성미산 마을 미디어"
    organisation.save()
    client.force_login(coordinator)
    section = BeautifulSoup(client.get("/learning/").content, "html.parser").find(id="next-steps")
    assert "성미산 마을 미디어는 아직 역량 진단을 받지 않았습니다." in section.get_text()
    assert section.find("a", href=f"/organisations/{organisation.pk}/").text == "진단 시작"
