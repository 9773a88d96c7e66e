"""The e-mail backend every sender uses: it queues, and the worker sends (outbox.delivery)."""

from django.core.mail.backends.base import BaseEmailBackend

from outbox import delivery


class QueuedEmailBackend(BaseEmailBackend):
    """Store each message in the outbox; nothing here talks to a mail server."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if message.recipients():
                delivery.queue(message)
                queued += 1
        return queued
