"""The hub's side: applying a branch's operations, once each, in one transaction.

For every operation the hub decides one outcome and records it in its log
under the next sequence number, together with the *effects*: the values and
versions the touched fields have at the hub afterwards. Branches apply those
effects in log order, so every copy converges on the hub's state.

- ``applied``: each field whose base version is still the hub's version takes
  the branch's value; a field changed meanwhile to a *different* value keeps
  the hub's value and becomes a conflict (both values kept for a supervisor).
- ``rejected_erased``: the operation touches a customer erased at the hub; no
  value of it is kept, and the effects tell its branch to undo it.
- ``rejected``: the hub cannot apply it: its database refused it (a duplicate
  account number, a value longer than its column, a value of the wrong type)
  or the operation is malformed (an unknown table, a change that is not one).
  The operation waits whole in the conflict queue with the reason, its rows
  go back to what the hub holds, and the rest of the batch goes through.

An operation already in the log (a batch sent twice, an acknowledgement lost)
is answered from the log and changes nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from voxprivacy.services import search_index
from voxprivacy.services.erasure import purge_customer
from voxprivacy.services.search_index import SEARCHED
from voxprivacy.storage import changes as ch
from voxprivacy.storage import checks
from voxprivacy.storage import models as m
from voxprivacy.storage.ids import uuid7
from voxprivacy.sync.rows import RowBuffer

APPLIED = "applied"
REJECTED_ERASED = "rejected_erased"
REJECTED = "rejected"


@dataclass(frozen=True)
class IncomingOp:
    op_id: uuid.UUID
    staff_id: uuid.UUID | None
    made_at: datetime
    changes: list[dict[str, Any]]
    erased: bool  # the branch already dropped its values (the customer was erased there)
    unreadable: str | None = None  # why the outbox entry could not be read as changes


@dataclass(frozen=True)
class Outcome:
    op_id: uuid.UUID
    seq: int
    outcome: str
    conflicts: int
    repeated: bool  # already in the log before this batch


_NOT_SEARCHED: frozenset[str] = frozenset()


class NeedsCareful(Exception):
    """A batch hit a database refusal: apply it again one operation at a time."""


_ACTIONS = frozenset("iude")
# What a value that cannot be applied raises while it is decoded, merged or written.
_VALUE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError)


def refusal(exc: BaseException) -> str | None:
    """Why the hub cannot apply an operation, if ``exc`` says so (else None: a real fault).

    Every statement error of the database (a constraint, a value too long or of the
    wrong type, an unknown name) is a refusal of that operation; a lost link, a lock
    or statement timeout and a cancelled query are not: the push stops and is tried
    again whole.
    """
    if isinstance(exc, DBAPIError):
        if isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated:
            return None
        text = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        return f"the central database refused it: {text[0] if text else type(exc).__name__}"
    if isinstance(exc, _VALUE_ERRORS):
        detail = str(exc).strip().splitlines()
        return f"a value could not be read: {type(exc).__name__}" + (
            f" ({detail[0][:200]})" if detail else ""
        )
    return None


def _uuid_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def shape_problem(op: IncomingOp) -> str | None:
    """What makes an operation unreadable (None when every change is well formed).

    Checked before anything is read or written for it: a modified client can put
    anything into its outbox, and nothing it sends may stop the rest of the push.
    """
    if op.unreadable is not None:
        return op.unreadable
    if not isinstance(op.changes, list) or not op.changes:
        return "it holds no list of changes"
    for n, change in enumerate(op.changes, 1):
        where = f"change {n}"
        if not isinstance(change, dict):
            return f"{where} is not an object"
        action = change.get("a")
        if action not in _ACTIONS:
            return f"{where} has an unknown action {str(action)[:40]!r}"
        customer = change.get("c")
        if customer is not None and not _uuid_text(customer):
            return f"{where} names a customer that is not an id"
        if action == "e":
            if customer is None or not _uuid_text(change.get("keep")):
                return f"{where} is an erasure without its customer or kept request"
            try:
                datetime.fromisoformat(change.get("at"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return f"{where} is an erasure without a valid time"
            continue
        table = change.get("t")
        spec = ch.SYNCED.get(table) if isinstance(table, str) else None
        if spec is None:
            return f"{where} names an unknown table {str(table)[:40]!r}"
        row_id = change.get("id")
        if not isinstance(row_id, str) or len(row_id) > 60:
            return f"{where} has no valid row id"
        try:
            ch.decode(spec.columns[spec.pk], row_id)
        except (ValueError, TypeError):
            return f"{where} has a row id that is not one of {table}"
        if action in ("i", "u"):
            values = change.get("v")
            if not isinstance(values, dict) or not all(isinstance(f, str) for f in values):
                return f"{where} has no field values"
            unknown = sorted(set(values) - set(spec.columns))
            if unknown:
                return f"{where} names an unknown field {table}.{unknown[0][:40]}"
        base = change.get("b", {})
        if not isinstance(base, dict):
            return f"{where} has unreadable base versions"
    return None


def refusal_reason(op: IncomingOp) -> str | None:
    """Why the centre refuses ``op`` before reading anything for it, or None.

    A malformed operation, and one whose values break the rules every local write
    follows (a value longer than its column, a card number in free text), are set
    aside whole: a branch's outbox is written by a client the centre does not
    control, so the centre checks again what the branch's services checked.
    """
    why = shape_problem(op)
    if why is not None:
        return f"the operation is malformed: {why}"
    try:
        broken = checks.refusal_of(op.changes)
    except (TypeError, ValueError):  # an unreadable value: the apply sets it aside
        return None
    return None if broken is None else f"a value breaks the rules of every write: {broken}"


def receive(
    session: Session, ops: list[IncomingOp], origin: str, now: datetime, *, careful: bool = False
) -> list[Outcome]:
    """Apply a branch's batch in the caller's transaction; an outcome for every operation.

    Normally the whole batch is written with a few statements per table. If the
    database refuses something (``NeedsCareful``), the caller rolls back and
    calls again with ``careful``: each operation then runs in its own
    savepoint, and only the one refused is set aside.
    """
    session.info[ch.APPLYING] = True
    conn = session.connection()
    log = m.table_of(m.ChangeLog)
    counter = m.table_of(m.SyncCounter)
    seq = conn.execute(
        select(counter.c.seq).where(counter.c.id == 1).with_for_update()
    ).scalar_one()
    known: dict[uuid.UUID, tuple[int, str]] = {}
    for chunk in ch.batches(conn, [str(op.op_id) for op in ops]):
        for row in conn.execute(
            select(log.c.op_id, log.c.seq, log.c.outcome).where(ch.among(conn, log.c.op_id, chunk))
        ):
            known[row.op_id] = (row.seq, row.outcome)
    rows = RowBuffer(session)
    malformed = {op.op_id: why for op in ops if (why := refusal_reason(op)) is not None}
    fresh = [
        c
        for op in ops
        if op.op_id not in known and op.op_id not in malformed
        for c in op.changes
        if c["a"] != "e"
    ]
    rows.prefetch(((c["t"], c["id"]) for c in fresh), fields_of(fresh))
    erased = _erased_customers(session, [op for op in ops if op.op_id not in malformed])
    entries: list[dict[str, Any]] = []
    outcomes: list[Outcome] = []
    reindex: set[str] = set()  # customers whose searched fields this batch changed

    def append(op: IncomingOp, outcome: str, effects: list[dict[str, Any]], n: int) -> None:
        nonlocal seq
        seq += 1
        entries.append(
            {
                "seq": seq,
                "op_id": op.op_id,
                "origin": origin,
                "outcome": outcome,
                "staff_id": op.staff_id,
                "made_at": op.made_at,
                "applied_at": now,
                "effects": effects,
            }
        )
        known[op.op_id] = (seq, outcome)
        outcomes.append(Outcome(op.op_id, seq, outcome, n, False))

    for op in ops:
        if op.op_id in known:
            seq_before, outcome = known[op.op_id]
            outcomes.append(Outcome(op.op_id, seq_before, outcome, 0, True))
            continue
        why = malformed.get(op.op_id)
        if why is not None:
            conflict = _rejected_conflict(op, origin, now, why)
            rows.insert(("sync_conflicts", str(conflict["id"])), conflict)
            effects = _undo(rows, _readable(op.changes))
            effects.append(_conflict_effect(conflict))
            append(op, REJECTED, effects, 1)
            continue
        markers = [c for c in op.changes if c["a"] == "e"]
        erasing = {c["c"] for c in markers}
        touched = {c["c"] for c in op.changes if c.get("c")} - erasing
        if op.erased or touched & erased:
            append(op, REJECTED_ERASED, _undo(rows, op.changes), 0)
            continue
        savepoint = session.begin_nested() if careful else None
        try:
            effects, conflicts = _apply(rows, op, origin, now, erasing, reindex)
            if markers or careful:
                rows.flush()
            for marker in markers:
                purge_customer(
                    session,
                    uuid.UUID(marker["c"]),
                    datetime.fromisoformat(marker["at"]),
                    uuid.UUID(marker["keep"]),
                )
                erased.add(marker["c"])
                reindex.discard(marker["c"])
                for entry in entries:  # this batch's entries are not in the log yet
                    entry["effects"] = ch.as_now(session, entry["effects"], marker["c"])
            if markers:
                rows.forget()
                effects = ch.settle_erased(session, [*effects, *markers])
                _stamp_effects(session, effects)
            if savepoint is not None:
                savepoint.commit()
            outcome = APPLIED
        except Exception as exc:
            reason = refusal(exc)
            if reason is None:
                raise
            if savepoint is None:
                raise NeedsCareful(reason) from exc
            savepoint.rollback()
            rows.writes.clear()
            rows.forget()
            effects = _undo(rows, op.changes)
            conflicts = [_rejected_conflict(op, origin, now, reason)]
            outcome = REJECTED
        for conflict in conflicts:
            rows.insert(("sync_conflicts", str(conflict["id"])), conflict)
            effects.append(_conflict_effect(conflict))
        append(op, outcome, effects, len(conflicts))
    try:
        rows.flush()
    except Exception as exc:
        reason = refusal(exc)
        if reason is None or careful:
            raise
        raise NeedsCareful(reason) from exc
    search_index.reindex_many(session.connection(), reindex)
    if entries:
        spread: list[dict[str, Any]] = []
        for entry in entries:
            customers = sorted({x["c"] for x in entry["effects"] if x.get("c")})
            entry["customer_id"] = uuid.UUID(customers[0]) if len(customers) == 1 else None
            if len(customers) > 1:
                spread.extend({"customer_id": uuid.UUID(c), "seq": entry["seq"]} for c in customers)
            entry["effects"] = ch.dumps(entry["effects"])
        _append_entries(conn, entries)
        if spread:
            conn.execute(insert(m.table_of(m.ChangeCustomer)), spread)
        conn.execute(update(counter).where(counter.c.id == 1).values(seq=seq))
    session.info.pop(ch.APPLYING, None)
    return outcomes


_LOG_COLUMNS = (
    "seq",
    "op_id",
    "origin",
    "outcome",
    "staff_id",
    "made_at",
    "applied_at",
    "customer_id",
    "effects",
)


def _append_entries(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Write a batch's log entries; on PostgreSQL with COPY (many times a multi-row INSERT)."""
    if conn.dialect.name != "postgresql":
        conn.execute(insert(m.table_of(m.ChangeLog)), entries)
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY sync_change_log ({', '.join(_LOG_COLUMNS)}) FROM STDIN") as copy,
    ):
        for entry in entries:
            copy.write_row(tuple(entry[c] for c in _LOG_COLUMNS))


