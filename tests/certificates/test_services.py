from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from certificates import services
from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from enrolment import attendance
from enrolment.models import Enrolment
from tests.certificates.conftest import complete
from tests.factories import NOW, ClassFactory, EnrolmentFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_completing_a_class_issues_the_certificate_at_once(enrolment, instructor):
    complete(enrolment, instructor)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.holder_name == "김학생"
    assert certificate.course_title == "개인정보보호법 기초"
    assert certificate.class_title == "2027 봄 1기"
    assert certificate.hours == Decimal("4.0")  # two sessions of two hours
    assert certificate.pdf  # rendered by the task once the mark committed
    assert [e.action for e in certificate.events.all()] == [CertificateEvent.Action.ISSUED]


def test_no_certificate_before_completion(enrolment, instructor):
    first = enrolment.course_class.sessions.first()
    attendance.mark(first, enrolment, "present", actor=instructor)
    assert not Certificate.objects.exists()


def test_a_rolled_back_completion_leaves_no_certificate(enrolment, instructor):
    with pytest.raises(RuntimeError), transaction.atomic():
        complete(enrolment, instructor)
        raise RuntimeError
    assert not Certificate.objects.exists()


def test_certificate_keeps_its_facts_when_the_course_and_person_change(certificate, course):
    course.title = "바뀐 과정 이름"
    course.save_revision().publish()
    certificate.enrolment.user.name = "바뀐이름"
    certificate.enrolment.user.save()
    certificate.refresh_from_db()
    assert certificate.course_title == "개인정보보호법 기초"
    assert certificate.holder_name == "김학생"


def test_issuing_again_keeps_the_number_and_the_date(certificate, staff):
    again = services.issue_certificate(certificate.enrolment, actor=staff, now=NOW)
    assert (again.pk, again.code, again.issued_at) == (
        certificate.pk,
        certificate.code,
        certificate.issued_at,
    )
    assert Certificate.objects.count() == 1


def test_applying_a_new_template_keeps_number_date_and_facts(
    certificate, staff, course, django_capture_on_commit_callbacks
):
    template = CertificateTemplate.objects.create(
        name="새 양식", signatory_name="홍길동", signatory_title="교장", statement="{name}님 수료"
    )
    template.courses.add(course)
    old_pdf = certificate.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        again = services.apply_template_again(certificate, actor=staff, reason="양식 변경")
    assert (again.code, again.issued_at, again.holder_name) == (
        certificate.code,
        certificate.issued_at,
        certificate.holder_name,
    )
    assert again.statement == "김학생님 수료" and again.template_version == template.version
    again.refresh_from_db()
    assert again.pdf.name != old_pdf
    assert again.events.last().action == CertificateEvent.Action.REISSUED


def test_staff_issue_for_a_class_covers_everyone_who_completed(class_, staff, instructor):
    done = [EnrolmentFactory(course_class=class_) for _ in range(2)]
    # Completed before certificates existed: no signal, no certificate yet.
    Enrolment.objects.filter(pk__in=[e.pk for e in done]).update(completed_at=NOW)
    EnrolmentFactory(course_class=class_)  # not completed: no certificate
    issued, refusals = services.issue_for_class(class_, actor=staff)
    assert len(issued) == 2 and refusals == []
    assert Certificate.objects.count() == 2


def test_staff_cannot_issue_to_someone_who_has_not_completed(enrolment, staff):
    with pytest.raises(services.CertificateError):
        services.issue_certificate(enrolment, actor=staff)


def test_a_name_the_font_cannot_print_is_refused_clearly(class_, instructor, staff):
    enrolment = EnrolmentFactory(course_class=class_, user=UserFactory(name="Zoë 🙂"))
    complete(enrolment, instructor)  # the mark is kept even though no certificate is issued
    assert enrolment.completed_at is not None and not Certificate.objects.exists()
    with pytest.raises(services.CertificateError, match="ë 🙂"):
        services.issue_certificate(enrolment, actor=staff)


