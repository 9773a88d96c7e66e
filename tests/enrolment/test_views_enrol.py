from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import Class, Session
from enrolment.models import Enrolment
from tests.factories import CoursePageFactory, EnrolmentFactory, UserFactory, class_open_now

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


@pytest.fixture
def class_(course):
    return class_open_now(course=course, title="2027 봄 1기")


def card(response, class_):
    return BeautifulSoup(response.content, "html.parser").find(id=f"class-{class_.pk}")


def test_course_page_lists_upcoming_classes_with_seats_left(client, course, class_):
    text = card(client.get(course.url), class_).get_text(" ")
    assert "2027 봄 1기" in text
    assert "1석 중 1석" in text
    assert "로그인하고 신청" in text


def test_htmx_enrol_swaps_the_card_for_the_persons_status(client, student, class_):
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "courses/partials/class_card.html"
    assert "<html" not in response.content.decode()
    assert "수강이 확정되었습니다" in card(response, class_).text
    assert Enrolment.objects.get(user=student).status == EnrolmentStatus.ENROLLED


def test_plain_enrol_redirects_back_to_the_class_on_the_course_page(
    client, student, class_, course
):
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#class-{class_.pk}")
    assert "수강이 확정되었습니다" in card(client.get(course.url), class_).text


def test_full_class_offers_the_waitlist_and_shows_the_position(client, student, class_):
    EnrolmentFactory(course_class=class_)
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    assert "대기 1번입니다" in card(response, class_).text


def _messages(response):
    """What an htmx answer puts in the page's messages region (read out by screen readers)."""
    region = BeautifulSoup(response.content, "html.parser").find(id="messages")
    assert region["hx-swap-oob"] == "beforeend"  # shown over the earlier ones
    return region.get_text(" ", strip=True)


def test_htmx_enrol_says_what_happened_in_the_messages_region(client, student, class_):
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    assert _messages(response) == "개인정보보호법 기초 (2027 봄 1기) 수강 신청이 확정되었습니다."
    assert card(response, class_).find("button", autofocus=True).text == "수강 취소"


def test_cancel_asks_first_in_the_card_and_changes_nothing(client, student, other_student, class_):
    seated = EnrolmentFactory(course_class=class_, user=student)
    EnrolmentFactory(
        course_class=class_, user=other_student, status=EnrolmentStatus.WAITLISTED, waitlist_rank=1
    )
    client.force_login(student)
    url = f"/learning/classes/{class_.pk}/cancel/"
    for response in (
        client.get(url, headers={"HX-Request": "true"}),
        client.post(url, headers={"HX-Request": "true"}),  # not confirmed: still only asks
    ):
        step = card(response, class_).find(class_="confirm-step")
        assert "정말 수강을 취소할까요?" in step.get_text()
        assert "대기자 1명" in step.get_text()
        confirm = step.find("form")
        assert (confirm["method"], confirm["hx-post"]) == ("post", url)
        assert confirm.find("input", attrs={"name": "confirm"})["value"] == "yes"
        assert confirm.find("button").text == "네, 수강을 취소합니다"
        keep = step.find("a", autofocus=True)  # the focus lands on the choice that changes nothing
        assert keep.text == "그대로 두기"
        assert keep["hx-get"] == f"/learning/classes/{class_.pk}/card/"
    seated.refresh_from_db()
    assert seated.status == EnrolmentStatus.ENROLLED


