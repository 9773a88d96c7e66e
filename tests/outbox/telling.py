"""Telling a person a notice in the tests, as the school does, with a template of its own
(the answer to a join request) and its e-mails sent at once."""

from datetime import datetime, time
from types import SimpleNamespace

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from outbox import notices

TEMPLATE = "organisations/email/join_decided"
CONTEXT = {
    "join_request": None,
    "organisation": SimpleNamespace(name="성미산 마을 미디어"),
    "approved": True,
    "url": "/organisations/1/",
}


def tell(
    person,
    kind="join-decided",
    key="join-request:1",
    link="/organisations/1/",
    template=TEMPLATE,
    context=None,
    **kwargs,
):
    """Tell the notice (at noon today in Seoul unless `now` says otherwise: outside the
    quiet hours, whenever the suite runs); return the e-mails it sent."""
    if "now" not in kwargs:
        today = timezone.localdate()
        kwargs["now"] = timezone.make_aware(datetime.combine(today, time(12, 0)))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends on commit
        notices.tell_once(person, kind, key, template, context or CONTEXT, link=link, **kwargs)
    return list(mail.outbox)
