"""Notices told once: the sent-log every sender of a notice asks first."""

from django.db import IntegrityError, transaction

from outbox.models import SentNotice


def first_time(user, kind: str, key: str) -> bool:
    """Record that the person is told this now; False when they already were.

    Call it inside the transaction that queues the message: the row and the message commit
    together or not at all. A run beside it that records the same notice waits on the
    unique row until this one commits, then finds it taken.
    """
    try:
        with transaction.atomic():
            SentNotice.objects.create(user=user, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def told(user, kind: str, key: str, when) -> None:
    """Record a notice as given at `when` without sending it: history loaded as it
    happened (the demo school), whose people were told at the time."""
    SentNotice.objects.get_or_create(user=user, kind=kind, key=key, defaults={"sent_at": when})
