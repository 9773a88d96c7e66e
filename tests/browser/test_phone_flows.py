"""On a 360 px phone, with the keyboard: after each htmx action the focus stays on the
control or the one that replaced it (never <body>), and the page's messages region says
what happened. A screenshot of each step is kept in var/test-results/phone-flows/."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Session
from enrolment import attendance
from enrolment import services as enrolment_services
from enrolment.models import Enrolment
from organisations import services
from organisations.models import Assessment
from tests.browser.geometry import check_layout, small_tap_targets
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 780}
FOCUSED = """() => {
  const element = document.activeElement;
  return {tag: element.tagName, id: element.id, text: element.textContent.trim()};
}"""


# What a tap at the middle of the newest toast lands on: the element's classes and its parents'.
TAPPED_UNDER_TOAST = """() => {
  const toast = [...document.querySelectorAll(".messages__toast")].pop();
  const box = toast.getBoundingClientRect();
  let element = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const seen = [];
  for (; element; element = element.parentElement) seen.push(element.className || element.tagName);
  return seen.join(" < ");
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "ko-KR"}


@pytest.fixture
def shoot(request):
    """Keep a screenshot of each step, numbered in the order taken."""
    folder = Path(request.config.getoption("--output")) / "phone-flows"
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def screenshot(page, step: str):
        taken.append(step)
        name = f"{request.node.name}-{len(taken):02}-{step}.png"
        page.screenshot(path=folder / re.sub(r"[^\w.-]+", "-", name), full_page=True)

    return screenshot


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _open_class(course, **kwargs):
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        title="봄 1기",
        sessions=0,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=5),
        **kwargs,
    )
    starts = now + timedelta(days=7)
    ends = starts + timedelta(hours=2)
    Session.objects.create(course_class=class_, starts_at=starts, ends_at=ends)
    return class_


def test_enrol_and_cancel_with_the_keyboard_keep_the_focus_and_say_what_happened(
    live_server, page, signed_in, student, other_student, course, shoot
):
    class_ = _open_class(course, capacity=1)
    signed_in(student)
    page.goto(live_server.url + course.url)
    card = page.locator(f"#class-{class_.pk}")
    messages = page.locator("#messages")

    card.get_by_role("button", name="신청").focus()
    page.keyboard.press("Enter")
    cancel = card.get_by_role("button", name="수강 취소")
    expect(cancel).to_be_focused()
    assert _focused(page) == {"tag": "BUTTON", "id": "", "text": "수강 취소"}
    expect(messages).to_have_text(re.compile("수강 신청이 확정되었습니다"))
    shoot(page, "enrolled")

    # Someone joins the waitlist meanwhile: a cancellation hands the seat on.
    EnrolmentFactory(
        course_class=class_, user=other_student, status=Enrolment.Status.WAITLISTED, waitlist_rank=1
    )
    page.keyboard.press("Enter")
    keep = card.get_by_role("link", name="그대로 두기")
    expect(keep).to_be_focused()
    question = card.get_by_role("group", name="정말 수강을 취소할까요?")
    expect(question).to_contain_text("대기자 1명")
    shoot(page, "asked-to-confirm")

    page.keyboard.press("Enter")  # keep it
    expect(cancel).to_be_focused()
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED
    shoot(page, "kept")

    page.keyboard.press("Enter")
    expect(keep).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(card.get_by_role("button", name="네, 수강을 취소합니다")).to_be_focused()
    page.keyboard.press("Enter")
    # The seat went to the person waiting, so the class is full again: join its waitlist.
    expect(card.get_by_role("button", name="대기 신청", exact=True)).to_be_focused()
    assert _focused(page)["tag"] == "BUTTON"
    expect(messages).to_have_text(
        re.compile("수강을 취소했습니다. 자리는 대기 명단의 다음 분에게 넘어갔습니다.")
    )
    assert messages.get_attribute("role") == "status"
    shoot(page, "cancelled")
    statuses = dict(Enrolment.objects.values_list("user__name", "status"))
    assert statuses == {student.name: "cancelled", other_student.name: "enrolled"}
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_seat_offered_is_taken_from_the_class_card_with_the_focus_kept(
    live_server, page, signed_in, student, other_student, course, shoot, language
):
    class_ = _open_class(course, capacity=1, offers_seats=True)
    seated = enrolment_services.enrol(other_student, class_)
    enrolment_services.enrol(student, class_)
    enrolment_services.cancel(seated)
    offer = Enrolment.objects.get(user=student)
    assert offer.status == Enrolment.Status.OFFERED
    signed_in(student)
    page.goto(f"{live_server.url}/language/{language}/")
    words = OFFER_WORDS[language]

    # The offer's own page (the link in the notice): both answers, fitting a phone.
    page.goto(f"{live_server.url}/learning/offers/{offer.pk}/")
    expect(page.locator("main")).to_contain_text(words["held"])
    assert check_layout(page) == []
    assert small_tap_targets(page, "main button, main .button") == []
    shoot(page, f"offer-page-{language}")

    page.goto(live_server.url + course.url)
    card = page.locator(f"#class-{class_.pk}")
    expect(card).to_contain_text(words["held"])
    assert check_layout(page) == []
    shoot(page, f"offer-on-the-card-{language}")
    card.get_by_role("button", name=words["take"]).focus()
    page.keyboard.press("Enter")
    cancel = card.get_by_role("button", name=words["cancel"])
    expect(cancel).to_be_focused()
    expect(page.locator("#messages")).to_have_text(re.compile(words["enrolled"]))
    shoot(page, f"offer-taken-{language}")
    assert Enrolment.objects.get(pk=offer.pk).status == Enrolment.Status.ENROLLED


