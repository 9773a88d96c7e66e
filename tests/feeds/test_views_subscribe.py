"""Subscribe links on the pages people use, and one-off .ics downloads."""

import pytest
import vobject
from bs4 import BeautifulSoup

from courses.models import Class
from feeds import tokens as feed_tokens
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/private-room"


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, format=Class.Format.ONLINE, online_url=LINK, sessions=2)


def test_catalogue_offers_the_school_feed(client):
    page = client.get("/courses/").content.decode()
    assert 'href="webcal://127.0.0.1:8000/calendar/school.ics"' in page
    assert (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A8000%2Fcalendar%2Fschool.ics"
        in page
    )
    assert 'value="http://127.0.0.1:8000/calendar/school.ics"' in page


def test_filtering_by_track_in_place_swaps_in_the_tracks_feed(client, course):
    track = course.track.slug
    page = client.get(f"/courses/?track={track}", HTTP_HX_REQUEST="true").content.decode()
    assert (
        'id="school-calendar" aria-labelledby="school-calendar-heading" hx-swap-oob="true"' in page
    )
    assert f'href="webcal://127.0.0.1:8000/calendar/tracks/{track}.ics"' in page
    unfiltered = client.get("/courses/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-swap-oob" in unfiltered and "/calendar/tracks/" not in unfiltered


def test_course_page_offers_its_feed_and_each_class_as_a_file(client, class_):
    page = client.get(class_.course.url).content.decode()
    assert f"webcal://127.0.0.1:8000/calendar/courses/{class_.course.url.split('/')[-2]}" in page
    assert f'href="/calendar/classes/{class_.pk}.ics"' in page


def test_my_learning_offers_each_session_as_a_file(client, student, class_):
    EnrolmentFactory(user=student, course_class=class_)
    client.force_login(student)
    page = client.get("/learning/").content.decode()
    for session in class_.sessions.all():
        assert f'href="/calendar/sessions/{session.pk}.ics"' in page


def test_profile_offers_to_create_the_personal_address(client, student):
    client.force_login(student)
    page = client.get("/accounts/profile/").content.decode()
    assert 'action="/calendar/address/"' in page and "webcal://" not in page


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response, vobject.readOne(response.content.decode())


def test_class_file_holds_its_sessions_and_the_link_only_for_its_people(client, student, class_):
    url = f"/calendar/classes/{class_.pk}.ics"
    response, calendar = _download(client, url)
    assert len(calendar.vevent_list) == 2 and LINK.encode() not in response.content
    assert response["Cache-Control"].startswith("public")
    EnrolmentFactory(user=student, course_class=class_)
    client.force_login(student)
    response, _ = _download(client, url)
    assert LINK.encode() in response.content and response["Cache-Control"].startswith("private")


def test_session_file_has_the_feeds_uid(client, student, class_):
    session = class_.sessions.order_by("starts_at").first()
    _, calendar = _download(client, f"/calendar/sessions/{session.pk}.ics")
    (event,) = calendar.vevent_list
    assert event.uid.value == f"session-{session.pk}@activist-it-school"
    feed = client.get(f"/calendar/u/{feed_tokens.regenerate(student)}.ics").content
    assert b"VEVENT" not in feed  # not enrolled: the file is public, the feed is empty


def test_drafts_give_no_file(client, course):
    draft = ClassFactory(course=course, status=Class.Status.DRAFT, sessions=1)
    assert client.get(f"/calendar/classes/{draft.pk}.ics").status_code == 404
    assert client.get(f"/calendar/sessions/{draft.sessions.get().pk}.ics").status_code == 404


def test_my_learning_offers_the_personal_calendar_and_comes_back_to_it(client, student):
    client.force_login(student)
    page = BeautifulSoup(client.get("/learning/").content, "html.parser")
    form = page.find(id="personal-feed").find("form")
    assert form["action"] == "/calendar/address/"
    assert form.find("input", attrs={"name": "next"})["value"] == "/learning/"
    response = client.post("/calendar/address/", {"next": "/learning/"}, follow=True)
    assert response.redirect_chain == [("/learning/", 302)]
    feed = BeautifulSoup(response.content, "html.parser").find(id="personal-feed")
    address = feed.find("input", readonly=True)["value"]
    assert address.startswith("http://127.0.0.1:8000/calendar/u/")
    webcal = "webcal://" + address.split("://", 1)[1]
    assert feed.find("a", href=webcal).text == "구독"
    google = feed.find("a", string="Google 캘린더에 추가")["href"]
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal")
    copy = feed.find("button", attrs={"data-copy-target": True})
    assert feed.find(id=copy["data-copy-target"])["value"] == address


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/courses/", ""])
def test_the_new_address_goes_back_only_to_the_pages_that_offer_it(client, student, next_url):
    client.force_login(student)
    response = client.post("/calendar/address/", {"next": next_url})
    assert response["Location"] == "/accounts/profile/"


def test_htmx_shows_the_new_address_in_place_with_the_focus_on_it(client, student):
    feed_tokens.regenerate(student)
    client.force_login(student)
    response = client.post("/calendar/address/", headers={"HX-Request": "true"})
    page = BeautifulSoup(response.content, "html.parser")
    address = page.find(id="personal-feed").find("input", readonly=True)
    assert address.has_attr("autofocus")
    assert "새 캘린더 주소가 준비되었습니다" in page.find(id="messages").text