def test_revoking_records_who_when_and_why(certificate, staff):
    services.revoke(certificate, actor=staff, reason="출석 기록 오류", now=NOW)
    certificate.refresh_from_db()
    assert certificate.revoked_at == NOW and certificate.revocation_reason == "출석 기록 오류"
    event = certificate.events.last()
    assert (event.action, event.actor, event.reason) == ("revoked", staff, "출석 기록 오류")
    assert not Certificate.objects.valid().exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_needs_a_reason(certificate, staff, reason):
    with pytest.raises(services.CertificateError):
        services.revoke(certificate, actor=staff, reason=reason)
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_revoked_certificate_is_not_issued_again(certificate, staff):
    services.revoke(certificate, actor=staff, reason="오류")
    with pytest.raises(services.CertificateError):
        services.apply_template_again(certificate, actor=staff)


@pytest.mark.parametrize("holder", ["course", "track", "default", "none"])
def test_template_choice_course_then_track_then_default(course, holder):
    chosen = None
    for name in ["course", "track", "default"]:
        template = CertificateTemplate.objects.create(
            name=name, signatory_name="가", signatory_title="나", is_default=name == "default"
        )
        if name == "course":
            template.courses.add(course)
        if name == "track":
            template.tracks.add(course.track)
        chosen = chosen or (template if name == holder else None)
    if holder != "course":
        CertificateTemplate.objects.filter(
            name__in=["course", "track", "default"][
                : ["course", "track", "default", "none"].index(holder)
            ]
        ).delete()
    if holder == "none":
        CertificateTemplate.objects.all().delete()
        assert services.template_for(course).pk is None
    else:
        assert services.template_for(course) == chosen


def test_template_of_another_track_is_not_used(course):
    other = CertificateTemplate.objects.create(name="x", signatory_name="가", signatory_title="나")
    other.tracks.add(TrackFactory())
    assert services.template_for(course).pk is None


def test_each_template_save_is_a_new_version():
    template = CertificateTemplate.objects.create(
        name="x", signatory_name="가", signatory_title="나"
    )
    template.signatory_name = "다"
    template.save()
    assert template.version == 2


def test_hours_count_late_as_the_rule_does_and_skip_absences(class_, student, instructor):
    class_ = ClassFactory(sessions=3)
    enrolment = EnrolmentFactory(course_class=class_)
    first, second, third = class_.sessions.all()
    third.ends_at = third.starts_at + timedelta(minutes=90)
    third.save()
    attendance.mark(first, enrolment, "present", actor=instructor)
    attendance.mark(second, enrolment, "absent", actor=instructor)
    attendance.mark(third, enrolment, "late", actor=instructor)
    assert services.hours_attended(enrolment) == Decimal("3.5")


def test_statement_placeholders_are_filled_and_nothing_else():
    facts = {
        "holder_name": "김학생",
        "course_title": "과정",
        "track_name": "트랙",
        "class_title": "1기",
        "starts_on": NOW.date(),
        "ends_on": NOW.date(),
        "hours": Decimal("4.0"),
        "issuer": "학교",
    }
    text = services.fill("{name} {course} {hours}시간 {unknown} {name.__class__}", facts)
    assert text == "김학생 과정 4시간 {unknown} {name.__class__}"


def test_hours_leave_out_sessions_over_before_the_seat_was_taken(instructor):
    class_ = ClassFactory(sessions=3)
    enrolment = EnrolmentFactory(course_class=class_)
    first, second, third = class_.sessions.order_by("starts_at")
    for session in (first, second, third):
        attendance.mark(session, enrolment, "present", actor=instructor)
    # The seat came only after the first session was over (say, from the waitlist).
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=first.ends_at + timedelta(hours=1))
    enrolment.refresh_from_db()
    assert services.hours_attended(enrolment) == Decimal("4.0")


def test_the_holder_hears_once_that_their_certificate_is_ready(enrolment, instructor, staff):
    from django.core import mail
    from django.test import TestCase

    from certificates import notices
    from tests.mailbox import delivered

    mail.outbox.clear()
    certificate = complete(enrolment, instructor).certificate
    (message,) = delivered(enrolment.user.email)
    assert "개인정보보호법 기초" in message.subject and "수료증" in message.subject
    assert certificate.display_code in message.body
    assert certificate.verify_url() in message.body and "/certificates/mine/" in message.body
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.issue_certificate(enrolment, actor=staff)  # issued already: changes nothing
        notices.tell_holder.call(certificate.pk)  # a task run again
    assert mail.outbox == []
