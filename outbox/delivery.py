"""Sending queued e-mail from the background worker, once, with retries that back off.

The request only stores the message and, once its transaction commits, enqueues
`deliver`. A run claims the row (queued → sending) in one conditional UPDATE before it
talks to the mail server, so two runs of the same task can never both send it; the
claim is committed before the SMTP conversation, so no transaction (nor SQLite's write
lock) is held open while a slow server answers.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from outbox import sms
from outbox.models import OutgoingMail

logger = logging.getLogger(__name__)
MailStatus = OutgoingMail.Status

# The wait after each failed attempt; after the last one the message is marked failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=8),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def queue_text(number: str, text: str, *, title: str = "") -> OutgoingMail:
    """Store a text message and have the worker send it once the transaction commits, with
    the same claim and retries as e-mail."""
    mail = OutgoingMail.objects.create(
        channel=OutgoingMail.Channel.SMS,
        recipients=sms.normalise(number),
        subject=title[:255],
        message={"text": text, "title": title},
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(deliver.enqueue, mail.pk), robust=True)
    return mail


def queue(message: EmailMessage) -> OutgoingMail:
    """Store the message and have the worker send it once the transaction commits."""
    mail = OutgoingMail.from_message(message)
    mail.save()
    # Robust: a queue that cannot be reached must not turn a committed change into an
    # error page. The row stays queued, in sight of staff, for `manage.py retry_mail`.
    transaction.on_commit(partial(deliver.enqueue, mail.pk), robust=True)
    return mail


@task(backend="background")
def deliver(mail_id: int) -> None:
    """Send one queued message, unless it was sent, given up on or claimed by another run."""
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.due(now)
        .filter(pk=mail_id)
        .update(status=MailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        if mail.channel == OutgoingMail.Channel.SMS:
            sms.send(mail.recipients, mail.message["text"], title=mail.message.get("title", ""))
        else:
            with get_connection(settings.OUTBOX_DELIVERY_BACKEND) as connection:
                connection.send_messages([mail.to_message()])
    except Exception as error:
        _record_failure(mail, error)
        return
    # What was sent is no longer kept: the log keeps who, what subject and when.
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, message={}
    )


def _record_failure(mail: OutgoingMail, error: Exception) -> None:
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status, mail.next_attempt_at = MailStatus.FAILED, None
        logger.error(
            "Outgoing %s %s failed %s times; gave up: %s",
            mail.channel,
            mail.pk,
            mail.attempts,
            error,
        )
    else:
        mail.status = MailStatus.QUEUED
        mail.next_attempt_at = timezone.now() + RETRY_DELAYS[mail.attempts - 1]
        logger.warning(
            "Outgoing %s %s failed (attempt %s): %s", mail.channel, mail.pk, mail.attempts, error
        )
    with transaction.atomic():
        mail.save(update_fields=["status", "last_error", "next_attempt_at"])
        if mail.status == MailStatus.QUEUED:
            _enqueue_at(mail)


def _enqueue_at(mail: OutgoingMail) -> None:
    # The immediate backend (development) cannot wait: there the row waits for
    # `manage.py retry_mail`.
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=mail.next_attempt_at).enqueue(mail.pk)


def retry(*, include_failed: bool = False, now=None) -> int:
    """Enqueue every queued message whose time has come; give failed ones a fresh start too."""
    now = now or timezone.now()
    if include_failed:
        OutgoingMail.objects.filter(status=MailStatus.FAILED).exclude(message={}).update(
            status=MailStatus.QUEUED, attempts=0, next_attempt_at=now
        )
    due = list(OutgoingMail.objects.due(now).values_list("pk", flat=True))
    for mail_id in due:
        deliver.enqueue(mail_id)
    return len(due)


def forget(address: str, *, replacement: str) -> None:
    """Take a closed account's address off the log; what still waited for it is not sent."""
    if not address:
        return
    rows = OutgoingMail.objects.addressed_to(address)
    rows.filter(status=MailStatus.QUEUED).update(
        status=MailStatus.FAILED,
        next_attempt_at=None,
        last_error=_("Not sent: the account was closed."),
    )
    rows.update(recipients=Replace("recipients", Value(address), Value(replacement)), message={})
