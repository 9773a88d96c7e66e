"""Instructors edit only the courses they teach; staff publish. Checked through the admin's URLs."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from cms.groups import course_group_name
from cms.models import LessonPage
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course):
    return LessonPageFactory(course=course, title="동의 받기", slug="동의")


@pytest.fixture
def other_course(other_instructor):
    return CoursePageFactory(title="저작권과 오픈 라이선스", instructors=[other_instructor])


@pytest.fixture
def other_lesson(other_course):
    return LessonPageFactory(course=other_course, title="CCL 이해하기", slug="ccl", publish=True)


def _denied(response) -> bool:
    # The admin answers a refused page action by redirecting to its dashboard or with 403.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in {"/admin/", "/admin"}
    )


def _lesson_form(lesson, **changes) -> dict:
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "duration_minutes": lesson.duration_minutes,
        "body-count": "1",
        "body-0-type": "markdown",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": "## 고친 본문",
        "body-0-id": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_publishing_a_course_gives_its_instructors_a_group_on_its_subtree(course, instructor):
    group = Group.objects.get(name=course_group_name(course))
    assert list(group.user_set.all()) == [instructor]
    perms = {p.permission.codename for p in group.page_permissions.filter(page=course)}
    assert perms == {"add_page", "change_page"}


def test_instructor_can_open_and_save_a_lesson_of_their_course(client, instructor, lesson):
    client.force_login(instructor)
    assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{lesson.pk}/edit/", _lesson_form(lesson, title="동의 받기 (개정)")
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.get_latest_revision_as_object().title == "동의 받기 (개정)"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{pk}/edit/",
        "/admin/pages/{pk}/revisions/{revision}/view/",
        "/admin/pages/{pk}/revisions/compare/earliest...{revision}/",
        "/admin/pages/{pk}/copy/",
        "/admin/pages/{pk}/move/",
        "/admin/pages/{pk}/delete/",
        "/admin/pages/{pk}/unpublish/",
        "/admin/pages/{pk}/history/",
    ],
)
def test_instructor_is_refused_another_courses_lesson(client, instructor, other_lesson, url):
    client.force_login(instructor)
    url = url.format(pk=other_lesson.pk, revision=other_lesson.latest_revision_id)
    assert _denied(client.get(url))


def test_instructor_cannot_save_another_courses_lesson_by_crafted_post(
    client, instructor, other_lesson
):
    client.force_login(instructor)
    response = client.post(
        f"/admin/pages/{other_lesson.pk}/edit/", _lesson_form(other_lesson, title="덮어쓰기")
    )
    assert _denied(response)
    other_lesson.refresh_from_db()
    assert other_lesson.get_latest_revision_as_object().title == "CCL 이해하기"


def test_instructor_cannot_preview_another_courses_lesson(client, instructor, other_lesson):
    client.force_login(instructor)
    response = client.post(
        f"/admin/pages/{other_lesson.pk}/edit/preview/", _lesson_form(other_lesson)
    )
    assert response.status_code in {302, 403} and b"CCL" not in response.content


def test_instructor_can_add_a_lesson_only_under_their_own_course(
    client, instructor, course, other_course
):
    client.force_login(instructor)
    add = "/admin/pages/add/cms/lessonpage/{pk}/"
    assert client.get(add.format(pk=course.pk)).status_code == 200
    assert _denied(client.get(add.format(pk=other_course.pk)))
    response = client.post(
        add.format(pk=other_course.pk),
        {
            **_lesson_form(LessonPage(title="새 수업", slug="new", duration_minutes=50)),
            "action-submit": "1",
        },
    )
    assert _denied(response)
    assert not LessonPage.objects.filter(slug="new").exists()


def test_instructor_can_submit_for_moderation_but_not_publish(client, instructor, lesson):
    client.force_login(instructor)
    client.post(
        f"/admin/pages/{lesson.pk}/edit/",
        _lesson_form(lesson, title="새 제목", **{"action-publish": "1"}),
    )
    lesson.refresh_from_db()
    assert lesson.title == "동의 받기"  # the live page did not change
    client.post(
        f"/admin/pages/{lesson.pk}/edit/",
        _lesson_form(lesson, title="새 제목", **{"action-submit": "1"}),
    )
    lesson.refresh_from_db()
    assert lesson.current_workflow_state is not None
    assert lesson.current_workflow_state.status == "in_progress"
    assert lesson.title == "동의 받기"


def test_staff_can_publish_any_lesson(client, staff, other_lesson):
    client.force_login(staff)
    response = client.post(
        f"/admin/pages/{other_lesson.pk}/edit/",
        _lesson_form(other_lesson, title="CCL 이해하기 2판", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    other_lesson.refresh_from_db()
    assert other_lesson.title == "CCL 이해하기 2판"


@pytest.mark.parametrize(
    "url", ["/admin/users/", "/admin/groups/", "/admin/sites/", "/admin/snippets/cms/track/"]
)
def test_instructor_has_no_settings_users_or_snippets(client, instructor, url):
    client.force_login(instructor)
    assert _denied(client.get(url))


def test_removing_an_instructor_and_publishing_takes_their_rights_away(
    client, course, instructor, lesson
):
    course.instructors = []
    course.save_revision().publish()
    client.force_login(instructor)
    assert _denied(client.get(f"/admin/pages/{lesson.pk}/edit/"))


def test_activist_cannot_reach_the_admin(client, student, lesson):
    client.force_login(student)
    for url in ("/admin/", f"/admin/pages/{lesson.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_only_staff_see_the_instructors_field_of_a_course(client, instructor, staff, course):
    client.force_login(instructor)
    assert (
        'name="instructors"' not in client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    )
    client.force_login(staff)
    assert 'name="instructors"' in client.get(f"/admin/pages/{course.pk}/edit/").content.decode()


def test_a_courses_instructors_are_chosen_among_instructors_told_apart(client, staff, course):
    """The course page's 강사 field, as the class's: instructors only (not every learner),
    as checkboxes, two of one name told apart by their e-mail; a guest already chosen stays."""
    instructors = Group.objects.get(name="Instructors")
    first = UserFactory(name="김강사", email="kim.a@example.org", username="kim-a")
    second = UserFactory(name="김강사", email="kim.b@example.org", username="kim-b")
    for person in (first, second):
        person.groups.add(instructors)
    UserFactory(name="이학습", email="learner@example.org")
    client.force_login(staff)
    page = BeautifulSoup(client.get(f"/admin/pages/{course.pk}/edit/").content, "html.parser")
    boxes = page.select("input[type=checkbox][name=instructors]")
    labels = sorted(box.find_parent("label").get_text(" ", strip=True) for box in boxes)
    chosen = course.instructors.get()
    assert labels == sorted(
        [
            "김강사 (kim.a@example.org)",
            "김강사 (kim.b@example.org)",
            f"{chosen.get_full_name()} ({chosen.email})",
        ]
    )
    assert [box["value"] for box in boxes if box.has_attr("checked")] == [str(chosen.pk)]
    assert not page.select("select[name=instructors]")
    assert "이학습" not in page.get_text()
