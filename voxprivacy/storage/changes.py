"""Capturing every change to a synchronised table, in the transaction that makes it.

Each write transaction on a hub or a replica becomes one *operation*: the rows
it inserted, the fields it changed (with the versions they were based on) and
the rows it deleted. A replica appends the operation to its outbox; a hub
appends it to its log under the next number of its counter. Both happen in
the same transaction as the change itself, so a change without its record (or
the other way round) cannot exist.

An operation is made of the typed records of ``storage/wire.py``, which also
says how they are stored as JSON. Changes are collected from the ORM's
flushes. The few bulk statements that touch synchronised tables declare
themselves with ``note()`` (or as purely local with ``LOCAL``); any other bulk
statement on such a table is refused, so a new service cannot forget to be
synchronised.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    String,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    event,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from voxprivacy.errors import Refused
from voxprivacy.security.signing import MemberKeys, operation_bytes
from voxprivacy.storage import models as m
from voxprivacy.storage.database import OUTSIDE_LOG
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.wire import (
    SYNCED,
    Action,
    Change,
    Erasure,
    Operation,
    RowChange,
    TableSpec,
    WireError,
    decode,
    decode_value,
    dumps,
    encode,
    encode_value,
)

if TYPE_CHECKING:
    from voxprivacy.storage.database import Database

# execution option for a bulk statement that changes only local fields (failure counters)
LOCAL = {"sync": "local"}
# execution option for a bulk statement whose effect was recorded with note()
NOTED = {"sync": "noted"}

# the staff member whose service call is running (set by services.guard)
ACTING: ContextVar[uuid.UUID | None] = ContextVar("vox_acting_staff", default=None)
# their unwrapped keys on a replica, which sign what they record there (set with ACTING)
SIGNER: ContextVar[MemberKeys | None] = ContextVar("vox_acting_signer", default=None)

UNSIGNED = (
    "This change cannot be recorded at a branch: it needs the signing key of the member "
    "making it, which is opened with their password when they sign in here. Sign in again; "
    "if it keeps failing, your key has not reached this branch yet: sign in once at head "
    "office, then synchronise this branch. Nothing was saved."
)

_PENDING = "vox_sync_changes"
_CUSTOMERS = "vox_sync_request_customers"
APPLYING = "vox_sync_applying"  # session.info flag: the change comes from elsewhere


def _later(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else min(a, b)


# Fields where two sites' values combine without a conflict.
MERGE: dict[tuple[str, str], Callable[[Any, Any], Any]] = {
    ("staff", "totp_last_step"): _later,  # a code used anywhere is used everywhere
    ("customers", "updated_at"): _later,
    ("recovery_codes", "used_at"): _earlier,  # once used, used
}


# Fields computed from another field of the same row: they follow their source and
# never make a conflict of their own.
DERIVED: dict[tuple[str, str], str] = {("emails", "address_folded"): "address"}


# ----------------------------------------------------------------------------- keys in SQL


def batches(conn: Connection, keys: list[str]) -> list[list[str]]:
    """Keys (as text) split for ``among``: PostgreSQL takes them all at once."""
    size = max(len(keys), 1) if conn.dialect.name == "postgresql" else 500
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def among(conn: Connection, column: Column[Any], keys: list[str]) -> ColumnElement[bool]:
    """``column IN keys`` for keys given as text; on PostgreSQL one array parameter."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY  # loaded with a PostgreSQL engine

        return column == any_(cast(bindparam(None, keys, type_=ARRAY(Text)), ARRAY(column.type)))
    return column.in_([decode_value(column, k) for k in keys])


