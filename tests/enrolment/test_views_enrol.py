from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Class, Session
from enrolment.models import Enrolment
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


@pytest.fixture
def class_(course):
    return _class_around_now(course)


def _class_around_now(course, **kwargs):
    """A one-seat class open now: the views read the real clock."""
    now = timezone.now()
    class_ = ClassFactory(
        course=course,
        title="2027 봄 1기",
        sessions=0,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=5),
        **{"capacity": 1, **kwargs},
    )
    Session.objects.create(
        course_class=class_,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
    )
    return class_


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


def test_cancelling_in_place_promotes_the_next_person(client, student, other_student, class_):
    seated = EnrolmentFactory(course_class=class_, user=student)
    waiting = EnrolmentFactory(
        course_class=class_, user=other_student, status=EnrolmentStatus.WAITLISTED, waitlist_rank=1
    )
    client.force_login(student)
    response = client.post(f"/learning/classes/{class_.pk}/cancel/", headers={"HX-Request": "true"})
    assert "신청" in card(response, class_).find("button").text
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (EnrolmentStatus.CANCELLED, EnrolmentStatus.ENROLLED)


def test_refusal_is_shown_in_korean_and_nothing_is_written(client, student, course):
    class_ = _class_around_now(course, status=Class.Status.CLOSED)
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
    class_ = _class_around_now(course, status=Class.Status.DRAFT)
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
        _class_around_now(course)
    client.get(course.url)
    with CaptureQueriesContext(connection) as few:
        client.get(course.url)
    for _ in range(8):
        EnrolmentFactory(user=student, course_class=_class_around_now(course))
    with CaptureQueriesContext(connection) as many:
        client.get(course.url)
    assert len(many) == len(few)
