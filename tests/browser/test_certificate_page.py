"""The certificate check page on a phone: words and dates stay whole."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.certificates.conftest import TEST_KEY, complete
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How many lines a piece of text inside the element takes on screen.
LINES_OF = """([selector, text]) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  }
  return 0;
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "ko-KR"}


def test_issuer_and_dates_never_break_inside_a_word_on_a_phone(
    live_server, page, settings, tmp_path, course, student, instructor
):
    settings.MEDIA_ROOT = tmp_path
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY
    enrolment = EnrolmentFactory(course_class=ClassFactory(course=course, sessions=2), user=student)
    certificate = complete(enrolment, instructor).certificate
    page.goto(live_server.url + certificate.get_absolute_url())
    facts = "#certificate-facts"
    assert page.evaluate(LINES_OF, [facts, "공동체IT사회적협동조합"]) == 1
    dates = page.locator(f"{facts} .nowrap").all_inner_texts()
    assert len(dates) == 2
    for text in dates:
        assert page.evaluate(LINES_OF, [facts, text]) == 1, text
    assert "양식 버전" not in page.locator(facts).inner_text()


def test_my_certificates_offers_the_link_to_check_in_a_field_with_a_copy_button(
    live_server, page, context, signed_in, settings, tmp_path, course, student, instructor
):
    settings.MEDIA_ROOT = tmp_path
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY
    enrolment = EnrolmentFactory(course_class=ClassFactory(course=course, sessions=2), user=student)
    certificate = complete(enrolment, instructor).certificate
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    signed_in(student)
    page.goto(f"{live_server.url}/certificates/mine/")
    field = page.get_by_role("textbox", name="누구나 확인할 수 있는 링크")
    copy = page.get_by_role("button", name="링크 복사")
    box, button = field.bounding_box(), copy.bounding_box()
    assert box["height"] >= 44 and button["height"] >= 44 and button["width"] >= 44
    assert box["x"] >= 0 and button["x"] + button["width"] <= PHONE["width"]
    assert box["x"] + box["width"] <= button["x"]  # the button beside the field, on its row
    assert abs((box["y"] + box["height"] / 2) - (button["y"] + button["height"] / 2)) <= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    copy.click()
    expect(page.get_by_role("button", name="복사했습니다")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    assert field.input_value().endswith(f"/certificates/verify/{certificate.display_code}/")
