import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from enrolment import attendance
from tests.certificates.conftest import complete
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_my_certificates_offers_download_link_and_linkedin(client, certificate, student):
    client.force_login(student)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:pdf", args=[certificate.display_code]) in page
    assert certificate.verify_url() in page
    assert "linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert "certId=" + certificate.display_code in page


def test_my_certificates_query_count_does_not_grow(
    client, student, instructor, django_assert_max_num_queries
):
    client.force_login(student)
    complete(EnrolmentFactory(user=student, course_class=ClassFactory(sessions=1)), instructor)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("certificates:mine"))
    for _ in range(3):
        complete(EnrolmentFactory(user=student, course_class=ClassFactory(sessions=1)), instructor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("certificates:mine"))
    assert len(response.context["certificates"]) == 4


def test_the_owner_gets_the_stored_pdf(client, certificate, student):
    client.force_login(student)
    response = client.get(reverse("certificates:pdf", args=[certificate.display_code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("name", ["pdf", "credential"])
def test_another_learner_cannot_fetch_the_pdf_or_credential(
    client, certificate, other_student, name
):
    client.force_login(other_student)
    url = reverse(f"certificates:{name}", args=[certificate.display_code])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_revoked_certificate_is_no_longer_offered(client, certificate, student, staff):
    services.revoke(certificate, actor=staff, reason="출석 기록 오류")
    client.force_login(student)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert "출석 기록 오류" in page
    assert reverse("certificates:pdf", args=[certificate.display_code]) not in page
    url = reverse("certificates:pdf", args=[certificate.display_code])
    assert client.get(url).status_code == 404


def test_pdf_not_rendered_yet_says_so(client, certificate, student):
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    client.force_login(student)
    response = client.get(reverse("certificates:pdf", args=[certificate.display_code]))
    assert response.status_code == 302


def test_staff_issue_for_a_class_and_revoke_with_a_reason(client, class_, staff, student):
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    type(enrolment).objects.filter(pk=enrolment.pk).update(completed_at=class_.enrolment_opens_at)
    client.force_login(staff)
    page = client.get(reverse("certificates:class_certificates", args=[class_.pk]))
    assert "김학생" in page.content.decode()
    client.post(reverse("certificates:issue", args=[class_.pk]))
    certificate = Certificate.objects.get(enrolment=enrolment)
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": ""})
    certificate.refresh_from_db()
    assert response.status_code == 302 and not certificate.is_revoked
    client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "중복 발급"})
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "중복 발급"
    assert certificate.events.last().actor == staff


def test_staff_issue_one_person(client, class_, staff, student):
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    type(enrolment).objects.filter(pk=enrolment.pk).update(completed_at=class_.enrolment_opens_at)
    client.force_login(staff)
    client.post(reverse("certificates:issue", args=[class_.pk]), {"enrolment": enrolment.pk})
    assert Certificate.objects.filter(enrolment=enrolment).exists()


@pytest.mark.parametrize("who", ["student", "instructor"])
def test_only_staff_reach_the_staff_pages(client, certificate, class_, who, request):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("certificates:class_certificates", args=[class_.pk])).status_code == 404
    )
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_staff_see_certificates_in_the_admin_but_cannot_edit_them(client, certificate, staff):
    client.force_login(staff)
    listing = client.get("/admin/snippets/certificates/certificate/")
    assert listing.status_code == 200 and "김학생" in listing.content.decode()
    edit = client.get(f"/admin/snippets/certificates/certificate/edit/{certificate.pk}/")
    assert edit.status_code in (302, 403, 404)
    templates = client.get("/admin/snippets/certificates/certificatetemplate/add/")
    assert templates.status_code == 200


def test_staff_still_see_a_certificate_whose_completion_was_withdrawn(
    client, certificate, staff, instructor
):
    session = certificate.enrolment.course_class.sessions.first()
    attendance.mark(session, certificate.enrolment, "absent", actor=instructor, reason="정정")
    certificate.enrolment.refresh_from_db()
    assert certificate.enrolment.completed_at is None
    client.force_login(staff)
    url = reverse("certificates:class_certificates", args=[certificate.enrolment.course_class_id])
    page = client.get(url).content.decode()
    assert certificate.display_code in page and "김학생" in page
