"""Many people at once, on PostgreSQL: seats are never oversold and the waitlist has no gaps;
marks taken at the same moment leave one mark per person and session, and a history with
one entry per change.

These run in CI's PostgreSQL pass. SQLite takes one writer at a time, so it cannot show
what row locking prevents.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from courses.models import Session
from enrolment import checkin, services
from enrolment.models import Attendance, Enrolment
from tests.courses.class_admin import edit_url, form_data
from tests.factories import NOW, ClassFactory, EnrolmentFactory, UserFactory

EnrolmentStatus = Enrolment.Status

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL row locks; run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
    pytest.mark.slow,
]


def _run_all_at_once(jobs):
    """Start every job at the same moment, each on its own thread and connection."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def _assert_invariants(class_):
    enrolments = list(class_.enrolments.all())
    enrolled = [e for e in enrolments if e.status in Enrolment.HOLDS_A_SEAT]
    waiting = sorted(
        (e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED),
        key=lambda e: e.waitlist_rank,
    )
    assert len(enrolled) <= class_.capacity
    assert [services.waitlist_position(e) for e in waiting] == list(range(1, len(waiting) + 1))
    assert len({e.user_id for e in enrolments}) == len(enrolments)
    if waiting:
        assert len(enrolled) == class_.capacity  # nobody waits while a seat is free


def test_sixty_simultaneous_requests_for_ten_seats():
    class_ = ClassFactory(capacity=10)
    people = UserFactory.create_batch(60)
    statuses = _run_all_at_once(
        [lambda person=person: services.enrol(person, class_, now=NOW).status for person in people]
    )
    assert statuses.count(EnrolmentStatus.ENROLLED) == 10
    assert statuses.count(EnrolmentStatus.WAITLISTED) == 50
    _assert_invariants(class_)
    waiting = class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED)
    assert sorted(services.waitlist_position(e) for e in waiting) == list(range(1, 51))


def test_simultaneous_cancels_and_enrolments_keep_the_roster_exact():
    class_ = ClassFactory(capacity=10)
    seated = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(10)]
    for _ in range(15):
        services.enrol(UserFactory(), class_, now=NOW)
    newcomers = UserFactory.create_batch(10)
    jobs = [lambda e=e: services.cancel(e, now=NOW) for e in seated[:6]]
    jobs += [lambda p=p: services.enrol(p, class_, now=NOW) for p in newcomers]
    jobs += [lambda p=p: services.enrol(p, class_, now=NOW) for p in newcomers[:4]]  # twice
    _run_all_at_once(jobs)
    _assert_invariants(class_)
    assert class_.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 10
    assert class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == 15 - 6 + 10


def test_seats_added_in_the_admin_while_people_enrol_and_cancel_go_to_those_waiting(staff):
    class_ = ClassFactory(capacity=5)
    seated = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(5)]
    waiting = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(10)]
    newcomers = UserFactory.create_batch(5)
    admin = Client()
    admin.force_login(staff)
    form = form_data(class_, capacity="8")
    jobs = [lambda: admin.post(edit_url(class_), form).status_code]
    jobs += [lambda e=e: services.cancel(e, now=NOW) for e in seated[:3]]
    jobs += [lambda p=p: services.enrol(p, class_, now=NOW) for p in newcomers]
    assert _run_all_at_once(jobs)[0] == 302
    class_.refresh_from_db()
    assert class_.capacity == 8
    _assert_invariants(class_)
    # Three cancelled and three seats added: the first six waiting got them, in order.
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [EnrolmentStatus.ENROLLED] * 6 + [EnrolmentStatus.WAITLISTED] * 4
    assert class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == 4 + 5


def _offers_class(seated: int, waiting: int):
    """A class that offers freed seats, full, with people waiting."""
    class_ = ClassFactory(capacity=seated, offers_seats=True)
    seats = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(seated)]
    line = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(waiting)]
    return class_, seats, line


def _statuses(enrolments) -> list[str]:
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


def test_six_simultaneous_cancels_offer_six_seats_to_the_first_six_waiting():
    class_, seats, line = _offers_class(10, 10)
    _run_all_at_once([lambda e=e: services.cancel(e, now=NOW) for e in seats[:6]])
    _assert_invariants(class_)
    assert _statuses(line) == [EnrolmentStatus.OFFERED] * 6 + [EnrolmentStatus.WAITLISTED] * 4


