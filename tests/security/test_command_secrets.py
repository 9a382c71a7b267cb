"""CommandSecrets: one command-line run reads each secret from the keyring once."""

from __future__ import annotations

from keyring.backend import KeyringBackend

from voxprivacy.security.keyring_store import SERVICE, CommandSecrets


class CountingKeyring(KeyringBackend):
    """Unit-test stand-in for a keyring that counts its reads."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.values: dict[tuple[str, str], str] = {}
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def test_a_secret_is_read_from_the_keyring_once() -> None:
    backend = CountingKeyring()
    backend.values[(SERVICE, "master:x")] = "key"
    secrets = CommandSecrets(backend)
    assert [secrets.get("master:x") for _ in range(3)] == ["key"] * 3
    assert backend.reads == 1


def test_a_missing_secret_is_asked_again_so_one_stored_later_is_found() -> None:
    backend = CountingKeyring()
    secrets = CommandSecrets(backend)
    assert secrets.get("master:x") is None
    backend.values[(SERVICE, "master:x")] = "imported elsewhere"
    assert secrets.get("master:x") == "imported elsewhere"
    assert backend.reads == 2


def test_writes_and_deletions_reach_the_keyring_and_what_was_read() -> None:
    backend = CountingKeyring()
    secrets = CommandSecrets(backend)
    secrets.put("master:x", "one")
    assert backend.values[(SERVICE, "master:x")] == "one"
    assert secrets.get("master:x") == "one"
    secrets.put("master:x", "two")
    assert secrets.get("master:x") == "two"
    secrets.delete("master:x")
    assert (SERVICE, "master:x") not in backend.values
    assert secrets.get("master:x") is None
