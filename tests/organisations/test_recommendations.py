"""Recommendations for a person, from their organisations' latest assessments."""

import pytest
from django.test import TestCase
from django.utils import timezone

from enrolment import attendance
from enrolment import services as enrolment
from organisations.recommendations import recommend
from tests.factories import NOW, ClassFactory, CoursePageFactory, EnrolmentFactory
from tests.organisations.conftest import assess
from tests.queries import cold_and_warm

pytestmark = pytest.mark.django_db


def test_without_an_assessment_the_entry_course_of_each_track(member, courses, organisation):
    picks = recommend(member, NOW)
    assert {p.kind for p in picks} == {"entry"}
    assert len({p.course.track_id for p in picks}) == len(picks)


def test_weak_areas_lead_to_their_next_course_and_the_latest_assessment_counts(
    member, coordinator, organisation, questionnaire, courses
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 2])  # infra 0, data 90
    assert [p.course.title for p in recommend(member, NOW)] == ["백업 첫걸음"]
    assess(coordinator, organisation, questionnaire, [1, 1, 2, 0])  # infra 100, data 20
    picks = recommend(member, NOW)
    assert [p.course.title for p in picks] == ["스프레드시트 회계"]
    assert picks[0].reason == (
        "데이터·회계·행정 영역이 1단계 시작에 있어, 다음 단계로 가도록 권해 드립니다."
    )


def test_what_the_person_is_enrolled_in_is_left_out(
    member, coordinator, organisation, questionnaire, courses, settings
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    class_ = ClassFactory(course=courses["backup"], enrolment_opens_at=timezone.now())
    enrolment.enrol(member, class_)
    assert [p.course.title for p in recommend(member, NOW)] == ["스프레드시트 회계"]


def test_my_learning_shows_the_plan_in_a_fixed_number_of_queries(
    client, member, coordinator, organisation, questionnaire, courses, areas
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    ClassFactory(course=courses["backup"])
    client.force_login(member)
    page = client.get("/learning/").content.decode()  # the site's root paths are cached now
    assert "백업 첫걸음" in page and "인프라·보안 영역이 1단계 시작에 있어" in page
    few = cold_and_warm(client, "/learning/")
    for n in range(5):
        ClassFactory(course=CoursePageFactory(title=f"추가 과정 {n}", areas=areas))
        ClassFactory(course=courses["backup"])
    assert cold_and_warm(client, "/learning/") == few


def test_a_course_that_needs_another_first_is_offered_after_it(
    member, coordinator, organisation, questionnaire, courses
):
    first = CoursePageFactory(title="단체 정보보안 기본 점검")
    courses["backup"].prerequisites.set([first])
    courses["backup"].save()
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 2])  # infra weak
    assert [p.course.title for p in recommend(member, NOW)] == ["단체 정보보안 기본 점검"]
    # It says what it stands in for.
    assert recommend(member, NOW)[0].reason.endswith("(백업 첫걸음에 앞서 먼저 들을 과정입니다.)")
    enrolled = EnrolmentFactory(user=member, course_class=ClassFactory(course=first, sessions=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        session = enrolled.course_class.sessions.get()
        attendance.mark(session, enrolled, "present", actor=coordinator)
    assert [p.course.title for p in recommend(member, NOW)] == ["백업 첫걸음"]
