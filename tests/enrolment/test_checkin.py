from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from enrolment import attendance, checkin
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


def _started(session, minutes_ago: int):
    session.starts_at = timezone.now() - timedelta(minutes=minutes_ago)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    return session


def _my_enrolment(learner, session):
    return Enrolment.objects.get(user=learner, course_class=session.course_class)


@pytest.mark.parametrize(
    ("minutes_ago", "status", "answer"),
    [
        pytest.param(5, "present", "출석으로 기록했습니다", id="on-time"),
        pytest.param(25, "late", "지각으로 기록했습니다", id="late"),
    ],
)
@pytest.mark.parametrize("marked", ["absent", "excused"])
def test_arriving_after_being_marked_away_corrects_the_mark_and_keeps_the_change(
    client, learner, session, instructor, minutes_ago, status, answer, marked
):
    _started(session, minutes_ago)
    attendance.mark(session, _my_enrolment(learner, session), marked, actor=instructor)
    client.force_login(learner)
    response = _post(client, session, checkin.code_for(session, timezone.now()))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert answer in page and "이미 체크인" not in page
    mark = Attendance.objects.get()
    assert (mark.status, mark.marked_by) == (status, learner)
    history = list(mark.events.values_list("from_status", "to_status", "actor__username"))
    assert history == [("", marked, "instructor"), (marked, status, "student")]


def test_a_first_check_in_says_how_it_was_recorded(client, learner, session):
    _started(session, 25)
    client.force_login(learner)
    response = _post(client, session, checkin.code_for(session, timezone.now()))
    assert "지각으로 기록했습니다" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        pytest.param("present", "출석으로", id="present"),
        pytest.param("late", "지각으로", id="late"),
    ],
)
def test_an_instructors_mark_is_not_called_a_check_in_and_stands(
    client, learner, session, instructor, status, answer
):
    attendance.mark(session, _my_enrolment(learner, session), status, actor=instructor)
    client.force_login(learner)
    page = _post(client, session, checkin.code_for(session, timezone.now())).content.decode()
    assert "이미 체크인" not in page
    assert f"강사가 이미 이 차시를 {answer} 기록했습니다" in page
    mark = Attendance.objects.get()
    assert (mark.status, mark.marked_by, mark.events.count()) == (status, instructor, 1)


def _check_in_links(client):
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    return [a["href"] for a in page.select(".session-item a") if "/learning/checkin/" in a["href"]]


def test_the_check_in_link_leaves_my_learning_once_checked_in(
    client, learner, session, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    assert _check_in_links(client) == [f"/learning/checkin/{session.pk}/"]
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, session, checkin.code_for(session, timezone.now()))
    assert _check_in_links(client) == []
    # In its place, how it was recorded.
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    assert "기록됨: 출석" in page.select_one("#upcoming-heading").parent.get_text(" ")


def test_the_check_in_link_stays_for_a_learner_marked_absent(client, learner, session, instructor):
    attendance.mark(session, _my_enrolment(learner, session), "absent", actor=instructor)
    client.force_login(learner)
    assert _check_in_links(client) == [f"/learning/checkin/{session.pk}/"]


def _in_digits(code: str, zero: str) -> str:
    """The code written with another script's digits, `zero` being that script's 0."""
    return "".join(chr(ord(zero) + int(digit)) for digit in code)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: _in_digits(code, "０"), id="full-width"),
        pytest.param(
            lambda code: f"{_in_digits(code[:3], '０')}　{_in_digits(code[3:], '０')}",
            id="full-width-with-ideographic-space",
        ),
        pytest.param(lambda code: f" {code[:3]} {code[3:]} ", id="spaced"),
        pytest.param(lambda code: f"{code[:3]}-{code[3:]}", id="hyphenated"),
    ],
)
def test_the_right_code_typed_in_full_width_or_spaced_checks_in(client, learner, session, typed):
    client.force_login(learner)
    response = _post(client, session, typed(checkin.code_for(session, timezone.now())))
    assert response.status_code == 302
    assert Attendance.objects.get().status == "present"


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("¹²³⁴⁵⁶", id="superscript"),
        pytest.param("𝟏𝟐𝟑𝟒𝟓𝟔", id="mathematical-bold"),
        pytest.param("①②③④⑤⑥", id="circled"),
    ],
)
def test_digits_that_normalise_to_ascii_are_read_as_those_digits(client, learner, session, typed):
    """Superscripts, mathematical and circled digits become 0-9; a wrong code is just wrong."""
    client.force_login(learner)
    response = _post(client, session, typed)
    assert response.status_code == 400
    assert "틀렸거나 만료" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_refusal_for_a_malformed_code_is_in_english_too(learner, session):
    with translation.override("en"), pytest.raises(checkin.CheckInError, match="six digits"):
        checkin.check_in(learner, session, "١٢٣٤٥٦", timezone.now())


def test_someone_already_marked_present_is_told_so_with_no_form_to_fill(
    client, learner, session, instructor
):
    attendance.mark(session, _my_enrolment(learner, session), "present", actor=instructor)
    client.force_login(learner)
    for response in (
        client.get(f"/learning/checkin/{session.pk}/"),
        _post(client, session, checkin.code_for(session, timezone.now())),
    ):
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        assert page.find("form", class_="form") is None
        status = page.find(attrs={"role": "status", "class": "message"})
        assert "강사가 이미" in status.text and "출석" in status.text
        assert page.find(class_="message--error") is None
