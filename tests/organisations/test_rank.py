"""The recommendation ranking, table by table, on plain facts."""

from datetime import datetime

import pytest

from organisations.recommendations import ENTRY, RISK, STEP, CourseFacts, Pick, rank

INFRA, DATA, LAW = 1, 2, 3
SOON, LATER = datetime(2027, 3, 10), datetime(2027, 5, 1)

COURSES = [
    CourseFacts(10, "백업 첫걸음", track_id=1, is_entry=True, steps=((INFRA, 1),)),
    CourseFacts(11, "보안 심화", track_id=1, is_entry=False, steps=((INFRA, 2),)),
    CourseFacts(12, "클라우드 운영", track_id=1, is_entry=False, steps=((INFRA, 2),)),
    CourseFacts(20, "스프레드시트 회계", track_id=2, is_entry=True, steps=((DATA, 1),)),
    CourseFacts(21, "데이터 시각화", track_id=2, is_entry=False, steps=((DATA, 2),)),
    CourseFacts(30, "개인정보보호법 기초", track_id=3, is_entry=True, steps=((LAW, 1),)),
    CourseFacts(31, "비영리 법무", track_id=3, is_entry=True, steps=()),
]


@pytest.mark.parametrize(
    ("case", "stages", "risks", "left_out", "soonest", "expected"),
    [
        (
            "each weak area gets the course that starts from its stage, weakest first",
            {INFRA: 2, DATA: 1, LAW: 4},
            [],
            set(),
            {},
            [Pick(20, STEP, DATA), Pick(11, STEP, INFRA)],
        ),
        (
            "an area at the top stage needs nothing",
            {INFRA: 4, DATA: 4, LAW: 4},
            [],
            set(),
            {},
            [],
        ),
        (
            "equal stages keep the areas' display order",
            {LAW: 1, INFRA: 1, DATA: 3},
            [],
            set(),
            {},
            [Pick(30, STEP, LAW), Pick(10, STEP, INFRA)],
        ),
        (
            "a class open soon beats the title order",
            {INFRA: 2},
            [],
            set(),
            {12: SOON, 11: LATER},
            [Pick(12, STEP, INFRA)],
        ),
        (
            "a course with a class beats one without",
            {INFRA: 2},
            [],
            set(),
            {12: LATER},
            [Pick(12, STEP, INFRA)],
        ),
        (
            "what the person took is left out, the next candidate steps in",
            {INFRA: 2},
            [],
            {11},
            {},
            [Pick(12, STEP, INFRA)],
        ),
        (
            "nothing left to take in an area: no pick for it",
            {INFRA: 2, DATA: 1},
            [],
            {11, 12},
            {},
            [Pick(20, STEP, DATA)],
        ),
        (
            "risk flags put their short course first, once",
            {INFRA: 1, DATA: 1},
            [("백업이 없음", 10), ("백업이 없음", 10)],
            set(),
            {},
            [Pick(10, RISK, risk="백업이 없음"), Pick(20, STEP, DATA)],
        ),
        (
            "without an assessment: the entry course of each track, soonest first",
            {},
            [],
            set(),
            {30: SOON},
            [Pick(30, ENTRY), Pick(10, ENTRY), Pick(20, ENTRY)],
        ),
        (
            "entry courses already taken make way for the track's next entry course",
            {},
            [],
            {30},
            {},
            [Pick(10, ENTRY), Pick(31, ENTRY), Pick(20, ENTRY)],  # by title: 백, 비, 스
        ),
    ],
)
def test_rank(case, stages, risks, left_out, soonest, expected):
    assert rank(COURSES, stages, 4, risks, left_out, soonest) == expected, case


def test_the_same_facts_always_give_the_same_plan():
    args = (COURSES, {INFRA: 2, DATA: 2}, 4, [], set(), {11: SOON, 12: SOON})
    assert rank(*args) == rank(*reversed_courses(args))


def reversed_courses(args):
    return (list(reversed(args[0])), *args[1:])


# 13 asks for 10 first; 14 asks for 13 (and so, through it, for 10).
WITH_PREREQUISITES = [
    *COURSES,
    CourseFacts(
        13, "백업과 복구 실천", track_id=1, is_entry=False, steps=((INFRA, 3),), prerequisites=(10,)
    ),
    CourseFacts(
        14, "재해 복구 계획", track_id=1, is_entry=False, steps=((DATA, 3),), prerequisites=(13,)
    ),
]


@pytest.mark.parametrize(
    ("case", "stages", "risks", "left_out", "completed", "expected"),
    [
        (
            "a course whose prerequisite the person has not completed makes way for it",
            {INFRA: 3},
            [],
            set(),
            set(),
            [Pick(10, STEP, INFRA, leads_to=13)],
        ),
        (
            "once the prerequisite is completed, the course itself",
            {INFRA: 3},
            [],
            {10},
            {10},
            [Pick(13, STEP, INFRA)],
        ),
        (
            "prerequisites are followed down to the first one that can be taken now",
            {DATA: 3},
            [],
            set(),
            set(),
            [Pick(10, STEP, DATA, leads_to=14)],
        ),
        (
            "being enrolled in the prerequisite is not having completed it: nothing yet",
            {INFRA: 3},
            [],
            {10},
            set(),
            [],
        ),
        (
            "a risk's course waits behind its prerequisite too",
            {INFRA: 4},
            [("복구 연습 없음", 13)],
            set(),
            set(),
            [Pick(10, RISK, risk="복구 연습 없음", leads_to=13)],
        ),
    ],
)
def test_rank_offers_one_feasible_step(case, stages, risks, left_out, completed, expected):
    assert rank(WITH_PREREQUISITES, stages, 4, risks, left_out, {}, completed) == expected, case


def test_an_organisations_plan_asks_for_no_prerequisite():
    """Without a person (a coordinator's view of the organisation) nobody's record counts."""
    assert rank(WITH_PREREQUISITES, {INFRA: 3}, 4, [], set(), {}) == [Pick(13, STEP, INFRA)]
