"""Staff handle exceptions from the roster; each action is recorded with who and why."""

import pytest
from django.test import Client

from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


@pytest.fixture
def full_class(course):
    class_ = ClassFactory(course=course, capacity=1)
    EnrolmentFactory(course_class=class_, user=UserFactory(username="seated"))
    for rank, name in enumerate(["first", "second"], start=1):
        EnrolmentFactory(
            course_class=class_,
            user=UserFactory(username=name),
            status=EnrolmentStatus.WAITLISTED,
            waitlist_rank=rank,
        )
    return class_


def _url(class_, suffix=""):
    return f"/learning/classes/{class_.pk}/roster/{suffix}"


def test_staff_enrol_someone_by_hand_with_a_reason(client, staff, full_class):
    newcomer = UserFactory(username="newcomer", email="New@Example.org")
    client.force_login(staff)
    client.post(_url(full_class, "enrol/"), {"person": "new@example.org", "reason": "단체 추천"})
    enrolment = Enrolment.objects.get(user=newcomer)
    assert (
        enrolment.status == EnrolmentStatus.WAITLISTED
    )  # the class is full: hand enrolment waits too
    event = enrolment.events.get()
    assert (event.actor, event.reason) == (staff, "단체 추천")


def test_unknown_person_is_explained_and_nothing_written(client, staff, full_class):
    client.force_login(staff)
    response = client.post(
        _url(full_class, "enrol/"), {"person": "nobody", "reason": "x"}, follow=True
    )
    assert "그런 아이디나 이메일을 쓰는 사람이 없습니다" in response.content.decode()
    assert Enrolment.objects.count() == 3


def test_staff_move_someone_up_and_cancel_on_their_behalf(client, staff, full_class):
    second = Enrolment.objects.get(user__username="second")
    seated = Enrolment.objects.get(user__username="seated")
    client.force_login(staff)
    client.post(_url(full_class, f"{second.pk}/move-up/"), {"reason": "긴급 요청"})
    client.post(_url(full_class, f"{seated.pk}/cancel/"), {"reason": "본인 전화 요청"})
    second.refresh_from_db()
    seated.refresh_from_db()
    assert seated.status == EnrolmentStatus.CANCELLED
    assert second.status == EnrolmentStatus.ENROLLED  # moved to the front, then promoted
    assert seated.events.last().reason == "본인 전화 요청"
    assert EnrolmentEvent.objects.filter(actor=staff).count() == 2


@pytest.mark.parametrize("suffix", ["enrol/", "{pk}/move-up/", "{pk}/cancel/"])
def test_instructors_and_activists_cannot_take_staff_actions(
    instructor, student, full_class, suffix
):
    target = Enrolment.objects.get(user__username="second")
    url = _url(full_class, suffix.format(pk=target.pk))
    for person in (instructor, student):
        client = Client()
        client.force_login(person)
        response = client.post(url, {"person": person.username, "reason": "x"})
        assert response.status_code == 404
    target.refresh_from_db()
    assert target.status == EnrolmentStatus.WAITLISTED and target.waitlist_rank == 2
    assert not EnrolmentEvent.objects.exists()


def test_roster_shows_the_history_to_the_instructor(client, instructor, full_class, staff):
    seated = Enrolment.objects.get(user__username="seated")
    staff_client = Client()
    staff_client.force_login(staff)
    staff_client.post(_url(full_class, f"{seated.pk}/cancel/"), {"reason": "본인 요청"})
    client.force_login(instructor)
    page = client.get(_url(full_class)).content.decode()
    assert "본인 요청" in page
    assert "대신 취소" not in page  # no staff actions for instructors


@pytest.mark.parametrize("suffix", ["enrol/", "{pk}/move-up/", "{pk}/cancel/"])
def test_staff_actions_without_a_reason_change_nothing(client, staff, full_class, suffix):
    target = Enrolment.objects.get(user__username="second")
    UserFactory(username="newcomer")
    client.force_login(staff)
    response = client.post(
        _url(full_class, suffix.format(pk=target.pk)),
        {"person": "newcomer", "reason": " "},
        follow=True,
    )
    assert "사유를 적어 주세요" in response.content.decode()
    assert not EnrolmentEvent.objects.exists()
    assert Enrolment.objects.count() == 3
