"""Counting a report's rows into figures per period and group: pure functions of the facts.

A group is the whole school, a track, or an organisation grade. A person in several
organisations counts once in each grade their organisations hold; a person in none counts
under "No organisation". An organisation's grade is that of its latest assessment scored
by the end of the period.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from enrolment import completion
from enrolment.models import Attendance, CompletionRule
from reports.facts import Facts, moment
from reports.periods import Period

ALL = ("all", 0)
NOT_ASSESSED = ("grade", "not-assessed")
NO_ORGANISATION = ("grade", "none")
# Lowest stage first; the two last are for no grade yet and no organisation.
GRADE_COLOURS = ["#b4541a", "#8a6d00", "#2f6f8f", "#1f6f5c", "#6b3d7a", "#7a5c1e"]
NOT_ASSESSED_COLOUR, NO_ORGANISATION_COLOUR = "#8b949c", "#3c444c"


@dataclass(frozen=True)
class Group:
    key: tuple
    name: str
    colour: str


@dataclass
class Figures:
    learners: int = 0  # distinct people holding a seat in a class held in the period
    classes: int = 0  # classes with a session held in the period
    enrolments: int = 0  # seats in classes whose first session fell in the period
    attended: int = 0
    marked: int = 0
    completions: int = 0
    certificates: int = 0  # valid ones, by the day they were issued

    @property
    def attendance_rate(self) -> int | None:
        """Sessions attended out of those marked, in percent; None without any mark."""
        return round(100 * self.attended / self.marked) if self.marked else None


@dataclass
class _Tally:
    learners: set = field(default_factory=set)
    classes: set = field(default_factory=set)
    figures: Figures = field(default_factory=Figures)

    def done(self) -> Figures:
        self.figures.learners, self.figures.classes = len(self.learners), len(self.classes)
        return self.figures


@dataclass
class Report:
    periods: list[Period]
    tracks: list[Group]
    grades: list[Group]
    cells: dict[tuple[tuple, int], Figures]  # (group key, period index) → figures

    def figures(self, group: Group, index: int) -> Figures:
        return self.cells.get((group.key, index)) or Figures()

    def series(self, groups: list[Group], measure: str) -> list[tuple[Group, list]]:
        """Each group with its value of one measure in every period."""
        return [
            (group, [getattr(self.figures(group, i), measure) for i in range(len(self.periods))])
            for group in groups
        ]


def track_groups(facts: Facts) -> list[Group]:
    return [Group(("track", pk), name, colour) for pk, name, colour in facts.tracks]


def grade_groups(facts: Facts, grades_seen=()) -> list[Group]:
    """A group per stage of the ladder, and any grade scored on a longer ladder before."""
    names = dict(enumerate(facts.stage_names, start=1))
    stages = [
        Group(
            ("grade", n),
            _("Grade %(grade)s (%(name)s)") % {"grade": n, "name": names[n]}
            if n in names
            else _("Grade %(grade)s") % {"grade": n},
            GRADE_COLOURS[(n - 1) % len(GRADE_COLOURS)],
        )
        for n in sorted(set(names) | set(grades_seen))
    ]
    return stages + [
        Group(NOT_ASSESSED, _("Not assessed yet"), NOT_ASSESSED_COLOUR),
        Group(NO_ORGANISATION, _("No organisation"), NO_ORGANISATION_COLOUR),
    ]


def grade_at(history: list[tuple[datetime, int]], when: datetime) -> tuple:
    """The group of an organisation's grade: its latest assessment scored before `when`."""
    index = bisect_left([scored_at for scored_at, _grade in history], when)
    return ("grade", history[index - 1][1]) if index else NOT_ASSESSED


