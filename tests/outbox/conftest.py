import pytest

DATABASE_QUEUE = {"BACKEND": "django_tasks_db.DatabaseBackend"}


@pytest.fixture
def over_smtp(settings):
    """Production's mail path: queued in the database, sent over SMTP by the worker."""
    settings.TASKS = {**settings.TASKS, "background": DATABASE_QUEUE}
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 3
    return settings
