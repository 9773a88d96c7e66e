"""An error on our side: the page gives a reference the operator finds in the logs, and how
to reach the school."""

import logging
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.school.urls_error")]


@pytest.fixture
def failing(client):
    client.raise_request_exception = False
    return client


def _reference(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one(".error-page__reference").text


def test_the_error_page_shows_a_reference_that_is_in_the_log_line_of_the_error(failing, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing.get("/fail/")
    assert response.status_code == 500
    reference = _reference(response)
    assert re.fullmatch(r"[0-9A-F]{8}", reference)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage().startswith(f"[error {reference}] Internal Server Error: /fail/")
    assert "the failing page failed" in caplog.text  # the traceback is on the same record
    assert _reference(failing.get("/fail/")) != reference  # one per error


def test_the_error_page_says_how_to_reach_the_school_in_korean(failing, settings):
    settings.CONTACT_EMAIL = "help@school.example"
    page = BeautifulSoup(failing.get("/fail/").content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "오류 번호" in text and "help@school.example" in text
    mail = page.find("a", href=re.compile("^mailto:"))
    assert mail["href"].startswith("mailto:help@school.example?subject=%EC%98%A4%EB%A5%98%20")
    assert page.find("html")["lang"] == "ko"


def test_the_error_page_follows_the_chosen_language(failing):
    failing.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = BeautifulSoup(failing.get("/fail/").content, "html.parser")
    assert page.find("html")["lang"] == "en"
    assert "Error reference" in page.get_text()


def test_the_contact_address_defaults_to_the_senders():
    assert settings.CONTACT_EMAIL == "school@example.org"


def test_the_site_uses_this_handler():
    from school import urls

    assert urls.handler500 == "school.error_page.server_error"
