"""Staff word certificates through templates, with images, and can render them again."""

import io

import pypdf
import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from certificates.models import Certificate, CertificateTemplate
from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db


def _image(title, colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 60), colour).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


@pytest.fixture
def template(course):
    template = CertificateTemplate.objects.create(
        name="법 트랙",
        heading="이수증",
        statement="{name} 님은 {course} 과정을 {hours}시간 이수하였습니다.",
        signatory_name="홍길동",
        signatory_title="공동체IT사회적협동조합 이사장",
        signature=_image("서명", "#222222"),
        logo=_image("로고", "#1d4e89"),
    )
    template.tracks.add(course.track)
    return template


def test_the_pdf_uses_the_templates_wording_signatory_and_images(template, enrolment, instructor):
    certificate = complete(enrolment, instructor).certificate
    assert certificate.template == template and certificate.template_version == 1
    with certificate.pdf.open("rb") as file:
        page = pypdf.PdfReader(io.BytesIO(file.read())).pages[0]
    text = page.extract_text()
    assert "이수증" in text
    assert "김학생 님은 개인정보보호법 기초 과정을 4시간 이수하였습니다." in text
    assert "공동체IT사회적협동조합 이사장  홍길동" in text
    assert len(page.images) == 2  # the logo and the signature


def test_editing_a_template_then_rendering_again_keeps_numbers_and_dates(
    client, template, enrolment, instructor, staff, django_capture_on_commit_callbacks
):
    certificate = complete(enrolment, instructor).certificate
    template.statement = "{name} 님, 수고하셨습니다."
    template.save()
    client.force_login(staff)
    url = reverse("certificates:apply_template", args=[template.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    again = Certificate.objects.get(pk=certificate.pk)
    assert (again.code, again.issued_at) == (certificate.code, certificate.issued_at)
    assert again.statement == "김학생 님, 수고하셨습니다." and again.template_version == 2
    assert again.pdf.name != certificate.pdf.name
    assert again.events.last().actor == staff


def test_learners_cannot_render_templates_again(client, template, student):
    client.force_login(student)
    url = reverse("certificates:apply_template", args=[template.pk])
    assert client.post(url).status_code == 404


@pytest.fixture
def sealed(template):
    template.seal = _image("직인", "#c0392b")
    template.save()
    return template


def test_the_pdf_names_the_signatory_with_the_seal_over_in(sealed, enrolment, instructor):
    certificate = complete(enrolment, instructor).certificate
    with certificate.pdf.open("rb") as file:
        page = pypdf.PdfReader(io.BytesIO(file.read())).pages[0]
    assert "공동체IT사회적협동조합 이사장  홍길동  (인)" in page.extract_text()
    assert len(page.images) == 3  # the logo, the signature and the seal


def test_the_check_page_shows_the_signatory_seal_and_template_version(
    client, sealed, enrolment, instructor
):
    from bs4 import BeautifulSoup

    certificate = complete(enrolment, instructor).certificate
    page = BeautifulSoup(client.get(certificate.get_absolute_url()).content, "html.parser")
    signed = page.select_one("#certificate-facts .signatory")
    assert signed.get_text(" ", strip=True) == "공동체IT사회적협동조합 이사장 홍길동"
    assert signed.find("img", alt="직인")
    assert "양식 버전" in page.select_one("#certificate-facts").get_text()


def test_the_seal_is_set_on_the_template_in_the_admin(client, staff, template):
    client.force_login(staff)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])
    html = client.get(url).content.decode()
    assert 'name="seal"' in html and "직인" in html
