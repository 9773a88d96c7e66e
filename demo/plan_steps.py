"""Demo actions and services of the cooperative, in the plans beside courses: each risky
answer of the questionnaire calls for an action, each area has a next action or service,
and the IT maintenance packages come in three tiers by stage (기본 / 표준 / 권장).
마포 청소년 인권 모임 said it turned on two-step sign-in, and asked about maintenance."""

from datetime import timedelta

from django.utils import timezone

from organisations.models import (
    CapabilityArea,
    CheckUp,
    CheckUpConfirmation,
    CheckUpFinding,
    Organisation,
    PlanStep,
    PlanStepCapability,
    Questionnaire,
    ServiceRequest,
    StepDone,
)

ACTION, SERVICE = PlanStep.Kind.ACTION, PlanStep.Kind.SERVICE

# (kind, title, summary, body, [(area slug, from stage)])
STEPS = [
    (
        ACTION,
        "백업 규칙 한 장으로 정하기",
        "무엇을, 어디에, 얼마나 자주 백업할지 한 장에 적고 담당자를 정합니다.",
        "1. 잃으면 안 되는 자료를 적습니다: 회원 명단, 회계, 사업 문서.\n"
        "2. 3-2-1 원칙: 복사본 3개, 저장 매체 2종류, 1개는 사무실 밖에.\n"
        "3. 담당자와 요일을 정하고, 한 달에 한 번 복구해 봅니다.\n\n"
        "과정 ‘백업과 복구 실천’에서 자세히 배웁니다.",
        [],
    ),
    (
        ACTION,
        "업무 계정에 2단계 인증 켜기",
        "메일·드라이브 같은 업무 계정에 2단계 인증을 켜서, 비밀번호가 새도 계정을 지킵니다.",
        "1. 단체 메일과 클라우드 드라이브의 보안 설정에서 ‘2단계 인증’을 켭니다.\n"
        "2. 함께 쓰던 비밀번호는 사람마다 따로 만듭니다.\n"
        "3. 복구 코드를 인쇄해 잠긴 서랍에 둡니다.",
        [("infra-security", 1)],
    ),
    (
        ACTION,
        "개인정보 처리방침 게시하기",
        "표준 양식으로 처리방침을 만들어 누리집과 가입 양식에 걸어 둡니다.",
        "개인정보보호위원회의 작성 지원 도구로 초안을 만들고, 단체가 실제로 모으는 항목과 "
        "보관 기간을 적습니다. 게시한 날을 기록해 두세요.",
        [("law-privacy", 1)],
    ),
    (
        ACTION,
        "공유 드라이브에 단체 폴더 만들기",
        "메일 첨부 대신 공유 드라이브에 사업별 폴더를 만들고 권한을 정합니다.",
        "폴더 이름 규칙(연도_사업명)과 권한(편집/보기)을 정하고, 다음 회의 자료부터 옮깁니다.",
        [("collaboration", 1)],
    ),
    (
        ACTION,
        "회의 기록을 공유 문서 한 곳에 모으기",
        "회의록과 결정 사항을 한 문서에 쌓아, 빠진 사람도 같은 내용을 보게 합니다.",
        "공유 문서 하나를 만들고, 회의마다 날짜 제목 아래 결정·할 일·담당을 적습니다.",
        [("collaboration", 2)],
    ),
    (
        ACTION,
        "사업마다 일정과 역할을 한 장에 정하기",
        "사업을 시작할 때 일정표와 역할 분담을 한 장에 적어 모두와 나눕니다.",
        "목표, 주요 일정, 맡은 사람, 점검 날짜를 적고 공유 드라이브에 둡니다. "
        "과정 ‘프로젝트 관리 입문’에서 칸반 보드로 이어 갑니다.",
        [("project-management", 1)],
    ),
    (
        SERVICE,
        "IT 유지관리 기본형",
        "PC와 공유기 점검, 백업 설정, 원격 문의 응대를 월 1회 해 드립니다.",
        "포함: 월 1회 원격 점검, 백업 설정과 확인, 평일 원격 문의.\n\n"
        "상담 요청을 남기시면 담당자가 연락드려 단체에 맞는지 함께 봅니다.",
        [("infra-security", 1)],
    ),
    (
        SERVICE,
        "IT 유지관리 표준형",
        "기본형에 분기별 방문 점검과 계정·권한 정리를 더합니다.",
        "포함: 기본형 전부, 분기 1회 방문 점검, 업무 계정과 권한 정리, 장애 시 방문.",
        [("infra-security", 2)],
    ),
    (
        SERVICE,
        "IT 유지관리 권장형",
        "표준형에 보안 점검과 연간 IT 계획 수립을 더합니다.",
        "포함: 표준형 전부, 반기 보안 점검, 연간 IT 예산과 계획을 함께 세웁니다.",
        [("infra-security", 3)],
    ),
    (
        SERVICE,
        "웹 제작 지원",
        "단체 누리집을 새로 만들거나 고쳐, 스스로 갱신할 수 있게 넘겨 드립니다.",
        "기획 회의, 제작, 운영 교육까지 함께합니다. 접근성 점검을 포함합니다.",
        [("web-outreach", 1)],
    ),
    (
        SERVICE,
        "IT 운영 지원: 종이·엑셀 업무를 웹으로",
        "종이 장부와 흩어진 엑셀 파일을 공유 양식과 웹 도구로 옮기도록 돕습니다.",
        "회계 입문자를 위한 스프레드시트 양식, 회원 명단 정리, 신청서를 웹 양식으로.",
        [("data-admin", 1)],
    ),
    (
        SERVICE,
        "현장 컨설팅",
        "활동가가 단체에 찾아가 일하는 방식을 함께 보고 다음 걸음을 정합니다.",
        "반나절 방문: 사업 관리 방식, 도구, 역할을 함께 살피고 실행 계획을 남깁니다.",
        [("project-management", 1)],
    ),
]

