"""The PDF as a reader gets it: text, fonts, metadata and the QR code, read back for real."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

from certificates import rendering
from core.dates import format_date_range

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


def test_the_number_is_labelled_and_dates_stay_whole(pdf, certificate):
    text = _text(pdf)
    assert f"증서 번호 {certificate.display_code}" in text
    assert f"제 {certificate.display_code} 호" not in text
    period = format_date_range(certificate.starts_on, certificate.ends_on, "ko")
    assert any(period in line for line in text.splitlines())
    assert "\n분야\n" in text and "\n트랙\n" not in text  # the label, not the track's name


def test_statement_lines_break_between_words_never_inside_a_date():
    statement = (
        "「아주 긴 과정 이름」 과정(2027 봄 1기, 2027. 03. 12. ~ 2027. 03. 26.)을 이수하였습니다."
    )
    for width in range(80, 400, 10):
        broken = rendering.lines(statement, rendering.REGULAR, 13, width)
        assert " ".join(broken) == statement
        assert all(
            "2027. 03. 12." in line or "2027. 03. 26." in line or "03." not in line
            for line in broken
        ), broken


def test_statement_lines_never_break_inside_the_end_of_a_span():
    statement = (
        "「아주 긴 과정 이름」 과정(2027 봄 1기, 2027. 3. 12.(금) ~ 3. 26.(금))을 이수하였습니다."
    )
    for width in range(80, 400, 10):
        broken = rendering.lines(statement, rendering.REGULAR, 13, width)
        assert " ".join(broken) == statement
        assert all("3. 26.(금)" in line or "26." not in line for line in broken), broken


def test_built_in_wording_hides_its_template_version_on_the_check_page(client, certificate):
    assert certificate.template_version == 0
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "양식 버전" not in page
    assert "공동체IT사회적협동조합 이사장" in page
