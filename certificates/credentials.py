"""The certificate as an Open Badges 3.0 credential, signed with the school's Ed25519 key.

The proof is a W3C Data Integrity proof with the eddsa-jcs-2022 cryptosuite: both the
proof options and the credential are canonicalised with JCS (RFC 8785), hashed with
SHA-256, and the two hashes signed together. Everything in the credential comes from
the certificate's stored facts, so it is the same on every download and can be
compared with the record when someone uploads it.
"""

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

import rfc8785
from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from certificates import codes, keys
from certificates.models import ISSUER, Certificate

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
# A credential larger than this is not one of ours.
MAX_UPLOAD_BYTES = 64 * 1024


class CredentialError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def issuer_url() -> str:
    return settings.SITE_URL + reverse("certificates:issuer")


def verification_method() -> str:
    return f"{issuer_url()}#{keys.key_id()}"


def issuer_profile() -> dict:
    return {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": ISSUER,
        "url": settings.SITE_URL,
    }


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(day) -> str:
    return f"{day.isoformat()}T00:00:00+09:00"


def unsigned(certificate: Certificate) -> dict:
    """The credential without its proof: every fact the certificate states."""
    course_id = certificate.enrolment.course_class.course_id
    return {
        "@context": CONTEXT,
        "id": certificate.verify_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.heading}: {certificate.course_title}",
        "issuer": {**issuer_profile(), "name": certificate.issuer},
        "validFrom": _utc(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "activityStartDate": _day(certificate.starts_on),
            "activityEndDate": _day(certificate.ends_on),
            "term": certificate.class_title,
            "narrative": f"이수 시간 {certificate.hours_text}시간",
            "achievement": {
                "id": f"{settings.SITE_URL}/courses/#course-{course_id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": certificate.statement,
                "criteria": {"narrative": certificate.statement},
                "fieldOfStudy": certificate.track_name,
                "humanCode": certificate.display_code,
            },
        },
        "awardedDate": _utc(certificate.issued_at),
        "signatory": {
            "name": certificate.signatory_name,
            "title": certificate.signatory_title,
            "templateVersion": certificate.template_version,
        },
    }


def _hash(proof_options: dict, document: dict) -> bytes:
    return (
        hashlib.sha256(rfc8785.dumps(proof_options)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )


def signed(certificate: Certificate) -> dict:
    document = unsigned(certificate)
    proof = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _utc(certificate.issued_at),
        "verificationMethod": verification_method(),
        "proofPurpose": "assertionMethod",
    }
    signature = keys.private_key().sign(_hash(proof, document))
    proof.pop("@context")
    proof["proofValue"] = "z" + keys.base58(signature)
    return {**document, "proof": proof}


def as_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Verdict:
    certificate: Certificate | None
    matches_record: bool


def _read(data: bytes) -> dict:
    if len(data) > MAX_UPLOAD_BYTES:
        raise CredentialError(_("This file is too large to be one of our credentials."))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CredentialError(_("This file is not a credential: it is not valid JSON.")) from None
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        raise CredentialError(_("This file is not a signed credential: it has no proof."))
    return document


def _check_signature(document: dict) -> None:
    proof = dict(document["proof"])
    unsigned_document = {key: value for key, value in document.items() if key != "proof"}
    proof_value = proof.pop("proofValue", "")
    if (
        proof.get("type") != "DataIntegrityProof"
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("verificationMethod") != verification_method()
        or not isinstance(proof_value, str)
        or not proof_value.startswith("z")
    ):
        raise CredentialError(_("This credential was not signed with the school's key."))
    proof["@context"] = unsigned_document.get("@context")
    try:
        signature = keys.unbase58(proof_value[1:])
        keys.public_key().verify(signature, _hash(proof, unsigned_document))
    except (InvalidSignature, ValueError, TypeError):
        raise CredentialError(
            _("The signature does not match: this credential has been changed.")
        ) from None


def verify(data: bytes) -> Verdict:
    """Check an uploaded credential's signature, then compare it with our record."""
    document = _read(data)
    _check_signature(document)
    code = codes.normalise(str(document.get("id", "")).rstrip("/").rpartition("/")[2])
    certificate = (
        Certificate.objects.select_related("enrolment__course_class").filter(code=code).first()
        if code
        else None
    )
    if certificate is None:
        return Verdict(None, False)
    document.pop("proof")
    if certificate.is_holder_anonymised:
        document = _with_name_replaced(document, certificate.holder_name)
    return Verdict(certificate, document == unsigned(certificate))


def _with_name_replaced(document: dict, anonymous_name: str) -> dict:
    """Put the anonymous name where the credential names its holder, as our record does.

    A closed account's certificates no longer carry the name, but the credential the
    holder kept still does: every other fact must match.
    """
    document = copy.deepcopy(document)
    subject = document.get("credentialSubject") or {}
    identifiers = subject.get("identifier") or [{}]
    name = identifiers[0].get("identityHash") if isinstance(identifiers[0], dict) else None
    if not isinstance(name, str) or not name:
        return document
    identifiers[0]["identityHash"] = anonymous_name
    achievement = subject.get("achievement") or {}
    for holder in (achievement, achievement.get("criteria") or {}):
        for key in ("description", "narrative"):
            if isinstance(holder.get(key), str):
                holder[key] = holder[key].replace(name, anonymous_name)
    return document
