"""The school's Ed25519 signing key: from CERTIFICATE_SIGNING_KEY, or made once in VAR_DIR.

The generated key file is created with O_EXCL and mode 0600, so two processes starting
together end up with the same key, and it lives beside the database, never in git.
"""

import base64
import binascii
import hashlib
import os
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE = "certificate-signing-key"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"


def _from_base64(text: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY must be base64 of a 32-byte Ed25519 private key."
        ) from None


def _from_file() -> Ed25519PrivateKey:
    path = settings.VAR_DIR / KEY_FILE
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes_raw()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(base64.b64encode(raw).decode() + "\n")
    return _from_base64(path.read_text())


@cache
def _private_key(configured: str | None, var_dir: str) -> Ed25519PrivateKey:
    return _from_base64(configured) if configured else _from_file()


def private_key() -> Ed25519PrivateKey:
    return _private_key(settings.CERTIFICATE_SIGNING_KEY, str(settings.VAR_DIR))


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = _BASE58[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def unbase58(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)  # ValueError for a foreign character
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_key_multibase() -> str:
    """The public key as Multikey expects it: base58btc of the Ed25519 multicodec key."""
    return "z" + base58(_ED25519_MULTICODEC + public_key().public_bytes_raw())


def key_id() -> str:
    """A short, stable name for the current key: a new key gets a new name."""
    return hashlib.sha256(public_key().public_bytes_raw()).hexdigest()[:16]
