"""The branch's side: set a replica up, push its outbox, pull the hub's log.

Every step is one transaction on each side, so a link that drops anywhere
leaves both databases as they were before that step or after it:

- *push* sends the outbox a page at a time; the hub applies each page in one
  transaction and answers with outcomes. An answer lost after the hub's
  commit is harmless: the operations are sent again and the hub answers from
  its log.
- *pull* reads the hub's log after the branch's cursor a page at a time and
  applies each page locally in one transaction that also moves the cursor and
  drops the outbox entries the page confirms.

Fields the branch changed and the hub has not confirmed yet keep their local
value during a pull: their own log entry (later in the log) settles them.
"""

from __future__ import annotations

import contextlib
import gc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from voxprivacy.errors import ConfigurationError, DatabaseUnavailable, KeyringUnavailable, VoxError
from voxprivacy.i18n import N_, _
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import search_index
from voxprivacy.services.context import master_key_name
from voxprivacy.services.erasure import purge_customer
from voxprivacy.services.search_index import SEARCHED
from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage import schema, wire
from voxprivacy.storage.database import Database, DatabaseTarget, busy_error, is_busy
from voxprivacy.sync import hub
from voxprivacy.sync.rows import RowBuffer
from voxprivacy.sync.transport import (
    InProcess,
    Interrupted,
    Offline,
    SyncRefused,
    Transport,
)

__all__ = ["Interrupted", "Offline", "SyncRefused"]  # raised here, defined with the transport

PAGE = 1000
_CARRY_ON = N_("Nothing was lost: this branch keeps working and the next sync carries on.")
CARRY_ON_TEXT = _CARRY_ON
_NOT_SET_UP = N_("Nothing was set up here; run the same command again when the line is back.")
Fault = Callable[[str], None]

# Copied as they are when a branch is set up (derived search terms included).
_CLONED = [*wire.SYNCED.values()]


@dataclass
class SyncReport:
    central: str
    cloned: bool = False
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    repeated: int = 0
    pulled: int = 0
    erased: int = 0
    cursor: int = 0
    copied: dict[str, int] = field(default_factory=dict)

    @property
    def moved(self) -> bool:
        return bool(self.pushed or self.pulled or self.cloned)


@dataclass(frozen=True)
class SyncStatus:
    role: str
    central: str | None
    waiting: int
    cursor: int
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def status(db: Database) -> SyncStatus:
    """Role, changes waiting and the last synchronisation, read from the local database."""
    with db.read() as session:
        state = session.get(m.SyncState, 1)
        waiting = session.execute(select(func.count()).select_from(m.Outbox)).scalar_one()
    if state is None:
        return SyncStatus("standalone", None, 0, 0, None, None, None)
    return SyncStatus(
        state.role,
        state.central,
        int(waiting),
        state.cursor,
        state.last_success_at,
        state.last_attempt_at,
        state.last_error,
    )


@contextmanager
def central_errors(central: Database, carry_on: str = _CARRY_ON) -> Iterator[None]:
    """Errors of the central connection become Offline (the branch carries on)."""
    try:
        yield
    except DatabaseUnavailable as exc:
        _refuse_credentials(central, exc.message)
        raise Offline(
            _("{message} {carry_on}").format(message=exc.message, carry_on=_(carry_on))
        ) from None
    except Exception as exc:  # a dropped link shows up as many driver errors
        from sqlalchemy.exc import DBAPIError

        if is_busy(exc):
            raise busy_error(central.target.display) from None
        if isinstance(exc, DBAPIError) and _is_link_error(exc):
            _refuse_credentials(central, _first_line(exc))
            raise Offline(
                _(
                    "The central database {central_target_display} stopped "
                    "answering ({first_line_exc}). {carry_on}"
                ).format(
                    central_target_display=central.target.display,
                    first_line_exc=_first_line(exc),
                    carry_on=_(carry_on),
                )
            ) from None
        raise


