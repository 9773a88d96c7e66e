"""Download my data: every row the school holds about the person, and none of anyone
else's, checked table by table against a query of its own (on the demo school, where
activist1 has a bit of everything)."""

import csv
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model

from certificates.models import Certificate, TrackCertificate
from cms.models import LessonPage
from enrolment.models import Attendance, Enrolment, EnrolmentEvent, LessonProgress
from organisations.models import Membership, MembershipEvent, ServiceRequest, SharingChoice
from outbox.models import SentNotice
from school.models import DataDownload

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The person's rows in each table, asked independently of the export's own queries.
EXPECTED = {
    "profile": lambda p: get_user_model().objects.filter(username=p.username),
    "memberships": lambda p: Membership.objects.filter(user_id=p.pk),
    "sharing_choices": lambda p: SharingChoice.objects.filter(
        membership__in=Membership.objects.filter(user_id=p.pk)
    ),
    "enrolments": lambda p: Enrolment.objects.filter(user_id=p.pk),
    "enrolment_history": lambda p: EnrolmentEvent.objects.filter(
        enrolment__in=Enrolment.objects.filter(user_id=p.pk)
    ),
    "attendance": lambda p: Attendance.objects.filter(
        enrolment__in=Enrolment.objects.filter(user_id=p.pk)
    ),
    "lesson_progress": lambda p: LessonProgress.objects.filter(user_id=p.pk),
    "certificates": lambda p: Certificate.objects.filter(
        enrolment__in=Enrolment.objects.filter(user_id=p.pk)
    ),
    "notices": lambda p: SentNotice.objects.filter(user_id=p.pk),
    "consultation_requests": lambda p: ServiceRequest.objects.filter(requested_by_id=p.pk),
    # activist1 coordinates 마포 and marked themself as handling personal data.
    "membership_history": lambda p: MembershipEvent.objects.filter(member_id=p.pk),
}


def _download(client, person) -> zipfile.ZipFile:
    client.force_login(person)
    response = client.post("/accounts/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_every_row_of_the_person_and_nobody_elses(demo_school, client):
    person = get_user_model().objects.get(username="activist1")
    other = get_user_model().objects.get(username="activist2")
    lesson = LessonPage.objects.live().first()
    for someone in (person, other):  # the demo has no lesson marked done yet
        LessonProgress.objects.create(user=someone, lesson=lesson)
    archive = _download(client, person)
    for name, expected in EXPECTED.items():
        rows = json.loads(archive.read(f"{name}.json"))
        assert sorted(row["id"] for row in rows) == sorted(
            expected(person).values_list("pk", flat=True)
        ), name
        assert rows, f"the demo gives activist1 some {name}"
    (profile,) = json.loads(archive.read("profile.json"))
    assert profile["username"] == "activist1" and "password" not in profile
    # The CSV twin of each table has the same rows, and opens with its Korean intact.
    enrolments = list(
        csv.DictReader(io.StringIO(archive.read("enrolments.csv").decode("utf-8-sig")))
    )
    assert len(enrolments) == Enrolment.objects.filter(user=person).count()
    assert "활동가IT학교" in archive.read("README.txt").decode()


def test_each_download_is_recorded_and_needs_a_post(demo_school, client):
    person = get_user_model().objects.get(username="activist2")
    _download(client, person)
    download = DataDownload.objects.get(user=person)
    assert download.rows > 0
    assert client.get("/accounts/my-data/").status_code == 405


def test_a_track_certificate_is_in_its_holders_download(demo_school, client):
    person = get_user_model().objects.get(username="activist3")
    rows = json.loads(_download(client, person).read("track_certificates.json"))
    expected = TrackCertificate.objects.filter(user_id=person.pk).values_list("pk", flat=True)
    assert rows and sorted(row["id"] for row in rows) == sorted(expected)
