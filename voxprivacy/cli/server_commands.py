"""``voxprivacy-admin server …``: preparing and watching a head office server's host.

``server init`` sets up the database roles, the schema, the secrets, the
certificate, the configuration and the first admin (``voxprivacy/server/setup.py``);
``server log-head`` and ``server check-chain`` keep and check the audit chain's
head in a log outside the database (``voxprivacy/server/chainlog.py``). They run
on the server host, never on a workstation.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voxprivacy.cli import output
from voxprivacy.cli.commands import _enrollment, _enrollment_dict, _new_password
from voxprivacy.cli.session import ENV_PASSWORD, Invocation, is_terminal
from voxprivacy.errors import BadInput, ConfigurationError
from voxprivacy.i18n import _

if TYPE_CHECKING:
    from voxprivacy.server.setup import InitResult
    from voxprivacy.services.context import Context

OK, PROBLEM = 0, 1
ENV_PGPASSWORD = "PGPASSWORD"


# --------------------------------------------------------------------------- init


def _first_line(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except OSError as exc:
        raise BadInput(
            _("Cannot read {what} from {path} ({strerror}).").format(
                what=what, path=path, strerror=exc.strerror
            ),
            what,
        ) from None


def _database_password(inv: Invocation, username: str | None) -> str | None:
    if inv.args.password_file:
        return _first_line(inv.args.password_file, "password")
    if os.environ.get(ENV_PGPASSWORD):
        return os.environ[ENV_PGPASSWORD]
    if is_terminal(sys.stdin):
        typed = getpass.getpass(
            f"PostgreSQL password for {username or 'the administrator'} (empty if none): "
        )
        return typed or None
    return None


def _service_user(name: str | None) -> tuple[int, int] | None:
    if not name:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise BadInput(
            _(
                "There is no account {name!r} on this host; create it "
                "first (useradd --system voxprivacy)."
            ).format(name=name),
            "service_user",
        ) from None
    if os.geteuid() != 0:
        raise BadInput(
            _(
                "Only root can give the credentials to another account; "
                "run as root, or leave out --service-user."
            ),
            "service_user",
        )
    return entry.pw_uid, entry.pw_gid


def server_init(inv: Invocation) -> int:
    from sqlalchemy.engine import make_url

    from voxprivacy.server.setup import InitOptions, init_server

    args = inv.args
    try:
        username = make_url(args.database).username
    except Exception:
        username = None
    admin_password = None
    if args.admin:
        admin_password = os.environ.get(ENV_PASSWORD) or (
            _new_password(f"Password for {args.admin}") if is_terminal(sys.stdin) else ""
        )
        if not admin_password:
            raise BadInput(
                _(
                    "Set VOXPRIVACY_PASSWORD to the first admin's password (or "
                    "run server init in a terminal to be asked for it)."
                ),
                "password",
            )
    options = InitOptions(
        database_url=args.database,
        config_dir=Path(args.config_dir),
        credentials_dir=Path(args.credentials) if args.credentials else None,
        hostnames=list(args.hostname or []),
        host=args.listen,
        port=args.port,
        owner_role=args.owner_role,
        app_role=args.app_role,
        admin=args.admin,
        admin_password=admin_password,
        master_key_line=(
            _first_line(args.master_key_file, "master_key") if args.master_key_file else None
        ),
        service_user=_service_user(args.service_user),
        new_app_password=bool(args.new_app_password),
        force=bool(args.force),
    )
    options.database_password = _database_password(inv, username)
    result = init_server(options)
    _print_init(inv, result)
    return OK


def _print_init(inv: Invocation, result: InitResult) -> None:
    if inv.json:
        data: dict[str, Any] = {
            "database": result.database,
            "revision": result.revision,
            "previous_revision": result.revision_before,
            "installation_id": result.installation_id,
            "owner_role": result.owner_role,
            "app_role": result.app_role,
            "config": str(result.config_path),
            "certificate": str(result.certificate_path),
            "credentials_directory": str(result.credentials_dir),
            "fingerprint": result.fingerprint,
            "certificate_expires": result.certificate_expires,
            "created": result.created,
            "kept": result.kept,
            "warnings": result.warnings,
            "admin": _enrollment_dict(result.enrollment) if result.enrollment else None,
        }
        inv.print(output.to_json(data))
        return
    if result.revision_before is None:
        state = f"schema created at revision {result.revision} (newest)"
    elif result.revision_before != result.revision:
        state = f"schema upgraded from revision {result.revision_before} to {result.revision}"
    else:
        state = f"schema at revision {result.revision} (newest)"
    inv.print(f"{state}: {result.database} (database {result.installation_id})")
    inv.print(
        f"owner role {result.owner_role}: owns the schema, cannot sign in (init and upgrades "
        "take it on)"
    )
    inv.print(
        f"application role {result.app_role}: the server's; reads and writes the tables, "
        "appends to the audit trail, cannot change or delete it or the schema"
    )
    inv.print(f"secrets: {result.credentials_dir} (this account only)")
    inv.print(f"configuration: {result.config_path} (no secrets)")
    inv.print(
        f"certificate: {result.certificate_path}, valid until {result.certificate_expires:%Y-%m-%d}"
    )
    if result.kept:
        inv.print(
            "An existing installation was found and kept: "
            + "; ".join(result.kept)
            + ". The grants were refreshed; nothing was overwritten (--force replaces the "
            "certificate and the configuration; --new-app-password gives the application "
            "role a new password)."
        )
    for warning in result.warnings:
        inv.print(f"note: {warning}")
    inv.print("certificate SHA-256 fingerprint (give it to every workstation to pin):")
    inv.print(f"  {result.fingerprint}")
    if result.enrollment is not None:
        _enrollment(inv, result.enrollment, f"First admin {result.enrollment.username} created.")


# --------------------------------------------------------------------------- chain head


def _server_context(inv: Invocation) -> Context:
    from voxprivacy.server.setup import read_config, server_context

    return server_context(read_config(Path(inv.args.config)))


def server_log_head(inv: Invocation) -> int:
    from voxprivacy.server.chainlog import log_chain_head

    ctx = _server_context(inv)
    try:
        head = log_chain_head(ctx, Path(inv.args.log))
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot append to the chain-head log {inv_args_log} ({strerror}).").format(
                inv_args_log=inv.args.log, strerror=exc.strerror
            )
        ) from None
    finally:
        ctx.db.dispose()
    if inv.json:
        inv.print(output.to_json({"seq": head.seq, "hash": head.hash, "at": head.at}))
    else:
        inv.print(f"logged head {head.text}")
    return OK


def server_check_chain(inv: Invocation) -> int:
    from voxprivacy.server.chainlog import LogUnreadable, check_against_log

    ctx = _server_context(inv)
    try:
        report = check_against_log(ctx, Path(inv.args.log))
    except LogUnreadable as exc:
        raise BadInput(str(exc), "log") from None
    finally:
        ctx.db.dispose()
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(report)))
    elif report.ok:
        inv.print(
            f"audit chain matches the log: {report.checked} logged head(s) checked, head now "
            f"{report.chain_seq}:{report.chain_hash}"
        )
    else:
        inv.print(f"audit chain DOES NOT MATCH the log: {report.problem}")
    return OK if report.ok else PROBLEM
