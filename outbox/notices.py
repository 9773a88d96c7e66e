"""Notices told once: the sent-log every sender of a notice asks first."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from outbox.models import SentNotice


def tell_once(person, kind: str, key: str, template: str, context: dict) -> bool:
    """E-mail the person the notice `template` (its `_subject.txt` and `.txt`), unless they
    were told it already; return whether it was queued. The sent-log row and the queued
    message commit together, so a run repeated or beside it tells nobody twice."""
    if not person.email:
        return False
    with transaction.atomic():
        if not first_time(person, kind, key):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {**context, "person": person, "site_url": settings.SITE_URL}
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}.txt", context)
        get_connection().send_messages([EmailMessage(subject, body, to=[person.email])])
    return True


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