def test_an_answer_at_the_deadline_and_sweeps_beside_it_settle_the_seat_once():
    class_, seats, line = _offers_class(1, 2)
    services.cancel(seats[0], now=NOW)
    deadline = Enrolment.objects.get(pk=line[0].pk).offer_expires_at
    just_before = deadline - timedelta(seconds=1)
    jobs = [lambda: services.answer_offer(line[0], accept=True, now=just_before)[1]]
    jobs += [lambda: services.withdraw_expired_offers(deadline) for _ in range(4)]
    answer, *withdrawn = _run_all_at_once(jobs)
    _assert_invariants(class_)
    first, second = _statuses(line)
    if answer == services.OfferAnswer.ACCEPTED:  # the answer took the lock first
        assert (first, second, sum(withdrawn)) == ("enrolled", "waitlisted", 0)
    else:  # a sweep did: the offer passed on, once
        assert answer == services.OfferAnswer.CLOSED
        assert (first, second, sum(withdrawn)) == ("cancelled", "offered", 1)
    offer_events = Enrolment.objects.get(pk=line[0].pk).events.filter(from_status="offered")
    assert offer_events.count() == 1


def test_taking_and_letting_go_from_two_tabs_at_once_keeps_the_first_answer():
    class_, seats, line = _offers_class(1, 2)
    services.cancel(seats[0], now=NOW)
    answers = _run_all_at_once(
        [
            lambda: services.answer_offer(line[0], accept=True, now=NOW)[1],
            lambda: services.answer_offer(line[0], accept=False, now=NOW)[1],
        ]
    )
    _assert_invariants(class_)
    assert sorted(answers) in (["accepted", "closed"], ["closed", "declined"])
    first, second = _statuses(line)
    if "accepted" in answers:
        assert (first, second) == ("enrolled", "waitlisted")
    else:
        assert (first, second) == ("cancelled", "offered")


def _session_begun(course, minutes_ago: int):
    class_ = ClassFactory(course=course, sessions=1)
    session = class_.sessions.get()
    session.starts_at = timezone.now() - timedelta(minutes=minutes_ago)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    return session


@pytest.fixture
def session_under_way(course):
    """A session that began five minutes ago: check-in is open, and on time."""
    return _session_begun(course, 5)


def _signed_in(person) -> Client:
    client = Client(raise_request_exception=False)  # a server error is an answer here: 500
    client.force_login(person)
    return client


def _check_in(person, session):
    client = _signed_in(person)
    url = f"/learning/checkin/{session.pk}/"
    code = checkin.code_for(session, timezone.now())
    return lambda: client.post(url, {"code": code})


def _tap(instructor, session, enrolment, status):
    client = _signed_in(instructor)
    url = f"/learning/classes/{session.course_class_id}/sessions/{session.pk}/roll/{enrolment.pk}/"
    return lambda: client.post(url, {"status": status}, headers={"HX-Request": "true"})


def _history(mark) -> list[tuple[str, str, str]]:
    return list(
        mark.events.order_by("pk").values_list("from_status", "to_status", "actor__username")
    )


def _assert_one_entry_per_change(mark):
    """The history starts from nothing, each entry changes the mark, and it ends where it is."""
    history = _history(mark)
    assert history and history[0][0] == ""
    assert all(before != after for before, after, _ in history)
    assert all(history[i][1] == history[i + 1][0] for i in range(len(history) - 1))
    assert history[-1][1] == mark.status


def test_six_simultaneous_check_ins_with_the_right_code_mark_once(session_under_way, student):
    EnrolmentFactory(course_class=session_under_way.course_class, user=student)
    answers = _run_all_at_once([_check_in(student, session_under_way) for _ in range(6)])
    # One checks in; the others are told they already are, with nothing left to fill in.
    assert sorted(a.status_code for a in answers) == [200] * 5 + [302]
    assert all("이미 체크인" in a.content.decode() for a in answers if a.status_code == 200)
    mark = Attendance.objects.get()
    assert _history(mark) == [("", "present", "student")]


@pytest.mark.parametrize(
    "taps",
    [
        pytest.param(["present"] * 6, id="the-same-status"),
        pytest.param(["present", "late", "absent", "excused", "present", "late"], id="changing"),
    ],
)
def test_six_simultaneous_taps_on_one_roll_call_row(session_under_way, instructor, taps):
    enrolment = EnrolmentFactory(course_class=session_under_way.course_class)
    answers = _run_all_at_once(
        [_tap(instructor, session_under_way, enrolment, status) for status in taps]
    )
    assert [a.status_code for a in answers] == [200] * 6
    mark = Attendance.objects.get()
    _assert_one_entry_per_change(mark)
    if len(set(taps)) == 1:
        assert _history(mark) == [("", "present", "instructor")]


