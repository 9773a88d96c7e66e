"""What every plan reads alike comes from the cache, and never outlives what it holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from enrolment import services as enrolment
from organisations import services as organisations
from organisations.recommendations import recommend
from tests.factories import ClassFactory, CoursePageFactory, UserFactory
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


# A person's plan is cached whole: each change it is made from must show at once, and no
# one may be shown another person's plan.


def _titles(user) -> list[str]:
    return [step.course.title for step in recommend(user, timezone.now())]


def test_a_second_look_at_a_persons_plan_asks_the_database_nothing(member, weak_in_backups):
    ClassFactory(course=weak_in_backups)
    first = _titles(member)
    with CaptureQueriesContext(connection) as again:
        assert _titles(member) == first
    assert len(again) == 0


def test_colleagues_with_the_same_organisation_each_see_their_own_plan(
    member, weak_in_backups, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(course=weak_in_backups)
    colleague = UserFactory()
    colleague.memberships.create(organisation=member.memberships.get().organisation)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.enrol(colleague, class_)
    assert _titles(colleague) == ["스프레드시트 회계"]
    assert _titles(member) == ["백업 첫걸음", "스프레드시트 회계"]
    assert _titles(colleague) == ["스프레드시트 회계"]


def test_a_plan_is_kept_in_each_language_apart(member, weak_in_backups):
    with translation.override("ko"):
        korean = [step.reason for step in recommend(member, timezone.now())]
    with translation.override("en"):
        english = [step.reason for step in recommend(member, timezone.now())]
    assert "단계" in korean[0] and "stage" in english[0]


def test_cancelling_brings_the_course_back_into_the_plan(
    member, weak_in_backups, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(course=weak_in_backups)
    with django_capture_on_commit_callbacks(execute=True):
        enrolled = enrolment.enrol(member, class_)
    assert "백업 첫걸음" not in _titles(member)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.cancel(enrolled)
    assert "백업 첫걸음" in _titles(member)


def test_joining_and_leaving_an_organisation_changes_the_plan(
    member, coordinator, organisation, questionnaire, courses
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    newcomer = UserFactory()
    assert {step.kind for step in recommend(newcomer, timezone.now())} == {"entry"}
    request = organisations.ask_to_join(organisation, newcomer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        organisations.decide(request, actor=coordinator, approve=True)
    assert _titles(newcomer) == ["백업 첫걸음", "스프레드시트 회계"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        organisations.remove(newcomer.memberships.get(), actor=newcomer)
    assert {step.kind for step in recommend(newcomer, timezone.now())} == {"entry"}


def test_a_new_assessment_changes_every_members_plan(
    member, coordinator, organisation, questionnaire, courses
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 2])
    assert _titles(member) == ["백업 첫걸음"]
    assess(coordinator, organisation, questionnaire, [1, 1, 2, 0])
    assert _titles(member) == ["스프레드시트 회계"]


def test_a_member_removed_in_the_admin_loses_the_organisations_plan(
    admin_client, member, coordinator, organisation, questionnaire, courses
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    assert _titles(member) == ["백업 첫걸음", "스프레드시트 회계"]
    rows = [
        {"id": row.pk, "user": row.user_id, "role": row.role, "DELETE": row.user == member}
        for row in organisation.memberships.order_by("pk")
    ]
    form = nested_form_data(
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "region": organisation.region,
            "size": organisation.size or "",
            "website": "",
            "memberships": inline_formset(rows, initial=len(rows)),
        }
    )
    edit = f"/admin/snippets/organisations/organisation/edit/{organisation.pk}/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(edit, form)
    assert response.status_code == 302, response.context["form"].errors
    assert not member.memberships.exists()
    assert {step.kind for step in recommend(member, timezone.now())} == {"entry"}


def test_a_course_published_joins_the_plan(member, weak_in_backups, areas):
    infra = areas[0]
    assert _titles(member) == ["백업 첫걸음", "스프레드시트 회계"]
    weak_in_backups.unpublish()
    assert _titles(member) == ["스프레드시트 회계"]
    CoursePageFactory(title="백업 다시 시작", areas=[infra], publish=True)
    assert _titles(member)[0] == "백업 다시 시작"