def fields_of(changes: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The fields a batch of changes reads, table by table."""
    wanted: dict[str, set[str]] = {}
    for change in changes:
        wanted.setdefault(change["t"], set()).update(change.get("v", ()))
    return wanted


def _stamp_effects(session: Session, effects: list[dict[str, Any]]) -> None:
    """Give effects rewritten after an erasure the versions their fields have now."""
    keys = [(e["t"], e["id"]) for e in effects if e["a"] in ("i", "u")]
    stored = ch.load_versions(session, keys)
    for effect in effects:
        if effect["a"] in ("i", "u"):
            versions = stored.get((effect["t"], effect["id"]), {})
            effect["ver"] = {f: versions.get(f) for f in effect["v"]}


def _erased_customers(session: Session, ops: list[IncomingOp]) -> set[str]:
    wanted = sorted({c["c"] for op in ops for c in op.changes if c.get("c")})
    customers = m.table_of(m.Customer)
    conn = session.connection()
    found: set[str] = set()
    for chunk in ch.batches(conn, wanted):
        found.update(
            str(r.id)
            for r in conn.execute(
                select(customers.c.id).where(
                    ch.among(conn, customers.c.id, chunk), customers.c.status == "erased"
                )
            )
        )
    return found


def _apply(
    rows: RowBuffer,
    op: IncomingOp,
    origin: str,
    now: datetime,
    erasing: set[str],
    reindex: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Apply one operation's row changes; rows of a customer it erases are taken as they are
    (the erasure is final, and nothing about that customer may wait in the queue).

    Customers whose searched fields it changes are added to ``reindex``.
    """
    effects: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    op_version = str(op.op_id)

    def conflict(change: dict[str, Any], kind: str, field: str, central: Any, branch: Any) -> None:
        conflicts.append(
            {
                "id": str(uuid7()),
                "op_id": op_version,
                "origin": origin,
                "kind": kind,
                "tbl": change["t"],
                "row_id": change["id"],
                "field": field,
                "customer_id": change.get("c"),
                "central_value": ch.dumps(central),
                "branch_value": ch.dumps(branch),
                "branch_staff_id": str(op.staff_id) if op.staff_id else None,
                "created_at": now.isoformat(),
                "resolved_at": None,
                "resolved_by": None,
                "resolution": None,
            }
        )

    for change in op.changes:
        if change["a"] == "e":
            continue
        key = (change["t"], change["id"])
        spec = ch.SYNCED[change["t"]]
        current = rows.get(key)
        versions = rows.versions.setdefault(key, {})
        action = change["a"]
        customer = change.get("c")
        searched = SEARCHED.get(key[0], _NOT_SEARCHED)
        final = customer in erasing
        if action == "d":
            if current is None:
                effects.append({"t": key[0], "id": key[1], "a": "d", "c": customer})
            elif not final and _changed_since(change.get("b", {}), versions):
                conflict(change, "deleted", "*", current, None)
                effects.append(_full(key, rows.full(key) or current, versions, customer))
            else:
                rows.delete(key)
                effects.append({"t": key[0], "id": key[1], "a": "d", "c": customer})
                if searched and customer:
                    reindex.add(customer)
            continue
        values = {f: v for f, v in change["v"].items() if f in spec.columns}
        if action == "i" and current is None:
            if searched and customer:
                reindex.add(customer)
            rows.insert(key, values)
            versions.update({f: op_version for f in values})
            effects.append(_effect(key, values, versions, change.get("c"), "i"))
            continue
        if current is None:  # changed there, deleted at the hub meanwhile
            if not final:
                conflict(change, "deleted", "*", None, values)
            effects.append({"t": key[0], "id": key[1], "a": "d", "c": change.get("c")})
            continue
        base = change.get("b", {})
        taken: dict[str, Any] = {}
        for f, value in values.items():
            if (key[0], f) in ch.DERIVED:
                continue
            merge = ch.MERGE.get((key[0], f))
            if merge is not None:
                column = spec.columns[f]
                combined = ch.encode(
                    column, merge(ch.decode(column, current[f]), ch.decode(column, value))
                )
                if combined != current[f]:
                    taken[f] = combined
                    versions[f] = op_version
            elif final or action == "i" or base.get(f) == versions.get(f):
                if value != current[f]:
                    taken[f] = value
                versions[f] = op_version
            elif value != current[f]:
                conflict(change, "field", f, current[f], value)
        for (tbl, f), source in ch.DERIVED.items():
            if tbl == key[0] and f in values and source in taken:
                taken[f] = values[f]
                versions[f] = op_version
        if taken:
            rows.update(key, taken)
            if customer and not searched.isdisjoint(taken):
                reindex.add(customer)
        effects.append(_effect(key, {f: current[f] for f in values}, versions, change.get("c")))
    return effects, conflicts


def _changed_since(base: dict[str, Any], versions: dict[str, str]) -> bool:
    """Has any field of the row changed since the versions an operation saw?"""
    return any(versions.get(f) != v for f, v in base.items()) or any(
        f not in base for f in versions
    )


def _effect(
    key: tuple[str, str],
    values: dict[str, Any],
    versions: dict[str, str],
    customer: str | None,
    action: str = "u",
) -> dict[str, Any]:
    return {
        "t": key[0],
        "id": key[1],
        "a": action,
        "v": dict(values),
        "ver": {f: versions.get(f) for f in values},
        "c": customer,
    }


def _full(
    key: tuple[str, str], row: dict[str, Any], versions: dict[str, str], customer: str | None
) -> dict[str, Any]:
    return _effect(key, row, versions, customer, "i")


def _undo(rows: RowBuffer, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Effects that put the operation's rows back as the hub has them."""
    effects: list[dict[str, Any]] = []
    for change in changes:
        if change["a"] == "e":
            continue
        key = (change["t"], change["id"])
        current = rows.full(key)
        versions = rows.versions.get(key, {})
        if current is None:
            effects.append({"t": key[0], "id": key[1], "a": "d", "c": change.get("c")})
        else:
            effects.append(_full(key, current, versions, change.get("c")))
    return effects


def _conflict_effect(conflict: dict[str, Any]) -> dict[str, Any]:
    return {
        "t": "sync_conflicts",
        "id": conflict["id"],
        "a": "i",
        "v": conflict,
        "c": conflict["customer_id"],
        "ver": {},
    }


def _readable(changes: Any) -> list[dict[str, Any]]:
    """The changes of a malformed operation that name a known row (to put back as the hub has
    them)."""
    out: list[dict[str, Any]] = []
    for change in changes if isinstance(changes, list) else []:
        if not isinstance(change, dict) or change.get("a") not in ("i", "u", "d"):
            continue
        table = change.get("t")
        spec = ch.SYNCED.get(table) if isinstance(table, str) else None
        row_id = change.get("id")
        if spec is None or not isinstance(row_id, str):
            continue
        try:
            ch.decode(spec.columns[spec.pk], row_id)
        except (ValueError, TypeError):
            continue
        customer = change.get("c") if _uuid_text(change.get("c")) else None
        out.append({"t": spec.name, "id": row_id, "a": "u", "c": customer})
    return out


def _rejected_conflict(op: IncomingOp, origin: str, now: datetime, reason: str) -> dict[str, Any]:
    """The conflict that keeps a refused operation whole, with the reason, for a supervisor.

    Only well-formed parts of the operation reach its columns: this row must be
    written whatever the branch sent.
    """
    changes = op.changes if isinstance(op.changes, list) else []
    first = changes[0] if changes and isinstance(changes[0], dict) else {}
    customer = next(
        (c["c"] for c in changes if isinstance(c, dict) and _uuid_text(c.get("c"))), None
    )
    try:
        branch_value = ch.dumps(changes)
    except (TypeError, ValueError):
        branch_value = ch.dumps([])
    return {
        "id": str(uuid7()),
        "op_id": str(op.op_id),
        "origin": origin,
        "kind": "rejected",
        "tbl": str(first.get("t", ""))[:40],
        "row_id": str(first.get("id", ""))[:60],
        "field": "*",
        "customer_id": customer,
        "central_value": ch.dumps(reason[:300]),
        "branch_value": branch_value,
        "branch_staff_id": str(op.staff_id) if op.staff_id else None,
        "created_at": now.isoformat(),
        "resolved_at": None,
        "resolved_by": None,
        "resolution": None,
    }


def log_after(
    session: Session, cursor: int, limit: int
) -> list[tuple[int, uuid.UUID, str, list[dict[str, Any]]]]:
    """A page of the log after a branch's cursor: (seq, op_id, origin, effects)."""
    log = m.table_of(m.ChangeLog)
    rows = session.connection().execute(
        select(log.c.seq, log.c.op_id, log.c.origin, log.c.effects)
        .where(log.c.seq > cursor)
        .order_by(log.c.seq)
        .limit(limit)
    )
    return [(seq, op_id, origin, json.loads(effects)) for seq, op_id, origin, effects in rows]
