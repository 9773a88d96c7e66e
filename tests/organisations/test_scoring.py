"""Scoring: area scores, stages on the ladder, the grade, disagreements and risk flags."""

import pytest

from organisations.scoring import Option, Question, score, stage_for

LADDER = ["시작", "기초", "활용", "선도"]
AREAS = [(1, "인프라·보안"), (2, "데이터·회계·행정"), (3, "빈 영역")]
QUESTIONS = [
    Question(
        "a",
        1,
        "백업",
        (Option("없음", 0, risk="백업이 없음", risk_course_id=7), Option("매주", 100)),
    ),
    Question("b", 1, "비밀번호", (Option("공유", 0), Option("각자", 100))),
    Question("c", 2, "회계", (Option("종이", 20), Option("프로그램", 90))),
]


@pytest.mark.parametrize(
    ("score_", "stages", "stage"),
    [
        (0, 4, 1),
        (24, 4, 1),
        (25, 4, 2),
        (49.9, 4, 2),
        (50, 4, 3),
        (75, 4, 4),
        (100, 4, 4),
        (33, 3, 1),
        (34, 3, 2),
        (100, 3, 3),
        (50, 5, 3),
    ],
)
def test_the_ladder_cuts_0_to_100_into_equal_bands(score_, stages, stage):
    assert stage_for(score_, stages) == stage


def test_one_respondent():
    result = score(QUESTIONS, [{"a": 1, "b": 0, "c": 0}], AREAS, LADDER, 40)
    assert [(a["name"], a["score"], a["stage"]) for a in result["areas"]] == [
        ("인프라·보안", 50, 3),
        ("데이터·회계·행정", 20, 1),
    ]  # an area without questions is left out
    assert (result["score"], result["grade"]) == (35, 2)
    assert result["risks"] == [] and result["disagreements"] == []


def test_several_respondents_are_averaged_and_strong_disagreement_is_pointed_out():
    responses = [{"a": 1, "b": 1, "c": 0}, {"a": 0, "b": 0, "c": 0}]
    result = score(QUESTIONS, responses, AREAS, LADDER, 40)
    infra, data = result["areas"]
    assert (infra["score"], infra["spread"], data["spread"]) == (50, 100, 0)
    assert result["disagreements"] == [1]
    assert result["respondents"] == 2


def test_a_risk_answer_from_any_respondent_is_flagged_once_with_its_course():
    responses = [{"a": 0, "b": 1, "c": 1}, {"a": 0, "b": 1, "c": 1}]
    result = score(QUESTIONS, responses, AREAS, LADDER, 40)
    assert result["risks"] == [
        {"question": "a", "area_id": 1, "risk": "백업이 없음", "course_id": 7, "step_id": None}
    ]
