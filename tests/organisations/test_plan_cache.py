"""What every plan reads alike comes from the cache, and never outlives what it holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrolment import services as enrolment
from organisations.recommendations import recommend
from tests.factories import ClassFactory, UserFactory
from tests.organisations.conftest import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def weak_in_backups(member, coordinator, organisation, questionnaire, courses):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    return courses["backup"]


def _classes_shown(user) -> list[int]:
    return [c.pk for step in recommend(user, timezone.now()) for c in step.classes]


def test_a_second_plan_reads_the_shared_facts_from_the_cache(member, weak_in_backups):
    ClassFactory(course=weak_in_backups)
    with CaptureQueriesContext(connection) as first:
        shown = _classes_shown(member)
    with CaptureQueriesContext(connection) as second:
        assert _classes_shown(member) == shown
    assert len(second) < len(first)


def test_a_class_whose_last_seat_is_taken_leaves_the_plan_at_once(
    member, weak_in_backups, django_capture_on_commit_callbacks
):
    full_soon = ClassFactory(course=weak_in_backups, capacity=1)
    assert full_soon.pk in _classes_shown(member)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(UserFactory(), full_soon)
    assert full_soon.pk not in _classes_shown(member)


def test_a_class_opened_joins_the_plan_at_once(
    member, weak_in_backups, django_capture_on_commit_callbacks
):
    assert _classes_shown(member) == []
    with django_capture_on_commit_callbacks(execute=True):
        opened = ClassFactory(course=weak_in_backups)
    assert _classes_shown(member) == [opened.pk]


def test_a_class_leaves_the_plan_when_its_enrolment_closes_though_nothing_was_written(
    member, weak_in_backups, _clock
):
    closing = ClassFactory(course=weak_in_backups)
    assert _classes_shown(member) == [closing.pk]
    _clock.move_to(closing.enrolment_closes_at + timedelta(seconds=1))
    assert _classes_shown(member) == []


def test_the_shared_facts_hold_nothing_of_the_person(
    member, weak_in_backups, django_capture_on_commit_callbacks
):
    """Someone enrolled in the class is not offered its course; a colleague still is."""
    class_ = ClassFactory(course=weak_in_backups)
    colleague = UserFactory()
    colleague.memberships.create(organisation=member.memberships.get().organisation)
    assert _classes_shown(colleague) == [class_.pk]
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(member, class_)
    assert _classes_shown(member) == []
    assert _classes_shown(colleague) == [class_.pk]
