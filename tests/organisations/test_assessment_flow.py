"""Taking the assessment: drafts, resuming, submitting, scoring, and the result page."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from organisations.models import Assessment, AssessmentResponse
from tests.factories import ClassFactory, CoursePageFactory
from tests.organisations.conftest import answers_for

pytestmark = pytest.mark.django_db


def _post_answers(client, organisation, assessment, answers, action):
    data = {f"q-{qid}": pos for qid, pos in answers.items()}
    return client.post(
        f"/organisations/{organisation.pk}/assessments/{assessment.pk}/answer/",
        {**data, "action": action},
        follow=True,
    )


@pytest.fixture
def started(client, coordinator, organisation, questionnaire):
    client.force_login(coordinator)
    response = client.post(f"/organisations/{organisation.pk}/assessments/start/")
    assert response.status_code == 302
    return Assessment.objects.get(organisation=organisation)


def test_a_draft_is_kept_and_resumed(client, organisation, questionnaire, started):
    partial = dict(list(answers_for(questionnaire, [1, 1, 2, 1]).items())[:2])
    _post_answers(client, organisation, started, partial, "save")
    page = BeautifulSoup(
        client.get(f"/organisations/{organisation.pk}/assessments/{started.pk}/answer/").content,
        "html.parser",
    )
    assert len(page.select("input[type=radio]:checked")) == 2
    assert AssessmentResponse.objects.get().submitted_at is None


def test_the_open_assessment_says_how_many_questions_each_person_has_answered(
    client, coordinator, member, organisation, questionnaire, started
):
    partial = dict(list(answers_for(questionnaire, [1, 1, 2, 1]).items())[:3])
    _post_answers(client, organisation, started, partial, "save")
    client.force_login(member)
    _post_answers(client, organisation, started, answers_for(questionnaire, [0, 0, 2, 0]), "submit")
    client.force_login(coordinator)
    url = f"/organisations/{organisation.pk}/assessments/{started.pk}/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    rows = [li.get_text(" ", strip=True) for li in page.select(".enrolment-list li")]
    assert rows == [
        "한조정 · 임시 저장 · 4문항 중 3문항 답함",
        "오회원 · 제출함 · 4문항 중 4문항 답함",
    ]
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        page = BeautifulSoup(client.get(url).content, "html.parser")
    assert "3 of 4 answered" in page.select_one(".enrolment-list li").get_text()


def test_submitting_with_questions_left_is_refused_and_submits_nothing(
    client, organisation, questionnaire, started
):
    partial = dict(list(answers_for(questionnaire, [1, 1, 2, 1]).items())[:3])
    page = _post_answers(client, organisation, started, partial, "submit").content.decode()
    assert "1개 문항에 아직 답하지 않았습니다" in page
    assert not AssessmentResponse.objects.filter(submitted_at__isnull=False).exists()


def test_two_respondents_then_the_result(
    client, coordinator, member, organisation, questionnaire, started, areas
):
    infra, collab, data = areas
    next_step = CoursePageFactory(title="데이터 정리 기초", areas=[data])  # stage 1 → 2
    backup = CoursePageFactory(title="백업 한 시간")
    ClassFactory(course=next_step)
    _post_answers(client, organisation, started, answers_for(questionnaire, [1, 1, 2, 0]), "submit")
    client.force_login(member)
    _post_answers(client, organisation, started, answers_for(questionnaire, [0, 0, 2, 0]), "submit")
    assert (
        client.post(f"/organisations/{organisation.pk}/assessments/{started.pk}/score/").status_code
        == 404
    )

    client.force_login(coordinator)
    page = client.post(
        f"/organisations/{organisation.pk}/assessments/{started.pk}/score/",
        {"confirm": "yes"},
        follow=True,
    ).content.decode()
    started.refresh_from_db()
    assert started.status == "scored" and started.grade == 3  # mean of 50, 100, 20
    soup = BeautifulSoup(page, "html.parser")
    rows = {
        tr.th.get_text(" ", strip=True): [td.text for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    }
    assert rows["인프라·보안 응답자 간 의견 차이가 큽니다"][:2] == ["50", "3단계 활용"]
    assert rows["데이터·회계·행정"][:2] == ["20", "1단계 시작"]
    assert soup.select_one("svg.radar polygon.radar__score")
    assert "백업이 없음" in page
    plan = [li.get_text(" ", strip=True) for li in soup.select(".plan li")]
    assert (
        plan[0].startswith("데이터 정리 기초")
        and "데이터·회계·행정 영역이 1단계 시작에 있어" in plan[0]
    )
    assert backup.title not in page  # no course answers that risk yet, so none is made up
    # Stages read 1단계 시작 … 4단계 선도, never 등급 (in Korea 1등급 is the best).
    assert soup.select_one(".grade").get_text() == "3단계 활용" and "등급" not in page
    # The reason links to the row that caused it; each risk names the answer behind it.
    link = soup.select_one(".plan li a[href^='#']")
    assert link["href"] == f"#area-{data.pk}" and soup.find(id=f"area-{data.pk}")
    risk = soup.select_one("[id^=risk-]").get_text(" ", strip=True)
    assert "백업이 없음" in risk and "질문에 ‘" in risk


def test_closing_without_submitted_answers_is_refused(client, organisation, started):
    url = f"/organisations/{organisation.pk}/assessments/{started.pk}/score/"
    asked = BeautifulSoup(client.get(url).content, "html.parser").find("main")
    assert "아직 아무도 답을 제출하지 않았습니다" in asked.get_text()
    assert not asked.find("button")  # nothing to score: no way to close
    page = client.post(url, {"confirm": "yes"}, follow=True).content.decode()
    assert "아직 아무도 답을 제출하지 않았습니다" in page
    assert Assessment.objects.get().status == "open"


def test_closing_asks_first_and_names_the_drafts_left_out(
    client, coordinator, member, organisation, questionnaire, started
):
    _post_answers(client, organisation, started, answers_for(questionnaire, [1, 1, 2, 1]), "submit")
    client.force_login(member)
    _post_answers(client, organisation, started, {}, "save")
    client.force_login(coordinator)
    result = f"/organisations/{organisation.pk}/assessments/{started.pk}/"
    opened = BeautifulSoup(client.get(result).content, "html.parser")
    ask = opened.find("main").find("button", string="마감하고 채점하기").find_parent("form")
    assert (ask["method"], ask["action"]) == ("get", f"{result}score/")  # only asks

    for response in (client.get(f"{result}score/"), client.post(f"{result}score/")):
        page = BeautifulSoup(response.content, "html.parser").find("main")
        assert page.find("h1").text == "이 진단을 마감하고 채점할까요?"
        assert "답변 1개가 반영됩니다" in page.find(id="submitted-heading").text
        assert "한조정" in page.find(id="submitted-heading").find_next("ul").text
        assert "임시 저장 1개는 빠집니다" in page.find(id="drafts-heading").text
        assert "오회원" in page.find(id="drafts-heading").find_parent("section").text
        confirm = page.find("button", string="지금 마감하고 채점하기").find_parent("form")
        assert confirm.find("input", attrs={"name": "confirm"})["value"] == "yes"
        assert page.find("a", string="아직 마감하지 않기")["href"] == result
    assert Assessment.objects.get().status == "open"

    response = client.post(f"{result}score/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == result
    assert "진단을 마감하고 채점했습니다." in response.content.decode()
    assert Assessment.objects.get().status == "scored"
    assert client.get(f"{result}score/")["Location"] == result  # closed: nothing to ask


def test_a_refused_submit_marks_each_unanswered_question_and_says_how_many(
    client, organisation, questionnaire, started
):
    answers = answers_for(questionnaire, [1, 1, 2, 1])
    first_two = dict(list(answers.items())[:2])
    page = BeautifulSoup(
        _post_answers(client, organisation, started, first_two, "submit").content, "html.parser"
    )
    summary = page.find(id="missing-summary")
    assert summary.get_text(" ", strip=True).startswith("2개 문항에 아직 답하지 않았습니다.")
    assert summary["role"] == "alert"
    open_ids = list(answers)[2:]
    assert summary.find("a")["href"] == f"#question-{open_ids[0]}"
    marked = page.select("fieldset.question--missing")
    assert [f["id"] for f in marked] == [f"question-{qid}" for qid in open_ids]
    for fieldset in marked:
        note = fieldset.find(id=fieldset["aria-describedby"])
        assert note.text == "아직 답하지 않음"
    assert len(page.select("fieldset.question")) == 4
    assert len(page.select("input[type=radio]:checked")) == 2  # what was chosen stays
    assert page.get_text().count("2개 문항에 아직 답하지 않았습니다.") == 1  # said once


def test_a_saved_draft_marks_what_is_still_open_and_a_fresh_form_marks_nothing(
    client, organisation, questionnaire, started
):
    url = f"/organisations/{organisation.pk}/assessments/{started.pk}/answer/"
    fresh = BeautifulSoup(client.get(url).content, "html.parser")
    assert not fresh.select(".question--missing") and not fresh.find(id="missing-summary")
    first = dict(list(answers_for(questionnaire, [1, 1, 2, 1]).items())[:1])
    page = BeautifulSoup(
        _post_answers(client, organisation, started, first, "save").content, "html.parser"
    )
    assert len(page.select(".question--missing")) == 3
    assert "3개 문항에 아직 답하지 않았습니다." in page.find(id="missing-summary").text
    assert not page.find(id="missing-summary").has_attr("role")


def test_a_new_questionnaire_version_leaves_old_results_alone(
    client, coordinator, organisation, questionnaire, started
):
    _post_answers(client, organisation, started, answers_for(questionnaire, [1, 1, 2, 1]), "submit")
    client.post(
        f"/organisations/{organisation.pk}/assessments/{started.pk}/score/", {"confirm": "yes"}
    )
    questionnaire.questions[0].value["text"] = "백업을 두 곳 이상에 보관하나요?"
    questionnaire.save_revision().publish()

    client.post(f"/organisations/{organisation.pk}/assessments/start/")
    second = Assessment.objects.exclude(pk=started.pk).get()
    assert second.revision_id != started.revision_id
    old = client.get(f"/organisations/{organisation.pk}/assessments/{started.pk}/answer/")
    new = client.get(f"/organisations/{organisation.pk}/assessments/{second.pk}/answer/")
    assert "정기적으로 백업하나요?" in old.content.decode()
    assert "백업을 두 곳 이상에 보관하나요?" in new.content.decode()


def test_the_result_shows_the_trend_over_successive_assessments(
    client, coordinator, organisation, questionnaire, started
):
    _post_answers(client, organisation, started, answers_for(questionnaire, [0, 0, 0, 0]), "submit")
    client.post(
        f"/organisations/{organisation.pk}/assessments/{started.pk}/score/", {"confirm": "yes"}
    )
    client.post(f"/organisations/{organisation.pk}/assessments/start/")
    second = Assessment.objects.exclude(pk=started.pk).get()
    _post_answers(client, organisation, second, answers_for(questionnaire, [1, 1, 2, 2]), "submit")
    client.post(
        f"/organisations/{organisation.pk}/assessments/{second.pk}/score/", {"confirm": "yes"}
    )
    started.refresh_from_db()
    second.refresh_from_db()

    soup = BeautifulSoup(
        client.get(f"/organisations/{organisation.pk}/assessments/{second.pk}/").content,
        "html.parser",
    )
    section = soup.select_one("#history-heading").find_parent("section")
    chart = section.select_one("svg.trend")
    heights = [float(c["cy"]) for c in chart.select("circle")]
    assert len(heights) == 2 and heights[1] < heights[0]  # the score went up: drawn higher
    month = timezone.localtime(second.scored_at)
    axis = [text.get_text(strip=True) for text in chart.select("text")]
    assert f"{month.year}. {month.month}." in axis  # the site's way of writing a month
    rows = [
        [cell.get_text(strip=True) for cell in tr.select("th, td")]
        for tr in section.select("tbody tr")
    ]
    assert [row[2] for row in rows] == [str(started.result["score"]), str(second.result["score"])]
    assert rows[1][3:] == [str(area["score"]) for area in second.result["areas"]]
