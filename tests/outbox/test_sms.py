"""Text messages through NHN Cloud's SMS API v3.0, against a local server that speaks its
published protocol (TOAST-DOCS/SMS, ko/api-guide.md at 001d4ee7: POST
/sms/v3.0/appKeys/{appKey}/sender/sms or /sender/mms, header X-Secret-Key, JSON with
body, sendNo and recipientList[].recipientNo; the answer's header.isSuccessful and
body.data.sendResultList[].resultCode). Nothing goes without the school's configuration,
the person's number and their consent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase

from outbox import delivery
from outbox.models import NoticeChoice, OutgoingMail
from tests.factories import UserFactory
from tests.outbox.telling import tell

pytestmark = pytest.mark.django_db
APP_KEY, SECRET = "app-key-1", "secret-key-1"


class NhnCloud(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received, self.refuse = [], False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the standard library's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append(
            {"path": self.path, "secret": self.headers.get("X-Secret-Key"), "json": body}
        )
        ok = not self.server.refuse and self.headers.get("X-Secret-Key") == SECRET
        answer = {
            "header": {
                "isSuccessful": ok,
                "resultCode": 0 if ok else -1000,
                "resultMessage": "SUCCESS" if ok else "Invalid request",
            },
            "body": {
                "data": {
                    "requestId": "20261203100630ReZQ6KZzAH0",
                    "statusCode": "2",
                    "sendResultList": [
                        {
                            "recipientNo": r["recipientNo"],
                            "resultCode": 0,
                            "resultMessage": "SUCCESS",
                        }
                        for r in body["recipientList"]
                    ],
                }
            }
            if ok
            else None,
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def nhn_cloud(settings):
    server = NhnCloud()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NHN_SMS_URL = server.url
    settings.NHN_SMS_APP_KEY, settings.NHN_SMS_SECRET_KEY = APP_KEY, SECRET
    settings.NHN_SMS_SENDER = "02-1234-5678"
    yield server
    server.shutdown()
    server.server_close()


def _opted_in(client, mobile="010-9876-5432", **extra):
    person = UserFactory()
    client.force_login(person)
    form = BeautifulSoup(client.get("/notices/settings/").content, "html.parser")
    data = {b["name"]: "on" for b in form.select("input[type=checkbox]") if b.has_attr("checked")}
    data |= {"language": "ko", "mobile": mobile, "mobile_consent": "on", **extra}
    data["session-moved__sms"] = "on"
    response = client.post("/notices/settings/", data)
    person.refresh_from_db()
    return person, response


def _tell(person, kind="session-moved", key="session:1"):
    tell(person, kind, key, link="/learning/")


def test_an_opted_in_person_gets_the_notice_as_a_text_in_the_providers_protocol(client, nhn_cloud):
    person, _ = _opted_in(client)
    assert person.mobile == "01098765432" and person.mobile_consented_at is not None
    _tell(person)
    (request,) = nhn_cloud.received
    assert request["path"] in (
        f"/sms/v3.0/appKeys/{APP_KEY}/sender/sms",
        f"/sms/v3.0/appKeys/{APP_KEY}/sender/mms",
    )
    assert request["secret"] == SECRET
    sent = request["json"]
    assert sent["sendNo"] == "0212345678"
    assert sent["recipientList"] == [{"recipientNo": "01098765432"}]
    assert "성미산 마을 미디어" in sent["body"] and "/learning/" in sent["body"]
    if request["path"].endswith("/mms"):
        assert sent["title"]  # a long message needs one
    row = OutgoingMail.objects.get(channel=OutgoingMail.Channel.SMS)
    assert row.status == OutgoingMail.Status.SENT


def test_a_text_the_provider_refuses_is_kept_for_a_retry_in_sight_of_staff(
    client, nhn_cloud, _clock
):
    person, _ = _opted_in(client)
    nhn_cloud.refuse = True
    _tell(person)
    row = OutgoingMail.objects.get(channel=OutgoingMail.Channel.SMS)
    assert row.status == OutgoingMail.Status.QUEUED and row.attempts == 1
    assert "refused" in row.last_error and "Invalid request" in row.last_error
    nhn_cloud.refuse = False
    _clock.move_to(row.next_attempt_at)
    with TestCase.captureOnCommitCallbacks(execute=True):
        delivery.retry()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT and len(nhn_cloud.received) == 2


def test_no_text_without_the_persons_consent_or_a_kind_turned_on(client, nhn_cloud):
    person = UserFactory(mobile="01011112222")  # a number, but no consent recorded
    NoticeChoice.objects.create(user=person, kind="session-moved", channel="sms", enabled=True)
    _tell(person)
    consenting, _ = _opted_in(client)
    _tell(consenting, kind="join-decided", key="join-request:1")  # text left off for this kind
    assert nhn_cloud.received == []


def test_nothing_about_texts_shows_or_goes_unless_the_school_configured_it(client, settings):
    settings.NHN_SMS_APP_KEY = ""
    person = UserFactory(mobile="01011112222")
    client.force_login(person)
    page = client.get("/notices/settings/").content.decode()
    assert "휴대전화" not in page and "__sms" not in page
    _tell(person)
    assert not OutgoingMail.objects.filter(channel=OutgoingMail.Channel.SMS).exists()


def test_a_wrong_number_or_a_missing_consent_is_refused_in_korean_and_changes_nothing(
    client, nhn_cloud
):
    person, response = _opted_in(client, mobile="02-123-4567")
    assert "국내 휴대전화 번호" in response.content.decode()
    assert person.mobile == "" and not person.notice_choices.exists()
    person, response = _opted_in(client, mobile_consent="")  # unticked: not sent at all
    assert "번호 보관에 동의" in response.content.decode()
    assert person.mobile == ""


def test_removing_the_number_withdraws_the_consent(client, nhn_cloud):
    person, _ = _opted_in(client)
    form = BeautifulSoup(client.get("/notices/settings/").content, "html.parser")
    data = {b["name"]: "on" for b in form.select("input[type=checkbox]") if b.has_attr("checked")}
    data |= {"language": "ko", "mobile": ""}
    client.post("/notices/settings/", data)
    person.refresh_from_db()
    assert person.mobile == "" and person.mobile_consented_at is None
