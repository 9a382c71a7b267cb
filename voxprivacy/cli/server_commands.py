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
from voxprivacy.i18n import _, ngettext

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
            _("PostgreSQL password for {administrator} (empty if none): ").format(
                administrator=username or _("the administrator")
            )
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
            _new_password(_("Password for {admin}").format(admin=args.admin))
            if is_terminal(sys.stdin)
            else ""
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
        state = _("schema created at revision {revision} (newest)").format(revision=result.revision)
    elif result.revision_before != result.revision:
        state = _("schema upgraded from revision {revision_before} to {revision}").format(
            revision_before=result.revision_before, revision=result.revision
        )
    else:
        state = _("schema at revision {revision} (newest)").format(revision=result.revision)
    inv.print(
        _("{state}: {database} (database {installation_id})").format(
            state=state, database=result.database, installation_id=result.installation_id
        )
    )
    inv.print(
        _(
            "owner role {owner_role}: owns the schema, cannot sign in (init and "
            "upgrades take it on)"
        ).format(owner_role=result.owner_role)
    )
    inv.print(
        _(
            "application role {app_role}: the server's; reads and writes the tables, "
            "appends to the audit trail, cannot change or delete it or the schema"
        ).format(app_role=result.app_role)
    )
    inv.print(
        _("secrets: {credentials_dir} (this account only)").format(
            credentials_dir=result.credentials_dir
        )
    )
    inv.print(_("configuration: {config_path} (no secrets)").format(config_path=result.config_path))
    inv.print(
        _("certificate: {certificate_path}, valid until {certificate_expires:%Y-%m-%d}").format(
            certificate_path=result.certificate_path, certificate_expires=result.certificate_expires
        )
    )
    if result.kept:
        inv.print(
            _(
                "An existing installation was found and kept: {kept}. The grants were "
                "refreshed; nothing was overwritten (--force replaces the certificate and the "
                "configuration; --new-app-password gives the application role a new password)."
            ).format(kept="; ".join(result.kept))
        )
    for warning in result.warnings:
        inv.print(_("note: {warning}").format(warning=warning))
    inv.print(_("certificate SHA-256 fingerprint (give it to every workstation to pin):"))
    inv.print(f"  {result.fingerprint}")
    if result.enrollment is not None:
        _enrollment(
            inv,
            result.enrollment,
            _("First admin {username} created.").format(username=result.enrollment.username),
        )


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
        inv.print(_("logged head {text}").format(text=head.text))
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
            ngettext(
                "audit chain matches the log: {checked} logged head checked, head now "
                "{chain_seq}:{chain_hash}",
                "audit chain matches the log: {checked} logged heads checked, head now "
                "{chain_seq}:{chain_hash}",
                report.checked,
            ).format(
                checked=report.checked, chain_seq=report.chain_seq, chain_hash=report.chain_hash
            )
        )
    else:
        inv.print(_("audit chain DOES NOT MATCH the log: {problem}").format(problem=report.problem))
    return OK if report.ok else PROBLEM
