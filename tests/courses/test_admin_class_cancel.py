"""Calling off a class or a session in the admin goes through the enrolment services: the
people in it are released and told, once, and completion is re-decided."""

import pytest
from django.core import mail

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
            edit_url(class_), form_data(class_, **{"sessions-0-status": "cancelled"})
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Session.Status.CANCELLED and first.sequence > sequence
    assert [m.to for m in mail.outbox] == [["seated@example.org"]]
    assert "휴강" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(class_), form_data(class_))  # saved again, still cancelled
    assert mail.outbox == []
