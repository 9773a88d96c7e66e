"""Private pages: the view restrictions are read from a cache kept per content version,
yet a restriction set, changed or lifted applies on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def _restriction_queries(captured) -> int:
    return sum("wagtailcore_pageviewrestriction" in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(course=course, title="개인정보란 무엇인가")


def test_a_page_without_restrictions_asks_nothing_about_them_once_warm(client, student, lesson):
    client.force_login(student)
    assert client.get(lesson.url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(lesson.url).status_code == 200
    assert _restriction_queries(warm) == 0


def test_a_restriction_set_after_the_page_was_served_applies_at_once(client, student, lesson):
    assert client.get(lesson.url).status_code == 200  # served, restrictions cached
    restriction = PageViewRestriction.objects.create(
        page=lesson.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    refused = client.get(lesson.url)  # restricted through its course
    assert refused.status_code == 302 and "login" in refused["Location"]
    client.force_login(student)
    assert client.get(lesson.url).status_code == 200
    client.logout()
    restriction.delete()
    assert client.get(lesson.url).status_code == 200


def test_a_group_restriction_is_decided_for_each_person(client, student, other_student, lesson):
    team = Group.objects.create(name="법률팀")
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(team)
    student.groups.add(team)
    client.force_login(student)
    assert client.get(lesson.url).status_code == 200
    client.force_login(other_student)
    assert client.get(lesson.url).status_code == 302  # no view, sent to sign in as another


def test_a_private_course_leaves_the_catalogue_and_comes_back(client, course):
    CoursePageFactory(title="공개 과정", publish=True)
    course.save_revision().publish()

    def titles():
        return client.get("/courses/").content.decode()

    assert "개인정보보호법 기초" in titles()
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    assert "개인정보보호법 기초" not in titles() and "공개 과정" in titles()
    restriction.delete()
    assert "개인정보보호법 기초" in titles()
