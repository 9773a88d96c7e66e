"""A mail server that accepts and never answers: the request does not wait for it, the
worker records the failure where staff see it, and sends the message once it recovers."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enrolment.models import Enrolment
from outbox.delivery import deliver
from outbox.models import OutgoingMail
from tests.factories import class_open_now
from tests.outbox.servers import hanging_smtp_server, smtp_server

pytestmark = [
    # The request commits for real and the worker opens its own transactions, as in production.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
]


def run_worker():
    call_command("db_worker", "--backend", "background", "--batch", "--interval", "0", verbosity=0)


def test_enrolment_returns_at_once_and_the_mail_goes_out_once_the_server_answers(
    over_smtp, student, staff, _clock
):
    class_ = class_open_now(capacity=10)
    client = Client()
    client.force_login(student)
    client.get(class_.course.url)  # a warm process, as a running server is
    with hanging_smtp_server() as server:
        over_smtp.EMAIL_PORT = server.port

        started = time.monotonic()
        response = client.post(f"/learning/classes/{class_.pk}/enrol/")
        took = time.monotonic() - started

        assert response.status_code == 302
        assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED
        assert server.connections == []  # the request never spoke to the mail server
        assert took < over_smtp.EMAIL_TIMEOUT / 2  # it took the full timeout before
        assert not OutgoingMail.objects.exists()  # the worker writes it
        assert DBTaskResult.objects.ready().get().task_path == (
            "enrolment.notifications.send_status_mail"
        )

        run_worker()  # writes the message; the server hangs: the attempt times out

        mail = OutgoingMail.objects.get()
        assert mail.recipients == student.email
        assert len(server.connections) == 1
        assert (mail.status, mail.attempts) == (OutgoingMail.Status.QUEUED, 1)
        assert "timed out" in mail.last_error
        wait = mail.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
        assert DBTaskResult.objects.ready().count() == 0  # the retry waits its minute
        staff_client = Client()
        staff_client.force_login(staff)
        listing = staff_client.get("/admin/snippets/outbox/outgoingmail/").content.decode()
        assert "timed out" in listing

    with smtp_server(over_smtp.EMAIL_PORT) as received:  # back, on the same port
        run_worker()
        assert received == []  # not due yet
        _clock.shift(timedelta(minutes=2))
        run_worker()
        deliver.enqueue(mail.pk)  # a stray second run of the task
        run_worker()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.SENT, 2)
    (envelope,) = received
    assert envelope.rcpt_tos == [student.email]
    assert b"class.ics" in envelope.content
