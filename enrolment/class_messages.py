"""Messages to a class: an instructor or staff member writes to everyone with a seat, now
or at a chosen time. Each person is told once (a notice of kind "class-message", on the
channels they keep on); the message stays with the class, so people who enrol later read
it on My learning.

A message for later is sent by the sweep (`manage.py send_notices`) once its time comes,
re-read then: it goes to the people with a seat at that moment.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Refusal
from enrolment.learners import learner_changed
from enrolment.models import ClassMessage, Enrolment
from outbox.notices import tell_once

KIND = "class-message"
MAX_LENGTH = 2000
FURTHEST = timedelta(days=90)


class MessageRefused(Refusal):
    pass


@transaction.atomic
def post(class_, *, author, body: str, send_at: datetime | None, now: datetime) -> ClassMessage:
    body = body.strip()
    if not body:
        raise MessageRefused(_("Write the message first."))
    if len(body) > MAX_LENGTH:
        raise MessageRefused(_("A message holds at most 2,000 characters."))
    if send_at is not None and send_at < now - timedelta(minutes=1):
        raise MessageRefused(_("Choose a time from now on, or leave it empty to send now."))
    if send_at is not None and send_at > now + FURTHEST:
        raise MessageRefused(_("A message can wait at most 90 days."))
    message = ClassMessage.objects.create(
        course_class=class_, author=author, body=body, send_at=send_at or now
    )
    if message.send_at <= now:
        _send(message, now)
    return message


def send_due(now: datetime) -> int:
    """Send every message whose time has come, each once (locked, then marked sent in the
    same transaction as its notices)."""
    sent = 0
    while True:
        with transaction.atomic():
            message = (
                ClassMessage.objects.filter(sent_at__isnull=True, send_at__lte=now)
                .select_for_update(skip_locked=True)
                .order_by("send_at", "pk")
                .first()
            )
            if message is None:
                return sent
            _send(message, now)
            sent += 1


def _send(message: ClassMessage, now: datetime) -> None:
    class_ = message.course_class
    seated = class_.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("user")
    for enrolment in seated:
        tell_once(
            enrolment.user,
            KIND,
            f"class-message:{message.pk}",
            "enrolment/email/class_message",
            {"message": message, "class_": class_},
            link="/learning/",
            now=now,
        )
    # My learning shows the class's messages: everyone in it sees this one at once.
    for user_id in class_.enrolments.exclude(status=Enrolment.Status.CANCELLED).values_list(
        "user_id", flat=True
    ):
        learner_changed(user_id)
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])


def for_classes(class_ids) -> dict[int, list[ClassMessage]]:
    """The messages sent to each class, newest first, in one query."""
    found: dict[int, list[ClassMessage]] = {pk: [] for pk in class_ids}
    rows = ClassMessage.objects.filter(course_class__in=list(found), sent_at__isnull=False)
    for message in rows.select_related("author").order_by("-send_at", "-pk"):
        found[message.course_class_id].append(message)
    return found
