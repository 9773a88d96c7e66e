"""Track certificates: completing every course a track asks for issues one, once; it is a
signed Open Badges 3.0 credential aligned with each course certificate, checked by Digital
Bazaar's verifier and 1EdTech's schema like a course's; revoking a course certificate
takes it back; its PDF and check page state the same facts."""

import io
import json

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import services
from certificates.models import TrackCertificate
from outbox.models import SentNotice
from school import closure
from tests.certificates.conftest import complete
from tests.certificates.test_interoperability import (
    _achievement_credential_errors,
    _digital_bazaar,
)
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_course(course, instructor):
    return CoursePageFactory(
        title="저작권과 오픈 라이선스", slug="저작권", instructors=[instructor], track=course.track
    )


@pytest.fixture
def track(course, second_course):
    course.track.required_courses.set([course, second_course])
    return course.track


def _complete_course(course, person, instructor):
    enrolment = EnrolmentFactory(course_class=ClassFactory(course=course, sessions=2), user=person)
    return complete(enrolment, instructor).certificate


@pytest.fixture
def track_certificate(track, course, second_course, student, instructor):
    _complete_course(course, student, instructor)
    _complete_course(second_course, student, instructor)
    return TrackCertificate.objects.get(user=student)


def test_the_last_required_course_issues_the_track_certificate_once(
    track, course, second_course, student, instructor
):
    first = _complete_course(course, student, instructor)
    assert not TrackCertificate.objects.exists()  # one course of two
    second = _complete_course(second_course, student, instructor)
    made = TrackCertificate.objects.get(user=student, track=track)
    assert [c["code"] for c in made.courses] == [first.display_code, second.display_code]
    assert made.hours == first.hours + second.hours
    # Completing a required course again issues nothing more.
    _complete_course(course, student, instructor)
    assert TrackCertificate.objects.filter(user=student).count() == 1
    # Told once (the e-mail may wait out the quiet hours; the notice is there at once).
    told = SentNotice.objects.filter(user=student, key__startswith="track-certificate:")
    assert [notice.title for notice in told] == [f"{track.name} 분야 수료증이 발급되었습니다"]


def test_a_track_that_asks_for_nothing_gives_nothing(course, student, instructor):
    _complete_course(course, student, instructor)
    assert not TrackCertificate.objects.exists()


def _download(client, certificate) -> dict:
    client.force_login(certificate.user)
    url = reverse("certificates:track_credential", args=[certificate.display_code])
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_credential_names_the_track_and_aligns_each_course_certificate(
    client, track_certificate
):
    credential = _download(client, track_certificate)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["fieldOfStudy"] == track_certificate.track_name
    assert achievement["humanCode"] == track_certificate.display_code
    aligned = [(a["targetName"], a["targetCode"]) for a in achievement["alignment"]]
    assert aligned == [(c["title"], c["code"]) for c in track_certificate.courses]
    assert _achievement_credential_errors(credential) == []


@pytest.mark.slow
def test_digital_bazaars_verifier_accepts_the_track_credential_and_refuses_it_changed(
    client, track_certificate
):
    credential = _download(client, track_certificate)
    changed = json.loads(json.dumps(credential))
    changed["credentialSubject"]["achievement"]["alignment"].pop()
    original, tampered = _digital_bazaar(client, credential, changed)
    assert original == {"verified": True, "error": ""}
    assert not tampered["verified"] and "Invalid signature" in tampered["error"]


def test_the_check_page_states_the_track_its_courses_and_matches_an_upload(
    client, track_certificate
):
    credential = _download(client, track_certificate)
    client.logout()
    url = track_certificate.get_absolute_url()
    page = client.get(url).content.decode()
    assert "유효" in page and track_certificate.track_name in page
    for course in track_certificate.courses:
        assert course["title"] in page and course["code"] in page
    upload = SimpleUploadedFile("c.json", json.dumps(credential).encode(), "application/json")
    checked = client.post(url, {"credential": upload}).content.decode()
    assert "모든 내용이 학교 기록과 일치합니다" in checked


def test_the_pdf_states_the_track_each_course_and_number(client, track_certificate):
    client.force_login(track_certificate.user)
    url = reverse("certificates:track_pdf", args=[track_certificate.display_code])
    text = pypdf.PdfReader(io.BytesIO(client.get(url).content)).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "분야 수료증" in flat and track_certificate.holder_name in flat
    assert track_certificate.display_code in flat
    for course in track_certificate.courses:
        assert course["title"] in flat and course["code"] in flat


def test_only_the_holder_downloads_it(client, track_certificate, other_student):
    client.force_login(other_student)
    url = reverse("certificates:track_credential", args=[track_certificate.display_code])
    assert client.get(url).status_code == 404


def test_revoking_a_course_certificate_takes_back_the_track_certificate(
    client, track_certificate, staff
):
    course_certificate = track_certificate.user.enrolments.first().certificate
    services.revoke(course_certificate, actor=staff, reason="출석 기록 오류")
    track_certificate.refresh_from_db()
    assert track_certificate.is_revoked
    assert "출석 기록 오류" in track_certificate.revocation_reason
    page = client.get(track_certificate.get_absolute_url()).content.decode()
    assert "취소" in page and "출석 기록 오류" in page


def test_my_certificates_lists_the_track_certificate_first(client, track_certificate):
    client.force_login(track_certificate.user)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert page.index("my-track-certificates") < page.index('my-certificates"')
    assert track_certificate.display_code in page


def test_a_closed_account_keeps_the_track_certificate_without_the_name(track_certificate):
    person = track_certificate.user
    closure.close_account(person, actor=person)
    track_certificate.refresh_from_db()
    assert track_certificate.is_holder_anonymised and not track_certificate.is_revoked


def test_staff_choose_a_tracks_courses_as_checkboxes_in_the_admin(client, track, staff, course):
    client.force_login(staff)
    page = BeautifulSoup(
        client.get(f"/admin/snippets/cms/track/edit/{track.pk}/").content, "html.parser"
    )
    boxes = page.select('input[type="checkbox"][name="required_courses"]')
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {
        str(c.pk) for c in track.required_courses.all()
    }
    assert page.select_one('a[href="/admin/snippets/cms/track/"]') is not None  # in the menu


def test_the_admin_shows_a_track_certificate_as_it_prints(client, track_certificate, staff):
    client.force_login(staff)
    url = f"/admin/snippets/certificates/trackcertificate/inspect/{track_certificate.pk}/"
    text = BeautifulSoup(client.get(url).content, "html.parser").select_one("main").get_text(" ")
    assert track_certificate.display_code in text
    for course in track_certificate.courses:
        assert f"{course['title']} ({course['code']})" in text
    assert "None" not in text and "[{" not in text
