"""Each message is stored when sent, handed over once, and retried with growing waits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django_tasks_db.models import DBTaskResult

from outbox import delivery
from outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db
MailStatus = OutgoingMail.Status


class Refusing:
    """A delivery backend whose server refuses every message."""

    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture
def refusing(settings):
    settings.OUTBOX_DELIVERY_BACKEND = f"{__name__}.Refusing"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


def _wait(row) -> timedelta:
    """The wait after the attempt, to the second (the clock moves while it runs)."""
    return timedelta(seconds=round((row.next_attempt_at - row.last_attempt_at).total_seconds()))


def _queued(**kwargs) -> OutgoingMail:
    message = EmailMessage("제목", "본문", to=["a@example.org"], **kwargs)
    return delivery.queue(message)


def test_sending_stores_the_message_and_sends_it_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("제목", "본문", None, ["a@example.org"])
        assert mail.outbox == []  # nothing leaves before the transaction commits
    (row,) = OutgoingMail.objects.all()
    assert (row.recipients, row.subject, row.status, row.attempts) == (
        "a@example.org",
        "제목",
        MailStatus.SENT,
        1,
    )
    assert [m.subject for m in mail.outbox] == ["제목"]


def test_a_message_comes_back_whole_from_its_row():
    message = EmailMultiAlternatives(
        "제목",
        "본문",
        "school@example.org",
        ["a@example.org"],
        ["hidden@example.org"],
        cc=["c@example.org"],
        reply_to=["r@example.org"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative("<p>본문</p>", "text/html")
    message.attach("class.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.attach("logo.png", b"\x89PNG\x00", "image/png")
    row = OutgoingMail.from_message(message)
    row.save()
    row.refresh_from_db()
    again = row.to_message()
    assert again.recipients() == ["a@example.org", "c@example.org", "hidden@example.org"]
    assert (again.subject, again.body, again.from_email) == ("제목", "본문", "school@example.org")
    assert again.reply_to == ["r@example.org"]
    assert again.extra_headers["Auto-Submitted"] == "auto-generated"
    assert again.extra_headers["Message-ID"].endswith("@example.org>")
    assert list(again.alternatives[0]) == ["<p>본문</p>", "text/html"]
    assert [tuple(a) for a in again.attachments] == [
        ("class.ics", "BEGIN:VCALENDAR", "text/calendar"),
        ("logo.png", b"\x89PNG\x00", "image/png"),
    ]


def test_a_message_without_recipients_is_not_queued():
    assert EmailMessage("제목", "본문", to=[]).send() == 0
    assert not OutgoingMail.objects.exists()


def test_a_message_is_sent_once_however_often_the_task_runs():
    row = _queued()
    for _ in range(3):
        delivery.deliver.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == (MailStatus.SENT, 1, 1)
    assert row.message == {}


def test_a_run_does_not_send_what_another_run_has_claimed():
    row = _queued()
    OutgoingMail.objects.filter(pk=row.pk).update(status=MailStatus.SENDING)
    delivery.deliver.call(row.pk)
    assert mail.outbox == []


def test_a_failed_attempt_is_recorded_and_retried_later(refusing, database_queue):
    row = _queued()
    delivery.deliver.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.QUEUED, 1)
    assert row.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert _wait(row) == timedelta(minutes=1)
    retry = DBTaskResult.objects.get(args_kwargs__args=[row.pk], run_after=row.next_attempt_at)
    assert retry.task_path == "outbox.delivery.deliver"


def test_a_retry_that_comes_early_waits_for_its_time(refusing, database_queue):
    row = _queued()
    delivery.deliver.call(row.pk)
    delivery.deliver.call(row.pk)  # a stray run before the minute is up
    row.refresh_from_db()
    assert row.attempts == 1


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, timedelta(minutes=1)), (2, timedelta(minutes=5)), (5, timedelta(hours=8))],
)
def test_the_wait_grows_with_each_failure(refusing, database_queue, attempts, wait):
    row = _queued()
    OutgoingMail.objects.filter(pk=row.pk).update(attempts=attempts - 1)
    delivery.deliver.call(row.pk)
    row.refresh_from_db()
    assert _wait(row) == wait


def test_after_the_last_attempt_the_message_is_marked_failed(refusing, database_queue):
    row = _queued()
    OutgoingMail.objects.filter(pk=row.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    tasks_before = DBTaskResult.objects.count()
    delivery.deliver.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (
        MailStatus.FAILED,
        delivery.MAX_ATTEMPTS,
        None,
    )
    assert row.message  # kept, so it can be sent again by hand
    assert DBTaskResult.objects.count() == tasks_before


def test_without_a_worker_a_failed_message_waits_for_retry_mail(refusing, settings, _clock):
    row = _queued()
    delivery.deliver.call(row.pk)  # the immediate backend cannot wait a minute
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.retry() == 0  # not due yet
    _clock.shift(timedelta(minutes=2))
    assert delivery.retry() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == (MailStatus.SENT, 2, 1)


def test_retry_gives_failed_messages_a_fresh_start(refusing, settings):
    row = _queued()
    OutgoingMail.objects.filter(pk=row.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    delivery.deliver.call(row.pk)
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.retry() == 0
    assert delivery.retry(include_failed=True) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == (MailStatus.SENT, 1, 1)
