"""The one door to the operating system's keyring.

Secrets (the local database key, each database's master key, PostgreSQL
passwords) live only in a real keyring: Secret Service (GNOME Keyring,
KWallet), the macOS Keychain or the Windows Credential Locker. Backends that
fail, forget, or write plain text are refused with a message that says what
to install or unlock; there is never a plaintext fallback.
"""

from __future__ import annotations

import contextlib
import os
import sys
import textwrap

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from voxprivacy.errors import KeyringUnavailable
from voxprivacy.i18n import N_, _

SERVICE = "voxprivacy"

_UNSAFE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_INSTALL_HINT = N_(
    "Install and unlock a system keyring: on Linux GNOME Keyring or KWallet "
    "(package gnome-keyring, started with your desktop session, or "
    "'gnome-keyring-daemon --unlock' under dbus-run-session on a server); "
    "on macOS and Windows the built-in keychain is used."
)


def _leaf_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    if inner is None:
        return [backend]
    leaves: list[KeyringBackend] = []
    for b in inner:
        leaves.extend(_leaf_backends(b))
    return leaves


def _configured_backend() -> str:
    """Where the keyring library was told which backend to use, for a message."""
    chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "").strip()
    if chosen:
        return f"{chosen} (set by PYTHON_KEYRING_BACKEND)"
    return "the configured keyring backend (keyringrc.cfg, or the one keyring chose)"


def _unusable(what: str, exc: BaseException) -> str:
    detail = " ".join(str(exc).split()) or "no detail"
    return _("The keyring backend {what} cannot be used ({kind}: {detail}). {hint}").format(
        what=what,
        kind=type(exc).__name__,
        detail=textwrap.shorten(detail, 200),
        hint=_(_INSTALL_HINT),
    )


def _backend_name(backend: KeyringBackend) -> str:
    return f"{type(backend).__name__} ({type(backend).__module__})"


# keyring imports every backend it ships to choose one. The module behind its macOS
# backend looks up three macOS frameworks with ctypes.util.find_library, which elsewhere
# runs ldconfig and gcc: about 90 ms of CPU in every command that reads a secret. That
# backend refuses itself off macOS whatever the module does ("macOS required"), so there
# the module is marked as absent (its package already expects that it may fail to load).
_MACOS_API = "keyring.backends.macOS.api"


def _skip_foreign_backends() -> None:
    if sys.platform != "darwin" and _MACOS_API not in sys.modules:
        sys.modules[_MACOS_API] = None  # type: ignore[assignment]  # "not importable"


def load_backend() -> KeyringBackend:
    """The keyring library's backend; one that fails to load is KeyringUnavailable."""
    _skip_foreign_backends()
    try:
        return keyring.get_keyring()
    except Exception as exc:  # e.g. keyrings.alt's EncryptedKeyring without pycryptodome
        raise KeyringUnavailable(_unusable(_configured_backend(), exc)) from None


def describe_backend(backend: KeyringBackend | None = None) -> tuple[str, str | None]:
    """Name the backend in use and, if it is not safe or cannot be loaded, say why (else None)."""
    if backend is None:
        try:
            backend = load_backend()
        except KeyringUnavailable as exc:
            return _configured_backend(), exc.message
    leaves = _leaf_backends(backend)
    names = ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in leaves) or "none"
    if not leaves:
        return names, _("No keyring backend is available. {hint}").format(hint=_(_INSTALL_HINT))
    for b in leaves:
        module = type(b).__module__
        if module.startswith(_UNSAFE_MODULES) or "plaintext" in type(b).__name__.lower():
            return names, _(
                "The keyring backend {name} ({module}) does not keep secrets "
                "safe (it fails, forgets or writes plain text). {hint}"
            ).format(name=type(b).__name__, module=module, hint=_(_INSTALL_HINT))
    return names, None


