"""voxprivacy-server's configuration (a TOML file) and its secrets (never in that file).

The TOML file (sections ``[server]``, ``[database]``, ``[sessions]``,
``[rate_limits]``, ``[audit]``; ``voxprivacy-admin server init`` writes it) says
where to listen, which database (a URL without password), the TLS certificate,
the session lifetimes, the rate limits and where the audit chain's head is logged. The secrets
(the database password, the master key, the TLS private key) come from, in order:

- ``$CREDENTIALS_DIRECTORY/<name>`` — systemd's ``LoadCredential=``;
- the folder named by ``[server] credentials_directory`` in the file, which must be readable by
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
from voxprivacy.i18n import N_, _
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.sessions import ABSOLUTE_LIFETIME, IDLE_LIFETIME, Lifetimes

DATABASE_PASSWORD = "database-password"
MASTER_KEY = "master-key"
TLS_KEY = "tls-key"
CHAIN_LOG_INTERVAL = timedelta(minutes=15)
THREADS = 16


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
    chain_log: Path | None = None  # the chain-head log, appended at intervals
    chain_log_interval: timedelta = CHAIN_LOG_INTERVAL
    # requests served at once (worker threads), and as many pooled database connections
    threads: int = THREADS
    source: Path | None = None  # the file it was read from


def _bad(path: Path, message: str, **values: object) -> ConfigurationError:
    """``message`` (marked with ``N_``, "{path}" and ``values`` in it) in the user's language."""
    return ConfigurationError(_(message).format(path=path, **values))


def _minutes(path: Path, table: dict[str, Any], key: str, default: timedelta) -> timedelta:
    value = table.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has {key} = {value!r}; give a positive number of minutes."
            ),
            key=key,
            value=value,
        )
    return timedelta(minutes=value)


def _int(path: Path, table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has {key} = {value!r}; give a positive whole number."
            ),
            key=key,
            value=value,
        )
    return value


SECRET_KEYS = ("password", "master_key", "private_key", "tls_key", "secret")


def _table(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has {name} that is not a table; write it as a [{name}] section."
            ),
            name=name,
        )
    return table


def _no_secrets(path: Path, data: dict[str, Any], prefix: str = "") -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            _no_secrets(path, value, f"{prefix}{key}.")
        elif key != "secrets" and any(word in key.lower() for word in SECRET_KEYS):
            raise _bad(
                path,
                N_(
                    "The server configuration {path} "
                    "names a secret ({key}); secrets are read from the credentials folder "
                    "or the keyring, never from this file. Remove the line."
                ),
                key=f"{prefix}{key}",
            )


def _path(path: Path, table: dict[str, Any], section: str, key: str) -> Path | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                'has [{section}] {key} = {value!r}; give a path such as "/etc/…".'
            ),
            section=section,
            key=key,
            value=value,
        )
    return path.parent / value


FLAT_KEYS = ("database_url", "host", "port", "tls_certificate", "credentials_dir", "secrets")


