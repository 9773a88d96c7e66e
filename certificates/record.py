"""A learner's record: every course and class they took, the hours attended, completion
and certificate (with its verify link), as a page and a PDF; shared by a link the learner
makes and can revoke."""

import io
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from certificates import rendering
from certificates.models import Certificate, RecordLink
from core.dates import format_date, format_date_range
from courses.models import Session
from enrolment.models import Enrolment


@dataclass
class Entry:
    course: str
    class_title: str
    starts: datetime | None
    ends: datetime | None
    status: str  # what became of it, in words
    hours: Decimal | None
    certificate: Certificate | None


def entries(user) -> list[Entry]:
    """Every class the person took part in (left out: places cancelled before completing),
    newest first, in three queries."""
    scheduled = Session.objects.filter(
        course_class=OuterRef("course_class"), status=Session.Status.SCHEDULED
    ).values("course_class")
    enrolments = (
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.CANCELLED, completed_at__isnull=True)
        .select_related("course_class__course")
        .annotate(
            first=Subquery(scheduled.annotate(at=Min("starts_at")).values("at")[:1]),
            last=Subquery(scheduled.annotate(at=Max("ends_at")).values("at")[:1]),
        )
    )
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)}
    found = []
    for enrolment in enrolments:
        certificate = certificates.get(enrolment.pk)
        found.append(
            Entry(
                course=enrolment.course_class.course.title,
                class_title=enrolment.course_class.title,
                starts=enrolment.first,
                ends=enrolment.last,
                status=_status(enrolment),
                hours=certificate.hours if certificate and not certificate.revoked_at else None,
                certificate=certificate,
            )
        )
    return sorted(found, key=lambda e: e.starts or timezone.now(), reverse=True)


def _status(enrolment: Enrolment) -> str:
    if enrolment.completed_at:
        return _("Completed on %(date)s") % {"date": format_date(enrolment.completed_at)}
    if enrolment.status in (Enrolment.Status.WAITLISTED, Enrolment.Status.OFFERED):
        return _("On the waitlist")
    now = timezone.now()
    if enrolment.last and enrolment.last < now:
        return _("Not completed")
    if enrolment.first is None or enrolment.first > now:
        return _("Enrolled, not started yet")
    return _("Under way")


def make_link(user) -> RecordLink:
    return RecordLink.objects.create(user=user, token=secrets.token_urlsafe(32))


def revoke_link(user, pk: int) -> None:
    RecordLink.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def shared(token: str) -> RecordLink | None:
    return (
        RecordLink.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )


def pdf(user, rows: list[Entry]) -> bytes:
    """The record on A4 pages, in the school's Korean font, each certificate with its
    verify address."""
    rendering.fonts()
    buffer = io.BytesIO()
    width, height = A4
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Learning record"))
    margin, y = 50, height - 60

    def text(value, x, size=10, font=rendering.REGULAR):
        canvas.setFont(font, size)
        canvas.drawString(x, y, value)

    text(_("Learning record"), margin, 18, rendering.BOLD)
    y -= 24
    text(f"{user.get_full_name()} · {format_date(timezone.now())}", margin, 11)
    y -= 30
    for entry in rows:
        if y < 90:
            canvas.showPage()
            y = height - 60
        text(f"{entry.course} · {entry.class_title}", margin, 12, rendering.BOLD)
        y -= 16
        span = format_date_range(entry.starts, entry.ends) if entry.starts else ""
        hours = _("%(hours)s hours attended") % {"hours": entry.hours} if entry.hours else ""
        text(" · ".join(part for part in (span, entry.status, hours) if part), margin + 10)
        y -= 14
        if entry.certificate and not entry.certificate.revoked_at:
            text(
                _("Certificate no. %(code)s: %(url)s")
                % {"code": entry.certificate.display_code, "url": entry.certificate.verify_url()},
                margin + 10,
                9,
            )
            y -= 14
        y -= 10
    canvas.save()
    return buffer.getvalue()
