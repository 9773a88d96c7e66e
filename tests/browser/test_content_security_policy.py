"""The Content-Security-Policy breaks nothing: the main pages run with no violation."""

import pytest
from playwright.sync_api import expect

from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def violations(page):
    """Every CSP violation and script error the page reports while the test runs."""
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_main_pages_run_without_a_policy_violation(
    live_server, page, signed_in, violations, student, instructor, course
):
    LessonPageFactory(course=course, title="동의 받기", slug="consent")
    class_ = ClassFactory(course=course, sessions=1)
    session = class_.sessions.get()
    EnrolmentFactory(course_class=class_, user=student)

    signed_in(student)
    page.goto(f"{live_server.url}/courses/")
    page.goto(f"{live_server.url}{course.url}")
    page.goto(f"{live_server.url}/learning/")
    # htmx works under the policy: marking a lesson done swaps the button in place.
    page.goto(f"{live_server.url}{course.url}consent/")
    page.get_by_role("button", name="이 수업 마침").click()
    expect(page.locator("#lesson-done")).to_contain_text("이 수업을 마쳤습니다.")

    signed_in(instructor)
    page.goto(f"{live_server.url}/learning/classes/{class_.pk}/sessions/{session.pk}/roll/")
    page.get_by_role("button", name="모두 출석").click()
    expect(page.locator(".roll-row input[value=present]:checked")).to_have_count(1)
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("body")).to_be_visible()

    assert violations == []


def test_the_admin_live_preview_shows_the_lesson(
    live_server, page, signed_in, violations, instructor, course
):
    """The admin frames its own preview: 'self' is a frame source there, not on the site."""
    lesson = LessonPageFactory(course=course, title="백업 규칙 세우기", slug="backup-rules")
    signed_in(instructor)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("백업 규칙 세우기")
    assert violations == []
