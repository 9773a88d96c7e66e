"""The header's 학교 리포트 and 관리자 links come from a cache per person, and follow any
change of groups or permissions on the next page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.groups import STAFF_GROUP

pytestmark = pytest.mark.django_db


def _links(client) -> set[str]:
    nav = BeautifulSoup(client.get("/courses/").content, "html.parser").find(id="site-nav")
    return {a["href"] for a in nav.find_all("a")} & {"/staff/reports/", "/admin/"}


def test_staff_see_both_links_and_a_learner_neither_in_turn(client, staff, student):
    client.force_login(staff)
    assert _links(client) == {"/staff/reports/", "/admin/"}
    client.force_login(student)
    assert _links(client) == set()
    client.force_login(staff)
    assert _links(client) == {"/staff/reports/", "/admin/"}


def test_joining_and_leaving_the_staff_group_shows_at_once(client, student):
    client.force_login(student)
    assert _links(client) == set()
    student.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert _links(client) == {"/staff/reports/", "/admin/"}
    student.groups.clear()
    assert _links(client) == set()


def test_a_permission_given_to_a_group_or_a_person_shows_at_once(client, student):
    client.force_login(student)
    assert _links(client) == set()
    team = Group.objects.create(name="리포트 열람")
    student.groups.add(team)
    reports = Permission.objects.get(
        content_type__app_label="organisations", codename="change_organisation"
    )
    team.permissions.add(reports)
    assert _links(client) == {"/staff/reports/"}
    team.delete()
    assert _links(client) == set()
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    student.user_permissions.add(admin)
    assert _links(client) == {"/admin/"}


def test_a_page_asks_no_permission_once_warm(client, staff):
    client.force_login(staff)
    _links(client)
    with CaptureQueriesContext(connection) as warm:
        _links(client)
    assert not [q for q in warm.captured_queries if "auth_permission" in q["sql"]]
