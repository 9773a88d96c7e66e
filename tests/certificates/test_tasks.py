"""With a database queue (production), the PDF waits for the worker, not the request."""

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from tests.certificates.conftest import complete

pytestmark = [
    # The worker opens and closes its own connections, as it does in production.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
]


@pytest.fixture
def queued(settings):
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


def test_the_worker_renders_what_completion_queued(queued, enrolment, instructor):
    complete(enrolment, instructor)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert not certificate.pdf  # issued at once; the PDF is queued
    call_command("db_worker", "--backend", "background", "--batch", "--interval", "0", verbosity=0)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.rendered_at
