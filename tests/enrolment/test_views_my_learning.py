from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from courses.models import Class, Session
from enrolment import services
from enrolment.models import Enrolment
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory
from tests.queries import cold_and_warm

pytestmark = pytest.mark.django_db


def _class(days_from_now: int, **kwargs) -> Class:
    now = timezone.now()
    class_ = ClassFactory(sessions=0, **kwargs)
    for week in range(2):
        starts = now + timedelta(days=days_from_now + 7 * week)
        Session.objects.create(
            course_class=class_,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            topic=f"{week + 1}차시",
        )
    return class_


def soup(client):
    return BeautifulSoup(client.get("/learning/").content, "html.parser")


def test_my_learning_needs_login(client):
    assert client.get("/learning/")["Location"].startswith("/accounts/login/")


def test_upcoming_sessions_come_soonest_first_with_waitlist_and_past_apart(client, student):
    later = _class(20, course=CoursePageFactory(title="나중 과정"))
    sooner = _class(3, course=CoursePageFactory(title="먼저 과정"))
    waiting = _class(5, course=CoursePageFactory(title="대기 과정"))
    done = _class(-30, course=CoursePageFactory(title="지난 과정"))
    for class_ in (later, sooner, done):
        EnrolmentFactory(user=student, course_class=class_)
    EnrolmentFactory(course_class=waiting)
    EnrolmentFactory(
        user=student, course_class=waiting, status=Enrolment.Status.WAITLISTED, waitlist_rank=4
    )
    client.force_login(student)
    page = soup(client)
    sessions = [li.select_one(".session-item__class").text for li in page.select(".session-item")]
    assert sessions[0].startswith("먼저 과정") and sessions[-1].startswith("나중 과정")
    assert not any("대기 과정" in s or "지난 과정" in s for s in sessions)
    current = page.find(id="current-heading").find_next("ul").get_text(" ")
    assert "대기 1번" in current and "나중 과정" in current
    assert "지난 과정" in page.find(id="past-heading").find_next("ul").text


def test_other_peoples_enrolments_never_show(client, student, other_student):
    EnrolmentFactory(
        user=other_student, course_class=_class(3, course=CoursePageFactory(title="남의 과정"))
    )
    client.force_login(student)
    page = soup(client)
    page.find(id="plan-heading").parent.decompose()  # recommendations may name any course
    assert "남의 과정" not in page.get_text()


def test_query_count_does_not_grow_with_enrolments(client, student):
    client.force_login(student)
    EnrolmentFactory(user=student, course_class=_class(3))
    client.get("/learning/")
    few = cold_and_warm(client, "/learning/")
    for days in (4, 5, 6, -40):
        EnrolmentFactory(user=student, course_class=_class(days))
    assert cold_and_warm(client, "/learning/") == few


def test_an_instructor_sees_todays_teaching_before_anything_else(client, instructor, course):
    class_ = ClassFactory(course=course, sessions=0)
    now = timezone.localtime()
    starts = now.replace(hour=23, minute=0, second=0, microsecond=0)
    session = Session.objects.create(
        course_class=class_, starts_at=starts, ends_at=starts + timedelta(minutes=50)
    )
    EnrolmentFactory(user=instructor, course_class=_class(3))  # learning too
    client.force_login(instructor)
    page = soup(client)
    headings = [h2["id"] for h2 in page.select("main h2[id]")]
    assert headings[0] == "today-heading"
    roll_call = f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/"
    assert page.find(id="teaching-today").find("a", href=roll_call).text == "출석 부르기"


