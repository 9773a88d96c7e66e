"""Staff edit the questionnaire in the Wagtail admin; each publish is a new version."""

import pytest
from wagtail.test.utils.form_data import nested_form_data

from organisations import services
from organisations.models import Questionnaire

pytestmark = pytest.mark.django_db


def _edit_url(questionnaire):
    return f"/admin/snippets/organisations/questionnaire/edit/{questionnaire.pk}/"


def _options(options):
    return {
        "count": len(options),
        **{
            str(n): {
                "value": {
                    "label": option["label"],
                    "score": option["score"],
                    "risk": option["risk"],
                    "risk_course": option["risk_course"].pk if option["risk_course"] else "",
                },
                "deleted": "",
                "order": n,
                "id": option.id if hasattr(option, "id") else "",
            }
            for n, option in enumerate(options)
        },
    }


def _form(questionnaire, **changes):
    """The admin form as the editor posts it, with the first question's fields changed."""
    questions = {"count": len(questionnaire.questions)}
    for n, block in enumerate(questionnaire.questions):
        value = dict(block.value)
        if n == 0:
            value.update(changes)
        questions[str(n)] = {
            "type": "question",
            "id": block.id,
            "deleted": "",
            "order": n,
            "value": {
                "area": value["area"].pk,
                "text": value["text"],
                "help_text": value["help_text"],
                "options": _options(value["options"]),
            },
        }
    return nested_form_data(
        {
            "title": questionnaire.title,
            "introduction": questionnaire.introduction,
            "questions": questions,
            "action-publish": "action-publish",
        }
    )


def test_publishing_an_edit_makes_a_new_version_and_old_results_keep_theirs(
    client, staff, coordinator, organisation, questionnaire
):
    before = services.start_assessment(organisation, actor=coordinator)
    client.force_login(staff)
    assert client.get(_edit_url(questionnaire)).status_code == 200
    response = client.post(_edit_url(questionnaire), _form(questionnaire, text="백업을 두 곳에?"))
    assert response.status_code == 302, response.content.decode()[:2000]

    questionnaire.refresh_from_db()
    assert questionnaire.live_revision_id != before.revision_id
    assert questionnaire.questions[0].value["text"] == "백업을 두 곳에?"
    assert before.questionnaire().questions[0].value["text"] == "정기적으로 백업하나요?"
    client.force_login(coordinator)
    old = client.get(f"/organisations/{organisation.pk}/assessments/{before.pk}/answer/")
    assert "정기적으로 백업하나요?" in old.content.decode()


def test_an_invalid_edit_is_refused_and_publishes_nothing(client, staff, questionnaire):
    client.force_login(staff)
    revision = questionnaire.live_revision_id
    form = _form(questionnaire)
    form["questions-0-value-options-0-value-score"] = 150
    response = client.post(_edit_url(questionnaire), form)
    assert response.status_code == 200  # the form again, with the error
    questionnaire.refresh_from_db()
    assert questionnaire.live_revision_id == revision
    assert Questionnaire.objects.get().questions[0].value["options"][0]["score"] == 0


def test_only_staff_reach_the_questionnaire_in_the_admin(client, coordinator, questionnaire):
    client.force_login(coordinator)
    response = client.get(_edit_url(questionnaire))
    assert response.status_code in (302, 403)
    assert client.post(_edit_url(questionnaire), _form(questionnaire, text="x")).status_code in (
        302,
        403,
    )
    questionnaire.refresh_from_db()
    assert questionnaire.questions[0].value["text"] == "정기적으로 백업하나요?"
