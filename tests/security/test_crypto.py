"""Field encryption binds each ciphertext to its row; keys come from the keyring."""

from __future__ import annotations

import pytest

from voxprivacy.errors import ConfigurationError, KeyringUnavailable
from voxprivacy.security.crypto import FieldCipher, derive, new_master_key
from voxprivacy.security.keyring_store import SecretStore, describe_backend


def cipher() -> FieldCipher:
    return FieldCipher(derive(new_master_key(), "field-encryption"))


def test_round_trip_and_random_nonce() -> None:
    c = cipher()
    a = c.encrypt("JBSWY3DPEHPK3PXP", "staff", "totp_secret", "row-1")
    b = c.encrypt("JBSWY3DPEHPK3PXP", "staff", "totp_secret", "row-1")
    assert a != b and b"JBSWY3DP" not in a
    assert c.decrypt(a, "staff", "totp_secret", "row-1") == "JBSWY3DPEHPK3PXP"


def test_a_ciphertext_moved_to_another_row_does_not_decrypt() -> None:
    c = cipher()
    blob = c.encrypt("tok_123", "payment_cards", "token", "row-1")
    with pytest.raises(ConfigurationError, match="does not belong to its row"):
        c.decrypt(blob, "payment_cards", "token", "row-2")


def test_another_databases_key_cannot_read_it() -> None:
    blob = cipher().encrypt("secret", "staff", "totp_secret", "row-1")
    with pytest.raises(ConfigurationError):
        cipher().decrypt(blob, "staff", "totp_secret", "row-1")


def test_unsafe_keyring_backends_are_refused_with_what_to_install() -> None:
    from keyring.backends import fail, null

    for backend in (fail.Keyring(), null.Keyring()):
        _, problem = describe_backend(backend)
        assert problem is not None and "gnome-keyring" in problem
        with pytest.raises(KeyringUnavailable, match="Install and unlock"):
            SecretStore(backend).get("anything")


def test_a_plaintext_backend_is_refused() -> None:
    from keyring.backend import KeyringBackend

    class PlaintextKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise AssertionError("must never be written")

        def delete_password(self, service: str, username: str) -> None:
            return None

    with pytest.raises(KeyringUnavailable, match="plain text"):
        SecretStore(PlaintextKeyring()).put("db", "secret")
