from datetime import timedelta

import pytest
from django.utils import timezone

from enrolment import checkin
from enrolment.models import Attendance, Enrolment
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(course):
    class_ = ClassFactory(course=course, sessions=1)
    session = class_.sessions.get()
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    return session


@pytest.fixture
def learner(session, student):
    EnrolmentFactory(course_class=session.course_class, user=student)
    return student


def _post(client, session, code):
    return client.post(f"/learning/checkin/{session.pk}/", {"code": code})


def test_current_code_checks_in_once(client, learner, session):
    client.force_login(learner)
    response = _post(client, session, checkin.code_for(session, timezone.now()))
    assert response.status_code == 302
    assert Attendance.objects.get().status == "present"
    again = _post(client, session, checkin.code_for(session, timezone.now()))
    assert "이미 체크인" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_previous_code_still_works_but_older_ones_do_not(learner, other_student, session):
    EnrolmentFactory(course_class=session.course_class, user=other_student)
    now = timezone.now()
    assert checkin.check_in(learner, session, checkin.code_for(session, now, windows_back=1), now)
    with pytest.raises(checkin.CheckInError, match="틀렸거나 만료"):
        checkin.check_in(
            other_student, session, checkin.code_for(session, now, windows_back=2), now
        )


def test_code_changes_with_time(session):
    now = timezone.now()
    codes = {checkin.code_for(session, now + timedelta(minutes=m)) for m in range(5)}
    assert len(codes) >= 4


def test_late_after_the_configured_minutes(learner, session, settings):
    now = session.starts_at + timedelta(minutes=settings.CHECKIN_LATE_AFTER_MINUTES + 1)
    assert checkin.check_in(learner, session, checkin.code_for(session, now), now).status == "late"


@pytest.mark.parametrize("minutes", [-31, 121])
def test_outside_the_window_is_refused(learner, session, minutes):
    now = session.starts_at + timedelta(minutes=minutes)
    with pytest.raises(checkin.CheckInError, match="열려 있지 않습니다"):
        checkin.check_in(learner, session, checkin.code_for(session, now), now)
    assert not Attendance.objects.exists()


def test_people_not_enrolled_cannot_reach_check_in(client, other_student, session):
    client.force_login(other_student)
    assert _post(client, session, checkin.code_for(session, timezone.now())).status_code == 404
    waiting = EnrolmentFactory(
        course_class=session.course_class,
        user=other_student,
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    assert waiting and _post(client, session, "000000").status_code == 404


def test_guessing_is_rate_limited(client, learner, session, settings):
    client.force_login(learner)
    for _ in range(settings.CHECKIN_ATTEMPTS_PER_10_MINUTES):
        _post(client, session, "000000")
    response = _post(client, session, checkin.code_for(session, timezone.now()))
    assert "시도가 너무 많습니다" in response.content.decode()
    assert not Attendance.objects.exists()


def test_instructor_shows_code_and_qr(client, instructor, session):
    client.force_login(instructor)
    url = f"/learning/classes/{session.course_class_id}/sessions/{session.pk}/code/"
    page = client.get(url).content.decode()
    assert (
        checkin.code_for(session, timezone.now()) in page
        or checkin.code_for(session, timezone.now(), windows_back=1) in page
    )
    assert "<svg" in page


def test_others_cannot_see_the_code(client, student, other_instructor, session):
    url = f"/learning/classes/{session.course_class_id}/sessions/{session.pk}/code/"
    for person in (student, other_instructor):
        client.force_login(person)
        assert client.get(url).status_code == 404
