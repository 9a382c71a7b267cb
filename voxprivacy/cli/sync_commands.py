"""Branch offices on the command line: ``sync``, ``sync status`` and the conflict queue.

``sync`` carries changes that were authorised (signed in, second factor) when they
were made, so it signs nobody in and never prompts: it runs from a timer. It sets
an empty local database up as a replica of the central PostgreSQL (``--central``),
and afterwards pushes the branch's outbox and pulls the central log. ``conflicts``
lists and settles the fields both sides changed differently (supervisors; settling
is a change like any other and needs the second factor).
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import uuid
from pathlib import Path

from sqlalchemy.engine import URL

from voxprivacy.cli import branch_commands, output
from voxprivacy.cli.session import Invocation
from voxprivacy.errors import (
    BadInput,
    ConfigurationError,
    DatabaseUnavailable,
    NotFound,
    Refused,
    VoxError,
)
from voxprivacy.i18n import _
from voxprivacy.services import conflicts, erasure_journal
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage import schema
from voxprivacy.storage.database import (
    Database,
    DatabaseTarget,
    open_database,
    parse_target,
    ping,
    sqlcipher_key_name,
)
from voxprivacy.sync import replica

OK = 0
KEEP = conflicts.KEEP
BRANCH_LIMIT = 100  # installation.branch is a String(100)
CENTRAL_EXAMPLE = "postgresql+psycopg://USER@HOST/DBNAME"
NOT_SET_UP = (
    "Nothing was set up here; run the same command again when the central database can be reached."
)


# --------------------------------------------------------------------------- the central URL


def _central_target(raw: str) -> DatabaseTarget:
    """``--central``: a PostgreSQL URL without a password (that one lives in the keyring)."""
    target = parse_target(raw)
    if target.mode != "postgresql":
        raise BadInput(
            _(
                "The central database is the head office's PostgreSQL: "
                "pass --central {central_example}."
            ).format(central_example=CENTRAL_EXAMPLE),
            "central",
        )
    if target.url.password is not None:
        raise BadInput(
            _(
                "Leave the password out of --central: store it once with "
                "'voxprivacy-admin --db {url} db remember-password' so "
                "that unattended runs find it in the keyring."
            ).format(url=_without_password(target.url)),
            "central",
        )
    return target


def _without_password(url: URL) -> str:
    return url._replace(password=None).render_as_string(hide_password=False)


def _remembered_target(text: str) -> DatabaseTarget:
    """The central URL a replica remembers (printed without its password)."""
    target = parse_target(text)
    if target.url.password is not None:  # '***' where a password was shown hidden
        target = DatabaseTarget(target.mode, target.url._replace(password=None))
    return target


def _identity(target: DatabaseTarget) -> tuple[str, str, int, str]:
    url = target.url
    return (url.username or "", url.host or "localhost", url.port or 5432, url.database or "")


# --------------------------------------------------------------------------- sync


def _is_missing(target: DatabaseTarget) -> bool:
    """No database file yet (the same rule open_database uses)."""
    path = target.path
    if path is None:
        return False
    return not path.exists() or (target.mode == "encrypted" and path.stat().st_size == 0)


def _branch_name(raw: str | None) -> str:
    given = raw is not None
    name = (socket.gethostname() if raw is None else raw).strip()
    fix = "pass --branch NAME" if not given else "choose another"
    if not name:
        raise BadInput(_("This branch needs a name: {fix}.").format(fix=fix), "branch")
    if len(name) > BRANCH_LIMIT or not name.isprintable():
        what = f"The branch name {name!r}" if given else f"This machine's host name {name!r}"
        raise BadInput(
            _(
                "{what} is not usable as a branch name (printable text, at "
                "most {branch_limit} characters): {fix}."
            ).format(what=what, branch_limit=BRANCH_LIMIT, fix=fix),
            "branch",
        )
    if name.casefold() == "central":
        raise BadInput(
            _(
                "'central' names the central database's own changes; give "
                "the branch another name with --branch NAME."
            ),
            "branch",
        )
    return name


def sync(inv: Invocation) -> int:
    """Set a branch up (first run, with --server and --enrol) or synchronise it (every later
    run)."""
    if inv.args.enrol is not None and inv.args.central is not None:
        raise BadInput(
            _("--enrol sets a branch up through the head office server; leave --central out."),
            "central",
        )
    central_target = _central_target(inv.args.central) if inv.args.central else None
    target = inv.target()
    if inv.args.enrol is not None:
        return _enrol(inv, target)
    if _is_missing(target):
        if central_target is None:
            raise BadInput(
                _(
                    "There is no database at {path}. To set this branch up, "
                    "name the central database: 'voxprivacy-admin sync "
                    "--central {central_example}'."
                ).format(path=target.path, central_example=CENTRAL_EXAMPLE),
                "db",
            )
        return _set_up(inv, central_target, create=True)
    local = inv.database()
    state = replica.status(local) if schema.has_schema(local) else None
    if state is None or state.role == "standalone":
        if not replica.is_empty(local):
            raise BadInput(
                _(
                    "{display} holds data of its own and is not a branch "
                    "replica; a branch is set up on a new, empty database "
                    "(point --db at a new file)."
                ).format(display=target.display),
                "db",
            )
        if central_target is None:
            raise BadInput(
                _(
                    "{display} is not a branch replica yet; set it up with "
                    "'voxprivacy-admin sync --central {central_example}'."
                ).format(display=target.display, central_example=CENTRAL_EXAMPLE),
                "db",
            )
        return _set_up(inv, central_target, create=False)
    if state.role != "replica":
        raise BadInput(
            _(
                "{display} is the central database ({state_role}); run "
                "sync on a branch's database (--db LOCAL)."
            ).format(display=target.display, state_role=state.role),
            "db",
        )
    if branch_commands.enrolled(local):
        return branch_commands.synchronise(inv, local)
    return _synchronise(inv, local, state, central_target)


def _enrol(inv: Invocation, target: DatabaseTarget) -> int:
    if _is_missing(target):
        return branch_commands.set_up(inv, create=True)
    local = inv.database()
    if schema.has_schema(local) and not replica.is_empty(local):
        raise BadInput(
            _(
                "{database} already holds data; a branch is enrolled on a new, empty "
                "database (point --db at a new file, or leave --enrol out to synchronise)."
            ).format(database=target.display),
            "db",
        )
    return branch_commands.set_up(inv, create=False)


def _set_up(inv: Invocation, central_target: DatabaseTarget, *, create: bool) -> int:
    branch = _branch_name(inv.args.branch)
    target = inv.target()
    replica.refuse_unencrypted(target)
    inv.secrets.ensure_usable()  # before a file or key exists: a refusal leaves nothing
    created = create and target.path is not None and not target.path.exists()
    key_name = sqlcipher_key_name(target.path) if target.mode == "encrypted" and target.path else ""
    key_existed = bool(key_name) and inv.secrets.get(key_name) is not None
    central = open_database(central_target, inv.secrets)
    try:
        try:
            ping(central)  # before a local file is made
        except DatabaseUnavailable as exc:
            raise replica.Offline(
                _("{message} {not_set_up}").format(message=exc.message, not_set_up=NOT_SET_UP)
            ) from None
        try:
            local = inv.database(create=create)
            report = replica.setup_replica(local, central, inv.secrets, branch)
        except BaseException as exc:
            if created:
                _remove_new_database(inv, target, "" if key_existed else key_name)
            if isinstance(exc, replica.Offline):
                raise replica.Offline(
                    _("{message} {not_set_up}").format(message=exc.message, not_set_up=NOT_SET_UP)
                ) from None
            raise
    finally:
        central.dispose()
    if inv.json:
        inv.print(
            output.to_json({"action": "setup", "branch": branch, **dataclasses.asdict(report)})
        )
        return OK
    for line in output.setup_lines(branch, target.display, report):
        inv.print(line)
    return OK


def _remove_new_database(inv: Invocation, target: DatabaseTarget, key_name: str) -> None:
    """Take back the file (and key) this run created for a set-up that did not finish."""
    inv.close()
    path = target.path
    if path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if key_name:
        with contextlib.suppress(Exception):
            inv.secrets.delete(key_name)


def _synchronise(
    inv: Invocation,
    local: Database,
    state: replica.SyncStatus,
    central_target: DatabaseTarget | None,
) -> int:
    if not state.central:
        replica.remember_failure(local, ConfigurationError(_("no central database is recorded")))
        raise ConfigurationError(
            _(
                "{local_target_display} is a replica but does not record "
                "its central database; set the branch up again on a new, "
                "empty database."
            ).format(local_target_display=local.target.display)
        )
    remembered = _remembered_target(state.central)
    if central_target is not None and _identity(central_target) != _identity(remembered):
        raise BadInput(
            _(
                "This branch synchronises with {remembered_display}, but "
                "--central names {central_target_display}; nothing was "
                "sent. Leave --central out (the branch remembers its "
                "central database), or set up a new branch database for "
                "the other one."
            ).format(
                remembered_display=remembered.display, central_target_display=central_target.display
            ),
            "central",
        )
    if inv.args.branch is not None and inv.args.branch.strip() != local.branch_name():
        raise BadInput(
            _(
                "This branch is called {local_branch_name!r}; --branch "
                "only names a branch when it is set up. Leave it out."
            ).format(local_branch_name=local.branch_name()),
            "branch",
        )
    try:
        central = open_database(remembered, inv.secrets)
    except VoxError as exc:  # the keyring (the central password) is part of the attempt
        replica.remember_failure(local, exc)
        raise
    try:
        try:
            report = replica.sync_once(local, central)
        except replica.Offline as exc:
            waiting = replica.status(local).waiting
            raise replica.Offline(
                _("{message} {kept_exc_message_waiting}").format(
                    message=exc.message, kept_exc_message_waiting=_kept(exc.message, waiting)
                )
            ) from None
    finally:
        central.dispose()
    if report.erased:  # erasures that came from the central database go into the journal
        erasure_journal.check_at_open(Context(local, inv.secrets))
    open_conflicts = conflicts.count_open(Context(local, inv.secrets))
    if inv.json:
        inv.print(
            output.to_json(
                {
                    "action": "sync",
                    **dataclasses.asdict(report),
                    "moved": report.moved,
                    "open_conflicts": open_conflicts,
                }
            )
        )
        return OK
    for line in output.sync_lines(report, open_conflicts):
        inv.print(line)
    return OK


def _kept(message: str, waiting: int) -> str:
    changes = "1 change waits" if waiting == 1 else f"{waiting} changes wait"
    if "nothing was lost" in message.lower():
        return f"({changes} here.)"
    return (
        f"Nothing was lost: {changes} here for the next sync, and the branch keeps working "
        "on its copy."
    )


def sync_status(inv: Invocation) -> int:
    """Role, central database, changes waiting and the last sync; reads only this database."""
    if inv.args.central is not None or inv.args.branch is not None:
        raise BadInput(
            _("'sync status' reads only this database; leave out --central and --branch."),
            "central",
        )
    target = inv.target()
    if _is_missing(target):
        raise BadInput(
            _(
                "There is no database at {path}, so this is no branch yet; "
                "set one up with 'voxprivacy-admin sync --central "
                "{central_example}'."
            ).format(path=target.path, central_example=CENTRAL_EXAMPLE),
            "db",
        )
    ctx = inv.context()
    state = replica.status(ctx.db)
    branch = ctx.db.branch_name() if state.role == "replica" else None
    open_conflicts = conflicts.count_open(ctx)
    if inv.json:
        inv.print(
            output.to_json(
                {**dataclasses.asdict(state), "branch": branch, "open_conflicts": open_conflicts}
            )
        )
        return OK
    inv.print(output.sync_status_text(state, branch, open_conflicts))
    return OK


# --------------------------------------------------------------------------- conflicts


def conflicts_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    views = conflicts.list_conflicts(inv.context(), actor, include_resolved=inv.args.all)
    if inv.json:
        inv.print(output.to_json([{**dataclasses.asdict(c), "open": c.open} for c in views]))
    elif not views:
        inv.print("No conflicts." if inv.args.all else "No open conflicts.")
    else:
        inv.print(output.conflicts_text(views))
    return OK


def _conflict_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise BadInput(
            _(
                "{text!r} is not a conflict id; 'voxprivacy-admin --user "
                "NAME conflicts list' shows them."
            ).format(text=text),
            "conflict",
        ) from None


def conflicts_resolve(inv: Invocation) -> int:
    wanted = _conflict_id(inv.args.conflict)
    keep: str | None = inv.args.keep
    value: str | None = inv.args.value
    ctx = inv.context()  # a missing database is reported before anything is asked

    def settle_able(actor: Actor) -> None:
        """Refused before the code is used up: unknown, settled, or no typed value possible."""
        found = next(
            (
                c
                for c in conflicts.list_conflicts(ctx, actor, include_resolved=True)
                if c.id == wanted
            ),
            None,
        )
        if found is None:
            raise NotFound(
                _(
                    "There is no conflict {wanted} here; 'conflicts list' "
                    "shows the open ones (sync first if it was reported at "
                    "another place)."
                ).format(wanted=wanted),
                "conflict",
            )
        if not found.open:
            raise Refused(
                _(
                    "Conflict {wanted} was already settled ({found_resolution} "
                    "by {found_resolved_by_or}); nothing changed."
                ).format(
                    wanted=wanted,
                    found_resolution=found.resolution,
                    found_resolved_by_or=found.resolved_by or "?",
                )
            )
        if value is not None and not found.may_type_value:
            raise BadInput(
                _(
                    "A typed value is not possible for {found_label}; choose "
                    "--keep central or --keep branch."
                ).format(found_label=found.label),
                "value",
            )

    actor = inv.sign_in_for_write(before_code=settle_able)
    view = conflicts.resolve_conflict(ctx, actor, wanted, keep=keep, value=value)
    if inv.json:
        inv.print(output.to_json({**dataclasses.asdict(view), "open": view.open}))
    else:
        inv.print(output.resolved_text(view))
    return OK
