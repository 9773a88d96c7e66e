import pytest
from django.test import TestCase

from organisations import services
from organisations.models import Membership, Organisation, Questionnaire
from tests.factories import CapabilityAreaFactory, CoursePageFactory, UserFactory

AREAS = ["인프라·보안", "협업·소통 도구", "데이터·회계·행정"]


def option(label, score, risk="", course=None):
    return {"label": label, "score": score, "risk": risk, "risk_course": course}


@pytest.fixture
def areas(db):
    return [
        CapabilityAreaFactory(name=name, slug=f"area-{n}", sort_order=n)
        for n, name in enumerate(AREAS)
    ]


@pytest.fixture
def questionnaire(areas):
    """Two questions on infrastructure (one with a risk flag), one on each other area."""
    infra, collab, data = areas
    q = Questionnaire(title="단체 IT 역량 진단", live=False)
    q.questions = [
        (
            "question",
            {
                "area": infra,
                "text": "정기적으로 백업하나요?",
                "help_text": "",
                "options": [option("백업하지 않음", 0, risk="백업이 없음"), option("매주", 100)],
            },
        ),
        (
            "question",
            {
                "area": infra,
                "text": "계정 비밀번호를 공유하나요?",
                "help_text": "",
                "options": [option("공유함", 0), option("각자 사용", 100)],
            },
        ),
        (
            "question",
            {
                "area": collab,
                "text": "공유 문서 도구를 쓰나요?",
                "help_text": "",
                "options": [option("아니오", 10), option("일부", 60), option("모두", 100)],
            },
        ),
        (
            "question",
            {
                "area": data,
                "text": "회계를 어떻게 관리하나요?",
                "help_text": "",
                "options": [
                    option("종이", 20),
                    option("스프레드시트", 55),
                    option("회계 프로그램", 90),
                ],
            },
        ),
    ]
    q.save()
    q.save_revision().publish()
    q.refresh_from_db()
    return q


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", name="한조정")


@pytest.fixture
def member(db):
    return UserFactory(username="member", name="오회원")


@pytest.fixture
def organisation(coordinator, member):
    organisation = services.register(
        coordinator, Organisation(name="마포 청소년 인권 모임", region="서울")
    )
    Membership.objects.create(organisation=organisation, user=member)
    return organisation


@pytest.fixture
def other_coordinator(db):
    user = UserFactory(username="other_coordinator", name="유다른")
    services.register(user, Organisation(name="강원 기후 행동 네트워크"))
    return user


def answers_for(questionnaire, positions):
    """{question id: position} from positions in question order."""
    return {block.id: pos for block, pos in zip(questionnaire.questions, positions, strict=True)}


@pytest.fixture
def courses(areas, course):
    infra, collab, data = areas
    return {
        "backup": CoursePageFactory(title="백업 첫걸음", areas=[infra]),
        "data": CoursePageFactory(title="스프레드시트 회계", areas=[data]),
    }


def assess(coordinator, organisation, questionnaire, positions):
    """Open, answer and close an assessment, each step committed as in its own request."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        assessment = services.start_assessment(organisation, actor=coordinator)
        services.save_answers(
            assessment,
            actor=coordinator,
            answers=answers_for(questionnaire, positions),
            submit=True,
        )
        return services.score_assessment(assessment, actor=coordinator)
