"""Whether an enrolment is complete, from attendance: one rule, decided in one place."""

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Session
from enrolment.models import Attendance, CompletionRule, Enrolment, EnrolmentEvent

Status = Attendance.Status


@dataclass(frozen=True)
class Progress:
    attended: int
    needed: int
    counted: int

    @property
    def is_complete(self) -> bool:
        return self.counted > 0 and self.attended >= self.needed

    @property
    def missing(self) -> int:
        return max(self.needed - self.attended, 0)

    def explain(self) -> str:
        if self.is_complete:
            return _("Attended %(attended)s of %(needed)s sessions: complete.") % {
                "attended": self.attended,
                "needed": self.needed,
            }
        return _("Attended %(attended)s of %(needed)s sessions, %(missing)s more needed.") % {
            "attended": self.attended,
            "needed": self.needed,
            "missing": self.missing,
        }


def evaluate(statuses: list[str | None], rule: CompletionRule) -> Progress:
    """Decide from the marks of every session that counts (None: not marked yet).

    Unmarked sessions are never counted as attended; excused ones leave the count when
    the rule says so; late counts as present when the rule says so.
    """
    attending = {Status.PRESENT} | ({Status.LATE} if rule.late_counts_as_present else set())
    counted = [s for s in statuses if not (rule.excused_left_out and s == Status.EXCUSED)]
    attended = sum(1 for s in counted if s in attending)
    needed = math.ceil(len(counted) * rule.min_attendance_rate / 100)
    return Progress(attended=attended, needed=needed, counted=len(counted))


def rule_for(course) -> CompletionRule:
    return CompletionRule.objects.get_or_create(course_id=course.pk)[0]


def _enrolled_since(enrolment: Enrolment):
    last = (
        EnrolmentEvent.objects.filter(enrolment=enrolment, to_status=Enrolment.Status.ENROLLED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return last or enrolment.created_at


def progress(enrolment: Enrolment) -> Progress:
    # Sessions held before the person enrolled, and cancelled ones, never count.
    sessions = Session.objects.filter(
        course_class_id=enrolment.course_class_id,
        status=Session.Status.SCHEDULED,
        starts_at__gte=_enrolled_since(enrolment),
    )
    marks = dict(
        Attendance.objects.filter(enrolment=enrolment, session__in=sessions).values_list(
            "session_id", "status"
        )
    )
    statuses = [marks.get(pk) for pk in sessions.values_list("pk", flat=True)]
    return evaluate(statuses, rule_for(enrolment.course_class.course))


@transaction.atomic
def refresh(enrolment: Enrolment) -> Progress:
    """Re-decide completion now and store when it was reached (or that it no longer is)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    result = progress(enrolment)
    if result.is_complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at", "updated_at"])
    elif not result.is_complete and enrolment.completed_at is not None:
        enrolment.completed_at = None
        enrolment.save(update_fields=["completed_at", "updated_at"])
    return result