def tally(facts: Facts, periods: list[Period], now: datetime) -> Report:
    """Figures for the whole school, each track and each grade, in every period."""
    period_of: dict[date, int] = {m: i for i, p in enumerate(periods) for m in p.months()}
    ends = [min(moment(p.end), now) for p in periods]
    grades: dict[tuple[int, int], set] = {}  # (person, period) → their grade groups

    def groups(user_id: int, track_id: int, index: int) -> set:
        if (user_id, index) not in grades:
            organisations = facts.memberships.get(user_id, [])
            grades[user_id, index] = {
                grade_at(facts.assessments.get(o, []), ends[index]) for o in organisations
            } or {NO_ORGANISATION}
        return {ALL, ("track", track_id)} | grades[user_id, index]

    tallies: dict[tuple[tuple, int], _Tally] = {}
    cells_of: dict[tuple[int, int, int], list[_Tally]] = {}  # rows repeat people: look up once

    def each(month: date, user_id: int, track_id: int) -> list[_Tally]:
        index = period_of.get(month)
        if index is None:
            return []
        if (user_id, track_id, index) not in cells_of:
            cells_of[user_id, track_id, index] = [
                tallies.setdefault((key, index), _Tally())
                for key in groups(user_id, track_id, index)
            ]
        return cells_of[user_id, track_id, index]

    seated: dict[int, list[int]] = {}
    for user_id, class_id in facts.seats:
        seated.setdefault(class_id, []).append(user_id)
    for month, class_id, track_id in facts.held:
        index = period_of.get(month)
        if index is not None:  # a class counts even before anyone takes a seat
            for key in (ALL, ("track", track_id)):
                tallies.setdefault((key, index), _Tally()).classes.add(class_id)
        for user_id in seated.get(class_id, []):
            for cell in each(month, user_id, track_id):
                cell.learners.add(user_id)
                cell.classes.add(class_id)
    for month, user_id, track_id, count in facts.enrolments:
        for cell in each(month, user_id, track_id):
            cell.figures.enrolments += count
    rules = {}  # course → (marks counted, marks attended) under its completion rule
    for month, user_id, course_id, track_id, status, count in facts.marks:
        if course_id not in rules:
            rule = facts.rules.get(course_id) or CompletionRule(course_id=course_id)
            statuses = Attendance.Status.values
            rules[course_id] = (
                {s for s in statuses if completion.is_counted(s, rule)},
                completion.attending_statuses(rule),
            )
        counted, attending = rules[course_id]
        if status not in counted:
            continue
        for cell in each(month, user_id, track_id):
            cell.figures.marked += count
            if status in attending:
                cell.figures.attended += count
    for month, user_id, track_id, count in facts.completions:
        for cell in each(month, user_id, track_id):
            cell.figures.completions += count
    for month, user_id, track_id, count in facts.certificates:
        for cell in each(month, user_id, track_id):
            cell.figures.certificates += count
    cells = {key: t.done() for key, t in tallies.items()}
    present = {key for key, _index in cells}
    scored = {value for kind, value in present if kind == "grade" and isinstance(value, int)}
    return Report(
        periods=periods,
        tracks=track_groups(facts),
        # Every grade of the ladder would crowd the charts: only those with figures.
        grades=[g for g in grade_groups(facts, scored) if g.key in present],
        cells=cells,
    )


def all_group() -> Group:
    return Group(ALL, _("All learners"), "#1d2329")


MEASURES = ["learners", "classes", "enrolments", "completions", "certificates"]


def measure_names() -> dict[str, str]:
    return {
        "learners": _("Learners"),
        "classes": _("Classes held"),
        "enrolments": _("Enrolments"),
        "completions": _("Completions"),
        "certificates": _("Certificates issued"),
    }


def as_table(report: Report) -> list[list]:
    """Every figure, one row per period and group: the export."""
    header = [
        _("Period"),
        _("Breakdown"),
        _("Group"),
        _("Learners"),
        _("Classes held"),
        _("Enrolments"),
        _("Sessions attended"),
        _("Sessions marked"),
        _("Attendance rate (%)"),
        _("Completions"),
        _("Certificates issued"),
    ]
    breakdowns = [
        (_("Whole school"), [all_group()]),
        (_("Track"), report.tracks),
        (_("Organisation grade"), report.grades),
    ]
    body = []
    for index, period in enumerate(report.periods):
        for breakdown, groups in breakdowns:
            for group in groups:
                f = report.figures(group, index)
                body.append(
                    [
                        period.label,
                        breakdown,
                        group.name,
                        f.learners,
                        f.classes,
                        f.enrolments,
                        f.attended,
                        f.marked,
                        "" if f.attendance_rate is None else f.attendance_rate,
                        f.completions,
                        f.certificates,
                    ]
                )
    return [header, *body]
