import pytest
from bs4 import BeautifulSoup

from enrolment import attendance
from enrolment.completion import evaluate
from enrolment.models import CompletionRule, LessonProgress
from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def test_required_lessons_left_keep_completion_back():
    result = evaluate(["present"] * 4, CompletionRule(), lessons_missing=1)
    assert not result.is_complete
    assert "필수 수업 1개" in result.explain()


def test_learner_marks_a_lesson_done_in_place(client, student, course):
    lesson = LessonPageFactory(course=course)
    client.force_login(student)
    response = client.post(
        f"/learning/lessons/{lesson.pk}/done/", {"done": "1"}, headers={"HX-Request": "true"}
    )
    assert "이 수업을 마쳤습니다" in response.content.decode()
    assert LessonProgress.objects.get(user=student, lesson=lesson).is_done
    page = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert page.find(id="lesson-done").find("input", attrs={"name": "done"})["value"] == "0"


def test_doing_the_last_required_lesson_completes_the_enrolment(
    client, student, course, instructor
):
    required = LessonPageFactory(course=course, required_for_completion=True)
    class_ = ClassFactory(course=course, sessions=1)
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    attendance.mark(class_.sessions.get(), enrolment, "present", actor=instructor)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    client.force_login(student)
    client.post(f"/learning/lessons/{required.pk}/done/", {"done": "1"})
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    client.post(f"/learning/lessons/{required.pk}/done/", {"done": "0"})
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_lessons_one_cannot_read_cannot_be_marked(client, student, course):
    course.lessons_for_enrolled_only = True
    course.save_revision().publish()
    lesson = LessonPageFactory(course=course)
    client.force_login(student)
    assert client.post(f"/learning/lessons/{lesson.pk}/done/").status_code == 404
    assert not LessonProgress.objects.exists()


def test_anonymous_lesson_page_has_no_done_button(client, course):
    lesson = LessonPageFactory(course=course)
    assert b"lesson-done" not in client.get(lesson.url).content


def test_course_page_shows_the_persons_lesson_progress(client, student, course):
    lessons = [LessonPageFactory(course=course) for _ in range(3)]
    LessonProgress.objects.create(user=student, lesson=lessons[0])
    client.force_login(student)
    page = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert "수업 3개 중 1개 마침" in page.select_one(".my-progress").text
    client.logout()
    assert not BeautifulSoup(client.get(course.url).content, "html.parser").select_one(
        ".my-progress"
    )
