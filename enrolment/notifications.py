"""E-mails about enrolment, written by the worker once the change commits.

Once the transaction commits, a task is queued; the background worker writes the
message (its text and .ics) and hands it to the outbox (every e-mail goes through
`outbox`), which sends it with retries. The request that made the change only queues
the task: writing mail never holds a row lock or slows an answer, a mail server that
hangs or fails never undoes the enrolment, and a rollback sends nothing.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from courses.calendar import Role, class_calendar
from courses.models import Session
from enrolment.models import Enrolment
from outbox.notices import tell_once


def enrolment_changed(enrolment: Enrolment) -> None:
    """Tell the person about their new status once the transaction commits."""
    enrolment_id, status = enrolment.pk, enrolment.status
    # Robust: a message that cannot be written is logged, never an error for a change
    # that has already committed.
    transaction.on_commit(lambda: send_status_mail.enqueue(enrolment_id, status), robust=True)


STATUS = "enrolment-status"


def _course_link(class_) -> str:
    return f"{class_.course.url}#class-{class_.pk}"


@task(backend="background")
def send_status_mail(enrolment_id: int, status: str) -> None:
    enrolment = Enrolment.objects.select_related("user", "course_class__course").get(
        pk=enrolment_id
    )
    if enrolment.status != status:
        return  # changed again since: the later change tells its own
    class_ = enrolment.course_class
    # Each change of status is told once: the history row that recorded it names it.
    event = enrolment.events.filter(to_status=status).order_by("-pk").first()
    attachments = []
    if status == Enrolment.Status.ENROLLED:
        ics = class_calendar(class_, role=Role.ENROLLED)  # with the online link, if any
        attachments.append(("class.ics", ics, "text/calendar; charset=utf-8"))
    tell_once(
        enrolment.user,
        STATUS,
        status_key(enrolment, event),
        f"enrolment/email/{status}",
        status_context(enrolment, event),
        link=status_link(enrolment),
        attachments=attachments,
    )


def status_key(enrolment: Enrolment, event) -> str:
    return f"enrolment-event:{event.pk if event else enrolment.pk}"


def status_link(enrolment: Enrolment) -> str:
    """Where the person acts on their new status: the offer, or the class."""
    if enrolment.status == Enrolment.Status.OFFERED:
        return reverse("enrolment:seat_offer", args=[enrolment.pk])
    return _course_link(enrolment.course_class)


def status_context(enrolment: Enrolment, event) -> dict:
    """What the notice of a new status says, given the history row that recorded it."""
    came_from = event.from_status if event else ""
    class_ = enrolment.course_class
    return {
        "enrolment": enrolment,
        "class_": class_,
        "sessions": class_.sessions.filter(status="scheduled"),
        "promoted": came_from == Enrolment.Status.WAITLISTED,
        "accepted": came_from == Enrolment.Status.OFFERED,
        # An offer ends declined by the person, or taken back by the rules (nobody).
        "offer_declined": came_from == Enrolment.Status.OFFERED and event.actor_id is not None,
        "offer_expired": came_from == Enrolment.Status.OFFERED and event.actor_id is None,
        "offer_url": reverse("enrolment:seat_offer", args=[enrolment.pk]),
    }


def completion_at_risk(enrolment: Enrolment, progress) -> None:
    """Tell the person, once per enrolment and degree, that completion is now tight (every
    session left is needed) or out of reach, once the mark commits."""
    pk, risk, left = enrolment.pk, progress.at_risk, progress.left
    needed = progress.needed
    transaction.on_commit(
        lambda: send_completion_at_risk_mail.enqueue(pk, risk, left, needed), robust=True
    )


@task(backend="background")
def send_completion_at_risk_mail(enrolment_id: int, risk: str, left: int, needed: int) -> None:
    enrolment = Enrolment.objects.select_related("user", "course_class__course").get(
        pk=enrolment_id
    )
    if enrolment.status != Enrolment.Status.ENROLLED:
        return
    context = {
        "class_": enrolment.course_class,
        "impossible": risk == "impossible",
        "left": left,
        "needed": needed,
        "history_url": reverse("enrolment:attendance_history", args=[enrolment.pk]),
    }
    template = "enrolment/email/completion_at_risk"
    tell_once(
        enrolment.user,
        f"completion-{risk}",
        f"enrolment:{enrolment.pk}",
        template,
        context,
        link=context["history_url"],
    )


def session_moved(session, *, starts_at, ends_at, place: str) -> None:
    """Tell everyone enrolled that a session moved (from when and where), once the
    transaction commits."""
    session_id, was = session.pk, [starts_at.isoformat(), ends_at.isoformat(), place]
    transaction.on_commit(lambda: send_session_moved_mail.enqueue(session_id, *was), robust=True)


@task(backend="background")
def send_session_moved_mail(session_id: int, starts_at: str, ends_at: str, place: str) -> None:
    session = Session.objects.select_related("course_class__course").get(pk=session_id)
    if session.status != Session.Status.SCHEDULED:
        return  # called off since: the cancellation says so
    class_ = session.course_class
    was = {
        "starts_at": datetime.fromisoformat(starts_at),
        "ends_at": datetime.fromisoformat(ends_at),
        "place": place,
    }
    ics = class_calendar(class_, role=Role.ENROLLED)  # its SEQUENCE went up: calendars update
    # Told once per move: the key holds where the session went.
    moved_to = f"{session.starts_at.isoformat()}:{session.effective_place}"
    for person in _enrolled_people(class_):
        tell_once(
            person,
            "session-moved",
            f"session:{session.pk}:{moved_to}",
            "enrolment/email/session_moved",
            {"session": session, "was": was, "class_": class_},
            link=_course_link(class_),
            attachments=[("class.ics", ics, "text/calendar; charset=utf-8")],
        )


def _enrolled_people(class_) -> list:
    enrolled = class_.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("user")
    return [enrolment.user for enrolment in enrolled]


def session_cancelled(session, *, make_up=()) -> None:
    """Tell everyone enrolled that a session is off (with its reason and the sessions added
    to make up for it), once the transaction commits."""
    session_id, make_up = session.pk, list(make_up)
    transaction.on_commit(
        lambda: send_session_cancelled_mail.enqueue(session_id, make_up), robust=True
    )


@task(backend="background")
def send_session_cancelled_mail(session_id: int, make_up: list[int] | None = None) -> None:
    session = Session.objects.select_related("course_class__course").get(pk=session_id)
    class_ = session.course_class
    instead = class_.sessions.filter(pk__in=make_up or [], status=Session.Status.SCHEDULED)
    for person in _enrolled_people(class_):
        tell_once(
            person,
            "session-cancelled",
            f"session:{session.pk}",
            "enrolment/email/session_cancelled",
            {"session": session, "class_": class_, "make_up": list(instead)},
            link=_course_link(class_),
        )
