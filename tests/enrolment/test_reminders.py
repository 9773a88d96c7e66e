"""Reminders the day before and an hour before each session: to the people with a seat,
each once, as the session is when the reminder goes, and never in the quiet hours unless
it cannot wait."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Class, Session
from enrolment import reminders
from enrolment.models import Enrolment
from tests.clock import SEOUL
from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


@pytest.fixture
def tomorrow():
    return timezone.localtime().date() + timedelta(days=1)


@pytest.fixture
def session(course, tomorrow):
    class_ = ClassFactory(
        course=course,
        sessions=0,
        format=Class.Format.HYBRID,
        place="마포 교육장",
        online_url="https://meet.example.org/backup-class",
    )
    lesson = LessonPageFactory(course=course, title="백업 규칙 세우기")
    session = Session.objects.create(
        course_class=class_,
        starts_at=_at(tomorrow, 19),
        ends_at=_at(tomorrow, 21),
        topic="백업 실습",
        lesson=lesson,
    )
    EnrolmentFactory(course_class=class_, user=UserFactory(email="seated@example.org"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="waiting@example.org"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    return session


def _run(_clock, moment) -> list:
    _clock.move_to(moment)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends once committed
        call_command("send_notices", stdout=StringIO())
    # The learners' reminders; the instructor's roll-call notices are tested on their own.
    return [m for m in mail.outbox if m.to != ["instructor@example.org"]]


@pytest.mark.parametrize(
    ("starts", "now", "expected"),
    [
        ("tomorrow 19:00", "today 09:59", None),
        ("tomorrow 19:00", "today 10:00", reminders.DAY_BEFORE),
        ("tomorrow 19:00", "today 20:59", reminders.DAY_BEFORE),
        ("tomorrow 19:00", "today 21:00", None),  # quiet hours
        ("tomorrow 19:00", "tomorrow 07:59", None),
        ("tomorrow 19:00", "tomorrow 08:00", reminders.DAY_BEFORE),
        ("tomorrow 19:00", "tomorrow 17:51", reminders.HOUR_BEFORE),
        ("tomorrow 19:00", "tomorrow 19:00", None),  # begun
        ("today 22:30", "today 21:30", reminders.HOUR_BEFORE),  # urgent, quiet or not
        ("tomorrow 08:30", "tomorrow 07:30", reminders.HOUR_BEFORE),
    ],
)
def test_which_reminder_is_due(starts, now, expected):
    today = datetime(2027, 12, 31).date()  # the rule holds across a year's end

    def moment(text):
        day, clock = text.split()
        hour, minute = map(int, clock.split(":"))
        return _at(today + timedelta(days=day == "tomorrow"), hour, minute)

    assert reminders.due(moment(starts), moment(now)) == expected


def test_the_day_before_the_person_with_a_seat_is_reminded_once(session, tomorrow, _clock):
    sent = _run(_clock, _at(tomorrow - timedelta(days=1), 10, 5))
    assert [m.to for m in sent] == [["seated@example.org"]]  # not the waitlist
    body = sent[0].body
    assert "내일" in sent[0].subject and "개인정보보호법 기초" in sent[0].subject
    assert "19:00–21:00" in body and "마포 교육장" in body and "백업 실습" in body
    assert "https://meet.example.org/backup-class" in body
    assert session.lesson.url in body
    assert _run(_clock, _at(tomorrow - timedelta(days=1), 10, 10)) == []
    last = _run(_clock, _at(tomorrow, 18, 0))
    assert [m.to for m in last] == [["seated@example.org"]] and "1시간 뒤" in last[0].subject
    assert _run(_clock, _at(tomorrow, 18, 5)) == []


def test_an_in_person_class_gives_no_online_link(session, tomorrow, _clock):
    class_ = session.course_class
    class_.format = Class.Format.OFFLINE
    class_.save()
    (sent,) = _run(_clock, _at(tomorrow - timedelta(days=1), 11))
    assert "meet.example.org" not in sent.body


def test_a_moved_session_is_reminded_at_its_new_time_and_a_cancelled_one_never(
    session, tomorrow, _clock
):
    assert len(_run(_clock, _at(tomorrow - timedelta(days=1), 10, 5))) == 1
    session.starts_at += timedelta(days=7)
    session.ends_at += timedelta(days=7)
    session.save()
    assert _run(_clock, _at(tomorrow, 18, 0)) == []  # no longer an hour away
    assert len(_run(_clock, _at(tomorrow + timedelta(days=6), 10, 5))) == 1  # its new eve
    session.status = Session.Status.CANCELLED
    session.save()
    assert _run(_clock, _at(tomorrow + timedelta(days=7), 18, 0)) == []


def test_a_cancelled_class_is_not_reminded(session, tomorrow, _clock):
    class_ = session.course_class
    class_.status = Class.Status.CANCELLED
    class_.save()
    assert _run(_clock, _at(tomorrow - timedelta(days=1), 10, 5)) == []


def test_the_sweep_reads_the_same_few_queries_however_many_sessions_are_due(course, _clock):
    """What the sweep reads to decide is constant; only the notices it writes add up."""
    day = timezone.localtime().date() + timedelta(days=1)

    def sessions(count):
        for n in range(count):
            class_ = ClassFactory(course=course, sessions=0)
            Session.objects.create(
                course_class=class_, starts_at=_at(day, 19, n), ends_at=_at(day, 21, n)
            )

    def reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            reminders.send_due(_at(day - timedelta(days=1), 11))
        return len(queries)

    sessions(2)
    few = reads()
    sessions(10)
    assert reads() == few  # nobody has a seat: nothing is written, only read
