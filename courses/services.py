"""The schedule's rules that change rows: adding sessions to a class."""

from datetime import datetime

from django.db import transaction

from courses.models import Class, Session


@transaction.atomic
def add_sessions(class_: Class, times: list[tuple[datetime, datetime]], *, topic: str = ""):
    """Add a series of sessions, numbered after the topic ("실습 1", "실습 2", ...)."""
    return [
        Session.objects.create(
            course_class=class_,
            starts_at=starts,
            ends_at=ends,
            topic=f"{topic} {number}" if topic else "",
        )
        for number, (starts, ends) in enumerate(times, start=1)
    ]
