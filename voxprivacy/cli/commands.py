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
from voxprivacy.domain.requests import verification_method
from voxprivacy.errors import BadInput, ConfigurationError, Refused, VoxError
from voxprivacy.i18n import _
from voxprivacy.security import passwords
from voxprivacy.security.crypto import FieldCipher, derive
from voxprivacy.services import audit, auth, consents, customers, installation, sessions, staff
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Actor, Context, master_key_name
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
        if first != getpass.getpass(f"{what} again: "):
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
            _new_password(f"Password for {admin}") if is_terminal(sys.stdin) else ""
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
        state = f"schema created at revision {after} (newest)"
    elif before != after:
        state = f"schema upgraded from revision {before} to {after} (newest)"
    else:
        state = f"schema at revision {after} (newest)"
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
        _enrollment(inv, enrollment, f"First admin {enrollment.username} created.")
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
    inv.print(f"Demo database {where}: {result.customers} made-up customers.")
    inv.print(
        output.table(
            ("username", "role", "password", "authenticator (otpauth URI)"),
            [(a["username"], a["role"], a["password"], a["otpauth_uri"]) for a in accounts],
        )
    )
    inv.print("These are demo credentials for made-up data; never use them for real customers.")


# --------------------------------------------------------------------------- staff


def staff_add(inv: Invocation) -> int:
    ctx = inv.context()  # a missing database is reported before anything is read
    new_password = _new_password(f"Initial password for {inv.args.name}")
    actor = inv.sign_in_for_write()
    enrollment = staff.add_staff(
        ctx, actor, inv.args.name, inv.args.role, new_password, inv.args.display_name
    )
    _enrollment(inv, enrollment, f"Staff member {enrollment.username} added as {enrollment.role}.")
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
    return _done(inv, f"{inv.args.name} is unlocked; their failed attempts are reset.")


