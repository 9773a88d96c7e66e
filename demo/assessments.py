"""A demo questionnaire and assessment history, so each demo login gets a different plan."""

from datetime import timedelta

from django.utils import timezone

from demo.plan_steps import RISK_STEPS
from organisations import services
from organisations.models import (
    Assessment,
    AssessmentResponse,
    CapabilityArea,
    Organisation,
    Questionnaire,
)

SCORES = (0, 35, 70, 100)

# Two questions per area, in the areas' order; answers run from weakest to strongest.
QUESTIONS = {
    "infra-security": [
        (
            "단체 자료를 정기적으로 백업하나요?",
            ["하지 않음", "가끔 손으로", "정기적으로 한 곳에", "자동으로 두 곳 이상"],
            "백업이 없음",
            "백업과-복구-실천",
        ),
        (
            "업무 계정의 비밀번호를 어떻게 관리하나요?",
            [
                "여럿이 같은 비밀번호를 씀",
                "각자 쓰지만 기록 없음",
                "각자 쓰고 2단계 인증 일부",
                "비밀번호 관리자와 2단계 인증",
            ],
            "공용 비밀번호 사용",
            "단체-정보보안-기본-점검",
        ),
    ],
    "collaboration": [
        (
            "문서를 함께 쓰는 방법은?",
            [
                "메일 첨부",
                "메신저로 파일 전달",
                "공유 드라이브 일부 사용",
                "공유 드라이브와 권한 관리",
            ],
            "",
            "",
        ),
        (
            "온라인 회의는 어떻게 하나요?",
            [
                "하지 않음",
                "개인 계정으로 그때그때",
                "단체 계정으로 정기적으로",
                "기록과 공유까지 정해진 방식",
            ],
            "",
            "",
        ),
    ],
    "web-outreach": [
        (
            "단체 누리집은 어떤 상태인가요?",
            ["없음", "있지만 오래됨", "분기마다 갱신", "정기 갱신과 접근성 점검"],
            "",
            "",
        ),
        (
            "소셜미디어 홍보 계획이 있나요?",
            ["없음", "그때그때 올림", "월간 계획", "목표와 성과 측정까지"],
            "",
            "",
        ),
    ],
    "data-admin": [
        (
            "회계 장부는 어떻게 쓰나요?",
            [
                "종이 장부",
                "개인 스프레드시트",
                "공유 스프레드시트 양식",
                "회계 프로그램과 증빙 관리",
            ],
            "",
            "",
        ),
        (
            "회원·후원자 명단은 어디에 있나요?",
            [
                "여러 파일에 흩어짐",
                "한 파일에 모음",
                "공유 명단과 관리 규칙",
                "데이터베이스와 접근 권한",
            ],
            "",
            "",
        ),
    ],
    "project-management": [
        (
            "사업 일정과 역할을 어떻게 정하나요?",
            ["정하지 않음", "회의록에만", "공유 일정표", "칸반 보드와 정기 점검"],
            "",
            "",
        ),
        (
            "사업이 끝나면 돌아보나요?",
            ["하지 않음", "가끔 말로", "회고 문서", "회고와 다음 계획 반영"],
            "",
            "",
        ),
    ],
    "law-privacy": [
        (
            "개인정보 처리방침이 있나요?",
            ["없음", "양식만 있음", "있고 게시함", "정기적으로 점검"],
            "개인정보 처리방침 없음",
            "개인정보보호법-기초",
        ),
        (
            "개인정보 수집 동의를 어떻게 받나요?",
            ["받지 않음", "말로", "서면 동의", "항목별 동의와 파기 기록"],
            "",
            "",
        ),
    ],
}

# (organisation, months ago, respondent username, answer positions in question order)
HISTORY = [
    ("마포 청소년 인권 모임", 13, "activist1", [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1]),
    ("마포 청소년 인권 모임", 1, "activist1", [1, 2, 2, 2, 1, 1, 0, 1, 2, 1, 1, 1]),
    ("마포 청소년 인권 모임", 1, "activist3", [0, 0, 3, 2, 1, 2, 0, 0, 2, 2, 1, 1]),
    ("강원 기후 행동 네트워크", 2, "activist2", [2, 3, 1, 1, 3, 2, 1, 2, 1, 0, 2, 2]),
]


def _option(label, score, risk="", course=None, step=None):
    return {"label": label, "score": score, "risk": risk, "risk_course": course, "risk_step": step}


def load_assessments(courses, users, steps=None) -> int:
    """Publish the questionnaire and score the history; nothing twice."""
    if Questionnaire.objects.exists():
        return 0
    areas = {a.slug: a for a in CapabilityArea.objects.all()}
    questionnaire = Questionnaire(title="단체 IT 역량 진단 2026", live=False)
    questionnaire.introduction = "단체의 IT 역량을 여섯 영역에서 살펴봅니다. 정답은 없습니다."
    questionnaire.questions = [
        (
            "question",
            {
                "area": areas[slug],
                "text": text,
                "help_text": "",
                "options": [
                    _option(
                        label,
                        score,
                        risk if score == 0 else "",
                        courses.get(course) if score == 0 else None,
                        (steps or {}).get(RISK_STEPS.get(risk)) if score == 0 else None,
                    )
                    for label, score in zip(labels, SCORES, strict=True)
                ],
            },
        )
        for slug, asked in QUESTIONS.items()
        for text, labels, risk, course in asked
    ]
    questionnaire.save()
    questionnaire.save_revision().publish()
    questionnaire.refresh_from_db()
    ids = [block.id for block in questionnaire.questions]
    now = timezone.now()
    open_ones = {}
    for name, months_ago, username, positions in HISTORY:
        key = (name, months_ago)
        organisation = Organisation.objects.get(name=name)
        when = now - timedelta(days=30 * months_ago)
        assessment = open_ones.get(key) or Assessment.objects.create(
            organisation=organisation,
            revision=questionnaire.live_revision,
            started_by=users[username],
        )
        open_ones[key] = assessment
        AssessmentResponse.objects.create(
            assessment=assessment,
            respondent=users[username],
            answers=dict(zip(ids, positions, strict=True)),
            submitted_at=when,
        )
    for (_name, months_ago), assessment in open_ones.items():
        when = now - timedelta(days=30 * months_ago)
        services.freeze_result(assessment, when)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=when)
    return len(open_ones)
