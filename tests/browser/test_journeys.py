"""Journeys through the whole school, as people take them, in Chromium against a live server."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
import vobject
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates.models import Certificate
from cms.models import LessonPage
from courses.models import Session
from enrolment.models import Enrolment
from organisations import services
from organisations.models import Membership, Organisation
from tests.browser.conftest import PHONE
from tests.browser.geometry import check_layout, keep_screenshot
from tests.factories import ClassFactory, CoursePageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


LESSON = """## 3-2-1 원칙

사본 **세 개**, 매체 두 종류.

| 사본 | 보관 장소 | 주기 |
| --- | --- | --- |
| 원본 | 사무실 컴퓨터 | 매일 |
| 두 번째 | 외장 하드디스크 | 매주 |
| 세 번째 | 클라우드 저장소 | 매일 밤 자동으로 |

```
restic backup ~/문서 --tag 매일백업
```
"""


def ko(message: str) -> str:
    """What a Korean reader sees for an interface message."""
    with override("ko"):
        return gettext(message)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ko-KR"}


@pytest.fixture
def looks_right(request):
    """Keep a screenshot of the page and check what a person sees of its layout: nothing
    wider than the screen, boxes left of their labels, charts whole, Korean unbroken."""

    def check(page, name):
        keep_screenshot(page, request, name)
        assert check_layout(page) == [], name

    return check


def test_from_sign_up_to_a_certificate_anyone_can_verify(
    live_server,
    person,
    looks_right,
    areas,
    questionnaire,
    instructor,
):
    infra = areas[0]
    course = CoursePageFactory(title="백업 첫걸음", areas=[infra], instructors=[instructor])
    CoursePageFactory(title="영상 편집 심화", level="advanced")
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        title="1기",
        sessions=0,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=1),
    )
    class_.instructors.add(instructor)
    session = Session.objects.create(
        course_class=class_,
        starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        topic="백업 실습",
    )
    coordinator = UserFactory(username="coordinator", name="한조정")
    organisation = services.register(coordinator, Organisation(name="마포 청소년 인권 모임"))

    # An activist, on their phone, signs up and asks to join their organisation.
    activist = person(viewport=PHONE)
    activist.goto(f"{live_server.url}/accounts/signup/")
    looks_right(activist, "sign-up")
    activist.fill("input[name=username]", "newactivist")
    activist.fill("input[name=name]", "김새내")
    activist.fill("input[name=email]", "new@example.org")
    activist.fill("input[name=password1]", "a-long-pass-phrase-2026")
    activist.fill("input[name=password2]", "a-long-pass-phrase-2026")
    activist.check("input[name=privacy_consent]")
    activist.get_by_role("button", name=ko("Create my account")).click()
    expect(activist.locator("body")).to_contain_text("김새내")
    activist.goto(f"{live_server.url}/organisations/")
    activist.locator("li", has_text="마포 청소년 인권 모임").get_by_role(
        "button", name=ko("Ask to join")
    ).click()
    expect(activist.get_by_role("status").first).to_be_visible()

    # Its coordinator approves, then fills in the assessment and scores it.
    coordinating = person(coordinator)
    coordinating.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    coordinating.get_by_role("button", name=ko("Approve")).click()
    members = coordinating.locator("#members-heading").locator("xpath=..")
    expect(members.locator("ul").first).to_contain_text("김새내")
    assert Membership.objects.filter(organisation=organisation, user__username="newactivist")
    coordinating.get_by_role("button", name=ko("Start an assessment")).click()
    looks_right(coordinating, "assessment")
    for question in questionnaire.questions:  # the weakest answer to every question
        coordinating.locator(f"input[name='q-{question.id}'][value='0']").check()
    coordinating.get_by_role("button", name=ko("Submit my answers")).click()
    coordinating.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    coordinating.locator("#assessments-heading ~ ul a").first.click()
    coordinating.get_by_role("button", name=ko("Close and score")).click()
    coordinating.get_by_role("button", name=ko("Close and score now")).click()
    expect(coordinating.locator(".grade")).to_be_visible()
    looks_right(coordinating, "assessment-result")

    # The activist sees the recommended course, enrols, and copies their calendar address.
    activist.goto(f"{live_server.url}/learning/")
    plan = activist.locator("#plan-heading").locator("xpath=..")
    looks_right(activist, "my-learning")
    expect(plan).to_contain_text("백업 첫걸음")
    expect(plan).not_to_contain_text("영상 편집 심화")
    plan.get_by_role("link", name="백업 첫걸음").click()
    activist.locator(f"#class-{class_.pk}").get_by_role("button", name=ko("Enrol")).click()
    expect(activist.locator(f"#class-{class_.pk}")).to_contain_text(ko("You are enrolled."))
    activist.goto(f"{live_server.url}/accounts/profile/")
    activist.get_by_role("button", name=ko("Create my calendar address")).click()
    activist.locator("#personal-feed").get_by_role("button", name=ko("Copy")).click()
    feed_url = activist.evaluate("navigator.clipboard.readText()")
    calendar = vobject.readOne(urlopen(live_server.url + urlsplit(feed_url).path).read().decode())
    assert [event.summary.value for event in calendar.vevent_list] == [
        "백업 첫걸음 · 1기 · 백업 실습"
    ]

    # In class, the instructor shows the code and the activist checks in with it.
    teaching = person(instructor)
    teaching.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/code/")
    code = teaching.locator(".checkin-code__digits").inner_text().strip()
    activist.goto(f"{live_server.url}/learning/")
    activist.get_by_role("link", name=ko("Check in")).click()
    activist.fill("input[name=code]", code)
    activist.get_by_role("button", name=ko("Check in")).click()
    expect(activist.get_by_role("status").first).to_contain_text(
        ko("Checked in: recorded as present.")
    )

    # One session attended of one: complete, and the certificate is there at once.
    enrolment = Enrolment.objects.get(user__username="newactivist")
    assert enrolment.completed_at is not None
    activist.goto(f"{live_server.url}/certificates/mine/")
    pdf_link = activist.get_by_role("link", name=ko("Download PDF")).get_attribute("href")
    pdf = activist.context.request.get(live_server.url + pdf_link)  # with the activist's session
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "김새내" in text and "백업 첫걸음" in text
    verify_link = activist.locator("#my-certificates input[readonly]").input_value()
    looks_right(activist, "my-certificates")

    # A visitor with nothing but the link checks it.
    visitor = person()
    visitor.goto(live_server.url + urlsplit(verify_link).path)
    expect(visitor.locator("body")).to_contain_text(ko("Valid"))
    expect(visitor.locator("body")).to_contain_text("김새내")
    expect(visitor.locator("body")).not_to_contain_text("new@example.org")
    looks_right(visitor, "certificate-verified")
    assert Certificate.objects.get().enrolment == enrolment


def test_a_full_class_promotes_the_waitlist_when_someone_cancels(live_server, person, course):
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        capacity=1,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=1),
    )
    first, second = UserFactory(name="첫째"), UserFactory(name="둘째")
    card = f"#class-{class_.pk}"

    taking_the_seat = person(first)
    taking_the_seat.goto(live_server.url + course.url)
    taking_the_seat.locator(card).get_by_role("button", name=ko("Enrol")).click()
    expect(taking_the_seat.locator(card)).to_contain_text(ko("You are enrolled."))

    waiting = person(second)
    waiting.goto(live_server.url + course.url)
    waiting.locator(card).get_by_role("button", name=ko("Join the waitlist")).click()
    expect(waiting.locator(card)).to_contain_text(re.compile("대기.*1"))

    taking_the_seat.locator(card).get_by_role("button", name=ko("Cancel my enrolment")).click()
    taking_the_seat.locator(card).get_by_role("button", name=ko("Yes, cancel my enrolment")).click()
    # The answer says where the seat went; only then has the cancellation been saved.
    expect(taking_the_seat.locator("#messages")).to_contain_text(
        "자리는 대기 명단의 다음 분에게 넘어갔습니다"
    )

    waiting.reload()
    expect(waiting.locator(card)).to_contain_text(ko("You are enrolled."))
    statuses = dict(Enrolment.objects.values_list("user__name", "status"))
    assert statuses == {"첫째": "cancelled", "둘째": "enrolled"}


def test_an_instructors_markdown_lesson_is_published_by_staff_and_shows_on_the_site(
    live_server, person, looks_right, course, instructor, staff
):
    writing = person(instructor)
    writing.goto(f"{live_server.url}/admin/pages/{course.pk}/add_subpage/")
    writing.fill("#id_title", "백업 규칙 세우기")
    writing.locator("button.c-sf-add-button").first.click()
    writing.get_by_role("option", name=ko("Markdown")).click()
    writing.fill("textarea[name='body-0-value']", LESSON)
    writing.get_by_role("button", name=re.compile("작업 더 보기|More actions")).click()
    writing.locator("button[name=action-submit]").click()
    expect(writing.locator(".messages")).to_be_visible()
    lesson = LessonPage.objects.get(title="백업 규칙 세우기")
    assert not lesson.live and lesson.current_workflow_state is not None
    assert (
        writing.context.request.get(live_server.url + course.url + lesson.slug + "/").status == 404
    )

    publishing = person(staff)
    publishing.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    publishing.get_by_role("button", name=re.compile("작업 더 보기|More actions")).click()
    publishing.get_by_role(
        "button", name=re.compile("^(승인 후 게시|Approve and publish)$")
    ).click()
    expect(publishing.locator(".messages")).to_be_visible()

    reader = person(viewport=PHONE)
    reader.goto(live_server.url + course.url)
    reader.get_by_role("link", name="백업 규칙 세우기").click()
    expect(reader.locator("h2", has_text="3-2-1 원칙")).to_be_visible()
    expect(reader.locator("strong", has_text="세 개")).to_be_visible()
    expect(reader.locator("table th", has_text="보관 장소")).to_be_visible()
    looks_right(reader, "lesson-on-a-phone")