def staff_reset_2fa(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    enrollment = staff.reset_second_factor(inv.context(), actor, inv.args.name)
    _enrollment(
        inv,
        enrollment,
        f"Second factor of {enrollment.username} reset; their old "
        "authenticator and recovery codes no longer work.",
    )
    return OK


def staff_reset_password(inv: Invocation) -> int:
    ctx = inv.context()
    new_password = _new_password(f"New password for {inv.args.name}")
    actor = inv.sign_in_for_write()
    enrollment = staff.reset_password(ctx, actor, inv.args.name, new_password)
    _enrollment(inv, enrollment, staff.RESET_PASSWORD_NOTE.format(name=enrollment.username))
    return OK


def staff_set_role(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    staff.set_role(inv.context(), actor, inv.args.name, inv.args.role)
    return _done(inv, f"{inv.args.name} now has the role {inv.args.role}.")


def staff_deactivate(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    staff.deactivate_staff(inv.context(), actor, inv.args.name)
    return _done(inv, f"{inv.args.name} is deactivated and can no longer sign in.")


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
            ["session", "user", "role", "since", "last seen", "from", "client", "ended"],
            [
                (
                    f"{s.id}{' (this one)' if s.yours else ''}",
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
        else "No sessions."
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
    return _done(inv, f"Session {ended.id} of {ended.username} is ended ({ended.end_reason}).")


# --------------------------------------------------------------------------- customers


def customers_search(inv: Invocation) -> int:
    actor = inv.sign_in()
    statuses = tuple(inv.args.status) if inv.args.status else None
    hits = customers.search_customers(
        inv.context(), actor, inv.args.text, statuses=statuses, limit=inv.args.limit
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(h) for h in hits]))
    elif not hits:
        inv.print("No customer matches.")
    else:
        inv.print(
            output.table(
                ("account", "name", "company", "status", "email", "phone"),
                [(h.account_number, h.name, h.company, h.status, h.email, h.phone) for h in hits],
            )
        )
    return OK


def customer_show(inv: Invocation) -> int:
    actor = inv.sign_in()
    view = customers.show_customer(inv.context(), actor, inv.args.customer)
    inv.print(output.to_json(view.to_dict()) if inv.json else output.customer_text(view))
    return OK


def parse_changes(pairs: list[str], command: str = "customer edit") -> dict[str, str]:
    """FIELD=VALUE arguments; each field once, every field one that can be edited.

    ``command`` is the command whose --help lists the fields (named in the messages).
    """
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadInput(
                _("{pair!r} is not FIELD=VALUE; '{command} --help' lists the fields.").format(
                    pair=pair, command=command
                ),
                "changes",
            )
        if name in changes:
            raise BadInput(
                _("The field {name} is given twice; give each field once.").format(name=name), name
            )
        changes[name] = value
    unknown = [n for n in changes if n not in customers.EDITABLE_FIELDS]
    if unknown:
        raise BadInput(
            _(
                "{join_unknown}: not a field that can be edited; '{command} --help' lists them."
            ).format(join_unknown=", ".join(unknown), command=command),
            unknown[0],
        )
    return changes


class DuplicatesFound(VoxError):
    """A registration matches records on file; nothing was written."""

    exit_status = PROBLEM


def _verified_by(inv: Invocation) -> str:
    """--verified-by, checked before signing in (no code is used up)."""
    return verification_method(inv.args.verified_by)


def customer_edit(inv: Invocation) -> int:
    changes = parse_changes(inv.args.changes)
    method = _verified_by(inv)
    confirmed = bool(inv.args.confirm_impact)

    def impact_first(actor: Actor) -> None:
        impact = customers.edit_impact(inv.context(), actor, inv.args.customer, changes)
        if impact.blocked:
            raise customers.ImpactBlocked(impact)
        if impact.services and not confirmed:
            raise Refused(
                _(
                    "{impact_sentence} Nothing was saved: run the command "
                    "again with --confirm-impact to save the change anyway."
                ).format(impact_sentence=impact.sentence())
            )

    actor = inv.sign_in_for_write(impact_first)
    view = customers.edit_customer(
        inv.context(),
        actor,
        inv.args.customer,
        changes,
        verified_by=method,
        expected_version=inv.args.expected_version,
        confirm_impact=confirmed,
    )
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    else:
        inv.print(
            f"Customer {view.account_number} saved ({', '.join(changes)}); "
            f"now at version {view.version}."
        )
    return OK


def _consent_choices(pairs: list[str]) -> dict[str, bool]:
    chosen: dict[str, bool] = {}
    for pair in pairs:
        purpose, sep, state = pair.partition("=")
        if not sep or state.strip().lower() not in ("on", "off") or not purpose.strip():
            raise BadInput(
                _("--consent {pair!r}: give PURPOSE=on or PURPOSE=off, e.g. newsletter=on.").format(
                    pair=pair
                ),
                "consents",
            )
        chosen[purpose.strip()] = state.strip().lower() == "on"
    return chosen


def customers_register(inv: Invocation) -> int:
    fields = parse_changes(inv.args.fields, "customers register")
    consents_given = _consent_choices(inv.args.consent)
    emails, phones = list(inv.args.email), list(inv.args.phone)
    country = fields.get("address.private.country") or fields.get("address.business.country")
    postal = [v for k, v in fields.items() if k.endswith(".postal_code")]

    def duplicates_first(actor: Actor) -> None:
        hits = customers.find_duplicates(
            inv.context(),
            actor,
            inv.args.name,
            [*emails, *([fields["email"]] if fields.get("email") else [])],
            [*phones, *([fields["phone"]] if fields.get("phone") else [])],
            postal,
            country,
        )
        if hits and not inv.args.even_if_duplicate:
            inv.print(
                output.table(
                    ("account", "name", "status", "why"),
                    [(h.account_number, h.name, h.status, "; ".join(h.reasons)) for h in hits],
                )
            )
            raise DuplicatesFound(
                _(
                    "Possibly already a customer (listed above); nothing was "
                    "saved. Open the existing record ('customer show ID'), or "
                    "pass --even-if-duplicate to register anyway."
                )
            )

    actor = inv.sign_in_for_write(duplicates_first)
    view = customers.create_customer(
        inv.context(),
        actor,
        inv.args.kind,
        inv.args.name,
        fields,
        emails=emails,
        phones=phones,
        consents=consents_given,
        consent_source=inv.args.consent_source,
        consent_evidence=inv.args.consent_evidence,
        even_if_duplicate=inv.args.even_if_duplicate,
    )
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    else:
        inv.print(f"Customer {view.account_number} registered ({view.name}).")
        inv.print(view.account_number)
    return OK


def interaction_add(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    row = customers.record_interaction(
        inv.context(), actor, inv.args.customer, inv.args.channel, inv.args.summary
    )
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(row)))
    else:
        inv.print(f"Interaction recorded ({output.word(row.channel)}, by {row.staff}).")
    return OK


def interaction_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    rows = customers.list_interactions(
        inv.context(), actor, inv.args.customer, limit=inv.args.limit
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(r) for r in rows]))
    elif not rows:
        inv.print("No interactions on record.")
    else:
        inv.print(
            output.table(
                ("at", "channel", "staff", "summary"),
                [(r.at, output.word(r.channel), r.staff, r.summary) for r in rows],
            )
        )
    return OK


