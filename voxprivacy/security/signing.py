"""Members' signing keys and the secrets a branch holds for them, wrapped by their password.

Every operation a branch records is signed with the acting member's Ed25519 key;
head office keeps the public half and checks the signature before it applies
anything. On a branch the private half, and the member's TOTP secret, are stored
only wrapped: AES-256-GCM under a key derived from the member's password with
Argon2id (argon2-cffi's ``hash_secret_raw``, a random salt per member), bound to
the member's id. They are unwrapped when the member signs in there and live only
in that process's memory until sign-out or lock.

Key pairs are born at head office, which sees the password when it is set, at
sign-in and when it changes; a branch only ever receives them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from voxprivacy.i18n import _

# Argon2id for the wrapping key: the passwords' own cost (64 MiB, 3 passes), so a copied
# replica gives a guesser no cheaper test of a colleague's password than the hash beside it.
TIME_COST = 3
MEMORY_COST = 64 * 1024  # KiB
PARALLELISM = 4
SALT_BYTES = 16
_DOMAIN = b"voxprivacy-operation-v1\n"


def _params() -> str:
    return f"argon2id$m={MEMORY_COST},t={TIME_COST},p={PARALLELISM}"


def _parse(params: str) -> tuple[int, int, int]:
    try:
        name, rest = params.split("$", 1)
        parts = dict(p.split("=", 1) for p in rest.split(","))
        if name != "argon2id":
            raise ValueError(name)
        return int(parts["m"]), int(parts["t"]), int(parts["p"])
    except (ValueError, KeyError):
        raise WrongPassword(_("the stored key derivation parameters are unreadable")) from None


class WrongPassword(Exception):
    """The wrapped secrets do not open with this password (or were altered)."""


@dataclass(frozen=True)
class Wrapped:
    """A member's secrets as a branch stores them."""

    public_key: bytes  # Ed25519, raw 32 bytes
    salt: bytes
    kdf: str  # the Argon2id parameters the wrapping key was derived with
    wrapped_key: bytes  # nonce + AES-GCM of the private key's 32 raw bytes
    wrapped_totp: bytes | None  # nonce + AES-GCM of the TOTP secret (None: not wrapped yet)


@dataclass
class MemberKeys:
    """A signed-in member's unwrapped secrets, in this process's memory only."""

    signing_key: Ed25519PrivateKey = field(repr=False)
    totp_secret: str | None = field(default=None, repr=False)

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message)


def _wrapping_key(password: str, salt: bytes, kdf: str) -> bytes:
    memory, time, lanes = _parse(kdf)
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=time,
        memory_cost=memory,
        parallelism=lanes,
        hash_len=32,
        type=Type.ID,
    )


def _aad(staff_id: uuid.UUID, what: str) -> bytes:
    return f"voxprivacy:staff_keys:{what}:{staff_id}".encode()


def _seal(key: bytes, data: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(bytes(blob[:12]), bytes(blob[12:]), aad)
    except (InvalidTag, ValueError):
        raise WrongPassword(_("the wrapped secret does not open with this password")) from None


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def wrap(
    staff_id: uuid.UUID,
    password: str,
    signing_key: Ed25519PrivateKey | None = None,
    totp_secret: str | None = None,
) -> Wrapped:
    """Wrap a member's signing key (a new one when None) and TOTP secret with their password."""
    key = signing_key or Ed25519PrivateKey.generate()
    salt = os.urandom(SALT_BYTES)
    kdf = _params()
    wrapping = _wrapping_key(password, salt, kdf)
    return Wrapped(
        raw_public(key),
        salt,
        kdf,
        _seal(wrapping, _raw_private(key), _aad(staff_id, "signing")),
        None
        if totp_secret is None
        else _seal(wrapping, totp_secret.encode(), _aad(staff_id, "totp")),
    )


def unwrap(staff_id: uuid.UUID, password: str, stored: Wrapped) -> MemberKeys:
    """The member's secrets; ``WrongPassword`` if the password does not open them."""
    wrapping = _wrapping_key(password, bytes(stored.salt), stored.kdf)
    private = Ed25519PrivateKey.from_private_bytes(
        _open(wrapping, stored.wrapped_key, _aad(staff_id, "signing"))
    )
    if raw_public(private) != bytes(stored.public_key):
        raise WrongPassword(_("the wrapped signing key does not match its public key"))
    secret = None
    if stored.wrapped_totp is not None:
        secret = _open(wrapping, stored.wrapped_totp, _aad(staff_id, "totp")).decode()
    return MemberKeys(private, secret)


def operation_bytes(
    op_id: uuid.UUID, staff_id: uuid.UUID, made_at: datetime, payload: str
) -> bytes:
    """What a signature covers: exactly what a branch pushes of an operation.

    The operation's id, the member's id, the time it was made (UTC, to the
    microsecond) and the payload's bytes, which name no branch: the same
    operation verifies wherever it travels.
    """
    when = made_at.astimezone(UTC).isoformat(timespec="microseconds")
    return b"".join(
        (
            _DOMAIN,
            str(op_id).encode(),
            b"\n",
            str(staff_id).encode(),
            b"\n",
            when.encode(),
            b"\n",
            payload.encode("utf-8"),
        )
    )


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes(public_key)).verify(bytes(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True
