"""Does learning move the grade? Per area, how the stage changed between two consecutive
assessments of an organisation when one of its members completed a course aimed at that
area in between, against when none did; and per course.

Each pair of consecutive scored assessments of an organisation counts once per area it
measured both times. A group of fewer than `MIN_GROUP` pairs is too small to conclude
anything, and the page says so. Members are the organisation's members now.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from cms.models import CourseCapability, CoursePage
from enrolment.models import Enrolment
from organisations.models import Assessment, CapabilityArea, Membership

MIN_GROUP = 5


@dataclass
class Group:
    changes: list[int] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return len(self.changes)

    @property
    def mean(self) -> float | None:
        return round(sum(self.changes) / len(self.changes), 2) if self.changes else None

    @property
    def went_up(self) -> int:
        return sum(1 for change in self.changes if change > 0)


@dataclass
class Row:
    name: str
    learned: Group = field(default_factory=Group)
    other: Group = field(default_factory=Group)

    @property
    def too_few(self) -> bool:
        return self.learned.pairs < MIN_GROUP or self.other.pairs < MIN_GROUP


@dataclass
class Impact:
    areas: list[Row]
    courses: list[Row]
    pairs: int

    @property
    def too_few(self) -> bool:
        return any(row.too_few for row in self.areas + self.courses)


def _pairs():
    """(organisation id, earlier, later) for each two consecutive scored assessments."""
    last = {}
    for assessment in Assessment.objects.filter(status=Assessment.Status.SCORED).order_by(
        "organisation_id", "scored_at", "pk"
    ):
        earlier = last.get(assessment.organisation_id)
        if earlier is not None:
            yield assessment.organisation_id, earlier, assessment
        last[assessment.organisation_id] = assessment


def _completions(organisation_ids) -> dict[int, list[tuple]]:
    """(completed at, course id) of every member's completions, per organisation."""
    members = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("organisation_id", "user_id"):
        members[user_id].add(organisation_id)
    found = defaultdict(list)
    for user_id, completed_at, course_id in Enrolment.objects.filter(
        user_id__in=list(members), completed_at__isnull=False
    ).values_list("user_id", "completed_at", "course_class__course_id"):
        for organisation_id in members[user_id]:
            found[organisation_id].append((completed_at, course_id))
    return found


def impact() -> Impact:
    pairs = list(_pairs())
    completions = _completions({organisation_id for organisation_id, _a, _b in pairs})
    course_areas = defaultdict(set)
    for course_id, area_id in CourseCapability.objects.values_list("page_id", "area_id"):
        course_areas[course_id].add(area_id)
    facts = []  # (stage change per area, courses completed in between), per pair
    for organisation_id, earlier, later in pairs:
        before = {a["id"]: a["stage"] for a in earlier.result["areas"]}
        after = {a["id"]: a["stage"] for a in later.result["areas"]}
        learned = {
            course_id
            for completed_at, course_id in completions.get(organisation_id, ())
            if earlier.scored_at < completed_at <= later.scored_at
        }
        facts.append(({pk: after[pk] - before[pk] for pk in before.keys() & after.keys()}, learned))

    areas = CapabilityArea.objects.order_by("sort_order", "name").values_list("pk", "name")
    by_area = {pk: Row(name) for pk, name in areas}
    completed_anywhere = set().union(*(learned for _changes, learned in facts))
    titles = dict(CoursePage.objects.filter(pk__in=completed_anywhere).values_list("pk", "title"))
    by_course = {pk: Row(titles.get(pk, "")) for pk in completed_anywhere}
    for changes, learned in facts:
        learned_areas = set().union(*(course_areas[c] for c in learned))
        for area_id, change in changes.items():
            if area_id in by_area:
                row = by_area[area_id]
                (row.learned if area_id in learned_areas else row.other).changes.append(change)
        # Each course compares its own areas: pairs where it was completed, against the rest.
        for course_id, row in by_course.items():
            group = row.learned if course_id in learned else row.other
            group.changes += [
                changes[pk] for pk in sorted(course_areas[course_id] & changes.keys())
            ]
    return Impact(
        areas=[row for row in by_area.values() if row.learned.pairs or row.other.pairs],
        courses=sorted(by_course.values(), key=lambda row: row.name),
        pairs=len(pairs),
    )