def test_an_instructor_sees_the_sessions_they_teach_next_among_the_upcoming(
    client, instructor, course
):
    next_week = _class(5, course=course)  # in five days and in twelve
    next_week.instructors.add(instructor)
    _class(30, course=CoursePageFactory(title="먼 과정", instructors=[instructor]))
    client.force_login(instructor)
    upcoming = soup(client).find(id="upcoming-heading").parent
    assert "다가오는 수업이 없습니다" not in upcoming.get_text()
    items = upcoming.select("li.session-item")
    assert len(items) == 2  # two weeks ahead, not the class in a month
    for item, session in zip(items, next_week.sessions.order_by("starts_at"), strict=True):
        assert "강의" in item.get_text()
        assert item.find("a", href=f"/learning/classes/{next_week.pk}/sessions/{session.pk}/roll/")


def test_a_class_under_way_or_over_says_so_to_its_instructor(client, instructor, course):
    running = _class(-3, course=course, title="진행반")  # began three days ago, ends in four
    over = _class(-30, course=course, title="종료반")
    upcoming = _class(10, course=course, title="모집반")
    for class_ in (running, over, upcoming):
        class_.instructors.add(instructor)
    client.force_login(instructor)
    teaching = soup(client).find(id="teaching-heading").parent
    badges = {
        li.get_text(" ", strip=True).split(" · ")[1].split()[0]: li.select_one(".badge").text
        for li in teaching.select("li")
    }
    assert badges == {"진행반": "진행 중", "종료반": "종료", "모집반": "모집 중"}


def test_an_instructor_enrolled_in_their_own_class_sees_each_session_once(
    client, instructor, course
):
    class_ = _class(5, course=course)
    class_.instructors.add(instructor)
    EnrolmentFactory(user=instructor, course_class=class_)
    client.force_login(instructor)
    items = soup(client).find(id="upcoming-heading").parent.select("li.session-item")
    assert len(items) == class_.sessions.count() == 2


def test_someone_made_an_instructor_sees_their_classes_at_once(
    client, student, course, django_capture_on_commit_callbacks
):
    """That a person teaches nothing is kept in the cache: the next assignment shows."""
    class_ = ClassFactory(course=course, title="2027 가을 1기")
    client.force_login(student)

    def teaching():
        page = BeautifulSoup(client.get("/learning/").content, "html.parser")
        heading = page.find(id="teaching-heading")
        return heading.find_next("ul").get_text(" ", strip=True) if heading else ""

    assert teaching() == ""
    assert teaching() == ""  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        class_.instructors.add(student)
    assert "2027 가을 1기" in teaching()
    with django_capture_on_commit_callbacks(execute=True):
        class_.instructors.remove(student)
    assert teaching() == ""
    with django_capture_on_commit_callbacks(execute=True):
        course.instructors.add(student)
        course.save_revision().publish()
    assert "2027 가을 1기" in teaching()


def test_a_session_called_off_stays_listed_as_called_off_with_its_reason(
    client, student, django_capture_on_commit_callbacks
):
    class_ = _class(3, course=CoursePageFactory(title="보안 과정"))
    EnrolmentFactory(user=student, course_class=class_)
    client.force_login(student)
    soup(client)  # the page is kept for the person: calling off must show at once
    first = class_.sessions.order_by("starts_at").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(first, reason="강사 확진")
    items = soup(client).select(".session-item")
    assert len(items) == 2
    off = items[0]
    assert "session-item--off" in off["class"]
    assert "휴강" in off.text and "사유: 강사 확진" in off.text
    assert off.find("del") is not None and off.find("a", string="출석 체크") is None
    assert "휴강" not in items[1].text


def test_the_online_link_is_given_to_the_people_enrolled_in_a_hybrid_class(client, student):
    hybrid = _class(
        3,
        course=CoursePageFactory(title="혼합 과정"),
        format=Class.Format.HYBRID,
        online_url="https://meet.example.org/hybrid",
    )
    in_person = _class(4, course=CoursePageFactory(title="대면 과정"), online_url="https://x.org")
    for class_ in (hybrid, in_person):
        EnrolmentFactory(user=student, course_class=class_)
    client.force_login(student)
    links = {a["href"] for a in soup(client).select(".session-item a")}
    assert "https://meet.example.org/hybrid" in links and "https://x.org" not in links
