import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import credentials, keys, services

pytestmark = pytest.mark.django_db


def _download(client, certificate) -> bytes:
    client.force_login(certificate.enrolment.user)
    response = client.get(reverse("certificates:credential", args=[certificate.display_code]))
    assert response.status_code == 200
    return response.content


def _upload(client, certificate, data: bytes):
    return client.post(
        reverse("certificates:verify", args=[certificate.display_code]),
        {"credential": SimpleUploadedFile("credential.json", data)},
    )


def test_the_credential_is_an_open_badge_with_an_eddsa_jcs_proof(client, certificate):
    document = json.loads(_download(client, certificate))
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://www.w3.org/ns/credentials/v2" == document["@context"][0]
    subject = document["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "김학생"
    assert subject["achievement"]["name"] == "개인정보보호법 기초"
    assert document["id"] == certificate.verify_url()
    [proof] = document["proof"]  # a one-item array, as Open Badges 3.0 requires
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-jcs-2022")
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"].startswith(
        "https://school.example.org/certificates/issuer/#"
    )
    assert proof["@context"] == document["@context"]  # kept, as eddsa-jcs-2022 says


def test_an_unchanged_credential_verifies_and_matches(client, certificate):
    response = _upload(client, certificate, _download(client, certificate))
    assert response.status_code == 200
    assert response.context["verdict"].matches_record
    assert credentials.verify(_download(client, certificate)).certificate == certificate


def test_one_changed_character_fails(client, certificate):
    data = _download(client, certificate).decode()
    altered = data.replace("김학생", "김학샘", 1)
    assert altered != data
    response = _upload(client, certificate, altered.encode())
    assert response.status_code == 400
    assert "verdict" not in response.context
    with pytest.raises(credentials.CredentialError):
        credentials.verify(altered.encode())


def test_a_changed_proof_fails(client, certificate):
    document = json.loads(_download(client, certificate))
    value = document["proof"][0]["proofValue"]
    document["proof"][0]["proofValue"] = value[:-1] + ("2" if value[-1] != "2" else "3")
    with pytest.raises(credentials.CredentialError):
        credentials.verify(json.dumps(document).encode())


def test_a_proof_given_as_an_object_verifies_too(client, certificate):
    document = json.loads(_download(client, certificate))
    document["proof"] = document["proof"][0]
    response = _upload(client, certificate, json.dumps(document, ensure_ascii=False).encode())
    assert response.status_code == 200 and response.context["verdict"].matches_record


def test_a_credential_downloaded_before_the_proof_kept_its_context_still_verifies(
    client, certificate
):
    """Such a proof was signed with the credential's @context and published without it."""
    document = json.loads(_download(client, certificate))
    del document["proof"][0]["@context"]
    document["proof"] = document["proof"][0]
    verdict = credentials.verify(json.dumps(document).encode())
    assert verdict.certificate == certificate and verdict.matches_record
    document["name"] = "다른 이름"
    with pytest.raises(credentials.CredentialError):
        credentials.verify(json.dumps(document).encode())


def test_our_proof_beside_someone_elses_is_found(client, certificate):
    document = json.loads(_download(client, certificate))
    other = {**document["proof"][0], "verificationMethod": "did:example:other#key"}
    document["proof"] = [other, *document["proof"]]
    assert credentials.verify(json.dumps(document).encode()).matches_record


@pytest.mark.parametrize(
    "change",
    [
        {"@context": ["https://www.w3.org/ns/credentials/v2"]},  # not the credential's
        {"@context": "https://example.org/other"},
        {"proofPurpose": "authentication"},
        {"created": "yesterday"},
        {"proofValue": "z" + "2" * 5000},
    ],
)
def test_a_proof_changed_in_any_option_fails(client, certificate, change):
    document = json.loads(_download(client, certificate))
    document["proof"][0].update(change)
    with pytest.raises(credentials.CredentialError):
        credentials.verify(json.dumps(document).encode())


def test_a_credential_signed_with_another_key_fails(client, certificate, settings):
    data = _download(client, certificate)
    settings.CERTIFICATE_SIGNING_KEY = "A" * 43 + "="
    with pytest.raises(credentials.CredentialError):
        credentials.verify(data)


def test_a_signed_credential_that_no_longer_matches_the_record_says_so(client, certificate, staff):
    data = _download(client, certificate)
    services.revoke(certificate, actor=staff, reason="오류")
    verdict = credentials.verify(data)
    assert verdict.matches_record  # the facts are the same; the page shows it revoked
    certificate.statement = "다른 문구"
    certificate.save()
    assert not credentials.verify(data).matches_record


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"id": "x"}',
        b'{"proof": "x"}',
        b'{"proof": []}',
        b'{"proof": [{}, "x"]}',
        b'{"proof": [{}]}',
        b'{"proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}}',
        b"{" * 70_000,
    ],
)
def test_broken_uploads_get_a_clear_message_and_change_nothing(client, certificate, data):
    response = _upload(client, certificate, data)
    assert response.status_code == 400
    assert re.search("[가-힣]", response.context["upload_error"])  # said in Korean
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_upload_without_a_file_asks_for_one(client, certificate):
    response = client.post(reverse("certificates:verify", args=[certificate.display_code]))
    assert response.status_code == 400


def test_the_verify_index_checks_an_upload_too(client, certificate):
    data = _download(client, certificate)
    client.logout()
    response = client.post(
        reverse("certificates:verify_index"),
        {"credential": SimpleUploadedFile("credential.json", data)},
    )
    assert response.status_code == 200 and response.context["verdict"].matches_record


def test_the_public_key_is_published_at_a_stable_url(client):
    document = client.get(reverse("certificates:issuer")).json()
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"] == keys.public_key_multibase()
    raw = keys.unbase58(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01" and raw[2:] == keys.public_key().public_bytes_raw()


def test_without_a_configured_key_one_is_made_once_in_the_data_folder(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY = None
    settings.VAR_DIR = tmp_path
    first = keys.public_key_multibase()
    assert (tmp_path / keys.KEY_FILE).stat().st_mode & 0o777 == 0o600
    keys._private_key.cache_clear()
    assert keys.public_key_multibase() == first


def test_base58_round_trips():
    for data in [b"", b"\0\0abc", bytes(range(40))]:
        assert keys.unbase58(keys.base58(data)) == data
