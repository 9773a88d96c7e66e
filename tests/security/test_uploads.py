"""Every upload is limited by type and size, and refuses with a clear Korean message."""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from enrolment.models import Attendance
from tests.factories import ClassFactory

pytestmark = pytest.mark.django_db


def _png(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#2f6f8f").save(buffer, "PNG")
    return buffer.getvalue()


def _errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        node.get_text(" ", strip=True)
        for node in soup.select(".error-message, .errorlist, [role=alert], .message--error")
    )


def _hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _add_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": "업로드",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_the_limits_are_the_documented_ones():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"html", "htm", "svg", "js", "exe"} & set(settings.WAGTAILDOCS_EXTENSIONS)


def test_an_instructor_uploads_a_real_image(client, instructor, media):
    client.force_login(instructor)
    assert _add_image(client, "photo.png", _png()).status_code == 302
    assert Image.objects.filter(title="업로드").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("program.exe", b"MZ\x90\x00"),
    ],
)
def test_images_that_are_not_images_are_refused(client, instructor, media, name, content):
    client.force_login(instructor)
    response = _add_image(client, name, content)
    assert response.status_code == 200
    assert _hangul(_errors(response)), _errors(response)
    assert not Image.objects.exists()


def test_an_image_over_the_limit_is_refused(client, instructor, media, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000  # the rule, without a 10 MB upload
    client.force_login(instructor)
    response = _add_image(client, "big.png", _png((400, 400)) + b"\0" * 2000)
    assert response.status_code == 200
    assert _hangul(_errors(response)), _errors(response)
    assert not Image.objects.exists()


def _add_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "자료",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize("name", ["page.html", "script.js", "drawing.svg", "program.exe"])
def test_documents_of_other_types_are_refused(client, staff, media, name):
    client.force_login(staff)
    response = _add_document(client, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert _hangul(_errors(response)), _errors(response)
    assert not Document.objects.exists()


def test_a_document_over_the_limit_is_refused(client, staff, media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    client.force_login(staff)
    response = _add_document(client, "notes.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    assert response.status_code == 200
    assert _hangul(_errors(response)), _errors(response)
    assert not Document.objects.exists()
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_000_000
    assert _add_document(client, "notes.pdf", b"%PDF-1.4\n").status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "marks.csv",
            b"a" * (2 * 1024 * 1024 + 1),
            "2MB 이하의 .csv 또는 .xlsx 파일을 골라 주세요.",
        ),
        ("marks.xlsx", b"PK\x03\x04 not really a workbook", "CSV나 XLSX로 읽을 수 없습니다"),
        ("marks.csv", b"\xff\xfe\x00\x00\xde\xad\xbe\xef" * 64, "CSV나 XLSX로 읽을 수 없습니다"),
    ],
)
def test_attendance_imports_refuse_big_or_foreign_files(
    client, staff, course, name, content, message
):
    class_ = ClassFactory(course=course, sessions=1)
    client.force_login(staff)
    response = client.post(
        f"/learning/classes/{class_.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in _errors(response)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b" " * (64 * 1024 + 1), "파일이 너무 커서 학교가 발급한 전자 증명서일 수 없습니다."),
        (b"\x89PNG not json", "올바른 JSON이 아닙니다."),
    ],
)
def test_the_verify_page_refuses_big_or_foreign_credentials(client, content, message):
    response = client.post(
        "/certificates/verify/",
        {"credential": SimpleUploadedFile("credential.json", content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
