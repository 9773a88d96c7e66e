"""The rows of a roll call: each enrolled learner with their mark for one session."""

from dataclasses import dataclass

from enrolment.models import Attendance, Enrolment


@dataclass
class RollRow:
    enrolment: Enrolment
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def is_self_check_in(self) -> bool:
        """Whether the learner's own check-in made the mark as it stands."""
        return bool(self.attendance) and self.attendance.marked_by_id == self.enrolment.user_id


def roll(class_, session) -> list[RollRow]:
    enrolments = (
        class_.enrolments.filter(status=Enrolment.Status.ENROLLED)
        .select_related("user")
        .order_by("user__name", "user__username")
    )
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    return [RollRow(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


def row(class_, session, enrolment) -> RollRow:
    return RollRow(
        enrolment, Attendance.objects.filter(session=session, enrolment=enrolment).first()
    )
