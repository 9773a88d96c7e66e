"""A course can keep its lessons for enrolled learners: checked on every path that shows them."""

import pytest

from enrolment.models import Enrolment
from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory

pytestmark = pytest.mark.django_db
SECRET = "수강생만 보는 본문"


@pytest.fixture
def lesson(course):
    course.lessons_for_enrolled_only = True
    course.save_revision().publish()
    return LessonPageFactory(
        course=course,
        title="비공개 수업",
        body=[{"type": "markdown", "value": SECRET}],
    )


@pytest.fixture
def class_(course):
    return ClassFactory(course=course)


def test_anonymous_visitor_is_asked_to_log_in_and_sees_no_content(client, lesson):
    for _ in range(2):  # and a second visit is not served a cached copy
        response = client.get(lesson.url)
        assert response.status_code == 403
        assert SECRET not in response.content.decode()
        assert "/accounts/login/?next=" in response.content.decode()


@pytest.mark.parametrize("status", [None, Enrolment.Status.WAITLISTED, Enrolment.Status.CANCELLED])
def test_people_not_enrolled_cannot_read(client, student, lesson, class_, status):
    if status:
        EnrolmentFactory(
            user=student,
            course_class=class_,
            status=status,
            waitlist_rank=1 if status == Enrolment.Status.WAITLISTED else None,
        )
    client.force_login(student)
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_enrolled_learner_reads_and_anonymous_still_cannot_afterwards(
    client, student, lesson, class_
):
    EnrolmentFactory(user=student, course_class=class_)
    client.force_login(student)
    assert SECRET in client.get(lesson.url).content.decode()
    client.logout()
    client.cookies.clear()
    assert SECRET not in client.get(lesson.url).content.decode()


def test_course_instructor_and_staff_can_read(client, instructor, staff, lesson):
    for person in (instructor, staff):
        client.force_login(person)
        assert SECRET in client.get(lesson.url).content.decode()


def test_other_instructor_cannot_read(client, other_instructor, lesson):
    client.force_login(other_instructor)
    assert client.get(lesson.url).status_code == 403


def test_course_page_marks_the_lessons_as_for_enrolled_learners(client, course, lesson):
    page = client.get(course.url).content.decode()
    assert "수강생 전용" in page
    assert SECRET not in page


def test_catalogue_search_never_surfaces_the_lesson_text(client, lesson):
    response = client.get("/courses/", {"q": "수강생만"})
    assert SECRET not in response.content.decode()
    assert "비공개 수업" not in response.content.decode()


def test_preview_is_refused_to_people_who_cannot_edit_the_course(client, student, lesson):
    client.force_login(student)
    response = client.get(f"/admin/pages/{lesson.pk}/edit/preview/")
    assert response.status_code in {302, 403}
    assert SECRET not in response.content.decode()
