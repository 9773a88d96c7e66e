"""A signed-in activist with an organisation and a plan: the home page, the catalogue, a
course and a lesson each take at most ten queries once warm, however many courses and
classes the school holds."""

import pytest

from tests.factories import ClassFactory, CoursePageFactory, LessonPageFactory
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
