"""The PDF as a reader gets it: text, fonts, metadata and the QR code, read back for real."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(certificate):
    with certificate.pdf.open("rb") as file:
        return pypdf.PdfReader(io.BytesIO(file.read()))


def _text(reader) -> str:
    return reader.pages[0].extract_text()


def test_text_holds_the_korean_name_course_and_number_exactly(pdf, certificate):
    text = _text(pdf)
    assert "김학생" in text
    assert "개인정보보호법 기초" in text
    assert "2027 봄 1기" in text
    assert certificate.display_code in text
    assert "활동가IT학교 · 공동체IT사회적협동조합" in text
    assert "수료증" in text


def test_page_is_a4_landscape(pdf):
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_fonts_are_embedded_and_subset(pdf):
    fonts = []
    resources = pdf.pages[0]["/Resources"]["/Font"]
    for ref in resources.values():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        fonts.append((str(font["/BaseFont"]), descriptor.get_object() if descriptor else None))
    assert {name.split("+")[1] for name, _ in fonts} == {"NanumSquareR", "NanumSquareB"}
    # Every font is embedded (no reader has to supply one), each as a subset whose name
    # carries the six-letter subset tag.
    assert all(d is not None and "/FontFile2" in d for _, d in fonts)
    assert all(len(name.split("+")[0].strip("/")) == 6 for name, _ in fonts)


def test_pdf_is_small_because_only_used_glyphs_are_embedded(certificate):
    assert certificate.pdf.size < 150_000


def test_pdf_has_a_title_and_the_korean_language(pdf, certificate):
    assert pdf.metadata.title == "수료증 · 김학생 · 개인정보보호법 기초"
    assert pdf.trailer["/Root"]["/Lang"] == "ko-KR"


def test_qr_code_decodes_to_the_verify_url(certificate):
    with certificate.pdf.open("rb") as file:
        document = pypdfium2.PdfDocument(file.read())
    image = document[0].render(scale=2).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [
        f"https://school.example.org/certificates/verify/{certificate.display_code}/"
    ]


def test_a_certificate_without_attended_hours_never_states_zero_hours(certificate, client):
    from certificates import credentials, rendering

    certificate.hours = 0
    text = pypdf.PdfReader(io.BytesIO(rendering.render(certificate))).pages[0].extract_text()
    assert "이수 시간" not in text and "0시간" not in text
    certificate.save()
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "이수 시간" not in page and "0시간" not in page
    assert "narrative" not in credentials.signed(certificate)["credentialSubject"]
