"""An instructor edits a lesson on a phone: every field of ours, and every kind of block a
lesson's body holds, stays inside the screen. Wagtail's own chrome (its header, side panels
and comment buttons) is Wagtail's, and not checked here."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.geometry import keep_screenshot
from tests.browser.test_phone_layout import LESSON, PHONE
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = [
    {"type": "markdown", "value": LESSON},
    {"type": "heading", "value": {"text": "단체에 맞는 백업 도구를 고르는 기준", "level": "h2"}},
    {
        "type": "rich_text",
        "value": "<p>https://restic.readthedocs.io/en/stable/030_preparing_a_new_repo.html</p>",
    },
    {
        "type": "callout",
        "value": {
            "kind": "warning",
            "title": "확인하지 않은 백업은 없는 것과 같습니다",
            "text": "복구를 연습하세요.",
        },
    },
    {"type": "checklist", "value": ["백업 대상 폴더를 정했다", "암호를 안전한 곳에 적어 두었다"]},
    {
        "type": "video",
        "value": {"video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": ""},
    },
    {
        "type": "code",
        "value": {
            "language": "bash",
            "code": "restic backup ~/문서 --exclude-file=/home/activist/.config/restic/skip.txt",
        },
    },
]

# What of the form's panels reaches past the right edge of the screen, but for Wagtail's
# comment buttons, which sit in the margin by design and are clipped by its own layout.
PAST_THE_EDGE = """() => [...document.querySelectorAll("#main form .w-panel *")]
  .filter((el) => !el.closest(".w-field__comment-button, [hidden]"))
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && box.right > innerWidth + 0.5)
  .map(([el, box]) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ends at `
    + `${Math.round(box.right)} px: "${el.textContent.trim().slice(0, 30)}"`)"""


def test_the_lesson_editor_fits_a_phone(browser, live_server, request, instructor, course):
    lesson = LessonPageFactory(course=course, title="백업 도구 고르기", body=BODY)
    context = browser.new_context(viewport=PHONE, locale="ko-KR")
    client = Client()
    client.force_login(instructor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    expect(page.get_by_role("textbox", name="요약")).to_be_visible()
    body = page.locator("[data-contentpath=body]").first
    for kind in ("마크다운", "제목", "강조 상자", "체크리스트", "동영상", "코드"):
        expect(body).to_contain_text(kind)  # each block is drawn
    assert page.evaluate(PAST_THE_EDGE) == []
    keep_screenshot(page, request, "lesson-editor")
    context.close()
