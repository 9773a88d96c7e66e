"""Faults and abuse from outside: each answers with a clear refusal and changes nothing.

Probes stay small and local: bounded loops, the test client only.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from enrolment import checkin
from enrolment.models import AttendanceEvent
from organisations.models import AssessmentResponse, Organisation
from tests.enrolment.test_checkin import _in_digits
from tests.factories import UserFactory
from tests.school.test_accounts import SIGNUP
from tests.school.test_healthz import _database_unreachable

# --- the health check behind a proxy --------------------------------------------------


@pytest.fixture
def https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_plain_http_health_check_answers_for_the_database_not_with_a_redirect(
    client, db, https_redirect
):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert client.get("/").status_code == 301  # every other page still moves to HTTPS


@pytest.mark.usefixtures("django_db_setup", "https_redirect")
def test_plain_http_health_check_reports_a_database_that_is_down(client, django_db_blocker):
    with django_db_blocker.unblock(), _database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503


# --- `next` that is not a path ----------------------------------------------------------


@pytest.mark.parametrize("target", ["id", "profile", "login", "courses/"])
def test_a_bare_word_in_next_is_ignored_by_the_language_switch(client, db, target):
    response = client.get("/language/en/", {"next": target})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize("target", ["id", "profile", "courses/"])
def test_a_bare_word_in_next_is_ignored_at_sign_up(client, db, target):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": target})
    assert (response.status_code, response["Location"]) == (302, "/learning/")


# --- logins -------------------------------------------------------------------------


def test_a_username_longer_than_any_accounts_is_refused_in_korean_and_not_recorded(client, db):
    UserFactory(username="narae")
    response = client.post("/accounts/login/", {"username": "a" * 300, "password": "x"})
    assert response.status_code == 200
    assert "아이디는 최대 150자" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()


def test_failed_logins_of_ordinary_length_are_still_counted(client, db):
    UserFactory(username="narae")
    client.post("/accounts/login/", {"username": "narae", "password": "wrong"})
    assert AccessAttempt.objects.get().failures_since_start == 1


# --- credentials uploaded to the verify page -----------------------------------------


def _nested(depth: int) -> bytes:
    return b'{"proof": [{"type": ' + b"[" * depth + b"]" * depth + b"}]}"


@pytest.mark.parametrize("depth", [40, 900, 30_000])
def test_a_deeply_nested_credential_is_refused_in_korean(school, as_role, depth):
    client = as_role("anonymous")
    for url in (
        reverse("certificates:verify_index"),
        reverse("certificates:verify", args=[school.certificate.display_code]),
    ):
        upload = SimpleUploadedFile("credential.json", _nested(depth))
        response = client.post(url, {"credential": upload})
        assert response.status_code == 400, url
        assert "너무 깊게 중첩" in response.content.decode(), url


# --- assessment answers ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "9" * 5000, "2", "-1", "1.0", " 1"])
def test_an_answer_that_is_not_a_choice_is_refused_in_korean_and_saves_nothing(
    school, as_role, value
):
    url = reverse("organisations:answer", args=[school.organisation.pk, school.assessment.pk])
    field = f"q-{school.questionnaire.questions[0].id}"
    client = as_role("activist")
    assert client.post(url, {field: "1", "action": "draft"}).status_code == 302
    saved = AssessmentResponse.objects.get(respondent=school.activist)

    response = client.post(url, {field: value, "action": "submit"})
    assert response.status_code == 400
    assert "보기에 없는 답이 있습니다" in response.content.decode()
    after = AssessmentResponse.objects.get(pk=saved.pk)
    assert (after.answers, after.submitted_at) == (saved.answers, None)


# --- certificates issued by hand -------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "1.5", "²", "9" * 19, "9" * 5000])
def test_issuing_for_an_enrolment_that_is_not_a_number_is_not_found(school, as_role, value):
    before = Certificate.objects.count()
    response = as_role("staff").post(
        reverse("certificates:issue", args=[school.class_.pk]), {"enrolment": value}
    )
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
    assert Certificate.objects.count() == before


# --- error pages ------------------------------------------------------------------------


def test_a_bad_request_gets_the_sites_own_page_in_korean(client, db):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "요청을 이해할 수 없습니다" in page
    assert "Bad Request" not in page


# --- attendance imports ---------------------------------------------------------------


def _attendance_file(*lines: str) -> SimpleUploadedFile:
    text = "\n".join(["사람,차시,상태,사유", *lines])
    return SimpleUploadedFile("attendance.csv", text.encode("utf-8"))


def _checked_rows(client, class_, person: str) -> str:
    """Upload a one-row file for the class's first session; return the signed rows."""
    session = class_.sessions.order_by("starts_at").first()
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    url = reverse("enrolment:import_attendance", args=[class_.pk])
    preview = client.post(url, {"file": _attendance_file(f"{person},{when},지각,")})
    return BeautifulSoup(preview.content, "html.parser").find("input", {"name": "rows"})["value"]


