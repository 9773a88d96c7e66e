"""Coordinators are reminded when their organisation is due for another assessment."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from organisations import services
from organisations.models import AssessmentSettings
from organisations.reassessment import due_for
from tests.organisations.conftest import answers_for

pytestmark = pytest.mark.django_db


def _scored(coordinator, organisation, questionnaire, days_ago):
    assessment = services.start_assessment(organisation, actor=coordinator)
    services.save_answers(
        assessment, actor=coordinator, answers=answers_for(questionnaire, [1, 1, 1, 1]), submit=True
    )
    return services.freeze_result(assessment, timezone.now() - timedelta(days=days_ago))


@pytest.mark.parametrize(
    ("days_ago", "months", "due"),
    [(None, 12, True), (400, 12, True), (30, 12, False), (360, 12, False), (40, 1, True)],
)
def test_due_after_the_configured_months_or_when_never_assessed(
    coordinator, organisation, questionnaire, days_ago, months, due
):
    settings = AssessmentSettings.load()
    settings.reassess_after_months = months
    settings.save()
    if days_ago is not None:
        _scored(coordinator, organisation, questionnaire, days_ago)
    assert (organisation in due_for(coordinator, timezone.now())) is due


def test_not_due_while_one_is_in_progress_and_never_for_members(
    coordinator, member, organisation, questionnaire
):
    assert due_for(member, timezone.now()) == []
    services.start_assessment(organisation, actor=coordinator)
    assert due_for(coordinator, timezone.now()) == []


def test_my_learning_reminds_the_coordinator(client, coordinator, organisation, questionnaire):
    _scored(coordinator, organisation, questionnaire, 400)
    client.force_login(coordinator)
    page = client.get("/learning/").content.decode()
    assert "다시 진단할 때입니다" in page


def test_the_organisation_page_reminds_its_coordinator_only(
    client, coordinator, member, organisation, questionnaire
):
    _scored(coordinator, organisation, questionnaire, 400)
    client.force_login(coordinator)
    assert (
        "다시 진단할 때입니다" in client.get(f"/organisations/{organisation.pk}/").content.decode()
    )
    client.force_login(member)
    assert (
        "다시 진단할 때입니다"
        not in client.get(f"/organisations/{organisation.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("name", "reminder"),
    [
        ("성미산 마을 미디어", "성미산 마을 미디어는 아직 역량 진단을 받지 않았습니다."),
        ("마포 청소년 인권 모임", "마포 청소년 인권 모임은 아직 역량 진단을 받지 않았습니다."),
    ],
)
def test_the_reminder_picks_the_particle_that_fits_the_name(
    client, coordinator, organisation, name, reminder
):
    organisation.name = name
    organisation.save()
    client.force_login(coordinator)
    page = client.get("/learning/").content.decode()
    assert reminder in page
    assert "은(는)" not in page


def test_staff_see_the_verified_organisations_due_longest_waiting_first(
    client, staff, coordinator, organisation, other_coordinator, questionnaire
):
    other = other_coordinator.memberships.get().organisation
    services.verify(organisation, actor=staff)  # opens its first assessment…
    services.verify(other, actor=staff)
    organisation.assessments.get().delete()  # …which this one never answered
    _scored(other_coordinator, other, questionnaire, days_ago=400)
    client.force_login(staff)
    page = BeautifulSoup(client.get("/organisations/").content, "html.parser")
    due = [li.get_text(" ", strip=True) for li in page.select("#due-heading + ul li")]
    assert len(due) == 2
    assert due[0].startswith("마포 청소년 인권 모임") and "진단한 적 없음" in due[0]
    assert due[1].startswith("강원 기후 행동 네트워크") and "마지막 진단" in due[1]
    client.force_login(coordinator)
    assert "due-heading" not in client.get("/organisations/").content.decode()
