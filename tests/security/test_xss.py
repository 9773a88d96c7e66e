"""Hostile text in every field people write is shown as text on every page that shows it."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from organisations.models import Organisation
from tests.payloads import XSS_PAYLOADS

# Each field gets markup that would run if it reached the page unescaped.
NAME = "<script>alert('name')</script>\"><img src=x onerror=alert(1)>"
SHORT = '"><svg onload=alert(3)>'
TEXT = " ".join(XSS_PAYLOADS)
MARKDOWN = "\n\n".join(XSS_PAYLOADS)
# What a rich text field could hold (Wagtail's own format: images are embeds).
RICH_TEXT = '<p><a href="javascript:alert(1)">x</a> <b onclick="alert(1)">y</b></p>'
SCENARIO_NAMES = {
    **{
        role: f"{NAME}{n}"
        for n, role in enumerate(
            [
                "activist",
                "other_activist",
                "coordinator",
                "other_coordinator",
                "instructor",
                "other_instructor",
                "staff",
            ]
        )
    },
    "organisation": NAME,
    "region": SHORT,
    "join_message": TEXT[:300],
    "question": TEXT,
    "class_title": NAME,
    "class_note": TEXT,
    "place": NAME,
    "topic": NAME,
    "step": NAME,
    "step_summary": TEXT[:300],
    "lesson": {
        "title": NAME,
        "summary": NAME,
        "body": [
            {"type": "markdown", "value": MARKDOWN},
            {"type": "rich_text", "value": RICH_TEXT},
            {"type": "callout", "value": {"kind": "info", "title": NAME, "text": TEXT}},
        ],
    },
}
_MARKERS = [payload for payload in XSS_PAYLOADS if "<" in payload] + [NAME, SHORT]
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text")


def assert_inert(html: str, *, page: str, admin: bool = False) -> None:
    """No hostile markup survives: no payload unescaped, no handler, no script URL,
    and (outside the admin, which writes its own) no script but our static files."""
    for marker in _MARKERS:
        assert marker not in html, f"{page}: {marker!r} is unescaped"
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"{page}: {attribute} on {element}"
            if attribute in {"href", "src", "action", "formaction", "xlink:href"}:
                compact = "".join(str(value).split()).lower()
                assert not compact.startswith(_DANGEROUS_SCHEMES), f"{page}: {attribute}={value}"
    if not admin:  # the admin frames its own previews and writes its own scripts
        assert not soup.find_all(["iframe", "object", "embed"]), page
        for script in soup.find_all("script"):
            assert script.get("src", "").startswith(settings.STATIC_URL), f"{page}: {script}"
            assert not script.string, f"{page}: inline script {script}"


def _pages(s):
    """(role, url) for every page that shows something the scenario's people wrote."""
    class_, org = s.class_.pk, s.organisation.pk
    session = s.session.pk
    return [
        ("anonymous", "/"),
        ("anonymous", "/courses/"),
        ("anonymous", s.course.url),
        ("anonymous", s.lesson.url),
        ("anonymous", f"/certificates/verify/{s.certificate.display_code}/"),
        ("activist", "/"),
        ("activist", s.course.url),
        ("activist", s.lesson.url),
        ("activist", "/learning/"),
        ("activist", f"/learning/attendance/{s.enrolment.pk}/"),
        ("activist", f"/learning/checkin/{session}/"),
        ("activist", f"/learning/classes/{class_}/cancel/"),
        ("activist", "/certificates/mine/"),
        ("activist", "/accounts/profile/"),
        ("activist", "/organisations/"),
        ("activist", f"/organisations/{org}/"),
        ("activist", f"/organisations/{org}/assessments/{s.assessment.pk}/answer/"),
        ("activist", f"/organisations/{org}/steps/{s.step.pk}/"),
        ("coordinator", "/learning/"),
        ("coordinator", f"/organisations/{org}/"),
        ("coordinator", f"/organisations/{org}/members/"),
        ("coordinator", f"/organisations/{org}/assessments/{s.assessment.pk}/"),
        ("coordinator", f"/organisations/{org}/assessments/{s.assessment.pk}/score/"),
        ("instructor", f"/learning/classes/{class_}/roster/"),
        ("instructor", f"/learning/classes/{class_}/attendance/"),
        ("instructor", f"/learning/classes/{class_}/sessions/{session}/roll/"),
        ("instructor", f"/learning/classes/{class_}/sessions/{session}/code/"),
        ("instructor", f"/learning/classes/{class_}/completion/"),
        ("instructor", f"/classes/{class_}/sessions/"),
        ("staff", f"/organisations/{org}/"),
        ("staff", f"/certificates/classes/{class_}/"),
        ("staff", f"/learning/classes/{class_}/import/"),
        ("staff", "/staff/reports/"),
    ]


