"""AES-256-GCM with a key per person: events keep only the sealed form of personal fields.

Destroying a person's key makes every copy of their sealed fields (event store, backups, replays)
unreadable, without rewriting history: crypto-shredding.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12

# One encoder for every seal: json.dumps with arguments builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class SealBroken(ValueError):
    """The sealed data does not open with this key."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal(key: bytes, fields: dict[str, Any], subject: str) -> str:
    """Encrypt `fields` for one subject; the subject id is bound as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    plain = _JSON.encode(fields).encode()
    sealed = AESGCM(key).encrypt(nonce, plain, subject.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(key: bytes, token: str, subject: str) -> dict[str, Any]:
    raw = base64.b64decode(token)
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], subject.encode())
    except InvalidTag as e:
        raise SealBroken("sealed personal data does not open with this key") from e
    fields: dict[str, Any] = json.loads(plain)
    return fields


def normalise(text: str) -> str:
    """For matching: case, accents, spacing and Arabic diacritics don't distinguish people."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.replace("ـ", "").split())


class LookupHasher:
    """Keyed hashes (HMAC-SHA256) so a national ID can be found without being stored."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)  # copied: no re-keying

    def digest(self, *parts: str) -> str:
        mac = self._keyed.copy()
        mac.update("\x1f".join(parts).encode())
        return mac.hexdigest()

    def likeness(self, name: str, birth_date: str, commune_code: str) -> str:
        """Same name (normalised), birth date and commune: a possible duplicate."""
        return self.digest("likeness", normalise(name), birth_date, commune_code)


def normalise_phone(number: str) -> str:
    """One form per Moroccan number (+212 6…, 00212 6…, 06…), so repeats hash alike."""
    digits = "".join(c for c in number if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("0"):
        digits = "212" + digits[1:]
    return digits