def test_without_javascript_cancel_asks_on_a_page_of_its_own(client, student, class_, course):
    seated = EnrolmentFactory(course_class=class_, user=student)
    client.force_login(student)
    url = f"/learning/classes/{class_.pk}/cancel/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    step = page.find("main").find(class_="confirm-step")
    assert "정말 수강을 취소할까요?" in step.get_text()
    form = step.find("form")
    assert (form["method"], form["action"], form.get("hx-post")) == ("post", url, None)
    assert step.find("a", string="그대로 두기")["href"] == f"{course.url}#class-{class_.pk}"
    assert client.post(url).status_code == 200  # not confirmed: the same question
    seated.refresh_from_db()
    assert seated.status == EnrolmentStatus.ENROLLED

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{course.url}#class-{class_.pk}"
    messages = BeautifulSoup(response.content, "html.parser").find(id="messages").get_text()
    assert "수강을 취소했습니다. 빈자리는 다른 분이 신청할 수 있습니다." in messages
    seated.refresh_from_db()
    assert seated.status == EnrolmentStatus.CANCELLED


def test_confirmed_cancel_in_place_promotes_the_next_person_and_says_so(
    client, student, other_student, class_
):
    seated = EnrolmentFactory(course_class=class_, user=student)
    waiting = EnrolmentFactory(
        course_class=class_, user=other_student, status=EnrolmentStatus.WAITLISTED, waitlist_rank=1
    )
    client.force_login(student)
    response = client.post(
        f"/learning/classes/{class_.pk}/cancel/", {"confirm": "yes"}, headers={"HX-Request": "true"}
    )
    assert "신청" in card(response, class_).find("button", autofocus=True).text
    assert "자리는 대기 명단의 다음 분에게 넘어갔습니다." in card(response, class_).get_text()
    assert _messages(response) == (
        "개인정보보호법 기초 (2027 봄 1기) 수강을 취소했습니다. "
        "자리는 대기 명단의 다음 분에게 넘어갔습니다."
    )
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (EnrolmentStatus.CANCELLED, EnrolmentStatus.ENROLLED)


def test_leaving_the_waitlist_asks_first_and_says_so(client, student, other_student, class_):
    EnrolmentFactory(course_class=class_, user=other_student)
    waiting = EnrolmentFactory(
        course_class=class_, user=student, status=EnrolmentStatus.WAITLISTED, waitlist_rank=1
    )
    client.force_login(student)
    url = f"/learning/classes/{class_.pk}/cancel/"
    step = card(client.get(url, headers={"HX-Request": "true"}), class_)
    assert "정말 대기를 취소할까요?" in step.get_text()
    assert "대기 1번 자리를 잃고" in step.get_text()
    response = client.post(url, {"confirm": "yes"}, headers={"HX-Request": "true"})
    assert _messages(response) == "개인정보보호법 기초 (2027 봄 1기) 대기 신청을 취소했습니다."
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.CANCELLED


def test_keeping_the_enrolment_brings_the_card_back(client, student, class_, course):
    EnrolmentFactory(course_class=class_, user=student)
    client.force_login(student)
    url = f"/learning/classes/{class_.pk}/card/"
    response = client.get(url, headers={"HX-Request": "true"})
    assert card(response, class_).find("button", autofocus=True).text == "수강 취소"
    assert client.get(url)["Location"] == f"{course.url}#class-{class_.pk}"


def test_refusal_is_shown_in_korean_and_nothing_is_written(client, student, course):
    class_ = class_open_now(course=course, status=Class.Status.CLOSED)
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    assert "마감" in card(response, class_).text
    assert not Enrolment.objects.exists()