OFFER_WORDS = {
    "ko": {
        "held": "까지 자리를 잡아 두었습니다",
        "take": "자리 잡기",
        "cancel": "수강 취소",
        "enrolled": "수강 신청이 확정되었습니다",
    },
    "en": {
        "held": "is held for you until",
        "take": "Take the seat",
        "cancel": "Cancel my enrolment",
        "enrolled": "You are enrolled in",
    },
}


def test_without_javascript_cancelling_asks_on_its_own_page(
    live_server, browser, student, course, shoot, signed_in, context
):
    class_ = _open_class(course)
    EnrolmentFactory(course_class=class_, user=student)
    signed_in(student)
    no_script = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="ko-KR")
    no_script.add_cookies(context.cookies())
    page = no_script.new_page()
    page.goto(live_server.url + course.url)
    page.locator(f"#class-{class_.pk}").get_by_role("button", name="수강 취소").click()
    expect(page.get_by_role("group", name="정말 수강을 취소할까요?")).to_be_visible()
    shoot(page, "no-js-asked")
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED
    page.get_by_role("button", name="네, 수강을 취소합니다").click()
    expect(page.locator("#messages")).to_contain_text("빈자리는 다른 분이 신청할 수 있습니다")
    shoot(page, "no-js-cancelled")
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.CANCELLED
    no_script.close()


