"""The certificate as an Open Badges 3.0 credential, signed with the school's Ed25519 key.

The proof is a W3C Data Integrity proof with the eddsa-jcs-2022 cryptosuite, as the Data
Integrity EdDSA Cryptosuites v1.0 Recommendation (May 2025) defines it: the proof
configuration (the proof without its value, carrying the credential's @context) and the
credential are each canonicalised with JCS (RFC 8785) and hashed with SHA-256, and the
two hashes are signed together. The proof is published with its @context, in a one-item
array as Open Badges 3.0 requires. Everything in the credential comes from the
certificate's stored facts, so it is the same on every download and can be compared with
the record when someone uploads it.
"""

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from certificates import codes, keys
from certificates.models import ISSUER, Certificate, TrackCertificate
from core.errors import Refusal

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"
# An XML Schema dateTime, which a proof's `created` must be.
_DATE_TIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)
# An Ed25519 signature (64 bytes) in base58btc multibase: "z" and at most 88 characters.
_SIGNATURE = re.compile(r"z[1-9A-HJ-NP-Za-km-z]{1,88}", re.ASCII)
# A credential larger than this is not one of ours.
MAX_UPLOAD_BYTES = 64 * 1024
# Nor one nested deeper than this (ours nest about ten deep): checking one would recurse
# too far.
MAX_DEPTH = 32


class CredentialError(Refusal):
    """A refusal of the credential checks."""


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


def _holder(certificate) -> list[dict]:
    return [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.holder_name,
        }
    ]


def _document(certificate, *, name: str, subject: dict, achievement: dict) -> dict:
    """The credential's frame, the same for course and track certificates: who issued it
    to whom and when, and the achievement with the statement and the printed number."""
    return {
        "@context": CONTEXT,
        "id": certificate.verify_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.heading}: {name}",
        "issuer": {**issuer_profile(), "name": certificate.issuer},
        "validFrom": _utc(certificate.issued_at),
        # A training that must be renewed counts to the end of its last day in Seoul.
        **(
            {"validUntil": f"{certificate.valid_until.isoformat()}T23:59:59+09:00"}
            if certificate.valid_until
            else {}
        ),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _holder(certificate),
            **subject,
            # Hours only when some were attended: a certificate never says "0시간".
            **(
                {"narrative": f"이수 시간 {certificate.hours_text}시간"}
                if certificate.hours
                else {}
            ),
            "achievement": {
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "description": certificate.statement,
                "criteria": {"narrative": certificate.statement},
                "humanCode": certificate.display_code,
                **achievement,
            },
        },
        "awardedDate": _utc(certificate.issued_at),
    }


def _unsigned_track(certificate: TrackCertificate) -> dict:
    """A track certificate's credential: the track as the achievement, aligned with each
    course certificate it rests on (its number, title and check address)."""
    courses = certificate.courses
    last_day = max(date.fromisoformat(course["ends_on"]) for course in courses)
    document = _document(
        certificate,
        name=certificate.track_name,
        subject={"activityEndDate": _day(last_day)},
        achievement={
            "id": f"{settings.SITE_URL}/courses/#track-{certificate.track_id}",
            "name": f"{certificate.track_name} {certificate.heading}",
            "fieldOfStudy": certificate.track_name,
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": course["title"],
                    "targetCode": course["code"],
                    "targetType": "ceterms:Credential",
                    "targetUrl": settings.SITE_URL
                    + reverse("certificates:verify", args=[course["code"]]),
                }
                for course in courses
            ],
        },
    )
    document["signatory"] = {
        "name": certificate.signatory_name,
        "title": certificate.signatory_title,
    }
    return document


def unsigned(certificate: Certificate | TrackCertificate) -> dict:
    """The credential without its proof: every fact the certificate states."""
    if certificate.is_track:
        return _unsigned_track(certificate)
    course_id = certificate.enrolment.course_class.course_id
    document = _document(
        certificate,
        name=certificate.course_title,
        subject={
            "activityStartDate": _day(certificate.starts_on),
            "activityEndDate": _day(certificate.ends_on),
            "term": certificate.class_title,
        },
        achievement={
            "id": f"{settings.SITE_URL}/courses/#course-{course_id}",
            "name": certificate.course_title,
            "fieldOfStudy": certificate.track_name,
        },
    )
    document["signatory"] = {
        "name": certificate.signatory_name,
        "title": certificate.signatory_title,
        "templateVersion": certificate.template_version,
    }
    return document


class ProofError(Exception):
    """The proof cannot be made or checked with eddsa-jcs-2022."""


def _transform(document: dict, options: dict) -> bytes:
    """§3.3.3 Transformation: the document canonicalised with JCS."""
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("not an eddsa-jcs-2022 proof")
    try:
        return rfc8785.dumps(document)
    except rfc8785.CanonicalizationError as error:  # NaN, or an integer JSON cannot carry
        raise ProofError(str(error)) from None


