"""Staff passwords, hashed with Argon2id."""

from __future__ import annotations

import base64
import functools
import os

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from voxprivacy.errors import BadInput
from voxprivacy.i18n import _

_HASHER = PasswordHasher()
MIN_LENGTH = 10


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise BadInput(
            _("The password is too short; use at least {min_length} characters.").format(
                min_length=MIN_LENGTH
            ),
            "password",
        )
    if password.strip() != password or "\x00" in password:
        raise BadInput(
            _("The password may not start or end with spaces or contain NUL."), "password"
        )


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """A hash verified when the user name is unknown, so that a wrong name takes as
    long as a wrong password: one Argon2 computation with the current parameters.

    Assembled from random bytes rather than hashed, so the first unknown name in a
    process (every command-line run) costs no extra hashing that a known name does not.
    """
    h = _HASHER
    return _dummy(h.memory_cost, h.time_cost, h.parallelism, h.salt_len, h.hash_len)


@functools.cache
def _dummy(memory_cost: int, time_cost: int, parallelism: int, salt_len: int, hash_len: int) -> str:
    salt = base64.b64encode(os.urandom(salt_len)).decode().rstrip("=")
    digest = base64.b64encode(os.urandom(hash_len)).decode().rstrip("=")
    return f"$argon2id$v=19$m={memory_cost},t={time_cost},p={parallelism}${salt}${digest}"


def is_usable_hash(stored_hash: str | None) -> bool:
    """Could a password ever match this stored hash? (An Argon2 hash the hasher can read.)"""
    if not stored_hash:
        return False
    try:
        extract_parameters(stored_hash)
    except (InvalidHashError, ValueError):
        return False
    return True