def consent_set(inv: Invocation) -> int:
    method = _verified_by(inv)
    actor = inv.sign_in_for_write()
    states = consents.set_consent(
        inv.context(),
        actor,
        inv.args.customer,
        inv.args.purpose,
        inv.args.state == "on",
        inv.args.source,
        inv.args.evidence,
        verified_by=method,
    ).states
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(s) for s in states]))
    else:
        inv.print(
            output.table(
                ("purpose", "state", "since", "source"),
                [
                    (s.purpose, "on" if s.granted else "off", s.since, output.word(s.source))
                    for s in states
                ],
            )
        )
    return OK


def _read_lines(name: str) -> list[str]:
    if name == "-":
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        label = "standard input"
    else:
        path = Path(name)
        label = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BadInput(_("There is no file {label}.").format(label=label), "file") from None
        except IsADirectoryError:
            raise BadInput(
                _("{label} is a directory, not a file.").format(label=label), "file"
            ) from None
        except OSError as exc:
            raise BadInput(
                _("The file {label} cannot be read ({strerror}).").format(
                    label=label, strerror=exc.strerror
                ),
                "file",
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _(
                "{label} is not UTF-8 text (byte {start_1} is not); save it as UTF-8 and try again."
            ).format(label=label, start_1=exc.start + 1),
            "file",
        ) from None
    return text.splitlines()


def unsubscribe_import(inv: Invocation) -> int:
    lines = _read_lines(inv.args.file)
    actor = inv.sign_in_for_write()
    result = consents.import_unsubscribes(inv.context(), actor, lines)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(result)))
    else:
        inv.print(
            f"applied {result.applied}, already off {result.already_off}, unknown {result.unknown}"
        )
    return OK


# --------------------------------------------------------------------------- audit


def audit_verify(inv: Invocation) -> int:
    expect = audit.parse_head(inv.args.head) if inv.args.head else None
    actor = inv.sign_in()
    report = audit.verify_chain(inv.context(), actor, expect=expect)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(report)))
    elif report.ok:
        inv.print(
            f"audit chain intact: {report.events} entries, head "
            f"{report.head_seq}:{report.head_hash}"
        )
    else:
        inv.print(f"audit chain BROKEN at entry {report.first_bad_seq}: {report.problem}")
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
        return _done(inv, f"The keyring already holds the master key of database {actual}.")
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
    return _done(inv, f"Master key of database {actual} stored in this workstation's keyring.")


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
        password = getpass.getpass(f"PostgreSQL password for {target.display}: ")
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
    return _done(inv, f"Password for {target.display} stored in the keyring.")