def test_anonymous_enrol_is_sent_to_log_in(client, class_):
    response = client.post(f"/learning/classes/{class_.pk}/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Enrolment.objects.exists()


def test_enrol_needs_post_and_a_csrf_token(student, class_):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    assert client.get(f"/learning/classes/{class_.pk}/enrol/").status_code == 405
    assert client.post(f"/learning/classes/{class_.pk}/enrol/").status_code == 403
    assert (
        client.post(
            f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"}
        ).status_code
        == 403
    )
    assert not Enrolment.objects.exists()


def test_draft_classes_are_not_found(client, student, course):
    class_ = class_open_now(course=course, status=Class.Status.DRAFT)
    client.force_login(student)
    assert client.post(f"/learning/classes/{class_.pk}/enrol/").status_code == 404
    assert f"class-{class_.pk}" not in client.get(course.url).content.decode()


def test_cancel_without_an_enrolment_is_not_found(client, student, class_):
    client.force_login(student)
    assert client.post(f"/learning/classes/{class_.pk}/cancel/").status_code == 404


def test_anonymous_cached_course_page_shows_seats_taken_at_once(
    client, course, class_, django_capture_on_commit_callbacks
):
    assert "1석 중 1석" in card(client.get(course.url), class_).text  # now cached
    other = Client()
    other.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        other.post(f"/learning/classes/{class_.pk}/enrol/")
    assert "1석 중 0석" in card(client.get(course.url), class_).text


def test_course_page_query_count_does_not_grow_with_classes(client, student, course):
    client.force_login(student)
    for _ in range(2):
        class_open_now(course=course)
    client.get(course.url)
    with CaptureQueriesContext(connection) as few:
        client.get(course.url)
    for _ in range(8):
        EnrolmentFactory(user=student, course_class=class_open_now(course=course))
    with CaptureQueriesContext(connection) as many:
        client.get(course.url)
    assert len(many) == len(few)


def test_class_card_shows_its_days_and_hours_as_the_site_writes_dates(client, course):
    """Days joined by an en dash, the year named again across a new year, and the hours
    of a session with their end; the enrolment period reads the same way."""
    seoul = ZoneInfo("Asia/Seoul")
    class_ = class_open_now(course=course)
    class_.sessions.all().delete()
    for day in (datetime(2098, 12, 16, 19, tzinfo=seoul), datetime(2099, 1, 6, 19, tzinfo=seoul)):
        Session.objects.create(course_class=class_, starts_at=day, ends_at=day + timedelta(hours=2))
    facts = {
        dt.get_text(): dt.find_next_sibling("dd").get_text()
        for dt in card(client.get(course.url), class_).find_all("dt")
    }
    assert facts["일정"] == "2098. 12. 16.(화) – 2099. 1. 6.(화), 19:00–21:00"
    assert " – " in facts["신청 기간"]
    assert " - " not in facts["신청 기간"]


def _enrol_queries(class_) -> int:
    person = Client()
    person.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = person.post(
            f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"}
        )
    assert "대기" in card(response, class_).text
    return len(queries)


def test_joining_the_waitlist_costs_the_same_few_queries_however_long_it_is(course):
    """Under a seat storm every enrolment holds the class's lock: what it reads and writes
    stays a fixed handful of queries, whether 2 or 30 people wait and however many
    sessions the class has."""
    class_ = class_open_now(course=course)
    EnrolmentFactory(course_class=class_)
    _enrol_queries(class_)  # the course's prerequisites are read once per content version
    short = _enrol_queries(class_)
    for _ in range(28):
        _enrol_queries(class_)
    for week in range(2, 10):
        start = class_.sessions.first().starts_at + timedelta(weeks=week)
        Session.objects.create(
            course_class=class_, starts_at=start, ends_at=start + timedelta(hours=2)
        )
    long = _enrol_queries(class_)
    assert short == long
    # the session and user, the class, the lock, the class under it, the person's place,
    # the place and its history written, the class and place the card shows, and the
    # transaction's two ends (a savepoint here, inside the test's transaction)
    assert long <= 12


def test_prerequisites_published_after_a_first_enrolment_are_enforced(client, student):
    """The courses required are kept per content version: publishing new ones counts."""
    basics = CoursePageFactory(title="기초")
    advanced = CoursePageFactory(title="심화")
    class_ = class_open_now(course=advanced, capacity=5)
    client.force_login(UserFactory())
    client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    advanced.prerequisites = [basics]
    advanced.save_revision().publish()
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/enrol/", headers={"HX-Request": "true"})
    assert "기초" in card(response, class_).text
    assert not Enrolment.objects.filter(user=student).exists()
