"""``voxprivacy-admin doctor``: what IT needs to know when something is wrong.

One line per check: the database mode and URL (never a password), whether this
workstation opens the central PostgreSQL directly (reported as unsafe: it holds the
keys that bypass the second factor and the audit trail), whether it
answers, the keyring backend and whether it is safe, the schema revision, this
workstation's master key, whether anyone can sign in, the database's part in
branch synchronisation, the
audit chain (only with --user: verifying it needs a
signed-in supervisor or admin) and the log directory. Each check catches its own
errors and reports them as its problem, so doctor never fails with a traceback;
exit status 0 when all is well, 1 when a check found a problem.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from voxprivacy.cli import output
from voxprivacy.cli.commands import _installation_id, _key_opens_data
from voxprivacy.cli.session import ENV_USER, Invocation
from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import KeyringUnavailable, VoxError
from voxprivacy.i18n import N_, Vocabulary, _, ngettext
from voxprivacy.logs import log_dir
from voxprivacy.security import passwords
from voxprivacy.security.keyring_store import SecretStore, describe_backend
from voxprivacy.services import audit
from voxprivacy.services.context import master_key_name
from voxprivacy.storage import schema as migrations
from voxprivacy.storage.database import Database, ping
from voxprivacy.storage.models import Staff

OK_STATUS, PROBLEM_STATUS, NOT_CHECKED = "ok", "problem", "not checked"

UNSAFE_DIRECT_ACCESS = N_(
    "unsafe: direct database access from a workstation (trusted workstation mode); move it "
    "to a head office server — see docs/server.md"
)

MODES = Vocabulary(
    {
        "encrypted": N_("encrypted local SQLite (SQLCipher)"),
        "sqlite": N_("plain SQLite (not encrypted)"),
        "postgresql": N_("PostgreSQL"),
    }
)

# Each check's name starts its line (the JSON keys stay these names).
CHECK_LABELS = Vocabulary(
    {
        "database": N_("database"),
        "access": N_("access"),
        "reachable": N_("reachable"),
        "keyring": N_("keyring"),
        "schema": N_("schema"),
        "master_key": N_("master key"),
        "sign_in": N_("sign in"),
        "synchronisation": N_("synchronisation"),
        "audit_chain": N_("audit chain"),
        "log_directory": N_("log directory"),
    }
)


def _changes(n: int) -> str:
    return ngettext("{n} change", "{n} changes", n).format(n=n)


@dataclass
class Check:
    name: str  # the JSON key
    label: str  # the start of the line
    status: str = OK_STATUS
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def fail(self, detail: str) -> None:
        self.status, self.detail = PROBLEM_STATUS, detail

    def skip(self, detail: str) -> None:
        self.status, self.detail = NOT_CHECKED, detail

    @property
    def line(self) -> str:
        prefix = _("PROBLEM: ") if self.status == PROBLEM_STATUS else ""
        return f"{self.label}: {prefix}{output.safe(self.detail)}"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "detail": self.detail, **self.data}


def _reason(exc: BaseException) -> str:
    """An exception as one line for the report."""
    if isinstance(exc, VoxError):
        text = exc.message
    else:
        orig = getattr(exc, "orig", None)  # DBAPIError: the driver's own message
        source = orig if isinstance(orig, BaseException) else exc
        first = str(source).strip().splitlines()
        text = f"{type(source).__name__}: {first[0] if first else 'no detail'}"
    return textwrap.shorten(" ".join(text.split()), 400)


class Doctor:
    def __init__(self, inv: Invocation) -> None:
        self.inv = inv
        self.db: Database | None = None  # the opened database, once it answers
        self.schema_current = False

    def run(self) -> list[Check]:
        checks = []
        for step in (
            self.database,
            self.access,
            self.reachable,
            self.keyring,
            self.schema,
            self.master_key,
            self.sign_in,
            self.synchronisation,
            self.audit_chain,
            self.log_directory,
        ):
            check = Check(step.__name__, CHECK_LABELS[step.__name__])
            try:
                step(check)
            except Exception as exc:  # every check reports its own failure
                check.fail(_reason(exc))
            checks.append(check)
        return checks

    # ---- the checks, in order ---------------------------------------------------------------

    def database(self, check: Check) -> None:
        check.data = {"mode": None, "url": None}
        target = self.inv.target()
        check.data = {"mode": target.mode, "url": target.display}
        check.detail = f"{MODES.get(target.mode, target.mode)}, {target.display}"

    def access(self, check: Check) -> None:
        """A workstation that opens the central PostgreSQL itself holds the database password
        and the master key: its own user can bypass the second factor and the audit trail."""
        check.data = {"direct_database": None}
        try:
            target = self.inv.target()
        except Exception:
            check.skip(_("not checked (no usable database URL)"))
            return
        direct = target.mode == "postgresql"
        check.data = {"direct_database": direct}
        if direct:
            check.fail(_(UNSAFE_DIRECT_ACCESS))
        else:
            check.detail = _("a database on this computer (no central database opened directly)")

    def reachable(self, check: Check) -> None:
        check.data = {"reachable": False}
        try:
            target = self.inv.target()
        except Exception:
            check.skip(_("not checked (no usable database URL)"))
            return
        db = self.inv.database()
        ping(db)  # opens a connection and runs SELECT 1
        self.db = db
        check.data = {"reachable": True}
        check.detail = (
            _("yes, the server answers")
            if target.mode == "postgresql"
            else _("yes, the file opens and answers")
        )

    def keyring(self, check: Check) -> None:
        names, problem = describe_backend()
        if problem is None:
            try:
                SecretStore().ensure_usable()  # a backend that loads can still fail when read
            except KeyringUnavailable as exc:
                problem = exc.message
        check.data = {"backend": names, "safe": problem is None}
        if problem is not None:
            check.fail(f"{names}: {problem}")
        else:
            check.detail = _("{names} (safe)").format(names=names)

    def schema(self, check: Check) -> None:
        newest = migrations.head_revision()
        check.data = {"revision": None, "newest": newest, "current": False}
        if self.db is None:
            check.skip(_("not checked (the database does not answer)"))
            return
        revision = migrations.current_revision(self.db)
        check.data["revision"] = revision
        if revision is None:
            check.fail(_("no voxprivacy schema yet; set it up with 'voxprivacy-admin init'"))
        elif revision != newest:
            check.fail(
                _(
                    "revision {revision}, but this program needs {newest}; upgrade with "
                    "'voxprivacy-admin init'"
                ).format(revision=revision, newest=newest)
            )
        else:
            self.schema_current = True
            check.data["current"] = True
            check.detail = _("revision {revision} (newest)").format(revision=revision)

    def master_key(self, check: Check) -> None:
        check.data = {"installation_id": None, "present": False}
        if self.db is None or not self.schema_current:
            check.skip(_("not checked (no usable database schema)"))
            return
        installation_id = _installation_id(self.db)
        check.data["installation_id"] = installation_id
        if installation_id is None:
            check.fail(_("the database has no installation record; run 'voxprivacy-admin init'"))
            return
        key = self.inv.secrets.get(master_key_name(installation_id))
        if key is None:
            check.fail(
                _(
                    "this workstation's keyring has no master key for database "
                    "{installation_id}; run 'voxprivacy-admin key export' where it is and "
                    "'voxprivacy-admin key import' here"
                ).format(installation_id=installation_id)
            )
            return
        check.data["present"] = True
        if _key_opens_data(self.db, key) is False:
            check.fail(
                _(
                    "the keyring's master key for database {installation_id} does not "
                    "decrypt its data; import the right one with 'voxprivacy-admin key "
                    "import'"
                ).format(installation_id=installation_id)
            )
            return
        check.detail = _(
            "present in this workstation's keyring (database {installation_id})"
        ).format(installation_id=installation_id)

    def sign_in(self, check: Check) -> None:
        """Someone must be able to sign in: an active staff member with a usable password."""
        check.data = {"staff": None, "can_sign_in": None}
        if self.db is None or not self.schema_current:
            check.skip(_("not checked (no usable database schema)"))
            return
        with self.db.read() as session:
            members = session.execute(select(Staff.active, Staff.password_hash)).all()
        usable = sum(1 for m in members if m.active and passwords.is_usable_hash(m.password_hash))
        check.data = {"staff": len(members), "can_sign_in": usable}
        if not members:
            check.fail(
                _(
                    "nobody can sign in: the database has no staff. Create the first admin "
                    "with 'voxprivacy-admin init --admin NAME' (a stopped demo: delete the "
                    "file and run demo again)"
                )
            )
        elif not usable:
            check.fail(
                ngettext(
                    "nobody can sign in: the {n} staff member is not active with a usable "
                    "password. Restore the database from a backup",
                    "nobody can sign in: none of the {n} staff members is active with a usable "
                    "password. Restore the database from a backup",
                    len(members),
                ).format(n=len(members))
            )
        else:
            check.detail = ngettext(
                "{n} active staff member with a password",
                "{n} active staff members with a password",
                usable,
            ).format(n=usable)

    def synchronisation(self, check: Check) -> None:
        from voxprivacy.sync import replica

        check.data = {"role": None}
        if self.db is None or not self.schema_current:
            check.skip(_("not checked (no usable database schema)"))
            return
        state = replica.status(self.db)
        check.data = {
            "role": state.role,
            "central": state.central,
            "waiting": state.waiting,
            "log_position": state.cursor,
            "last_success_at": state.last_success_at.isoformat() if state.last_success_at else None,
            "last_error": state.last_error,
        }
        if state.role == "hub":
            check.detail = _("central database: branches synchronise with it")
        elif state.role != "replica":
            check.detail = _("standalone (no synchronisation)")
        elif state.last_error is not None:
            check.fail(
                _(
                    "branch of {central}; the last sync failed ({last_error}); {waiting} waiting"
                ).format(
                    central=state.central,
                    last_error=state.last_error,
                    waiting=_changes(state.waiting),
                )
            )
        else:
            when = (
                state.last_success_at.strftime("%Y-%m-%d %H:%M UTC")
                if state.last_success_at
                else _("never")
            )
            check.detail = _("branch of {central}; {waiting} waiting; last sync {when}").format(
                central=state.central, waiting=_changes(state.waiting), when=when
            )

    def audit_chain(self, check: Check) -> None:
        check.data = {"checked": False, "ok": None, "entries": None, "head": None}
        if not (self.inv.args.user or os.environ.get(ENV_USER, "").strip()):
            check.skip(_("not checked (sign in with --user to check)"))
            return
        if self.db is None or not self.schema_current:
            check.skip(_("not checked (no usable database schema)"))
            return
        actor = self.inv.sign_in()  # a read: the password, no code
        if not may(actor.role, Permission.READ_AUDIT):
            check.skip(
                _(
                    "not checked (the role {role} may not verify it; sign in as a supervisor "
                    "or admin to check)"
                ).format(role=actor.role)
            )
            return
        report = audit.verify_chain(self.inv.context(), actor)
        check.data = {
            "checked": True,
            "ok": report.ok,
            "entries": report.events,
            "head": f"{report.head_seq}:{report.head_hash}",
            "first_bad_seq": report.first_bad_seq,
        }
        if report.ok:
            check.detail = ngettext(
                "intact, {events} entry, head {head_seq}:{head_hash}",
                "intact, {events} entries, head {head_seq}:{head_hash}",
                report.events,
            ).format(events=report.events, head_seq=report.head_seq, head_hash=report.head_hash)
        else:
            check.fail(
                _("BROKEN at entry {first_bad_seq}: {problem}").format(
                    first_bad_seq=report.first_bad_seq, problem=report.problem
                )
            )

    def log_directory(self, check: Check) -> None:
        path = log_dir()
        check.data = {"path": str(path), "exists": path.is_dir()}
        if path.exists() and not path.is_dir():
            check.fail(_("{path} is not a directory").format(path=path))
        elif path.is_dir():
            if os.access(path, os.W_OK):
                check.detail = str(path)
            else:
                check.fail(_("{path} is not writable").format(path=path))
        else:
            parent = _existing_parent(path)
            if parent is not None and os.access(parent, os.W_OK):
                check.detail = _("{path} (created when the first log is written)").format(path=path)
            else:
                check.fail(_("{path} does not exist and cannot be created").format(path=path))


def _existing_parent(path: Path) -> Path | None:
    for parent in path.parents:
        if parent.exists():
            return parent if parent.is_dir() else None
    return None


def doctor(inv: Invocation) -> int:
    checks = Doctor(inv).run()
    problems = [c for c in checks if c.status == PROBLEM_STATUS]
    if inv.json:
        inv.print(
            output.to_json(
                {
                    "ok": not problems,
                    "problems": [c.name for c in problems],
                    **{c.name: c.to_dict() for c in checks},
                }
            )
        )
    else:
        for check in checks:
            inv.print(check.line)
        inv.print(
            _("all checks passed")
            if not problems
            else ngettext(
                "{n} problem found: {problems}", "{n} problems found: {problems}", len(problems)
            ).format(n=len(problems), problems=", ".join(c.label for c in problems))
        )
    return 1 if problems else 0
