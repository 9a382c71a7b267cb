"""Staff passwords are stored as Argon2id at the application's own cost."""

from __future__ import annotations

from voxprivacy.security import passwords

PRODUCTION = "$argon2id$v=19$m=65536,t=3,p=4$"


def test_a_password_is_hashed_with_the_production_parameters() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith(PRODUCTION)
    assert "correct horse battery" not in stored
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse battery!")


def test_an_unknown_name_costs_one_hash_at_the_same_parameters() -> None:
    assert passwords.dummy_hash().startswith(PRODUCTION)
