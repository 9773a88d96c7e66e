import io
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from enrolment.models import Attendance, AttendanceEvent, Enrolment
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, capacity=5, sessions=2)


@pytest.fixture
def people(class_):
    seated = UserFactory(username="seated")
    EnrolmentFactory(course_class=class_, user=seated)
    return seated, UserFactory(username="paper", email="paper@example.org")


def _when(session) -> str:
    return session.starts_at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")


def _csv(lines) -> SimpleUploadedFile:
    text = "사람,차시,상태,사유\n" + "\n".join(",".join(line) for line in lines)
    return SimpleUploadedFile("attendance.csv", ("\ufeff" + text).encode("utf-8"))


def _preview(client, class_, upload):
    return client.post(f"/learning/classes/{class_.pk}/import/", {"file": upload})


def test_valid_file_is_previewed_then_imported_with_missing_enrolments(
    client, staff, class_, people
):
    first, second = class_.sessions.order_by("starts_at")
    upload = _csv(
        [
            ["seated", _when(first), "출석", ""],
            ["paper@example.org", _when(second)[:10], "공결", "병가"],
        ]
    )
    client.force_login(staff)
    preview = _preview(client, class_, upload)
    assert not Attendance.objects.exists()  # the preview writes nothing
    signed = BeautifulSoup(preview.content, "html.parser").find("input", attrs={"name": "rows"})
    response = client.post(f"/learning/classes/{class_.pk}/import/", {"rows": signed["value"]})
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("enrolment__user__username", "status"))
    assert marks == {"seated": "present", "paper": "excused"}
    assert Enrolment.objects.get(user__username="paper").status == "enrolled"
    events = AttendanceEvent.objects.count()
    client.post(f"/learning/classes/{class_.pk}/import/", {"rows": signed["value"]})
    assert AttendanceEvent.objects.count() == events  # re-import: no duplicates


def test_row_errors_are_numbered_and_nothing_is_written(client, staff, class_, people):
    first = class_.sessions.order_by("starts_at").first()
    upload = _csv(
        [
            ["seated", _when(first), "출석", ""],
            ["nobody", _when(first), "출석", ""],
            ["seated", "2030-01-01 10:00", "출석", ""],
            ["paper", _when(first), "잠듦", ""],
        ]
    )
    client.force_login(staff)
    page = BeautifulSoup(_preview(client, class_, upload).content, "html.parser")
    errors = {tr.td.text: tr.find_all("td")[-1].text for tr in page.select("tr.row--error")}
    assert set(errors) == {"3", "4", "5"}
    assert "모르는 사람" in errors["3"]
    assert "이 기수에 없는 차시" in errors["4"]
    assert "출석, 지각, 결석, 공결" in errors["5"]
    assert not page.find("input", attrs={"name": "rows"})
    assert not Attendance.objects.exists() and Enrolment.objects.count() == 1


def test_xlsx_files_work_too(client, staff, class_, people):
    first = class_.sessions.order_by("starts_at").first()
    book = Workbook()
    book.active.append(["사람", "차시", "상태"])
    book.active.append(["seated", first.starts_at.astimezone(SEOUL).replace(tzinfo=None), "지각"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(staff)
    page = _preview(client, class_, SimpleUploadedFile("a.xlsx", buffer.getvalue()))
    assert BeautifulSoup(page.content, "html.parser").find("input", attrs={"name": "rows"})


def test_damaged_or_foreign_files_are_explained(client, staff, class_):
    client.force_login(staff)
    for upload in (
        SimpleUploadedFile("a.xlsx", b"not a workbook"),
        SimpleUploadedFile("a.pdf", b"%PDF"),
    ):
        response = _preview(client, class_, upload)
        assert response.status_code == 200
        assert "읽을 수 없습니다" in response.content.decode()


def test_tampered_confirmation_is_refused(client, staff, class_):
    client.force_login(staff)
    client.post(f"/learning/classes/{class_.pk}/import/", {"rows": "forged"})
    assert not Attendance.objects.exists()


def test_only_staff_import(client, instructor, class_):
    client.force_login(instructor)
    assert client.get(f"/learning/classes/{class_.pk}/import/").status_code == 404
