"""Many people at once, on PostgreSQL: seats are never oversold and the waitlist has no gaps.

These run in CI's PostgreSQL pass. SQLite takes one writer at a time, so it cannot show
what row locking prevents.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from enrolment import services
from enrolment.models import Enrolment
from tests.courses.class_admin import edit_url, form_data
from tests.factories import NOW, ClassFactory, UserFactory

Status = Enrolment.Status

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
    enrolled = [e for e in enrolments if e.status == Status.ENROLLED]
    waiting = sorted(
        (e for e in enrolments if e.status == Status.WAITLISTED), key=lambda e: e.waitlist_rank
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
    assert statuses.count(Status.ENROLLED) == 10
    assert statuses.count(Status.WAITLISTED) == 50
    _assert_invariants(class_)
    waiting = class_.enrolments.filter(status=Status.WAITLISTED)
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
    assert class_.enrolments.filter(status=Status.ENROLLED).count() == 10
    assert class_.enrolments.filter(status=Status.WAITLISTED).count() == 15 - 6 + 10


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
    assert statuses == [Status.ENROLLED] * 6 + [Status.WAITLISTED] * 4
    assert class_.enrolments.filter(status=Status.WAITLISTED).count() == 4 + 5
