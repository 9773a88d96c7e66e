"""A learner's record: every class with hours, completion and certificate, as a page and a
PDF another program reads; shared by a link its holder can revoke."""

import io
import re

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from certificates.models import Certificate, RecordLink
from enrolment.models import Enrolment

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def activist1(demo_school):
    return get_user_model().objects.get(username="activist1")


def test_the_record_lists_every_class_with_its_certificate(client, activist1):
    client.force_login(activist1)
    page = BeautifulSoup(client.get("/certificates/record/").content, "html.parser")
    entries = [li.get_text(" ", strip=True) for li in page.select("#record li")]
    taken = Enrolment.objects.filter(user=activist1).exclude(
        status="cancelled", completed_at__isnull=True
    )
    assert len(entries) == taken.count()
    for certificate in Certificate.objects.filter(enrolment__user=activist1, revoked_at=None):
        assert page.find("a", href=certificate.get_absolute_url()) is not None
        entry = next(e for e in entries if certificate.display_code in e)
        assert "수료" in entry and f"{certificate.hours}시간" in entry


def test_the_pdf_reads_as_the_record(client, activist1):
    client.force_login(activist1)
    response = client.get("/certificates/record/record.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "학습 기록" in text and activist1.get_full_name() in text
    for certificate in Certificate.objects.filter(enrolment__user=activist1, revoked_at=None):
        assert certificate.display_code in text and certificate.course_title in text


def test_a_shared_link_opens_for_anyone_until_revoked(client, activist1):
    client.force_login(activist1)
    client.post("/certificates/record/")
    link = RecordLink.objects.get(user=activist1)
    page = client.get("/certificates/record/").content.decode()
    assert f"/certificates/record/{link.token}/" in page
    stranger = Client()
    shared = stranger.get(f"/certificates/record/{link.token}/")
    assert shared.status_code == 200 and shared["X-Robots-Tag"] == "noindex"
    assert activist1.get_full_name() in shared.content.decode()
    assert "링크 만들기" not in shared.content.decode()  # the holder's tools stay theirs
    client.post("/certificates/record/", {"revoke": link.pk})
    assert stranger.get(f"/certificates/record/{link.token}/").status_code == 404
    assert re.fullmatch(r"[\w-]{43}", link.token)


def test_someone_elses_link_cannot_be_revoked(client, activist1):
    client.force_login(activist1)
    client.post("/certificates/record/")
    link = RecordLink.objects.get(user=activist1)
    client.force_login(get_user_model().objects.get(username="activist2"))
    client.post("/certificates/record/", {"revoke": link.pk})
    link.refresh_from_db()
    assert link.revoked_at is None
