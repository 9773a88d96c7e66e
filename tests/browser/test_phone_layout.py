"""The pages people use on a phone, at 360 px and at 1280 px: nothing wider than the screen,
checkboxes and radios left of their labels, charts and tables whole, Korean broken between
words. A screenshot of each page is kept in var/test-results/pages/."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from courses.models import Class
from demo.assessments import QUESTIONS, SCORES
from demo.content import CAPABILITY_AREAS
from enrolment import attendance
from enrolment import services as enrolment_services
from organisations import services, sharing
from organisations.models import Assessment, PlanStep, PlanStepCapability, Questionnaire
from outbox.models import SentNotice
from tests.browser.after_class import after_class
from tests.browser.geometry import (
    check_layout,
    keep_screenshot,
    misplaced_choices,
    small_tap_targets,
)
from tests.factories import (
    CapabilityAreaFactory,
    ClassFactory,
    CoursePageFactory,
    EnrolmentFactory,
    LessonPageFactory,
    UserFactory,
    class_open_now,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 780}
DESK = {"width": 1280, "height": 900}

LESSON = """## 백업 도구 비교

| 도구 | 자동 백업 | 암호화 | 비용 | 설명 |
| --- | --- | --- | --- | --- |
| 구글 드라이브 데스크톱 | 예 | 전송 중 | 무료 15GB | 컴퓨터의 폴더를 그대로 올리는 가장 쉬운 방법 |
| Restic | 예 (cron) | 예 | 무료 | 명령줄 도구, https://restic.readthedocs.io/en/stable/ 참고 |

설정 파일은 `~/.config/restic/백업목록.txt`에 둡니다.

