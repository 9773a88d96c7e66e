"""Enrolment rules, in one place: enrol, cancel, promote from the waitlist or offer a
freed seat, answer an offer, reorder the waitlist.

Every function here takes a row lock on the class inside a transaction and counts seats
from the enrolment rows themselves, so two requests for the last seat cannot both win
and no counter can drift from the roster.

A class that offers freed seats (`Class.offers_seats`) does not enrol the first person
waiting at once: it holds the seat for them until a deadline, and they accept or decline.
An offer that runs out, or is declined, passes to the next person. Offers past their
deadline are withdrawn by whoever next takes the class's lock, and by the sweep
(`withdraw_expired_offers`), so a seat is never held longer than its deadline plus a
sweep's interval.
"""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import CoursePage
from core.dates import format_datetime
from core.errors import Refusal
from core.versions import TIMEOUT, content_version, kept
from courses.models import Class, Session, classes_with_seats
from courses.schedule import schedule_changed
from enrolment import completion, notifications
from enrolment.learners import learner_changed
from enrolment.models import Enrolment, EnrolmentEvent

EnrolmentStatus = Enrolment.Status


class EnrolmentError(Refusal):
    """A refusal of the enrolment rules."""


class EnrolmentClosed(EnrolmentError):
    pass


class PrerequisitesMissing(EnrolmentError):
    def __init__(self, courses):
        self.courses = list(courses)
        names = ", ".join(course.title for course in self.courses)
        super().__init__(_("Complete these courses first: %(names)s") % {"names": names})


def _lock(class_: Class) -> Class:
    # Lock the class row so two last-seat requests can't both win.
    return Class.objects.select_for_update().select_related("course").get(pk=class_.pk)


def _lock_for_seats(class_: Class) -> Class:
    """Lock the class row, then read it as it stands under the lock, with its schedule, its
    seats left and the next waitlist rank (`next_rank`).

    Two statements: a statement that waited for the lock still computes its other columns
    from the rows as they were when it started, before the holder of the lock committed.
    """
    Class.objects.select_for_update().only("pk").get(pk=class_.pk)
    return _classes_with_seats_and_rank().get(pk=class_.pk)


@functools.cache
def _classes_with_seats_and_rank():
    """Built once per process, as `classes_with_seats` is."""
    last_rank = (
        Enrolment.objects.filter(course_class=OuterRef("pk"))
        .order_by()
        .values("course_class")
        .annotate(rank=Max("waitlist_rank"))
        .values("rank")
    )
    return classes_with_seats().annotate(next_rank=Coalesce(Subquery(last_rank), 0) + 1)


def _schedule(class_: Class) -> tuple[datetime | None, datetime | None]:
    sessions = class_.sessions.filter(status=Session.Status.SCHEDULED)
    bounds = sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    return bounds["first"], bounds["last"]


def seats_left(class_: Class) -> int:
    """Seats left now, counted afresh (Class.objects.with_seats is where they are defined)."""
    return Class.objects.with_seats().values_list("seats_left", flat=True).get(pk=class_.pk)


def waitlist_position(enrolment: Enrolment) -> int | None:
    """Return 1 for the first person waiting, or None if not waitlisted."""
    return (
        Enrolment.objects.with_waitlist_positions()
        .values_list("waitlist_position", flat=True)
        .get(pk=enrolment.pk)
    )


def _last_end(class_: Class) -> datetime | None:
    if hasattr(class_, "last_ends_at"):  # annotated by Class.objects.with_schedule()
        return class_.last_ends_at
    return _schedule(class_)[1]


def refusal(class_: Class, now: datetime) -> str | None:
    """Say why nobody can enrol in the class right now, or None if they can."""
    try:
        _check_open(class_, now, staff_override=False)
    except EnrolmentClosed as error:
        return error.message
    return None