def _proof_configuration(options: dict) -> bytes:
    """§3.3.5 Proof Configuration: the proof options canonicalised with JCS."""
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("not an eddsa-jcs-2022 proof")
    created = options.get("created")
    if created is not None and not (isinstance(created, str) and _DATE_TIME.fullmatch(created)):
        raise ProofError("created is not a dateTime")
    try:
        return rfc8785.dumps(options)
    except rfc8785.CanonicalizationError as error:
        raise ProofError(str(error)) from None


def _hash(proof_configuration: bytes, transformed_document: bytes) -> bytes:
    """§3.3.4 Hashing: the proof configuration's hash, then the document's."""
    return (
        hashlib.sha256(proof_configuration).digest() + hashlib.sha256(transformed_document).digest()
    )


def create_proof(document: dict, options: dict, private_key: Ed25519PrivateKey) -> dict:
    """§3.3.1 Create Proof: the proof of `document` under the proof `options`."""
    proof = copy.deepcopy(options)
    if "@context" in document:
        proof["@context"] = copy.deepcopy(document["@context"])
    hash_data = _hash(_proof_configuration(proof), _transform(document, proof))
    proof["proofValue"] = "z" + keys.base58(private_key.sign(hash_data))
    return proof


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def verify_proof(document: dict, proof: dict, public_key: Ed25519PublicKey) -> bool:
    """§3.3.2 Verify Proof: whether `proof`, one of the document's, holds for the document.

    The document is signed without its proofs, so this holds for each proof of a proof
    set. The caller decides whose key `public_key` is and checks the proof's purpose.
    """
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not _SIGNATURE.fullmatch(proof_value):
        return False
    if "@context" in options:
        expected = _as_list(options["@context"])
        if _as_list(unsecured.get("@context"))[: len(expected)] != expected:
            return False
        unsecured["@context"] = options["@context"]
    try:
        proof_bytes = keys.unbase58(proof_value[1:])
        hash_data = _hash(_proof_configuration(options), _transform(unsecured, options))
        public_key.verify(proof_bytes, hash_data)
    except (ProofError, InvalidSignature, ValueError):
        return False
    return True


def proof_options(certificate: Certificate) -> dict:
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _utc(certificate.issued_at),
        "verificationMethod": verification_method(),
        "proofPurpose": PROOF_PURPOSE,
    }


def signed(certificate: Certificate) -> dict:
    document = unsigned(certificate)
    proof = create_proof(document, proof_options(certificate), keys.private_key())
    return {**document, "proof": [proof]}


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
        too_deep = _deeper_than(document, MAX_DEPTH)
    except (UnicodeDecodeError, ValueError):
        raise CredentialError(_("This file is not a credential: it is not valid JSON.")) from None
    except RecursionError:
        too_deep = True
    if too_deep:
        raise CredentialError(
            _("This file is not one of our credentials: it is nested too deeply.")
        )
    proofs = _as_list(document.get("proof")) if isinstance(document, dict) else []
    if not proofs or not all(isinstance(proof, dict) for proof in proofs):
        raise CredentialError(_("This file is not a signed credential: it has no proof."))
    return document


def _deeper_than(value, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` deep, found without recursing."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _signed_by_the_school(document: dict, proof: dict) -> bool:
    public_key = keys.public_key()
    if verify_proof(document, proof, public_key):
        return True
    # Credentials downloaded before the proof carried its @context were signed with the
    # credential's @context in the proof configuration all the same.
    if "@context" in proof:
        return False
    return verify_proof(document, {**proof, "@context": document.get("@context")}, public_key)


def _check_signature(document: dict) -> None:
    ours = [
        proof
        for proof in _as_list(document["proof"])
        if proof.get("verificationMethod") == verification_method()
        and proof.get("type") == PROOF_TYPE
        and proof.get("cryptosuite") == CRYPTOSUITE
        and proof.get("proofPurpose") == PROOF_PURPOSE
    ]
    if not ours:
        raise CredentialError(_("This credential was not signed with the school's key."))
    if not any(_signed_by_the_school(document, proof) for proof in ours):
        raise CredentialError(_("The signature does not match: this credential has been changed."))


def verify(data: bytes) -> Verdict:
    """Check an uploaded credential's signature, then compare it with our record."""
    document = _read(data)
    _check_signature(document)
    code = codes.normalise(str(document.get("id", "")).rstrip("/").rpartition("/")[2])
    certificate = find(code) if code else None
    if certificate is None:
        return Verdict(None, False)
    document.pop("proof")
    if certificate.is_holder_anonymised:
        document = _with_name_replaced(document, certificate.holder_name)
    return Verdict(certificate, document == unsigned(certificate))


def find(code: str) -> Certificate | TrackCertificate | None:
    """The course or track certificate with this (normalised) number."""
    return (
        Certificate.objects.select_related("enrolment__course_class", "template__seal")
        .filter(code=code)
        .first()
    ) or TrackCertificate.objects.filter(code=code).first()


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
