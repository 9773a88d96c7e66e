"""With the production configuration no request talks to the mail server, however many
people a change concerns."""

import time

import pytest
from django_tasks_db.models import DBTaskResult

from enrolment import services
from outbox.models import OutgoingMail
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory
from tests.outbox.servers import hanging_smtp_server

pytestmark = pytest.mark.django_db


def test_cancelling_a_class_of_twenty_queues_their_mail_without_waiting(
    over_smtp, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(capacity=20)
    for number in range(20):
        EnrolmentFactory(course_class=class_, user=UserFactory(email=f"p{number}@example.org"))
    with hanging_smtp_server() as server:
        over_smtp.EMAIL_PORT = server.port
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_class(class_, actor=None, reason="강사 사정")
        took = time.monotonic() - started
    assert server.connections == []
    assert took < over_smtp.EMAIL_TIMEOUT  # one timeout per person before: 20 of them
    # The request queued one task per person; the worker writes and sends each message.
    writing = DBTaskResult.objects.ready().filter(
        task_path="enrolment.notifications.send_status_mail"
    )
    assert writing.count() == 20
    assert not OutgoingMail.objects.exists()


def test_the_deploy_check_warns_when_smtp_would_run_inside_requests(settings):
    from outbox.checks import check_mail_leaves_the_request

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert [w.id for w in check_mail_leaves_the_request(None)] == ["outbox.W001"]
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    assert check_mail_leaves_the_request(None) == []
