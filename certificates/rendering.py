"""The certificate as a PDF: A4 landscape, Korean first, fonts embedded and subset.

The Nanum Square fonts ship with the project (static/fonts, SIL OFL), so Korean prints
the same on a server with no Korean fonts at all. ReportLab embeds only the glyphs
used and maps them back to Unicode, so the text can be selected and searched.
"""

import io
import re
from functools import cache

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from core.dates import format_date, format_date_range

REGULAR, BOLD = "CertificateSans", "CertificateSans-Bold"
_FONT_FILES = {REGULAR: "NanumSquareR.ttf", BOLD: "NanumSquareB.ttf"}
WIDTH, HEIGHT = landscape(A4)
INK = HexColor("#1f2933")
ACCENT = HexColor("#1d4e89")
MUTED = HexColor("#52606d")


@cache
def fonts() -> dict[str, TTFont]:
    """The school's Korean fonts, registered with ReportLab once per process."""
    found = {}
    for name, filename in _FONT_FILES.items():
        found[name] = TTFont(name, str(settings.BASE_DIR / "static" / "fonts" / filename))
        pdfmetrics.registerFont(found[name])
    return found


def unprintable(text: str) -> list[str]:
    """Characters the font has no glyph for (ReportLab would silently leave them out)."""
    glyphs = fonts()[REGULAR].face.charToGlyph
    return sorted({char for char in text if not char.isspace() and ord(char) not in glyphs})


# A date such as 2027. 03. 02., 2027. 3. 2.(화) or 3. 26.(목) (the end of a span within one
# year), with what is glued to its end: one word.
_WORD = re.compile(r"\d{4}\. ?\d{1,2}\. ?\d{1,2}\.(?:\(\w\))?\S*|\d{1,2}\. ?\d{1,2}\.\(\w\)\S*|\S+")


def lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break the text between words to fit the width, never inside a date."""
    result, line = [], ""
    for word in _WORD.findall(text):
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            result.append(line)
            candidate = word
        line = candidate
    return result + [line] if line else result


def _centred(canvas, text, y, font, size, colour=INK):
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawCentredString(WIDTH / 2, y, text)


def _qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector squares, one rectangle per run of dark modules."""
    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(border=2)]
    module = size / len(rows)
    canvas.setFillColor(INK)
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            canvas.rect(x + start * module, top, (c - start) * module, module, 0, 1)


def _image(image, canvas, x, y, width, height) -> None:
    if image is None:
        return
    with image.file.open("rb") as file:
        reader = ImageReader(io.BytesIO(file.read()))
    canvas.drawImage(reader, x, y, width, height, preserveAspectRatio=True, anchor="c", mask="auto")


def _signatory(canvas, certificate, template) -> None:
    """공동체IT사회적협동조합 이사장  홍길동  (인), the seal stamped over (인), the
    signature after it."""
    names = "  ".join(p for p in (certificate.signatory_title, certificate.signatory_name) if p)
    mark = "(인)"
    line = f"{names}  {mark}"
    width = pdfmetrics.stringWidth(line, BOLD, 16)
    _centred(canvas, line, 112, BOLD, 16)
    right = WIDTH / 2 + width / 2
    seal = template.seal if template else None
    if seal:
        mark_centre = right - pdfmetrics.stringWidth(mark, BOLD, 16) / 2
        _image(seal, canvas, mark_centre - 28, 90, 56, 56)
    signature = template.signature if template else None
    if signature:
        _image(signature, canvas, right + 8, 96, 80, 44)


def _page(certificate, subject: str) -> tuple[io.BytesIO, Canvas]:
    """A landscape page with the frame, the number, the heading and the holder's name."""
    fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(WIDTH, HEIGHT), lang="ko-KR", pageCompression=1, initialFontName=REGULAR
    )
    canvas.setTitle(f"{certificate.heading} · {certificate.holder_name} · {subject}")
    canvas.setAuthor(certificate.issuer)
    canvas.setSubject(certificate.display_code)
    canvas.setCreator(settings.WAGTAIL_SITE_NAME)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    return buffer, canvas


