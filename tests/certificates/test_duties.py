"""Training that must be renewed: a certificate of such a course counts until a day, which
reads the same on the PDF, the check page and the signed credential (checked by Digital
Bazaar's verifier, at a moment before and after it), and its holder hears 30 and 7 days
before, once each."""

import io
import json
from datetime import datetime, time, timedelta

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from certificates import duties, services
from certificates.models import Certificate
from core.dates import format_date, months_after
from outbox.models import SentNotice
from tests.certificates.conftest import complete
from tests.certificates.test_interoperability import (
    _achievement_credential_errors,
    _digital_bazaar,
)
from tests.factories import ClassFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewed_course(course):
    course.renewal_months = 12
    course.save()
    return course


@pytest.fixture
def duty_certificate(renewed_course, certificate):
    return certificate


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_renewed_course_counts_a_year_less_a_day_and_others_for_good(
    course, enrolment, instructor, student
):
    plain = complete(enrolment, instructor).certificate
    assert plain.valid_until is None

    course.renewal_months = 12
    course.save()
    again = EnrolmentFactory(course_class=ClassFactory(course=course, sessions=1), user=student)
    renewed = complete(again, instructor).certificate
    issued_on = timezone.localdate(renewed.issued_at)
    assert renewed.valid_until == months_after(issued_on, 12) - timedelta(days=1)


def test_a_leap_day_certificate_counts_until_the_end_of_february():
    from_leap_day = months_after(datetime(2028, 2, 29).date(), 12)
    assert from_leap_day == datetime(2029, 2, 28).date()
    assert months_after(datetime(2027, 1, 31).date(), 1) == datetime(2027, 2, 28).date()
    assert months_after(datetime(2027, 12, 15).date(), 1) == datetime(2028, 1, 15).date()


def test_the_pdf_the_check_page_and_the_credential_agree_on_the_last_day(
    client, duty_certificate, _clock
):
    certificate = duty_certificate
    last_day = certificate.valid_until
    with certificate.pdf.open("rb") as file:
        text = pypdf.PdfReader(io.BytesIO(file.read())).pages[0].extract_text()
    assert f"유효 기간 {format_date(last_day, 'ko')}까지" in " ".join(text.split())

    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "유효" in page and format_date(last_day, "ko") in page and "만료" not in page

    credential = json.loads(_credential(client, certificate).content)  # downloaded by its holder
    assert credential["validUntil"] == f"{last_day.isoformat()}T23:59:59+09:00"
    assert _achievement_credential_errors(credential) == []

    # The day after the last: the page says expired since then; the verifier refuses it.
    _clock.move_to(_at(last_day + timedelta(days=1), 9))
    client.logout()
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "만료" in page and format_date(last_day, "ko") in page
    # The credential uploaded then: genuine and unchanged, and said to have expired.
    upload = SimpleUploadedFile("c.json", json.dumps(credential).encode(), "application/json")
    checked = client.post(certificate.get_absolute_url(), {"credential": upload})
    result = BeautifulSoup(checked.content, "html.parser").select_one("#credential-result")
    assert "일치합니다" in result.get_text() and "갱신" in result.get_text()


def _credential(client, certificate):
    client.force_login(certificate.enrolment.user)
    return client.get(reverse("certificates:credential", args=[certificate.display_code]))


@pytest.mark.slow
def test_digital_bazaars_verifier_accepts_it_until_its_last_day_and_refuses_it_after(
    client, duty_certificate
):
    credential = json.loads(_credential(client, duty_certificate).content)
    last_day = duty_certificate.valid_until
    (before,) = _digital_bazaar(client, credential, now=_at(last_day, 23).isoformat())
    (after,) = _digital_bazaar(
        client, credential, now=_at(last_day + timedelta(days=1), 1).isoformat()
    )
    assert before == {"verified": True, "error": ""}
    assert not after["verified"] and "validUntil" in after["error"]


def test_a_certificate_for_good_carries_no_valid_until(client, certificate):
    assert "validUntil" not in json.loads(_credential(client, certificate).content)


def test_my_certificates_says_until_when_and_once_expired_to_take_it_again(
    client, duty_certificate, _clock
):
    client.force_login(duty_certificate.enrolment.user)
    when = format_date(duty_certificate.valid_until, "ko")
    assert f"{when}까지 유효" in client.get(reverse("certificates:mine")).content.decode()
    _clock.move_to(_at(duty_certificate.valid_until + timedelta(days=1)))
    client.force_login(duty_certificate.enrolment.user)  # a year on, the session has ended
    page = client.get(reverse("certificates:mine")).content.decode()
    assert "만료" in page and "다시 수강" in page


def _sweep(moment) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return duties.send_due(moment)


def _reminders(certificate):
    return list(
        SentNotice.objects.filter(
            user=certificate.enrolment.user, kind=duties.EXPIRY_REMINDER
        ).values_list("key", flat=True)
    )


def test_the_holder_hears_30_and_7_days_before_once_each(duty_certificate, _clock):
    last_day = duty_certificate.valid_until
    told = []
    for days_before in range(45, -3, -1):  # a sweep a day, and twice on some days
        moment = _at(last_day - timedelta(days=days_before))
        _clock.move_to(moment)
        told.append((days_before, _sweep(moment) + _sweep(moment)))
    assert [days for days, count in told if count] == [30, 7]
    assert all(count == 1 for _days, count in told if count)
    assert sorted(_reminders(duty_certificate)) == [
        f"certificate:{duty_certificate.pk}:expires-in:30",
        f"certificate:{duty_certificate.pk}:expires-in:7",
    ]
    subjects = [m.subject for m in mail.outbox if "까지" in m.subject]
    assert len(subjects) == 2 and "개인정보보호법 기초" in subjects[0]
    assert format_date(last_day, "ko") in subjects[0]


def test_found_five_days_before_only_the_7_day_reminder_goes(duty_certificate, _clock):
    moment = _at(duty_certificate.valid_until - timedelta(days=5))
    _clock.move_to(moment)
    assert _sweep(moment) == 1
    assert _reminders(duty_certificate) == [f"certificate:{duty_certificate.pk}:expires-in:7"]


def test_no_reminder_once_renewed_or_revoked(
    duty_certificate, renewed_course, instructor, staff, _clock
):
    # The holder took the course again: the old certificate's end is no news.
    again = EnrolmentFactory(
        course_class=ClassFactory(course=renewed_course, sessions=1),
        user=duty_certificate.enrolment.user,
    )
    _clock.shift(timedelta(days=60))
    complete(again, instructor)
    moment = _at(duty_certificate.valid_until - timedelta(days=30))
    _clock.move_to(moment)
    assert _sweep(moment) == 0

    renewed = Certificate.objects.exclude(pk=duty_certificate.pk).get()
    services.revoke(renewed, actor=staff, reason="잘못 발급")
    moment = _at(renewed.valid_until - timedelta(days=7))
    _clock.move_to(moment)
    assert _sweep(moment) == 0


def test_the_reminder_is_a_notice_kind_people_can_turn_off(client, student):
    client.force_login(student)
    page = client.get(reverse("notices:settings")).content.decode()
    assert "갱신해야 하는 수료증" in page
