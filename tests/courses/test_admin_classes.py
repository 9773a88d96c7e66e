"""Scheduling in the Wagtail admin: staff any class, instructors only their courses' classes."""

import pytest
from django.urls import reverse

from courses.models import Class, Session
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _form(class_: Class, **changes) -> dict:
    data = {
        "course": class_.course_id,
        "title": class_.title,
        "status": class_.status,
        "capacity": class_.capacity,
        "enrolment_opens_at": "2027-02-23 10:00",
        "enrolment_closes_at": "2027-03-09 10:00",
        "format": class_.format,
        "place": class_.place,
        "online_url": "",
        "note": "",
        "offer_hours": "24",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-starts_at": "2027-03-12 19:00",
        "sessions-0-ends_at": "2027-03-12 21:00",
        "sessions-0-status": "scheduled",
        "sessions-0-topic": "첫 모임",
        "sessions-0-place": "",
        "sessions-0-lesson": "",
        "sessions-0-id": "",
        "sessions-0-ORDER": "1",
        "sessions-0-DELETE": "",
    }
    data.update(changes)
    return data


def _edit_url(class_):
    return reverse("wagtailsnippets_courses_class:edit", args=[class_.pk])


@pytest.fixture
def taught_class(course):
    return ClassFactory(course=course, sessions=0)


@pytest.fixture
def other_class(other_instructor):
    return ClassFactory(course=CoursePageFactory(instructors=[other_instructor]), sessions=0)


def test_instructor_lists_only_classes_of_courses_they_teach(
    client, instructor, taught_class, other_class
):
    client.force_login(instructor)
    page = client.get(reverse("wagtailsnippets_courses_class:list")).content.decode()
    assert _edit_url(taught_class) in page
    assert _edit_url(other_class) not in page


def test_instructor_edits_their_class_and_adds_a_session(client, instructor, taught_class):
    client.force_login(instructor)
    response = client.post(_edit_url(taught_class), _form(taught_class, title="2027 봄 2기"))
    assert response.status_code == 302, response.content.decode()[:3000]
    taught_class.refresh_from_db()
    assert taught_class.title == "2027 봄 2기"
    assert taught_class.sessions.get().topic == "첫 모임"


def test_instructor_is_refused_another_courses_class(client, instructor, course, other_class):
    client.force_login(instructor)
    assert client.get(_edit_url(other_class)).status_code in {302, 403}
    client.post(_edit_url(other_class), _form(other_class, title="가로채기"))
    other_class.refresh_from_db()
    assert other_class.title != "가로채기"


def test_instructor_cannot_schedule_a_class_for_another_course(
    client, instructor, taught_class, other_class
):
    client.force_login(instructor)
    add = reverse("wagtailsnippets_courses_class:add")
    response = client.post(add, _form(other_class, title="몰래 만든 기수"))
    assert response.status_code == 200
    assert not Class.objects.filter(title="몰래 만든 기수").exists()


def test_capacity_below_the_enrolled_count_is_refused(client, staff, taught_class):
    EnrolmentFactory.create_batch(3, course_class=taught_class)
    client.force_login(staff)
    response = client.post(_edit_url(taught_class), _form(taught_class, capacity="2"))
    assert response.status_code == 200
    assert "3명이 이미 수강 중" in response.content.decode()
    taught_class.refresh_from_db()
    assert taught_class.capacity == 10


def test_session_ending_before_it_starts_is_refused(client, staff, taught_class):
    client.force_login(staff)
    response = client.post(
        _edit_url(taught_class), _form(taught_class, **{"sessions-0-ends_at": "2027-03-12 18:00"})
    )
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_activist_cannot_reach_class_admin(client, student, taught_class):
    client.force_login(student)
    assert client.get(_edit_url(taught_class)).status_code in {302, 403}


def test_class_listing_links_to_sessions_and_roster(client, staff, taught_class):
    client.force_login(staff)
    page = client.get(reverse("wagtailsnippets_courses_class:list")).content.decode()
    assert f"/classes/{taught_class.pk}/sessions/" in page
    assert f"/learning/classes/{taught_class.pk}/roster/" in page


def test_a_session_longer_than_twelve_hours_is_refused(client, staff, taught_class):
    client.force_login(staff)
    response = client.post(
        _edit_url(taught_class), _form(taught_class, **{"sessions-0-ends_at": "2027-03-13 09:00"})
    )
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_a_guest_instructor_of_the_class_can_edit_it(client, taught_class):
    from tests.factories import UserFactory

    guest = UserFactory(name="객원강사")
    taught_class.instructors.add(guest)
    client.force_login(guest)
    # Reaching the admin takes the Instructors group, as staff would give a guest.
    from django.contrib.auth.models import Group

    guest.groups.add(Group.objects.get(name="Instructors"))
    response = client.post(_edit_url(taught_class), _form(taught_class, title="특강반"))
    assert response.status_code == 302
    taught_class.refresh_from_db()
    assert taught_class.title == "특강반"


def test_instructor_choices_are_instructors_only_as_checkboxes_told_apart(client, staff, course):
    from bs4 import BeautifulSoup
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    instructors = Group.objects.get(name="Instructors")
    first = UserFactory(name="김강사", email="kim.a@example.org", username="kim-a")
    second = UserFactory(name="김강사", email="kim.b@example.org", username="kim-b")
    for person in (first, second):
        person.groups.add(instructors, Group.objects.get(name="Staff"))  # two groups, one row
    UserFactory(name="이학습", email="learner@example.org")
    guest = UserFactory(name="객원강사", email="guest@example.org")
    class_ = ClassFactory(course=course, sessions=0)
    class_.instructors.add(guest)
    client.force_login(staff)

    page = BeautifulSoup(client.get(_edit_url(class_)).content, "html.parser")
    boxes = page.select("input[type=checkbox][name=instructors]")
    labels = [box.find_parent("label").get_text(" ", strip=True) for box in boxes]
    assert sorted(labels) == [
        "객원강사 (guest@example.org)",
        "김강사 (kim.a@example.org)",
        "김강사 (kim.b@example.org)",
        f"{course.instructors.get().name} ({course.instructors.get().email})",
    ]
    assert not page.select("select[name=instructors]")

    data = _form(class_, instructors=[second.pk])
    assert client.post(_edit_url(class_), data).status_code == 302
    assert list(class_.instructors.all()) == [second]
    learner = UserFactory(name="몰래")
    response = client.post(_edit_url(class_), _form(class_, instructors=[learner.pk]))
    assert response.status_code == 200 and list(class_.instructors.all()) == [second]
