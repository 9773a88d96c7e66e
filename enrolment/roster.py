"""A class's roster, and the same rows as CSV and XLSX for instructors and staff."""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from enrolment.models import Enrolment

EnrolmentStatus = Enrolment.Status


def roster(class_) -> list[Enrolment]:
    """Enrolled people first, then those offered a seat, then the waitlist in order;
    cancellations left out."""
    rows = (
        class_.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("user")
        .prefetch_related("user__memberships__organisation")
        .annotate(
            group=Case(
                When(status=EnrolmentStatus.ENROLLED, then=Value(0)),
                When(status=EnrolmentStatus.OFFERED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("group", "waitlist_rank", "user__name", "pk")
    )
    rows = list(rows.with_waitlist_positions())
    for row in rows:
        row.organisations = ", ".join(
            sorted(m.organisation.name for m in row.user.memberships.all())
        )
    return rows


def _header() -> list[str]:
    return [
        _("Name"),
        _("Username"),
        _("Organisation"),
        _("E-mail"),
        _("Status"),
        _("Waitlist / seat held until"),
        _("Since"),
    ]


def _values(row: Enrolment) -> list:
    return [
        row.user.get_full_name(),
        row.user.username,
        row.organisations,
        row.user.email,
        row.get_status_display(),
        row.waitlist_position or _local(row.offer_expires_at),
        _local(row.updated_at),
    ]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def as_table(rows) -> list[list]:
    return [_header(), *(_values(row) for row in rows)]
