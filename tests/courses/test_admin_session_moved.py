"""Moving a session in the admin tells the people enrolled, once, with where it was and
where it is now, and a calendar file whose revision went up."""

from datetime import timedelta

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from enrolment.models import Enrolment
from tests.courses.class_admin import edit_url, form_data
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    class_ = ClassFactory(course=course, capacity=1, sessions=2, place="마포 교육장")
    EnrolmentFactory(course_class=class_, user=UserFactory(email="seated@example.org"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(email="waiting@example.org"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    return class_


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _edit(client, class_, capture, **changes):
    with capture(execute=True):
        response = client.post(edit_url(class_), form_data(class_, **changes))
    assert response.status_code == 302


def test_a_session_moved_a_day_later_tells_the_people_enrolled_once(
    client, staff, class_, django_capture_on_commit_callbacks
):
    first = class_.sessions.order_by("starts_at").first()
    client.force_login(staff)
    later = {
        "sessions-0-starts_at": _local(first.starts_at + timedelta(days=1)),
        "sessions-0-ends_at": _local(first.ends_at + timedelta(days=1)),
    }
    _edit(client, class_, django_capture_on_commit_callbacks, **later)
    assert [m.to for m in mail.outbox] == [["seated@example.org"]]  # not the waitlist
    message = mail.outbox[0]
    assert "일정 변경" in message.subject
    before = timezone.localtime(first.starts_at)
    after = before + timedelta(days=1)
    lines = message.body.splitlines()
    was = next(line for line in lines if line.startswith("변경 전:"))
    now = next(line for line in lines if line.startswith("변경 후:"))
    assert f"{before.month}. {before.day}." in was and "마포 교육장" in was
    assert f"{after.month}. {after.day}." in now
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    moved = [e for e in calendar.walk("VEVENT") if e.decoded("dtstart") == after]
    assert len(moved) == 1 and int(moved[0]["SEQUENCE"]) > first.sequence
    mail.outbox.clear()
    first.refresh_from_db()
    _edit(client, class_, django_capture_on_commit_callbacks)  # saved again as it is
    assert mail.outbox == []


def test_a_new_place_is_a_move_and_a_new_topic_is_not(
    client, staff, class_, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    capture = django_capture_on_commit_callbacks
    _edit(client, class_, capture, **{"sessions-1-topic": "백업 실습"})
    assert mail.outbox == []
    _edit(client, class_, capture, **{"sessions-1-place": "온라인 회의실"})
    assert len(mail.outbox) == 1
    assert "변경 후:" in mail.outbox[0].body and "온라인 회의실" in mail.outbox[0].body


def test_a_session_moved_and_cancelled_at_once_is_only_cancelled(
    client, staff, class_, django_capture_on_commit_callbacks
):
    first = class_.sessions.order_by("starts_at").first()
    client.force_login(staff)
    changes = {
        "sessions-0-starts_at": _local(first.starts_at + timedelta(hours=1)),
        "sessions-0-ends_at": _local(first.ends_at + timedelta(hours=1)),
        "sessions-0-status": "cancelled",
        "sessions-0-cancel_reason": "강사 사정",
    }
    _edit(client, class_, django_capture_on_commit_callbacks, **changes)
    assert len(mail.outbox) == 1 and "휴강" in mail.outbox[0].subject


def test_my_learning_marks_a_moved_session_with_its_first_plan_until_it_moves_back(
    client, staff, class_, django_capture_on_commit_callbacks
):
    first = class_.sessions.order_by("starts_at").first()
    planned = timezone.localtime(first.starts_at)
    seated = class_.enrolments.get(status=Enrolment.Status.ENROLLED).user
    capture = django_capture_on_commit_callbacks

    def mine():
        client.force_login(seated)
        page = BeautifulSoup(client.get("/learning/").content, "html.parser")
        client.force_login(staff)
        return page.select(".session-item")[0].get_text(" ", strip=True)

    client.force_login(staff)
    for days in (1, 2):  # moved twice: the first plan stays the one shown
        moved = {
            "sessions-0-starts_at": _local(first.starts_at + timedelta(days=days)),
            "sessions-0-ends_at": _local(first.ends_at + timedelta(days=days)),
        }
        _edit(client, class_, capture, **moved)
        text = mine()
        assert "일정 변경" in text
        assert f"처음 계획: {planned.year}. {planned.month}. {planned.day}." in text
        assert "마포 교육장" in text
    back = {
        "sessions-0-starts_at": _local(first.starts_at),
        "sessions-0-ends_at": _local(first.ends_at),
    }
    _edit(client, class_, capture, **back)
    assert "일정 변경" not in mine()
