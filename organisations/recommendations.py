"""Which courses to take next (and, for an organisation, which actions and services of
the cooperative), one step at a time: one deterministic ranking.

For each weak area of a person's organisations (the lowest stage any of them reached, from
each one's latest scored assessment) the next step is a course that starts from that stage.
Courses answering a risk flag come first. Without an assessment, the entry course of each
track. Courses the person completed, is enrolled in or waits for are left out; among
candidates, a class open soon with seats wins, then the title.

What every plan reads alike (the live courses and their steps, the open classes with a seat,
the areas) is cached under the content version and the school's schedule version, until
the first of those classes closes or starts. A person's plan is cached whole, in their
language, under those versions and two more: their own learning's (enrolments and
completions, enrolment.learners) and the organisations' standing (memberships and scored
assessments, organisations.standing). An organisation's plan is computed on each request;
it holds, besides courses, the actions the organisation can take itself and the services of
the cooperative (`PlanStep`) that answer its risks and weak areas and fit its size, leaving
out the actions it has done. Actions come before services, and a risk's step before a
course. Pages show the first `PLAN_OPEN_STEPS` and keep the rest behind "next steps".
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.models import CourseCapability, CoursePage, Level
from core.versions import TIMEOUT, content_version, dependency_versions, kept
from courses.models import Class
from courses.schedule import SCHOOL_SCHEDULE, school_schedule_version
from enrolment.learners import learner_dependency
from enrolment.models import Enrolment
from organisations.models import (
    Assessment,
    CapabilityArea,
    Membership,
    Organisation,
    PlanStep,
    PlanStepCapability,
    StepDone,
)
from organisations.standing import STANDING

RISK, STEP, ENTRY = "risk", "step", "entry"


@dataclass(frozen=True)
class CourseFacts:
    id: int
    title: str
    track_id: int | None
    is_entry: bool
    steps: tuple[tuple[int, int], ...] = ()  # (area id, stage it starts from)
    prerequisites: tuple[int, ...] = ()  # courses to complete first


@dataclass(frozen=True)
class Pick:
    course_id: int
    kind: str
    area_id: int | None = None
    risk: str = ""
    leads_to: int | None = None  # the course this one is a prerequisite of, when it stands in


def rank(
    courses: list[CourseFacts],
    stages: dict[int, int],
    top_stage: int,
    risks: list[tuple[str, int]],
    left_out: set[int],
    soonest: dict[int, datetime],
    completed: set[int] | None = None,
) -> list[Pick]:
    """The plan, from plain facts. `stages` maps weak and strong areas (in display order)
    to the stage reached; `risks` are (risk text, course id) in the order they were found.
    With `completed` (a person's plan), a course whose prerequisites the person has not
    completed makes way for the first of them they can take now: one feasible step."""
    by_id = {c.id: c for c in courses}
    far = datetime.max.replace(tzinfo=None)

    def preference(course):
        when = soonest.get(course.id)
        return (when is None, when.replace(tzinfo=None) if when else far, course.title)

    def feasible(course_id: int, seen=()) -> int | None:
        """The course, or the prerequisite to take first; None if none can be taken."""
        course = by_id.get(course_id)
        if course is None or course_id in seen:
            return None
        missing = [
            pk for pk in course.prerequisites if completed is not None and pk not in completed
        ]
        if not missing:
            return course_id
        for prerequisite in sorted(
            missing, key=lambda pk: preference(by_id[pk]) if pk in by_id else (True, far, "")
        ):
            step = feasible(prerequisite, (*seen, course_id))
            if step is not None:
                return step
        return None

    picks, chosen = [], set(left_out)
    for risk, course_id in risks:
        step = feasible(course_id)
        if step is not None and step not in chosen:
            picks.append(Pick(step, RISK, risk=risk, leads_to=_other(course_id, step)))
            chosen.add(step)
    for area in _weakest_first(stages, top_stage):
        candidates = [c for c in courses if (area, stages[area]) in c.steps and c.id not in chosen]
        steps = [(c.id, feasible(c.id)) for c in sorted(candidates, key=preference)]
        wanted, step = next(
            ((pk, step) for pk, step in steps if step is not None and step not in chosen),
            (None, None),
        )
        if step is not None:
            picks.append(Pick(step, STEP, area_id=area, leads_to=_other(wanted, step)))
            chosen.add(step)
    if not stages:
        first_of_track = {}
        for course in sorted((c for c in courses if c.is_entry), key=preference):
            if course.id not in chosen:
                first_of_track.setdefault(course.track_id, course)
        for course in sorted(first_of_track.values(), key=preference):
            picks.append(Pick(course.id, ENTRY))
    return picks


@dataclass(frozen=True)
class StepFacts:
    """An action or a service, as plain values for the ranking."""

    id: int
    kind: str
    title: str
    sort_order: int = 0
    steps: tuple[tuple[int, int], ...] = ()  # (area id, stage it starts from)
    min_size: int | None = None
    max_size: int | None = None

    def fits(self, size: int | None) -> bool:
        if size is None:
            return True
        return (self.min_size is None or size >= self.min_size) and (
            self.max_size is None or size <= self.max_size
        )


@dataclass(frozen=True)
class StepPick:
    step_id: int
    kind: str  # RISK or STEP
    area_id: int | None = None
    risk: str = ""


def rank_steps(
    steps: list[StepFacts],
    stages: dict[int, int],
    top_stage: int,
    risks: list[tuple[str, int]],
    done: set[int],
    size: int | None,
) -> list[StepPick]:
    """An organisation's actions and services, from plain facts: the step each risk names
    (`risks`: risk text, step id), then for each weak area, weakest first, one action and
    one service that start from its stage; none it has done, each fitting its size."""
    by_id = {s.id: s for s in steps}
    picks, chosen = [], set(done)
    for risk, step_id in risks:
        step = by_id.get(step_id)
        if step is not None and step_id not in chosen and step.fits(size):
            picks.append(StepPick(step_id, RISK, risk=risk))
            chosen.add(step_id)
    for area in _weakest_first(stages, top_stage):
        for kind in (PlanStep.Kind.ACTION, PlanStep.Kind.SERVICE):
            candidates = sorted(
                (
                    s
                    for s in steps
                    if s.kind == kind
                    and (area, stages[area]) in s.steps
                    and s.id not in chosen
                    and s.fits(size)
                ),
                key=lambda s: (s.sort_order, s.title),
            )
            if candidates:
                picks.append(StepPick(candidates[0].id, STEP, area_id=area))
                chosen.add(candidates[0].id)
    return picks


def _weakest_first(stages: dict[int, int], top_stage: int) -> list[int]:
    """The areas below the top stage, weakest first, then in display order."""
    return sorted(
        (area for area, stage in stages.items() if stage < top_stage),
        key=lambda area: (stages[area], list(stages).index(area)),
    )


def _other(wanted: int, step: int) -> int | None:
    return wanted if wanted != step else None


@dataclass
class Recommendation:
    course: CoursePage | None
    reason: str
    kind: str
    area_id: int | None = None
    classes: list[Class] = field(default_factory=list)
    # The id of what caused it on the assessment's result page: the risk's answer or the area.
    because: str = ""
    step: PlanStep | None = None  # an action or a service, instead of a course
    risk: str = ""  # the risk it answers, if it does


@dataclass
class Standing:
    """Where a person's organisations stand: lowest stage per area, and their risk flags
    (with the question whose answer raised each)."""

    stages: dict[int, int]
    stage_names: list[str]
    risks: list[tuple[str, int]]
    risk_questions: dict[str, str] = field(default_factory=dict)
    risk_steps: list[tuple[str, int]] = field(default_factory=list)


def standing_of(organisation_ids, area_order: list[int] | None = None) -> Standing:
    latest = {}
    for assessment in Assessment.objects.filter(
        organisation_id__in=organisation_ids, status=Assessment.Status.SCORED
    ).order_by("organisation_id", "-scored_at", "-pk"):
        latest.setdefault(assessment.organisation_id, assessment.result)
    if area_order is None:
        area_order = list(CapabilityArea.objects.values_list("pk", flat=True))
    lowest, names, risks, questions, risk_steps = {}, [], [], {}, []
    for result in latest.values():
        names = names or result["stage_names"]
        for area in result["areas"]:
            lowest[area["id"]] = min(lowest.get(area["id"], area["stage"]), area["stage"])
        for risk in result["risks"]:
            questions.setdefault(risk["risk"], risk["question"])
            if risk["course_id"]:
                risks.append((risk["risk"], risk["course_id"]))
            if risk.get("step_id"):
                risk_steps.append((risk["risk"], risk["step_id"]))
    stages = {pk: lowest[pk] for pk in area_order if pk in lowest}
    return Standing(stages, names, risks, questions, risk_steps)


def recommend(user, now: datetime, *, organisation_ids=None) -> list[Recommendation]:
    """The ranked plan for a person (or for organisations), with the soonest open classes."""
    if organisation_ids is None:
        if not user or not user.is_authenticated:
            return _plan(None, [], now).steps
        return _personal_plan(user, now)
    return _plan(user, organisation_ids, now, for_organisations=True).steps


@dataclass(frozen=True)
class Plan:
    steps: list[Recommendation]
    valid_until: datetime | None  # when one of its classes closes or starts


def _personal_plan(user, now: datetime) -> list[Recommendation]:
    """A person's plan, from the cache while nothing it was made from changed."""
    # Read before the plan is made: a change meanwhile leaves it under versions already old.
    names = [SCHOOL_SCHEDULE, STANDING, learner_dependency(user.pk)]
    parts = [content_version(), *dependency_versions(names).values(), get_language()]
    key = f"plan:person:{user.pk}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    plan = kept.get(key)
    if plan is None or (plan.valid_until is not None and now >= plan.valid_until):
        organisation_ids = list(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        plan = _plan(user, organisation_ids, now)
        kept.set(key, plan, _timeout(plan.valid_until, now))
    return plan.steps


def _plan(user, organisation_ids, now: datetime, *, for_organisations: bool = False) -> Plan:
    """The ranking reads plain values (every live course, every open class); full pages and
    classes are loaded only for the few courses picked."""
    shared = _shared_facts(now)
    standing = standing_of(organisation_ids, list(shared.areas))
    soonest = {course_id: starts[0][0] for course_id, starts in shared.open_classes.items()}
    top = len(standing.stage_names) or 4
    taken, completed = _taken(user)
    picks = rank(
        list(shared.courses.values()),
        standing.stages,
        top,
        standing.risks,
        taken,
        soonest,
        completed,
    )
    picked = [pick.course_id for pick in picks]
    pages = CoursePage.objects.select_related("track").in_bulk(picked)
    classes = _classes_to_show([shared.open_classes.get(pk, []) for pk in picked])
    areas = shared.areas
    steps = [
        Recommendation(
            course=pages[pick.course_id],
            reason=_reason(pick, pages[pick.course_id], standing, areas, shared.courses),
            kind=pick.kind,
            area_id=pick.area_id,
            classes=classes.get(pick.course_id, []),
            because=_because(pick, standing),
            risk=pick.risk,
        )
        for pick in picks
    ]
    if for_organisations and organisation_ids:  # their actions and services too
        steps = _with_actions_and_services(steps, organisation_ids, standing, areas, top)
    return Plan(steps, shared.valid_until)


def _with_actions_and_services(
    courses: list[Recommendation], organisation_ids, standing: Standing, areas, top: int
) -> list[Recommendation]:
    """The organisation's plan in order: for its risks, the step each names, then the
    course; then for each weak area, weakest first, its course, action and service."""
    facts = _step_facts()
    done = set(
        StepDone.objects.filter(organisation_id__in=organisation_ids).values_list(
            "step_id", flat=True
        )
    )
    sizes = Organisation.objects.filter(pk__in=organisation_ids, size__isnull=False)
    size = min(sizes.values_list("size", flat=True), default=None)
    picks = rank_steps(facts, standing.stages, top, standing.risk_steps, done, size)
    objects = PlanStep.objects.in_bulk([pick.step_id for pick in picks])
    steps = [
        Recommendation(
            course=None,
            step=objects[pick.step_id],
            reason=_why(pick, None, standing, areas),
            kind=pick.kind,
            area_id=pick.area_id,
            because=_because(pick, standing),
            risk=pick.risk,
        )
        for pick in picks
    ]

    weakest = _weakest_first(standing.stages, top)

    def order(step: Recommendation) -> tuple:
        if step.kind == RISK:
            return (0, 0 if step.step else 1)
        if step.kind == STEP:
            kind_rank = 0 if step.course else (1 if step.step.kind == PlanStep.Kind.ACTION else 2)
            return (1, weakest.index(step.area_id), kind_rank)
        return (2,)

    return sorted(courses + steps, key=order)  # stable: each list keeps its own order


def _step_facts() -> list[StepFacts]:
    """Every action and service with the areas and stages it starts from (two queries)."""
    stages = {}
    for step_id, area_id, from_stage in PlanStepCapability.objects.values_list(
        "step_id", "area_id", "from_stage"
    ):
        stages.setdefault(step_id, []).append((area_id, from_stage))
    return [
        StepFacts(pk, kind, title, order, tuple(stages.get(pk, ())), low, high)
        for pk, kind, title, order, low, high in PlanStep.objects.values_list(
            "pk", "kind", "title", "sort_order", "min_size", "max_size"
        )
    ]


def open_steps(plan: list) -> list:
    """What a page shows of a plan at once: one feasible step at a time."""
    return plan[: settings.PLAN_OPEN_STEPS]


def later_steps(plan: list) -> list:
    """The rest, behind "next steps"."""
    return plan[settings.PLAN_OPEN_STEPS :]


def _timeout(valid_until: datetime | None, now: datetime) -> int:
    if valid_until is None:
        return TIMEOUT
    return max(1, min(TIMEOUT, int((valid_until - now).total_seconds())))


@dataclass(frozen=True)
class SharedFacts:
    courses: dict[int, CourseFacts]
    open_classes: dict[int, list[tuple[datetime, int]]]
    areas: dict[int, str]  # in display order
    valid_until: datetime | None  # when the first open class closes or starts


def _shared_facts(now: datetime) -> SharedFacts:
    """The facts every plan reads alike, from the cache while nothing they hold changed."""
    # The versions are read before the facts: a change while they are read leaves them
    # under versions that are already old, never the new ones.
    parts = [content_version(), *school_schedule_version().values()]
    key = "plan:facts:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    facts = kept.get(key)
    if facts is not None and (facts.valid_until is None or now < facts.valid_until):
        return facts
    courses = _course_facts()
    open_classes, valid_until = _open_classes(courses.keys(), now)
    facts = SharedFacts(
        courses=courses,
        open_classes=open_classes,
        areas=dict(CapabilityArea.objects.values_list("pk", "name")),
        valid_until=valid_until,
    )
    kept.set(key, facts, _timeout(valid_until, now))
    return facts


def _course_facts() -> dict[int, CourseFacts]:
    live = CoursePage.objects.live()
    steps, prerequisites = {}, {}
    for course_id, prerequisite_id in CoursePage.prerequisites.through.objects.values_list(
        "from_coursepage_id", "to_coursepage_id"
    ):
        prerequisites.setdefault(course_id, []).append(prerequisite_id)
    for page_id, area_id, from_stage in CourseCapability.objects.filter(page__in=live).values_list(
        "page_id", "area_id", "from_stage"
    ):
        steps.setdefault(page_id, []).append((area_id, from_stage))
    return {
        pk: CourseFacts(
            id=pk,
            title=title,
            track_id=track_id,
            is_entry=level == Level.BEGINNER and pk not in prerequisites,
            steps=tuple(steps.get(pk, ())),
            prerequisites=tuple(sorted(prerequisites.get(pk, ()))),
        )
        for pk, title, track_id, level in live.values_list("pk", "title", "track_id", "level")
    }


def _taken(user) -> tuple[set[int], set[int] | None]:
    """The courses the person took (enrolled, waiting or completed: left out of the plan)
    and those they completed; for organisations' plans, nobody's (None: no prerequisite
    is asked for)."""
    if not user or not user.is_authenticated:
        return set(), None
    taken = Enrolment.objects.filter(user=user).exclude(
        status=Enrolment.Status.CANCELLED, completed_at__isnull=True
    )
    rows = list(taken.values_list("course_class__course_id", "completed_at"))
    return {course for course, _ in rows}, {course for course, done in rows if done}


def _open_classes(course_ids, now) -> tuple[dict[int, list[tuple[datetime, int]]], datetime | None]:
    """(first start, class id) of the classes taking enrolments with a seat left, per course,
    soonest first; and the first moment one of them stops taking enrolments."""
    rows = (
        Class.objects.filter(
            course_id__in=list(course_ids),
            status=Class.Status.OPEN,
            enrolment_closes_at__gt=now,
        )
        .with_seats()
        .filter(first_starts_at__gte=now, seats_left__gt=0)
        .order_by("first_starts_at", "pk")
        .values_list("course_id", "first_starts_at", "pk", "enrolment_closes_at")
    )
    found, valid_until = {}, None
    for course_id, starts_at, pk, closes_at in rows:
        found.setdefault(course_id, []).append((starts_at, pk))
        ends = min(starts_at, closes_at)
        valid_until = ends if valid_until is None else min(valid_until, ends)
    return found, valid_until


def _classes_to_show(open_classes, per_course: int = 2) -> dict[int, list[Class]]:
    """The soonest classes of each picked course, with their seats left."""
    wanted = [pk for starts in open_classes for _, pk in starts[:per_course]]
    shown = {}
    for class_ in (
        Class.objects.filter(pk__in=wanted).with_seats().order_by("first_starts_at", "pk")
    ):
        shown.setdefault(class_.course_id, []).append(class_)
    return shown


def _reason(pick: Pick, course, standing: Standing, areas: dict[int, str], courses) -> str:
    reason = _why(pick, course, standing, areas)
    if pick.leads_to is not None and pick.leads_to in courses:
        # A prerequisite standing in for the course the risk or the area calls for.
        return _("%(reason)s (Take it before %(course)s.)") % {
            "reason": reason,
            "course": courses[pick.leads_to].title,
        }
    return reason


def _why(pick: Pick, course, standing: Standing, areas: dict[int, str]) -> str:
    """Why, in plain words: what the assessment found, where the area stands."""
    if pick.kind == RISK:
        return _("Your assessment found “%(risk)s”, so we suggest this first.") % {
            "risk": pick.risk
        }
    if pick.kind == STEP:
        stage = standing.stages[pick.area_id]
        facts = {
            "area": areas[pick.area_id],
            "stage": stage,
            "name": standing.stage_names[stage - 1],
        }
        if course is None:  # an action or a service
            text = _("%(area)s stands at stage %(stage)s, %(name)s: this step leads further.")
        else:
            text = _(
                "%(area)s stands at stage %(stage)s, %(name)s: this course leads to the next stage."
            )
        return text % facts
    return _("A good first course in %(track)s.") % {
        "track": course.track.name if course and course.track else ""
    }


def _because(pick: Pick, standing: Standing) -> str:
    if pick.kind == RISK and pick.risk in standing.risk_questions:
        return f"risk-{standing.risk_questions[pick.risk]}"
    if pick.kind == STEP:
        return f"area-{pick.area_id}"
    return ""
