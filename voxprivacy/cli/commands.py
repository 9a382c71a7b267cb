"""One function per command. Each parses what only the command line knows
(files, standard input, FIELD=VALUE pairs), then calls a service; the rules
live in the services."""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import getpass
import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from voxprivacy.cli import output
from voxprivacy.cli.session import ENV_PASSWORD, Invocation, is_terminal, read_stdin_line
from voxprivacy.errors import BadInput, ConfigurationError
from voxprivacy.i18n import _, ngettext
from voxprivacy.security import passwords
from voxprivacy.security.crypto import FieldCipher, derive
from voxprivacy.services import audit, auth, installation, sessions, staff
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.storage import schema
from voxprivacy.storage.database import (
    Database,
    DatabaseTarget,
    open_database,
    pg_password_name,
    ping,
    sqlcipher_key_name,
)
from voxprivacy.storage.models import Installation, Staff

if TYPE_CHECKING:  # the demo module loads Faker: only the demo command imports it
    from voxprivacy.services.demo import DemoResult

OK, PROBLEM = 0, 1


# --------------------------------------------------------------------------- helpers


def _new_password(what: str) -> str:
    """A new password: asked twice on a terminal, else the first line of standard input."""
    if is_terminal(sys.stdin):
        first = getpass.getpass(f"{what}: ")
        if first != getpass.getpass(_("{what} again: ").format(what=what)):
            raise BadInput(_("The two passwords differ; nothing was changed."), "password")
        password = first
    else:
        password = read_stdin_line("password")
    if not password:
        raise BadInput(
            _("No {what_lower} on standard input: give it as the first line.").format(
                what_lower=what.lower()
            ),
            "password",
        )
    return password


def _enrollment(inv: Invocation, enrollment: Enrollment, headline: str) -> None:
    if inv.json:
        inv.print(output.to_json(_enrollment_dict(enrollment)))
        return
    inv.print(headline)
    for line in output.enrollment_text(
        enrollment.username, str(enrollment.role), enrollment.recovery_codes, enrollment.otpauth_uri
    ):
        inv.print(line)


def _enrollment_dict(enrollment: Enrollment) -> dict[str, object]:
    return {
        "username": enrollment.username,
        "role": str(enrollment.role),
        "otpauth_uri": enrollment.otpauth_uri,
        "recovery_codes": list(enrollment.recovery_codes),
    }


def _done(inv: Invocation, message: str, **extra: object) -> int:
    if inv.json:
        inv.print(output.to_json({"ok": True, "message": message, **extra}))
    else:
        inv.print(message)
    return OK


def _has_staff(db: Database) -> bool:
    if not schema.has_schema(db):
        return False
    with db.read() as session:
        return session.execute(select(Staff.id).limit(1)).first() is not None


def _installation_id(db: Database) -> str | None:
    with db.read() as session:
        inst = session.execute(select(Installation)).scalar_one_or_none()
    return inst.installation_id if inst else None


# --------------------------------------------------------------------------- init, demo


def init(inv: Invocation) -> int:
    """Create or upgrade the schema; on a database without staff, create the first admin."""
    inv.secrets.ensure_usable()  # before any file exists: a refusal leaves nothing behind
    target = inv.target()
    missing_file = target.path is not None and not target.path.exists()
    needs_admin = missing_file or not _has_staff(inv.database(create=False))
    admin = password = None
    if needs_admin:
        if not inv.args.admin:
            raise BadInput(
                _(
                    "This database has no staff yet: name the first admin with "
                    "--admin NAME (the password comes from "
                    "VOXPRIVACY_PASSWORD)."
                ),
                "admin",
            )
        admin = staff.check_username(inv.args.admin)
        password = os.environ.get(ENV_PASSWORD) or (
            _new_password(_("Password for {admin}").format(admin=admin))
            if is_terminal(sys.stdin)
            else ""
        )
        if not password:
            raise BadInput(
                _(
                    "Set VOXPRIVACY_PASSWORD to the first admin's password (or "
                    "run init in a terminal to be asked for it)."
                ),
                "password",
            )
        passwords.check_new_password(password)
    key_name = sqlcipher_key_name(target.path) if target.mode == "encrypted" and target.path else ""
    key_existed = bool(key_name) and inv.secrets.get(key_name) is not None
    try:
        ctx = inv.context(create=True)
        before, after = schema.upgrade(ctx.db)
        if _installation_id(ctx.db) is None:
            ctx.create_installation()
        enrollment = None
        if admin is not None and password is not None:
            enrollment = auth.bootstrap_first_admin(ctx, admin, password)
    except BaseException:
        if missing_file and target.path is not None:  # no schema-only file left behind
            inv.close()
            _remove_database_files(target.path)
            if key_name and not key_existed:
                with contextlib.suppress(Exception):
                    inv.secrets.delete(key_name)
        raise
    if before is None:
        state = _("schema created at revision {after} (newest)").format(after=after)
    elif before != after:
        state = _("schema upgraded from revision {before} to {after} (newest)").format(
            before=before, after=after
        )
    else:
        state = _("schema at revision {after} (newest)").format(after=after)
    if inv.json:
        inv.print(
            output.to_json(
                {
                    "revision": after,
                    "previous_revision": before,
                    "installation_id": _installation_id(ctx.db),
                    "admin": _enrollment_dict(enrollment) if enrollment else None,
                }
            )
        )
        return OK
    inv.print(f"{state}: {ctx.db.target.display}")
    if enrollment is not None:
        _enrollment(
            inv,
            enrollment,
            _("First admin {username} created.").format(username=enrollment.username),
        )
    return OK


