"""Certificate rules, in one place: issue, apply a template again, revoke.

Each function runs in one transaction and leaves a CertificateEvent; the PDF is rendered
by a background task queued when the transaction commits.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import codes, duties, notices, rendering, tasks, tracks
from certificates.models import (
    ISSUER,
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    TrackCertificate,
    format_hours,
)
from core.dates import date_range_ends
from core.errors import Refusal
from courses.models import Class, Session
from enrolment import completion
from enrolment.models import Attendance, Enrolment

Action = CertificateEvent.Action
# The facts a template can place in its statement.
_PLACEHOLDER = re.compile(r"\{(name|course|track|class|start|end|hours|issuer)\}")


class CertificateError(Refusal):
    """A refusal of the certificate rules."""


def template_for(course) -> CertificateTemplate:
    """The course's own template, else its track's, else the site default, else built-in."""
    templates = CertificateTemplate.objects.select_related("signature", "logo", "seal")
    return (
        templates.filter(courses=course.pk).order_by("-updated_at").first()
        or templates.filter(tracks=course.track_id).order_by("-updated_at").first()
        or templates.filter(is_default=True).order_by("-updated_at").first()
        or CertificateTemplate(
            name="기본",
            signatory_name="",  # nobody named until staff make a template with a person
            signatory_title="공동체IT사회적협동조합 이사장",
            version=0,
        )
    )


def hours_attended(enrolment: Enrolment) -> Decimal:
    """Hours of the sessions the person attended that count for them, by the course's rule."""
    rule = completion.rule_for(enrolment.course_class.course)
    since = completion.enrolled_since([enrolment])[enrolment.pk]
    marks = Attendance.objects.filter(
        completion.marks_that_count(since),
        enrolment=enrolment,
        status__in=completion.attending_statuses(rule),
        session__status=Session.Status.SCHEDULED,
    ).values_list("session__starts_at", "session__ends_at")
    seconds = sum((end - start).total_seconds() for start, end in marks)
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"))


def _facts(enrolment: Enrolment) -> dict:
    class_ = (
        Class.objects.with_schedule()
        .select_related("course__track")
        .get(pk=enrolment.course_class_id)
    )
    completed = timezone.localtime(enrolment.completed_at).date()
    first, last = class_.first_starts_at, class_.last_ends_at
    return {
        "holder_name": enrolment.user.get_full_name(),
        "course_title": class_.course.title,
        "track_name": class_.course.track.name if class_.course.track else "",
        "class_title": class_.title,
        "starts_on": timezone.localtime(first).date() if first else completed,
        "ends_on": timezone.localtime(last).date() if last else completed,
        "hours": hours_attended(enrolment),
        "issuer": ISSUER,
    }


def fill(statement: str, facts: dict) -> str:
    """The statement with its placeholders filled; {start} and {end} read as the two ends
    of the dates in the certificate's facts: 2026. 9. 23.(수) ~ 10. 14.(수)."""
    start, end = date_range_ends(facts["starts_on"], facts["ends_on"], "ko")
    values = {
        "name": facts["holder_name"],
        "course": facts["course_title"],
        "track": facts["track_name"],
        "class": facts["class_title"],
        "start": start,
        "end": end,
        "hours": format_hours(facts["hours"]),
        "issuer": facts["issuer"],
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], statement)


def _worded(facts: dict, template: CertificateTemplate) -> dict:
    """The facts plus what the template says with them."""
    worded = {
        **facts,
        "heading": template.heading,
        "statement": fill(template.statement, facts),
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "template": template if template.pk else None,
        "template_version": template.version,
    }
    missing = rendering.unprintable(" ".join(str(value) for value in worded.values()))
    if missing:
        raise CertificateError(
            _("The certificate font cannot print these characters: %(characters)s")
            % {"characters": " ".join(missing)}
        )
    return worded


