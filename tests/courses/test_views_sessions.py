from zoneinfo import ZoneInfo

import pytest
import vobject
from bs4 import BeautifulSoup

from courses.models import Session
from tests.factories import ClassFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, sessions=0)


def _url(class_):
    return f"/classes/{class_.pk}/sessions/"


def test_instructor_adds_a_weekly_series_in_seoul_time(client, instructor, class_):
    client.force_login(instructor)
    response = client.post(
        _url(class_),
        {
            "first_starts_at": "2027-03-02T19:00",
            "duration_minutes": "120",
            "weekdays": ["1", "3"],
            "count": "4",
            "topic": "실습",
        },
    )
    assert response.status_code == 302
    sessions = list(class_.sessions.order_by("starts_at"))
    assert [s.starts_at.astimezone(SEOUL).strftime("%m-%d %H:%M") for s in sessions] == [
        "03-02 19:00",
        "03-04 19:00",
        "03-09 19:00",
        "03-11 19:00",
    ]
    assert sessions[-1].topic == "실습 4"
    assert client.get(_url(class_)).content.decode().count("session-item") == 4


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "회차 수나 종료일 중 하나"),
        ({"count": "3", "until": "2027-04-01"}, "회차 수나 종료일 중 하나"),
        ({"until": "2027-02-01"}, "첫 차시보다 앞"),
        ({"count": "0"}, "1 이상"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(client, instructor, class_, data, message):
    client.force_login(instructor)
    response = client.post(
        _url(class_),
        {
            "first_starts_at": "2027-03-02T19:00",
            "duration_minutes": "120",
            **data,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_only_the_classes_teachers_and_staff_reach_it(
    client, class_, other_instructor, student, staff
):
    assert client.get(_url(class_)).status_code == 302
    for person in (other_instructor, student):
        client.force_login(person)
        assert client.get(_url(class_)).status_code == 404
        client.post(
            _url(class_),
            {"first_starts_at": "2027-03-02T19:00", "duration_minutes": "60", "count": "2"},
        )
    assert not Session.objects.exists()
    client.force_login(staff)
    assert client.get(_url(class_)).status_code == 200


def test_the_teacher_takes_each_session_and_the_class_into_their_calendar(
    client, instructor, course
):
    class_ = ClassFactory(course=course, sessions=2, online_url="https://meet.example.org/x")
    class_.instructors.add(instructor)
    client.force_login(instructor)
    soup = BeautifulSoup(client.get(_url(class_)).content, "html.parser")
    links = [a["href"] for a in soup.select("a[download]")]
    sessions = class_.sessions.order_by("starts_at")
    assert links == [f"/calendar/classes/{class_.pk}.ics"] + [
        f"/calendar/sessions/{s.pk}.ics" for s in sessions
    ]
    calendar = vobject.readOne(client.get(links[1]).content.decode())
    assert len(calendar.vevent_list) == 1
    assert "https://meet.example.org/x" in calendar.vevent.description.value  # theirs to run