def _frame(canvas, certificate, template) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, WIDTH - 48, HEIGHT - 48)
    canvas.setLineWidth(0.8)
    canvas.rect(32, 32, WIDTH - 64, HEIGHT - 64)

    _image(template and template.logo, canvas, 56, HEIGHT - 112, 120, 56)
    canvas.setFont(REGULAR, 10)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(WIDTH - 56, HEIGHT - 72, f"증서 번호 {certificate.display_code}")

    _centred(canvas, certificate.heading, HEIGHT - 130, BOLD, 40, ACCENT)
    _centred(canvas, "Certificate of Completion", HEIGHT - 152, REGULAR, 11, MUTED)
    _centred(canvas, certificate.holder_name, HEIGHT - 210, BOLD, 30)


def _facts(canvas, rows, y) -> float:
    """Label and value, one row each, around the middle; return where the next line goes."""
    step = 20 if len(rows) <= 5 else 18  # six rows leave the statement its room
    for label, value in rows:
        canvas.setFont(BOLD, 12)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(WIDTH / 2 - 110, y, label)
        canvas.setFont(REGULAR, 12)
        canvas.setFillColor(INK)
        canvas.drawString(WIDTH / 2 - 90, y, value)
        y -= step
    return y


def _foot(canvas, certificate, template, y) -> None:
    """The statement from `y` down, the date, the signatory, the issuer and the QR code."""
    for line in lines(certificate.statement, REGULAR, 13, WIDTH - 240):
        _centred(canvas, line, y, REGULAR, 13)
        y -= 20
    _centred(canvas, format_date(timezone.localtime(certificate.issued_at), "ko"), 150, REGULAR, 13)
    _signatory(canvas, certificate, template)
    _centred(canvas, certificate.issuer, 84, REGULAR, 11, MUTED)
    url = certificate.verify_url()
    _qr(canvas, url, WIDTH - 152, 48, 96)
    canvas.setFont(REGULAR, 7)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(WIDTH - 56, 40, url)
    canvas.drawString(56, 40, "진위 확인: 오른쪽 QR 코드 또는 그 아래 주소")
    canvas.showPage()
    canvas.save()


def render(certificate) -> bytes:
    """Return the certificate's PDF."""
    buffer, canvas = _page(certificate, certificate.course_title)
    template = certificate.template
    _frame(canvas, certificate, template)
    rows = [
        ("과정", certificate.course_title),
        ("분야", certificate.track_name or "—"),
        ("기수", certificate.class_title),
        ("교육 기간", format_date_range(certificate.starts_on, certificate.ends_on, "ko")),
    ]
    if certificate.hours:  # never "0시간": staff may issue without marks
        rows.append(("이수 시간", f"{certificate.hours_text}시간"))
    if certificate.valid_until:  # a training that must be renewed
        rows.append(("유효 기간", f"{format_date(certificate.valid_until, 'ko')}까지"))
    y = _facts(canvas, rows, HEIGHT - 252)
    _foot(canvas, certificate, template, y - 14)
    return buffer.getvalue()


def render_track(certificate) -> bytes:
    """Return a track certificate's PDF: the track, then each course it rests on with its
    certificate number."""
    buffer, canvas = _page(certificate, certificate.track_name)
    _frame(canvas, certificate, None)
    rows = [("분야", certificate.track_name)]
    for number, course in enumerate(certificate.courses):
        rows.append(
            ("이수 과정" if number == 0 else "", f"{course['title']} (증서 번호 {course['code']})")
        )
    if certificate.hours:
        rows.append(("이수 시간", f"{certificate.hours_text}시간"))
    y = _facts(canvas, rows, HEIGHT - 252)
    _foot(canvas, certificate, None, y - 14)
    return buffer.getvalue()
