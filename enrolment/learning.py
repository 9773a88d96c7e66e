"""What a person's "My learning" page shows, gathered in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from core.versions import TIMEOUT, content_version, dependency_versions, kept
from courses.models import Class, Session
from courses.schedule import CLASSES_DEPENDENCY, SCHOOL_SCHEDULE, classes_versions
from enrolment import checkin, class_messages, completion, feedback
from enrolment.learners import learner_dependency
from enrolment.models import Attendance, Enrolment, FeedbackGiven


@dataclass
class MyLearning:
    upcoming_sessions: list[Session]
    current: list[Enrolment]
    past: list[Enrolment]
    teaching: list[Class]
    unmarked_sessions: list[Session]
    teaching_today: list[Session]
    # The next moment the page changes though nothing is written: a check-in opens, a
    # session ends (it leaves the upcoming list; its class may become past); None if never.
    changes_at: datetime | None


# How far ahead My learning lists the sessions someone teaches.
TEACHING_AHEAD = timedelta(days=14)


def my_learning(user, now: datetime) -> MyLearning:
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.CANCELLED)
        .exclude(course_class__status=Class.Status.DRAFT)
        .with_waitlist_positions()
        .annotate(
            seat_since=completion.last_seat_since(),
            answered_survey=Exists(FeedbackGiven.objects.filter(enrolment=OuterRef("pk"))),
        )
        .select_related("course_class__course")
    )
    scheduled, called_off = _sessions([enrolment.course_class for enrolment in enrolments])
    changes_at = _next_change([s for sessions in scheduled.values() for s in sessions], now)
    # A seat held from the waitlist stops being offered at its deadline, by the clock alone.
    deadlines = [
        e.offer_expires_at for e in enrolments if e.offer_expires_at and e.offer_expires_at > now
    ]
    changes_at = min([t for t in (changes_at, *deadlines) if t is not None], default=None)
    current, past = [], []
    for enrolment in enrolments:
        # A held seat can be answered until its deadline; the sweep then passes it on.
        enrolment.offer_open = (
            enrolment.status == Enrolment.Status.OFFERED
            and enrolment.offer_expires_at is not None
            and enrolment.offer_expires_at > now
        )
        sessions = scheduled[enrolment.course_class_id]
        finished = bool(sessions) and max(s.ends_at for s in sessions) < now
        (past if finished else current).append(enrolment)
        # The survey after class, while it is open and not answered yet.
        enrolment.survey_open = (
            finished
            and not enrolment.answered_survey
            and enrolment.status == Enrolment.Status.ENROLLED
            and now - max(s.ends_at for s in sessions) <= feedback.OPEN_FOR
        )
    upcoming = _ahead(current, scheduled, now)
    # Sessions called off stay in the list, marked 휴강 with the reason, not dropped.
    off = _ahead(current, called_off, now)
    seated = [e for e in enrolments if e.status == Enrolment.Status.ENROLLED]
    marks = completion.marks_of(seated)  # one query for check-in and progress
    mine = {session_id: status for (_enrolment, session_id), status in marks.items()}
    can_check_in = checkin.open_for(upcoming, now, mine)
    for session in upcoming:
        session.checkin_open = session.pk in can_check_in
        # Already recorded (a check-in, or the instructor's mark): say so.
        recorded = mine.get(session.pk)
        session.my_mark = Attendance.Status(recorded).label if recorded else None
    progress = completion.progress_for(
        seated, sessions=[s for e in seated for s in scheduled[e.course_class_id]], marks=marks
    )
    for enrolment in enrolments:
        enrolment.progress = progress.get(enrolment.pk)
    # What instructors wrote to the class, for those with a seat (latecomers too).
    written = class_messages.for_classes(
        [e.course_class_id for e in current if e.status == Enrolment.Status.ENROLLED]
    )
    for enrolment in current:
        enrolment.class_messages = written.get(enrolment.course_class_id, [])
    teaching = _teaching(user)
    for class_ in teaching:
        class_.phase = phase(class_, now)
    today, teaching_next = _teaching_sessions(teaching, now)
    attending = {session.pk for session in upcoming}
    teaching_next = [session for session in teaching_next if session.pk not in attending]
    for session in teaching_next:
        session.teaching = True
    return MyLearning(
        upcoming_sessions=sorted(upcoming + off + teaching_next, key=lambda s: s.starts_at),
        current=current,
        past=past,
        teaching=teaching,
        unmarked_sessions=_unmarked_sessions(teaching, now),
        teaching_today=today,
        changes_at=changes_at,
    )


def own_versions(user) -> list[str]:
    """The versions of everything a person's own learning shows, for a cache of it: the
    pages (course titles, lessons), every class's sessions, seats and waitlist (another's
    cancellation moves a waitlist position), the person's own record (enrolments, marks,
    lessons done, completion) and the completion rules; and the language it is shown in."""
    names = [SCHOOL_SCHEDULE, learner_dependency(user.pk), completion.RULES]
    return [content_version(), *dependency_versions(names).values(), get_language()]


def _next_change(sessions, now: datetime) -> datetime | None:
    opens = timedelta(minutes=settings.CHECKIN_OPENS_MINUTES)
    # A session stays upcoming (and open to check in) until the end of its last moment.
    just_after = timedelta(microseconds=1)
    moments = [t for s in sessions for t in (s.starts_at - opens, s.ends_at + just_after)]
    return min((t for t in moments if t > now), default=None)


def teaches(user) -> bool:
    """Whether the person teaches any class but cancelled ones. Most people teach none:
    that is known from the cache, under the content version (a course's instructors are
    published with it) and the classes version (a class's are saved with it,
    courses.signals), without asking."""
    found = kept.get(_teaches_key(user))
    return bool(_teaching(user)) if found is None else found


def _teaches_key(user) -> str:
    return f"teaches-any:{user.pk}:{content_version()}:{classes_versions()[CLASSES_DEPENDENCY]}"


def _teaching(user) -> list[Class]:
    """The classes the person teaches, but cancelled ones, with their seats."""
    key = _teaches_key(user)
    if kept.get(key) is False:
        return []
    teaching = list(
        Class.objects.filter(Q(instructors=user) | Q(course__instructors=user))
        .exclude(status=Class.Status.CANCELLED)
        .distinct()
        .with_seats()
        .select_related("course")
        .order_by("-enrolment_opens_at")
    )
    kept.set(key, bool(teaching), TIMEOUT)
    return teaching


def _ahead(current, sessions, now: datetime) -> list[Session]:
    """Of `sessions` ({class id: its sessions}), those not over yet in the classes the
    person has a seat in (and that are not cancelled), soonest first."""
    return sorted(
        (
            session
            for enrolment in current
            if enrolment.status == Enrolment.Status.ENROLLED
            and enrolment.course_class.status != Class.Status.CANCELLED
            for session in sessions[enrolment.course_class_id]
            if session.ends_at >= now
        ),
        key=lambda session: session.starts_at,
    )


def _sessions(classes) -> tuple[dict[int, list[Session]], dict[int, list[Session]]]:
    """The scheduled and the called-off sessions of each class, with their lessons, in one
    query; each knows its class without asking."""
    by_pk = {class_.pk: class_ for class_ in classes}
    scheduled = {pk: [] for pk in by_pk}
    called_off = {pk: [] for pk in by_pk}
    sessions = Session.objects.filter(course_class__in=list(by_pk))
    for session in sessions.select_related("lesson").order_by("starts_at", "pk"):
        session.course_class = by_pk[session.course_class_id]
        cancelled = session.status == Session.Status.CANCELLED
        (called_off if cancelled else scheduled)[session.course_class_id].append(session)
    return scheduled, called_off


def phase(class_: Class, now: datetime) -> str:
    """Where a class stands, for the people who teach it: its status while enrolment is
    the question, "running" from its first session, "finished" after its last."""
    if class_.status in (Class.Status.OPEN, Class.Status.CLOSED):
        if class_.last_ends_at and class_.last_ends_at < now:
            return "finished"
        if class_.first_starts_at and class_.first_starts_at <= now:
            return "running"
    return class_.status


def _teaching_sessions(classes, now) -> tuple[list[Session], list[Session]]:
    """Sessions of these classes in one query: those on today's date in Seoul (where roll
    calls start), and those not yet over within TEACHING_AHEAD."""
    if not classes:
        return [], []
    today = timezone.localtime(now).date()
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    sessions = list(
        Session.objects.filter(
            course_class__in=classes,
            status=Session.Status.SCHEDULED,
            starts_at__gte=midnight,
            starts_at__lt=max(now + TEACHING_AHEAD, midnight + timedelta(days=1)),
        )
        .select_related("course_class__course", "lesson")
        .order_by("starts_at")
    )
    on_today = [s for s in sessions if timezone.localtime(s.starts_at).date() == today]
    return on_today, [s for s in sessions if s.ends_at >= now]


def _unmarked_sessions(classes, now) -> list[Session]:
    """Past sessions of these classes where someone who had a seat has no mark yet: a to-do."""
    if not classes:
        return []
    marked = Attendance.objects.filter(enrolment=OuterRef("pk"), session=OuterRef(OuterRef("pk")))
    waiting = (
        Enrolment.objects.filter(
            course_class=OuterRef("course_class"), status=Enrolment.Status.ENROLLED
        )
        # When each enrolment last became a seat, as completion.enrolled_since counts it.
        .alias(seat_since=Coalesce(completion.last_seat_since(), F("created_at")))
        .filter(~Exists(marked), seat_since__lt=OuterRef("ends_at"))
    )
    return list(
        Session.objects.filter(
            Exists(waiting),
            course_class__in=classes,
            status=Session.Status.SCHEDULED,
            ends_at__lt=now,
        )
        .select_related("course_class__course")
        .order_by("starts_at")
    )
