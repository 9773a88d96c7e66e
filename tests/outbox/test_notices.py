"""Notices as a person gets them: on the site with an unread count, by e-mail unless they
turned that kind off, held over the quiet hours unless urgent, each told once, and
stopped in one click from the e-mail (RFC 8058) without signing in."""

import email
import email.policy
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.utils import timezone

from outbox import notices
from outbox.models import NoticeChoice, SentNotice
from tests.clock import SEOUL
from tests.factories import UserFactory
from tests.outbox.telling import tell

pytestmark = pytest.mark.django_db


def _tell(person, kind="join-decided", key="join-request:1", **kwargs) -> list:
    return tell(person, kind, key, **kwargs)


def _at(hour, minute=0, day=0) -> datetime:
    base = timezone.localtime(timezone.now(), SEOUL).date() + timedelta(days=day)
    return datetime(base.year, base.month, base.day, hour, minute, tzinfo=SEOUL)


def _sweep(moment) -> list:
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        notices.send_waiting(moment)
    return list(mail.outbox)


def test_a_notice_shows_on_the_site_with_an_unread_count_until_opened(client):
    person = UserFactory()
    _tell(person)
    client.force_login(person)
    badge = client.get("/notices/badge/", headers={"HX-Request": "true"})
    assert badge.headers["Cache-Control"] == "private, no-store"
    assert "1" in BeautifulSoup(badge.content, "html.parser").find(class_="count-badge").text
    page = BeautifulSoup(client.get("/notices/").content, "html.parser")
    (item,) = page.select("#notices li")
    assert "성미산 마을 미디어" in item.text and "읽지 않음" in item.text
    opened = client.get(item.find("a")["href"])
    assert opened.status_code == 302 and opened["Location"] == "/organisations/1/"
    assert "count-badge" not in client.get("/notices/badge/").content.decode()
    assert "읽지 않음" not in client.get("/notices/").content.decode()


def test_the_header_loads_the_count_after_the_page_and_works_without_javascript(client):
    client.force_login(UserFactory())
    link = BeautifulSoup(client.get("/notices/").content, "html.parser").find(id="notice-badge")
    assert link["href"] == "/notices/" and link["hx-get"] == "/notices/badge/"


def test_nobody_opens_or_lists_another_persons_notices(client):
    owner, other = UserFactory(), UserFactory()
    _tell(owner)
    notice = SentNotice.objects.get(user=owner)
    client.force_login(other)
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert "성미산" not in client.get("/notices/").content.decode()
    assert SentNotice.objects.get(pk=notice.pk).read_at is None


def test_mark_all_as_read(client):
    person = UserFactory()
    _tell(person, key="a")
    _tell(person, key="b")
    client.force_login(person)
    client.post("/notices/read/")
    assert not person.sent_notices.unread().exists()


def test_a_kind_turned_off_by_email_stays_on_the_site_and_the_other_way_round(client):
    person = UserFactory()
    client.force_login(person)
    form = BeautifulSoup(client.get("/notices/settings/").content, "html.parser")
    data = {
        box["name"]: "on" for box in form.select("input[type=checkbox]") if box.has_attr("checked")
    }
    assert "join-decided__email" in data and "join-decided__site" in data  # on by default
    del data["join-decided__email"]
    del data["assessment-opened__site"]
    data["language"] = "ko"
    assert client.post("/notices/settings/", data).status_code == 302
    assert _tell(person) == []
    assert person.sent_notices.shown().count() == 1
    assert len(_tell(person, kind="assessment-opened", key="assessment:1")) == 1
    assert person.sent_notices.shown().count() == 1  # not listed on the site
    # Turned back on: e-mails go again.
    data["join-decided__email"] = "on"
    client.post("/notices/settings/", data)
    assert len(_tell(person, key="join-request:2")) == 1


def test_notices_go_in_the_language_the_person_chose(client):
    person = UserFactory(notice_language="en")
    (message,) = _tell(person)
    notice = SentNotice.objects.get(user=person)
    assert message.subject == f"[활동가IT학교] {notice.title}"
    assert notice.title.startswith("You are now a member")
    assert "Stop these e-mails in one click" in message.body