def uuid_text(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[str]:
    """A UUID column read as text, without a ``uuid.UUID`` object per row.

    The text is the database's own form: with dashes on PostgreSQL, the 32 hex
    digits SQLite stores. ``uuid_text_of`` turns an id into the same form.
    """
    if conn.dialect.name == "postgresql":
        return cast(column, Text)
    return type_coerce(column, String)


def uuid_text_of(conn: Connection, value: str) -> str:
    """An id as text (with dashes) in the form ``uuid_text`` reads on this database."""
    return value if conn.dialect.name == "postgresql" else value.replace("-", "")


def among_text(conn: Connection, column: Column[Any], keys: list[str]) -> ColumnElement[bool]:
    """``column IN keys`` for UUIDs given in ``uuid_text`` form (the column's index serves)."""
    if conn.dialect.name == "postgresql":
        return among(conn, column, keys)
    return type_coerce(column, String).in_(keys)


def uuid_param(conn: Connection, name: str, column: Column[Any]) -> ColumnElement[Any]:
    """A bind parameter for a UUID column that takes the ``uuid_text`` form."""
    if conn.dialect.name == "postgresql":
        return cast(bindparam(name, type_=String), column.type)
    return type_coerce(bindparam(name, type_=String), String)


# ----------------------------------------------------------------------------- collecting


def note(session: Session, change: Change) -> None:
    """Record a change made with a bulk statement (``update_fields`` or ``erasure``)."""
    if not session.info.get(APPLYING):
        session.info.setdefault(_PENDING, []).append(change)


def update_fields(spec_name: str, row_id: object, values: dict[str, Any]) -> RowChange:
    spec = SYNCED[spec_name]
    return RowChange(
        spec_name,
        str(row_id),
        Action.UPDATE,
        {k: encode_value(spec.columns[k], v) for k, v in values.items()},
    )


def erasure(customer_id: uuid.UUID, at: datetime, kept_request: uuid.UUID) -> Erasure:
    return Erasure(str(customer_id), at, str(kept_request))


def _customer_of(session: Session, table: str, obj: Any) -> str | None:
    if table == "customers":
        return str(obj.id)
    cid = getattr(obj, "customer_id", None)
    if cid is not None:
        return str(cid)
    if table in ("request_events", "rectification_changes"):
        cache: dict[uuid.UUID, str | None] = session.info.setdefault(_CUSTOMERS, {})
        rid = obj.request_id
        if rid not in cache:
            found = session.get(m.PrivacyRequest, rid)
            cache[rid] = str(found.customer_id) if found is not None else None
        return cache[rid]
    return None


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    if session.info.get(APPLYING):
        return
    pending: list[Change] = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        spec = SYNCED.get(getattr(obj, "__tablename__", ""))
        if spec is None:
            continue
        values = {name: encode_value(col, getattr(obj, name)) for name, col in spec.columns.items()}
        pending.append(
            RowChange(
                spec.name,
                str(getattr(obj, spec.pk)),
                Action.INSERT,
                values,
                _customer_of(session, spec.name, obj),
            )
        )
    for obj in session.dirty:
        spec = SYNCED.get(getattr(obj, "__tablename__", ""))
        if spec is None:
            continue
        state = obj._sa_instance_state
        changed = {}
        for name, col in spec.columns.items():
            history = state.attrs[name].history
            if history.added or history.deleted:
                value = history.added[0] if history.added else None
                changed[name] = encode_value(col, value)
        if changed:
            pending.append(
                RowChange(
                    spec.name,
                    str(getattr(obj, spec.pk)),
                    Action.UPDATE,
                    changed,
                    _customer_of(session, spec.name, obj),
                )
            )


def _deleted(session: Session, obj: Any) -> None:
    """A row deleted by a flush, whether deleted by name or as an orphan of its parent.

    (Orphans never appear in ``session.deleted``; this event sees both.)
    """
    if session.info.get(APPLYING):
        return
    spec = SYNCED.get(getattr(obj, "__tablename__", ""))
    if spec is None:
        return
    loaded = obj.__dict__
    customer = loaded.get("customer_id") if spec.name != "customers" else loaded.get("id")
    if customer is None and spec.name in ("request_events", "rectification_changes"):
        customer = _customer_of(session, spec.name, obj)
    stored = loaded.get("sync_versions")
    session.info.setdefault(_PENDING, []).append(
        RowChange(
            spec.name,
            str(loaded[spec.pk]),
            Action.DELETE,
            customer=str(customer) if customer is not None else None,
            # the row is gone by the time versions are read: keep the ones it had
            base=json.loads(stored) if stored else {},
        )
    )


def merge_pending(changes: Iterable[Change]) -> list[Change]:
    """One change per row (a transaction may flush a row several times), erasures kept.

    A row inserted and deleted again leaves nothing, and so does anything after that.
    """
    at: dict[tuple[str, str], int] = {}
    out: list[Change | None] = []
    for change in changes:
        if isinstance(change, Erasure):
            out.append(change)
            continue
        place = at.get(change.key)
        if place is None:
            at[change.key] = len(out)
            out.append(change)
            continue
        seen = out[place]
        if seen is None:  # inserted and deleted in this transaction
            continue
        assert isinstance(seen, RowChange)
        if change.action is Action.DELETE:
            out[place] = (
                None
                if seen.action is Action.INSERT
                else replace(seen, action=Action.DELETE, values={}, base=change.base or {})
            )
        else:
            out[place] = replace(
                seen,
                values={**seen.values, **change.values},
                customer=seen.customer or change.customer,
            )
    return [change for change in out if change is not None]


# ----------------------------------------------------------------------------- versions


def load_versions(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, str]]:
    """The field versions of some rows (rows never changed by an operation have none)."""
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in keys:
        by_table.setdefault(tbl, []).append(row_id)
    found: dict[tuple[str, str], dict[str, str]] = {}
    conn = session.connection()
    for tbl, ids in by_table.items():
        spec = SYNCED[tbl]
        pk = spec.table.c[spec.pk]
        for chunk in batches(conn, sorted(set(ids))):
            for row_id, versions in conn.execute(
                select(pk, spec.table.c.sync_versions).where(among(conn, pk, chunk))
            ):
                if versions:
                    found[(tbl, str(row_id))] = json.loads(versions)
    return found


