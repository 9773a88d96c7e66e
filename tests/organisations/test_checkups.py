"""Check-ups: staff record what they found at an organisation, per area, and confirm the
answers they saw for themselves; the assessment's result shows both."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from organisations.models import CheckUp, CheckUpConfirmation
from tests.organisations.conftest import assess

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/organisations/checkup/add/"


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{name}": value for name, value in row.items()}
        data |= {
            f"{prefix}-{n}-ORDER": str(n + 1),
            f"{prefix}-{n}-DELETE": "",
            f"{prefix}-{n}-id": "",
        }
    return data


@pytest.fixture
def scored(coordinator, organisation, questionnaire):
    """No backups (a risk), shared passwords."""
    return assess(coordinator, organisation, questionnaire, [0, 0, 1, 1])


def test_staff_record_a_check_up_and_the_result_shows_the_answer_confirmed(
    client, staff, coordinator, organisation, questionnaire, scored, areas
):
    client.force_login(staff)
    form = BeautifulSoup(client.get(ADD).content, "html.parser")
    # The question to confirm is chosen among the questionnaire's questions, by their text.
    template = form.find("template", id="id_confirmations-EMPTY_FORM_TEMPLATE") or form
    assert "정기적으로 백업하나요?" in str(template)
    backup = questionnaire.questions[0].id
    data = {
        "organisation": organisation.pk,
        "checked_on": timezone.localdate().isoformat(),
        "kind": "on_site",
        "checked_by": staff.pk,
        "summary": "사무실 PC 네 대를 함께 살폈습니다.",
        **_inline("findings", [{"area": areas[0].pk, "finding": "외장 디스크 백업이 없습니다."}]),
        **_inline("confirmations", [{"question_id": backup, "note": "직접 확인"}]),
    }
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    checkup = CheckUp.objects.get()
    assert (checkup.findings.count(), checkup.confirmations.get().question_id) == (1, backup)

    client.force_login(coordinator)
    page = BeautifulSoup(
        client.get(f"/organisations/{organisation.pk}/assessments/{scored.pk}/").content,
        "html.parser",
    )
    risk = page.find(id=f"risk-{backup}").get_text(" ", strip=True)
    assert "확인됨: 현장 점검" in risk
    section = page.find(id=f"checkup-{checkup.pk}").get_text(" ", strip=True)
    assert "외장 디스크 백업이 없습니다." in section and "정기적으로 백업하나요?" in section


def test_a_check_up_after_the_next_assessment_belongs_to_that_one(
    client, staff, coordinator, organisation, questionnaire, scored
):
    checkup = CheckUp.objects.create(
        organisation=organisation,
        checked_on=timezone.localdate() + timedelta(days=2),
        checked_by=staff,
    )
    CheckUpConfirmation.objects.create(checkup=checkup, question_id=questionnaire.questions[0].id)
    client.force_login(coordinator)
    url = f"/organisations/{organisation.pk}/assessments/{scored.pk}/"
    assert f"checkup-{checkup.pk}" in client.get(url).content.decode()
    later = assess(coordinator, organisation, questionnaire, [1, 1, 1, 1])
    type(later).objects.filter(pk=later.pk).update(scored_at=timezone.now() + timedelta(days=1))
    assert f"checkup-{checkup.pk}" not in client.get(url).content.decode()


def test_check_ups_are_for_staff_to_write(client, coordinator):
    client.force_login(coordinator)
    assert client.get(ADD).status_code in (302, 403)