def test_what_can_wait_waits_out_the_quiet_hours_and_goes_once_in_the_morning(time_machine):
    person = UserFactory()
    time_machine.move_to(_at(22, 30))
    assert _tell(person, now=timezone.now()) == []  # not at 22:30
    assert person.sent_notices.shown().count() == 1  # but on the site at once
    assert _sweep(_at(7, 59, day=1)) == []
    (message,) = _sweep(_at(8, 0, day=1))
    assert message.to == [person.email] and "성미산 마을 미디어" in message.subject + message.body
    assert _sweep(_at(8, 5, day=1)) == []  # a second sweep sends nothing


def test_urgent_notices_go_at_night_too(time_machine):
    time_machine.move_to(_at(23, 10))
    assert len(_tell(UserFactory(), kind="session-moved", key="session:1", now=timezone.now())) == 1


def test_an_email_turned_off_during_the_night_does_not_go_in_the_morning(time_machine):
    person = UserFactory()
    time_machine.move_to(_at(22, 0))
    _tell(person, now=timezone.now())
    notices.turn_off(person, "join-decided", "email")
    assert _sweep(_at(8, 0, day=1)) == []


def _parsed(message) -> email.message.EmailMessage:
    """The message as a mail program reads it: the standard library's parser."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def test_each_email_has_html_and_one_click_unsubscribe_headers():
    person = UserFactory()
    (message,) = _tell(person)
    parsed = _parsed(message)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = parsed["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("http") and "/notices/unsubscribe/" in url
    html = parsed.get_body(preferencelist=("html",)).get_content()
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "성미산 마을 미디어" in html and url in html
    assert url in text and "/notices/settings/" in text


def test_one_click_unsubscribe_needs_no_sign_in_and_a_get_changes_nothing():
    person = UserFactory()
    (message,) = _tell(person)
    url = _parsed(message)["List-Unsubscribe"].strip().strip("<>")
    path = url[url.index("/notices/") :]
    mail_program = Client(enforce_csrf_checks=True)
    asked = mail_program.get(path)  # a link scanner, or the person reading first
    assert asked.status_code == 200 and not NoticeChoice.objects.exists()
    done = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "더 이상" in done.content.decode()
    assert NoticeChoice.objects.filter(user=person, kind="join-decided", channel="email").exists()
    assert _tell(person, key="join-request:2") == []
    assert mail_program.post(path).status_code == 200  # again: still off, no error


def test_a_forged_or_cut_unsubscribe_link_is_refused_in_korean_and_changes_nothing():
    person = UserFactory()
    token = notices.unsubscribe_token(person, "join-decided")
    for bad in (token[:-3], token.replace(token[5], "x" if token[5] != "x" else "y"), "x"):
        response = Client().post(f"/notices/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "올바르지 않" in response.content.decode()
    assert not NoticeChoice.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("leave_the_database_as_found")
def test_two_sweeps_at_once_send_a_waiting_email_once(time_machine):
    people = [UserFactory() for _ in range(6)]
    time_machine.move_to(_at(23, 0))
    for person in people:
        _tell(person, now=timezone.now())
    mail.outbox.clear()
    barrier = threading.Barrier(4)

    def sweep():
        try:
            barrier.wait(timeout=30)
            return notices.send_waiting(_at(8, 0, day=1))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        sent = list(pool.map(lambda _: sweep(), range(4)))
    assert sum(sent) == 6
    assert not SentNotice.objects.filter(held_until__isnull=False).exists()


def test_korean_particles_fit_the_name_they_follow():
    """A translation writes 은(는); the notice reads 성미산 마을 미디어는 (and 마을은)."""
    person = UserFactory()
    for key, name in (("a", "성미산 마을 미디어"), ("b", "마포 마을")):
        tell(
            person,
            "reassessment-due",
            key,
            template="organisations/email/reassessment_due",
            context={"organisation": SimpleNamespace(name=name, last_assessed=None), "url": "/"},
        )
    bodies = [n.body for n in person.sent_notices.order_by("pk")]
    assert "성미산 마을 미디어는 아직" in bodies[0] and "마포 마을은 아직" in bodies[1]
    assert "은(는)" not in bodies[0] + bodies[1]
