"""Staff manage organisations in the admin: they find those nobody coordinates any more,
and an organisation with history is kept."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from organisations import services
from organisations.models import Membership, Organisation
from school import closure
from tests.factories import UserFactory
from tests.organisations.conftest import assess

pytestmark = pytest.mark.django_db


def _rows(client, **params):
    page = client.get(reverse("wagtailsnippets_organisations_organisation:list"), params)
    assert page.status_code == 200
    rows = BeautifulSoup(page.content, "html.parser").select("tbody tr")
    return {" ".join(row.get_text(" ", strip=True).split()) for row in rows}


def test_an_organisation_whose_last_person_closed_their_account_is_flagged(client, staff):
    leaving = UserFactory()
    services.register(leaving, Organisation(name="혼자 남은 모임"))
    services.register(UserFactory(), Organisation(name="강원 기후 행동"))
    closure.close_account(leaving, actor=leaving)
    client.force_login(staff)
    rows = _rows(client)
    assert any("혼자 남은 모임" in row and "담당자 필요" in row for row in rows)
    assert any("강원 기후 행동" in row and "담당자 필요" not in row for row in rows)
    flagged = _rows(client, needs_coordinator="true")
    assert len(flagged) == 1 and "혼자 남은 모임" in flagged.pop()
    assert not Membership.objects.filter(organisation__name="혼자 남은 모임").exists()


def test_an_organisation_with_assessments_is_kept_and_staff_are_told_why(
    admin_client, coordinator, organisation, questionnaire
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    delete = f"/admin/snippets/organisations/organisation/delete/{organisation.pk}/"
    response = admin_client.post(delete, follow=True)
    assert response.status_code == 200
    assert "진단 기록이 있어 삭제할 수 없습니다" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert organisation.assessments.count() == 1


def test_an_organisation_without_history_can_be_deleted(admin_client):
    organisation = Organisation.objects.create(name="잘못 만든 단체")
    delete = f"/admin/snippets/organisations/organisation/delete/{organisation.pk}/"
    assert admin_client.post(delete).status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