_NEEDS_UNLOCK = N_(
    "The keyring is locked or has no usable collection ({detail}), so voxprivacy cannot "
    "keep its keys there. Unlock it with its password (log in to the desktop, or run "
    "'gnome-keyring-daemon --unlock' and type the password); a keyring created with an "
    "empty password must be given a password first (Seahorse, 'Passwords and Keys': "
    "change the Login keyring's password), then try again. Nothing was written."
)
_PROBE_NAME = "probe"  # never stored: reading it shows whether the collection can be used


def _keyring_error(exc: keyring.errors.KeyringError, doing: str) -> KeyringUnavailable:
    """A keyring failure as the sentence a user can act on."""
    detail = " ".join(str(exc).split()).rstrip(".") or type(exc).__name__
    if isinstance(exc, keyring.errors.KeyringLocked | keyring.errors.InitError) or (
        "dismissed" in detail.lower() or "locked" in detail.lower()
    ):
        return KeyringUnavailable(_(_NEEDS_UNLOCK).format(detail=detail))
    sentence = (
        _("The keyring could not be read ({detail}). {hint}")
        if doing == "read"
        else _("The keyring could not be written ({detail}). {hint}")
    )
    return KeyringUnavailable(sentence.format(detail=detail, hint=_(_INSTALL_HINT)))


class SecretStore:
    """Reads and writes the application's secrets in the keyring."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else load_backend()

    def check(self) -> None:
        _, problem = describe_backend(self.backend)
        if problem:
            raise KeyringUnavailable(problem)

    def ensure_usable(self) -> None:
        """A safe backend whose collection can be opened now (created and unlocked).

        Called before anything is created for a new database, so that a keyring that
        is locked, or cannot create its collection (a prompt nobody can answer), stops
        the command before a file or a schema exists.
        """
        self.get(_PROBE_NAME)

    def get(self, name: str) -> str | None:
        self.check()
        try:
            return self.backend.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            raise _keyring_error(exc, "read") from None
        except Exception as exc:  # a backend that breaks in its own way
            raise KeyringUnavailable(_unusable(_backend_name(self.backend), exc)) from None

    def put(self, name: str, value: str) -> None:
        self.check()
        try:
            self.backend.set_password(SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            raise _keyring_error(exc, "written") from None
        except Exception as exc:  # a backend that breaks in its own way
            raise KeyringUnavailable(_unusable(_backend_name(self.backend), exc)) from None

    def delete(self, name: str) -> None:
        self.check()
        try:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                self.backend.delete_password(SERVICE, name)
        except Exception as exc:  # locked, or a backend that breaks in its own way
            raise KeyringUnavailable(_unusable(_backend_name(self.backend), exc)) from None


class CommandSecrets(SecretStore):
    """The secrets of one command-line run: each is read from the keyring once (a Secret
    Service read is a D-Bus round trip), writes and deletions go to the keyring at once.

    Only for a process that ends with its command: a secret another process changes
    meanwhile is not seen again until the next run."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        super().__init__(backend)
        self._read: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        if name in self._read:
            return self._read[name]
        value = super().get(name)
        if value is not None:
            self._read[name] = value
        return value

    def put(self, name: str, value: str) -> None:
        self._read.pop(name, None)
        super().put(name, value)
        self._read[name] = value

    def delete(self, name: str) -> None:
        self._read.pop(name, None)
        super().delete(name)


class ProcessOnlySecrets(SecretStore):
    """Secrets of a throwaway database (the desk's demo, the self-test).

    They live in this process's memory and die with it: nothing is written to
    a keyring or a file, so the database they open is unreadable once the
    process ends. Never used for a database that outlives the process.
    """

    def __init__(self) -> None:
        super().__init__()
        self._values: dict[str, str] = {}

    def check(self) -> None:
        return None

    def ensure_usable(self) -> None:
        return None

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def put(self, name: str, value: str) -> None:
        self._values[name] = value

    def delete(self, name: str) -> None:
        self._values.pop(name, None)
