"""Closing an account: nothing personal stays on the person, the school's records do."""

import json
import os
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.test import TestCase
from django.utils import timezone

from certificates import credentials
from certificates.models import Certificate
from core.people import ANONYMISED_NAME
from enrolment import attendance, services
from enrolment.models import Attendance, Enrolment, EnrolmentEvent
from feeds import tokens as feed_tokens
from organisations.models import JoinRequest, Membership, MembershipEvent, Organisation
from outbox import delivery
from outbox.models import OutgoingMail
from school import closure
from school.models import AccountClosure, PrivacyConsent, User
from tests.certificates.conftest import TEST_KEY
from tests.factories import NOW, ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
AFTER_THE_CLASS = NOW + timedelta(days=60)
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY


@pytest.fixture
def learner(db):
    user = UserFactory(username="jiyoung", name="한지영", email="jiyoung@example.org")
    PrivacyConsent.objects.create(user=user, policy_version="2026-11-01")
    return user


@pytest.fixture
def completed(learner, course, instructor):
    """A finished class the learner attended in full, with a certificate and its PDF."""
    enrolment = EnrolmentFactory(user=learner, course_class=ClassFactory(course=course, sessions=2))
    with TestCase.captureOnCommitCallbacks(execute=True):
        for session in enrolment.course_class.sessions.all():
            attendance.mark(session, enrolment, "present", actor=instructor)
    enrolment.refresh_from_db()
    assert enrolment.certificate.pdf
    return enrolment


