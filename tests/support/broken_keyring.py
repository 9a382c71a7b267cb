"""Keyring backends that break the way third-party ones do, for tests only.

``NeedsCrypto`` fails when it is loaded (like keyrings.alt's EncryptedKeyring without
pycryptodome: its ``priority`` raises RuntimeError); ``BreaksWhenUsed`` loads and then
raises RuntimeError on every read, write and delete.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend


class _ClassProperty:
    def __get__(self, obj: object, owner: type) -> float:
        raise RuntimeError("pycryptodome/x required")


class NeedsCrypto(KeyringBackend):
    priority = _ClassProperty()  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("never loaded")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("never loaded")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("never loaded")


class BreaksWhenUsed(KeyringBackend):
    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the vault daemon went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the vault daemon went away")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("the vault daemon went away")