# The risk flags of the demo questionnaire and the action each calls for.
RISK_STEPS = {
    "백업이 없음": "백업 규칙 한 장으로 정하기",
    "공용 비밀번호 사용": "업무 계정에 2단계 인증 켜기",
    "개인정보 처리방침 없음": "개인정보 처리방침 게시하기",
}


def load_plan_steps(areas: dict) -> dict[str, PlanStep]:
    """Create the steps that do not exist yet; return every one by title."""
    steps = {}
    for order, (kind, title, summary, body, builds) in enumerate(STEPS):
        step, created = PlanStep.objects.get_or_create(
            title=title, defaults={"kind": kind, "summary": summary, "body": body}
        )
        if created:
            step.sort_order = order
            step.save(update_fields=["sort_order"])
            for slug, stage in builds:
                PlanStepCapability.objects.create(step=step, area=areas[slug], from_stage=stage)
        steps[title] = step
    return steps


def load_plan_history(steps: dict[str, PlanStep], users: dict, staff) -> None:
    """마포's coordinator turned on two-step sign-in ten days ago and asked about the
    maintenance package; staff took the request on."""
    mapo = Organisation.objects.get(name="마포 청소년 인권 모임")
    coordinator = users["activist1"]
    StepDone.objects.get_or_create(
        organisation=mapo,
        step=steps["업무 계정에 2단계 인증 켜기"],
        defaults={"done_on": timezone.localdate() - timedelta(days=10), "marked_by": coordinator},
    )
    _checked_up(mapo, staff)
    if not ServiceRequest.objects.filter(organisation=mapo).exists():
        service = steps["IT 유지관리 기본형"]
        ServiceRequest.objects.create(
            organisation=mapo,
            step=service,
            topic=f"step:{service.pk}",
            message="사무실 PC 네 대와 공유기 하나입니다. 백업도 같이 봐 주세요.",
            requested_by=coordinator,
            status=ServiceRequest.Status.IN_PROGRESS,
            handled_by=staff,
            notes="다음 주 화요일 원격 점검 약속.",
        )


def _checked_up(organisation, staff) -> None:
    """Staff visited 마포 two weeks ago, found no backup and confirmed that answer."""
    if organisation.checkups.exists():
        return
    questionnaire = Questionnaire.objects.filter(live=True).first()
    checkup = CheckUp.objects.create(
        organisation=organisation,
        checked_on=timezone.localdate() - timedelta(days=14),
        kind=CheckUp.Kind.ON_SITE,
        checked_by=staff,
        summary="사무실 PC 네 대와 공유기를 함께 살폈습니다.",
    )
    CheckUpFinding.objects.create(
        checkup=checkup,
        area=CapabilityArea.objects.get(slug="infra-security"),
        finding="외장 디스크나 클라우드 백업이 없습니다. 회계 파일이 한 PC에만 있습니다.",
    )
    if questionnaire is not None:
        CheckUpConfirmation.objects.create(
            checkup=checkup, question_id=questionnaire.questions[0].id, note="직접 확인"
        )
