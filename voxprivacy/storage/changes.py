"""Capturing every change to a synchronised table, in the transaction that makes it.

Each write transaction on a hub or a replica becomes one *operation*: the rows
it inserted, the fields it changed (with the versions they were based on) and
the rows it deleted. A replica appends the operation to its outbox; a hub
appends it to its log under the next number of its counter. Both happen in
the same transaction as the change itself, so a change without its record (or
the other way round) cannot exist.

Changes are collected from the ORM's flushes. The few bulk statements that
touch synchronised tables declare themselves with ``note()`` (or as purely
local with ``LOCAL``); any other bulk statement on such a table is refused, so
a new service cannot forget to be synchronised.
"""

from __future__ import annotations

import base64
import functools
import json
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
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
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from voxprivacy.storage import models as m
from voxprivacy.storage.ids import uuid7

if TYPE_CHECKING:
    from voxprivacy.storage.database import Database

# execution option for a bulk statement that changes only local fields (failure counters)
LOCAL = {"sync": "local"}
# execution option for a bulk statement whose effect was recorded with note()
NOTED = {"sync": "noted"}

# the staff member whose service call is running (set by services.guard)
ACTING: ContextVar[uuid.UUID | None] = ContextVar("vox_acting_staff", default=None)

_PENDING = "vox_sync_changes"
_CUSTOMERS = "vox_sync_request_customers"
APPLYING = "vox_sync_applying"  # session.info flag: the change comes from elsewhere

# Columns that stay with one database: optimistic-lock counters and failure counters.
_LOCAL_COLUMNS = {
    "version",  # optimistic locking, per database
    "sync_versions",  # moved by the synchronisation itself, not as a field
}
_LOCAL_BY_TABLE = {"staff": {"failed_attempts", "code_failures", "last_failure_at"}}


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


@dataclass(frozen=True)
class TableSpec:
    table: Table
    columns: dict[str, Column[Any]]  # synchronised columns by name
    pk: str
    has_version: bool

    @property
    def name(self) -> str:
        return self.table.name


def _spec(model: type[m.Base]) -> TableSpec:
    table = model.__table__
    assert isinstance(table, Table)
    local = _LOCAL_COLUMNS | _LOCAL_BY_TABLE.get(table.name, set())
    columns = {c.name: c for c in table.columns if c.name not in local}
    (pk,) = [c.name for c in table.primary_key.columns]
    return TableSpec(table, columns, pk, "version" in table.columns)


# In dependency order: a row's parents come before it.
SYNCED: dict[str, TableSpec] = {
    s.name: s
    for s in map(
        _spec,
        (
            m.Staff,
            m.RecoveryCode,
            m.Setting,
            m.Customer,
            m.Address,
            m.Phone,
            m.Email,
            m.Subscription,
            m.PaymentCard,
            m.Invoice,
            m.Interaction,
            m.ConsentEvent,
            m.PrivacyRequest,
            m.RequestEvent,
            m.RectificationChange,
            m.Disclosure,
            m.SyncConflict,
        ),
    )
}
ORDER = {name: i for i, name in enumerate(SYNCED)}


# ----------------------------------------------------------------------------- values as JSON


def encode(column: Column[Any], value: Any) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_b64(raw: dict[str, str]) -> bytes:
    return base64.b64decode(raw["b64"])


