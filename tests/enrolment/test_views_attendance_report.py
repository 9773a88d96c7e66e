import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from courses.models import Session
from enrolment import attendance
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course, instructor):
    class_ = ClassFactory(course=course, sessions=3)
    sessions = list(class_.sessions.order_by("starts_at"))
    for name, marks in [("가수강", ["present", "late", "absent"]), ("나수강", ["excused"])]:
        enrolment = EnrolmentFactory(course_class=class_, user=UserFactory(name=name))
        for session, mark in zip(sessions, marks, strict=False):
            attendance.mark(session, enrolment, mark, actor=instructor)
    return class_


def test_matrix_shows_each_mark_and_the_rate(client, instructor, class_):
    client.force_login(instructor)
    page = BeautifulSoup(
        client.get(f"/learning/classes/{class_.pk}/attendance/").content, "html.parser"
    )
    rows = {tr.th.text: [td.text for td in tr.find_all("td")] for tr in page.select("tbody tr")}
    assert rows["가수강"][:4] == ["○", "△", "×", "2/3"]
    assert rows["나수강"][:4] == ["공", "", "", "0/2"]  # excused leaves the count


def test_exports_carry_the_same_matrix(client, staff, class_):
    client.force_login(staff)
    text = client.get(f"/learning/classes/{class_.pk}/attendance.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:4] == ["가수강", "○", "△", "×"]
    book = client.get(f"/learning/classes/{class_.pk}/attendance.xlsx").content
    sheet = load_workbook(io.BytesIO(book)).active
    assert [c.value for c in sheet[2]][:4] == ["가수강", "○", "△", "×"]


def test_matrix_queries_do_not_grow_with_learners_and_sessions(client, instructor, class_):
    url = f"/learning/classes/{class_.pk}/attendance/"
    client.force_login(instructor)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    last = class_.sessions.order_by("starts_at").last()
    for week in (1, 2):
        Session.objects.create(
            course_class=class_,
            starts_at=last.starts_at + timedelta(weeks=week),
            ends_at=last.ends_at + timedelta(weeks=week),
        )
    for _ in range(5):
        EnrolmentFactory(course_class=class_)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_report_is_for_teachers_and_staff_only(client, class_, other_instructor, student):
    for person in (other_instructor, student):
        client.force_login(person)
        for suffix in ("attendance/", "attendance.csv"):
            assert client.get(f"/learning/classes/{class_.pk}/{suffix}").status_code == 404
