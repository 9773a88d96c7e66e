"""An organisation's training duties, as its coordinators see them: which members handle
personal data (개인정보취급자), whether their renewable training still counts, and the
yearly training record (교육 실시 기록) the law asks the organisation to keep.

Both read certificates, so both obey what each member shares with the coordinators: a
member who shares nothing shows as "not shared", never as missing.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates import duties, rendering
from certificates.duties import Duty, Standing
from certificates.models import Certificate, format_hours
from cms.models import CoursePage
from core.dates import format_date, format_date_range
from organisations import sharing
from organisations.models import Membership


def duty_courses() -> list[CoursePage]:
    """The live courses that must be renewed, by title."""
    return list(
        CoursePage.objects.live()
        .filter(renewal_months__isnull=False)
        .order_by("title")
        .only("id", "title", "renewal_months", "url_path", "path", "depth")
    )


@dataclass
class MemberDuties:
    membership: Membership
    # (course, standing) for each duty course; None: not a handler and never took it.
    cells: list[tuple[CoursePage, Duty | None]]


def table(organisation, courses: list[CoursePage], today: date) -> list[MemberDuties]:
    """Each member with their standing on each duty course, handlers first: three queries."""
    memberships = list(
        organisation.memberships.select_related("user").order_by(
            "-handles_personal_data", "user__name", "pk"
        )
    )
    counting = duties.latest(
        duties.duty_certificates([m.user_id for m in memberships], [c.pk for c in courses])
    )
    rows = []
    for membership in memberships:
        shared = sharing.sees_completions(membership)
        row = []
        for course in courses:
            certificate = counting.get((membership.user_id, course.pk)) if shared else None
            if not shared:
                row.append(Duty(Standing.NOT_SHARED) if membership.handles_personal_data else None)
            elif certificate or membership.handles_personal_data:
                row.append(Duty(duties.standing(certificate, today), certificate))
            else:
                row.append(None)
        rows.append(MemberDuties(membership, list(zip(courses, row, strict=True))))
    return rows


def summary(rows: list[MemberDuties]) -> dict[str, int]:
    """How many handlers' duties stand in each state."""
    counts = dict.fromkeys(Standing.LABELS, 0)
    for row in rows:
        if row.membership.handles_personal_data:
            for _course, duty in row.cells:
                counts[duty.standing] += 1
    return counts


# --- The yearly training record --------------------------------------------------------


@dataclass(frozen=True)
class Trained:
    name: str
    course: str
    track: str
    class_title: str
    starts_on: date
    ends_on: date
    hours: Decimal
    code: str
    issued_on: date
    valid_until: date | None


@dataclass
class Record:
    year: int
    rows: list[Trained]
    members: int
    sharing: int  # members who share their completions with the coordinators


def record(organisation, year: int) -> Record:
    """Every valid certificate of the organisation's members whose class ended in `year`,
    for the members who share their completions; two queries."""
    memberships = list(organisation.memberships.select_related("user"))
    shared = [m.user_id for m in memberships if sharing.sees_completions(m)]
    certificates = (
        Certificate.objects.valid()
        .filter(enrolment__user__in=shared, ends_on__year=year)
        .order_by("ends_on", "holder_name", "pk")
    )
    rows = [
        Trained(
            name=certificate.holder_name,
            course=certificate.course_title,
            track=certificate.track_name,
            class_title=certificate.class_title,
            starts_on=certificate.starts_on,
            ends_on=certificate.ends_on,
            hours=certificate.hours,
            code=certificate.display_code,
            issued_on=timezone.localdate(certificate.issued_at),
            valid_until=certificate.valid_until,
        )
        for certificate in certificates
    ]
    return Record(year, rows, members=len(memberships), sharing=len(shared))


def years(organisation) -> list[int]:
    """The years the record has something for, latest first, and always this year."""
    shared = [m.user_id for m in organisation.memberships.all() if sharing.sees_completions(m)]
    found = set(
        Certificate.objects.valid()
        .filter(enrolment__user__in=shared)
        .values_list("ends_on__year", flat=True)
    )
    return sorted(found | {timezone.localdate().year}, reverse=True)


CODE_COLUMN = 6  # where _header puts the certificate number


def _header() -> list[str]:
    return [
        _("Name"),
        _("Course"),
        _("Track"),
        _("Class"),
        _("Dates"),
        _("Hours attended"),
        _("Certificate number"),
        _("Issued on"),
        _("Valid until"),
    ]


def as_table(found: Record) -> list[list]:
    """The record as rows for a spreadsheet: dates as dates, hours as numbers."""
    body = [
        [
            row.name,
            row.course,
            row.track,
            row.class_title,
            format_date_range(row.starts_on, row.ends_on),
            float(row.hours),
            row.code,
            row.issued_on,
            row.valid_until or "",
        ]
        for row in found.rows
    ]
    return [_header(), *body]


def note(found: Record) -> str:
    return _(
        "%(sharing)s of %(members)s members share their completions with the coordinators; "
        "this record lists theirs only."
    ) % {"sharing": found.sharing, "members": found.members}


def as_pdf(organisation, found: Record) -> bytes:
    """The record on A4 landscape pages in the school's Korean font, its header repeated
    on every page."""
    rendering.fonts()
    buffer = io.BytesIO()
    title = _("Training record %(year)s: %(organisation)s") % {
        "year": found.year,
        "organisation": organisation.name,
    }
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=organisation.name,
        lang="ko-KR",
    )
    # Lines break between words (ReportLab's default), never inside a Korean word.
    cell = ParagraphStyle("cell", fontName=rendering.REGULAR, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=rendering.BOLD)
    # A certificate number is one word: its column fits even one of twenty W's at 8 pt.
    number = ParagraphStyle("number", parent=cell, fontSize=8, splitLongWords=0)
    heading = ParagraphStyle("heading", fontName=rendering.BOLD, fontSize=16, leading=20)
    small = ParagraphStyle("small", fontName=rendering.REGULAR, fontSize=9, leading=12)
    rows = [[Paragraph(text, head) for text in _header()]]
    for row in found.rows:
        values = [
            row.name,
            row.course,
            row.track or "—",
            row.class_title,
            format_date_range(row.starts_on, row.ends_on),
            format_hours(row.hours),
            row.code,
            format_date(row.issued_on),
            format_date(row.valid_until) if row.valid_until else "—",
        ]
        styles = [number if column == CODE_COLUMN else cell for column in range(len(values))]
        rows.append([Paragraph(_escape(v), style) for v, style in zip(values, styles, strict=True)])
    widths = [x * mm for x in (20, 40, 22, 18, 42, 14, 56, 27, 27)]
    grid = Table(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e7eb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    made = _("Printed on %(date)s from the Activist IT School.") % {
        "date": format_date(timezone.localdate())
    }
    story = [Paragraph(_escape(title), heading), Spacer(1, 4 * mm)]
    story += [Paragraph(_escape(note(found)), small), Paragraph(_escape(made), small)]
    story.append(Spacer(1, 5 * mm))
    if found.rows:
        story.append(grid)
    else:
        story.append(Paragraph(_escape(_("Nobody completed a course this year.")), small))
    document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    """Paragraphs read a little markup: keep a name's < and & as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