def demo(inv: Invocation) -> int:
    """A new database filled with made-up customers and one account per role, all or nothing.

    A new SQLite file is built beside its place under a temporary name and linked into
    place only once it is complete (its accounts printed just before): a demo stopped
    anywhere, even killed, leaves no database whose passwords nobody saw. An existing
    empty database (PostgreSQL, or a file made by ``init``) is filled in one transaction.
    """
    inv.secrets.ensure_usable()  # before any file exists: a refusal leaves nothing behind
    target = inv.target()
    if target.path is not None and not target.path.exists():
        return _demo_into_new_file(inv, target, target.path)
    ctx = inv.context(create=True)
    schema.upgrade(ctx.db)
    if _installation_id(ctx.db) is None:
        ctx.create_installation()
    _print_demo(inv, ctx.db.target.display, _generate_demo(inv, ctx))
    return OK


def _generate_demo(inv: Invocation, ctx: Context) -> DemoResult:
    """The demo, with a progress bar on standard error when it is a terminal."""
    from voxprivacy.services import demo as demo_service

    if not is_terminal(sys.stderr) or inv.args.customers == 0:
        return demo_service.generate_demo(ctx, inv.args.customers, inv.args.seed)
    from tqdm import tqdm

    with tqdm(
        total=inv.args.customers,
        unit=" customers",
        unit_scale=True,
        desc="demo",
        file=sys.stderr,
        dynamic_ncols=True,
    ) as bar:

        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        return demo_service.generate_demo(ctx, inv.args.customers, inv.args.seed, progress)


_DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _remove_database_files(path: Path) -> None:
    for suffix in _DB_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _demo_into_new_file(inv: Invocation, target: DatabaseTarget, path: Path) -> int:
    partial = path.with_name(f".{path.name}.demo-partial")
    _remove_database_files(partial)  # what a killed demo left (nothing anyone can sign in to)
    key_name = sqlcipher_key_name(path) if target.mode == "encrypted" else ""
    key_existed = bool(key_name) and inv.secrets.get(key_name) is not None
    building = DatabaseTarget(target.mode, target.url.set(database=str(partial)))
    db = open_database(building, inv.secrets, create=True, key_path=path, building=True)
    master = ""
    try:
        try:
            schema.upgrade(db)
            ctx = Context(db, inv.secrets)
            ctx.create_installation()
            master = master_key_name(ctx.keys().installation_id)
            result = _generate_demo(inv, ctx)
        finally:
            db.dispose()
        with open(partial, "rb") as done:
            os.fsync(done.fileno())
        _print_demo(inv, target.display, result)
        inv.out.flush()
        try:
            os.link(partial, path)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise BadInput(
                _(
                    "A database appeared at {path} while the demo was being "
                    "made; it was left alone and the accounts printed above "
                    "are void. Run demo again with --db pointing at a new file."
                ).format(path=path),
                "db",
            ) from None
    except BaseException:
        _remove_database_files(partial)
        with contextlib.suppress(Exception):
            if master:
                inv.secrets.delete(master)
            if key_name and not key_existed and not path.exists():
                inv.secrets.delete(key_name)
        raise
    partial.unlink(missing_ok=True)
    _sync_directory(path.parent)
    return OK


def _sync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _print_demo(inv: Invocation, where: str, result: DemoResult) -> None:
    accounts = [
        {
            "username": s.username,
            "role": str(s.role),
            "password": s.password,
            "otpauth_uri": s.otpauth_uri,
        }
        for s in result.staff
    ]
    if inv.json:
        inv.print(output.to_json({"staff": accounts, "customers": result.customers}))
        return
    inv.print(
        ngettext(
            "Demo database {where}: {customers} made-up customer.",
            "Demo database {where}: {customers} made-up customers.",
            result.customers,
        ).format(where=where, customers=result.customers)
    )
    inv.print(
        output.table(
            (_("username"), _("role"), _("password"), _("authenticator (otpauth URI)")),
            [(a["username"], a["role"], a["password"], a["otpauth_uri"]) for a in accounts],
        )
    )
    inv.print(_("These are demo credentials for made-up data; never use them for real customers."))


