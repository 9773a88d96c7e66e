"""The certificates app's answer to enrolment's named events."""

import logging

from certificates import services

logger = logging.getLogger(__name__)


def issue_on_completion(sender, enrolment, **kwargs):
    """However completion is reached (a mark, a check-in, an import, a rule edit), issue
    the certificate in the same transaction; its PDF follows after the commit."""
    if services.Certificate.objects.filter(enrolment_id=enrolment.pk).exists():
        return
    try:
        services.issue_certificate(enrolment)
    except services.CertificateError as refusal:
        # Never undo the mark that earned it: staff see the refusal when they issue by hand.
        logger.warning("Certificate for enrolment %s not issued: %s", enrolment.pk, refusal)
