"""The report's numbers on a hand-built half year (see conftest.py for who is where)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from enrolment import attendance
from enrolment.models import Enrolment
from reports import facts, figures, periods
from tests.factories import ClassFactory, EnrolmentFactory
from tests.reports.conftest import SEOUL

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 7, 1, 9, tzinfo=SEOUL)
TRACK_COLUMNS = (
    "learners",
    "classes",
    "enrolments",
    "attendance_rate",
    "completions",
    "certificates",
)


def _report(step=periods.MONTH, now=NOW):
    shown = periods.periods(date(2025, 1, 1), date(2025, 7, 1), step)
    return figures.tally(facts.load(shown[0].start, shown[-1].end, now), shown, now)


def _row(report, key, index):
    f = report.cells.get((key, index)) or figures.Figures()
    return tuple(getattr(f, name) for name in TRACK_COLUMNS)


def test_figures_per_month_and_track(scenario):
    report = _report()
    assert [p.label for p in report.periods] == [f"2025-0{m}" for m in range(1, 7)]
    tech, law = ("track", scenario.tech.pk), ("track", scenario.law.pk)
    # learners, classes, enrolments, attendance rate, completions, certificates
    assert [_row(report, tech, i) for i in range(6)] == [
        (3, 1, 3, 67, 0, 0),  # present, late (counts), absent; the waitlisted one is no learner
        (3, 1, 0, 50, 2, 1),  # excused is left out; the revoked certificate is not counted
        (0, 0, 0, None, 0, 0),
        (2, 1, 2, None, 0, 0),  # the cancelled session is not a class held, nor a mark
        (0, 0, 0, None, 0, 0),  # a cancelled class's seats never count
        (0, 0, 0, None, 0, 0),
    ]
    assert [_row(report, law, i) for i in range(6)] == [
        (0, 0, 0, None, 0, 0),
        (2, 1, 2, 100, 0, 0),
        (2, 1, 0, 50, 1, 1),  # this course's rule does not count late as present
        (0, 0, 0, None, 0, 0),
        (0, 0, 0, None, 0, 0),
        (0, 0, 0, None, 0, 0),  # nor do a draft class's
    ]


def test_the_whole_school_counts_a_person_once_whatever_their_tracks(scenario):
    report = _report()
    assert [_row(report, figures.ALL, i)[:3] for i in range(4)] == [
        (3, 1, 3),
        (4, 2, 2),  # p3 is in both tracks' classes in February
        (2, 1, 0),
        (2, 1, 2),
    ]
    assert report.figures(figures.all_group(), 1).attendance_rate == 75  # 3 of 4 marked


def test_grades_are_those_of_each_organisation_as_of_the_end_of_the_period(scenario):
    report = _report()
    grade = {key: ("grade", key) for key in (1, 2, 3)}
    # January: p1 (마포, grade 1), p2 (강원, 2) and p3 (both) at C1.
    assert _row(report, grade[1], 0)[:2] == (2, 1)
    assert _row(report, grade[2], 0)[:2] == (2, 1)
    assert report.figures(figures.Group(grade[1], "", ""), 0).attendance_rate == 50
    # March: 마포 was scored grade 3 on the 15th, so p3 counts under 3 (and 2 for 강원).
    assert _row(report, grade[1], 2)[0] == 0
    assert _row(report, grade[3], 2)[:2] == (1, 1)
    assert _row(report, grade[2], 2)[:2] == (1, 1)
    assert _row(report, figures.NO_ORGANISATION, 2)[:2] == (1, 1)  # p4
    # April: p5's organisation was never assessed; p4 is in none.
    assert _row(report, figures.NOT_ASSESSED, 3)[:3] == (1, 1, 1)
    assert _row(report, figures.NO_ORGANISATION, 3)[:3] == (1, 1, 1)
    with translation.override("en"):
        names = [g.name for g in _report().grades]
    # Only the grades with figures; 4 (선도) has none.
    assert names == [
        "Grade 1 (시작)",
        "Grade 2 (기초)",
        "Grade 3 (활용)",
        "Not assessed yet",
        "No organisation",
    ]


def test_quarters_take_the_grade_at_the_quarters_end_and_count_people_once(scenario):
    with translation.override("en"):
        report = _report(periods.QUARTER)
    assert [p.label for p in report.periods] == ["2025 Q1", "2025 Q2"]
    assert _row(report, figures.ALL, 0) == (4, 2, 5, 67, 3, 2)  # 6 of 9 counted marks attended
    assert _row(report, ("grade", 3), 0)[0] == 2  # p1 and p3: 마포 was grade 3 by 1 April
    assert _row(report, ("grade", 1), 0)[0] == 0
    assert _row(report, ("grade", 2), 0)[0] == 2  # p2 and p3


def test_nothing_after_now_is_counted(scenario):
    report = _report(now=datetime(2025, 2, 10, tzinfo=SEOUL))
    assert _row(report, figures.ALL, 1)[:2] == (3, 1)  # the law class first met on 17 February
    assert report.figures(figures.all_group(), 1).certificates == 1


def test_export_table_has_a_row_per_period_and_group(scenario):
    with translation.override("en"):
        report = _report()
        table = figures.as_table(report)
    groups = 1 + len(report.tracks) + len(report.grades)
    assert len(table) == 1 + 6 * groups
    assert table[1][:6] == ["2025-01", "Whole school", "All learners", 3, 1, 3]


def test_a_mark_on_the_session_under_way_when_the_seat_was_taken_is_counted(instructor):
    class_ = ClassFactory(sessions=1)
    session = class_.sessions.get()
    enrolment = EnrolmentFactory(course_class=class_)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        created_at=session.starts_at + timedelta(minutes=30)
    )
    attendance.mark(session, enrolment, "late", actor=instructor)
    day = timezone.localtime(session.starts_at).date()
    found = facts.load(day, day + timedelta(days=1), session.ends_at + timedelta(days=1))
    assert [(person, mark, n) for _m, person, _c, _t, mark, n in found.marks] == [
        (enrolment.user_id, "late", 1)
    ]
