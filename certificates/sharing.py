"""Links a learner can share a certificate with."""

from urllib.parse import urlencode

from django.utils import timezone

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def linkedin_url(certificate) -> str:
    """LinkedIn's "add certification" form, filled in with the certificate's facts."""
    issued = timezone.localtime(certificate.issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": f"{certificate.heading}: {certificate.course_title}",
        "organizationName": certificate.issuer,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": certificate.verify_url(),
        "certId": certificate.display_code,
    }
    return f"{LINKEDIN_ADD}?{urlencode(query)}"
