"""Instructors hear in the morning of the roll calls they take that day, and the next
morning of a roll call left unfinished: each once, never before 08:00."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from courses.models import Session
from enrolment import attendance
from tests.clock import SEOUL
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def _sweep(_clock, moment, to) -> list:
    _clock.move_to(moment)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_notices", stdout=StringIO())
    return [m for m in mail.outbox if m.to == [to.email]]


@pytest.fixture
def today():
    return timezone.localdate() + timedelta(days=3)  # a day of its own, ahead of the clock


@pytest.fixture
def class_(course, today):
    class_ = ClassFactory(course=course, sessions=0, place="마포 교육장")
    for day in (today, today + timedelta(days=7)):
        Session.objects.create(course_class=class_, starts_at=_at(day, 19), ends_at=_at(day, 21))
    return class_


def test_the_morning_of_a_session_its_instructors_get_the_roll_call_once(
    class_, today, instructor, _clock
):
    guest = UserFactory(email="guest@example.org")
    class_.instructors.add(guest)  # teaches this class only, beside the course's instructor
    assert _sweep(_clock, _at(today, 7, 55), instructor) == []  # quiet hours
    (message,) = _sweep(_clock, _at(today, 8, 5), instructor)
    session = class_.sessions.order_by("starts_at").first()
    assert "오늘" in message.subject
    assert "19:00–21:00" in message.body and "마포 교육장" in message.body
    assert f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/" in message.body
    assert _sweep(_clock, _at(today, 9, 0), instructor) == []  # told once that day
    assert len(_sweep(_clock, _at(today, 9, 5), guest)) == 0  # told at 08:05 already
    assert guest.sent_notices.filter(kind="roll-call-today").count() == 1
    assert _sweep(_clock, _at(today + timedelta(days=1), 8, 5), instructor) == []  # no class


def test_a_roll_call_left_unfinished_is_told_the_next_morning_once(
    class_, today, instructor, _clock
):
    session = class_.sessions.order_by("starts_at").first()
    marked, unmarked = EnrolmentFactory(course_class=class_), EnrolmentFactory(course_class=class_)
    _sweep(_clock, _at(today, 8, 5), instructor)  # the morning's list
    _clock.move_to(_at(today, 21, 10))
    attendance.mark(session, marked, "present", actor=instructor)
    assert _sweep(_clock, _at(today, 23, 0), instructor) == []  # not at night
    (message,) = _sweep(_clock, _at(today + timedelta(days=1), 8, 5), instructor)
    assert "출석" in message.subject
    assert f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/" in message.body
    assert _sweep(_clock, _at(today + timedelta(days=1), 8, 10), instructor) == []
    assert not unmarked.user.sent_notices.filter(kind__startswith="roll-call").exists()


def test_a_finished_roll_call_is_not_mentioned(class_, today, instructor, _clock):
    session = class_.sessions.order_by("starts_at").first()
    seated = EnrolmentFactory(course_class=class_)
    _clock.move_to(_at(today, 21, 10))
    attendance.mark(session, seated, "absent", actor=instructor)
    sent = _sweep(_clock, _at(today + timedelta(days=1), 8, 5), instructor)
    assert [m for m in sent if "출석" in m.subject and "마치지" in m.subject] == []
