from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from courses.models import Session
from enrolment import attendance, completion, services
from enrolment.models import CompletionRule
from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    """A class with four sessions, the first two already held."""
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        sessions=0,
        enrolment_opens_at=now - timedelta(days=30),
        enrolment_closes_at=now + timedelta(days=5),
    )
    for week in (-2, -1, 1, 2):
        starts = now + timedelta(weeks=week)
        Session.objects.create(
            course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    return class_


@pytest.fixture
def enrolment(class_, student):
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    enrolment.created_at = timezone.now() - timedelta(days=29)
    enrolment.save()
    return enrolment


def test_learner_sees_progress_toward_completion(client, student, class_, enrolment, instructor):
    for session in class_.sessions.order_by("starts_at")[:2]:
        attendance.mark(session, enrolment, "present", actor=instructor)
    client.force_login(student)
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    assert "출석 2/4회, 2회 더 필요" in page.find(id="current-heading").find_next("ul").text


def test_instructor_sees_past_sessions_left_unmarked(client, instructor, class_, enrolment):
    first, second = class_.sessions.order_by("starts_at")[:2]
    attendance.mark(first, enrolment, "present", actor=instructor)
    client.force_login(instructor)
    todo = BeautifulSoup(client.get("/learning/").content, "html.parser").find(id="todo-heading")
    links = [a["href"] for a in todo.find_next("ul").find_all("a")]
    assert links == [f"/learning/classes/{class_.pk}/sessions/{second.pk}/roll/"]


def test_editing_the_rule_re_decides_completion(client, instructor, class_, enrolment):
    for session in class_.sessions.order_by("starts_at")[:2]:
        attendance.mark(session, enrolment, "present", actor=instructor)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    client.force_login(instructor)
    response = client.post(
        f"/learning/classes/{class_.pk}/completion/",
        {"min_attendance_rate": "50", "late_counts_as_present": "on", "excused_left_out": "on"},
    )
    assert response.status_code == 302
    assert CompletionRule.objects.get(course=class_.course).min_attendance_rate == 50
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_rate_above_100_is_refused(client, instructor, class_):
    client.force_login(instructor)
    response = client.post(
        f"/learning/classes/{class_.pk}/completion/", {"min_attendance_rate": "120"}
    )
    assert response.status_code == 200
    assert not CompletionRule.objects.exists()


def test_only_course_instructors_and_staff_edit_the_rule(client, class_, other_instructor, student):
    for person in (other_instructor, student):
        client.force_login(person)
        assert client.get(f"/learning/classes/{class_.pk}/completion/").status_code == 404


def test_cancelling_a_session_re_decides_completion(class_, enrolment, instructor):
    sessions = list(class_.sessions.order_by("starts_at"))
    for session in sessions[:3]:
        attendance.mark(session, enrolment, "present", actor=instructor)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # 3 of 4 is under 80 %
    services.cancel_session(sessions[3])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None  # 3 of 3


def test_a_rule_edited_shows_in_my_learning_at_once(client, instructor, student, class_, enrolment):
    """Pages show progress from the courses' rules in the cache: an edit replaces them."""
    for session in class_.sessions.order_by("starts_at")[:2]:
        attendance.mark(session, enrolment, "present", actor=instructor)
    client.force_login(student)
    assert "출석 2/4회, 2회 더 필요" in client.get("/learning/").content.decode()
    client.force_login(instructor)
    client.post(f"/learning/classes/{class_.pk}/completion/", {"min_attendance_rate": "75"})
    client.force_login(student)
    assert "출석 2/3회, 1회 더 필요" in client.get("/learning/").content.decode()


def test_a_lesson_made_required_shows_in_my_learning_at_once(
    client, instructor, student, class_, enrolment
):
    client.force_login(student)
    assert "필수 수업" not in client.get("/learning/").content.decode()
    LessonPageFactory(
        course=class_.course, title="첫 수업", required_for_completion=True, publish=True
    )
    assert "필수 수업 1개가 남았습니다" in client.get("/learning/").content.decode()


def test_completion_is_decided_from_the_rule_in_the_database_not_the_cache(
    instructor, class_, enrolment
):
    """Another server changed the rule and its bump has not arrived: the decision still
    reads the rule as it is."""
    for session in class_.sessions.order_by("starts_at")[:2]:
        attendance.mark(session, enrolment, "present", actor=instructor)
    assert completion.progress_for([enrolment])[enrolment.pk].needed == 4  # now cached
    CompletionRule.objects.create(course=class_.course, min_attendance_rate=50)
    completion.refresh(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