# --------------------------------------------------------------------------- staff


def staff_add(inv: Invocation) -> int:
    ctx = inv.context()  # a missing database is reported before anything is read
    new_password = _new_password(_("Initial password for {name}").format(name=inv.args.name))
    actor = inv.sign_in_for_write()
    enrollment = staff.add_staff(
        ctx, actor, inv.args.name, inv.args.role, new_password, inv.args.display_name
    )
    _enrollment(
        inv,
        enrollment,
        _("Staff member {username} added as {role}.").format(
            username=enrollment.username, role=enrollment.role
        ),
    )
    return OK


def staff_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    members = staff.list_staff(inv.context(), actor)
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(m) for m in members]))
    else:
        inv.print(output.staff_rows(members))
    return OK


def staff_unlock(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    staff.unlock_staff(inv.context(), actor, inv.args.name)
    return _done(
        inv, _("{name} is unlocked; their failed attempts are reset.").format(name=inv.args.name)
    )


def staff_reset_2fa(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    enrollment = staff.reset_second_factor(inv.context(), actor, inv.args.name)
    _enrollment(
        inv,
        enrollment,
        _(
            "Second factor of {username} reset; their old authenticator and recovery "
            "codes no longer work."
        ).format(username=enrollment.username),
    )
    return OK


def staff_reset_password(inv: Invocation) -> int:
    ctx = inv.context()
    new_password = _new_password(_("New password for {name}").format(name=inv.args.name))
    actor = inv.sign_in_for_write()
    enrollment = staff.reset_password(ctx, actor, inv.args.name, new_password)
    _enrollment(inv, enrollment, staff.RESET_PASSWORD_NOTE.format(name=enrollment.username))
    return OK


def staff_set_role(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    staff.set_role(inv.context(), actor, inv.args.name, inv.args.role)
    return _done(
        inv, _("{name} now has the role {role}.").format(name=inv.args.name, role=inv.args.role)
    )


def staff_deactivate(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    staff.deactivate_staff(inv.context(), actor, inv.args.name)
    return _done(
        inv, _("{name} is deactivated and can no longer sign in.").format(name=inv.args.name)
    )


def sessions_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    found = sessions.list_sessions(
        inv.context(), actor, username=inv.args.name, include_ended=inv.args.all
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(s) for s in found]))
        return OK
    inv.print(
        output.table(
            [
                _("session"),
                _("user"),
                _("role"),
                _("since"),
                _("last seen"),
                _("from"),
                _("client"),
                _("ended"),
            ],
            [
                (
                    _("{id} (this one)").format(id=s.id) if s.yours else s.id,
                    s.username,
                    s.role,
                    s.created_at.strftime("%Y-%m-%d %H:%M"),
                    s.last_seen_at.strftime("%Y-%m-%d %H:%M"),
                    s.source,
                    s.client_label,
                    s.end_reason or "",
                )
                for s in found
            ],
        )
        if found
        else _("No sessions.")
    )
    return OK


def sessions_revoke(inv: Invocation) -> int:
    try:
        session_id = uuid.UUID(inv.args.session)
    except ValueError:
        raise BadInput(
            _("{inv_args_session!r} is not a session id; 'sessions list' shows them.").format(
                inv_args_session=inv.args.session
            ),
            "session",
        ) from None
    actor = inv.sign_in_for_write()
    ended = sessions.revoke_session(inv.context(), actor, session_id)
    return _done(
        inv,
        _("Session {id} of {username} is ended ({end_reason}).").format(
            id=ended.id, username=ended.username, end_reason=ended.end_reason
        ),
    )


# --------------------------------------------------------------------------- audit


def audit_verify(inv: Invocation) -> int:
    expect = audit.parse_head(inv.args.head) if inv.args.head else None
    actor = inv.sign_in()
    report = audit.verify_chain(inv.context(), actor, expect=expect)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(report)))
    elif report.ok:
        inv.print(
            ngettext(
                "audit chain intact: {events} entry, head {head_seq}:{head_hash}",
                "audit chain intact: {events} entries, head {head_seq}:{head_hash}",
                report.events,
            ).format(events=report.events, head_seq=report.head_seq, head_hash=report.head_hash)
        )
    else:
        inv.print(
            _("audit chain BROKEN at entry {first_bad_seq}: {problem}").format(
                first_bad_seq=report.first_bad_seq, problem=report.problem
            )
        )
    return OK if report.ok else PROBLEM