def _refuse_credentials(central: Database, detail: str) -> None:
    """A refused password is a setting to fix, not a line that is down."""
    if "password authentication failed" in detail or "no password supplied" in detail:
        raise SyncRefused(
            _(
                "The central database {central_target_display} refused the "
                "password. Store the right one in this workstation's "
                "keyring with 'voxprivacy-admin --db "
                "{central_target_display} db remember-password' (it reads "
                "standard input)."
            ).format(central_target_display=central.target.display)
        )


def _is_link_error(exc: Exception) -> bool:
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def check_schema(central: Database, local: Database | None) -> None:
    theirs = schema.current_revision(central)
    ours = schema.head_revision()
    if theirs != ours:
        raise SyncRefused(
            _(
                "The central database is at schema revision {theirs} and "
                "this program expects {ours}. Upgrade both to the same "
                "version of voxprivacy (then run 'voxprivacy-admin init' "
                "against the central database); the branch keeps its "
                "changes until then."
            ).format(theirs=theirs, ours=ours)
        )
    if local is not None and schema.current_revision(local) != ours:
        raise SyncRefused(
            _(
                "This branch's database has an older schema; run "
                "'voxprivacy-admin init' on it first. Its changes are kept "
                "until then."
            )
        )


def _central_role(central: Database) -> None:
    if central.sync_role() != "hub":
        raise SyncRefused(
            _(
                "{central_target_display} is not a central database (only "
                "PostgreSQL databases made with 'voxprivacy-admin init' "
                "can be)."
            ).format(central_target_display=central.target.display)
        )


# ----------------------------------------------------------------------------- setting up


def remembered_url(central: Database) -> str:
    """The central URL as a replica keeps it: without a password (that stays in the keyring)."""
    return central.target.url.set(password=None).render_as_string(hide_password=False)


def is_empty(local: Database) -> bool:
    if not schema.has_schema(local):
        return True
    with local.read() as session:
        staff = session.execute(select(func.count()).select_from(m.Staff)).scalar_one()
        customers = session.execute(select(func.count()).select_from(m.Customer)).scalar_one()
    return not staff and not customers


def refuse_unencrypted(local: Database | DatabaseTarget) -> None:
    """A branch copy holds every staff member's password hash and the customers' records:
    it is never a plain SQLite file another program could read."""
    target = local.target if isinstance(local, Database) else local
    if target.mode == "sqlite":
        raise SyncRefused(
            _(
                "{display} is a plain, unencrypted SQLite file, and a "
                "branch copy holds every staff member's password hash and "
                "the customers' records. Set the branch up on an encrypted "
                "database: leave --db out (the encrypted file in your data "
                "directory) or use --db sqlite+pysqlcipher:///PATH. "
                "Nothing was set up."
            ).format(display=target.display)
        )


