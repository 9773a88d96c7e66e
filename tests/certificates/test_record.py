"""A learner's record: every class with hours, completion and certificate, as a page and a
PDF another program reads; shared by a link its holder can revoke."""

import io
import re

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

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


def test_a_class_not_started_yet_reads_as_such_not_under_way(client, activist1):
    client.force_login(activist1)
    page = BeautifulSoup(client.get("/certificates/record/").content, "html.parser")
    upcoming = [
        (e.course_class.course.title, e.course_class.title)
        for e in Enrolment.objects.filter(user=activist1, status="enrolled").select_related(
            "course_class__course"
        )
        if e.course_class.sessions.order_by("starts_at").first().starts_at > timezone.now()
    ]
    assert upcoming, "the demo enrols activist1 in a class that starts later"
    for li in page.select("#record li"):
        text = li.get_text(" ", strip=True)
        if any(course in text and title in text for course, title in upcoming):
            assert "아직 시작 전" in text and "진행 중" not in text


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
