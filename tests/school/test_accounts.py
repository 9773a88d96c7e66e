import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import translation

from outbox.models import OutgoingMail
from school.models import PrivacyConsent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {
    "username": "narae",
    "name": "이나래",
    "email": "narae@example.org",
    "password1": "quiet-river-2026",
    "password2": "quiet-river-2026",
    "privacy_consent": "on",
}


def test_signup_creates_the_account_records_consent_and_logs_in(client, settings):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="narae")
    assert user.name == "이나래"
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.policy_version == settings.PRIVACY_POLICY_VERSION
    assert client.get("/accounts/profile/").context["user"] == user


def test_signup_without_consent_is_refused_in_korean_and_writes_nothing(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "privacy_consent": ""})
    assert response.status_code == 200
    assert "개인정보 처리방침에 동의해야" in response.content.decode()
    assert not User.objects.filter(username="narae").exists()
    assert not PrivacyConsent.objects.exists()


def test_signup_refuses_an_email_already_in_use_whatever_its_case(client):
    UserFactory(email="narae@example.org")
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "NARAE@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.filter(username="narae").exists()


def test_signup_follows_a_local_next_but_never_an_offsite_one(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": "/courses/"})
    assert response["Location"] == "/courses/"
    client.logout()
    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "username": "other", "email": "o@example.org", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/learning/"


def test_login_with_right_password_logs_in_and_rotates_the_session(client):
    UserFactory(username="narae")
    client.get("/accounts/login/")
    before = client.session.session_key
    response = client.post(
        "/accounts/login/", {"username": "narae", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"]


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_never_redirects_off_site(client, next_url):
    UserFactory(username="narae")
    response = client.post(
        "/accounts/login/",
        {"username": "narae", "password": "correct-horse-battery", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/learning/"


def test_login_lands_on_my_learning_not_the_profile_form(client):
    UserFactory(username="narae")
    response = client.post(
        "/accounts/login/", {"username": "narae", "password": "correct-horse-battery"}
    )
    assert response["Location"] == "/learning/"
    assert client.get("/accounts/login/")["Location"] == "/learning/"  # already signed in


def test_signup_lands_on_my_learning(client):
    assert client.post("/accounts/signup/", SIGNUP)["Location"] == "/learning/"
    assert client.get("/accounts/signup/")["Location"] == "/learning/"


def test_login_follows_a_local_next(client):
    UserFactory(username="narae")
    response = client.post(
        "/accounts/login/",
        {"username": "narae", "password": "correct-horse-battery", "next": "/courses/"},
    )
    assert response["Location"] == "/courses/"


def test_repeated_failed_logins_are_throttled_even_for_the_right_password(client, settings):
    UserFactory(username="narae")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "narae", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "narae", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "로그인 시도가 너무 많습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_from_one_address_are_throttled_across_usernames(client, settings):
    UserFactory(username="narae")
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": f"guess{number}", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "narae", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429


def test_logout_needs_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(username="narae", email="narae@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": "narae@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["narae@example.org"]
    assert "비밀번호" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass-77")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/profile/")


def test_profile_edits_name_and_shows_consent_history(client, student):
    PrivacyConsent.objects.create(user=student, policy_version="2026-11-01")
    client.force_login(student)
    page = client.get("/accounts/profile/").content.decode()
    assert "2026-11-01" in page
    response = client.post("/accounts/profile/", {"name": "김새이름", "email": student.email})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.name == "김새이름"


@override_settings(LANGUAGE_CODE="en")
def test_signup_page_speaks_english_when_chosen(client):
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        page = client.get("/accounts/signup/").content.decode()
    assert "Create my account" in page


def test_the_privacy_notice_version_reads_as_a_date(client, settings):
    """An ISO date such as 2026-11-01 breaks as 2026- / 11-01. on a phone."""
    settings.PRIVACY_POLICY_VERSION = "2026-11-01"
    assert "버전 2026. 11. 1.(일)" in client.get("/privacy/").content.decode()
    signup = client.get("/accounts/signup/").content.decode()
    assert "개인정보 처리방침 버전 2026. 11. 1.(일)." in signup
    assert "2026-11-01" not in signup
