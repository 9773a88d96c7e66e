import csv
import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from enrolment.models import Enrolment
from organisations.models import Membership, Organisation
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    class_ = ClassFactory(course=course, capacity=1, title="2027 봄 1기")
    seated = UserFactory(name="김수강", email="seat@example.org")
    for name in ("마포 청소년 인권 모임", "강원 기후 행동 네트워크"):
        Membership.objects.create(user=seated, organisation=Organisation.objects.create(name=name))
    EnrolmentFactory(course_class=class_, user=seated)
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(name="이대기"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=3,
    )
    EnrolmentFactory(
        course_class=class_, user=UserFactory(name="박취소"), status=Enrolment.Status.CANCELLED
    )
    return class_


URLS = [
    "/learning/classes/{pk}/roster/",
    "/learning/classes/{pk}/roster.csv",
    "/learning/classes/{pk}/roster.xlsx",
]


def test_instructor_sees_enrolled_then_waiting_without_cancellations(client, instructor, class_):
    client.force_login(instructor)
    page = BeautifulSoup(
        client.get(f"/learning/classes/{class_.pk}/roster/").content, "html.parser"
    )
    table = page.select_one("#roster-table")
    for label in table.select(".table__label"):
        label.decompose()  # each cell's heading, repeated for phones
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]
    assert [row[0] for row in rows] == ["김수강", "이대기"]
    assert rows[0][1] == "강원 기후 행동 네트워크, 마포 청소년 인권 모임"
    assert rows[0][2] == "seat@example.org"
    assert "대기 1번" in rows[1][3]


def test_csv_export_opens_in_a_spreadsheet_with_korean_intact(client, staff, class_):
    client.force_login(staff)
    response = client.get(f"/learning/classes/{class_.pk}/roster.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        *("이름", "아이디", "소속 단체", "이메일", "상태"),
        *("대기 순번 / 자리 기한", "변경 일시"),
    ]
    assert [row[0] for row in rows[1:]] == ["김수강", "이대기"]
    assert rows[1][2] == "강원 기후 행동 네트워크, 마포 청소년 인권 모임"


def test_xlsx_export_is_a_real_workbook(client, staff, class_):
    client.force_login(staff)
    response = client.get(f"/learning/classes/{class_.pk}/roster.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["김수강", "이대기"]


@pytest.mark.parametrize("url", URLS)
def test_nobody_else_sees_the_roster(client, class_, url, other_instructor, student):
    url = url.format(pk=class_.pk)
    assert client.get(url).status_code == 302  # anonymous: log in first
    for person in (other_instructor, student):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_class_instructor_not_on_the_course_sees_the_roster(client, class_):
    guest = UserFactory(name="객원강사")
    class_.instructors.add(guest)
    client.force_login(guest)
    assert client.get(f"/learning/classes/{class_.pk}/roster/").status_code == 200


def test_unknown_export_format_is_not_found(client, staff, class_):
    client.force_login(staff)
    assert client.get(f"/learning/classes/{class_.pk}/roster.pdf").status_code == 404


def test_instructor_finds_the_roster_from_my_learning(client, instructor, class_):
    CoursePageFactory()  # a course they don't teach changes nothing
    client.force_login(instructor)
    page = client.get("/learning/").content.decode()
    assert f"/learning/classes/{class_.pk}/roster/" in page
