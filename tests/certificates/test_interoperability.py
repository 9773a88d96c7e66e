"""The credential checked by implementations the school did not write: Digital Bazaar's
verifier, 1EdTech's JSON schema, and W3C's published test vector for our own verifier.

The published files these tests read are in tests/certificates/published/ (see its README).
"""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates import credentials, keys

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
PUBLISHED = HERE / "published"
ROOT = HERE.parents[1]
VERIFIER = HERE / "verify_credential.mjs"


def _download(client, certificate) -> dict:
    client.force_login(certificate.enrolment.user)
    response = client.get(reverse("certificates:credential", args=[certificate.display_code]))
    assert response.status_code == 200
    return json.loads(response.content)


def _digital_bazaar(client, *documents, now: str | None = None) -> list[dict]:
    """What Digital Bazaar's verifier says of each credential, checked at `now` (an ISO
    date-time; our clock's now unless given)."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@digitalbazaar" / "vc").exists():
        pytest.fail("Node and @digitalbazaar/vc are missing: `make test` installs them (npm ci).")
    issuer = client.get(reverse("certificates:issuer")).json()
    now = now or timezone.now().isoformat()
    stdin = {"issuer": issuer, "now": now, "credentials": documents}
    completed = subprocess.run(
        [node, str(VERIFIER)],
        input=json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.mark.slow
def test_digital_bazaars_verifier_accepts_the_credential_and_refuses_it_changed(
    client, certificate
):
    credential = _download(client, certificate)
    renamed = copy.deepcopy(credential)
    renamed["credentialSubject"]["identifier"][0]["identityHash"] = "김학샘"
    # The proof as it was published before it kept its @context.
    without_context = copy.deepcopy(credential)
    del without_context["proof"][0]["@context"]
    original, changed, old_form = _digital_bazaar(client, credential, renamed, without_context)
    assert original == {"verified": True, "error": ""}
    assert not changed["verified"] and "Invalid signature" in changed["error"]
    assert not old_form["verified"] and "Invalid signature" in old_form["error"]


def _achievement_credential_errors(document: dict) -> list[str]:
    schema = json.loads((PUBLISHED / "achievementcredential.json").read_text())
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
    ]


def test_the_credential_is_a_valid_achievement_credential(client, certificate):
    assert _achievement_credential_errors(_download(client, certificate)) == []


@pytest.mark.parametrize(
    "field, change",
    [
        ("proof", lambda document: document.update(proof=document["proof"][0])),
        ("validFrom", lambda document: document.update(validFrom="내일 아침")),
        ("credentialSubject", lambda document: document["credentialSubject"].pop("type")),
        ("@context", lambda document: document["@context"].reverse()),
    ],
    ids=["proof as an object", "a date that is not a date-time", "no subject type", "contexts"],
)
def test_a_credential_changed_against_the_schema_fails_it(client, certificate, field, change):
    document = _download(client, certificate)
    change(document)
    errors = _achievement_credential_errors(document)
    assert errors and all(error.startswith(f"['{field}'") for error in errors), errors


def _vector(name: str) -> dict:
    return json.loads((PUBLISHED / "eddsa-jcs-2022" / name).read_text())


def _vector_keys() -> tuple[Ed25519PrivateKey, Ed25519PublicKey]:
    pair = _vector("keyPair.json")
    public = keys.unbase58(pair["publicKeyMultibase"].removeprefix("z"))
    private = keys.unbase58(pair["privateKeyMultibase"].removeprefix("z"))
    assert public[:2] == b"\xed\x01" and private[:2] == b"\x80\x26"  # Ed25519 multicodecs
    return (
        Ed25519PrivateKey.from_private_bytes(private[2:]),
        Ed25519PublicKey.from_public_bytes(public[2:]),
    )


def _vector_proof(document: dict) -> dict:
    return document["proof"][0] if isinstance(document["proof"], list) else document["proof"]


@pytest.mark.parametrize("as_array", [False, True])
def test_our_verifier_accepts_w3cs_test_vector_and_refuses_it_changed(as_array):
    signed = _vector("signedJCS.json")
    if as_array:
        signed["proof"] = [signed["proof"]]
    _, public_key = _vector_keys()
    assert credentials.verify_proof(signed, _vector_proof(signed), public_key)

    renamed = copy.deepcopy(signed)
    renamed["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    assert not credentials.verify_proof(renamed, _vector_proof(renamed), public_key)
    recontexted = copy.deepcopy(signed)
    _vector_proof(recontexted)["@context"] = recontexted["@context"][:1]
    assert not credentials.verify_proof(recontexted, _vector_proof(recontexted), public_key)
    redated = copy.deepcopy(signed)
    _vector_proof(redated)["created"] = _vector_proof(redated)["created"].replace(":38Z", ":39Z")
    assert not credentials.verify_proof(redated, _vector_proof(redated), public_key)


def test_the_verify_page_refuses_w3cs_test_vector_for_it_is_not_the_schools(client):
    response = client.post(
        reverse("certificates:verify_index"),
        {
            "credential": SimpleUploadedFile(
                "signedJCS.json", json.dumps(_vector("signedJCS.json")).encode()
            )
        },
    )
    assert response.status_code == 400
    assert response.context["upload_error"] == "이 전자 증명서는 학교의 키로 서명되지 않았습니다."


def test_our_signing_reproduces_w3cs_test_vector():
    """Ed25519 is deterministic, so the same key, options and document give the same proof."""
    private_key, _ = _vector_keys()
    options = {
        key: value for key, value in _vector("proofConfigJCS.json").items() if key != "@context"
    }
    proof = credentials.create_proof(_vector("unsigned.json"), options, private_key)
    assert proof == _vector("signedJCS.json")["proof"]
