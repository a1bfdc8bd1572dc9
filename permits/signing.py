"""Ed25519-signed permit codes, verifiable offline with the published public key.

The code carried by the QR is `HP1.<payload>.<signature>` (base64url, no padding); the
payload is compact JSON naming the permit number, the service and the validity window.
"""

import base64
import hashlib
import json
import os
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

PREFIX = "HP1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _development_key_path():
    return settings.VAR_DIR / "permit_signing_key.pem"


@lru_cache(maxsize=1)
def private_key() -> Ed25519PrivateKey:
    """From PERMIT_SIGNING_KEY (PEM), else a development key generated once into var/."""
    pem = getattr(settings, "PERMIT_SIGNING_KEY", "") or os.environ.get("PERMIT_SIGNING_KEY", "")
    if pem:
        return serialization.load_pem_private_key(pem.encode(), password=None)
    path = _development_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
        # Exclusive create: two processes starting together keep whichever key won.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def public_key_pem() -> str:
    return private_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def body(payload: dict) -> bytes:
    """The bytes signed for a payload: the same payload always gives the same bytes."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


@lru_cache(maxsize=1)
def key_id() -> str:
    """A short fingerprint of the signing key: a stored code signed with another key is stale."""
    raw = private_key().public_key().public_bytes(serialization.Encoding.Raw,
                                                  serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(payload: dict) -> str:
    signed = body(payload)
    return f"{PREFIX}.{_b64(signed)}.{_b64(private_key().sign(signed))}"


def verify(code: str) -> dict | None:
    """The payload if the signature holds, else None (forged, altered or garbled)."""
    try:
        prefix, body, signature = code.strip().split(".")
        if prefix != PREFIX:
            return None
        raw = _unb64(body)
        private_key().public_key().verify(_unb64(signature), raw)
        return json.loads(raw)
    except (ValueError, InvalidSignature, json.JSONDecodeError):
        return None