def load_settings(path: Path) -> ServerSettings:
    """Read and check the TOML file; every problem is one sentence naming the key.

    The layout (docs/server.md)::

        [server]    host, port, certificate, credentials_directory, secrets, threads
        [database]  url
        [sessions]  idle_minutes, absolute_minutes
        [rate_limits] per_account, per_source, window_seconds
        [audit]     chain_log, chain_log_minutes
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(
            _(
                "There is no server configuration at {path}; write one "
                "with 'voxprivacy-admin server init' (docs/server.md) or "
                "give another with --config."
            ).format(path=path)
        ) from None
    except OSError as exc:
        raise _bad(
            path,
            N_("The server configuration {path} cannot be read ({error})."),
            error=exc.strerror,
        ) from None
    except UnicodeDecodeError:
        raise _bad(path, N_("The server configuration {path} is not UTF-8 text.")) from None
    except tomllib.TOMLDecodeError as exc:
        raise _bad(
            path, N_("The server configuration {path} is not valid TOML ({error})."), error=exc
        ) from None
    _no_secrets(path, data)
    flat = [key for key in FLAT_KEYS if key in data]
    if flat:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has {keys} at the top; these keys belong in the [server] and "
                "[database] sections (see docs/server.md)."
            ),
            keys=", ".join(flat),
        )
    known = {"server", "database", "sessions", "rate_limits", "audit"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has {keys}, which the server does not know; the sections are "
                "[server], [database], [sessions], [rate_limits] and [audit]."
            ),
            keys=", ".join(unknown),
        )
    server = _table(path, data, "server")
    database = _table(path, data, "database")
    sessions = _table(path, data, "sessions")
    limits = _table(path, data, "rate_limits")
    audit = _table(path, data, "audit")
    url = database.get("url")
    if not isinstance(url, str) or not url:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                'needs [database] url = "postgresql+psycopg://user@host/dbname".'
            ),
        )
    if "@" in url and ":" in url.split("@", 1)[0].split("//", 1)[-1]:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has a password in [database] url; put the password in the credentials "
                "folder (file {file}) and remove it from the URL."
            ),
            file=DATABASE_PASSWORD,
        )
    port = server.get("port", 8443)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has [server] port = {port!r}; give a port number from 1 to 65535."
            ),
            port=port,
        )
    host = server.get("host", "127.0.0.1")
    if not isinstance(host, str) or not host:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has [server] host = {host!r}; give an address such as 127.0.0.1."
            ),
            host=host,
        )
    secrets = server.get("secrets", "files")
    if secrets not in ("files", "keyring"):
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                'has [server] secrets = {secrets!r}; use "files" or "keyring".'
            ),
            secrets=secrets,
        )
    threads = _int(path, server, "threads", THREADS)
    if threads > 256:
        raise _bad(
            path,
            N_(
                "The server configuration {path} "
                "has [server] threads = {threads}; give at most 256."
            ),
            threads=threads,
        )
    interval = _minutes(path, audit, "chain_log_minutes", CHAIN_LOG_INTERVAL)
    if "chain_log_seconds" in audit:
        seconds = audit["chain_log_seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise _bad(
                path,
                N_(
                    "The server configuration {path} "
                    "has chain_log_seconds = {seconds!r}; give a positive number."
                ),
                seconds=seconds,
            )
        interval = timedelta(seconds=seconds)
    return ServerSettings(
        database_url=url,
        host=host,
        port=port,
        tls_certificate=_path(path, server, "server", "certificate"),
        credentials_dir=_path(path, server, "server", "credentials_directory"),
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
        chain_log=_path(path, audit, "audit", "chain_log"),
        chain_log_interval=interval,
        threads=threads,
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
            _(
                "The credentials folder {folder} does not exist; create it "
                "(mode 0700, owned by the service account) with the files "
                "database-password, master-key and tls-key."
            ).format(folder=folder)
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise ConfigurationError(
            _("The credentials folder {folder} is not a folder.").format(folder=folder)
        )
    if info.st_mode & 0o077:
        raise ConfigurationError(
            _(
                "The credentials folder {folder} can be read by other "
                "accounts (mode {mode:04o}); make it readable by the "
                "service account only: chmod 700 {folder}. The server did "
                "not start."
            ).format(folder=folder, mode=stat.S_IMODE(info.st_mode))
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise ConfigurationError(
            _(
                "The credentials folder {folder} belongs to another "
                "account; it must belong to the account the server runs as."
            ).format(folder=folder)
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
                _(
                    "The server has no secrets: set [server] "
                    "credentials_directory in its configuration, run it under "
                    "systemd with LoadCredential=, or set [server] secrets = "
                    '"keyring".'
                )
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
                    _("The server's secret file {target} cannot be read ({strerror}).").format(
                        target=target, strerror=exc.strerror
                    )
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
            _(
                "The server's secrets are read-only; change them on the "
                "host (the credentials folder or the keyring), not through "
                "the server."
            )
        )

    def delete(self, name: str) -> None:
        self.put(name, "")
