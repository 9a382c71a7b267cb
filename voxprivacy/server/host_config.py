"""The host's side of ``server.toml``: what ``server init`` writes, and the services'
context the host's own commands (``server check``, retention) open from it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from voxprivacy.errors import ConfigurationError
from voxprivacy.i18n import _
from voxprivacy.server.config import CHAIN_LOG_INTERVAL, RateLimits, load_settings
from voxprivacy.server.credentials import CredentialFiles
from voxprivacy.services.context import Context
from voxprivacy.services.sessions import ABSOLUTE_LIFETIME, IDLE_LIFETIME
from voxprivacy.storage.database import open_database, parse_target

# The starter configuration's keys and the files it names (voxprivacy-server reads them).
DEFAULT_CONFIG_DIR = Path("/etc/voxprivacy")
CONFIG_FILE = "server.toml"
CERTIFICATE_FILE = "server.crt"
CHAIN_LOG_FILE = "chain-head.log"  # beside the configuration, by default
CREDENTIALS_DIRECTORY = "credentials"  # under the configuration directory, by default
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443


@dataclass(frozen=True)
class ServerConfig:
    """The keys of ``server.toml`` that init writes and the server reads."""

    host: str
    port: int
    certificate: Path
    credentials_directory: Path
    database_url: str  # without a password
    chain_log: Path | None = None  # the audit chain's head, appended at intervals

    def to_toml(self) -> str:
        audit = (
            "\n"
            "[audit]\n"
            "# The audit chain's head is appended here at intervals (docs/server.md).\n"
            f"chain_log = {_toml_string(str(self.chain_log))}\n"
            f"chain_log_minutes = {int(CHAIN_LOG_INTERVAL.total_seconds() // 60)}\n"
            if self.chain_log is not None
            else ""
        )
        return (
            "# voxprivacy-server's configuration (docs/server.md). It holds no secret: the\n"
            "# database password, the master key and the TLS key are files in\n"
            "# credentials_directory (or systemd credentials of the same names).\n"
            "\n"
            "[server]\n"
            f"host = {_toml_string(self.host)}\n"
            f"port = {self.port}\n"
            f"certificate = {_toml_string(str(self.certificate))}\n"
            f"credentials_directory = {_toml_string(str(self.credentials_directory))}\n"
            "\n"
            "[database]\n"
            f"url = {_toml_string(self.database_url)}\n"
            "\n"
            "[sessions]\n"
            f"idle_minutes = {int(IDLE_LIFETIME.total_seconds() // 60)}\n"
            f"absolute_minutes = {int(ABSOLUTE_LIFETIME.total_seconds() // 60)}\n"
            "\n"
            "[rate_limits]\n"
            f"per_account = {RateLimits.per_account}\n"
            f"per_source = {RateLimits.per_source}\n"
            f"window_seconds = {RateLimits.window_seconds}\n"
            f"{audit}"
        )


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def read_config(path: Path) -> ServerConfig:
    """Read ``server.toml`` with the server's own reader; what init needs must be there."""
    settings = load_settings(path)
    missing = [
        f"[server] {key}"
        for key, value in (
            ("certificate", settings.tls_certificate),
            ("credentials_directory", settings.credentials_dir),
        )
        if value is None
    ]
    if missing or settings.tls_certificate is None or settings.credentials_dir is None:
        raise ConfigurationError(
            _(
                "The server configuration {path} has no {or_join_missing}; see docs/server.md."
            ).format(path=path, or_join_missing=" or ".join(missing))
        )
    return ServerConfig(
        host=settings.host,
        port=settings.port,
        certificate=settings.tls_certificate,
        credentials_directory=settings.credentials_dir,
        database_url=settings.database_url,
        chain_log=settings.chain_log,
    )


SYSTEMD_CREDENTIALS = "CREDENTIALS_DIRECTORY"  # set by systemd for LoadCredential=


def credentials_directory(config: ServerConfig) -> Path:
    """systemd's ``$CREDENTIALS_DIRECTORY`` when it is set, else the configuration's."""
    given = os.environ.get(SYSTEMD_CREDENTIALS, "").strip()
    return Path(given) if given else config.credentials_directory


def server_context(config: ServerConfig) -> Context:
    """The services' context on the server host: the application role, the file secrets."""
    store = CredentialFiles(credentials_directory(config))
    store.check()
    return Context(open_database(parse_target(config.database_url), store), store)
