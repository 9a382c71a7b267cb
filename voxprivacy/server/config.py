"""voxprivacy-server's configuration (a TOML file) and its secrets (never in that file).

The TOML file says where to listen, which database (a URL without password),
the TLS certificate, the session lifetimes and the rate limits. The secrets
(the database password, the master key, the TLS private key) come from, in order:

- ``$CREDENTIALS_DIRECTORY/<name>`` — systemd's ``LoadCredential=``;
- the folder named by ``credentials_dir`` in the file, which must be readable by
  the service account only (the server refuses to start otherwise);
- the OS keyring, when the file says ``secrets = "keyring"`` (entries ``server:<name>``;
  the TLS key stays a file in the credentials folder, which uvicorn reads by path).

File names: ``database-password``, ``master-key``, ``tls-key``. ``FileSecrets``
offers them under the names ``Context.keys()`` and ``open_database`` ask a
``SecretStore`` for, read-only.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from voxprivacy.errors import ConfigurationError, KeyringUnavailable
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.sessions import ABSOLUTE_LIFETIME, IDLE_LIFETIME, Lifetimes

DATABASE_PASSWORD = "database-password"
MASTER_KEY = "master-key"
TLS_KEY = "tls-key"


@dataclass(frozen=True)
class RateLimits:
    """Attempts at signing in or stepping up, per account and per source address."""

    per_account: int = 10  # in ``window_seconds``
    per_source: int = 30
    window_seconds: int = 60


@dataclass(frozen=True)
class ServerSettings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8443
    tls_certificate: Path | None = None
    credentials_dir: Path | None = None
    secrets: str = "files"  # or "keyring"
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    rate_limits: RateLimits = field(default_factory=RateLimits)
    source: Path | None = None  # the file it was read from


def _bad(path: Path, message: str) -> ConfigurationError:
    return ConfigurationError(f"The server configuration {path} {message}")


def _minutes(path: Path, table: dict[str, Any], key: str, default: timedelta) -> timedelta:
    value = table.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _bad(path, f"has {key} = {value!r}; give a positive number of minutes.")
    return timedelta(minutes=value)


def _int(path: Path, table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _bad(path, f"has {key} = {value!r}; give a positive whole number.")
    return value


SECRET_KEYS = ("password", "master_key", "private_key", "tls_key", "secret")


def load_settings(path: Path) -> ServerSettings:
    """Read and check the TOML file; every problem is one sentence naming the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(
            f"There is no server configuration at {path}; create it (docs/server.md) or "
            "give another with --config."
        ) from None
    except OSError as exc:
        raise _bad(path, f"cannot be read ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise _bad(path, f"is not valid TOML ({exc}).") from None
    for key in data:
        if key != "secrets" and any(word in key.lower() for word in SECRET_KEYS):
            raise _bad(
                path,
                f"names a secret ({key}); secrets are read from the credentials folder or "
                "the keyring, never from this file. Remove the line.",
            )
    url = data.get("database_url")
    if not isinstance(url, str) or not url:
        raise _bad(path, 'needs database_url = "postgresql+psycopg://user@host/dbname".')
    if "@" in url and ":" in url.split("@", 1)[0].split("//", 1)[-1]:
        raise _bad(
            path,
            "has a password in database_url; put the password in the credentials folder "
            f"(file {DATABASE_PASSWORD}) and remove it from the URL.",
        )
    port = data.get("port", 8443)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise _bad(path, f"has port = {port!r}; give a port number from 1 to 65535.")
    host = data.get("host", "127.0.0.1")
    if not isinstance(host, str) or not host:
        raise _bad(path, f"has host = {host!r}; give an address such as 127.0.0.1.")
    secrets = data.get("secrets", "files")
    if secrets not in ("files", "keyring"):
        raise _bad(path, f'has secrets = {secrets!r}; use "files" or "keyring".')
    base = path.parent
    cert = data.get("tls_certificate")
    creds = data.get("credentials_dir")
    sessions = data.get("sessions", {})
    limits = data.get("rate_limits", {})
    if not isinstance(sessions, dict) or not isinstance(limits, dict):
        raise _bad(path, "has [sessions] or [rate_limits] that is not a table.")
    return ServerSettings(
        database_url=url,
        host=host,
        port=port,
        tls_certificate=(base / cert) if isinstance(cert, str) and cert else None,
        credentials_dir=(base / creds) if isinstance(creds, str) and creds else None,
        secrets=secrets,
        lifetimes=Lifetimes(
            idle=_minutes(path, sessions, "idle_minutes", IDLE_LIFETIME),
            absolute=_minutes(path, sessions, "absolute_minutes", ABSOLUTE_LIFETIME),
        ),
        rate_limits=RateLimits(
            per_account=_int(path, limits, "per_account", RateLimits.per_account),
            per_source=_int(path, limits, "per_source", RateLimits.per_source),
            window_seconds=_int(path, limits, "window_seconds", RateLimits.window_seconds),
        ),
        source=path,
    )


def credentials_folder(settings: ServerSettings) -> Path | None:
    """Where the secret files are: systemd's folder, else the configured one (checked)."""
    systemd = os.environ.get("CREDENTIALS_DIRECTORY")
    if systemd:
        return Path(systemd)
    folder = settings.credentials_dir
    if folder is None:
        return None
    try:
        info = folder.stat()
    except OSError:
        raise ConfigurationError(
            f"The credentials folder {folder} does not exist; create it (mode 0700, owned "
            "by the service account) with the files database-password, master-key and "
            "tls-key."
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise ConfigurationError(f"The credentials folder {folder} is not a folder.")
    if info.st_mode & 0o077:
        raise ConfigurationError(
            f"The credentials folder {folder} can be read by other accounts (mode "
            f"{stat.S_IMODE(info.st_mode):04o}); make it readable by the service account "
            f"only: chmod 700 {folder}. The server did not start."
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise ConfigurationError(
            f"The credentials folder {folder} belongs to another account; it must belong "
            "to the account the server runs as."
        )
    return folder


class FileSecrets(SecretStore):
    """The server's secrets, read-only, from a credentials folder or the keyring.

    Answers the names ``Context.keys()`` (``master:<installation>``) and
    ``open_database`` (``db-password:…``) ask for.
    """

    def __init__(self, folder: Path | None, keyring: SecretStore | None = None) -> None:
        super().__init__()
        self._folder = folder
        self._keyring = keyring

    def check(self) -> None:
        if self._folder is None and self._keyring is None:
            raise KeyringUnavailable(
                "The server has no secrets: set credentials_dir in its configuration, run it "
                'under systemd with LoadCredential=, or set secrets = "keyring".'
            )

    def ensure_usable(self) -> None:
        self.check()

    def read(self, file_name: str) -> str | None:
        if self._folder is not None:
            target = self._folder / file_name
            try:
                text = target.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise KeyringUnavailable(
                    f"The server's secret file {target} cannot be read ({exc.strerror})."
                ) from None
            return text or None
        if self._keyring is not None:
            return self._keyring.get(f"server:{file_name}")
        return None

    def get(self, name: str) -> str | None:
        self.check()
        if name.startswith("master:"):
            return self.read(MASTER_KEY)
        if name.startswith("db-password:"):
            return self.read(DATABASE_PASSWORD)
        return None

    def put(self, name: str, value: str) -> None:
        raise KeyringUnavailable(
            "The server's secrets are read-only; change them on the host (the credentials "
            "folder or the keyring), not through the server."
        )

    def delete(self, name: str) -> None:
        self.put(name, "")
