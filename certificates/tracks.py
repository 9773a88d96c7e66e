"""Track certificates, in one place: a person who holds a valid certificate of every course
a track asks for (`Track.required_courses`) is given the track's certificate, once.

`course_certified` runs when a course certificate is issued (from `services`), in the
same transaction; `course_certificate_revoked` when one is revoked, which takes back the
track certificates that rested on it, with the reason.
"""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from certificates import codes, notices
from certificates.models import (
    DEFAULT_TRACK_HEADING,
    DEFAULT_TRACK_STATEMENT,
    ISSUER,
    Certificate,
    CertificateTemplate,
    TrackCertificate,
)
from cms.models import Track


def course_certified(certificate: Certificate, now: datetime) -> list[TrackCertificate]:
    """Issue every track certificate the person now qualifies for; return those issued."""
    user = certificate.enrolment.user
    course_id = certificate.enrolment.course_class.course_id
    issued = []
    for track in Track.objects.filter(required_courses=course_id).prefetch_related(
        "required_courses"
    ):
        if TrackCertificate.objects.filter(user=user, track=track).exists():
            continue
        held = _held(user, [course.pk for course in track.required_courses.all()])
        if held is not None:
            made = _issue(user, track, held, now)
            if made is not None:
                issued.append(made)
    return issued


def _held(user, course_ids: list[int]) -> list[Certificate] | None:
    """The person's valid certificate for each course (the earliest), in the order the
    classes ended, or None if one is missing."""
    found = {}
    for certificate in (
        Certificate.objects.valid()
        .filter(enrolment__user=user, enrolment__course_class__course__in=course_ids)
        .select_related("enrolment__course_class")
        .order_by("issued_at", "pk")
    ):
        found.setdefault(certificate.enrolment.course_class.course_id, certificate)
    if not course_ids or set(found) != set(course_ids):
        return None
    return sorted(found.values(), key=lambda c: (c.ends_on, c.issued_at, c.pk))


def _template(track: Track) -> CertificateTemplate | None:
    templates = CertificateTemplate.objects.order_by("-updated_at")
    return templates.filter(tracks=track).first() or templates.filter(is_default=True).first()


def _issue(user, track, held: list[Certificate], now) -> TrackCertificate | None:
    template = _template(track)
    courses = [
        {
            "title": c.course_title,
            "code": c.display_code,
            "ends_on": c.ends_on.isoformat(),
            "hours": str(c.hours),
        }
        for c in held
    ]
    statement = DEFAULT_TRACK_STATEMENT.format(
        issuer=ISSUER,
        track=track.name,
        count=len(courses),
        courses=", ".join(f"「{course['title']}」" for course in courses),
    )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                made = TrackCertificate.objects.create(
                    user=user,
                    track=track,
                    code=codes.generate(),
                    issued_at=now,
                    holder_name=user.get_full_name(),
                    track_name=track.name,
                    courses=courses,
                    hours=sum((c.hours for c in held), Decimal(0)),
                    heading=DEFAULT_TRACK_HEADING,
                    statement=statement,
                    signatory_name=template.signatory_name if template else "",
                    signatory_title=(
                        template.signatory_title if template else "공동체IT사회적협동조합 이사장"
                    ),
                )
        except IntegrityError:
            # Issued beside us (one per person and track), or a number clash: look again.
            if TrackCertificate.objects.filter(user=user, track=track).exists():
                return None
            continue
        notices.track_certificate_issued(made)
        return made
    return None


def course_certificate_revoked(certificate: Certificate, *, reason: str, now) -> int:
    """Take back the track certificates that rested on a revoked course certificate; a
    person holds a handful, so they are read and matched here."""
    code = certificate.display_code
    resting = [
        track_certificate.pk
        for track_certificate in TrackCertificate.objects.valid().filter(
            user=certificate.enrolment.user_id
        )
        if any(course.get("code") == code for course in track_certificate.courses)
    ]
    return TrackCertificate.objects.filter(pk__in=resting).update(
        revoked_at=now,
        revocation_reason=f"{certificate.course_title} 수료증 취소: {reason}"[:300],
    )
