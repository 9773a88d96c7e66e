"""An absence that makes completion tight (every session left is needed) or out of reach is
told to the person, once for each, with the way to their attendance."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from courses.models import Session
from enrolment import attendance
from enrolment.completion import IMPOSSIBLE, TIGHT, Progress
from enrolment.models import CompletionRule
from tests.factories import ClassFactory, EnrolmentFactory
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("attended", "needed", "counted", "marked", "expected"),
    [
        (0, 3, 4, 0, ""),  # nothing marked yet: four to go, three needed
        (0, 3, 4, 1, TIGHT),  # one missed: all three left are needed
        (1, 3, 4, 2, TIGHT),
        (0, 3, 4, 2, IMPOSSIBLE),
        (3, 3, 4, 3, ""),  # reached
        (0, 0, 0, 0, ""),  # no sessions
    ],
)
def test_how_far_completion_is_from_reach(attended, needed, counted, marked, expected):
    assert Progress(attended, needed, counted, marked=marked).at_risk == expected


@pytest.fixture
def enrolment(course, student):
    CompletionRule.objects.create(course=course, min_attendance_rate=75)  # 3 of 4
    class_ = ClassFactory(course=course, sessions=0)
    start = timezone.now() + timedelta(days=1)  # marked as they come, in the tests
    for week in range(4):
        Session.objects.create(
            course_class=class_,
            starts_at=start + timedelta(days=7 * week),
            ends_at=start + timedelta(days=7 * week, hours=2),
        )
    return EnrolmentFactory(course_class=class_, user=student)


def _mark(enrolment, n, status, actor):
    session = enrolment.course_class.sessions.order_by("starts_at")[n]
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        attendance.mark(session, enrolment, status, actor=actor)
    return delivered(enrolment.user.email)


def test_the_person_hears_when_completion_gets_tight_and_when_it_is_out_of_reach(
    enrolment, instructor
):
    (tight,) = _mark(enrolment, 0, "absent", instructor)
    assert "남은 3회" in tight.body and f"/learning/attendance/{enrolment.pk}/" in tight.body
    assert _mark(enrolment, 1, "present", instructor) == []  # still tight: told already
    (out,) = _mark(enrolment, 2, "absent", instructor)
    assert "수료" in out.subject and "채울 수 없" in out.body
    assert _mark(enrolment, 3, "absent", instructor) == []


def test_marks_that_keep_completion_in_reach_tell_nobody(enrolment, instructor):
    assert _mark(enrolment, 0, "present", instructor) == []
    assert _mark(enrolment, 1, "late", instructor) == []  # late counts as present
