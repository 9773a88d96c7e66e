from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Session
from enrolment import attendance, services
from enrolment.models import Enrolment
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, sessions=4)


@pytest.fixture
def enrolment(class_, student, instructor, staff):
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    first, second, third, _fourth = class_.sessions.order_by("starts_at")
    attendance.mark(first, enrolment, "absent", actor=instructor)
    attendance.mark(first, enrolment, "present", actor=staff, reason="종이 출석부 확인")
    attendance.mark(second, enrolment, "excused", actor=instructor, reason="병원 진료")
    services.cancel_session(third)
    return enrolment


def _history(client, enrolment):
    response = client.get(f"/learning/attendance/{enrolment.pk}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".session-item")]


def test_learner_sees_every_session_with_its_mark_changes_and_why_it_counts(
    client, student, enrolment
):
    client.force_login(student)
    first, second, cancelled, fourth = _history(client, enrolment)
    assert "출석" in first and "종이 출석부 확인" in first
    assert "정운영 · 결석 → 출석" in first  # the change, by whom
    assert "박강사 · 결석" in first  # the first mark is kept too
    assert "공결" in second and "병원 진료" in second and "출석 계산에서 빠집니다" in second
    assert "취소" in cancelled
    assert "결석" not in fourth and "출석" not in fourth.split("·")[0]


def test_sessions_before_enrolling_are_marked_as_not_counting(client, class_, student):
    first = class_.sessions.order_by("starts_at").first()
    late_joiner = EnrolmentFactory(course_class=class_, user=student)
    Enrolment.objects.filter(pk=late_joiner.pk).update(
        created_at=first.ends_at + timedelta(hours=1)
    )
    client.force_login(student)
    assert "등록 전" in _history(client, late_joiner)[0]


def test_a_session_under_way_when_the_seat_was_taken_counts_once_marked(
    client, class_, student, instructor
):
    first = class_.sessions.order_by("starts_at").first()
    late_joiner = EnrolmentFactory(course_class=class_, user=student)
    Enrolment.objects.filter(pk=late_joiner.pk).update(
        created_at=first.starts_at + timedelta(minutes=30)
    )
    client.force_login(student)
    assert "등록 전" in _history(client, late_joiner)[0]
    attendance.mark(first, late_joiner, "present", actor=instructor)
    row = _history(client, late_joiner)[0]
    assert "출석" in row and "등록 전" not in row


def test_teachers_and_staff_reach_it_from_the_matrix(client, instructor, staff, enrolment):
    for person in (instructor, staff):
        client.force_login(person)
        report = client.get(f"/learning/classes/{enrolment.course_class_id}/attendance/")
        assert f"/learning/attendance/{enrolment.pk}/" in report.content.decode()
        assert "병원 진료" in " ".join(_history(client, enrolment))


def test_nobody_else_sees_it(client, enrolment, other_student, other_instructor):
    for person in (other_student, other_instructor):
        client.force_login(person)
        assert client.get(f"/learning/attendance/{enrolment.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/learning/attendance/{enrolment.pk}/").status_code == 302


def test_query_count_does_not_grow_with_sessions_and_changes(client, student, staff, enrolment):
    client.force_login(student)
    url = f"/learning/attendance/{enrolment.pk}/"
    client.get(url)  # what the header caches per person is cached now
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    class_ = enrolment.course_class
    last = class_.sessions.order_by("starts_at").last()
    for week in (1, 2, 3):
        session = Session.objects.create(
            course_class=class_,
            starts_at=last.starts_at + timedelta(weeks=week),
            ends_at=last.ends_at + timedelta(weeks=week),
        )
        for status in ("absent", "late", "present"):
            attendance.mark(session, enrolment, status, actor=staff)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
