import base64

import pytest
from django.test import TestCase

from enrolment import attendance
from tests.factories import ClassFactory, EnrolmentFactory

# A fixed signing key for tests only (32 bytes, base64).
TEST_KEY = base64.b64encode(bytes(range(32))).decode()


@pytest.fixture(autouse=True)
def _certificate_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY
    settings.SITE_URL = "https://school.example.org"


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, title="2027 봄 1기", sessions=2)


def complete(enrolment, actor):
    """Mark every session present, running what waits for the commit (the PDF)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for session in enrolment.course_class.sessions.all():
            attendance.mark(session, enrolment, "present", actor=actor)
    enrolment.refresh_from_db()
    return enrolment


@pytest.fixture
def enrolment(class_, student):
    return EnrolmentFactory(course_class=class_, user=student)


@pytest.fixture
def certificate(enrolment, instructor):
    return complete(enrolment, instructor).certificate
