"""The sector view: where the member organisations stand together, per area, question and
risk flag, now and at earlier moments, so the school plans courses and the cooperative its
services from the whole sector rather than one organisation at a time.

Each organisation counts once per moment, by its latest assessment scored by then.
Per question, an organisation's stage is its respondents' mean score on that question, on
the ladder the areas use (`scoring.question_stages`).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_date
from organisations import scoring
from organisations.models import Assessment, AssessmentSettings, CapabilityArea

# The moments compared: now and this many days before (about 3, 6 and 12 months).
EARLIER = (91, 182, 365)


@dataclass
class Row:
    name: str
    counts: list[int]  # organisations at stage 1 … n
    total: int = 0

    @property
    def lowest(self) -> int:
        return self.counts[0] if self.counts else 0


@dataclass
class Snapshot:
    when: datetime
    label: str
    organisations: int
    areas: list[Row]
    risks: list[tuple[str, int]]  # (risk flag, organisations carrying it), most common first
    questions: list[Row] = field(default_factory=list)


def snapshot(when: datetime, label: str, *, with_questions: bool = False) -> Snapshot:
    stages = len(AssessmentSettings.load().stages)
    latest = {}
    scored = Assessment.objects.filter(
        status=Assessment.Status.SCORED, scored_at__lte=when
    ).order_by("organisation_id", "-scored_at", "-pk")
    for assessment in scored.select_related("revision").prefetch_related("responses"):
        latest.setdefault(assessment.organisation_id, assessment)
    areas = list(CapabilityArea.objects.order_by("sort_order", "name").values_list("pk", "name"))
    by_area = {pk: Counter() for pk, _name in areas}
    risks = Counter()
    for assessment in latest.values():
        for area in assessment.result["areas"]:
            if area["id"] in by_area:
                by_area[area["id"]][area["stage"]] += 1
        risks.update({risk["risk"] for risk in assessment.result["risks"]})
    shot = Snapshot(
        when=when,
        label=label,
        organisations=len(latest),
        areas=[_row(name, by_area[pk], stages) for pk, name in areas],
        risks=sorted(risks.items(), key=lambda item: (-item[1], item[0])),
    )
    if with_questions:
        shot.questions = _questions(list(latest.values()), stages)
    return shot


def _row(name: str, counter: Counter, stages: int) -> Row:
    counts = [counter.get(stage, 0) for stage in range(1, stages + 1)]
    return Row(name, counts, sum(counts))


def _questions(assessments, stages: int) -> list[Row]:
    """Per question of the questionnaire in use, how many organisations stand at each stage."""
    revisions, counters, names = {}, {}, {}
    for assessment in assessments:
        if assessment.revision_id not in revisions:
            revisions[assessment.revision_id] = scoring.questions_of(assessment.questionnaire())
        questions = revisions[assessment.revision_id]
        responses = [r.answers for r in assessment.responses.all() if r.submitted_at is not None]
        for question_id, stage in scoring.question_stages(questions, responses, stages).items():
            counters.setdefault(question_id, Counter())[stage] += 1
        for question in questions:
            names.setdefault(question.id, question.text)
    return [_row(names[qid], counter, stages) for qid, counter in counters.items()]


def sector(now: datetime) -> list[Snapshot]:
    """Now (with every question) and the earlier moments, newest first."""
    shots = [snapshot(now, _("Now"), with_questions=True)]
    for days in EARLIER:
        when = now - timedelta(days=days)
        shots.append(snapshot(when, format_date(when)))
    return shots


def areas_over_time(shots: list[Snapshot]) -> list[tuple[str, list[tuple]]]:
    """Each area with (moment, its row then), oldest first."""
    return [
        (row.name, [(shot, shot.areas[i]) for shot in reversed(shots)])
        for i, row in enumerate(shots[0].areas)
    ]


def risks_over_time(shots: list[Snapshot]) -> list[tuple[str, list[tuple]]]:
    """Each risk flag seen at any moment, with (moment, organisations carrying it), oldest
    first."""
    names = sorted({risk for shot in shots for risk, _count in shot.risks})
    return [
        (name, [(shot, dict(shot.risks).get(name, 0)) for shot in reversed(shots)])
        for name in names
    ]


def as_table(shots: list[Snapshot], stage_names: list[str]) -> list[list]:
    """Every figure of the view, one row each, for CSV and XLSX."""
    stages = [f"{n}. {name}" for n, name in enumerate(stage_names, start=1)]
    table = [[_("As of"), _("Kind"), _("Name"), *stages, _("Organisations")]]
    for shot in shots:
        as_of = timezone.localdate(shot.when).isoformat()
        table += [[as_of, _("Area"), row.name, *row.counts, row.total] for row in shot.areas]
        table += [
            [as_of, _("Question"), row.name, *row.counts, row.total] for row in shot.questions
        ]
        blank = [""] * len(stages)
        table += [[as_of, _("Risk flag"), risk, *blank, count] for risk, count in shot.risks]
    return table