def _check_open(class_: Class, now: datetime, *, staff_override: bool) -> None:
    if class_.status == Class.Status.CANCELLED:
        raise EnrolmentClosed(_("This class has been cancelled."))
    if class_.status == Class.Status.DRAFT:
        raise EnrolmentClosed(_("This class is not open for enrolment yet."))
    last = _last_end(class_)
    if last is not None and last < now:
        raise EnrolmentClosed(_("This class has already finished."))
    if staff_override:
        return
    if class_.status == Class.Status.CLOSED:
        raise EnrolmentClosed(_("Enrolment for this class is closed."))
    if now < class_.enrolment_opens_at:
        opens = format_datetime(class_.enrolment_opens_at)
        raise EnrolmentClosed(_("Enrolment opens on %(date)s.") % {"date": opens})
    if now >= class_.enrolment_closes_at:
        raise EnrolmentClosed(_("The enrolment period for this class has ended."))


@dataclass(frozen=True)
class RequiredCourse:
    pk: int
    title: str
    url: str = ""


def required_courses(course_id: int) -> list[RequiredCourse]:
    """The courses to complete before this one, as published: read from the database once
    per content version (publishing or unpublishing any page bumps it), never from a page
    object that may carry unsaved edits."""
    key = f"enrolment:required:{course_id}:{content_version()}"
    found = kept.get(key)
    if found is None:
        rows = (
            CoursePage.objects.live()
            .filter(required_by=course_id)
            .order_by("title")
            .only("id", "title", "url_path", "path", "depth")
        )
        found = [RequiredCourse(page.pk, page.title, page.get_url() or "") for page in rows]
        kept.set(key, found, TIMEOUT)
    return found


def missing_prerequisites(user, class_: Class) -> list[RequiredCourse]:
    required = required_courses(class_.course_id)
    if not required:
        return []
    completed = set(
        Enrolment.objects.filter(user=user, completed_at__isnull=False).values_list(
            "course_class__course_id", flat=True
        )
    )
    return [course for course in required if course.pk not in completed]


