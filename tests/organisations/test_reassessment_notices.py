"""Coordinators hear once that their organisation is due to be assessed again; staff get
the list of organisations due once a week."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from organisations import services
from organisations.models import Organisation
from tests.clock import SEOUL

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def _sweep(_clock, moment) -> list:
    _clock.move_to(moment)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_notices", stdout=StringIO())
    return list(mail.outbox)


@pytest.fixture
def verified(organisation, staff):
    Organisation.objects.filter(pk=organisation.pk).update(
        verified_at=timezone.now(), verified_by=staff
    )
    return organisation


def test_a_verified_organisation_never_assessed_is_due_once_for_its_coordinator(
    verified, coordinator, member, staff, _clock
):
    day = timezone.localdate() + timedelta(days=1)
    assert _sweep(_clock, _at(day, 7, 30)) == []  # quiet hours
    sent = _sweep(_clock, _at(day, 8, 5))
    (to_coordinator,) = [m for m in sent if m.to == [coordinator.email]]
    assert "마포 청소년 인권 모임" in to_coordinator.subject
    assert f"/organisations/{verified.pk}/" in to_coordinator.body
    assert [m for m in sent if m.to == [member.email]] == []  # members are not asked
    (to_staff,) = [m for m in sent if m.to == [staff.email]]
    assert "마포 청소년 인권 모임" in to_staff.body and "진단한 적 없음" in to_staff.body
    assert _sweep(_clock, _at(day, 9, 0)) == []  # once
    later = _sweep(_clock, _at(day + timedelta(days=7), 9, 0))
    assert [m.to for m in later] == [[staff.email]]  # staff: each week; coordinator: once


def test_an_organisation_with_an_assessment_in_progress_is_not_due(
    verified, coordinator, questionnaire, _clock
):
    services.start_assessment(verified, actor=coordinator)
    assert _sweep(_clock, _at(timezone.localdate() + timedelta(days=1), 9)) == []
