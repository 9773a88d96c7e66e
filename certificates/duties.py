"""Training the law asks for again and again, such as 개인정보 보호 교육 (Personal
Information Protection Act, Art. 28(2)): a course with a renewal period gives certificates
that count until a day, and their holders hear 30 and 7 days before that day.

The day is fixed when the certificate is issued (`Certificate.valid_until`): the course's
renewal months after the day of issue, less one day. It then reads the same on the PDF,
the check page and the signed credential (`validUntil`), whatever the course says later.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from core.dates import months_after
from outbox.notices import tell_once

# A certificate this close to its last day reads "expiring" to coordinators.
EXPIRING_WITHIN = timedelta(days=30)
# Its holder hears this many days before the last day, once each.
REMINDER_DAYS = (30, 7)
EXPIRY_REMINDER = "certificate-expiring"


def valid_until(course, issued_at: datetime) -> date | None:
    """The last day a certificate of `course` issued at `issued_at` counts; None when the
    course is not renewed."""
    if not course.renewal_months:
        return None
    issued_on = timezone.localdate(issued_at)
    return months_after(issued_on, course.renewal_months) - timedelta(days=1)


class Standing:
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_SHARED = "not-shared"

    LABELS = {
        VALID: _("Valid"),
        EXPIRING: _("Expires within 30 days"),
        EXPIRED: _("Expired"),
        MISSING: _("Not taken"),
        NOT_SHARED: _("Not shared"),
    }


@dataclass(frozen=True)
class Duty:
    """A person's standing on one course that must be renewed."""

    standing: str
    certificate: Certificate | None = None

    @property
    def label(self):
        return Standing.LABELS[self.standing]


def standing(certificate: Certificate | None, today: date) -> str:
    if certificate is None:
        return Standing.MISSING
    if certificate.has_expired(today):
        return Standing.EXPIRED
    if certificate.valid_until and certificate.valid_until - today < EXPIRING_WITHIN:
        return Standing.EXPIRING
    return Standing.VALID


def latest(certificates) -> dict[tuple[int, int], Certificate]:
    """(person, course) → the certificate that counts: the one valid longest (a renewal
    replaces the one before), among certificates not revoked."""
    found = {}
    for certificate in certificates:
        key = (certificate.enrolment.user_id, certificate.enrolment.course_class.course_id)
        kept = found.get(key)
        if kept is None or (certificate.valid_until or date.max) > (kept.valid_until or date.max):
            found[key] = certificate
    return found


def duty_certificates(user_ids, course_ids):
    """The valid (not revoked) certificates of these people in these courses, one query."""
    return (
        Certificate.objects.valid()
        .filter(enrolment__user__in=user_ids, enrolment__course_class__course__in=course_ids)
        .select_related("enrolment__course_class")
        .order_by("issued_at", "pk")
    )


def send_due(now: datetime) -> int:
    """With every sweep (`manage.py send_notices`): tell each holder once, 30 days and again
    7 days before their certificate's last day, unless a later certificate of the same course
    renewed it. Return how many were told."""
    today = timezone.localdate(now)
    soon = today + timedelta(days=max(REMINDER_DAYS))
    expiring = list(
        Certificate.objects.valid()
        .filter(valid_until__gte=today, valid_until__lte=soon)
        .select_related("enrolment__user", "enrolment__course_class__course")
    )
    renewed = _renewed(expiring)
    told = 0
    for certificate in expiring:
        if certificate.pk in renewed:
            continue
        days_left = (certificate.valid_until - today).days
        # The nearest reminder now due: a certificate found 5 days before its last day gets
        # the 7-day one only.
        due = min(days for days in REMINDER_DAYS if days >= days_left)
        course = certificate.enrolment.course_class.course
        told += tell_once(
            certificate.enrolment.user,
            EXPIRY_REMINDER,
            f"certificate:{certificate.pk}:expires-in:{due}",
            "certificates/email/expiring",
            {
                "certificate": certificate,
                "days_left": days_left,
                "course_url": settings.SITE_URL + course.url if course.url else "",
            },
            link=course.url or reverse("certificates:mine"),
            now=now,
        )
    return told


def _renewed(certificates: list[Certificate]) -> set[int]:
    """The certificates among these whose holder was issued a later one of the same course."""
    if not certificates:
        return set()
    later = Q()
    for certificate in certificates:
        later |= Q(
            enrolment__user=certificate.enrolment.user_id,
            enrolment__course_class__course=certificate.enrolment.course_class.course_id,
            issued_at__gt=certificate.issued_at,
        )
    pairs = set(
        Certificate.objects.valid()
        .filter(later)
        .values_list("enrolment__user", "enrolment__course_class__course")
    )
    return {
        certificate.pk
        for certificate in certificates
        if (certificate.enrolment.user_id, certificate.enrolment.course_class.course_id) in pairs
    }
