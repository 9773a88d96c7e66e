"""The coordinator dashboard: members' learning, plan progress and its export."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services as certificates
from enrolment import attendance
from enrolment.models import Attendance
from organisations.models import Membership
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory
from tests.organisations.conftest import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(coordinator, organisation, questionnaire, areas):
    """Scored weak in infrastructure and data: a two-step plan."""
    infra, _, data = areas
    backup = CoursePageFactory(title="백업 첫걸음", areas=[infra])
    ledger = CoursePageFactory(title="스프레드시트 회계", areas=[data])
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    return backup, ledger


def _members_page(client, organisation):
    return client.get(f"/organisations/{organisation.pk}/members/")


def test_coordinator_sees_each_members_learning_and_plan_progress(
    client, coordinator, member, organisation, plan, instructor
):
    backup, ledger = plan
    done = EnrolmentFactory(user=member, course_class=ClassFactory(course=backup))
    done.completed_at = timezone.now()
    done.save()
    certificates.issue_certificate(done)
    revoked = EnrolmentFactory(user=member, course_class=ClassFactory(course=backup))
    revoked.completed_at = timezone.now()
    revoked.save()
    certificates.issue_certificate(revoked)
    certificates.revoke(revoked.certificate, actor=coordinator, reason="중복 발급")
    under_way = EnrolmentFactory(user=member, course_class=ClassFactory(course=ledger, sessions=4))
    sessions = list(under_way.course_class.sessions.order_by("starts_at"))
    for session, status in zip(sessions, ["present", "present", "late", "absent"], strict=True):
        attendance.mark(session, under_way, status, actor=instructor)

    client.force_login(coordinator)
    response = _members_page(client, organisation)
    row = [r for r in response.context["rows"] if r.membership.user == member][0]
    assert (row.enrolled, row.completed, row.plan_done, row.plan_started) == (1, 2, 1, 1)
    assert row.certificates == 1  # a revoked one does not count
    assert row.attendance_rate == 75  # late counts as present by default
    page = response.content.decode()
    assert "오회원" in page and "75%" in page and "2개 단계 중 1개 완료, 1개 진행 중" in page


def test_export_as_csv_and_xlsx_with_names_kept_as_text(
    client, coordinator, member, organisation, plan
):
    member.name = '=HYPERLINK("http://evil.example")'
    member.save()
    client.force_login(coordinator)
    response = client.get(f"/organisations/{organisation.pk}/members.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["이름", "역할"]
    names = [r[0] for r in rows[1:]]
    assert "한조정" in names and '\'=HYPERLINK("http://evil.example")' in names
    assert all(r[-1] == "2" for r in rows[1:])  # the plan's steps

    response = client.get(f"/organisations/{organisation.pk}/members.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in line] for line in sheet.iter_rows()]
    assert [line[0] for line in values[1:]] == names
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)


def test_only_coordinators_and_staff_see_it(
    client, organisation, coordinator, member, other_coordinator, staff, student
):
    urls = [f"/organisations/{organisation.pk}/members/"] + [
        f"/organisations/{organisation.pk}/members.{fmt}" for fmt in ("csv", "xlsx")
    ]
    for person, status in [
        (coordinator, 200),
        (staff, 200),
        (member, 404),
        (other_coordinator, 404),
        (student, 404),
    ]:
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [status] * 3, person
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)


def test_queries_stay_the_same_as_members_grow(client, coordinator, organisation, plan, instructor):
    backup, _ = plan

    def add_members(count):
        for _ in range(count):
            person = UserFactory()
            Membership.objects.create(organisation=organisation, user=person)
            enrolment = EnrolmentFactory(user=person, course_class=ClassFactory(course=backup))
            session = enrolment.course_class.sessions.first()
            Attendance.objects.create(
                enrolment=enrolment, session=session, status="present", marked_by=instructor
            )

    client.force_login(coordinator)
    add_members(2)
    _members_page(client, organisation)
    with CaptureQueriesContext(connection) as few:
        _members_page(client, organisation)
    add_members(10)
    with CaptureQueriesContext(connection) as many:
        response = _members_page(client, organisation)
    assert len(response.context["rows"]) == 14
    assert len(many) == len(few)
