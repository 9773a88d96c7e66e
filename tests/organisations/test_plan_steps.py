"""An organisation's plan holds three kinds of step: courses, actions it takes itself and
services of the cooperative, chosen by risk first, then the weakest area, then what fits
its size; a page shows a few at once. Coordinators say when an action was done and ask the
cooperative about a service or a risk; staff find each request once in their queue."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase
from django.utils import timezone

from organisations import recommendations, services, steps
from organisations.models import (
    Organisation,
    PlanStep,
    PlanStepCapability,
    Questionnaire,
    ServiceRequest,
)
from outbox.models import SentNotice
from tests.factories import CoursePageFactory
from tests.organisations.conftest import assess, option

pytestmark = pytest.mark.django_db
ACTION, SERVICE = PlanStep.Kind.ACTION, PlanStep.Kind.SERVICE


def _step(kind, title, area=None, **fields):
    step = PlanStep.objects.create(kind=kind, title=title, summary=f"{title} 안내", **fields)
    if area is not None:
        PlanStepCapability.objects.create(step=step, area=area, from_stage=1)
    return step


@pytest.fixture
def plan_steps(areas):
    infra, collab, data = areas
    return {
        "backup": _step(ACTION, "백업 규칙 한 장으로 정하기"),
        "2fa": _step(ACTION, "업무 계정에 2단계 인증 켜기", infra),
        "basic": _step(SERVICE, "IT 유지관리 기본형", infra, max_size=15),
        "standard": _step(SERVICE, "IT 유지관리 표준형", infra, min_size=16),
        "folders": _step(ACTION, "공유 드라이브 폴더 규칙 정하기", collab),
        "ops": _step(SERVICE, "IT 운영 지원: 종이 장부를 스프레드시트로", data),
    }


@pytest.fixture
def questionnaire(areas, plan_steps):
    """Two risky answers on infrastructure, each calling for an action."""
    infra, collab, data = areas

    def question(area, text, options):
        return ("question", {"area": area, "text": text, "help_text": "", "options": options})

    def risky(label, risk, step):
        return {**option(label, 0, risk=risk), "risk_step": step}

    q = Questionnaire(title="단체 IT 역량 진단", live=False)
    q.questions = [
        question(
            infra,
            "정기적으로 백업하나요?",
            [risky("백업하지 않음", "백업이 없음", plan_steps["backup"]), option("매주", 100)],
        ),
        question(
            infra,
            "계정 비밀번호를 공유하나요?",
            [risky("공유함", "공용 비밀번호", plan_steps["2fa"]), option("각자 사용", 100)],
        ),
        question(collab, "공유 문서 도구를 쓰나요?", [option("아니오", 10), option("모두", 100)]),
        question(data, "회계를 어떻게 관리하나요?", [option("종이", 20), option("프로그램", 90)]),
    ]
    q.save()
    q.save_revision().publish()
    q.refresh_from_db()
    return q


@pytest.fixture
def assessed(coordinator, organisation, questionnaire, areas):
    """Eight people; every area at stage 1, both risks raised; a data course exists."""
    Organisation.objects.filter(pk=organisation.pk).update(size=8)
    CoursePageFactory(title="스프레드시트 회계", areas=[areas[2]])
    return assess(coordinator, organisation, questionnaire, [0, 0, 0, 0])


def _titles(plan) -> list[str]:
    return [(step.course or step.step).title for step in plan]


def _plan(organisation):
    return recommendations.recommend(None, timezone.now(), organisation_ids=[organisation.pk])


def test_risks_first_then_the_weakest_areas_with_steps_that_fit_the_size(assessed, organisation):
    plan = _plan(organisation)
    assert _titles(plan) == [
        "백업 규칙 한 장으로 정하기",  # risk: no backups
        "업무 계정에 2단계 인증 켜기",  # risk: shared passwords
        "IT 유지관리 기본형",  # infrastructure, for 8 people (표준형 is for 16 and more)
        "공유 드라이브 폴더 규칙 정하기",  # collaboration
        "스프레드시트 회계",  # data: the course, then the service
        "IT 운영 지원: 종이 장부를 스프레드시트로",
    ]
    assert [step.kind for step in plan[:3]] == ["risk", "risk", "step"]
    assert plan[0].reason == "진단에서 ‘백업이 없음’ 항목이 나와 먼저 권해 드립니다."
    assert plan[2].reason.startswith("인프라·보안 영역이 1단계 시작에 있어")


def test_a_larger_organisation_is_offered_the_tier_that_fits_it(assessed, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(size=40)
    titles = _titles(_plan(organisation))
    assert "IT 유지관리 표준형" in titles and "IT 유지관리 기본형" not in titles


def test_the_page_shows_three_steps_and_keeps_the_rest_behind_next_steps(
    client, coordinator, assessed, organisation, settings
):
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(f"/organisations/{organisation.pk}/").content, "html.parser")
    section = page.find(id="plan-heading").parent
    shown = section.select(":scope > ol.plan > li")
    later = section.select(".plan__later li")
    assert (len(shown), len(later)) == (3, 3)
    assert section.select_one(".plan__later summary").get_text(strip=True) == "다음 단계 (3)"
    kinds = [li.select_one(".badge").get_text() for li in shown]
    assert kinds == ["실천", "실천", "협동조합 서비스"]
    # Each reason leads back to the answer (or the area) that caused it.
    result = f"/organisations/{organisation.pk}/assessments/{assessed.pk}/"
    reasons = [li.select_one(".session-item__class a")["href"] for li in shown]
    assert reasons[0].startswith(result + "#risk-") and reasons[2].startswith(result + "#area-")
    target = BeautifulSoup(client.get(result).content, "html.parser")
    assert target.find(id=reasons[0].split("#")[1]) is not None
    settings.PLAN_OPEN_STEPS = 1
    page = BeautifulSoup(client.get(f"/organisations/{organisation.pk}/").content, "html.parser")
    assert len(page.find(id="plan-heading").parent.select(":scope > ol.plan > li")) == 1


def test_an_action_done_leaves_the_plan_and_shows_beside_its_question_next_time(
    client, coordinator, member, assessed, organisation, plan_steps, questionnaire
):
    client.force_login(coordinator)
    url = f"/organisations/{organisation.pk}/steps/{plan_steps['2fa'].pk}/"
    page = client.get(url).content.decode()
    assert "업무 계정에 2단계 인증 켜기" in page and "완료했어요" in page
    done_on = timezone.localdate() - timedelta(days=3)
    response = client.post(url + "done/", {"done_on": done_on.isoformat()}, follow=True)
    assert "계획이 다음 단계로 넘어갑니다" in response.content.decode()
    assert "업무 계정에 2단계 인증 켜기" not in _titles(_plan(organisation))
    detail = BeautifulSoup(response.content, "html.parser")
    assert (
        "업무 계정에 2단계 인증 켜기" in detail.find("h3", string="이미 한 일").find_next("ul").text
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        again = services.start_assessment(organisation, actor=coordinator)
    client.force_login(member)
    answer = BeautifulSoup(
        client.get(f"/organisations/{organisation.pk}/assessments/{again.pk}/answer/").content,
        "html.parser",
    )
    password = answer.find("legend", string="계정 비밀번호를 공유하나요?").parent
    note = password.select_one(".question__done").get_text()
    assert note.startswith("귀 단체는 ") and "업무 계정에 2단계 인증 켜기를 완료했다고" in note
    assert len(answer.select(".question__done")) == 1


@pytest.mark.parametrize(
    ("who", "when", "said"),
    [
        ("member", 0, "이 단체의 담당자만 할 수 있습니다."),
        ("coordinator", -1, "완료한 날은 미래일 수 없습니다."),
    ],
)
def test_marking_done_is_for_coordinators_and_never_in_the_future(
    client, request, assessed, organisation, plan_steps, who, when, said
):
    client.force_login(request.getfixturevalue(who))
    url = f"/organisations/{organisation.pk}/steps/{plan_steps['2fa'].pk}/done/"
    day = timezone.localdate() - timedelta(days=when)
    response = client.post(url, {"done_on": day.isoformat()}, follow=True)
    assert said in response.content.decode()
    assert "업무 계정에 2단계 인증 켜기" in _titles(_plan(organisation))


def test_asking_for_a_service_twice_reaches_the_staff_queue_once(
    client, coordinator, staff, assessed, organisation, plan_steps
):
    client.force_login(coordinator)
    basic = plan_steps["basic"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(2):
            response = client.post(
                f"/organisations/{organisation.pk}/ask/",
                {"step": basic.pk, "message": "사무실 PC 다섯 대입니다."},
                follow=True,
            )
    assert "이미 요청하셨습니다" in response.content.decode()
    request = ServiceRequest.objects.get()
    assert (request.step, request.requested_by, request.status) == (basic, coordinator, "new")
    told = SentNotice.objects.get(user=staff, kind="service-requested")
    assert told.title == "마포 청소년 인권 모임 상담 요청: IT 유지관리 기본형"
    assert "사무실 PC 다섯 대입니다." in told.body
    assert told.link == f"/admin/snippets/organisations/servicerequest/edit/{request.pk}/"
    # The step's page says it was asked, not a second form.
    page = client.get(f"/organisations/{organisation.pk}/steps/{basic.pk}/").content.decode()
    assert "에 요청하셨습니다(새 요청)" in page and 'name="message"' not in page


def test_a_risk_can_be_asked_about_from_the_result_page(
    client, coordinator, assessed, organisation
):
    client.force_login(coordinator)
    result_url = f"/organisations/{organisation.pk}/assessments/{assessed.pk}/"
    page = BeautifulSoup(client.get(result_url).content, "html.parser")
    form = page.select_one("[id^=risk-] form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    response = client.post(form["action"], data)
    assert response.status_code == 302 and response["Location"].startswith(result_url)
    assert ServiceRequest.objects.get().about == "백업이 없음"


def test_staff_take_a_request_on_in_the_admin(client, staff, coordinator, organisation, areas):
    service = _step(SERVICE, "현장 컨설팅", areas[0])
    request, created = steps.ask(organisation, actor=coordinator, step=service, message="방문 희망")
    assert created
    client.force_login(staff)
    listing = client.get("/admin/snippets/organisations/servicerequest/").content.decode()
    assert "현장 컨설팅" in listing and "마포 청소년 인권 모임" in listing
    edit = f"/admin/snippets/organisations/servicerequest/edit/{request.pk}/"
    response = client.post(
        edit, {"status": "in_progress", "handled_by": staff.pk, "notes": "3월 5일 방문"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.notes) == (
        "in_progress",
        staff,
        "3월 5일 방문",
    )
    assert (request.message, request.step) == ("방문 희망", service)  # the request stays as asked
    history = client.get(f"/admin/snippets/organisations/servicerequest/history/{request.pk}/")
    assert history.status_code == 200 and staff.get_full_name() in history.content.decode()


def test_only_a_coordinator_asks_and_only_for_a_service(
    member, coordinator, organisation, plan_steps
):
    with pytest.raises(steps.StepError):
        steps.ask(organisation, actor=member, step=plan_steps["basic"])
    with pytest.raises(steps.StepError):
        steps.ask(organisation, actor=coordinator, step=plan_steps["2fa"])
    assert not ServiceRequest.objects.exists()


def test_a_members_plan_on_my_learning_keeps_to_courses(client, member, assessed):
    client.force_login(member)
    page = client.get("/learning/").content.decode()
    assert "스프레드시트 회계" in page and "IT 유지관리 기본형" not in page