def _close(user, actor=None, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return closure.close_account(user, actor=actor or user, now=AFTER_THE_CLASS, **kwargs)


def test_closing_keeps_attendance_and_certificates_countable(learner, completed):
    before = (Enrolment.objects.count(), Attendance.objects.count(), Certificate.objects.count())
    _close(learner)
    after = (Enrolment.objects.count(), Attendance.objects.count(), Certificate.objects.count())
    assert after == before
    enrolment = Enrolment.objects.get(pk=completed.pk)
    assert enrolment.user_id == learner.pk and enrolment.completed_at is not None
    assert Certificate.objects.valid().filter(enrolment=enrolment).exists()


def test_nothing_personal_is_left_on_the_user_row(learner, completed):
    feed_tokens.regenerate(learner)
    _close(learner)
    user = User.objects.get(pk=learner.pk)
    row = " ".join(str(value) for value in User.objects.filter(pk=user.pk).values().get().values())
    for personal in ("한지영", "jiyoung"):
        assert personal not in row
    assert user.name == ANONYMISED_NAME and user.email == ""
    assert not user.has_usable_password() and not user.is_active
    assert not user.groups.exists()
    assert AccountClosure.objects.get(user=user).closed_by == user
    # The record of consent stays: it shows the school had a basis for what it kept.
    assert PrivacyConsent.objects.filter(user=user).exists()


def test_certificate_keeps_its_facts_but_loses_the_name_and_the_pdf(learner, completed):
    certificate = completed.certificate
    pdf = certificate.pdf.path
    _close(learner)
    certificate.refresh_from_db()
    assert certificate.holder_name == ANONYMISED_NAME and "한지영" not in certificate.statement
    assert not certificate.pdf and not certificate.is_revoked
    assert not os.path.exists(pdf)
    assert certificate.course_title == completed.course_class.course.title


def test_the_closed_person_cannot_log_in_and_their_session_ends(client, learner, completed):
    client.force_login(learner)
    _close(learner)
    assert client.get("/accounts/profile/").status_code == 302  # the old session is over
    for username in ("jiyoung", User.objects.get(pk=learner.pk).username):
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 200 and response.context["form"].errors
        assert client.get("/accounts/profile/").status_code == 302


def test_the_personal_feed_answers_404(client, learner, completed):
    token = feed_tokens.regenerate(learner)
    assert client.get(f"/calendar/u/{token}.ics").status_code == 200
    _close(learner)
    assert client.get(f"/calendar/u/{token}.ics").status_code == 404


def test_verify_page_shows_the_facts_without_the_name(client, learner, completed):
    code = completed.certificate.display_code
    _close(learner)
    page = client.get(f"/certificates/verify/{code}/").content.decode()
    assert "한지영" not in page
    assert completed.course_class.course.title in page
    assert "탈퇴" in page or "closed their account" in page


def test_the_credential_the_holder_kept_still_matches_the_record(learner, completed):
    kept = json.dumps(credentials.signed(completed.certificate), ensure_ascii=False).encode()
    _close(learner)
    verdict = credentials.verify(kept)
    assert verdict.certificate == completed.certificate and verdict.matches_record
    forged = kept.replace("한지영".encode(), "김위조".encode())
    with pytest.raises(credentials.CredentialError):
        credentials.verify(forged)


def test_places_in_unfinished_classes_go_to_the_next_person_waiting(learner, other_student):
    class_ = ClassFactory(capacity=1)
    services.enrol(learner, class_, now=NOW)
    waiting = services.enrol(other_student, class_, now=NOW)
    with TestCase.captureOnCommitCallbacks(execute=True):
        closure.close_account(learner, actor=learner, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    place = Enrolment.objects.get(user=learner, course_class=class_)
    assert place.status == Enrolment.Status.CANCELLED
    # History keeps pointing at the same, now anonymous, account.
    assert EnrolmentEvent.objects.filter(enrolment=place, actor=learner).count() == 2


def test_memberships_end_and_waiting_requests_are_withdrawn(learner, coordinator_of):
    joined, asked = coordinator_of("마포 청소년 인권 모임"), coordinator_of("강원 기후 행동")
    Membership.objects.create(organisation=joined, user=learner)
    request = JoinRequest.objects.create(organisation=asked, user=learner, message="저 지영이에요")
    _close(learner)
    assert not Membership.objects.filter(user=learner).exists()
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN and request.message == ""


@pytest.fixture
def coordinator_of(db):
    from organisations import services as organisations

    def make(name):
        return organisations.register(UserFactory(), Organisation(name=name, region="서울"))

    return make


def test_closing_twice_or_a_superuser_is_refused_and_changes_nothing(learner):
    _close(learner)
    with pytest.raises(closure.AccountClosureError):
        _close(User.objects.get(pk=learner.pk))
    admin = UserFactory(username="root", is_superuser=True)
    with pytest.raises(closure.AccountClosureError):
        _close(admin)
    admin.refresh_from_db()
    assert admin.is_active and admin.username == "root"


def _joined(organisation, user, days_ago, role=Membership.Role.MEMBER):
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    Membership.objects.filter(pk=membership.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return membership


def _history(organisation):
    return list(
        MembershipEvent.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("member__username", "action", "role", "actor__username", "reason")
    )


def test_each_membership_that_ends_is_kept_in_its_organisations_history(
    learner, coordinator_of, staff
):
    joined, coordinated = coordinator_of("마포 청소년 인권 모임"), coordinator_of("강원 기후 행동")
    _joined(joined, learner, days_ago=30)
    _joined(coordinated, learner, days_ago=10, role=Membership.Role.COORDINATOR)
    _close(learner, actor=staff)
    closed = User.objects.get(pk=learner.pk).username
    assert _history(joined) == [
        (closed, "removed", "member", "staff", "계정이 탈퇴 처리되었습니다.")
    ]
    # Another coordinator remains there: nobody is appointed.
    assert _history(coordinated) == [
        (closed, "removed", "coordinator", "staff", "계정이 탈퇴 처리되었습니다.")
    ]


def test_closing_ones_own_account_is_leaving(learner, coordinator_of):
    organisation = coordinator_of("마포 청소년 인권 모임")
    _joined(organisation, learner, days_ago=3)
    _close(learner)
    closed = User.objects.get(pk=learner.pk).username
    assert [row[:4] for row in _history(organisation)] == [(closed, "left", "member", closed)]


def test_the_longest_standing_member_takes_over_from_the_last_coordinator(learner):
    organisation = Organisation.objects.create(name="마포 청소년 인권 모임")
    _joined(organisation, learner, days_ago=400, role=Membership.Role.COORDINATOR)
    newer = _joined(organisation, UserFactory(username="newer"), days_ago=5)
    longest = _joined(organisation, UserFactory(username="longest"), days_ago=200)
    _close(learner)
    roles = dict(organisation.memberships.values_list("user__username", "role"))
    assert roles == {"longest": "coordinator", "newer": "member"}
    closed = User.objects.get(pk=learner.pk).username
    assert [row[:4] for row in _history(organisation)] == [
        (closed, "left", "coordinator", closed),
        ("longest", "role", "coordinator", closed),
    ]
    assert "가장 오래된 구성원" in _history(organisation)[1][4]
    assert Membership.objects.get(pk=longest.pk).role == Membership.Role.COORDINATOR
    assert Membership.objects.get(pk=newer.pk).role == Membership.Role.MEMBER


def test_an_organisation_left_with_nobody_is_flagged_for_staff(learner, coordinator_of):
    alone = Organisation.objects.create(name="혼자 남은 모임")
    _joined(alone, learner, days_ago=100, role=Membership.Role.COORDINATOR)
    busy = coordinator_of("강원 기후 행동")
    _close(learner)
    flagged = dict(
        Organisation.objects.with_coordinator_flag().values_list("name", "needs_coordinator")
    )
    assert flagged == {"혼자 남은 모임": True, "강원 기후 행동": False}
    assert busy.memberships.count() == 1


def test_closing_takes_the_address_off_the_mail_log_and_drops_mail_still_waiting(learner, settings):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with TestCase.captureOnCommitCallbacks(execute=True):
        learner.email_user("보낸 메일", "본문")
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.test_delivery.Refusing"
    with TestCase.captureOnCommitCallbacks(execute=True):
        learner.email_user("기다리는 메일", "본문")
    other = delivery.queue(EmailMessage("제목", "본문", to=["someone@example.org"]))
    _close(learner)
    sent, waiting = OutgoingMail.objects.exclude(pk=other.pk).order_by("pk")
    assert (sent.recipients, sent.status) == (ANONYMISED_NAME, OutgoingMail.Status.SENT)
    assert (waiting.recipients, waiting.status) == (ANONYMISED_NAME, OutgoingMail.Status.FAILED)
    assert waiting.message == {} and waiting.next_attempt_at is None
    other.refresh_from_db()
    assert (other.recipients, other.status) == ("someone@example.org", OutgoingMail.Status.QUEUED)