def test_the_roll_call_keeps_the_focus_and_says_how_many_were_marked(
    live_server, page, signed_in, instructor, course, shoot
):
    class_ = ClassFactory(course=course, capacity=10, sessions=1)
    session = class_.sessions.get()
    learners = [
        EnrolmentFactory(course_class=class_, user=UserFactory(name=f"수강생{n}")) for n in range(4)
    ]
    attendance.mark(session, learners[0], "present", actor=learners[0].user)  # checked in
    signed_in(instructor)
    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    messages = page.locator("#messages")
    expect(page.get_by_role("button", name="출석부 저장")).to_be_hidden()  # every tap saves
    self_checked = page.locator(f"#roll-row-{learners[0].pk}")
    expect(self_checked.locator(".roll-row__self")).to_have_text("본인 체크인")
    expect(page.locator(f"#roll-row-{learners[1].pk} .roll-row__self")).to_have_count(0)
    shoot(page, "roll-before")

    everyone = page.get_by_role("button", name="모두 출석")
    everyone.focus()
    page.keyboard.press("Enter")
    expect(messages).to_have_text("3명을 출석으로 표시했습니다.")
    expect(everyone).to_be_focused()
    assert _focused(page)["text"] == "모두 출석"
    expect(page.locator(".roll-row input[value=present]:checked")).to_have_count(4)
    shoot(page, "everyone-present")

    newest = messages.locator(".messages__toast").last  # each answer shows over the last one
    late = page.locator(f"#status-{learners[2].pk}-late")
    late.focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#roll-row-{learners[2].pk} .roll-row__saved")).to_be_visible()
    expect(late).to_be_focused()  # the radio in the row that replaced the old one
    assert _focused(page) == {"tag": "INPUT", "id": f"status-{learners[2].pk}-late", "text": ""}
    expect(late).to_be_checked()
    expect(newest).to_have_text("수강생2: 지각으로 저장했습니다.")
    shoot(page, "one-tap")
    # A tap where the toast shows reaches the page beneath it.
    beneath = page.evaluate(TAPPED_UNDER_TOAST)
    assert beneath and "messages__toast" not in beneath, beneath

    page.keyboard.press("ArrowRight")  # the next choice in the group: absent
    absent = page.locator(f"#status-{learners[2].pk}-absent")
    expect(newest).to_have_text("수강생2: 결석으로 저장했습니다.")
    expect(absent).to_be_focused()
    shoot(page, "arrow-key")
    marks = dict(session.attendance.values_list("enrolment", "status"))
    assert marks[learners[2].pk] == "absent"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_without_javascript_the_roll_call_keeps_its_save_button(
    live_server, browser, signed_in, context, instructor, course, shoot
):
    class_ = ClassFactory(course=course, capacity=10, sessions=1)
    session = class_.sessions.get()
    learner = EnrolmentFactory(course_class=class_, user=UserFactory(name="수강생"))
    signed_in(instructor)
    no_script = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="ko-KR")
    no_script.add_cookies(context.cookies())
    page = no_script.new_page()
    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    page.locator(f"#roll-row-{learner.pk}").get_by_role("radio", name="지각").check()
    save = page.get_by_role("button", name="출석부 저장")
    expect(save).to_be_visible()
    save.click()
    expect(page.locator("#messages")).to_contain_text("출석부를 저장했습니다")
    shoot(page, "no-js-roll-saved")
    assert session.attendance.get().status == "late"
    no_script.close()


