"""The baselines of benchmarks/sync.py: the same work as a push and a pull, written by hand.

``push_baseline``: a branch's operations applied to a copy of the central database
(same schema, same rows, same PostgreSQL) with hand-written set-based SQL in one
transaction — per table one ``UPDATE … FROM json_populate_recordset`` for every set
of changed columns (the versions merged in the same statement) and one ``INSERT …
SELECT`` for new rows, the changed customers' search terms deleted and inserted
again, the log entries inserted in one statement and the counter moved. No version
check, no conflict, no reading of what is there: what a push cannot do less than.

``pull_baseline``: a page's rows and search terms written into a copy of the
branch's encrypted replica with the driver's plain ``executemany``, in one
transaction.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine

from voxprivacy.services.search_index import terms_for
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database
from voxprivacy.sync import hub

SEARCHED_TABLES = {"customers", "emails", "phones"}


@dataclass(frozen=True)
class Op:
    op_id: uuid.UUID
    staff_id: uuid.UUID | None
    made_at: datetime
    payload: str


def _customers_of(changes: Iterable[wire.RowChange]) -> set[str]:
    return {c.customer for c in changes if c.customer and c.table in SEARCHED_TABLES}


def _terms_rows(
    conn: Any, ids: list[str], placeholder: str, uuid_param: Any = str
) -> list[dict[str, Any]]:
    """The search terms of these customers as their rows now say (read in three queries)."""
    if not ids:
        return []
    marks = ", ".join(placeholder for _ in ids)
    params = [uuid_param(i) for i in ids]
    people = conn.execute(
        f"SELECT id, account_number, name, company, status FROM customers WHERE id IN ({marks})",
        params,
    ).fetchall()
    emails: dict[str, list[str]] = defaultdict(list)
    for cid, address in conn.execute(
        f"SELECT customer_id, address FROM emails WHERE customer_id IN ({marks})", params
    ).fetchall():
        emails[str(cid)].append(address)
    phones: dict[str, list[str]] = defaultdict(list)
    for cid, e164 in conn.execute(
        f"SELECT customer_id, e164 FROM phones WHERE customer_id IN ({marks})", params
    ).fetchall():
        phones[str(cid)].append(e164)
    rows = []
    for cid, account, name, company, status in people:
        if status == "erased":
            continue
        key = str(cid)
        for term, kind in terms_for(account, name, company, emails[key], phones[key]):
            rows.append({"customer_id": key, "term": term, "kind": kind})
    return rows


def push_baseline(url: str, ops: list[Op], origin: str) -> float:
    """Seconds to apply ``ops`` with hand-written set-based SQL in one transaction."""
    engine = create_engine(url)
    try:
        started = time.perf_counter()
        decoded = [(op, wire.decode(op.payload)) for op in ops]
        updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
        inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        deletes: dict[str, list[str]] = defaultdict(list)
        touched: set[str] = set()
        for op, operation in decoded:
            version = str(op.op_id)
            for change in operation.rows:
                spec = wire.SYNCED[change.table]
                if change.action is wire.Action.DELETE:
                    deletes[change.table].append(change.row_id)
                    continue
                values = {f: v for f, v in change.values.items() if f in spec.columns}
                row = {**_plain(values), spec.pk: change.row_id}
                row["sync_versions"] = json.dumps({f: version for f in values})
                if change.action is wire.Action.INSERT:
                    inserts[change.table].append(row)
                else:
                    updates[(change.table, tuple(sorted(values)))].append(row)
            touched |= _customers_of(operation.rows)
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            cur = raw.cursor()
            seq = cur.execute("SELECT seq FROM sync_counter WHERE id = 1 FOR UPDATE").fetchone()[0]
            for (table, columns), rows in updates.items():
                pk = wire.SYNCED[table].pk
                sets = ", ".join(f'"{c}" = r."{c}"' for c in columns)
                cur.execute(
                    f'UPDATE "{table}" AS t SET {sets}, sync_versions = '
                    f"(coalesce(t.sync_versions::jsonb, '{{}}') || r.sync_versions::jsonb)::json "
                    f'FROM json_populate_recordset(null::"{table}", %s) AS r '
                    f'WHERE t."{pk}" = r."{pk}"',
                    (json.dumps(rows),),
                )
            for table in sorted(inserts, key=wire.ORDER.__getitem__):
                columns = sorted(set().union(*(r.keys() for r in inserts[table])))
                names = ", ".join(f'"{c}"' for c in columns)
                cur.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {names} '
                    f'FROM json_populate_recordset(null::"{table}", %s)',
                    (json.dumps(inserts[table]),),
                )
            for table, ids in deletes.items():
                pk = wire.SYNCED[table].pk
                cur.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ANY(%s::uuid[])', (ids,))
            ids = sorted(touched)
            cur.execute(
                "DELETE FROM customer_search_terms WHERE customer_id = ANY(%s::uuid[])", (ids,)
            )
            terms = _terms_rows(cur, ids, "%s")
            if terms:
                cur.execute(
                    "INSERT INTO customer_search_terms (customer_id, term, kind) "
                    "SELECT customer_id, term, kind FROM "
                    "json_populate_recordset(null::customer_search_terms, %s)",
                    (json.dumps(terms),),
                )
            now = datetime.now(UTC).isoformat()
            log = []
            for op, operation in decoded:
                seq += 1
                customers = sorted(operation.customers)
                log.append(
                    {
                        "seq": seq,
                        "op_id": str(op.op_id),
                        "origin": origin,
                        "outcome": hub.APPLIED,
                        "staff_id": str(op.staff_id) if op.staff_id else None,
                        "made_at": op.made_at.isoformat(),
                        "applied_at": now,
                        "customer_id": customers[0] if len(customers) == 1 else None,
                        "effects": op.payload,
                    }
                )
            cur.execute(
                "INSERT INTO sync_change_log (seq, op_id, origin, outcome, staff_id, made_at, "
                "applied_at, customer_id, effects) SELECT seq, op_id, origin, outcome, staff_id, "
                "made_at, applied_at, customer_id, effects FROM "
                "json_populate_recordset(null::sync_change_log, %s)",
                (json.dumps(log),),
            )
            cur.execute("UPDATE sync_counter SET seq = %s WHERE id = 1", (seq,))
        return time.perf_counter() - started
    finally:
        engine.dispose()


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Wire values as PostgreSQL's JSON casts read them (bytes as bytea's hex text)."""
    out = {}
    for k, v in values.items():
        out[k] = "\\x" + wire._from_b64(v).hex() if wire.is_bytes(v) else v
    return out