def setup_replica(
    local: Database,
    central: Database,
    secrets: SecretStore,
    branch: str,
    *,
    allow_unencrypted: bool = False,
) -> SyncReport:
    """Make an empty local database a copy of the central one, at one point of its log.

    The local database must be encrypted; ``allow_unencrypted`` is for the test harness,
    whose checks read a replica's bytes on disk.
    """
    if not allow_unencrypted:
        refuse_unencrypted(local)
    report = SyncReport(central.target.display, cloned=True)
    with central_errors(central, _NOT_SET_UP):
        check_schema(central, None)
        _central_role(central)
        if not is_empty(local):
            raise SyncRefused(
                _(
                    "{local_target_display} already holds data and is not a "
                    "replica of {central_target_display}; set a branch up on a "
                    "new, empty database."
                ).format(
                    local_target_display=local.target.display,
                    central_target_display=central.target.display,
                )
            )
        with central.engine.connect() as source:
            source = source.execution_options(isolation_level="REPEATABLE READ")
            with source.begin():
                inst = source.execute(select(m.table_of(m.Installation))).first()
                if inst is None:
                    raise ConfigurationError(
                        _(
                            "The central database has no installation record; run "
                            "'voxprivacy-admin init' against it first."
                        )
                    )
                if secrets.get(master_key_name(inst.installation_id)) is None:
                    raise KeyringUnavailable(
                        _(
                            "This workstation's keyring has no master key for the "
                            "central database ({inst_installation_id}). On a "
                            "head-office workstation run 'voxprivacy-admin key export' "
                            "and store the line here with 'voxprivacy-admin key "
                            "import' (it reads standard input)."
                        ).format(inst_installation_id=inst.installation_id)
                    )
                schema.upgrade(local)
                cursor = source.execute(
                    select(m.table_of(m.SyncCounter).c.seq).where(
                        m.table_of(m.SyncCounter).c.id == 1
                    )
                ).scalar_one()
                with local.write() as session:
                    session.info[ch.APPLYING] = True
                    target = session.connection()
                    tables = [
                        *(spec.table for spec in _CLONED),
                        m.table_of(m.CustomerSearchTerm),
                    ]
                    for table in tables:
                        report.copied[table.name] = _copy(source, target, table)
                    target.execute(delete(m.table_of(m.Installation)))
                    target.execute(
                        insert(m.table_of(m.Installation)).values(
                            id=1,
                            installation_id=inst.installation_id,
                            created_at=_now(),
                            branch=branch,
                        )
                    )
                    target.execute(
                        update(m.table_of(m.SyncState))
                        .where(m.table_of(m.SyncState).c.id == 1)
                        .values(
                            role="replica",
                            central=remembered_url(central),
                            cursor=cursor,
                            last_success_at=_now(),
                            last_attempt_at=_now(),
                            last_error=None,
                        )
                    )
    local.forget_sync_role()
    report.cursor = cursor
    return report


def _copy(source: Any, target: Any, table: Any) -> int:
    result = source.execution_options(yield_per=5000).execute(select(table))
    count = 0
    for part in result.partitions():
        rows = [dict(r._mapping) for r in part]
        target.execute(insert(table), rows)
        count += len(rows)
    return count


# ----------------------------------------------------------------------------- synchronising


def sync_once(
    local: Database,
    central: Database | Transport,
    *,
    page: int = PAGE,
    fault: Fault | None = None,
) -> SyncReport:
    """Push the outbox, then pull the log to its end; safe to stop anywhere and run again.

    ``central`` is the line to head office (a ``Transport``); a central ``Database``
    is reached in process (tests and benchmarks).
    """
    state = status(local)
    if state.role != "replica":
        raise SyncRefused(
            _(
                "{local_target_display} is not a branch replica; set it up with "
                "'voxprivacy-admin sync --server URL --enrol TOKEN' on a new, empty database."
            ).format(local_target_display=local.target.display)
        )
    line = InProcess(central, local.branch_name()) if isinstance(central, Database) else central
    report = SyncReport(line.display)
    try:
        with line.errors(_CARRY_ON), _without_cycle_collection():
            line.check(local)
            _push(local, line, report, page, fault)
            _pull(local, line, report, page, fault)
    except Interrupted:
        raise
    except BaseException as exc:
        remember_failure(local, exc)
        raise
    _remember(local, error=None)
    report.cursor = _cursor(local)
    return report


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Hold Python's cycle collector off while pages are applied.

    A page makes hundreds of thousands of small dicts and lists, none of them
    part of a reference cycle; each burst of them sets off collections that walk
    every object the process holds, again and again (a tenth to a fifth of a
    large sync). Plain reference counting still frees them; the collector runs
    again when the sync ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cursor(local: Database) -> int:
    """How far into the central log this copy is (``status`` also counts the outbox)."""
    with local.read() as session:
        return int(
            session.execute(select(m.SyncState.cursor).where(m.SyncState.id == 1)).scalar_one()
        )