@functools.cache
def _decoder(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a column's JSON value becomes a Python value (None: it already is one)."""
    kind = column.type
    if isinstance(kind, LargeBinary):
        return _from_b64
    if isinstance(kind, m.UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Uuid):
        return uuid.UUID
    return None


def decode(column: Column[Any], raw: Any) -> Any:
    if raw is None:
        return None
    convert = _decoder(column)
    return raw if convert is None else convert(raw)


def decode_row(spec: TableSpec, values: dict[str, Any]) -> dict[str, Any]:
    return {k: decode(spec.columns[k], raw) for k, raw in values.items() if k in spec.columns}


def batches(conn: Connection, keys: list[str]) -> list[list[str]]:
    """Keys (as text) split for ``among``: PostgreSQL takes them all at once."""
    size = max(len(keys), 1) if conn.dialect.name == "postgresql" else 500
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def among(conn: Connection, column: Column[Any], keys: list[str]) -> ColumnElement[bool]:
    """``column IN keys`` for keys given as text; on PostgreSQL one array parameter."""
    if conn.dialect.name == "postgresql":
        return column == any_(cast(bindparam(None, keys, type_=ARRAY(Text)), ARRAY(column.type)))
    return column.in_([decode(column, k) for k in keys])


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


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# ----------------------------------------------------------------------------- collecting


def note(session: Session, change: dict[str, Any]) -> None:
    """Record a change made with a bulk statement (``update_fields`` or ``erasure``)."""
    if not session.info.get(APPLYING):
        session.info.setdefault(_PENDING, []).append(change)


def update_fields(spec_name: str, row_id: object, values: dict[str, Any]) -> dict[str, Any]:
    spec = SYNCED[spec_name]
    return {
        "t": spec_name,
        "id": str(row_id),
        "a": "u",
        "v": {k: encode(spec.columns[k], v) for k, v in values.items()},
        "c": None,
    }


def erasure(customer_id: uuid.UUID, at: datetime, kept_request: uuid.UUID) -> dict[str, Any]:
    return {"a": "e", "c": str(customer_id), "at": at.isoformat(), "keep": str(kept_request)}


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
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        spec = SYNCED.get(getattr(obj, "__tablename__", ""))
        if spec is None:
            continue
        values = {name: encode(col, getattr(obj, name)) for name, col in spec.columns.items()}
        pending.append(
            {
                "t": spec.name,
                "id": str(getattr(obj, spec.pk)),
                "a": "i",
                "v": values,
                "c": _customer_of(session, spec.name, obj),
            }
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
                changed[name] = encode(col, value)
        if changed:
            pending.append(
                {
                    "t": spec.name,
                    "id": str(getattr(obj, spec.pk)),
                    "a": "u",
                    "v": changed,
                    "c": _customer_of(session, spec.name, obj),
                }
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
        {
            "t": spec.name,
            "id": str(loaded[spec.pk]),
            "a": "d",
            "c": str(customer) if customer is not None else None,
            # the row is gone by the time versions are read: keep the ones it had
            "b": json.loads(stored) if stored else {},
        }
    )


def merge_pending(changes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One change per row (a transaction may flush a row several times), erasures kept."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for ch in changes:
        if ch["a"] == "e":
            out.append(ch)
            continue
        key = (ch["t"], ch["id"])
        seen = rows.get(key)
        if seen is None:
            merged = {**ch, "v": dict(ch.get("v", {}))}
            rows[key] = merged
            out.append(merged)
        elif ch["a"] == "d":
            if seen["a"] == "i":
                seen["a"] = "gone"
            else:
                seen["a"], seen["v"], seen["b"] = "d", {}, ch.get("b", {})
        else:
            seen["v"].update(ch.get("v", {}))
            seen["c"] = seen.get("c") or ch.get("c")
    return [ch for ch in out if ch["a"] != "gone"]


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
                {"_pk": decode(spec.columns[spec.pk], row_id), "_v": dumps(versions)}
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
    changes: list[dict[str, Any]],
    current: dict[tuple[str, str], dict[str, str]],
    op_id: str,
) -> dict[tuple[str, str], dict[str, str] | None]:
    """Give each change its base versions ("b") and return the versions after it."""
    after: dict[tuple[str, str], dict[str, str] | None] = {}
    for ch in changes:
        if ch["a"] == "e":
            continue
        key = (ch["t"], ch["id"])
        known = after.get(key, current.get(key, {})) or {}
        if ch["a"] == "d":
            ch["b"] = dict(known) if key in after or key in current else ch.get("b", {})
            after[key] = None
            continue
        if ch["a"] == "u":
            ch["b"] = {f: known.get(f) for f in ch["v"]}
        after[key] = {**known, **{f: op_id for f in ch["v"]}}
    return after


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
    role = db.sync_role()
    if role == "standalone":
        return
    changes = settle_erased(session, merge_pending(pending))
    if not changes:
        return
    op_id = uuid7()
    current = load_versions(session, [(c["t"], c["id"]) for c in changes if c["a"] != "e"])
    after = stamp_versions(changes, current, str(op_id))
    store_versions(session, current, after)
    staff_id = ACTING.get()
    now = datetime.now(UTC)
    if role == "replica":
        customers = sorted({c["c"] for c in changes if c.get("c")})
        session.connection().execute(
            insert(m.table_of(m.Outbox)).values(
                op_id=op_id,
                staff_id=staff_id,
                made_at=now,
                customers=",".join(customers),
                payload=dumps(changes),
                erased=False,
            )
        )
        return
    # a hub: its own writes go straight into the log, as effects with their versions
    for ch in changes:
        if ch["a"] in ("i", "u"):
            row_versions = after[(ch["t"], ch["id"])] or {}
            ch["ver"] = {f: row_versions.get(f) for f in ch["v"]}
        ch.pop("b", None)
    append_log(session, op_id, db.branch_name(), "applied", staff_id, now, now, changes)


def append_log(
    session: Session,
    op_id: uuid.UUID,
    origin: str,
    outcome: str,
    staff_id: uuid.UUID | None,
    made_at: datetime,
    applied_at: datetime,
    effects: list[dict[str, Any]],
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
    customers = sorted({uuid.UUID(c["c"]) for c in effects if c.get("c")})
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
            effects=dumps(effects),
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
    if session.info.get(APPLYING) or db.sync_role() != "hub":
        return
    counter = m.table_of(m.SyncCounter)
    connection.execute(select(counter.c.seq).where(counter.c.id == 1).with_for_update())


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
    operations do the same when the erasure was carried out ``here`` (they
    travel on and arrive scrubbed); when it came from elsewhere they keep
    only which rows they touched: the hub rejects them and tells this branch
    how to undo them.
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
        effects = json.loads(row.effects)
        kept = as_now(session, effects, cid)
        if kept != effects:
            conn.execute(update(log).where(log.c.seq == row.seq).values(effects=dumps(kept)))
    outbox = m.table_of(m.Outbox)
    for row in conn.execute(
        select(outbox.c.op_id, outbox.c.payload).where(outbox.c.customers.contains(cid))
    ).all():
        queued = json.loads(row.payload)
        values = (
            {"payload": dumps(as_now(session, queued, cid))}
            if here
            else {"payload": dumps(without_values(queued)), "erased": True}
        )
        conn.execute(update(outbox).where(outbox.c.op_id == row.op_id).values(values))


def as_now(session: Session, effects: list[dict[str, Any]], cid: str) -> list[dict[str, Any]]:
    """A log entry's effects on one erased customer, rewritten to what is left of them.

    Rows the erasure removed drop out; rows it kept (requests, invoices, the
    tombstone) carry their scrubbed values, so a branch that has not pulled the
    entry yet still receives the rows the rest of the log refers to.
    """
    out: list[dict[str, Any]] = []
    for effect in effects:
        if effect.get("c") != cid or effect["a"] not in ("i", "u"):
            out.append(effect)
            continue
        now = read_rows(session, SYNCED[effect["t"]], [effect["id"]]).get(effect["id"])
        if now is not None:
            fields = now if effect["a"] == "i" else effect["v"]
            out.append({**effect, "v": {f: now[f] for f in fields}})
    return out


def without_values(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Which rows and fields an operation touched, without what it wrote."""
    return [
        {"t": c["t"], "id": c["id"], "a": c["a"], "f": sorted(c.get("v", {})), "c": c.get("c")}
        if c["a"] != "e"
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
        chunk = [decode(pk, i) for i in wanted[start : start + 500]]
        for row in conn.execute(select(*cols).where(spec.table.c[spec.pk].in_(chunk))):
            values = {
                name: encode(spec.columns[name], row[i]) for i, name in enumerate(spec.columns)
            }
            found[str(values[spec.pk])] = values
    return found


def settle_erased(session: Session, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After an erasure in this operation: its rows as they are now (scrubbed or gone)."""
    erased = {c["c"] for c in changes if c["a"] == "e"}
    if not erased:
        return changes
    out: list[dict[str, Any]] = []
    for ch in changes:
        if ch["a"] in ("i", "u") and ch.get("c") in erased:
            now = read_rows(session, SYNCED[ch["t"]], [ch["id"]]).get(ch["id"])
            if now is None:
                if ch["a"] == "u":
                    out.append({"t": ch["t"], "id": ch["id"], "a": "d", "c": ch["c"]})
                continue
            ch = {**ch, "v": {f: now[f] for f in ch["v"]}}
        out.append(ch)
    # the tombstone as it stands here, after the erasure's markers: every copy ends alike
    # even when two places erased the same customer at different moments
    tombstones = read_rows(session, SYNCED["customers"], sorted(erased))
    for cid in sorted(erased):
        if cid in tombstones:
            out.append({"t": "customers", "id": cid, "a": "u", "v": tombstones[cid], "c": cid})
    return out
