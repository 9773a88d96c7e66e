"""CSRF on every POST, htmx included, and no change of state on GET."""

import pytest
from django.apps import apps
from django.conf import settings

from tests.security.matrix import ADMIN_ROWS, ROWS
from tests.security.urls import DONE, OK

# Everything people change through the site; a refused request must leave all of it alone.
_WATCHED = [
    "school.User",
    "organisations.Organisation",
    "organisations.Membership",
    "organisations.JoinRequest",
    "organisations.Assessment",
    "organisations.AssessmentResponse",
    "courses.Class",
    "courses.Session",
    "courses.FeedToken",
    "enrolment.Enrolment",
    "enrolment.EnrolmentEvent",
    "enrolment.Attendance",
    "enrolment.AttendanceEvent",
    "enrolment.LessonProgress",
    "enrolment.CompletionRule",
    "certificates.Certificate",
    "certificates.CertificateEvent",
    "certificates.CertificateTemplate",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "outbox.SentNotice",
    "outbox.NoticeChoice",
    "enrolment.ClassMessage",
]

# Addresses that take a POST without a CSRF token (matrix rows by name), with the reason.
_ONE_CLICK = (
    "RFC 8058: a mail program POSTs the link from the e-mail as it is; the signed token in "
    "the address is the proof, and all it can do is turn one kind of e-mail off"
)
CSRF_EXEMPT = {"unsubscribe": _ONE_CLICK, "unsubscribe in one click": _ONE_CLICK}


def _state():
    return {
        label: list(apps.get_model(label).objects.order_by("pk").values()) for label in _WATCHED
    }


def _one_per_url(rows):
    seen, unique = set(), []
    for row in rows:
        if row.name not in seen:
            seen.add(row.name)
            unique.append(row)
    return unique


def _acting_role(row) -> str:
    """Someone the view would obey, so only the missing token can stop it."""
    allowed = [role for role, answer in row.expected.items() if answer in (OK, DONE)]
    return "staff" if "staff" in allowed or not allowed else allowed[0]


CSRF_ROWS = [row for row in _one_per_url(ROWS + ADMIN_ROWS) if row.name not in CSRF_EXEMPT]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("row", CSRF_ROWS, ids=lambda row: row.name)
def test_a_post_without_the_token_is_refused_and_changes_nothing(row, htmx, school, as_role):
    client = as_role(_acting_role(row), enforce_csrf_checks=True)
    before = _state()
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(row.url(school), row.data, headers=headers)
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize(
    "row", [row for row in ROWS if row.method == "post" and not row.htmx], ids=lambda row: row.name
)
def test_a_get_to_an_action_changes_nothing(row, school, as_role):
    client = as_role(_acting_role(row))
    before = _state()
    client.get(row.url(school), row.data)
    assert _state() == before


def _token(client, school) -> str:
    client.get("/accounts/login/" if not client.cookies.get("sessionid") else "/learning/")
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_the_same_post_with_the_token_does_its_work(school, as_role):
    """The control: with the token a form's POST is obeyed, so the 403s above are CSRF's."""
    client = as_role("activist", enforce_csrf_checks=True)
    url = f"/learning/classes/{school.class_.pk}/cancel/"
    response = client.post(url, {"csrfmiddlewaretoken": _token(client, school), "confirm": "yes"})
    assert response.status_code == 302
    school.enrolment.refresh_from_db()
    assert school.enrolment.status == "cancelled"


def test_htmx_sends_the_token_in_a_header_and_is_obeyed(school, as_role):
    client = as_role("instructor", enforce_csrf_checks=True)
    url = (
        f"/learning/classes/{school.class_.pk}/sessions/{school.session.pk}"
        f"/roll/{school.enrolment.pk}/"
    )
    response = client.post(
        url,
        {"status": "late"},
        headers={"HX-Request": "true", "X-CSRFToken": _token(client, school)},
    )
    assert response.status_code == 200
    assert school.enrolment.attendance.get(session=school.session).status == "late"


def test_every_signed_in_page_gives_htmx_the_token(school, as_role):
    page = as_role("activist").get("/learning/").content.decode()
    assert 'hx-headers=\'{"x-csrftoken": "' in page


def test_a_refused_form_gets_the_sites_own_page_in_korean(school, as_role):
    client = as_role("anonymous", enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "activist", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "양식을 보낼 수 없습니다" in page
    assert "쿠키" in page  # no cookie was ever set: say what to allow
    assert "Forbidden" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_refusal_page_follows_the_chosen_language(school, as_role):
    client = as_role("activist", enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _token(client, school)
    response = client.post(f"/learning/classes/{school.class_.pk}/cancel/")
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
