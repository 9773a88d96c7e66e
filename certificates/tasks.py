"""Rendering off the request path: the PDF is made by a task and stored once."""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from certificates import rendering
from certificates.models import Certificate


def render_after_commit(certificate) -> None:
    """Queue the certificate's PDF once the transaction that issued it commits."""
    certificate_id = certificate.pk
    transaction.on_commit(lambda: render_pdf.enqueue(certificate_id))


@task(backend="background")
def render_pdf(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("template__logo", "template__signature").get(
        pk=certificate_id
    )
    old = certificate.pdf.name
    # A random name: the file is served only through the owner's view, never by its path.
    certificate.pdf.save(
        f"{secrets.token_urlsafe(16)}.pdf", ContentFile(rendering.render(certificate)), save=False
    )
    certificate.rendered_at = timezone.now()
    certificate.save(update_fields=["pdf", "rendered_at"])
    if old:
        certificate.pdf.storage.delete(old)