@pytest.mark.parametrize("status", ["late", "absent"])
def test_a_check_in_and_the_instructors_mark_at_the_same_moment(
    session_under_way, student, instructor, status
):
    """Either comes first; the second sees the first, as if they had come one after the other."""
    enrolment = EnrolmentFactory(course_class=session_under_way.course_class, user=student)
    checked_in, tapped = _run_all_at_once(
        [
            _check_in(student, session_under_way),
            _tap(instructor, session_under_way, enrolment, status),
        ]
    )
    assert tapped.status_code == 200
    mark = Attendance.objects.get()
    _assert_one_entry_per_change(mark)
    first = _history(mark)[0][2]
    if status == "late":  # a late mark stands against a check-in: late either way
        assert mark.status == "late"
        if first == "student":
            assert checked_in.status_code == 302
        else:  # told they are recorded already, with nothing left to fill in
            assert checked_in.status_code == 200
            assert "이미" in checked_in.content.decode()
    else:  # arriving corrects an absent mark, and an absent mark overrides a check-in
        assert checked_in.status_code == 302
        assert mark.status == ("absent" if first == "student" else "present")
    assert len(_history(mark)) == (2 if first == "student" or status == "absent" else 1)


def test_everyone_present_while_people_check_in_late_leaves_one_mark_each(course, instructor):
    session = _session_begun(course, 25)  # checking in now is late
    class_ = session.course_class
    learners = UserFactory.create_batch(5)
    for learner in learners:
        EnrolmentFactory(course_class=class_, user=learner)
    # Seats taken before the session began, so it counts for everyone from the start.
    Enrolment.objects.filter(course_class=class_).update(created_at=session.starts_at)
    everyone = _signed_in(instructor)
    url = f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/all-present/"
    jobs = [lambda: everyone.post(url)] + [_check_in(learner, session) for learner in learners]
    answers = _run_all_at_once(jobs)
    assert answers[0].status_code == 302
    for answer in answers[1:]:  # checked in late, or found the instructor's mark
        assert answer.status_code == 302 or "강사가 이미" in answer.content.decode()
    marks = Attendance.objects.filter(session=session)
    assert marks.count() == 5
    for mark in marks:  # whoever came first stands: no late check-in turned present
        assert len(_history(mark)) == 1
        assert (mark.status, mark.marked_by.username) in {
            ("late", mark.enrolment.user.username),
            ("present", "instructor"),
        }


def test_two_reminder_runs_at_once_remind_each_person_once():
    from enrolment import reminders
    from outbox.models import OutgoingMail

    class_ = ClassFactory(sessions=0, capacity=6)
    starts = timezone.localtime(NOW).replace(hour=19, minute=0) + timedelta(days=1)
    ends = starts + timedelta(hours=2)
    Session.objects.create(course_class=class_, starts_at=starts, ends_at=ends)
    people = [UserFactory(email=f"seat{n}@example.org") for n in range(6)]
    for person in people:
        EnrolmentFactory(course_class=class_, user=person)
    now = timezone.now()
    sent = _run_all_at_once([lambda: reminders.send_due(now)] * 4)
    assert sum(sent) == 6
    queued = sorted(mail.recipients for mail in OutgoingMail.objects.all())
    assert queued == sorted(person.email for person in people)


def test_two_reminder_sweeps_at_once_remind_each_person_once():
    """The scheduler run twice at the same moment (a timer and a person by hand, or two
    servers): each reminder is decided under the sent-log's unique row, so none goes twice."""
    class_ = ClassFactory(sessions=0)
    starts = NOW + timedelta(minutes=40)  # the hour-before reminder is due
    Session.objects.create(
        course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    people = [EnrolmentFactory(course_class=class_).user for _ in range(8)]
    mail.outbox.clear()

    def sweep():
        call_command("send_notices", stdout=open(os.devnull, "w"))  # noqa: SIM115

    _run_all_at_once([sweep] * 4)
    reminded = [m.to[0] for m in mail.outbox if "1시간" in m.subject]
    assert sorted(reminded) == sorted(person.email for person in people)