def test_an_assessment_marks_what_is_unanswered_and_asks_before_closing(
    live_server, page, signed_in, coordinator, member, organisation, questionnaire, shoot
):
    assessment = services.start_assessment(organisation, actor=coordinator)
    services.save_answers(assessment, actor=member, answers={}, submit=False)  # a draft
    signed_in(coordinator)
    base = f"{live_server.url}/organisations/{organisation.pk}/assessments/{assessment.pk}/"
    page.goto(base + "answer/")
    questions = [block.id for block in questionnaire.questions]
    for question in questions[:2]:
        page.locator(f"input[name='q-{question}'][value='1']").check()
    page.get_by_role("button", name="답변 제출").click()
    summary = page.locator("#missing-summary")
    expect(summary).to_contain_text("2개 문항에 아직 답하지 않았습니다.")
    expect(page.locator(".question--missing")).to_have_count(2)
    for question in questions[2:]:
        expect(page.locator(f"#question-{question} .question__missing")).to_have_text(
            "아직 답하지 않음"
        )
    shoot(page, "unanswered-marked")
    summary.get_by_role("link", name="첫 문항으로 가기").click()
    assert page.url.endswith(f"#question-{questions[2]}")
    for question in questions[2:]:
        page.locator(f"input[name='q-{question}'][value='1']").check()
    page.get_by_role("button", name="답변 제출").click()
    expect(page.locator("#messages")).to_contain_text("제출했습니다")
    expect(page.locator(".question--missing")).to_have_count(0)

    page.goto(base)
    page.get_by_role("button", name="마감하고 채점하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("이 진단을 마감하고 채점할까요?")
    expect(page.locator("#drafts-heading")).to_contain_text("임시 저장 1개는 빠집니다")
    shoot(page, "asked-before-closing")
    assert Assessment.objects.get().status == "open"
    page.get_by_role("button", name="지금 마감하고 채점하기").click()
    expect(page.locator("#messages")).to_have_text("진단을 마감하고 채점했습니다.")
    shoot(page, "closed-and-scored")
    assert Assessment.objects.get().status == "scored"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_my_learning_offers_the_calendar_with_a_copy_button(
    live_server, page, context, signed_in, student, shoot
):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    signed_in(student)
    page.goto(f"{live_server.url}/learning/")
    feed = page.locator("#personal-feed")
    feed.get_by_role("button", name="내 캘린더 주소 만들기").click()
    address = feed.get_by_role("textbox", name="캘린더 주소")
    expect(address).to_be_focused()
    expect(page.locator("#messages")).to_have_text("캘린더 주소가 준비되었습니다.")
    url = address.input_value()
    assert "/calendar/u/" in url
    expect(feed.get_by_role("link", name="구독")).to_have_attribute(
        "href", "webcal://" + url.split("://", 1)[1]
    )
    expect(feed.get_by_role("link", name="Google 캘린더에 추가")).to_be_visible()
    feed.get_by_role("button", name="복사").click()
    expect(feed.get_by_role("button", name="복사했습니다")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    shoot(page, "calendar-on-my-learning")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# The paragraphs on the screen that contain some words (text only for screen readers left out).
SEEN_SENTENCES = """(words) => [...document.querySelectorAll("main p, #messages p")]
  .filter((p) => p.textContent.includes(words) && p.checkVisibility()
    && !p.closest(".visually-hidden"))
  .map((p) => p.textContent.trim())"""


def test_enrolling_says_it_once_and_the_safe_choice_looks_like_the_first_one(
    live_server, page, signed_in, student, course
):
    class_ = _open_class(course)
    signed_in(student)
    page.goto(live_server.url + course.url)
    card = page.locator(f"#class-{class_.pk}")
    card.get_by_role("button", name="신청").click()
    expect(card.get_by_role("button", name="수강 취소")).to_be_focused()

    # One sentence on the screen says the place is confirmed; the region still reads it out.
    seen = page.evaluate(SEEN_SENTENCES, "확정되었습니다")
    assert seen == ["수강이 확정되었습니다."]
    expect(card.locator(".status")).to_have_text("수강이 확정되었습니다.")
    expect(page.locator("#messages")).to_contain_text("수강 신청이 확정되었습니다")

    card.get_by_role("button", name="수강 취소").click()
    keep = card.get_by_role("link", name="그대로 두기")
    cancel = card.get_by_role("button", name="네, 수강을 취소합니다")
    expect(keep).to_be_focused()
    look = "(el) => { const s = getComputedStyle(el); return [s.backgroundColor, s.color, s.borderTopColor]; }"  # noqa: E501
    assert keep.evaluate(look)[:2] == ["rgb(31, 111, 92)", "rgb(255, 255, 255)"]  # filled
    background, color, border = cancel.evaluate(look)
    assert background == "rgb(255, 255, 255)"  # an outline, not the filled first choice
    assert color == border == "rgb(161, 44, 44)"  # red: it cannot be undone


def test_marking_a_lesson_done_keeps_the_focus_on_its_button(
    live_server, page, signed_in, student, course, shoot
):
    from tests.factories import LessonPageFactory

    lesson = LessonPageFactory(course=course, title="백업 규칙 세우기")
    EnrolmentFactory(course_class=_open_class(course), user=student)
    signed_in(student)
    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name="이 수업 마침").focus()
    page.keyboard.press("Enter")
    undo = page.get_by_role("button", name="마치지 않음으로 되돌리기")
    expect(undo).to_be_focused()
    shoot(page, "done")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="이 수업 마침")).to_be_focused()
    assert _focused(page)["tag"] == "BUTTON"
