"""Calling off a class or a session in the admin goes through the enrolment services: the
people in it are released and told, once, and completion is re-decided."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import Class, Session
from enrolment.models import Enrolment
from tests.courses.class_admin import edit_url, form_data
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


@pytest.fixture
def class_(course):
    class_ = ClassFactory(course=course, capacity=1, sessions=2)
    EnrolmentFactory(course_class=class_, user=UserFactory(email="seated@example.org"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="waiting@example.org"),
        status=EnrolmentStatus.WAITLISTED,
        waitlist_rank=1,
    )
    return class_


def test_staff_cancelling_a_class_in_the_admin_releases_and_tells_everyone(
    client, staff, class_, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(class_), form_data(class_, status=Class.Status.CANCELLED))
    assert response.status_code == 302
    class_.refresh_from_db()
    assert class_.status == Class.Status.CANCELLED
    enrolments = class_.enrolments.all()
    assert {e.status for e in enrolments} == {EnrolmentStatus.CANCELLED}
    assert all(e.events.last().actor == staff for e in enrolments)
    assert sorted(m.to[0] for m in mail.outbox) == ["seated@example.org", "waiting@example.org"]


def test_cancelling_a_session_in_the_admin_tells_the_people_enrolled_once(
    client, staff, class_, django_capture_on_commit_callbacks
):
    first = class_.sessions.order_by("starts_at").first()
    sequence = first.sequence
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(class_),
            form_data(
                class_,
                **{"sessions-0-status": "cancelled", "sessions-0-cancel_reason": "강사 확진"},
            ),
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Session.Status.CANCELLED and first.sequence > sequence
    assert [m.to for m in mail.outbox] == [["seated@example.org"]]
    assert "휴강" in mail.outbox[0].subject and "사유: 강사 확진" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(class_), form_data(class_))  # saved again, still cancelled
    assert mail.outbox == []


def test_a_session_cannot_be_called_off_without_a_reason(client, staff, class_):
    client.force_login(staff)
    response = client.post(
        edit_url(class_), form_data(class_, **{"sessions-0-status": "cancelled"})
    )
    assert response.status_code == 200
    assert "휴강하는 까닭" in response.content.decode()
    assert not class_.sessions.filter(status=Session.Status.CANCELLED).exists()
    assert mail.outbox == []


def test_a_session_added_with_the_cancellation_is_told_as_the_make_up(
    client, staff, class_, django_capture_on_commit_callbacks
):
    first, last = class_.sessions.order_by("starts_at")
    data = form_data(
        class_,
        **{"sessions-0-status": "cancelled", "sessions-0-cancel_reason": "교육장 공사"},
    )
    starts = timezone.localtime(last.starts_at + timedelta(days=7))
    data |= {
        "sessions-TOTAL_FORMS": "3",
        "sessions-2-starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "sessions-2-ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "sessions-2-status": "scheduled",
        "sessions-2-topic": "보강",
        "sessions-2-place": "성미산 마을회관",
        "sessions-2-lesson": "",
        "sessions-2-cancel_reason": "",
        "sessions-2-ORDER": "3",
        "sessions-2-DELETE": "",
    }
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(class_), data).status_code == 302
    (message,) = mail.outbox
    assert "교육장 공사" in message.body
    assert "보강" in message.body and "성미산 마을회관" in message.body
    assert starts.strftime("%H:%M") in message.body
