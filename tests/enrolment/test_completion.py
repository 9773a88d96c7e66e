from datetime import timedelta

import pytest

from courses.models import Session
from enrolment import attendance, completion
from enrolment.models import Attendance, CompletionRule, Enrolment, EnrolmentEvent
from tests.factories import ClassFactory, EnrolmentFactory

P, L, A, E, U = "present", "late", "absent", "excused", None


def rule(rate=80, late=True, excused_out=True):
    return CompletionRule(
        min_attendance_rate=rate, late_counts_as_present=late, excused_left_out=excused_out
    )


@pytest.mark.parametrize(
    "statuses, kwargs, complete, message",
    [
        ([P] * 8, {}, True, "8/7회"),
        ([P] * 6 + [A, A], {}, False, "출석 6/7회, 1회 더 필요"),
        ([P] * 6 + [U, U], {}, False, "1회 더 필요"),  # unmarked never counts as present
        ([P] * 6 + [L, A], {}, True, ""),  # late counts by default
        ([P] * 6 + [L, A], {"late": False}, False, "1회 더 필요"),
        ([P] * 6 + [E, E], {}, True, ""),  # excused leave the count: 6 of 6
        ([P] * 6 + [E, E], {"excused_out": False}, False, "1회 더 필요"),
        ([P] * 4 + [A] * 4, {"rate": 50}, True, ""),
        ([], {}, False, "0/0회"),
        ([P] * 7 + [U], {}, True, ""),  # complete the moment it is earned
    ],
)
def test_completion_rule(statuses, kwargs, complete, message):
    result = completion.evaluate(statuses, rule(**kwargs))
    assert result.is_complete is complete
    assert message in result.explain()


@pytest.mark.parametrize(
    "statuses, kwargs, marked",
    [
        ([P] * 6 + [U, U], {}, 6),  # sessions not marked yet are not in the rate's base
        ([P, L, A, E], {}, 3),  # excused left out of the count
        ([P, L, A, E], {"excused_out": False}, 4),
        ([], {}, 0),
    ],
)
def test_marked_sessions_are_the_base_of_the_attendance_rate(statuses, kwargs, marked):
    assert completion.evaluate(statuses, rule(**kwargs)).marked == marked


@pytest.mark.django_db
class TestMarking:
    @pytest.fixture
    def class_(self, course):
        return ClassFactory(course=course, sessions=4)

    @pytest.fixture
    def enrolment(self, class_, student):
        return EnrolmentFactory(course_class=class_, user=student)

    def test_marking_enough_sessions_completes_at_once(self, class_, enrolment, instructor):
        sessions = list(class_.sessions.all())
        for session in sessions[:3]:
            attendance.mark(session, enrolment, "present", actor=instructor)
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None  # 3 of 4 is 75 %, under 80 %
        attendance.mark(sessions[3], enrolment, "late", actor=instructor)
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None

    def test_changing_a_mark_keeps_history_and_can_undo_completion(
        self, class_, enrolment, instructor, staff
    ):
        sessions = list(class_.sessions.all())
        for session in sessions:
            attendance.mark(session, enrolment, "present", actor=instructor)
        attendance.mark(sessions[0], enrolment, "absent", actor=staff, reason="출석부 정정")
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None
        mark = Attendance.objects.get(enrolment=enrolment, session=sessions[0])
        assert list(mark.events.values_list("from_status", "to_status", "actor")) == [
            ("", "present", instructor.pk),
            ("present", "absent", staff.pk),
        ]

    def test_cancelled_sessions_and_sessions_before_enrolling_do_not_count(
        self, class_, enrolment, instructor
    ):
        sessions = list(class_.sessions.all())
        sessions[3].status = Session.Status.CANCELLED
        sessions[3].save()
        Enrolment.objects.filter(pk=enrolment.pk).update(
            created_at=sessions[0].starts_at + timedelta(minutes=1)
        )
        for session in sessions[1:3]:
            attendance.mark(session, enrolment, "present", actor=instructor)
        enrolment.refresh_from_db()
        assert completion.progress(enrolment).counted == 2
        assert enrolment.completed_at is not None

    @pytest.mark.parametrize(
        "seat_taken, mark, counted, attended",
        [
            pytest.param(timedelta(minutes=-5), None, 4, 0, id="before it began"),
            pytest.param(timedelta(minutes=30), "present", 4, 1, id="under way, present"),
            pytest.param(timedelta(minutes=30), "absent", 4, 0, id="under way, absent"),
            pytest.param(timedelta(minutes=30), None, 3, 0, id="under way, unmarked"),
            pytest.param(timedelta(hours=3), "present", 3, 0, id="after it ended"),
        ],
    )
    def test_the_first_session_counts_if_it_began_after_the_seat_or_was_under_way_and_marked(
        self, class_, enrolment, instructor, seat_taken, mark, counted, attended
    ):
        first = class_.sessions.order_by("starts_at").first()
        if mark:
            attendance.mark(first, enrolment, mark, actor=instructor)
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=first.starts_at + seat_taken)
        enrolment.refresh_from_db()
        progress = completion.progress(enrolment)
        assert (progress.counted, progress.attended) == (counted, attended)

    def test_the_seat_counts_from_when_it_was_last_given(self, class_, enrolment, instructor):
        first = class_.sessions.order_by("starts_at").first()
        attendance.mark(first, enrolment, "present", actor=instructor)
        promoted = enrolment.events.create(from_status="waitlisted", to_status="enrolled")
        EnrolmentEvent.objects.filter(pk=promoted.pk).update(
            created_at=first.starts_at + timedelta(minutes=20)
        )
        assert completion.progress(enrolment).attended == 1

    @pytest.mark.parametrize(
        "case", ["other_class", "waitlisted", "cancelled_meanwhile", "cancelled_session", "bad"]
    )
    def test_refused_marks_write_nothing(self, class_, enrolment, instructor, case):
        session = class_.sessions.first()
        status = "present"
        if case == "other_class":
            session = ClassFactory().sessions.first()
        elif case == "waitlisted":
            Enrolment.objects.filter(pk=enrolment.pk).update(status="waitlisted", waitlist_rank=1)
            enrolment.refresh_from_db()
        elif case == "cancelled_meanwhile":  # after the roll call page was read
            Enrolment.objects.filter(pk=enrolment.pk).update(status="cancelled")
        elif case == "cancelled_session":
            session.status = Session.Status.CANCELLED
            session.save()
        else:
            status = "asleep"
        with pytest.raises(attendance.AttendanceError):
            attendance.mark(session, enrolment, status, actor=instructor)
        assert not Attendance.objects.exists()
