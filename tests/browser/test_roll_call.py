"""An instructor takes the roll of a class of 30 on a phone, tap by tap."""

import pytest
from playwright.sync_api import expect

from enrolment import attendance
from enrolment.models import Attendance
from tests.browser.conftest import PHONE
from tests.browser.geometry import horizontal_overflow, small_tap_targets
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "ko-KR"}


def test_a_class_of_30_is_marked_in_at_most_35_taps(
    live_server, page, signed_in, instructor, course
):
    class_ = ClassFactory(course=course, capacity=30, sessions=1)
    session = class_.sessions.get()
    learners = [
        EnrolmentFactory(course_class=class_, user=UserFactory(name=f"수강생{n:02}"))
        for n in range(30)
    ]
    exceptions = {learners[3]: "late", learners[11]: "absent", learners[27]: "excused"}
    signed_in(instructor)
    taps = 0

    def tap(locator):
        nonlocal taps
        taps += 1
        locator.click()

    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    tap(page.get_by_role("button", name="모두 출석"))
    expect(page.locator(".roll-row input[value=present]:checked")).to_have_count(30)
    for enrolment, status in exceptions.items():
        row = page.locator(f"#roll-row-{enrolment.pk}")
        label = {"late": "지각", "absent": "결석", "excused": "공결"}[status]
        tap(row.get_by_role("radio", name=label))
        expect(page.locator(f"#roll-row-{enrolment.pk} .roll-row__saved")).to_be_visible()

    assert taps <= 35
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment", "status"))
    assert len(marks) == 30
    assert {marks[e.pk] for e in learners if e not in exceptions} == {"present"}
    assert {e: marks[e.pk] for e in exceptions} == exceptions
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"]  # nothing to scroll sideways on a phone


def test_a_tap_never_moves_the_next_row_the_answer_shows_at_the_bottom(
    live_server, page, signed_in, instructor, course
):
    class_ = ClassFactory(course=course, capacity=5, sessions=1)
    session = class_.sessions.get()
    first, second = (
        EnrolmentFactory(course_class=class_, user=UserFactory(name=name))
        for name in ("김하늘", "이바다")
    )
    signed_in(instructor)
    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    next_row = page.locator(f"#roll-row-{second.pk}")
    before = next_row.bounding_box()

    page.locator(f"#roll-row-{first.pk}").get_by_role("radio", name="지각").click()
    toast = page.locator("#messages .messages__toast")
    expect(toast).to_have_text("김하늘: 지각으로 저장했습니다.")
    expect(toast).to_be_visible()
    assert page.locator("#messages").get_attribute("role") == "status"
    assert next_row.bounding_box()["y"] == before["y"]  # the next tap lands on the right person
    shown = toast.bounding_box()
    assert shown["y"] + shown["height"] <= PHONE["height"]  # on the screen, at its bottom
    assert shown["y"] > PHONE["height"] / 2

    next_row.get_by_role("radio", name="결석").click()
    expect(toast.last).to_have_text("이바다: 결석으로 저장했습니다.")
    expect(page.locator("#messages .messages__toast:visible")).to_have_count(1)  # the newest
    assert next_row.bounding_box()["y"] == before["y"]


def test_the_reason_for_an_excused_mark_fits_a_phone_and_enter_saves_it_in_place(
    live_server, page, signed_in, instructor, course
):
    class_ = ClassFactory(course=course, capacity=5, sessions=1)
    session = class_.sessions.get()
    learner = EnrolmentFactory(course_class=class_, user=UserFactory(name="김하늘"))
    EnrolmentFactory(course_class=class_, user=UserFactory(name="이바다"))
    signed_in(instructor)
    url = f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/"
    page.goto(url)
    row = page.locator(f"#roll-row-{learner.pk}")
    row.get_by_role("radio", name="공결").click()
    reason = row.get_by_role("textbox", name="사유")
    expect(reason).to_be_visible()

    # The label above, the field across the row beside its button, each a finger's size.
    label, field = row.locator("label", has_text="사유").bounding_box(), reason.bounding_box()
    save = row.get_by_role("button", name="저장").bounding_box()
    choices = row.locator(".roll-row__choices").bounding_box()
    assert label["y"] + label["height"] <= field["y"] + 1
    assert field["height"] >= 44 and save["height"] >= 44 and save["width"] >= 44
    assert field["x"] <= choices["x"] + 1  # starts where the row's choices start
    assert save["x"] + save["width"] <= choices["x"] + choices["width"] + 1
    assert field["width"] >= choices["width"] * 0.6
    assert small_tap_targets(page, ".roll-row__reason input, .roll-row__reason button") == []
    assert horizontal_overflow(page) == []

    # Enter saves the reason alone, in place: the page stays, and so does the finger's place.
    reason.fill("병원 진료")
    with page.expect_response(lambda response: response.request.method == "POST"):
        reason.press("Enter")
    expect(page.locator("#messages .messages__toast").last).to_have_text(
        "김하늘: 공결로 저장했습니다."
    )
    expect(row.get_by_role("textbox", name="사유")).to_be_focused()
    expect(row.get_by_role("textbox", name="사유")).to_have_value("병원 진료")
    assert page.url == url
    assert Attendance.objects.get(enrolment=learner).reason == "병원 진료"

    # The button saves too, and keeps the focus.
    row.get_by_role("textbox", name="사유").fill("가족 행사")
    with page.expect_response(lambda response: response.request.method == "POST"):
        row.get_by_role("button", name="저장").click()
    expect(row.get_by_role("textbox", name="사유")).to_have_value("가족 행사")
    expect(row.get_by_role("button", name="저장")).to_be_focused()
    assert Attendance.objects.get(enrolment=learner).reason == "가족 행사"


def test_the_roll_waits_to_refresh_while_a_reason_is_written_and_refreshes_after(
    live_server, page, signed_in, instructor, course, settings
):
    settings.ROLL_REFRESH_SECONDS = 1
    class_ = ClassFactory(course=course, capacity=5, sessions=1)
    session = class_.sessions.get()
    learner = EnrolmentFactory(course_class=class_, user=UserFactory(name="김하늘"))
    latecomer = EnrolmentFactory(course_class=class_, user=UserFactory(name="이바다"))
    signed_in(instructor)
    refreshes = []
    page.on(
        "request",
        lambda request: (
            refreshes.append(request)
            if request.method == "GET" and request.url.endswith("/roll/")
            else None
        ),
    )
    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    row = page.locator(f"#roll-row-{learner.pk}")
    row.get_by_role("radio", name="공결").click()
    reason = row.get_by_role("textbox", name="사유")
    reason.fill("병원 진")
    # Someone is marked meanwhile (as a self check-in would be): a refresh would show it.
    attendance.mark(session, latecomer, "late", actor=instructor)
    before = len(refreshes)
    page.wait_for_timeout(3500)  # three refreshes' time
    assert len(refreshes) == before
    expect(reason).to_have_value("병원 진")
    expect(reason).to_be_focused()

    # Saved and left: the refreshes come back and show the latecomer.
    reason.fill("병원 진료")
    with page.expect_response(lambda response: response.request.method == "POST"):
        reason.press("Enter")
    page.locator("h1").click()
    late = page.locator(f"#roll-row-{latecomer.pk}").get_by_role("radio", name="지각")
    expect(late).to_be_checked(timeout=5000)
    assert Attendance.objects.get(enrolment=learner).reason == "병원 진료"