def check_same(local: Database, central: Database) -> None:
    """The central URL must still lead to the database this branch is a copy of."""
    _central_role(central)
    query = select(m.table_of(m.Installation).c.installation_id)
    with local.read() as session:
        ours = session.execute(query).scalar()
    with central.read() as session:
        theirs = session.execute(query).scalar()
    if ours != theirs:
        raise SyncRefused(
            _(
                "{central_target_display} is no longer the central "
                "database this branch was set up from (it is database "
                "{record}, this branch belongs to {ours}); nothing was "
                "sent or received. The branch keeps its changes; check the "
                "central database's address."
            ).format(
                central_target_display=central.target.display,
                record=theirs or "without an installation record",
                ours=ours,
            )
        )


def describe_failure(exc: BaseException) -> str:
    """A failed sync as ``sync status`` shows it: the message, or the kind of fault."""
    if isinstance(exc, VoxError):
        return exc.message
    if isinstance(exc, KeyboardInterrupt):
        return _("interrupted before it finished")
    return _("stopped by an unexpected {kind}: {error}").format(
        kind=type(exc).__name__, error=_first_line(exc)
    )


def remember_failure(local: Database, exc: BaseException) -> None:
    """Record a failed attempt as the last error; a local database that cannot take even
    that (busy, gone) must not hide the failure itself."""
    with contextlib.suppress(Exception):
        _remember(local, error=describe_failure(exc)[:500])


def _remember(local: Database, *, error: str | None) -> None:
    now = _now()
    values: dict[str, Any] = {"last_attempt_at": now, "last_error": error}
    if error is None:
        values["last_success_at"] = now
    with local.write() as session:
        session.info[ch.APPLYING] = True
        session.execute(update(m.SyncState).where(m.SyncState.id == 1).values(values))


def _push(
    local: Database, line: Transport, report: SyncReport, page: int, fault: Fault | None
) -> None:
    after: uuid.UUID | None = None
    outbox = m.table_of(m.Outbox)
    while True:
        query = select(
            outbox.c.op_id,
            outbox.c.staff_id,
            outbox.c.made_at,
            outbox.c.payload,
            outbox.c.erased,
            outbox.c.signature,
        ).order_by(outbox.c.op_id)
        if after is not None:
            query = query.where(outbox.c.op_id > after)
        with local.read() as session:
            batch = session.connection().execute(query.limit(page)).all()
        if not batch:
            return
        # sent as stored: the hub reads each one, and sets aside whatever it cannot read
        ops = [
            hub.IncomingOp(
                o.op_id,
                o.staff_id,
                o.made_at,
                o.payload,
                bool(o.erased),
                None if o.signature is None else bytes(o.signature),
            )
            for o in batch
        ]
        outcomes = line.push(ops, fault)
        if fault:
            fault("push:answered")
        for outcome in outcomes:
            if outcome.repeated:
                report.repeated += 1
                continue
            report.pushed += 1
            if outcome.outcome == hub.APPLIED:
                report.applied += 1
            else:
                report.rejected += 1
            report.conflicts += outcome.conflicts
        after = batch[-1].op_id


def _pull(
    local: Database, line: Transport, report: SyncReport, page: int, fault: Fault | None
) -> None:
    pending_cache: dict[uuid.UUID, set[tuple[str, str, str]]] = {}
    while True:
        cursor = _cursor(local)
        entries = line.pull(cursor, page)
        if not entries:
            return
        if fault:
            fault("pull:read")
        with local.write() as session:
            session.info[ch.APPLYING] = True
            state = session.execute(select(m.SyncState).where(m.SyncState.id == 1)).scalar_one()
            if state.cursor != cursor:  # another process pulled meanwhile
                continue
            report.erased += apply_entries(session, entries, pending_cache)
            session.execute(
                update(m.SyncState).where(m.SyncState.id == 1).values(cursor=entries[-1].seq)
            )
            if fault:
                fault("pull:before-commit")
        report.pulled += len(entries)
        if len(entries) < page:
            return


