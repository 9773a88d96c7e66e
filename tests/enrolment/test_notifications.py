"""E-mails go out after the change commits, in Korean, with the sessions attached."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail
from django.test import Client
from django.utils import timezone

from courses.models import Session
from enrolment import services
from enrolment.models import Enrolment
from outbox.models import OutgoingMail
from tests.factories import NOW, ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def test_confirmation_is_korean_and_carries_the_sessions_as_ics(
    student, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(title="2027 봄 1기", sessions=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(student, class_, now=NOW)
    (message,) = mail.outbox
    assert message.to == [student.email]
    assert "수강 신청이 확정되었습니다" in message.subject
    assert "2027 봄 1기" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "class.ics" and mimetype.startswith("text/calendar")
    calendar = vobject.readOne(content if isinstance(content, str) else content.decode())
    events = sorted(calendar.vevent_list, key=lambda e: e.dtstart.value)
    sessions = list(class_.sessions.order_by("starts_at"))
    assert len(events) == 3
    assert events[0].dtstart.value == sessions[0].starts_at
    assert events[0].dtstart.value.tzinfo.tzname(events[0].dtstart.value) == "KST"
    assert events[0].dtstart.value.astimezone(SEOUL).hour == 19


def test_nothing_is_sent_when_the_transaction_rolls_back(student):
    class_ = ClassFactory()
    services.enrol(student, class_, now=NOW)  # the test's transaction never commits
    assert mail.outbox == []


def test_waitlist_and_promotion_each_tell_the_person(
    student, other_student, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        seated = services.enrol(student, class_, now=NOW)
        services.enrol(other_student, class_, now=NOW)
    assert "대기" in mail.outbox[-1].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(seated, now=NOW)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "취소" in subjects[student.email]
    assert "확정" in subjects[other_student.email]
    promoted = next(m for m in mail.outbox if m.to == [other_student.email])
    assert "대기에서" in promoted.body


def test_a_failing_mail_server_never_undoes_the_enrolment(
    settings, student, django_capture_on_commit_callbacks
):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    now = timezone.now()
    class_ = ClassFactory(
        sessions=0,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=3),
    )
    client = Client()
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/learning/classes/{class_.pk}/enrol/")
    assert response.status_code == 302
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED
    mail_row = OutgoingMail.objects.get()
    assert (mail_row.recipients, mail_row.status) == (student.email, OutgoingMail.Status.QUEUED)
    assert mail_row.attempts == 1 and "Connection refused" in mail_row.last_error


def test_each_status_mail_is_one_row_in_the_outbox(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(student, ClassFactory(), now=NOW)
    (mail_row,) = OutgoingMail.objects.all()
    assert mail_row.status == OutgoingMail.Status.SENT
    assert mail_row.subject == mail.outbox[0].subject
    assert mail_row.message == {}  # sent: the log keeps no copy of the text


def test_a_status_superseded_before_commit_sends_only_the_latest(
    student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.enrol(student, ClassFactory(), now=NOW)
        services.cancel(enrolment, now=NOW)
    assert ["취소" in m.subject for m in mail.outbox] == [True]


def test_cancelling_a_class_releases_and_tells_everyone(django_capture_on_commit_callbacks):
    class_ = ClassFactory(capacity=1)
    seated = EnrolmentFactory(course_class=class_, user=UserFactory(email="a@example.org"))
    waiting = EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="b@example.org"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_class(class_, actor=None, reason="강사 사정")
    for enrolment in (seated, waiting):
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.CANCELLED
        assert enrolment.events.last().to_status == Enrolment.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("기수 자체가 취소" in m.body for m in mail.outbox)


def test_cancelling_a_session_tells_the_people_enrolled(django_capture_on_commit_callbacks):
    class_ = ClassFactory()
    EnrolmentFactory(course_class=class_, user=UserFactory(email="a@example.org"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="w@example.org"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    session = Session.objects.filter(course_class=class_).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session)
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "휴강" in mail.outbox[0].subject