def audit_head(inv: Invocation) -> int:
    actor = inv.sign_in()
    seq, digest = audit.chain_head(inv.context(), actor)
    inv.print(output.to_json({"seq": seq, "hash": digest}) if inv.json else f"{seq}:{digest}")
    return OK


# --------------------------------------------------------------------------- keys


def key_export(inv: Invocation) -> int:
    """The database's master key, for 'key import' on another workstation (admins only)."""
    actor = inv.sign_in_for_write()
    inv.print(installation.export_master_key(inv.context(), actor))
    return OK


def _check_master_key(text: str) -> str:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BadInput(
            _(
                "That is not a master key as printed by 'voxprivacy-admin "
                "key export' (INSTALLATION_ID:KEY on one line)."
            ),
            "key",
        )
    return text


def _key_opens_data(db: Database, key: str) -> bool | None:
    """Whether the key decrypts a staff member's secret (None: nothing to try it on)."""
    with db.read() as session:
        row = session.execute(
            select(Staff.id, Staff.totp_secret).where(Staff.totp_secret.is_not(None)).limit(1)
        ).first()
    if row is None or row[1] is None:
        return None
    try:
        FieldCipher(derive(key, "field-encryption")).decrypt(row[1], "staff", "totp_secret", row[0])
    except ConfigurationError:
        return False
    return True


def key_import(inv: Invocation) -> int:
    line = read_stdin_line("key").strip()
    installation_id, sep, key = line.partition(":")
    if not sep:
        raise BadInput(
            _(
                "Give the line printed by 'voxprivacy-admin key export' "
                "(INSTALLATION_ID:KEY) on standard input."
            ),
            "key",
        )
    key = _check_master_key(key.strip())
    ctx = inv.context()
    actual = _installation_id(ctx.db)
    if actual is None:
        raise BadInput(
            _("This database has no installation record yet; run 'voxprivacy-admin init' first."),
            "db",
        )
    if installation_id.strip() != actual:
        raise BadInput(
            _(
                "That key belongs to database {installation_id_strip}, but "
                "{ctx_db_target_display} is database {actual}; nothing was "
                "stored."
            ).format(
                installation_id_strip=installation_id.strip(),
                ctx_db_target_display=ctx.db.target.display,
                actual=actual,
            ),
            "key",
        )
    opens = _key_opens_data(ctx.db, key)
    if opens is False:
        raise BadInput(
            _(
                "That key does not decrypt this database's data, so it is "
                "not its master key; nothing was stored."
            ),
            "key",
        )
    name = master_key_name(actual)
    existing = ctx.secrets.get(name)
    if existing == key:
        return _done(
            inv,
            _("The keyring already holds the master key of database {actual}.").format(
                actual=actual
            ),
        )
    if existing is not None and opens is None:
        raise BadInput(
            _(
                "The keyring already holds a different master key for this "
                "database and there is no data to tell which is right; "
                "nothing was stored."
            ),
            "key",
        )
    ctx.secrets.put(name, key)
    return _done(
        inv,
        _("Master key of database {actual} stored in this workstation's keyring.").format(
            actual=actual
        ),
    )


def db_remember_password(inv: Invocation) -> int:
    """Keep a PostgreSQL password in the keyring, so the URL needs none."""
    target = inv.target()
    if target.mode != "postgresql":
        raise BadInput(
            _(
                "Only a PostgreSQL database needs a stored password; pass "
                "--db postgresql+psycopg://USER@HOST/DBNAME."
            ),
            "db",
        )
    if target.url.password is not None:
        raise BadInput(
            _(
                "Leave the password out of the --db URL; it is read from "
                "standard input and kept in the keyring."
            ),
            "db",
        )
    if not target.url.username:
        raise BadInput(
            _("Name the database user in the URL: postgresql+psycopg://USER@HOST/DBNAME."), "db"
        )
    if is_terminal(sys.stdin):
        password = getpass.getpass(
            _("PostgreSQL password for {display}: ").format(display=target.display)
        )
    else:
        password = read_stdin_line("password")
    if not password:
        raise BadInput(_("No password on standard input: give it as the first line."), "password")
    trial = open_database(
        DatabaseTarget("postgresql", target.url.set(password=password)), inv.secrets
    )
    try:
        ping(trial)
    finally:
        trial.dispose()
    inv.secrets.put(pg_password_name(target.url), password)
    return _done(
        inv, _("Password for {display} stored in the keyring.").format(display=target.display)
    )