def pull_baseline(replica_copy: Database, entries: list[hub.LogEntry]) -> float:
    """Seconds to write the entries' rows and search terms into a copy of the replica with
    plain executemany, in one transaction."""
    started = time.perf_counter()
    updates: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    inserts: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    touched: set[str] = set()
    for entry in entries:
        for change in entry.effects.rows:
            spec = wire.SYNCED[change.table]
            if change.action is wire.Action.DELETE:
                continue
            fields = tuple(sorted(f for f in change.values if f in spec.columns))
            values = tuple(wire.decode_value(spec.columns[f], change.values[f]) for f in fields)
            versions = json.dumps({f: (change.versions or {}).get(f) for f in fields})
            pk = wire.decode_value(spec.columns[spec.pk], change.row_id)
            if change.action is wire.Action.INSERT:
                inserts[(change.table, fields)].append((*values, versions))
            else:
                updates[(change.table, fields)].append((*values, versions, _sqlite(pk)))
        touched |= _customers_of(entry.effects.rows)
    with replica_copy.engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()
        for (table, fields), rows in updates.items():
            pk = wire.SYNCED[table].pk
            sets = ", ".join(f'"{f}" = ?' for f in fields)
            cur.executemany(
                f'UPDATE "{table}" SET {sets}, sync_versions = ? WHERE "{pk}" = ?',
                [tuple(_sqlite(v) for v in r) for r in rows],
            )
        for (table, fields), rows in inserts.items():
            names = ", ".join(f'"{f}"' for f in (*fields, "sync_versions"))
            marks = ", ".join("?" for _ in (*fields, "sync_versions"))
            cur.executemany(
                f'INSERT OR REPLACE INTO "{table}" ({names}) VALUES ({marks})',
                [tuple(_sqlite(v) for v in r) for r in rows],
            )
        ids = sorted(touched)
        hexed = [uuid.UUID(i).hex for i in ids]
        cur.executemany(
            "DELETE FROM customer_search_terms WHERE customer_id = ?", [(h,) for h in hexed]
        )
        terms = _terms_rows(cur, ids, "?", lambda i: uuid.UUID(i).hex)
        cur.executemany(
            "INSERT INTO customer_search_terms (customer_id, term, kind) VALUES (?, ?, ?)",
            [(uuid.UUID(t["customer_id"]).hex, t["term"], t["kind"]) for t in terms],
        )
    return time.perf_counter() - started


def _sqlite(value: Any) -> Any:
    """A Python value as SQLAlchemy stores it in SQLite (UUIDs as 32 hex digits)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value
