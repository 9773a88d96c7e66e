from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrolment import attendance, completion
from enrolment.models import Attendance, Enrolment
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_(course):
    class_ = ClassFactory(course=course, capacity=30, sessions=2)
    for n in range(3):
        EnrolmentFactory(course_class=class_, user=UserFactory(name=f"학생{n}"))
    EnrolmentFactory(
        course_class=class_,
        user=UserFactory(name="대기자"),
        status=Enrolment.Status.WAITLISTED,
        waitlist_rank=1,
    )
    return class_


@pytest.fixture
def session(class_):
    return class_.sessions.first()


def _url(class_, session, suffix=""):
    return f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/{suffix}"


def test_roll_lists_enrolled_learners_only(client, instructor, class_, session):
    client.force_login(instructor)
    page = BeautifulSoup(client.get(_url(class_, session)).content, "html.parser")
    names = [legend.get_text(" ", strip=True) for legend in page.select(".roll-row__name")]
    assert names == ["학생0", "학생1", "학생2"]
    assert len(page.select("input[type=radio]")) == 12


def test_one_tap_saves_at_once_and_says_so(client, instructor, class_, session):
    enrolment = class_.enrolments.get(user__name="학생1")
    client.force_login(instructor)
    response = client.post(
        _url(class_, session, f"{enrolment.pk}/"),
        {"status": "late"},
        headers={"HX-Request": "true"},
    )
    row = BeautifulSoup(response.content, "html.parser")
    assert row.select_one(".roll-row__saved")
    late = row.select_one("input[value=late]")
    assert late.has_attr("checked")
    assert late["id"] == f"status-{enrolment.pk}-late"  # htmx gives the focus back to it
    assert Attendance.objects.get(enrolment=enrolment).status == "late"
    announced = row.find(id="messages")  # put in the page's messages region, read out
    assert announced["hx-swap-oob"] == "beforeend"  # shown over the earlier ones
    assert announced.get_text(strip=True) == "학생1: 지각으로 저장했습니다."


@pytest.mark.parametrize(("status", "said"), [("excused", "공결로"), ("absent", "결석으로")])
def test_the_saved_mark_is_said_with_the_particle_that_fits(
    client, instructor, class_, session, status, said
):
    enrolment = class_.enrolments.get(user__name="학생1")
    client.force_login(instructor)
    response = client.post(
        _url(class_, session, f"{enrolment.pk}/"),
        {"status": status},
        headers={"HX-Request": "true"},
    )
    text = BeautifulSoup(response.content, "html.parser").find(id="messages").get_text()
    assert text == f"학생1: {said} 저장했습니다."


