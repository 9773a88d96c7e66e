"""A signed-in activist with an organisation and a plan: the home page, the catalogue, a
course and a lesson each take at most ten queries once warm, however many courses and
classes the school holds."""

from datetime import timedelta

import pytest

from enrolment import services as enrolment
from organisations.models import Membership, Organisation
from tests.clock import NOW
from tests.factories import ClassFactory, CoursePageFactory, LessonPageFactory, UserFactory
from tests.organisations.conftest import assess
from tests.queries import cold_and_warm

pytestmark = pytest.mark.django_db

MOST = 10


def test_signed_in_pages_take_a_few_queries_however_large_the_school(
    client, member, coordinator, organisation, questionnaire, courses, areas
):
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    backup = courses["backup"]
    backup.save_revision().publish()
    lesson = LessonPageFactory(course=backup, title="백업 도구 고르기")
    ClassFactory(course=backup)
    client.force_login(member)
    urls = ["/", "/courses/", backup.url, lesson.url]
    for url in urls:
        client.get(url)  # the site's root paths are cached now
    few = {url: cold_and_warm(client, url) for url in urls}
    assert all(warm <= MOST for _cold, warm in few.values()), few
    for n in range(5):
        more = CoursePageFactory(title=f"추가 과정 {n}", areas=areas, publish=True)
        LessonPageFactory(course=more, title=f"추가 수업 {n}")
        ClassFactory(course=more)
        ClassFactory(course=backup)
    assert {url: cold_and_warm(client, url) for url in urls} == few


def test_my_learning_takes_a_few_queries_however_much_the_person_does(
    client, member, coordinator, organisation, questionnaire, courses, areas, _clock
):
    """A coordinator with a plan, enrolled in classes with required lessons, waiting for a
    full one, with a session open for check-in now."""
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])

    def take(course, *, full=False):
        LessonPageFactory(course=course, title=f"{course.title} 필수", required_for_completion=True)
        class_ = ClassFactory(course=course, capacity=1 if full else 10)
        if full:
            enrolment.enrol(UserFactory(), class_)
        enrolment.enrol(coordinator, class_)
        return class_

    first = take(courses["backup"])
    take(courses["data"], full=True)
    session = first.sessions.order_by("starts_at").first()
    client.force_login(coordinator)
    _clock.move_to(session.starts_at + timedelta(minutes=5))
    page = client.get("/learning/").content.decode()
    assert "출석 체크" in page and "대기" in page  # check in now; a waitlist place
    _cold, warm = cold_and_warm(client, "/learning/")
    # The session, the person, the assessment settings (is a reassessment due?) and whether
    # they have a calendar feed: their own learning comes from the cache.
    assert warm <= 4
    for n in range(3):
        more = CoursePageFactory(title=f"추가 과정 {n}", areas=areas, publish=True)
        _clock.move_to(NOW)
        take(more)
        take(CoursePageFactory(title=f"대기 과정 {n}", publish=True), full=True)
        Organisation.objects.create(name=f"추가 단체 {n}").memberships.create(
            user=coordinator, role=Membership.Role.COORDINATOR
        )
    _clock.move_to(session.starts_at + timedelta(minutes=5))
    assert cold_and_warm(client, "/learning/")[1] == warm
