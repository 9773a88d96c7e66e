"""The coordinator dashboard: members' learning, plan progress and its export."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services as certificates
from enrolment import attendance
from enrolment.models import Attendance
from organisations import services, sharing
from organisations.models import MemberExport, Membership, SharingChoice
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory
from tests.organisations.conftest import assess

pytestmark = pytest.mark.django_db
Shares = Membership.Shares


def _membership(person, organisation) -> Membership:
    return Membership.objects.get(user=person, organisation=organisation)


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

    sharing.choose(_membership(member, organisation), Shares.EVERYTHING, actor=member)
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
    assert all(r[-2] == "2" for r in rows[1:])  # the plan's steps

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


@pytest.fixture
def busy_member(member, plan, instructor):
    """오회원 completed one plan course (with a certificate) and is half-way through another."""
    backup, ledger = plan
    done = EnrolmentFactory(user=member, course_class=ClassFactory(course=backup))
    done.completed_at = timezone.now()
    done.save()
    certificates.issue_certificate(done)
    under_way = EnrolmentFactory(user=member, course_class=ClassFactory(course=ledger, sessions=2))
    session = under_way.course_class.sessions.first()
    attendance.mark(session, under_way, "present", actor=instructor)
    return member


# (choice, what the page shows: enrolled, completed, certificates, attendance, plan)
SEEN = {
    Shares.EVERYTHING: ("1", "1", "1", "100%", "2개 단계 중 1개 완료, 1개 진행 중"),
    Shares.COMPLETIONS: ("—", "1", "1", "–", "2개 단계 중 1개 완료"),
    Shares.NOTHING: ("—", "—", "—", "–", "–"),
    "": ("—", "—", "—", "–", "–"),  # not chosen yet: nothing
}
# The same in the export: enrolled, waitlisted, completed, certificates, attendance, done, started
EXPORTED = {
    Shares.EVERYTHING: ["1", "0", "1", "1", "100", "1", "1"],
    Shares.COMPLETIONS: ["", "", "1", "1", "", "1", ""],
    Shares.NOTHING: [""] * 7,
    "": [""] * 7,
}


@pytest.mark.parametrize("shares", list(SEEN))
def test_the_dashboard_and_its_export_show_exactly_what_the_member_shares(
    client, coordinator, busy_member, organisation, shares
):
    if shares:
        sharing.choose(_membership(busy_member, organisation), shares, actor=busy_member)
    client.force_login(coordinator)
    page = BeautifulSoup(_members_page(client, organisation).content, "html.parser")
    row = next(tr for tr in page.select("tbody tr") if "오회원" in tr.th.get_text())
    for label in row.select(".table__label"):
        label.decompose()  # each cell's heading, repeated for phones
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    enrolled, _waitlisted, completed, certificates_, rate, plan_cell = cells
    assert (enrolled, completed, certificates_, rate) == SEEN[shares][:4]
    assert plan_cell.endswith(SEEN[shares][4])
    response = client.get(f"/organisations/{organisation.pk}/members.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    exported = next(r for r in rows if r[0] == "오회원")
    assert exported[2:9] == EXPORTED[shares]


def test_each_export_is_logged_for_staff(client, coordinator, staff, organisation, member):
    client.force_login(coordinator)
    client.get(f"/organisations/{organisation.pk}/members.xlsx")
    log = MemberExport.objects.get()
    assert (log.user, log.organisation, log.file_format, log.rows) == (
        coordinator,
        organisation,
        "xlsx",
        2,
    )
    client.force_login(staff)
    listing = client.get("/admin/snippets/organisations/memberexport/").content.decode()
    assert "마포 청소년 인권 모임" in listing and "한조정" in listing


def test_a_member_chooses_and_changes_what_coordinators_see_and_each_choice_is_kept(
    client, member, organisation, settings, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get("/learning/").content.decode()
    assert "마포 청소년 인권 모임 담당자가 무엇을 볼 수 있게 할까요?" in page
    url = f"/organisations/{organisation.pk}/sharing/"
    assert client.post(url, {"shares": "sometimes"}).status_code == 400  # not a choice
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"shares": Shares.COMPLETIONS, "next": "/learning/"})
    assert response["Location"] == "/learning/"
    assert "무엇을 볼 수 있게 할까요?" not in client.get("/learning/").content.decode()
    settings.PRIVACY_POLICY_VERSION = "2027-01-01"
    client.post(url, {"shares": Shares.NOTHING})
    choices = SharingChoice.objects.filter(membership__user=member).order_by("pk")
    assert list(choices.values_list("shares", "notice_version")) == [
        (Shares.COMPLETIONS, "2026-12-03"),
        (Shares.NOTHING, "2027-01-01"),
    ]
    assert _membership(member, organisation).shares == Shares.NOTHING


def test_the_choice_made_when_asking_to_join_applies_once_approved(
    client, coordinator, student, organisation
):
    client.force_login(student)
    client.post(
        f"/organisations/{organisation.pk}/join/", {"message": "", "shares": Shares.EVERYTHING}
    )
    request = organisation.join_requests.get(user=student)
    services.decide(request, actor=coordinator, approve=True)
    assert _membership(student, organisation).shares == Shares.EVERYTHING
