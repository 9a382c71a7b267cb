"""Staff passwords, hashed with Argon2id."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from voxprivacy.errors import BadInput

_HASHER = PasswordHasher()
MIN_LENGTH = 10


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise BadInput(
            f"The password is too short; use at least {MIN_LENGTH} characters.", "password"
        )
    if password.strip() != password or "\x00" in password:
        raise BadInput("The password may not start or end with spaces or contain NUL.", "password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash() -> str:
    """A hash verified when the user name is unknown, so that a wrong name takes as
    long as a wrong password. Made on first use: hashing costs start-up time."""
    return _HASHER.hash("not-a-real-password-0123456789")


def is_usable_hash(stored_hash: str | None) -> bool:
    """Could a password ever match this stored hash? (An Argon2 hash the hasher can read.)"""
    if not stored_hash:
        return False
    try:
        extract_parameters(stored_hash)
    except (InvalidHashError, ValueError):
        return False
    return True
