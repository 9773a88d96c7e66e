"""Telling a person their certificate was issued: once, by the worker, after the commit."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from certificates.models import Certificate
from outbox.notices import first_time

CERTIFICATE_ISSUED = "certificate-issued"


def key(certificate: Certificate) -> str:
    return f"certificate:{certificate.pk}"


def certificate_issued(certificate: Certificate) -> None:
    pk = certificate.pk
    transaction.on_commit(lambda: tell_holder.enqueue(pk), robust=True)


@task(backend="background")
def tell_holder(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("enrolment__user").get(pk=certificate_id)
    person = certificate.enrolment.user
    if certificate.is_revoked or not person.email:
        return
    with transaction.atomic():
        if not first_time(person, CERTIFICATE_ISSUED, key(certificate)):
            return
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "certificate": certificate,
                "person": person,
                "mine_url": settings.SITE_URL + reverse("certificates:mine"),
            }
            subject = render_to_string("certificates/email/issued_subject.txt", context)
            body = render_to_string("certificates/email/issued.txt", context)
        get_connection().send_messages([EmailMessage(subject.strip(), body, to=[person.email])])
