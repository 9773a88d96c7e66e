"""A person's own feed: their classes, only theirs, behind a token that can be replaced."""

import hashlib

import pytest

from courses.models import Class
from enrolment import services
from enrolment.models import Enrolment
from feeds import tokens as feed_tokens
from feeds.models import FeedToken
from tests.factories import NOW, ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/room-"


def events(calendar) -> list:
    return sorted(getattr(calendar, "vevent_list", []), key=lambda e: e.dtstart.value)


def _online_class(name, **kwargs):
    return ClassFactory(format=Class.Format.ONLINE, place="", online_url=LINK + name, **kwargs)


def _url(token):
    return f"/calendar/u/{token}.ics"


def test_feed_holds_enrolled_waitlisted_and_taught_classes(
    read_feed, student, other_student, instructor
):
    enrolled = _online_class("enrolled", sessions=1)
    full = _online_class("full", capacity=1, sessions=1)
    taught = _online_class("taught", sessions=1)
    _online_class("elsewhere", sessions=1)
    taught.instructors.add(student)
    services.enrol(student, enrolled, now=NOW)
    services.enrol(other_student, full, now=NOW)
    services.enrol(student, full, now=NOW)  # waitlisted

    calendar = read_feed(_url(feed_tokens.regenerate(student)))
    assert calendar.x_wr_calname.value == "활동가IT학교 · 내 수업"
    by_class = {e.summary.value: e for e in events(calendar)}
    assert len(by_class) == 3
    mine = {e.summary.value.split(" · ")[1]: e for e in events(calendar)}
    assert mine[enrolled.title].location.value == LINK + "enrolled"
    assert LINK + "enrolled" in mine[enrolled.title].description.value
    assert LINK + "taught" in mine[taught.title].description.value
    waiting = mine[full.title]
    assert waiting.summary.value.startswith("[대기] ")
    assert waiting.transp.value == "TRANSPARENT"
    assert LINK not in waiting.description.value and waiting.location.value == "온라인"


def test_one_persons_feed_never_holds_another_persons_links(client, student, other_student):
    for person, name in ((student, "mine"), (other_student, "theirs")):
        EnrolmentFactory(user=person, course_class=_online_class(name))
    body = client.get(_url(feed_tokens.regenerate(student))).content.decode()
    assert LINK + "mine" in body
    assert LINK + "theirs" not in body
    assert "theirs" not in client.get("/calendar/school.ics").content.decode()


def test_nothing_enrolled_gives_a_valid_empty_calendar(read_feed, student):
    calendar = read_feed(_url(feed_tokens.regenerate(student)))
    assert events(calendar) == []
    assert calendar.vtimezone.tzid.value == "Asia/Seoul"


def test_cancelled_enrolment_leaves_the_feed(read_feed, student):
    enrolment = services.enrol(student, ClassFactory(), now=NOW)
    url = _url(feed_tokens.regenerate(student))
    assert len(events(read_feed(url))) == 3
    services.cancel(enrolment, now=NOW)
    assert events(read_feed(url)) == []


def test_token_is_long_random_and_stored_only_as_its_hash(student):
    token = feed_tokens.regenerate(student)
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = FeedToken.objects.get(user=student)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(FeedToken.objects.values()))


def test_personal_feed_is_private_and_unknown_tokens_get_a_plain_404(client, student):
    token = feed_tokens.regenerate(student)
    response = client.get(_url(token))
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"].startswith("private")
    for wrong in ("x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), "short", token * 2):
        response = client.get(_url(wrong))
        assert response.status_code == 404
        assert wrong not in response.content.decode()


def test_new_address_from_the_profile_ends_the_old_one_at_once(client, student):
    old = _url(feed_tokens.regenerate(student))
    client.force_login(student)
    response = client.post("/calendar/address/")
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    profile = client.get("/accounts/profile/").content.decode()
    new = profile.split('value="http://127.0.0.1:8000', 1)[1].split('"', 1)[0]
    assert new.startswith("/calendar/u/") and new != old
    assert f"webcal://127.0.0.1:8000{new}" in profile
    assert new not in client.get("/accounts/profile/").content.decode()  # shown only once
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_new_address_with_htmx_answers_the_partial(client, student):
    client.force_login(student)
    response = client.post("/calendar/address/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "feeds/partials/personal_feed.html" in [t.name for t in response.templates]
    assert "webcal://" in response.content.decode()


def test_address_needs_a_login_and_a_post(client, student):
    assert client.post("/calendar/address/").status_code == 302
    client.force_login(student)
    assert client.get("/calendar/address/").status_code == 405
    assert not FeedToken.objects.exists()


def test_password_change_keeps_the_feed_and_deactivation_ends_it(client, student):
    token = feed_tokens.regenerate(student)
    student.set_password("a-new-long-password-2027")
    student.save()
    assert client.get(_url(token)).status_code == 200
    student.is_active = False
    student.save()
    assert client.get(_url(token)).status_code == 404
    assert not FeedToken.objects.filter(user=student).exists()


def test_waitlist_promotion_changes_the_feed(client, student, other_student):
    class_ = ClassFactory(capacity=1, sessions=1)
    seated = services.enrol(other_student, class_, now=NOW)
    services.enrol(student, class_, now=NOW)
    url = _url(feed_tokens.regenerate(student))
    first = client.get(url)
    assert "[대기]" in first.content.decode()
    services.cancel(seated, now=NOW)
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200 and "[대기]" not in second.content.decode()