def _admin_pages(s):
    return [
        "/admin/",
        "/admin/users/",
        f"/admin/users/edit/{s.activist.pk}/",
        "/admin/snippets/organisations/organisation/",
        f"/admin/snippets/organisations/organisation/edit/{s.organisation.pk}/",
        "/admin/snippets/organisations/planstep/",
        f"/admin/snippets/organisations/planstep/edit/{s.step.pk}/",
        "/admin/snippets/courses/class/",
        f"/admin/snippets/courses/class/edit/{s.class_.pk}/",
        "/admin/snippets/certificates/certificate/",
        f"/admin/snippets/certificates/certificate/inspect/{s.certificate.pk}/",
        f"/admin/pages/{s.lesson.pk}/edit/",
        f"/admin/pages/{s.course.pk}/",
    ]


# Pages that show the people's text only in form fields or not at all (still checked).
_QUIET = {"/", "/courses/", "/accounts/profile/", "/staff/reports/"}


def test_every_page_shows_hostile_text_as_text(school, as_role):
    for role, url in _pages(school):
        response = as_role(role).get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        html = response.content.decode()
        assert_inert(html, page=f"{role} {url}")
        if url not in _QUIET and not url.endswith("/completion/"):
            # Shown, and as the text it is: the test is not passing on an empty page.
            assert "alert(" in BeautifulSoup(html, "html.parser").get_text(), url


def test_htmx_partials_show_hostile_text_as_text(school, as_role):
    s = school
    partials = [
        ("activist", f"/learning/classes/{s.class_.pk}/cancel/", "post"),
        ("activist", f"/learning/classes/{s.class_.pk}/cancel/", "get"),
        ("instructor", f"/learning/classes/{s.class_.pk}/sessions/{s.session.pk}/code/", "get"),
        (
            "instructor",
            f"/learning/classes/{s.class_.pk}/sessions/{s.session.pk}/roll/{s.enrolment.pk}/",
            "post",
        ),
    ]
    for role, url, method in partials:
        response = getattr(as_role(role), method)(
            url, {"status": "late"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200, (url, response.status_code)
        assert_inert(response.content.decode(), page=url)


def test_the_admin_shows_hostile_text_as_text(school, as_role):
    client = as_role("staff")
    for url in _admin_pages(school):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert_inert(html, page=url, admin=True)
        assert "alert(" in BeautifulSoup(html, "html.parser").get_text(), url


def test_the_verify_page_shows_an_uploaded_credentials_text_as_text(school, as_role):
    client = as_role("anonymous")
    credential = f'{{"name": "{NAME}", "credentialSubject": {{"name": "{NAME}"}}}}'
    upload = io.BytesIO(credential.encode())
    upload.name = "credential.json"
    response = client.post("/certificates/verify/", {"credential": upload})
    assert_inert(response.content.decode(), page="verify upload")


def test_calendar_feeds_are_plain_calendars_never_pages(school, as_role):
    client = as_role("anonymous")
    for url in [
        f"/calendar/u/{school.feed_token}.ics",
        f"/calendar/courses/{school.course.slug}.ics",
        f"/calendar/classes/{school.class_.pk}.ics",
    ]:
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/learning/classes/{class_}/roster.csv",
        "/learning/classes/{class_}/attendance.csv",
        "/organisations/{org}/members.csv",
    ],
)
def test_exports_are_spreadsheets_whose_cells_cannot_become_formulas(url, school, as_role):
    school.activist.name = '=HYPERLINK("https://evil.example","click")'
    school.activist.save()
    role = "coordinator" if "organisations" in url else "instructor"
    response = as_role(role).get(url.format(class_=school.class_.pk, org=school.organisation.pk))
    assert response["Content-Type"].startswith("text/csv")
    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_an_organisation_website_must_be_a_web_address(school, as_role):
    client = as_role("activist")
    response = client.post(
        "/organisations/register/",
        {"name": "새 단체", "kind": "other", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="새 단체").exists()
    form = BeautifulSoup(response.content, "html.parser")
    assert form.find(class_="errorlist"), "the form says what is wrong"
