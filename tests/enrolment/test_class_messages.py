"""An instructor writes to a class: everyone with a seat is told once, now or at the time
chosen; the message stays with the class for people who enrol later."""

from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone

from enrolment import services
from enrolment.models import ClassMessage, Enrolment
from tests.factories import EnrolmentFactory, UserFactory, class_open_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    class_ = class_open_now(course=course, capacity=3, title="2027 봄 1기")
    EnrolmentFactory(course_class=class_, user=UserFactory(email="seated@example.org"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="waiting@example.org"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    return class_


def _write(client, class_, **data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/learning/classes/{class_.pk}/messages/", data)


def _my_learning(person) -> str:
    client = Client()
    client.force_login(person)
    return BeautifulSoup(client.get("/learning/").content, "html.parser").get_text(" ")


def test_a_message_now_reaches_everyone_with_a_seat_once_and_stays_for_latecomers(
    client, class_, instructor
):
    client.force_login(instructor)
    response = _write(client, class_, body="다음 주는 3층 교실에서 모입니다.")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["seated@example.org"]]  # not the waitlist
    assert "3층 교실" in mail.outbox[0].body and "2027 봄 1기" in mail.outbox[0].subject
    roster = client.get(f"/learning/classes/{class_.pk}/roster/").content.decode()
    assert "3층 교실" in roster
    seated = class_.enrolments.get(status=Enrolment.Status.ENROLLED).user
    assert "3층 교실" in _my_learning(seated)
    latecomer = UserFactory()
    services.enrol(latecomer, class_)
    assert "3층 교실" in _my_learning(latecomer)  # read later, on My learning
    waiting = class_.enrolments.get(status=Enrolment.Status.WAITLISTED).user
    assert "3층 교실" not in _my_learning(waiting)


def test_a_message_for_later_goes_when_its_time_comes_once(client, class_, instructor, _clock):
    client.force_login(instructor)
    when = timezone.localtime() + timedelta(hours=3)
    _write(client, class_, body="내일 준비물: 노트북", send_at=when.strftime("%Y-%m-%dT%H:%M"))
    assert mail.outbox == []
    message = ClassMessage.objects.get()
    assert message.sent_at is None
    _clock.move_to(when + timedelta(minutes=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_notices", stdout=StringIO())
        call_command("send_notices", stdout=StringIO())  # run twice: sent once
    assert [m.to for m in mail.outbox if "노트북" in m.body] == [["seated@example.org"]]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"body": "   "}, "메시지"),
        ({"body": "늦은 공지", "send_at": "2020-01-01T10:00"}, "지금 이후"),
    ],
)
def test_a_refused_message_says_why_in_korean_and_sends_nothing(
    client, class_, instructor, data, says
):
    client.force_login(instructor)
    response = _write(client, class_, **data)
    assert response.status_code == 400 and says in response.content.decode()
    assert not ClassMessage.objects.exists() and mail.outbox == []


def test_only_those_who_teach_the_class_may_write_to_it(client, class_, student):
    client.force_login(student)
    assert _write(client, class_, body="안녕하세요").status_code == 404
    assert not ClassMessage.objects.exists()
