"""From answers to area scores, stages and a grade: the assessment's rules, in one place.

Each answer option carries a score from 0 to 100. An area's score is the mean of its
questions' scores for one respondent, then the mean over respondents. The ladder of n
stages cuts 0–100 into n equal bands; the overall grade is the stage of the mean area score.
"""

import math
from dataclasses import dataclass
from statistics import mean


@dataclass(frozen=True)
class Option:
    label: str
    score: int
    risk: str = ""
    risk_course_id: int | None = None
    risk_step_id: int | None = None


@dataclass(frozen=True)
class Question:
    id: str
    area_id: int
    text: str
    options: tuple[Option, ...]
    help_text: str = ""


def questions_of(questionnaire) -> list[Question]:
    """The questionnaire's questions as plain values, in order."""
    questions = []
    for block in questionnaire.questions:
        value = block.value
        options = tuple(
            Option(
                label=o["label"],
                score=o["score"],
                risk=o["risk"] or "",
                risk_course_id=o["risk_course"].pk if o["risk_course"] else None,
                risk_step_id=o["risk_step"].pk if o.get("risk_step") else None,
            )
            for o in value["options"]
        )
        questions.append(
            Question(
                id=block.id,
                area_id=value["area"].pk,
                text=value["text"],
                options=options,
                help_text=value["help_text"] or "",
            )
        )
    return questions


def stage_for(score: float, stages: int) -> int:
    """1 for the lowest band of 0–100, `stages` for the highest."""
    return min(stages, 1 + math.floor(score * stages / 100))


def unanswered(questions: list[Question], answers: dict) -> list[Question]:
    return [q for q in questions if _chosen(q, answers) is None]


def answered_count(questions: list[Question], answers: dict) -> int:
    """How many of the questions have one of their own answers chosen."""
    return len(questions) - len(unanswered(questions, answers))


def _chosen(question: Question, answers: dict) -> Option | None:
    position = answers.get(question.id)
    if isinstance(position, int) and 0 <= position < len(question.options):
        return question.options[position]
    return None


def question_stages(questions: list[Question], responses: list[dict], stages: int) -> dict:
    """{question id: stage} of one assessment: each question's chosen scores, averaged over
    the respondents who answered it, on the same ladder as the areas."""
    found = {}
    for question in questions:
        chosen = [_chosen(question, answers) for answers in responses]
        scores = [option.score for option in chosen if option is not None]
        if scores:
            found[question.id] = stage_for(round(mean(scores)), stages)
    return found


def score(
    questions: list[Question],
    responses: list[dict],
    areas: list[tuple[int, str]],
    stage_names: list[str],
    disagreement_points: int,
) -> dict:
    """The frozen result of an assessment from every respondent's complete answers.

    `areas` is (id, name) in display order; areas with no question are left out.
    """
    n = len(stage_names)
    result_areas = []
    for area_id, name in areas:
        asked = [q for q in questions if q.area_id == area_id]
        if not asked:
            continue
        per_respondent = [mean(_chosen(q, answers).score for q in asked) for answers in responses]
        area_score = round(mean(per_respondent))
        result_areas.append(
            {
                "id": area_id,
                "name": name,
                "score": area_score,
                "stage": stage_for(area_score, n),
                "spread": round(max(per_respondent) - min(per_respondent)),
            }
        )
    overall = mean(a["score"] for a in result_areas) if result_areas else 0
    risks = []
    for question in questions:
        for answers in responses:
            option = _chosen(question, answers)
            if option.risk and not any(r["question"] == question.id for r in risks):
                risks.append(
                    {
                        "question": question.id,
                        "area_id": question.area_id,
                        "risk": option.risk,
                        "course_id": option.risk_course_id,
                        "step_id": option.risk_step_id,
                    }
                )
    return {
        "stage_names": stage_names,
        "areas": result_areas,
        "score": round(overall),
        "grade": stage_for(overall, n),
        "risks": risks,
        "disagreements": [
            a["id"]
            for a in result_areas
            if len(responses) > 1 and a["spread"] >= disagreement_points
        ],
        "respondents": len(responses),
    }
