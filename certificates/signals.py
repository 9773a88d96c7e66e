import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from certificates import services
from enrolment.models import Enrolment

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Enrolment)
def issue_on_completion(sender, instance, update_fields=None, **kwargs):
    # However completion is recorded (a mark, a check-in, an import, a rule edit), the
    # certificate is issued in the same transaction; its PDF follows after the commit.
    if update_fields is not None and "completed_at" not in update_fields:
        return
    if instance.completed_at is None or instance.status != Enrolment.Status.ENROLLED:
        return
    if services.Certificate.objects.filter(enrolment_id=instance.pk).exists():
        return
    try:
        services.issue_certificate(instance)
    except services.CertificateError as refusal:
        # Never undo the mark that earned it: staff see the refusal when they issue by hand.
        logger.warning("Certificate for enrolment %s not issued: %s", instance.pk, refusal)
