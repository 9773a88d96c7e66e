"""What a person's mailbox holds once the school's mail has gone out.

Notices that can wait are held over the quiet hours (21:00–08:00 in Seoul) and e-mailed by
the morning's sweep. Tests that run at any moment (tests/clock.py) read the mail as it
stands once that sweep has run, so they hold at night as by day.
"""

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from outbox import notices


def delivered(to: str | None = None) -> list:
    now = timezone.now()
    if notices.is_quiet(now):
        with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends on commit
            notices.send_waiting(notices.after_quiet(now))
    return [m for m in mail.outbox if to is None or m.to == [to]]
