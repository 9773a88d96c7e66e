"""The coordinator's view of the members' learning: enrolments, attendance, completions,
certificates and progress along the organisation's plan, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from certificates.models import Certificate
from enrolment import completion
from enrolment.models import Enrolment
from organisations import sharing
from organisations.models import Membership

EnrolmentStatus = Enrolment.Status


@dataclass
class MemberRow:
    membership: Membership
    enrolled: int = 0
    waitlisted: int = 0
    completed: int = 0
    certificates: int = 0
    attended: int = 0
    marked: int = 0
    plan_done: int = 0
    plan_started: int = 0

    @property
    def attendance_rate(self) -> int | None:
        """Sessions attended out of those marked so far, in percent; None before any mark
        (or when the member does not share it)."""
        return round(100 * self.attended / self.marked) if self.marked else None

    @property
    def shares_learning(self) -> bool:
        return sharing.sees_learning(self.membership)

    @property
    def shares_completions(self) -> bool:
        return sharing.sees_completions(self.membership)


def member_rows(organisation, plan_course_ids: list[int]) -> list[MemberRow]:
    memberships = list(
        organisation.memberships.select_related("user").order_by("role", "user__name", "pk")
    )
    rows = {m.user_id: MemberRow(m) for m in memberships}
    enrolments = list(
        Enrolment.objects.filter(user__in=rows)
        .exclude(status=EnrolmentStatus.CANCELLED, completed_at__isnull=True)
        .select_related("course_class")
    )
    seated = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    progress = completion.progress_for(seated)
    plan = set(plan_course_ids)
    done, started = {}, {}  # user id → plan courses completed / under way
    for enrolment in enrolments:
        row = rows[enrolment.user_id]
        course_id = enrolment.course_class.course_id
        if enrolment.completed_at:
            row.completed += 1
            done.setdefault(enrolment.user_id, set()).add(course_id)
        else:
            started.setdefault(enrolment.user_id, set()).add(course_id)
            if enrolment.status in (EnrolmentStatus.WAITLISTED, EnrolmentStatus.OFFERED):
                row.waitlisted += 1
            else:
                row.enrolled += 1
        if enrolment.pk in progress:
            row.attended += progress[enrolment.pk].attended
            row.marked += progress[enrolment.pk].marked
    for user_id, row in rows.items():
        finished = done.get(user_id, set()) & plan
        row.plan_done = len(finished)
        row.plan_started = len((started.get(user_id, set()) & plan) - finished)
    for user_id, count in _certificates(rows):
        rows[user_id].certificates = count
    for row in rows.values():
        _keep_what_is_shared(row)
    return list(rows.values())


def _keep_what_is_shared(row: MemberRow) -> None:
    """Leave out what the member does not share with the coordinators (None: not shown)."""
    if not sharing.sees_learning(row.membership):
        row.enrolled = row.waitlisted = row.attended = row.marked = row.plan_started = None
    if not sharing.sees_completions(row.membership):
        row.completed = row.certificates = row.plan_done = None


def _certificates(rows):
    """(user id, number of valid certificates) for the members."""
    return (
        Certificate.objects.valid()
        .filter(enrolment__user__in=rows)
        .values("enrolment__user")
        .annotate(count=Count("pk"))
        .values_list("enrolment__user", "count")
    )


def as_table(rows: list[MemberRow], plan_size: int) -> list[list]:
    header = [
        _("Name"),
        _("Role"),
        _("Enrolled"),
        _("Waitlisted"),
        _("Completed"),
        _("Certificates"),
        _("Attendance rate (%)"),
        _("Plan steps done"),
        _("Plan steps under way"),
        _("Plan steps"),
        _("Shared with the coordinators"),
    ]
    body = [
        [
            row.membership.user.get_full_name(),
            row.membership.get_role_display(),
            *(
                "" if value is None else value
                for value in (
                    row.enrolled,
                    row.waitlisted,
                    row.completed,
                    row.certificates,
                    row.attendance_rate,
                    row.plan_done,
                    row.plan_started,
                )
            ),
            plan_size,
            row.membership.get_shares_display() or _("Not chosen yet"),
        ]
        for row in rows
    ]
    return [header, *body]
