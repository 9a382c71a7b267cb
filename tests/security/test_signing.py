"""Members' signing keys wrapped by their password, and what a signature covers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from voxprivacy.security import signing

STAFF = uuid.UUID("01a25300-0000-7000-8000-000000000001")
OTHER = uuid.UUID("01a25300-0000-7000-8000-000000000002")


def test_the_wrapping_uses_argon2id_at_the_passwords_own_cost() -> None:
    wrapped = signing.wrap(STAFF, "correct horse battery", totp_secret="JBSWY3DPEHPK3PXP")
    assert wrapped.kdf == "argon2id$m=65536,t=3,p=4"
    assert len(wrapped.salt) == 16 and len(wrapped.public_key) == 32
    assert b"JBSWY3DPEHPK3PXP" not in wrapped.wrapped_totp  # type: ignore[operator]
    again = signing.wrap(STAFF, "correct horse battery")
    assert again.salt != wrapped.salt  # a salt per wrapping


def test_the_right_password_opens_the_key_and_the_code_secret() -> None:
    wrapped = signing.wrap(STAFF, "correct horse battery", totp_secret="JBSWY3DPEHPK3PXP")
    keys = signing.unwrap(STAFF, "correct horse battery", wrapped)
    assert keys.totp_secret == "JBSWY3DPEHPK3PXP"
    assert signing.raw_public(keys.signing_key) == wrapped.public_key
    assert "JBSWY3DPEHPK3PXP" not in repr(keys)


@pytest.mark.parametrize(
    ("password", "staff"),
    [("wrong horse battery", STAFF), ("correct horse battery", OTHER)],
    ids=["wrong password", "copied to another member"],
)
def test_a_wrong_password_or_another_members_row_opens_nothing(
    password: str, staff: uuid.UUID
) -> None:
    wrapped = signing.wrap(STAFF, "correct horse battery", totp_secret="JBSWY3DPEHPK3PXP")
    with pytest.raises(signing.WrongPassword):
        signing.unwrap(staff, password, wrapped)


def test_a_public_key_swapped_in_beside_the_wrapped_key_is_noticed() -> None:
    mine = signing.wrap(STAFF, "correct horse battery")
    theirs = signing.wrap(STAFF, "another password here")
    swapped = signing.Wrapped(theirs.public_key, mine.salt, mine.kdf, mine.wrapped_key, None)
    with pytest.raises(signing.WrongPassword):
        signing.unwrap(STAFF, "correct horse battery", swapped)


def test_rewrapping_keeps_the_key_pair() -> None:
    first = signing.wrap(STAFF, "old password 123")
    key = signing.unwrap(STAFF, "old password 123", first).signing_key
    second = signing.wrap(STAFF, "new password 456", key)
    assert second.public_key == first.public_key
    with pytest.raises(signing.WrongPassword):
        signing.unwrap(STAFF, "old password 123", second)


def test_a_signature_covers_the_id_the_member_the_time_and_every_byte_of_the_payload() -> None:
    keys = signing.unwrap(STAFF, "pw 1234567890", signing.wrap(STAFF, "pw 1234567890"))
    public = signing.raw_public(keys.signing_key)
    op, when, payload = uuid.uuid4(), datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC), "[]"
    signature = keys.sign(signing.operation_bytes(op, STAFF, when, payload))
    assert signing.verify(public, signature, signing.operation_bytes(op, STAFF, when, payload))
    for changed in (
        signing.operation_bytes(uuid.uuid4(), STAFF, when, payload),
        signing.operation_bytes(op, OTHER, when, payload),
        signing.operation_bytes(op, STAFF, when.replace(microsecond=1), payload),
        signing.operation_bytes(op, STAFF, when, '[{"a":"e"}]'),
    ):
        assert not signing.verify(public, signature, changed)
    assert not signing.verify(public, b"\0" * 64, signing.operation_bytes(op, STAFF, when, payload))
    assert not signing.verify(
        b"short", signature, signing.operation_bytes(op, STAFF, when, payload)
    )
