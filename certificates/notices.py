"""Telling a person their certificate (of a course or a track) was issued: once, by the
worker, after the commit."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from certificates.models import Certificate, TrackCertificate
from outbox.notices import tell_once

CERTIFICATE_ISSUED = "certificate-issued"


def key(certificate: Certificate) -> str:
    return f"certificate:{certificate.pk}"


def certificate_issued(certificate: Certificate) -> None:
    pk = certificate.pk
    transaction.on_commit(lambda: tell_holder.enqueue(pk), robust=True)


@task(backend="background")
def tell_holder(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("enrolment__user").get(pk=certificate_id)
    if certificate.is_revoked:
        return
    mine_url = settings.SITE_URL + reverse("certificates:mine")
    context = {"certificate": certificate, "mine_url": mine_url}
    person = certificate.enrolment.user
    template = "certificates/email/issued"
    link = reverse("certificates:mine")
    tell_once(person, CERTIFICATE_ISSUED, key(certificate), template, context, link=link)


def track_key(certificate: TrackCertificate) -> str:
    return f"track-certificate:{certificate.pk}"


def track_certificate_issued(certificate: TrackCertificate) -> None:
    pk = certificate.pk
    transaction.on_commit(lambda: tell_track_holder.enqueue(pk), robust=True)


@task(backend="background")
def tell_track_holder(certificate_id: int) -> None:
    certificate = TrackCertificate.objects.select_related("user").get(pk=certificate_id)
    if certificate.is_revoked:
        return
    mine_url = settings.SITE_URL + reverse("certificates:mine")
    context = {"certificate": certificate, "mine_url": mine_url}
    template = "certificates/email/track_issued"
    link = reverse("certificates:mine")
    tell_once(
        certificate.user, CERTIFICATE_ISSUED, track_key(certificate), template, context, link=link
    )
