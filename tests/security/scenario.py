"""One small school with two of everything, so each role has something of its own and
something of someone else's to be kept out of."""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.test import TestCase
from django.utils import timezone

from certificates.models import CertificateTemplate
from cms.groups import INSTRUCTORS_GROUP, STAFF_GROUP
from enrolment import attendance
from feeds import tokens as feed_tokens
from organisations import services as organisations
from organisations.models import Membership, Organisation, PlanStep, Questionnaire
from outbox.models import OutgoingMail, SentNotice
from school.models import DataDownload
from tests.factories import (
    CapabilityAreaFactory,
    ClassFactory,
    CoursePageFactory,
    EnrolmentFactory,
    LessonPageFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "activist",
    "other_activist",
    "coordinator",
    "other_coordinator",
    "instructor",
    "other_instructor",
    "staff",
)


def _questionnaire(text: str) -> Questionnaire:
    area = CapabilityAreaFactory(name="인프라·보안", slug="security-area")
    questionnaire = Questionnaire(title="단체 IT 역량 진단", live=False)
    options = [
        {"label": label, "score": score, "risk": "", "risk_course": None}
        for label, score in [("아니오", 0), ("예", 100)]
    ]
    questionnaire.questions = [
        ("question", {"area": area, "text": text, "help_text": text, "options": options})
    ]
    questionnaire.save()
    questionnaire.save_revision().publish()
    return questionnaire


def _complete(enrolment, actor):
    """Mark every session present; the certificate is issued and its PDF rendered."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for session in enrolment.course_class.sessions.all():
            attendance.mark(session, enrolment, "present", actor=actor)
    enrolment.refresh_from_db()
    return enrolment.certificate


def build(**names) -> SimpleNamespace:
    """Build the school; `names` overrides what people and things are called (XSS tests)."""
    s = SimpleNamespace()
    people = {role: UserFactory(username=role, name=names.get(role, role)) for role in ROLES[1:]}
    vars(s).update(people)
    s.staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    for role in ("instructor", "other_instructor"):
        people[role].groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))

    s.questionnaire = _questionnaire(names.get("question", "백업하나요?"))
    s.organisation = organisations.register(
        s.coordinator,
        Organisation(
            name=names.get("organisation", "마포 청소년 인권 모임"),
            region=names.get("region", "서울"),
            website=names.get("website", "https://mapo.example.org"),
        ),
    )
    s.other_organisation = organisations.register(
        s.other_coordinator, Organisation(name="강원 기후 행동 네트워크")
    )
    s.membership = Membership.objects.create(organisation=s.organisation, user=s.activist)
    Membership.objects.create(organisation=s.other_organisation, user=s.other_activist)
    s.join_request = organisations.ask_to_join(
        s.organisation, s.other_activist, names.get("join_message", "함께하고 싶어요")
    )
    s.assessment = organisations.start_assessment(s.organisation, actor=s.coordinator)
    organisations.start_assessment(s.other_organisation, actor=s.other_coordinator)
    s.step = PlanStep.objects.create(
        kind=PlanStep.Kind.ACTION,
        title=names.get("step", "업무 계정에 2단계 인증 켜기"),
        summary=names.get("step_summary", "비밀번호가 새어도 계정을 지킵니다."),
    )

    # Published as an editor would, so the admin's revision views have one to show.
    s.course = CoursePageFactory(
        title="개인정보보호법 기초", slug="privacy-basics", instructors=[s.instructor], publish=True
    )
    s.other_course = CoursePageFactory(
        title="저작권과 오픈 라이선스", slug="open-licences", instructors=[s.other_instructor]
    )
    s.lesson = LessonPageFactory(course=s.course, slug="consent", **names.get("lesson", {}))
    LessonPageFactory(course=s.other_course, slug="ccl")
    s.class_ = ClassFactory(
        course=s.course,
        title=names.get("class_title", "2027 봄 1기"),
        note=names.get("class_note", ""),
        place=names.get("place", "공동체IT 교육장"),
        sessions=2,
    )
    s.other_class = ClassFactory(course=s.other_course, title="2027 봄 1기", sessions=2)
    s.session = s.class_.sessions.order_by("starts_at").first()
    if "topic" in names:
        s.class_.sessions.update(topic=names["topic"])
    s.enrolment = EnrolmentFactory(course_class=s.class_, user=s.activist)
    EnrolmentFactory(course_class=s.other_class, user=s.other_activist)
    s.template = CertificateTemplate.objects.create(
        name="기본 수료증", is_default=True, signatory_name="정대표", signatory_title="이사장"
    )
    # The course is all its track asks for: completing it gives a track certificate too.
    s.course.track.required_courses.set([s.course])
    s.certificate = _complete(s.enrolment, s.instructor)
    s.track_certificate = s.activist.track_certificates.get()
    s.notice = SentNotice.objects.create(
        user=s.activist, kind="join-decided", key="scenario", title="가입 승인", on_site=True
    )
    s.feed_token = feed_tokens.regenerate(s.activist)
    s.data_download = DataDownload.objects.create(
        user=s.activist,
        rows=1,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    s.data_download.archive.save("scenario.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    s.mail = OutgoingMail.from_message(EmailMessage("수강 확정", "본문", to=[s.activist.email]))
    s.mail.save()
    return s
