"""A class's roster, and the same rows as CSV and XLSX for instructors and staff."""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from enrolment.models import Enrolment

EnrolmentStatus = Enrolment.Status


def roster(class_) -> list[Enrolment]:
    """Enrolled people first, then the waitlist in order; cancellations left out."""
    rows = (
        class_.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("user")
        .prefetch_related("user__memberships__organisation")
        .annotate(
            group=Case(
                When(status=EnrolmentStatus.ENROLLED, then=Value(0)),
                default=Value(1),
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
        _("Waitlist"),
        _("Since"),
    ]


def _values(row: Enrolment) -> list:
    return [
        row.user.get_full_name(),
        row.user.username,
        row.organisations,
        row.user.email,
        row.get_status_display(),
        row.waitlist_position or "",
        timezone.localtime(row.updated_at).strftime("%Y-%m-%d %H:%M"),
    ]


def as_table(rows) -> list[list]:
    return [_header(), *(_values(row) for row in rows)]
