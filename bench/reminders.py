"""The reminder sweep at scale: many sessions tomorrow, each with a full class.

Run: .venv/bin/python -m bench.reminders [--sessions 2000] [--learners 30]

Builds that many classes with one session tomorrow evening and that many people with a
seat in each (people are shared between classes, as an active school's are), then runs
`reminders.send_due` the day before at 11:00: every reminder is decided, recorded in the
sent-log, rendered and queued in the outbox, as in production. Beside it, the floor: a
bare loop over the same people and sessions that writes one sent-log row each and
nothing else. Prints the time per notice and its ratio to the floor's, and the queries
the sweep reads to decide (constant in the number of sessions) and writes per notice.
The e-mail is delivered in the sweep here (the immediate task backend), which the
worker does apart in production. Not a timed test.
"""

import argparse
import sys
import time
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bench.harness import connection, prepare_database
from cms.models import CatalogPage, CoursePage, Track
from courses.models import Class, Session
from enrolment import reminders
from enrolment.models import Enrolment
from outbox.models import OutgoingMail, SentNotice

User = get_user_model()


def _school(sessions: int, learners: int, tomorrow) -> list[Session]:
    track, _ = Track.objects.get_or_create(slug="bench", defaults={"name": "벤치마크"})
    slug = f"bench-reminders-{time.time_ns()}"
    course = CoursePage(title=slug, slug=slug, track=track, summary="벤치마크")
    CatalogPage.objects.get().add_child(instance=course)
    now = timezone.now()
    classes = Class.objects.bulk_create(
        Class(
            course=course,
            title=f"{n}기",
            capacity=learners,
            status=Class.Status.OPEN,
            enrolment_opens_at=now - timedelta(days=30),
            enrolment_closes_at=now + timedelta(hours=1),
        )
        for n in range(sessions)
    )
    starts = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(
        hours=19
    )
    made = Session.objects.bulk_create(
        Session(course_class=c, starts_at=starts, ends_at=starts + timedelta(hours=2))
        for c in classes
    )
    pool = User.objects.bulk_create(
        User(username=f"{slug}-{n}", name=f"학습자{n}", email=f"{slug}-{n}@example.org")
        for n in range(max(learners * 10, 300))
    )
    Enrolment.objects.bulk_create(
        Enrolment(user=pool[(i * 7 + j) % len(pool)], course_class=c, status="enrolled")
        for i, c in enumerate(classes)
        for j in range(learners)
    )
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    prepare_database()
    SentNotice.objects.all().delete()
    OutgoingMail.objects.all().delete()
    Session.objects.filter(course_class__course__slug__startswith="bench-reminders-").delete()
    tomorrow = timezone.localdate() + timedelta(days=1)
    made = _school(args.sessions, args.learners, tomorrow)
    sweep_at = timezone.make_aware(
        datetime.combine(tomorrow - timedelta(days=1), datetime.min.time())
    ) + timedelta(hours=11)

    # The floor: one sent-log row per person and session, nothing else.
    pairs = list(
        Enrolment.objects.filter(course_class__sessions__in=made).values_list(
            "user_id", "course_class__sessions"
        )
    )
    start = time.perf_counter()
    for user_id, session_id in pairs:  # each committed by itself, as each notice is
        with transaction.atomic():
            SentNotice.objects.create(user_id=user_id, kind="bench", key=f"session:{session_id}")
    floor = (time.perf_counter() - start) / len(pairs)

    counted = []
    with connection.execute_wrapper(lambda execute, *a: counted.append(1) or execute(*a)):
        start = time.perf_counter()
        told = reminders.send_due(sweep_at)
        elapsed = time.perf_counter() - start
    per_notice = elapsed / max(told, 1)
    writes = len(counted) - 2  # the sessions with their people: two reads
    print(f"{connection.vendor}; {args.sessions} sessions × {args.learners} people")
    print(f"reminders sent        {told}")
    print(
        f"time per reminder     {per_notice * 1000:.2f} ms (floor {floor * 1000:.2f} ms, "
        f"{per_notice / floor:.1f}×)"
    )
    print(f"queries               2 to decide, {writes / max(told, 1):.1f} per reminder")
    return 0 if told == len(pairs) else 1


if __name__ == "__main__":
    sys.exit(main())