def store_versions(
    session: Session,
    before: dict[tuple[str, str], dict[str, str]],
    after: dict[tuple[str, str], dict[str, str] | None],
) -> None:
    """Write the versions that changed into their rows (None: the row is gone)."""
    by_table: dict[str, list[dict[str, Any]]] = {}
    for (tbl, row_id), versions in after.items():
        if versions is not None and versions != before.get((tbl, row_id)):
            spec = SYNCED[tbl]
            by_table.setdefault(tbl, []).append(
                {"_pk": decode_value(spec.columns[spec.pk], row_id), "_v": dumps(versions)}
            )
    conn = session.connection()
    for tbl, params in by_table.items():
        spec = SYNCED[tbl]
        conn.execute(
            update(spec.table)
            .where(spec.table.c[spec.pk] == bindparam("_pk"))
            .values({"sync_versions": bindparam("_v"), **keep_stamps(spec.table)}),
            params,
        )


def keep_stamps(table: Table, assigned: Iterable[str] = ()) -> dict[str, Any]:
    """Assignments that stop columns with an ``onupdate`` (updated_at) from taking *now*."""
    given = set(assigned)
    return {c.name: c for c in table.columns if c.onupdate is not None and c.name not in given}


def stamp_versions(
    changes: list[Change],
    current: dict[tuple[str, str], dict[str, str]],
    op_id: str,
) -> tuple[list[Change], dict[tuple[str, str], dict[str, str] | None]]:
    """Give each change its base versions and return them with the versions after it."""
    stamped: list[Change] = []
    after: dict[tuple[str, str], dict[str, str] | None] = {}
    for change in changes:
        if isinstance(change, Erasure):
            stamped.append(change)
            continue
        key = change.key
        known = after.get(key, current.get(key, {})) or {}
        if change.action is Action.DELETE:
            if key in after or key in current:
                change = replace(change, base=dict(known))
            elif change.base is None:
                change = replace(change, base={})
            after[key] = None
        else:
            if change.action is Action.UPDATE:
                change = replace(change, base={f: known.get(f) for f in change.values})
            after[key] = {**known, **{f: op_id for f in change.values}}
        stamped.append(change)
    return stamped, after


# ----------------------------------------------------------------------------- committing