def _marks():
    return list(AttendanceEvent.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize("tamper", ["forged", "payload", "signature", "other class"])
def test_changed_import_rows_are_refused_in_korean_and_import_nothing(school, as_role, tamper):
    client = as_role("staff")
    signed = _checked_rows(client, school.class_, "activist")
    if tamper == "forged":
        signed = "forged"
    elif tamper == "payload":
        signed = signed.replace(signed[:8], signed[:7] + ("A" if signed[7] != "A" else "B"), 1)
    elif tamper == "signature":
        signed = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    else:
        signed = _checked_rows(client, school.other_class, "other_activist")
    before = _marks()
    url = reverse("enrolment:import_attendance", args=[school.class_.pk])
    response = client.post(url, {"rows": signed}, follow=True)
    page = response.content.decode()
    assert "변경되었거나 한 시간이 지났습니다" in page
    assert "Signature" not in page and "BadSignature" not in page
    assert _marks() == before


@pytest.mark.parametrize("content", [b"", "사람,차시,상태,사유\n".encode(), b"\n\n,,,\n"])
def test_an_attendance_file_without_rows_says_so(school, as_role, content):
    url = reverse("enrolment:import_attendance", args=[school.class_.pk])
    upload = SimpleUploadedFile("attendance.csv", content)
    response = as_role("staff").post(url, {"file": upload})
    assert "가져올 행이 없습니다" in response.content.decode()


# --- check-in codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: _in_digits(code, "٠"), id="arabic-indic"),
        pytest.param(lambda code: _in_digits(code, "۰"), id="extended-arabic-indic"),
        pytest.param(lambda code: _in_digits(code, "०"), id="devanagari"),
        pytest.param(lambda code: _in_digits(code, "๐"), id="thai"),
        pytest.param(lambda code: code[:5], id="too-short"),
        pytest.param(lambda code: code + "0", id="too-long"),
        pytest.param(lambda code: code[:5] + "a", id="a-letter"),
        pytest.param(lambda code: f"a{code}", id="letters-around-it"),
        pytest.param(lambda code: "", id="empty"),
        pytest.param(lambda code: code * 1000, id="huge"),
        pytest.param(lambda code: "\x00" * 6, id="nul"),
    ],
)
def test_a_check_in_code_that_is_not_six_digits_is_refused_in_korean_and_marks_nothing(
    school, as_role, typed
):
    """Even the right code, written in another script's digits: only 0-9 are read."""
    session = school.other_class.sessions.order_by("starts_at").first()
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    before = _marks()
    response = as_role("other_activist").post(
        reverse("enrolment:checkin", args=[session.pk]),
        {"code": typed(checkin.code_for(session, timezone.now()))},
    )
    assert response.status_code == 400
    assert "숫자 여섯 자리" in response.content.decode()
    assert _marks() == before


# --- organisations registered by one person -------------------------------------------


def _register(client, name: str):
    return client.post(reverse("organisations:register"), {"name": name, "kind": "association"})


def test_one_person_registers_at_most_three_organisations_awaiting_verification(school, as_role):
    client = as_role("activist")
    for n in range(3):
        assert _register(client, f"새 단체 {n}").status_code == 302
    before = Organisation.objects.count()
    refused = _register(client, "네 번째 단체")
    assert refused.status_code == 400
    assert "아직 확인하지 않은 단체 3곳이" in refused.content.decode()
    assert Organisation.objects.count() == before

    as_role("staff").post(
        reverse("organisations:verify", args=[Organisation.objects.get(name="새 단체 0").pk])
    )
    assert _register(client, "네 번째 단체").status_code == 302


def test_the_limit_follows_the_setting(school, as_role, settings):
    settings.PENDING_ORGANISATIONS_PER_PERSON = 1
    client = as_role("coordinator")  # already coordinates one that is not verified
    assert _register(client, "두 번째 단체").status_code == 400
    assert not Organisation.objects.filter(name="두 번째 단체").exists()


def test_staff_see_the_organisations_waiting_for_verification(school, as_role):
    page = as_role("staff").get(reverse("organisations:index"))
    waiting = BeautifulSoup(page.content, "html.parser").find(id="to-verify-heading").parent
    assert school.organisation.name in waiting.text
    assert school.coordinator.get_full_name() in waiting.text
    as_role("staff").post(reverse("organisations:verify", args=[school.organisation.pk]))
    page = as_role("staff").get(reverse("organisations:index"))
    waiting = BeautifulSoup(page.content, "html.parser").find(id="to-verify-heading").parent
    assert school.organisation.name not in waiting.text
    assert school.other_organisation.name in waiting.text


def test_only_staff_see_the_organisations_waiting_for_verification(school, as_role):
    page = as_role("coordinator").get(reverse("organisations:index")).content.decode()
    assert 'id="to-verify-heading"' not in page