def _record(enrolment: Enrolment, from_status: str, *, actor, reason: str) -> None:
    schedule_changed(enrolment.course_class.course_id)
    learner_changed(enrolment.user_id)
    if from_status != enrolment.status:
        notifications.enrolment_changed(enrolment)
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=from_status,
        to_status=enrolment.status,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def enrol(
    user,
    class_: Class,
    *,
    actor=None,
    reason: str = "",
    staff_override: bool = False,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol the person, or put them on the waitlist when the class is full.

    Enrolling again while enrolled or waitlisted changes nothing. `staff_override` lets
    staff enrol by hand outside the enrolment window and without the prerequisites.
    """
    now = now or timezone.now()
    # What the class's lock does not guard is read before it is taken: the person's own
    # completions.
    missing = [] if staff_override else missing_prerequisites(user, class_)
    class_ = _lock_for_seats(class_)
    if class_.offers_seats and _withdraw_expired(class_, now):
        class_ = _lock_for_seats(class_)  # read again: seats left, and the next rank
    enrolment = Enrolment.objects.filter(user=user, course_class=class_).first()
    if enrolment and enrolment.is_active:
        return enrolment
    _check_open(class_, now, staff_override=staff_override)
    if missing:
        raise PrerequisitesMissing(missing)

    previous = enrolment.status if enrolment else ""
    enrolment = enrolment or Enrolment(user=user, course_class=class_)
    if class_.seats_left > 0:
        enrolment.status, enrolment.waitlist_rank = EnrolmentStatus.ENROLLED, None
    else:
        enrolment.status, enrolment.waitlist_rank = EnrolmentStatus.WAITLISTED, class_.next_rank
    enrolment.save()
    _record(enrolment, previous, actor=actor or user, reason=reason)
    return enrolment


@transaction.atomic
def cancel(
    enrolment: Enrolment, *, actor=None, reason: str = "", now: datetime | None = None
) -> Enrolment:
    """Cancel the enrolment; a freed seat goes to the first person waiting.

    The returned enrolment's `promoted` lists who took the freed seat (empty if nobody).
    """
    now = now or timezone.now()
    class_ = _lock(enrolment.course_class)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.promoted = []
    if not enrolment.is_active:
        return enrolment
    previous = enrolment.status
    _set(enrolment, EnrolmentStatus.CANCELLED)
    _record(enrolment, previous, actor=actor or enrolment.user, reason=reason)
    if previous in Enrolment.HOLDS_A_SEAT:
        enrolment.promoted = _promote(class_, now)
    return enrolment


def _set(enrolment: Enrolment, status: str, *, rank=None, offer_expires_at=None) -> None:
    """Give the enrolment its new status, with the waitlist rank or offer deadline only
    that status carries, and save it."""
    enrolment.status = status
    enrolment.waitlist_rank, enrolment.offer_expires_at = rank, offer_expires_at
    enrolment.save()


def offer_deadline(class_: Class, now: datetime) -> datetime:
    """Until when a seat offered now is held: the class's hours, but never more than half
    the time left before its first session, so the next person still has time too."""
    held = timedelta(hours=class_.offer_hours)
    first_start, _last = _schedule(class_)
    if first_start is not None:
        held = min(held, (first_start - now) / 2)
    return now + held


def _withdraw_expired(class_: Class, now: datetime) -> int:
    """Under the class's lock: take back the seats offered whose deadline has passed, and
    pass them on. Return how many were taken back."""
    expired = list(
        class_.enrolments.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
    )
    for enrolment in expired:
        _set(enrolment, EnrolmentStatus.CANCELLED)
        _record(
            enrolment,
            EnrolmentStatus.OFFERED,
            actor=None,
            reason=_("The seat offered was not accepted in time."),
        )
    if expired:
        _promote(class_, now)
    return len(expired)


def withdraw_expired_offers(now: datetime | None = None) -> int:
    """Take back every offer past its deadline and pass each seat on, class by class,
    each under its own lock (the sweep runs this). Return how many were taken back."""
    now = now or timezone.now()
    classes = (
        Enrolment.objects.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("course_class", flat=True)
        .distinct()
    )
    withdrawn = 0
    for class_id in list(classes):
        with transaction.atomic():
            withdrawn += _withdraw_expired(_lock(Class(pk=class_id)), now)
    return withdrawn


class OfferAnswer:
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # too late: the seat went back
    CLOSED = "closed"  # no offer open: answered before, or never made


@transaction.atomic
def answer_offer(
    enrolment: Enrolment, *, accept: bool, now: datetime | None = None
) -> tuple[Enrolment, str]:
    """The person takes the seat held for them, or lets it go to the next person waiting.

    Return the enrolment as it now stands and what became of the answer (`OfferAnswer`):
    an answer after the deadline finds the seat taken back, even if no sweep ran yet.
    """
    now = now or timezone.now()
    class_ = _lock(enrolment.course_class)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.OFFERED:
        return enrolment, OfferAnswer.CLOSED
    if enrolment.offer_expires_at <= now:
        _withdraw_expired(class_, now)
        enrolment.refresh_from_db()
        return enrolment, OfferAnswer.EXPIRED
    if accept:
        _set(enrolment, EnrolmentStatus.ENROLLED)
        _record(enrolment, EnrolmentStatus.OFFERED, actor=enrolment.user, reason="")
        return enrolment, OfferAnswer.ACCEPTED
    _set(enrolment, EnrolmentStatus.CANCELLED)
    _record(
        enrolment,
        EnrolmentStatus.OFFERED,
        actor=enrolment.user,
        reason=_("Declined the seat offered."),
    )
    _promote(class_, now)
    return enrolment, OfferAnswer.DECLINED


def waiting_for_a_freed_seat(class_: Class, now: datetime) -> int:
    """How many people would be in line for a seat freed now: none once the class began."""
    if not _fills_freed_seats(class_, now):
        return 0
    return class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count()


def _fills_freed_seats(class_: Class, now: datetime) -> bool:
    first_start, _last = _schedule(class_)
    # Once a class has started, a freed seat stays free.
    return class_.status != Class.Status.CANCELLED and (first_start is None or first_start > now)


@transaction.atomic
def promote_from_waitlist(
    class_: Class, *, actor=None, reason: str = "", now: datetime | None = None
) -> list[Enrolment]:
    """Fill free seats from the waitlist, first come first served (or offer them, in a
    class that offers freed seats).

    Call it wherever seats can appear other than by a cancellation: more seats, a class
    re-opened, a first session moved later. `actor` is who made the change, if anyone.
    """
    now = now or timezone.now()
    class_ = _lock(class_)
    if class_.offers_seats and _withdraw_expired(class_, now):
        return []  # the seats went on with the offers taken back
    return _promote(class_, now, actor=actor, reason=reason)


def _promote(class_: Class, now: datetime, *, actor=None, reason: str = "") -> list[Enrolment]:
    """Give each free seat to the next person waiting: a seat, or an offer of one."""
    if not _fills_freed_seats(class_, now):
        return []
    waiting = class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by(
        "waitlist_rank", "pk"
    )
    if class_.offers_seats:
        status, deadline = EnrolmentStatus.OFFERED, offer_deadline(class_, now)
    else:
        status, deadline = EnrolmentStatus.ENROLLED, None
    promoted = []
    for enrolment in waiting[: seats_left(class_)]:
        _set(enrolment, status, offer_expires_at=deadline)
        _record(
            enrolment,
            EnrolmentStatus.WAITLISTED,
            actor=actor,
            reason=reason or _("A seat became free."),
        )
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def move_up(enrolment: Enrolment, *, actor, reason: str) -> Enrolment:
    """Swap a waitlisted person with the one just ahead of them (staff only)."""
    _lock(enrolment.course_class)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        raise EnrolmentError(_("Only people on the waitlist can be moved up."))
    ahead = (
        enrolment.course_class.enrolments.filter(
            status=EnrolmentStatus.WAITLISTED, waitlist_rank__lt=enrolment.waitlist_rank
        )
        .order_by("-waitlist_rank")
        .first()
    )
    if ahead is None:
        return enrolment
    mine, theirs = enrolment.waitlist_rank, ahead.waitlist_rank
    # Ranks are unique per class: park one at 0 (never used) while swapping.
    for row, rank in ((ahead, 0), (enrolment, theirs), (ahead, mine)):
        row.waitlist_rank = rank
        row.save(update_fields=["waitlist_rank", "updated_at"])
    _record(enrolment, EnrolmentStatus.WAITLISTED, actor=actor, reason=reason)
    return enrolment


@transaction.atomic
def cancel_class(class_: Class, *, actor, reason: str, now: datetime | None = None) -> int:
    """Cancel the class and everyone's place in it; return how many were cancelled."""
    now = now or timezone.now()
    class_ = _lock(class_)
    if class_.status != Class.Status.CANCELLED:
        class_.status = Class.Status.CANCELLED
        class_.save(update_fields=["status", "updated_at"])
    active = list(class_.enrolments.exclude(status=EnrolmentStatus.CANCELLED))
    for enrolment in active:
        previous = enrolment.status
        _set(enrolment, EnrolmentStatus.CANCELLED)
        _record(enrolment, previous, actor=actor, reason=reason)
    return len(active)


@transaction.atomic
def session_moved(session: Session, *, starts_at: datetime, ends_at: datetime, place: str) -> None:
    """A scheduled session now meets at another time or place (given: where it was):
    tell the people enrolled, once the change commits."""
    if session.status != Session.Status.SCHEDULED:
        return
    # To the minute, as people are told the time (and as the admin's form edits it).
    now = (_minute(session.starts_at), _minute(session.ends_at), session.effective_place)
    if now != (_minute(starts_at), _minute(ends_at), place):
        _remember_first_plan(session, starts_at, place)
        notifications.session_moved(session, starts_at=starts_at, ends_at=ends_at, place=place)


def _remember_first_plan(session: Session, starts_at: datetime, place: str) -> None:
    """Keep when and where the session was first planned (a session moved back there is
    no longer marked as moved)."""
    first = session.moved_from or starts_at
    first_place = session.moved_from_place if session.moved_from else place
    back = (_minute(first), first_place) == (_minute(session.starts_at), session.effective_place)
    session.moved_from, session.moved_from_place = (None, "") if back else (first, first_place)
    Session.objects.filter(pk=session.pk).update(
        moved_from=session.moved_from, moved_from_place=session.moved_from_place
    )


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def cancel_session(session: Session, *, reason: str = "", make_up=()) -> Session:
    """Call off one meeting, for `reason`: tell the people enrolled (with the sessions
    scheduled to make up for it, if any) and, since a cancelled session no longer counts,
    re-decide everyone's completion."""
    reason = reason or session.cancel_reason
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status, session.cancel_reason = Session.Status.CANCELLED, reason
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    notifications.session_cancelled(session, make_up=[other.pk for other in make_up])
    completion.refresh_all(session.course_class.enrolments.filter(status=Enrolment.Status.ENROLLED))
    return session
