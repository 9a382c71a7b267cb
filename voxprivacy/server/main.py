"""``voxprivacy-server --config PATH``: the services of the head office behind HTTPS.

Reads the TOML configuration, the secrets (credentials folder, systemd's
``$CREDENTIALS_DIRECTORY`` or the keyring), opens the database, checks that its
schema is current and that the master key is there, and serves the API with
uvicorn over TLS. Every problem before serving is one sentence and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from voxprivacy import logs
from voxprivacy.errors import ConfigurationError, VoxError
from voxprivacy.i18n import _
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.server.config import (
    TLS_KEY,
    FileSecrets,
    ServerSettings,
    credentials_folder,
    load_settings,
)
from voxprivacy.services.context import Context, system_clock
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.schema import current_revision, head_revision

log = logging.getLogger("voxprivacy.server")

KEEP_ALIVE_SECONDS = 75


def clock_for(settings: ServerSettings) -> Callable[[], datetime]:
    """The clock the services run with: the system's."""
    return system_clock


def prepare(settings: ServerSettings) -> tuple[Context, Path]:
    """The context the services run with, and the TLS key file; refuses with a sentence."""
    folder = credentials_folder(settings)
    keyring = SecretStore() if settings.secrets == "keyring" else None
    secrets = FileSecrets(folder, keyring)
    secrets.check()
    if settings.tls_certificate is None:
        raise ConfigurationError(
            _(
                "The server configuration needs [server] certificate = "
                '"…/server.crt"; the server speaks only TLS '
                "('voxprivacy-admin server init' makes a self-signed one)."
            )
        )
    if not settings.tls_certificate.is_file():
        raise ConfigurationError(
            _(
                "There is no TLS certificate at "
                "{settings_tls_certificate}; check [server] certificate in "
                "the configuration."
            ).format(settings_tls_certificate=settings.tls_certificate)
        )
    if folder is None or not (folder / TLS_KEY).is_file():
        raise ConfigurationError(
            _(
                "The TLS private key is missing: put it in the credentials "
                "folder as {tls_key} (or load it with systemd's "
                "LoadCredential=)."
            ).format(tls_key=TLS_KEY)
        )
    target = parse_target(settings.database_url)
    if target.mode != "postgresql":
        raise ConfigurationError(
            _("The server runs on PostgreSQL; {display} is not a PostgreSQL URL.").format(
                display=target.display
            )
        )
    db = open_database(target, secrets, pool_size=settings.threads)
    current = current_revision(db)
    if current != head_revision():
        db.dispose()
        raise ConfigurationError(
            _(
                "The database {display} has schema revision "
                "{current_or_none}, this server needs {head_revision}; run "
                "'voxprivacy-admin upgrade' (or 'voxprivacy-admin server "
                "init' for a new database) first."
            ).format(
                display=target.display,
                current_or_none=current or "none",
                head_revision=head_revision(),
            )
        )
    ctx = Context(db, secrets, clock=clock_for(settings))
    ctx.keys()  # the master key must be here before anyone signs in
    return ctx, folder / TLS_KEY


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="voxprivacy-server",
        description="The head office's voxprivacy services over HTTPS (docs/server.md).",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path(os.environ.get("VOXPRIVACY_SERVER_CONFIG", "/etc/voxprivacy/server.toml")),
        help="the TOML configuration (default: $VOXPRIVACY_SERVER_CONFIG or "
        "/etc/voxprivacy/server.toml)",
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for handler in logging.getLogger().handlers:  # no personal data, no exception texts
        handler.addFilter(logs.PersonalDataFilter())
    try:
        settings = load_settings(args.config)
        ctx, key_file = prepare(settings)
        from voxprivacy.server.app import create_app

        app = create_app(ctx, settings)
    except VoxError as exc:
        print(f"voxprivacy-server: {exc.message}", file=sys.stderr)
        return exc.exit_status
    import uvicorn

    log.info("serving %s on https://%s:%s", ctx.db.target.display, settings.host, settings.port)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(settings.tls_certificate),
        ssl_keyfile=str(key_file),
        log_level=args.log_level,
        access_log=False,
        server_header=False,
        # longer than a client keeps an idle connection (client/remote.py: 30 s), so a
        # desk's request after a pause never meets a connection the server is closing
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    ctx.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
