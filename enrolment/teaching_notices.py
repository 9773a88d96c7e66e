"""What instructors are told without asking: the morning's roll calls, and a session whose
roll call was left unfinished, the next morning.

`send_due(now)` runs with every sweep (`manage.py send_notices`); both notices wait for
the morning (from 08:00 in Seoul) and each is told once: the day's list once per day, an
unfinished roll call once per session. Who is told: the class's instructors and the
course's, as the roll call lets them mark.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from courses.models import Class, Session
from enrolment.models import Attendance, Enrolment
from outbox.notices import is_quiet, tell_once

ROLL_CALL_TODAY = "roll-call-today"
ROLL_CALL_UNFINISHED = "roll-call-unfinished"
# How far back an unfinished roll call is still worth a word.
LOOK_BACK = timedelta(days=7)


def send_due(now: datetime) -> int:
    if is_quiet(now):
        return 0
    today = timezone.localdate(now)
    midnight = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    return _today(today, midnight, now) + _unfinished(midnight)


def _sessions():
    return Session.objects.filter(
        status=Session.Status.SCHEDULED,
        course_class__status__in=[Class.Status.OPEN, Class.Status.CLOSED],
    ).select_related("course_class__course")


def _teachers(sessions) -> dict:
    """{teacher: [their sessions]} for the sessions given."""
    classes = {session.course_class_id for session in sessions}
    User = get_user_model()
    taught = defaultdict(list)
    for class_id in classes:
        people = User.objects.filter(
            Q(taught_classes=class_id) | Q(taught_courses__classes=class_id), is_active=True
        ).distinct()
        for person in people:
            taught[person] += [s for s in sessions if s.course_class_id == class_id]
    return taught


def _today(today, midnight: datetime, now: datetime) -> int:
    sessions = list(
        _sessions()
        .filter(starts_at__gte=max(midnight, now), starts_at__lt=midnight + timedelta(days=1))
        .order_by("starts_at")
    )
    told = 0
    for person, theirs in _teachers(sessions).items():
        theirs.sort(key=lambda session: session.starts_at)
        for session in theirs:
            session.roll_call_url = reverse(
                "enrolment:roll_call", args=[session.course_class_id, session.pk]
            )
        told += tell_once(
            person,
            ROLL_CALL_TODAY,
            f"day:{today.isoformat()}",
            "enrolment/email/roll_call_today",
            {"sessions": theirs},
            link=theirs[0].roll_call_url,
        )
    return told


def _unfinished(midnight: datetime) -> int:
    """Sessions over before today with someone who had a seat and has no mark."""
    seated_unmarked = Enrolment.objects.filter(
        course_class=OuterRef("course_class"),
        status=Enrolment.Status.ENROLLED,
        created_at__lt=OuterRef("ends_at"),
    ).exclude(
        Exists(
            Attendance.objects.filter(enrolment=OuterRef("pk"), session=OuterRef(OuterRef("pk")))
        )
    )
    sessions = list(
        _sessions()
        .filter(ends_at__lt=midnight, ends_at__gte=midnight - LOOK_BACK)
        .filter(Exists(seated_unmarked))
        .order_by("starts_at")
    )
    told = 0
    for person, theirs in _teachers(sessions).items():
        for session in theirs:
            url = reverse("enrolment:roll_call", args=[session.course_class_id, session.pk])
            told += tell_once(
                person,
                ROLL_CALL_UNFINISHED,
                f"session:{session.pk}",
                "enrolment/email/roll_call_unfinished",
                {"session": session, "url": url},
                link=url,
            )
    return told