def _before_commit(db: Database, session: Session) -> None:
    if session.info.get(APPLYING):
        session.info.pop(_PENDING, None)
        return
    session.flush()
    pending = session.info.pop(_PENDING, None)
    session.info.pop(_CUSTOMERS, None)
    if not pending:
        return
    if session.info.get(OUTSIDE_LOG):
        tables = sorted({getattr(c, "table", "an erasure") for c in pending})
        raise RuntimeError(
            f"a write declared outside the synchronisation log changed {', '.join(tables)}; "
            "use ctx.db.write() for synchronised tables"
        )
    role = db.sync_role()
    if role == "standalone":
        return
    changes = settle_erased(session, merge_pending(pending))
    if not changes:
        return
    op_id = uuid7()
    current = load_versions(session, [c.key for c in changes if isinstance(c, RowChange)])
    changes, after = stamp_versions(changes, current, str(op_id))
    store_versions(session, current, after)
    staff_id = ACTING.get()
    now = datetime.now(UTC)
    operation = Operation(tuple(changes))
    if role == "replica":
        signer = SIGNER.get()
        if signer is None or staff_id is None:
            raise Refused(UNSIGNED)
        payload = encode(operation)
        session.connection().execute(
            insert(m.table_of(m.Outbox)).values(
                op_id=op_id,
                staff_id=staff_id,
                made_at=now,
                customers=",".join(sorted(operation.customers)),
                payload=payload,
                erased=False,
                signature=signer.sign(operation_bytes(op_id, staff_id, now, payload)),
            )
        )
        return
    # a hub: its own writes go straight into the log, as effects with their versions
    effects: list[Change] = []
    for change in changes:
        if isinstance(change, RowChange):
            versions = None
            if change.writes:
                row_versions = after[change.key] or {}
                versions = {f: row_versions.get(f) for f in change.values}
            change = replace(change, base=None, versions=versions)
        effects.append(change)
    append_log(session, op_id, db.branch_name(), "applied", staff_id, now, now, effects)


def append_log(
    session: Session,
    op_id: uuid.UUID,
    origin: str,
    outcome: str,
    staff_id: uuid.UUID | None,
    made_at: datetime,
    applied_at: datetime,
    effects: list[Change],
) -> int:
    """The next entry of a hub's log, numbered under the counter's row lock."""
    conn = session.connection()
    counter = m.table_of(m.SyncCounter)
    seq = (
        int(
            conn.execute(
                select(counter.c.seq).where(counter.c.id == 1).with_for_update()
            ).scalar_one()
        )
        + 1
    )
    conn.execute(update(counter).where(counter.c.id == 1).values(seq=seq))
    operation = Operation(tuple(effects))
    customers = sorted(uuid.UUID(c) for c in operation.customers)
    conn.execute(
        insert(m.table_of(m.ChangeLog)).values(
            seq=seq,
            op_id=op_id,
            origin=origin,
            outcome=outcome,
            staff_id=staff_id,
            made_at=made_at,
            applied_at=applied_at,
            customer_id=customers[0] if len(customers) == 1 else None,
            effects=encode(operation),
        )
    )
    if len(customers) > 1:
        conn.execute(
            insert(m.table_of(m.ChangeCustomer)),
            [{"customer_id": c, "seq": seq} for c in customers],
        )
    return seq


def _guard_bulk(db: Database, state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete) or state.session.info.get(APPLYING):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in SYNCED or state.execution_options.get("sync") in ("local", "noted"):
        return
    if db.sync_role() == "standalone":
        return
    raise RuntimeError(
        f"bulk change to the synchronised table {name} without a sync note; "
        "use ORM objects, or changes.note() with execution_options(**NOTED)"
    )


def _lock_log_first(db: Database, session: Session, connection: Connection) -> None:
    """On a hub, a write takes the log's counter before any row.

    A branch's push takes the counter first and then rows; a write that took a
    row first and the counter only at commit could wait on the push while the
    push waits on its row. One order for everyone, no deadlock.
    """
    if session.info.get(APPLYING) or session.info.get(OUTSIDE_LOG) or db.sync_role() != "hub":
        return
    connection.execute(_TAKE_COUNTER)


_COUNTER = m.table_of(m.SyncCounter)
_TAKE_COUNTER = select(_COUNTER.c.seq).where(_COUNTER.c.id == 1).with_for_update()


def install(db: Database, factory: sessionmaker[Session]) -> None:
    """Capture the changes of every write session made by ``factory``."""
    event.listen(
        factory,
        "after_begin",
        lambda session, _transaction, connection: _lock_log_first(db, session, connection),
    )
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "persistent_to_deleted", _deleted)
    event.listen(factory, "before_commit", lambda session: _before_commit(db, session))
    event.listen(factory, "do_orm_execute", lambda state: _guard_bulk(db, state))


# ----------------------------------------------------------------------------- erasure


