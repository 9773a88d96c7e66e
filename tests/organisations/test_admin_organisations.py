"""Staff find organisations that nobody coordinates any more in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from organisations import services
from organisations.models import Membership, Organisation
from school import closure
from tests.factories import UserFactory

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