@transaction.atomic
def issue_certificate(
    enrolment: Enrolment, *, actor=None, now: datetime | None = None
) -> Certificate:
    """Issue the certificate of a completed enrolment; issuing again changes nothing."""
    # Lock the enrolment so two issuers can't both create its certificate.
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("user", "course_class__course")
        .get(pk=enrolment.pk)
    )
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing:
        return existing
    if enrolment.status != Enrolment.Status.ENROLLED or enrolment.completed_at is None:
        raise CertificateError(
            _("%(name)s has not completed this class.") % {"name": enrolment.user.get_full_name()}
        )
    course = enrolment.course_class.course
    now = now or timezone.now()
    worded = _worded(_facts(enrolment), template_for(course))
    worded["valid_until"] = duties.valid_until(course, now)
    certificate = _create(enrolment, worded, now)
    CertificateEvent.objects.create(certificate=certificate, action=Action.ISSUED, actor=actor)
    tasks.render_after_commit(certificate)
    notices.certificate_issued(certificate)
    tracks.course_certified(certificate, now)
    return certificate


def _create(enrolment, worded, now) -> Certificate:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment, code=codes.generate(), issued_at=now, **worded
                )
        except IntegrityError:  # 85 random bits: a clash is near impossible, but not quite
            continue
    raise CertificateError(_("Could not give the certificate a number. Please try again."))


def issue_for_class(class_: Class, *, actor, now: datetime | None = None):
    """Issue every missing certificate of the class; return (issued, refusals)."""
    completed = class_.enrolments.filter(
        status=Enrolment.Status.ENROLLED, completed_at__isnull=False, certificate__isnull=True
    ).select_related("user")
    issued, refusals = [], []
    for enrolment in completed:
        try:
            issued.append(issue_certificate(enrolment, actor=actor, now=now))
        except CertificateError as refusal:
            refusals.append((enrolment, refusal.message))
    return issued, refusals


@transaction.atomic
def apply_template_again(certificate: Certificate, *, actor, reason: str = "") -> Certificate:
    """Word the certificate with its course's current template and render it again.

    The number, the date and the facts stay as issued.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise CertificateError(_("A revoked certificate cannot be issued again."))
    course = certificate.enrolment.course_class.course
    facts = {field: getattr(certificate, field) for field in _FACT_FIELDS}
    for field, value in _worded(facts, template_for(course)).items():
        setattr(certificate, field, value)
    certificate.save()
    CertificateEvent.objects.create(
        certificate=certificate, action=Action.REISSUED, actor=actor, reason=reason
    )
    tasks.render_after_commit(certificate)
    return certificate


_FACT_FIELDS = [
    "holder_name",
    "course_title",
    "track_name",
    "class_title",
    "starts_on",
    "ends_on",
    "hours",
    "issuer",
]


@transaction.atomic
def forget_holder(user, anonymous_name: str) -> int:
    """Take a closed account's name off its certificates; return how many.

    The certificates stay valid with their numbers and facts: the person did complete
    the courses, and the signed credential they kept still proves it with their name.
    The PDF, which prints the name, is deleted; rendering it again prints the new name.
    """
    for track_certificate in TrackCertificate.objects.select_for_update().filter(user=user):
        track_certificate.statement = track_certificate.statement.replace(
            track_certificate.holder_name, anonymous_name
        )
        track_certificate.holder_name = anonymous_name
        track_certificate.save(update_fields=["holder_name", "statement"])
    certificates = Certificate.objects.select_for_update().filter(enrolment__user=user)
    for certificate in certificates:
        if certificate.holder_name:
            certificate.statement = certificate.statement.replace(
                certificate.holder_name, anonymous_name
            )
        certificate.holder_name = anonymous_name
        if certificate.pdf:
            pdf = certificate.pdf
            transaction.on_commit(lambda pdf=pdf: pdf.storage.delete(pdf.name))
        certificate.pdf, certificate.rendered_at = "", None
        certificate.save(update_fields=["holder_name", "statement", "pdf", "rendered_at"])
    return len(certificates)


@transaction.atomic
def revoke(
    certificate: Certificate, *, actor, reason: str, now: datetime | None = None
) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give a reason: it is shown to anyone who checks it."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = now or timezone.now()
    certificate.revocation_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    CertificateEvent.objects.create(
        certificate=certificate, action=Action.REVOKED, actor=actor, reason=reason[:300]
    )
    tracks.course_certificate_revoked(certificate, reason=reason, now=certificate.revoked_at)
    return certificate