def forget_customer(session: Session, customer_id: uuid.UUID, *, here: bool) -> None:
    """Drop an erased customer's values from every synchronisation record here.

    Conflicts about them go. A hub's log keeps its entries (branches still
    count on them) with what the erasure left of the rows. A branch's queued
    operations keep only which rows they touched, whether the erasure was
    carried out ``here`` or came from elsewhere: their signatures covered the
    values that are gone, so the hub rejects them as erased and tells this
    branch how to undo them (the erasure itself, queued after them, is signed
    as it stands). A queued entry that cannot be read keeps nothing at all.
    """
    conn = session.connection()
    cid = str(customer_id)
    conflicts = m.table_of(m.SyncConflict)
    conn.execute(delete(conflicts).where(conflicts.c.customer_id == customer_id))
    log, touched = m.table_of(m.ChangeLog), m.table_of(m.ChangeCustomer)
    seqs = select(touched.c.seq).where(touched.c.customer_id == customer_id)
    for row in conn.execute(
        select(log.c.seq, log.c.effects).where(
            or_(log.c.customer_id == customer_id, log.c.seq.in_(seqs))
        )
    ).all():
        effects = list(decode(row.effects))
        kept = as_now(session, effects, cid)
        if kept != effects:
            conn.execute(
                update(log)
                .where(log.c.seq == row.seq)
                .values(effects=encode(Operation(tuple(kept))))
            )
    outbox = m.table_of(m.Outbox)
    for row in conn.execute(
        select(outbox.c.op_id, outbox.c.payload).where(outbox.c.customers.contains(cid))
    ).all():
        try:
            queued = list(decode(row.payload))
        except WireError:
            values: dict[str, Any] = {"payload": "[]", "erased": True}
        else:
            values = {"payload": encode(Operation(tuple(without_values(queued)))), "erased": True}
        conn.execute(update(outbox).where(outbox.c.op_id == row.op_id).values(values))


def as_now(session: Session, effects: list[Change], cid: str) -> list[Change]:
    """A log entry's effects on one erased customer, rewritten to what is left of them.

    Rows the erasure removed drop out; rows it kept (requests, invoices, the
    tombstone) carry their scrubbed values, so a branch that has not pulled the
    entry yet still receives the rows the rest of the log refers to.
    """
    out: list[Change] = []
    for effect in effects:
        if not isinstance(effect, RowChange) or effect.customer != cid or not effect.writes:
            out.append(effect)
            continue
        now = read_rows(session, SYNCED[effect.table], [effect.row_id]).get(effect.row_id)
        if now is not None:
            fields = now if effect.action is Action.INSERT else effect.values
            out.append(replace(effect, values={f: now[f] for f in fields}))
    return out


def without_values(changes: list[Change]) -> list[Change]:
    """Which rows and fields an operation touched, without what it wrote."""
    return [
        RowChange(c.table, c.row_id, c.action, customer=c.customer, fields=tuple(sorted(c.touched)))
        if isinstance(c, RowChange)
        else c
        for c in changes
    ]


def read_rows(session: Session, spec: TableSpec, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Current synchronised values of some rows of one table, encoded, by id."""
    pk = spec.columns[spec.pk]
    wanted = sorted(set(ids))
    found: dict[str, dict[str, Any]] = {}
    conn = session.connection()
    cols = [spec.table.c[name] for name in spec.columns]
    for start in range(0, len(wanted), 500):
        chunk = [decode_value(pk, i) for i in wanted[start : start + 500]]
        for row in conn.execute(select(*cols).where(spec.table.c[spec.pk].in_(chunk))):
            values = {
                name: encode_value(spec.columns[name], row[i])
                for i, name in enumerate(spec.columns)
            }
            found[str(values[spec.pk])] = values
    return found


def settle_erased(session: Session, changes: list[Change]) -> list[Change]:
    """After an erasure in this operation: its rows as they are now (scrubbed or gone)."""
    erased = {c.customer for c in changes if isinstance(c, Erasure)}
    if not erased:
        return changes
    out: list[Change] = []
    for change in changes:
        if isinstance(change, RowChange) and change.writes and change.customer in erased:
            now = read_rows(session, SYNCED[change.table], [change.row_id]).get(change.row_id)
            if now is None:
                if change.action is Action.UPDATE:
                    out.append(
                        RowChange(
                            change.table, change.row_id, Action.DELETE, customer=change.customer
                        )
                    )
                continue
            change = replace(change, values={f: now[f] for f in change.values})
        out.append(change)
    # the tombstone as it stands here, after the erasure's markers: every copy ends alike
    # even when two places erased the same customer at different moments
    tombstones = read_rows(session, SYNCED["customers"], sorted(erased))
    for cid in sorted(erased):
        if cid in tombstones:
            out.append(RowChange("customers", cid, Action.UPDATE, tombstones[cid], cid))
    return out
