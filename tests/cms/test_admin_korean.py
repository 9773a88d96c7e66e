"""Instructors and staff meet the Wagtail admin in Korean: no English left over from
Wagtail's incomplete catalogue, none of its mistranslations, and a moderation workflow
with a Korean name."""

import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Task, Workflow

from cms.groups import sync_course_instructors
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db

# What a first-time instructor met: English, Wagtail's mistranslations, the default name.
NEVER = [
    "Pages",
    "Search all pages",
    "Request changes",
    "live + in moderation",
    "Moderators approval",
    "More actions",
    "Awaiting your review",
    "Approve and publish",
    "상황이 오락가락하다",
    "더 많은 움직임",
    "당신의 후기를 기다리는 중",
    "그리고 게시",
]


def visible(response) -> str:
    """The page's text and the labels a screen reader reads, without scripts."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "svg"]):
        hidden.decompose()
    labels = [
        element[name]
        for name in ("aria-label", "placeholder", "title")
        for element in soup.find_all(attrs={name: True})
    ]
    return " ".join([soup.get_text(" ", strip=True), *labels])


def assert_korean(text: str, *expected: str) -> None:
    found = [phrase for phrase in NEVER if re.search(re.escape(phrase), text, re.IGNORECASE)]
    assert found == []
    for phrase in expected:
        assert phrase in text


@pytest.fixture
def lesson(course):
    sync_course_instructors(course)
    return LessonPageFactory(course=course, title="백업 규칙 세우기")


def test_the_default_workflow_and_its_task_have_korean_names(db):
    assert list(Workflow.objects.values_list("name", flat=True)) == ["운영진 검토"]
    assert list(Task.objects.values_list("name", flat=True)) == ["운영진 검토"]


def test_dashboard_is_korean(client, staff, lesson):
    client.force_login(staff)
    assert_korean(visible(client.get("/admin/")), "모든 페이지 검색…", "페이지 ")


def test_instructor_submits_for_review_in_korean(client, instructor, lesson):
    client.force_login(instructor)
    assert_korean(
        visible(client.get(f"/admin/pages/{lesson.pk}/edit/")), "운영진 검토 요청", "작업 더 보기"
    )
    assert_korean(visible(client.get(f"/admin/pages/{lesson.get_parent().pk}/")), "수정한 날")


def test_staff_review_a_submitted_page_in_korean(client, instructor, staff, lesson):
    lesson.save_revision(user=instructor)
    lesson.get_workflow().start(lesson, instructor)
    client.force_login(staff)
    assert_korean(
        visible(client.get(f"/admin/pages/{lesson.pk}/edit/")),
        "수정 요청",
        "승인 후 게시",
        "의견 남기고 승인 후 게시",
        "운영진 검토 요청함",
    )
    assert_korean(
        visible(client.get(f"/admin/pages/{lesson.get_parent().pk}/")), "게시됨 + 검토 중"
    )
    assert_korean(visible(client.get("/admin/")), "내 검토를 기다리는 항목", "백업 규칙 세우기")


def test_listings_pagination_and_search_counts_are_korean(client, staff, lesson):
    client.force_login(staff)
    course = lesson.get_parent()
    explorer = visible(client.get(f"/admin/pages/{course.pk}/"))
    assert_korean(explorer, "페이지 1개 중 1–1", "1쪽 중 1쪽")
    assert " of " not in explorer and "중의" not in explorer
    found = visible(client.get("/admin/pages/search/", {"q": "백업"}))
    assert_korean(found, "찾은 페이지 1개", "페이지 1개 중 1–1")
    users = visible(client.get("/admin/users/", {"q": "staff"}))
    assert_korean(users, "검색 결과 1개", "권한", "마지막 로그인")
    for english in ("Access level", "Last login", "match", "가 일치함", "None"):
        assert english not in users + found


def test_the_users_list_says_active_in_words_and_counts_people(client, staff, student):
    student.is_active = False
    student.save()
    client.force_login(staff)
    page = BeautifulSoup(client.get("/admin/users/").content, "html.parser")
    titles = {label.get_text(strip=True) for label in page.select("td.status .w-sr-only")}
    assert {"예", "아니요"} <= titles and not titles & {"True", "False"}
    count = page.select_one(".pagination__end").get_text(strip=True)
    assert re.fullmatch(r"\d+명", count), count


def test_the_editor_guide_and_the_image_block_are_korean(client, staff, instructor, lesson):
    client.force_login(staff)
    assert_korean(visible(client.get("/admin/")), "편집 안내서")
    client.force_login(instructor)
    editor = html.unescape(client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode())
    # The block's labels travel to the editor as JSON, every Hangul syllable escaped.
    assert json.dumps("꾸밈용 이미지(대체 텍스트 없이 둠)")[1:-1] in editor
    assert "Image is decorative" not in editor
