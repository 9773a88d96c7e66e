"""A seat that appears in the class admin goes to the people waiting at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Class
from enrolment import services
from enrolment.models import Enrolment
from tests.courses.class_admin import edit_url, form_data
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


def _with_waitlist(class_: Class, *, seated: int, waiting: int) -> list[Enrolment]:
    EnrolmentFactory.create_batch(seated, course_class=class_)
    return [
        EnrolmentFactory(
            course_class=class_,
            user=UserFactory(username=f"waiting{rank}"),
            status=EnrolmentStatus.WAITLISTED,
            waitlist_rank=rank,
        )
        for rank in range(1, waiting + 1)
    ]


def _started_class(course, **kwargs) -> Class:
    """A class whose one session began an hour ago, enrolment still open around it."""
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        sessions=1,
        enrolment_opens_at=now - timedelta(days=7),
        enrolment_closes_at=now + timedelta(days=7),
        **kwargs,
    )
    class_.sessions.update(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    return class_


def _statuses(enrolments) -> list[str]:
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


def test_raising_capacity_seats_the_first_people_waiting_and_tells_them(
    client, staff, course, mailoutbox, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(course=course, capacity=1)
    waiting = _with_waitlist(class_, seated=1, waiting=3)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(class_), form_data(class_, capacity="3"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _statuses(waiting) == [
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITLISTED,
    ]
    assert services.waitlist_position(Enrolment.objects.get(pk=waiting[2].pk)) == 1
    event = waiting[0].events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.ENROLLED,
        staff,
    )
    assert event.reason == "기수 정보가 바뀌어 자리가 나서 대기에서 수강으로 바뀌었습니다."
    told = {address for message in mailoutbox for address in message.to}
    assert {"waiting1@example.org", "waiting2@example.org"} <= told
    assert "waiting3@example.org" not in told


def test_the_instructor_raising_capacity_seats_people_too(client, instructor, course):
    class_ = ClassFactory(course=course, capacity=1)
    waiting = _with_waitlist(class_, seated=1, waiting=1)
    client.force_login(instructor)
    client.post(edit_url(class_), form_data(class_, capacity="2"))
    assert _statuses(waiting) == [EnrolmentStatus.ENROLLED]
    assert waiting[0].events.get().actor == instructor


def test_re_opening_a_class_offers_its_free_seat(client, staff, course):
    class_ = ClassFactory(course=course, capacity=2, status=Class.Status.CLOSED)
    waiting = _with_waitlist(class_, seated=1, waiting=2)
    client.force_login(staff)
    client.post(edit_url(class_), form_data(class_, status=Class.Status.OPEN))
    assert _statuses(waiting) == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]


def test_moving_the_first_session_later_offers_seats_freed_once_it_had_started(
    client, staff, course
):
    class_ = _started_class(course, capacity=2)
    session = class_.sessions.get()
    seated = EnrolmentFactory(course_class=class_)
    waiting = _with_waitlist(class_, seated=1, waiting=1)
    services.cancel(seated)  # the class had started: the seat stays free
    assert _statuses(waiting) == [EnrolmentStatus.WAITLISTED]
    later = session.starts_at + timedelta(days=7)
    client.force_login(staff)
    client.post(
        edit_url(class_),
        form_data(
            class_,
            **{
                "sessions-0-starts_at": timezone.localtime(later).strftime("%Y-%m-%d %H:%M"),
                "sessions-0-ends_at": timezone.localtime(later + timedelta(hours=2)).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
        ),
    )
    assert _statuses(waiting) == [EnrolmentStatus.ENROLLED]


def test_an_edit_after_the_class_started_seats_nobody(client, staff, course):
    class_ = _started_class(course, capacity=1)
    waiting = _with_waitlist(class_, seated=1, waiting=1)
    client.force_login(staff)
    response = client.post(edit_url(class_), form_data(class_, capacity="2"))
    assert response.status_code == 302
    assert _statuses(waiting) == [EnrolmentStatus.WAITLISTED]
