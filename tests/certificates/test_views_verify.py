import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from certificates import codes, services
from core.dates import date_range_ends, format_date
from tests.factories import NOW

pytestmark = pytest.mark.django_db


def _url(code):
    return reverse("certificates:verify", args=[code])


def _first_day(certificate) -> str:
    first = certificate.enrolment.course_class.sessions.order_by("starts_at").first()
    return format_date(timezone.localtime(first.starts_at).date(), "ko")


def test_valid_certificate_shows_every_fact_it_states_and_no_contact(client, certificate):
    response = client.get(_url(certificate.display_code))
    assert response.status_code == 200
    page = response.content.decode()
    for fact in [
        "김학생",
        "개인정보보호법 기초",
        "2027 봄 1기",
        certificate.track_name,
        _first_day(certificate),
        certificate.display_code,
        certificate.statement,
        certificate.signatory_name,
        "활동가IT학교 · 공동체IT사회적협동조합",
    ]:
        assert fact in page
    assert "유효" in page or "Valid" in page
    assert certificate.enrolment.user.email not in page
    assert "@" not in page.split("<main")[1].split("</main>")[0]


def test_the_statement_writes_its_dates_as_the_facts_do(client, certificate):
    """A new certificate's sentence names the days the way the facts above it do; the
    facts join them with an en dash."""
    page = BeautifulSoup(client.get(_url(certificate.display_code)).content, "html.parser")
    start, end = date_range_ends(certificate.starts_on, certificate.ends_on, "ko")
    assert f"{start} ~ {end}" in page.select_one("#certificate-facts + p").get_text()
    dates = page.find("dt", string="일정").find_next_sibling("dd").get_text()
    assert dates == f"{start} – {end}"


def test_revoked_certificate_says_when_and_why(client, certificate, staff):
    services.revoke(certificate, actor=staff, reason="출석 기록 오류", now=NOW)
    page = client.get(_url(certificate.display_code)).content.decode()
    assert "출석 기록 오류" in page and format_date(NOW, "ko") in page
    with translation.override("en"):
        page = client.get(_url(certificate.display_code), headers={"Accept-Language": "en"})
    assert "김학생" in page.content.decode()


def test_lookup_ignores_case_spaces_and_dashes(client, certificate):
    typed = certificate.code.lower()[:9] + " " + certificate.code.lower()[9:]
    assert client.get(_url(typed)).status_code == 200
    assert client.get(_url(certificate.code)).status_code == 200


def test_unknown_code_is_not_found(client, certificate):
    body = "0" * 17
    response = client.get(_url(codes.display(body + codes.check_character(body))))
    assert response.status_code == 404
    assert "김학생" not in response.content.decode()


@pytest.mark.parametrize("code", ["nonsense", "ABCDEF-GHJKMN-PQRSTV", "A" * 18, "%00"])
def test_malformed_code_answers_404_without_asking_the_database(client, code):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(code))
    assert response.status_code == 404
    # The view asks nothing; what remains is Wagtail's redirect look-up, run for every 404.
    assert not [q for q in captured if '"certificates_' in q["sql"]]
    assert all("wagtailredirects" in q["sql"] or "wagtailcore_site" in q["sql"] for q in captured)


def test_the_code_form_goes_to_the_certificate(client, certificate):
    response = client.get(reverse("certificates:verify_index"), {"code": certificate.code.lower()})
    assert response.status_code == 302 and response.url == _url(certificate.display_code)
    response = client.get(reverse("certificates:verify_index"), {"code": "12345"})
    assert response.status_code == 400


def test_verification_is_rate_limited_per_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFICATIONS_PER_MINUTE = 3
    statuses = [client.get(_url(certificate.display_code)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(_url("nonsense")).status_code == 429
    other = client.get(_url(certificate.display_code), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
