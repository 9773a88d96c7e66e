"""Joining an organisation, and who sees what: answers and grades stay with coordinators."""

import pytest

from organisations import services
from organisations.models import Assessment, JoinRequest, Membership, Organisation
from outbox.models import SentNotice
from tests.organisations.conftest import answers_for

pytestmark = pytest.mark.django_db


def test_registering_makes_the_person_its_coordinator(client, student):
    client.force_login(student)
    response = client.post(
        "/organisations/register/", {"name": "성북 마을 미디어", "kind": "association"}
    )
    organisation = Organisation.objects.get(name="성북 마을 미디어")
    assert response.url == f"/organisations/{organisation.pk}/"
    assert organisation.memberships.get().role == "coordinator"
    assert organisation.verified_at is None


def test_a_bad_registration_changes_nothing(client, student, organisation):
    client.force_login(student)
    page = client.post("/organisations/register/", {"name": organisation.name, "kind": "x"})
    assert page.status_code == 200 and "이미 존재합니다" in page.content.decode()
    assert Organisation.objects.count() == 1


def test_join_request_approved_by_a_coordinator(client, student, coordinator, organisation):
    client.force_login(student)
    client.post(f"/organisations/{organisation.pk}/join/", {"message": "함께하고 싶어요"})
    again = client.post(f"/organisations/{organisation.pk}/join/", follow=True)
    assert "이미 담당자의 승인을 기다리고" in again.content.decode()
    join_request = JoinRequest.objects.get()
    decide_url = f"/organisations/{organisation.pk}/requests/{join_request.pk}/"
    assert client.post(decide_url, {"decision": "approve"}).status_code == 404  # not theirs

    client.force_login(coordinator)
    assert "함께하고 싶어요" in client.get(f"/organisations/{organisation.pk}/").content.decode()
    client.post(decide_url, {"decision": "approve"})
    assert Membership.objects.get(organisation=organisation, user=student).role == "member"
    assert JoinRequest.objects.get().decided_by == coordinator


def test_a_person_may_belong_to_several_organisations(student, organisation, other_coordinator):
    other = Organisation.objects.exclude(pk=organisation.pk).get()
    for org, coordinator in (
        (organisation, organisation.memberships.get(role="coordinator").user),
        (other, other_coordinator),
    ):
        services.decide(services.ask_to_join(org, student), actor=coordinator, approve=True)
    assert student.memberships.count() == 2


def test_staff_verify(client, staff, organisation):
    client.force_login(staff)
    client.post(f"/organisations/{organisation.pk}/verify/")
    organisation.refresh_from_db()
    assert organisation.verified_by == staff
    assert not organisation.assessments.exists()  # no questionnaire published yet


def test_verifying_opens_the_first_assessment_and_tells_the_members(
    client, staff, organisation, questionnaire, member, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{organisation.pk}/verify/")
        client.post(f"/organisations/{organisation.pk}/verify/")  # twice: one assessment
    (assessment,) = organisation.assessments.all()
    assert (assessment.status, assessment.started_by) == ("open", staff)
    told = SentNotice.objects.filter(user=member, kind="assessment-opened")
    assert told.count() == 1 and f"/assessments/{assessment.pk}/answer/" in told.get().link


@pytest.fixture
def scored(coordinator, organisation, questionnaire):
    assessment = services.start_assessment(organisation, actor=coordinator)
    services.save_answers(
        assessment, actor=coordinator, answers=answers_for(questionnaire, [0, 1, 1, 1]), submit=True
    )
    return services.score_assessment(assessment, actor=coordinator)


def test_records_are_for_coordinators_and_staff_only(
    client, scored, organisation, coordinator, member, other_coordinator, staff, student
):
    result = f"/organisations/{organisation.pk}/assessments/{scored.pk}/"
    detail = f"/organisations/{organisation.pk}/"
    for person in (coordinator, staff):
        client.force_login(person)
        assert "백업이 없음" in client.get(result).content.decode()
        assert "오회원" in client.get(detail).content.decode()  # the members list
    for person in (member, other_coordinator, student):
        client.force_login(person)
        assert client.get(result).status_code == 404
        page = client.get(detail).content.decode()
        assert "오회원" not in page and "등급" not in page
    client.force_login(member)
    assert "한 걸음씩" in client.get(detail).content.decode()  # members see the plan
    for person in (other_coordinator, student):
        client.force_login(person)
        assert "한 걸음씩" not in client.get(detail).content.decode()
        answer = f"/organisations/{organisation.pk}/assessments/{scored.pk}/answer/"
        assert client.get(answer).status_code == 404


def test_crafted_posts_from_outsiders_change_nothing(
    client, organisation, questionnaire, other_coordinator, member
):
    client.force_login(other_coordinator)
    assert client.post(f"/organisations/{organisation.pk}/assessments/start/").status_code == 404
    client.force_login(member)
    assert client.post(f"/organisations/{organisation.pk}/assessments/start/").status_code == 404
    assert not Assessment.objects.exists()
    other = Organisation.objects.exclude(pk=organisation.pk).get()
    client.force_login(other_coordinator)
    client.post(f"/organisations/{other.pk}/assessments/start/")
    theirs = Assessment.objects.get()
    # The assessment of one organisation through another's URL: not found.
    crafted = f"/organisations/{organisation.pk}/assessments/{theirs.pk}/score/"
    assert client.post(crafted).status_code == 404