def apply_entries(
    session: Session,
    entries: list[hub.LogEntry],
    pending_cache: dict[uuid.UUID, set[tuple[str, str, str]]] | None = None,
) -> int:
    """Apply a page of the hub's log to this replica; returns how many customers it erased."""
    conn = session.connection()
    outbox = m.table_of(m.Outbox)
    mine = {entry.op_id for entry in entries}
    confirmed = [
        r.op_id for r in conn.execute(select(outbox.c.op_id).where(outbox.c.op_id.in_(mine)))
    ]
    if confirmed:
        conn.execute(delete(outbox).where(outbox.c.op_id.in_(confirmed)))
    cache = {} if pending_cache is None else pending_cache
    pending = _pending_fields(session, cache)
    rows = RowBuffer(session)
    incoming = [e for entry in entries for e in entry.effects.rows]
    rows.prefetch((e.key for e in incoming), hub.fields_of(incoming))
    erased = 0
    reindex: set[str] = set()
    for entry in entries:
        for eff in entry.effects:
            if isinstance(eff, wire.Erasure):
                rows.flush()
                purge_customer(session, uuid.UUID(eff.customer), eff.at, uuid.UUID(eff.keep))
                rows.forget()
                pending = _pending_fields(session, cache)
                reindex.discard(eff.customer)
                erased += 1
                continue
            key = eff.key
            if (key[0], key[1], "*") in pending:
                continue
            current = rows.get(key)
            if eff.action is wire.Action.DELETE:
                if current is not None:
                    rows.delete(key)
                    if key[0] in SEARCHED and eff.customer:
                        reindex.add(eff.customer)
                continue
            spec = wire.SYNCED[key[0]]
            free = {
                f: v
                for f, v in eff.values.items()
                if f in spec.columns and (key[0], key[1], f) not in pending
            }
            versions = rows.versions.setdefault(key, {})
            if current is None:
                if eff.action is not wire.Action.INSERT:
                    continue  # a row this branch no longer has (erased here first)
                rows.insert(key, dict(eff.values))
                differs = free
            else:
                differs = {f: v for f, v in free.items() if current.get(f) != v}
                if differs:
                    rows.update(key, differs)
            after = eff.versions or {}
            for f in free:
                version = after.get(f)
                if version is None:
                    versions.pop(f, None)
                else:
                    versions[f] = version
            if eff.customer and not SEARCHED.get(key[0], frozenset()).isdisjoint(differs):
                reindex.add(eff.customer)
    rows.flush()
    search_index.reindex_many(session.connection(), reindex)
    return erased


def _pending_fields(
    session: Session, known: dict[uuid.UUID, set[tuple[str, str, str]]]
) -> set[tuple[str, str, str]]:
    """(table, row, field) this branch changed and the hub has not confirmed yet.

    ``known`` keeps what earlier pages parsed: only operations queued since are read.
    """
    outbox = m.table_of(m.Outbox)
    conn = session.connection()
    queued = set(conn.execute(select(outbox.c.op_id)).scalars())
    for gone in set(known) - queued:
        del known[gone]
    new = sorted(queued - set(known))
    for start in range(0, len(new), 500):
        for op_id, payload in conn.execute(
            select(outbox.c.op_id, outbox.c.payload).where(
                outbox.c.op_id.in_(new[start : start + 500])
            )
        ):
            fields: set[tuple[str, str, str]] = set()
            try:
                operation = wire.decode(payload)
            except wire.WireError:  # the hub sets it aside: it keeps no field here
                operation = wire.Operation()
            for c in operation.rows:
                if c.action is wire.Action.DELETE:
                    fields.add((c.table, c.row_id, "*"))
                for f in c.touched:
                    fields.add((c.table, c.row_id, f))
            known[op_id] = fields
    return set().union(*known.values()) if known else set()
