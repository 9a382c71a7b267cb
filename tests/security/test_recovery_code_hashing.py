"""Recovery codes are stored as Argon2id hashes, with the parameters in force."""

from __future__ import annotations

import os
import re

from voxprivacy.security import totp


def test_a_code_is_stored_as_argon2id_not_as_a_salted_digest() -> None:
    code = totp.normalise_recovery_code(totp.new_recovery_codes(1)[0])
    assert code is not None
    stored = totp.hash_recovery_code(code)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert not re.fullmatch(r"[0-9a-f]{64}", stored)
    assert code not in stored
    assert totp.verify_recovery_code(b"", stored, code)
    assert not totp.verify_recovery_code(b"", stored, "abcdefghjk")


def test_a_wrapped_legacy_code_still_verifies_and_a_bare_digest_never_does() -> None:
    salt = os.urandom(16)
    code = "abcde23456"
    digest = totp.legacy_recovery_digest(salt, code)
    wrapped = totp.WRAPPED_LEGACY + totp.hash_recovery_code(digest)
    assert totp.verify_recovery_code(salt, wrapped, code)
    assert not totp.verify_recovery_code(salt, wrapped, "abcde23457")
    assert not totp.verify_recovery_code(os.urandom(16), wrapped, code)
    # the old stored form is not accepted any more: the migration wraps it
    assert not totp.verify_recovery_code(salt, digest, code)
