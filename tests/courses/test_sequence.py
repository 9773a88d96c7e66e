"""SEQUENCE goes up with every change of time, place or status, and only then."""

from datetime import timedelta

import pytest

from courses.models import Class, Session
from enrolment import services
from tests.factories import ClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return ClassFactory(sessions=1).sessions.get()


@pytest.mark.parametrize(
    ("field", "change", "bumps"),
    [
        ("starts_at", lambda s: s.starts_at - timedelta(hours=1), True),
        ("ends_at", lambda s: s.ends_at + timedelta(hours=1), True),
        ("place", lambda s: "새 교육장", True),
        ("status", lambda s: Session.Status.CANCELLED, True),
        ("topic", lambda s: "새 주제", False),
    ],
)
def test_session_sequence_follows_time_place_and_status(session, field, change, bumps):
    session = Session.objects.get(pk=session.pk)
    setattr(session, field, change(session))
    session.save()
    session.refresh_from_db()
    assert session.sequence == (1 if bumps else 0)


def test_saving_twice_without_change_bumps_once(session):
    session = Session.objects.get(pk=session.pk)
    session.place = "다른 곳"
    session.save()
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_cancelling_through_the_service_records_when(session):
    services.cancel_session(session)
    session.refresh_from_db()
    assert session.sequence == 1 and session.cancelled_at is not None
    session.status = Session.Status.SCHEDULED
    session.save()
    session.refresh_from_db()
    assert session.sequence == 2 and session.cancelled_at is None


def test_class_place_change_revises_only_sessions_that_use_it():
    class_ = ClassFactory(sessions=2)
    own, shared = class_.sessions.order_by("starts_at")
    Session.objects.filter(pk=own.pk).update(place="자체 장소")
    class_ = Class.objects.get(pk=class_.pk)
    class_.place = "새 교육장"
    class_.save()
    assert Session.objects.get(pk=own.pk).sequence == 0
    assert Session.objects.get(pk=shared.pk).sequence == 1


def test_cancelling_a_class_revises_every_session_and_records_when():
    class_ = ClassFactory(sessions=2)
    services.cancel_class(class_, actor=None, reason="")
    class_.refresh_from_db()
    assert class_.cancelled_at is not None
    assert set(class_.sessions.values_list("sequence", flat=True)) == {1}
