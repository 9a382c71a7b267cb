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
from voxprivacy.i18n import ngettext
from voxprivacy.logs import log_dir
from voxprivacy.security import passwords
from voxprivacy.security.keyring_store import SecretStore, describe_backend
from voxprivacy.services import audit
from voxprivacy.services.context import master_key_name
from voxprivacy.storage import schema as migrations
from voxprivacy.storage.database import Database, ping
from voxprivacy.storage.models import Staff

OK_STATUS, PROBLEM_STATUS, NOT_CHECKED = "ok", "problem", "not checked"


def _waiting(n: int) -> str:
    return ngettext("{n} change waiting", "{n} changes waiting", n).format(n=n)


UNSAFE_DIRECT_ACCESS = (
    "unsafe: direct database access from a workstation (trusted workstation mode); move it "
    "to a head office server — see docs/server.md"
)

MODES = {
    "encrypted": "encrypted local SQLite (SQLCipher)",
    "sqlite": "plain SQLite (not encrypted)",
    "postgresql": "PostgreSQL",
}


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
        prefix = "PROBLEM: " if self.status == PROBLEM_STATUS else ""
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
            check = Check(step.__name__, step.__name__.replace("_", " "))
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
            check.skip("not checked (no usable database URL)")
            return
        direct = target.mode == "postgresql"
        check.data = {"direct_database": direct}
        if direct:
            check.fail(UNSAFE_DIRECT_ACCESS)
        else:
            check.detail = "a database on this computer (no central database opened directly)"

    def reachable(self, check: Check) -> None:
        check.data = {"reachable": False}
        try:
            target = self.inv.target()
        except Exception:
            check.skip("not checked (no usable database URL)")
            return
        db = self.inv.database()
        ping(db)  # opens a connection and runs SELECT 1
        self.db = db
        check.data = {"reachable": True}
        check.detail = (
            "yes, the server answers"
            if target.mode == "postgresql"
            else "yes, the file opens and answers"
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
            check.detail = f"{names} (safe)"

    def schema(self, check: Check) -> None:
        newest = migrations.head_revision()
        check.data = {"revision": None, "newest": newest, "current": False}
        if self.db is None:
            check.skip("not checked (the database does not answer)")
            return
        revision = migrations.current_revision(self.db)
        check.data["revision"] = revision
        if revision is None:
            check.fail("no voxprivacy schema yet; set it up with 'voxprivacy-admin init'")
        elif revision != newest:
            check.fail(
                f"revision {revision}, but this program needs {newest}; upgrade with "
                "'voxprivacy-admin init'"
            )
        else:
            self.schema_current = True
            check.data["current"] = True
            check.detail = f"revision {revision} (newest)"

    def master_key(self, check: Check) -> None:
        check.data = {"installation_id": None, "present": False}
        if self.db is None or not self.schema_current:
            check.skip("not checked (no usable database schema)")
            return
        installation_id = _installation_id(self.db)
        check.data["installation_id"] = installation_id
        if installation_id is None:
            check.fail("the database has no installation record; run 'voxprivacy-admin init'")
            return
        key = self.inv.secrets.get(master_key_name(installation_id))
        if key is None:
            check.fail(
                f"this workstation's keyring has no master key for database "
                f"{installation_id}; run 'voxprivacy-admin key export' where it is "
                "and 'voxprivacy-admin key import' here"
            )
            return
        check.data["present"] = True
        if _key_opens_data(self.db, key) is False:
            check.fail(
                f"the keyring's master key for database {installation_id} does not "
                "decrypt its data; import the right one with 'voxprivacy-admin key "
                "import'"
            )
            return
        check.detail = f"present in this workstation's keyring (database {installation_id})"

    def sign_in(self, check: Check) -> None:
        """Someone must be able to sign in: an active staff member with a usable password."""
        check.data = {"staff": None, "can_sign_in": None}
        if self.db is None or not self.schema_current:
            check.skip("not checked (no usable database schema)")
            return
        with self.db.read() as session:
            members = session.execute(select(Staff.active, Staff.password_hash)).all()
        usable = sum(1 for m in members if m.active and passwords.is_usable_hash(m.password_hash))
        check.data = {"staff": len(members), "can_sign_in": usable}
        if not members:
            check.fail(
                "nobody can sign in: the database has no staff. Create the first admin with "
                "'voxprivacy-admin init --admin NAME' (a stopped demo: delete the file and "
                "run demo again)"
            )
        elif not usable:
            check.fail(
                f"nobody can sign in: none of the {len(members)} staff member(s) is active "
                "with a usable password. Restore the database from a backup"
            )
        else:
            check.detail = f"{usable} active staff member(s) with a password"

    def synchronisation(self, check: Check) -> None:
        from voxprivacy.sync import replica

        check.data = {"role": None}
        if self.db is None or not self.schema_current:
            check.skip("not checked (no usable database schema)")
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
            check.detail = "central database: branches synchronise with it"
        elif state.role != "replica":
            check.detail = "standalone (no synchronisation)"
        elif state.last_error is not None:
            check.fail(
                f"branch of {state.central}; the last sync failed ({state.last_error}); "
                + _waiting(state.waiting)
            )
        else:
            when = (
                state.last_success_at.strftime("%Y-%m-%d %H:%M UTC")
                if state.last_success_at
                else "never"
            )
            check.detail = f"branch of {state.central}; {_waiting(state.waiting)}; last sync {when}"

    def audit_chain(self, check: Check) -> None:
        check.data = {"checked": False, "ok": None, "entries": None, "head": None}
        if not (self.inv.args.user or os.environ.get(ENV_USER, "").strip()):
            check.skip("not checked (sign in with --user to check)")
            return
        if self.db is None or not self.schema_current:
            check.skip("not checked (no usable database schema)")
            return
        actor = self.inv.sign_in()  # a read: the password, no code
        if not may(actor.role, Permission.READ_AUDIT):
            check.skip(
                f"not checked (the role {actor.role} may not verify it; sign in as a "
                "supervisor or admin to check)"
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
            check.detail = (
                f"intact, {report.events} entries, head {report.head_seq}:{report.head_hash}"
            )
        else:
            check.fail(f"BROKEN at entry {report.first_bad_seq}: {report.problem}")

    def log_directory(self, check: Check) -> None:
        path = log_dir()
        check.data = {"path": str(path), "exists": path.is_dir()}
        if path.exists() and not path.is_dir():
            check.fail(f"{path} is not a directory")
        elif path.is_dir():
            if os.access(path, os.W_OK):
                check.detail = str(path)
            else:
                check.fail(f"{path} is not writable")
        else:
            parent = _existing_parent(path)
            if parent is not None and os.access(parent, os.W_OK):
                check.detail = f"{path} (created when the first log is written)"
            else:
                check.fail(f"{path} does not exist and cannot be created")


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
            "all checks passed"
            if not problems
            else ngettext(
                "{n} problem found: {checks}", "{n} problems found: {checks}", len(problems)
            ).format(n=len(problems), checks=", ".join(c.label for c in problems))
        )
    return 1 if problems else 0