```
# 매일 밤 11시에 자동 백업
0 23 * * * restic backup ~/문서 --tag 매일백업
```
"""


@pytest.fixture
def school(instructor, coordinator, member, organisation):
    """The demo's questionnaire (six areas with long names, twelve questions) scored once
    and open again, members with classes, and a lesson with a Markdown table and code."""
    areas = {
        spec["slug"]: CapabilityAreaFactory(name=spec["name"], slug=spec["slug"], sort_order=n)
        for n, spec in enumerate(CAPABILITY_AREAS)
    }
    questionnaire = Questionnaire(title="단체 IT 역량 진단", live=False)
    questionnaire.questions = [
        (
            "question",
            {
                "area": areas[slug],
                "text": text,
                "help_text": "",
                "options": [
                    {"label": label, "score": score, "risk": "", "risk_course": None}
                    for label, score in zip(labels, SCORES, strict=True)
                ],
            },
        )
        for slug, asked in QUESTIONS.items()
        for text, labels, _risk, _course in asked
    ]
    questionnaire.save()
    questionnaire.save_revision().publish()
    questionnaire.refresh_from_db()
    scored = services.start_assessment(organisation, actor=coordinator)
    answers = [1, 2, 3, 2, 1, 1, 0, 1, 2, 1, 1, 3]
    ids = [block.id for block in questionnaire.questions]
    services.save_answers(
        scored, actor=coordinator, answers=dict(zip(ids, answers, strict=True)), submit=True
    )
    services.score_assessment(scored, actor=coordinator)
    open_ = services.start_assessment(organisation, actor=coordinator)

    course = CoursePageFactory(
        title="백업과 복구 실천", areas=[areas["infra-security"]], instructors=[instructor]
    )
    lesson = LessonPageFactory(
        course=course, title="백업 도구 고르기", body=[{"type": "markdown", "value": LESSON}]
    )
    # A training to renew, and the only course of its track: completing it gives both.
    course.renewal_months = 12
    course.save()
    course.track.required_courses.set([course])
    class_ = ClassFactory(course=course, sessions=2)
    enrolment = EnrolmentFactory(user=member, course_class=class_)
    for session, status in zip(
        class_.sessions.order_by("starts_at"), ["present", "late"], strict=True
    ):
        attendance.mark(session, enrolment, status, actor=instructor)
    EnrolmentFactory(user=coordinator, course_class=class_)
    for person in (member, coordinator):  # both share their learning with the coordinators
        membership = organisation.memberships.get(user=person)
        sharing.choose(membership, membership.Shares.EVERYTHING, actor=person)
    service = PlanStep.objects.create(
        kind=PlanStep.Kind.SERVICE,
        title="IT 유지관리 기본형",
        summary="PC와 공유기 점검, 백업 설정, 원격 문의 응대를 월 1회 해 드립니다.",
        body="포함: 월 1회 원격 점검, 백업 설정과 확인, 평일 원격 문의.\n\n상담을 남기세요.",
    )
    PlanStepCapability.objects.create(step=service, area=areas["infra-security"], from_stage=1)
    organisation.memberships.filter(user=member).update(handles_personal_data=True)
    track_certificate = member.track_certificates.get()
    o = organisation.pk
    return {
        "training": f"/organisations/{o}/training/",
        "track-certificate": track_certificate.get_absolute_url(),
        **after_class(course, learner=member, instructor=instructor),
        "lesson": lesson.url,
        "course": course.url,
        "answer": f"/organisations/{o}/assessments/{open_.pk}/answer/",
        "result": f"/organisations/{o}/assessments/{scored.pk}/",
        "members": f"/organisations/{o}/members/",
        "organisation": f"/organisations/{o}/",
        "roster": f"/learning/classes/{class_.pk}/roster/",
        "certificates": f"/certificates/classes/{class_.pk}/",
        "step": f"/organisations/{o}/steps/{service.pk}/",
        "sharing": f"/organisations/{o}/sharing/",
    }


@pytest.fixture
def open_page(browser, live_server, request):
    """A page in a browser of its own at the given size, signed in as `user` if given."""
    contexts = []

    def open_(path, *, user=None, viewport=PHONE, language="ko"):
        context = browser.new_context(viewport=viewport, locale="ko-KR")
        contexts.append(context)
        cookies = {settings.LANGUAGE_COOKIE_NAME: language}
        if user:
            client = Client()
            client.force_login(user)
            cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value
        context.add_cookies(
            [
                {"name": name, "value": value, "url": live_server.url}
                for name, value in cookies.items()
            ]
        )
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_every_page_fits_the_screen_and_breaks_korean_between_words(
    school, open_page, request, viewport, language, coordinator, member, instructor, staff
):
    pages = [
        (None, "/", "home"),
        (None, "/courses/", "catalogue"),
        (None, school["course"], "course"),
        (None, school["lesson"], "lesson"),
        (None, "/accounts/signup/", "signup"),
        (None, "/accounts/login/", "login"),
        (member, "/learning/", "my-learning"),
        (member, "/accounts/profile/", "profile"),
        (member, "/notices/", "notices"),
        (member, "/notices/settings/", "notice-settings"),
        (coordinator, school["organisation"], "organisation"),
        (coordinator, school["answer"], "assessment"),
        (coordinator, school["result"], "assessment-result"),
        (coordinator, school["members"], "members"),
        (coordinator, school["step"], "plan-step"),
        (coordinator, school["training"], "training-duties"),
        (member, "/certificates/mine/", "my-certificates"),
        (None, school["track-certificate"], "track-certificate-check"),
        (member, school["sharing"], "sharing-choice"),
        (member, school["survey"], "survey"),
        (member, school["record"], "learning-record"),
        (member, school["offer"], "seat-offer"),
        (instructor, school["answers"], "survey-answers"),
        (staff, school["roster"], "roster"),
        (staff, school["certificates"], "class-certificates"),
        (staff, school["sector"], "sector-report"),
        (staff, school["impact"], "impact-report"),
        (staff, school["survey-report"], "survey-report"),
    ]
    problems = []
    for user, path, name in pages:
        page = open_page(path, user=user, viewport=viewport, language=language)
        assert page.evaluate("document.documentElement.lang") == language
        keep_screenshot(page, request, f"{name}-{language}")
        problems += [f"{name}: {problem}" for problem in check_layout(page)]
    assert problems == []


def test_the_consent_checkbox_sits_left_of_its_label_on_a_phone(open_page, request):
    page = open_page("/accounts/signup/")
    consent = page.get_by_label("개인정보 처리방침을 읽었으며")
    label = page.locator("label[for=id_privacy_consent]")
    box, words = consent.bounding_box(), label.bounding_box()
    assert box["x"] + box["width"] <= words["x"] + words["width"] / 4  # at the label's left
    assert words["y"] <= box["y"] + box["height"] / 2 <= words["y"] + words["height"]
    assert misplaced_choices(page) == []
    assert small_tap_targets(page, ".form input:not([type=checkbox]), .form button") == []
    label.click(position={"x": words["width"] - 5, "y": words["height"] / 2})
    expect(consent).to_be_checked()  # the whole row is the target


# Where each answer of each question sits: [[left, top, bottom] per answer] per question.
ANSWER_BOXES = """() => [...document.querySelectorAll("fieldset.question")].map((question) =>
  [...question.querySelectorAll("label.choice")].map((label) => {
    const box = label.getBoundingClientRect();
    return [Math.round(box.left), Math.round(box.top), Math.round(box.bottom)];
  }))"""


def test_the_assessment_is_compact_with_answers_beside_their_radios(
    school, open_page, request, coordinator
):
    page = open_page(school["answer"], user=coordinator)
    assert misplaced_choices(page) == []  # each answer's row is 44 px tall at least
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(12)
    # The scale reads top to bottom, one answer under the other, never in a zig-zag.
    for answers in page.evaluate(ANSWER_BOXES):
        assert len({left for left, _top, _bottom in answers}) == 1, answers
        for (_l, _t, bottom), (_l2, top, _b) in zip(answers, answers[1:], strict=False):
            assert top >= bottom - 1, answers
    heights = [questions.nth(n).bounding_box()["height"] for n in range(12)]
    assert max(heights) < 240, heights  # four rows of 44 px, not four rows of 44 px circles
    assert page.evaluate("document.documentElement.scrollHeight") < 3600


def test_lesson_tables_and_code_are_styled_and_scroll_inside_the_page(school, open_page):
    page = open_page(school["lesson"])
    table = page.locator(".prose table")
    cell = table.locator("td").first
    assert cell.evaluate("td => getComputedStyle(td).borderTopStyle") == "solid"
    assert cell.evaluate("td => parseFloat(getComputedStyle(td).paddingLeft)") >= 8
    # The table scrolls sideways on its own; the page stays the width of the phone.
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    block = page.locator(".prose pre")
    assert block.evaluate("pre => getComputedStyle(pre).backgroundColor") != "rgba(0, 0, 0, 0)"
    inline = page.locator(".prose p code")
    assert inline.evaluate("c => getComputedStyle(c).backgroundColor") != "rgba(0, 0, 0, 0)"

    # Hangul inside code is drawn in the site's Korean font, not a coding font that sets
    # every syllable two columns wide.
    def fonts(selector):
        cdp = page.context.new_cdp_session(page)
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        cdp.send("CSS.enable")
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return {font["familyName"] for font in used}

    in_text, in_code = fonts(".prose h2"), fonts(".prose pre code")
    assert in_text <= in_code, (in_text, in_code)  # the heading's Korean font draws code's Hangul
    assert not any("Coding" in family for family in in_code), in_code


def test_the_assessment_result_shows_the_whole_radar_and_every_column(
    school, open_page, coordinator
):
    page = open_page(school["result"], user=coordinator)
    labels = page.locator("svg.radar text")
    expect(labels).to_have_count(6)
    for n in range(6):
        box = labels.nth(n).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], labels.nth(n)
    expect(labels.filter(has_text="협업·소통")).to_contain_text("도구")
    table = page.get_by_role("table", name="영역별 점수와 단계")
    for cell in table.locator("th, td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], cell.inner_text()


def test_the_members_dashboard_on_a_phone_shows_every_figure_with_its_label(
    school, open_page, coordinator
):
    page = open_page(school["members"], user=coordinator)
    cards = page.locator("#members-table tbody tr")
    expect(cards).to_have_count(2)
    for card in cards.all():
        for label in ("출석률", "계획", "수료증"):
            expect(card.get_by_text(label, exact=True)).to_be_visible()
        for cell in card.locator("td").all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    member_card = cards.filter(has_text="오회원")
    expect(member_card).to_contain_text("100%")  # present and late both count


def test_a_course_card_title_is_big_enough_for_a_finger(school, open_page):
    page = open_page("/courses/")
    expect(page.locator(".course-card__title a").first).to_be_visible()
    assert small_tap_targets(page, ".course-card__title a") == []


def test_the_roster_and_its_history_fit_a_phone_as_cards(school, open_page, staff):
    class_pk = int(school["roster"].split("/")[3])
    newcomer = UserFactory(name="정새내기", email="a-rather-long-address@example.org")
    enrolment_services.enrol(newcomer, Class.objects.get(pk=class_pk))  # a line of history
    page = open_page(school["roster"], user=staff)
    for table in ("#roster-table", "#roster-history"):
        cells = page.locator(f"{table} tbody th, {table} tbody td")
        assert cells.count() > 0, table
        for cell in cells.all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], table
    expect(page.locator("#roster-table tbody tr").first).to_contain_text("상태")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_header_keeps_to_one_line_on_a_phone(open_page, staff, live_server, language):
    page = open_page(f"/language/{language}/", user=staff)
    header = page.locator(".site-header")
    brand, menu = page.locator(".brand"), page.locator(".menu-button")
    switcher = page.locator(".language-switcher")
    expect(menu).to_be_visible()
    expect(page.locator("#site-nav")).to_be_hidden()
    rows = {
        round(el.bounding_box()["y"] + el.bounding_box()["height"] / 2)
        for el in (brand, menu, switcher)
    }
    assert max(rows) - min(rows) <= 4, rows  # one row
    assert header.bounding_box()["height"] <= 64
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-nav")).to_be_visible()
    assert small_tap_targets(page, "#site-nav a, #site-nav button, .menu-button") == []
    page.keyboard.press("Escape")
    expect(page.locator("#site-nav")).to_be_hidden()
    expect(menu).to_be_focused()


def test_on_a_wide_screen_the_navigation_shows_without_a_menu(open_page, staff):
    page = open_page("/", user=staff, viewport=DESK)
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator("#site-nav").get_by_role("link", name="교육 현황")).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 80


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_buttons_of_the_organisation_pages_are_big_enough_for_a_finger(
    open_page, viewport, coordinator, member, organisation, student
):
    page = open_page(f"/organisations/{organisation.pk}/", user=coordinator, viewport=viewport)
    expect(page.get_by_role("button", name="담당자로 지정")).to_be_visible()
    page.get_by_text("이 단체에서 나가기…").click()
    expect(page.get_by_role("button", name="나가기", exact=True)).to_be_visible()
    assert small_tap_targets(page, "main form button") == []

    page = open_page("/organisations/", user=student, viewport=viewport)
    expect(page.get_by_role("button", name="가입 요청")).to_be_visible()
    assert small_tap_targets(page, "main form button") == []


def test_my_learning_links_and_small_buttons_are_big_enough_for_a_finger(school, open_page, member):
    page = open_page("/learning/", user=member)
    expect(page.locator(".session-item").first).to_be_visible()
    assert small_tap_targets(page, ".session-item a, .enrolment-list li > a") == []
    assert small_tap_targets(page, "main a.button--small") == []


# Each breadcrumb item: how many lines it takes, and where its words start on its first line
# against the left edge of the trail.
CRUMBS = """() => {
  const left = document.querySelector(".breadcrumb ol").getBoundingClientRect().left;
  return [...document.querySelectorAll(".breadcrumb li")].map((li) => {
    // The words' lines only, not the boxes of the links that hold them (44 px tall).
    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    const rows = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      rows.push(...[...range.getClientRects()].filter((rect) => rect.width > 1));
    }
    return {
      text: li.textContent.trim(),
      lines: new Set(rows.map((rect) => Math.round(rect.top))).size,
      top: Math.round(rows[0].top),
      indent: Math.round(rows[0].left - left),
    };
  });
}"""


def test_a_long_breadcrumb_breaks_between_its_items_on_a_phone(open_page):
    course = CoursePageFactory(title="비영리 단체의 개인정보 안전조치와 유출 대응")
    lesson = LessonPageFactory(course=course, title="Restic으로 하는 자동 백업과 복구")
    page = open_page(lesson.url)
    crumbs = page.evaluate(CRUMBS)
    assert [crumb["lines"] for crumb in crumbs] == [1, 1, 1], crumbs
    for before, crumb in zip(crumbs, crumbs[1:], strict=False):
        if crumb["top"] > before["top"]:  # it begins a line: with its words, not an arrow
            assert crumb["indent"] <= 1, crumbs
    assert check_layout(page) == []


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_breadcrumb_links_are_big_enough_for_a_finger(open_page, viewport):
    course = CoursePageFactory(title="비영리 단체의 개인정보 안전조치와 유출 대응")
    lesson = LessonPageFactory(course=course, title="Restic으로 하는 자동 백업과 복구")
    for path, links in [(course.url, 2), (lesson.url, 2)]:  # 홈 is one syllable wide
        page = open_page(path, viewport=viewport)
        expect(page.locator(".breadcrumb a")).to_have_count(links)
        assert small_tap_targets(page, ".breadcrumb a") == [], path
        assert check_layout(page) == [], path


def test_the_result_table_heads_its_change_column_in_two_lines_at_most(
    school, open_page, coordinator, member
):
    # A second result, changed since the first, and two respondents who disagree.
    second = Assessment.objects.get(status=Assessment.Status.OPEN)
    ids = [block.id for block in second.questionnaire().questions]
    for person, answers in [(coordinator, [3] * 12), (member, [0, 3] * 6)]:
        services.save_answers(
            second, actor=person, answers=dict(zip(ids, answers, strict=True)), submit=True
        )
    services.score_assessment(second, actor=coordinator)
    page = open_page(
        f"/organisations/{second.organisation_id}/assessments/{second.pk}/", user=coordinator
    )
    head = page.get_by_role("columnheader", name="지난 진단 대비")
    lines = head.evaluate(
        """(th) => { const range = document.createRange(); range.selectNodeContents(th);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }"""
    )
    assert lines <= 2


def test_the_header_counts_unread_notices_and_their_settings_fit_a_finger(
    school, open_page, request, member
):
    SentNotice.objects.create(
        user=member, kind="join-decided", key="1", title="가입이 승인되었습니다", on_site=True
    )
    unread = member.sent_notices.unread().count()  # this one and what the school told them
    page = open_page("/learning/", user=member)
    expect(page.locator("#notice-badge .count-badge")).to_have_text(f"{unread} 읽지 않음")
    # The navigation is folded away on a phone: the menu button says it too.
    expect(page.locator(".menu-button .menu-unread-dot")).to_be_visible()
    expect(page.get_by_role("button", name=f"메뉴 {unread} 읽지 않음")).to_be_visible()
    keep_screenshot(page, request, "header-with-unread-notices")
    page = open_page("/notices/settings/", user=member)
    keep_screenshot(page, request, "notice-settings-boxes")
    assert misplaced_choices(page) == []
    assert small_tap_targets(page, ".notice-choice label, .form button") == []


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_learning_record_reads_class_by_class_and_its_shared_link_can_be_read(
    school, open_page, request, member, viewport
):
    page = open_page(school["record"], user=member, viewport=viewport)
    keep_screenshot(page, request, "learning-record-shared-link")
    entry = page.locator("#record li").filter(has_text="2027 겨울 특강")
    lines = entry.inner_text().splitlines()
    assert lines[0] == "백업과 복구 실천 · 2027 겨울 특강", lines
    assert lines[1].endswith("수료"), lines  # its dates · completed on …, one line of its own
    assert " · " in lines[1], lines
    assert lines[2].startswith("수료증 번호"), lines
    # The link to share is a field as wide as the column (not a 20-column box), a finger's
    # height, named by a label a person can see, with its revoke button.
    link = page.get_by_label("내 학습 기록 링크")
    expect(link).to_be_visible()
    column = page.locator("#record-links").bounding_box()
    field = link.bounding_box()
    assert field["height"] >= 44
    assert field["width"] >= min(column["width"], 640) * 0.6, (field, column)
    expect(page.get_by_role("button", name="링크 복사")).to_be_visible()
    assert small_tap_targets(page, "#record-links button, #record-links input") == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_seat_offer_keeps_its_sessions_clear_of_its_buttons_on_a_phone(
    school, open_page, request, member, language
):
    page = open_page(school["offer"], user=member, language=language)
    sessions = page.locator(".facts .session-list li")
    expect(sessions).to_have_count(3)
    last = sessions.last.bounding_box()
    buttons = page.locator(".confirm-step__actions").bounding_box()
    assert last["y"] + last["height"] + 8 <= buttons["y"], (last, buttons)
    assert small_tap_targets(page, ".confirm-step__actions button") == []
    assert check_layout(page) == []


def test_the_sector_report_on_a_phone_shows_every_count_with_its_stage(school, open_page, staff):
    page = open_page(school["sector"], user=staff)
    for table in ("#sector-areas", "#sector-questions", "#sector-over-time"):
        cells = page.locator(f"{table} tbody th, {table} tbody td")
        assert cells.count() > 0, table
        for cell in cells.all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], table
    question = page.locator("#sector-questions tbody tr").first
    expect(question.get_by_text("1단계 시작", exact=True)).to_be_visible()
    expect(question.get_by_text("단체", exact=True)).to_be_visible()
    assert check_layout(page) == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_impact_report_on_a_phone_shows_every_figure_with_its_name(
    school, open_page, request, coordinator, staff, language
):
    second = Assessment.objects.get(status=Assessment.Status.OPEN)  # a pair to count
    ids = [block.id for block in second.questionnaire().questions]
    services.save_answers(
        second, actor=coordinator, answers=dict(zip(ids, [3] * 12, strict=True)), submit=True
    )
    services.score_assessment(second, actor=coordinator)
    page = open_page(school["impact"], user=staff, language=language)
    keep_screenshot(page, request, f"impact-report-with-a-pair-{language}")
    rows = page.locator("#impact-areas tbody tr")
    expect(rows).to_have_count(6)
    for cell in page.locator("#impact-areas tbody th, #impact-areas tbody td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell.inner_text()
    without = {"ko": "수료 없음: 평균 변화", "en": "Without: mean change"}[language]
    expect(rows.first.get_by_text(without, exact=True)).to_be_visible()
    assert check_layout(page) == []


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_a_class_names_the_courses_to_complete_first_by_its_button(
    open_page, request, student, viewport
):
    basics = CoursePageFactory(title="개인정보보호법 기초")
    advanced = CoursePageFactory(title="개인정보 유출 대응 실습")
    advanced.prerequisites = [basics]
    advanced.save_revision().publish()
    class_ = class_open_now(course=advanced, capacity=5)
    for user, name in [(None, "signed-out"), (student, "missing")]:
        page = open_page(advanced.url, user=user, viewport=viewport)
        card = page.locator(f"#class-{class_.pk}")
        link = card.get_by_role("link", name="개인정보보호법 기초")
        expect(link).to_be_visible()
        keep_screenshot(page, request, f"class-card-prerequisites-{name}")
        assert small_tap_targets(page, ".prerequisites-note a") == []
        assert check_layout(page) == []
    expect(card.get_by_role("button", name="신청")).to_have_count(0)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("개인정보보호법 기초")
