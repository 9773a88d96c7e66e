"""The class edit form of the Wagtail admin, filled in as it stands, for tests to change."""

from django.urls import reverse
from django.utils import timezone

from courses.models import Class


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def edit_url(class_: Class) -> str:
    return reverse("wagtailsnippets_courses_class:edit", args=[class_.pk])


def form_data(class_: Class, **changes) -> dict:
    """What the edit form posts when nothing is changed, with its sessions kept as they are."""
    data = {
        "course": class_.course_id,
        "title": class_.title,
        "status": class_.status,
        "capacity": class_.capacity,
        "enrolment_opens_at": _local(class_.enrolment_opens_at),
        "enrolment_closes_at": _local(class_.enrolment_closes_at),
        "format": class_.format,
        "place": class_.place,
        "online_url": class_.online_url,
        "note": class_.note,
        "offer_hours": class_.offer_hours,
        **({"offers_seats": "on"} if class_.offers_seats else {}),
        "cancel_reason": class_.cancel_reason,
        "instructors": [person.pk for person in class_.instructors.all()],
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    sessions = list(class_.sessions.order_by("starts_at", "pk"))
    data["sessions-TOTAL_FORMS"] = data["sessions-INITIAL_FORMS"] = str(len(sessions))
    for n, session in enumerate(sessions):
        data |= {
            f"sessions-{n}-id": session.pk,
            f"sessions-{n}-starts_at": _local(session.starts_at),
            f"sessions-{n}-ends_at": _local(session.ends_at),
            f"sessions-{n}-status": session.status,
            f"sessions-{n}-topic": session.topic,
            f"sessions-{n}-place": session.place,
            f"sessions-{n}-lesson": session.lesson_id or "",
            f"sessions-{n}-cancel_reason": session.cancel_reason,
            f"sessions-{n}-ORDER": str(n + 1),
            f"sessions-{n}-DELETE": "",
        }
    data.update(changes)
    return data
