"""TOTP (RFC 6238): secrets, provisioning URIs and matching a code to its time step.

Only the matching lives here; refusing a replayed step (the database's
conditional update), throttling and auditing are the auth service's job.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from voxprivacy.errors import BadInput
from voxprivacy.i18n import _

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # accept one step either side for clock drift
ISSUER = "voxprivacy"


def new_secret() -> str:
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def normalise_code(code: str) -> str:
    """Exactly six ASCII digits after trimming spaces; anything else is refused clearly."""
    text = code.strip().replace(" ", "")
    if len(text) != DIGITS or any(c not in string.digits for c in text):
        raise BadInput(
            _("The code must be the six digits (0-9) shown by your authenticator app."), "totp"
        )
    return text


def time_step(at: datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step the code belongs to within the window, or None."""
    totp = pyotp.TOTP(secret)
    now_step = time_step(at)
    found = None
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        candidate = totp.generate_otp(step)
        if hmac.compare_digest(candidate, code):
            found = step
    return found


def code_at(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_recovery_codes(count: int = 10) -> list[str]:
    codes = []
    for _code in range(count):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise_recovery_code(code: str) -> str | None:
    text = code.strip().lower().replace(" ", "").replace("-", "")
    if len(text) != 10 or any(c not in RECOVERY_ALPHABET for c in text):
        return None
    return text


# A recovery code has about 49.5 bits (ten of 31 characters). Each is stored as an
# Argon2id hash, so guessing one from a copied database (a branch file, a backup) costs
# an Argon2 computation of 19 MiB per candidate, whoever also holds the keyring: some
# 10^13 core-seconds for half the space. Checking a code tries the member's unused
# codes (at most ten) at a few tens of milliseconds each.
_RECOVERY_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Codes stored before Argon2 (HMAC-SHA256 keyed with a salt stored beside them) were
# wrapped by migration 0011_recovery_code_hashes: Argon2id over that old hex digest.
WRAPPED_LEGACY = "sha256+"


def hash_recovery_code(code: str) -> str:
    """The stored form of a normalised recovery code: an Argon2id hash."""
    return _RECOVERY_HASHER.hash(code)


def legacy_recovery_digest(salt: bytes, code: str) -> str:
    """The form codes had before Argon2; only ever stored wrapped in Argon2 now."""
    return hmac.new(salt, code.encode(), hashlib.sha256).hexdigest()


def verify_recovery_code(salt: bytes, stored: str, code: str) -> bool:
    """Whether the normalised ``code`` is the one stored (new or wrapped legacy form).

    Anything else (a bare salted SHA digest, a spent code) never matches.
    """
    if stored.startswith(WRAPPED_LEGACY):
        stored, secret = stored[len(WRAPPED_LEGACY) :], legacy_recovery_digest(salt, code)
    elif stored.startswith("$argon2id$"):
        secret = code
    else:
        return False
    try:
        return _RECOVERY_HASHER.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False