def test_everyone_present_in_place_swaps_the_roll_and_says_how_many(
    client, instructor, class_, session
):
    first = class_.enrolments.get(user__name="학생0")
    attendance.mark(session, first, "late", actor=instructor)
    client.force_login(instructor)
    response = client.post(_url(class_, session, "all-present/"), headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "enrolment/partials/roll_list.html"
    page = BeautifulSoup(response.content, "html.parser")
    assert len(page.select("#roll-list input[value=present]:checked")) == 2
    assert page.find(id="roll-list")["hx-get"] == _url(class_, session)  # keeps refreshing
    assert page.find(id="messages").get_text(strip=True) == "2명을 출석으로 표시했습니다."
    response = client.post(_url(class_, session, "all-present/"), headers={"HX-Request": "true"})
    text = BeautifulSoup(response.content, "html.parser").find(id="messages").get_text()
    assert text.startswith("새로 표시할 사람이 없습니다.")


def test_everyone_present_without_javascript_says_how_many_after_the_redirect(
    client, instructor, class_, session
):
    client.force_login(instructor)
    response = client.post(_url(class_, session, "all-present/"), follow=True)
    messages = BeautifulSoup(response.content, "html.parser").find(id="messages")
    assert messages.get_text(strip=True) == "3명을 출석으로 표시했습니다."


def test_the_roll_shows_who_checked_in_themselves(client, instructor, class_, session):
    self_checked, marked = class_.enrolments.filter(status="enrolled")[:2]
    attendance.mark(session, self_checked, "present", actor=self_checked.user)
    attendance.mark(session, marked, "present", actor=instructor)
    client.force_login(instructor)
    page = BeautifulSoup(client.get(_url(class_, session)).content, "html.parser")
    tags = {
        row.select_one(".roll-row__name").contents[0].strip(): row.select_one(".roll-row__self")
        for row in page.select(".roll-row")
    }
    assert tags[self_checked.user.name].text == "본인 체크인"
    assert tags[marked.user.name] is None


def test_the_save_button_is_only_for_pages_without_htmx(client, instructor, class_, session):
    client.force_login(instructor)
    page = BeautifulSoup(client.get(_url(class_, session)).content, "html.parser")
    save = page.select_one("#roll-form button[type=submit]")
    assert save.text == "출석부 저장" and save.has_attr("data-without-htmx")


def test_everyone_present_then_fix_the_exceptions(client, instructor, class_, session):
    client.force_login(instructor)
    client.post(_url(class_, session, "all-present/"))
    absent = class_.enrolments.get(user__name="학생2")
    client.post(_url(class_, session, f"{absent.pk}/"), {"status": "absent"})
    statuses = dict(Attendance.objects.values_list("enrolment__user__name", "status"))
    assert statuses == {"학생0": "present", "학생1": "present", "학생2": "absent"}


def test_without_javascript_the_page_is_one_form(client, instructor, class_, session):
    client.force_login(instructor)
    data = {f"status-{e.pk}": "present" for e in class_.enrolments.filter(status="enrolled")}
    response = client.post(_url(class_, session), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(status="present").count() == 3


def test_waitlisted_person_cannot_be_marked(client, instructor, class_, session):
    waiting = class_.enrolments.get(status="waitlisted")
    client.force_login(instructor)
    response = client.post(
        _url(class_, session, f"{waiting.pk}/"),
        {"status": "present"},
        headers={"HX-Request": "true"},
    )
    assert "수강 확정된 사람만" in response.content.decode()
    assert not Attendance.objects.exists()


def test_others_and_crafted_posts_are_refused(
    client, class_, session, other_instructor, student, instructor
):
    enrolment = class_.enrolments.filter(status="enrolled").first()
    other = ClassFactory()
    for person in (other_instructor, student):
        client.force_login(person)
        assert client.get(_url(class_, session)).status_code == 404
        assert (
            client.post(
                _url(class_, session, f"{enrolment.pk}/"), {"status": "present"}
            ).status_code
            == 404
        )
    client.force_login(instructor)  # a session of another class through this class's URL
    assert (
        client.post(
            _url(class_, other.sessions.first(), f"{enrolment.pk}/"), {"status": "present"}
        ).status_code
        == 404
    )
    assert not Attendance.objects.exists()


def test_roll_query_count_does_not_grow_with_learners(client, instructor, class_, session):
    client.force_login(instructor)
    client.get(_url(class_, session))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(class_, session))
    for n in range(10):
        EnrolmentFactory(course_class=class_, user=UserFactory(name=f"추가{n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(_url(class_, session))
    assert len(many) == len(few)


def test_todays_sessions_lead_the_instructor_to_the_roll_call(client, instructor, class_):
    session = class_.sessions.first()
    session.starts_at = timezone.localtime().replace(hour=23, minute=0, second=0)
    session.ends_at = session.starts_at + timedelta(minutes=50)
    session.save()
    client.force_login(instructor)
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    today = page.find(id="today-heading").find_next("ul")
    assert today.find("a", href=_url(class_, session))


def test_an_excused_mark_can_carry_a_reason(client, instructor, class_, session):
    enrolment = class_.enrolments.filter(status="enrolled").first()
    client.force_login(instructor)
    response = client.post(
        _url(class_, session, f"{enrolment.pk}/"),
        {"status": "excused"},
        headers={"HX-Request": "true"},
    )
    assert BeautifulSoup(response.content, "html.parser").find("input", id=f"reason-{enrolment.pk}")
    client.post(
        _url(class_, session, f"{enrolment.pk}/"),
        {"status": "excused", f"reason-{enrolment.pk}": "병원 진료"},
        headers={"HX-Request": "true"},
    )
    mark = Attendance.objects.get(enrolment=enrolment)
    assert (mark.status, mark.reason) == ("excused", "병원 진료")
    assert mark.events.last().reason == "병원 진료"


@pytest.mark.parametrize(
    ("seat_taken", "marked"),
    [
        pytest.param(timedelta(minutes=-5), True, id="before-it-began"),
        pytest.param(timedelta(minutes=30), False, id="while-under-way"),
        pytest.param(timedelta(hours=3), False, id="after-it-ended"),
    ],
)
def test_everyone_present_marks_only_those_for_whom_the_past_session_counts(
    client, instructor, class_, session, seat_taken, marked
):
    session.starts_at = timezone.now() - timedelta(days=2)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    class_.enrolments.filter(status="enrolled").update(created_at=session.starts_at + seat_taken)
    client.force_login(instructor)
    client.post(_url(class_, session, "all-present/"))
    assert Attendance.objects.filter(status="present").count() == (3 if marked else 0)


def test_someone_seated_while_the_session_was_under_way_is_marked_on_their_own(
    client, instructor, class_, session
):
    session.starts_at = timezone.now() - timedelta(days=2)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    class_.enrolments.update(created_at=session.starts_at - timedelta(days=1))
    late_comer = class_.enrolments.get(user__name="학생2")
    Enrolment.objects.filter(pk=late_comer.pk).update(
        created_at=session.starts_at + timedelta(minutes=30)
    )
    client.force_login(instructor)
    client.post(_url(class_, session, "all-present/"))
    statuses = dict(Attendance.objects.values_list("enrolment__user__name", "status"))
    assert statuses == {"학생0": "present", "학생1": "present"}
    client.post(_url(class_, session, f"{late_comer.pk}/"), {"status": "present"})
    late_comer.refresh_from_db()
    assert completion.progress(late_comer).attended == 1  # their own mark makes it count
