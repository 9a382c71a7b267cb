"""Rows read ahead in bulk, changed in memory and written back with a few statements."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Integer,
    String,
    Uuid,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage import wire

_VERSIONS = "sync_versions"


class RowBuffer:
    """Current rows and their field versions for one batch, read ahead and written behind.

    Versions live in each row's ``sync_versions`` column, so they are read with the
    row and written with the row's own INSERT or UPDATE.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.versions: dict[tuple[str, str], dict[str, str]] = {}
        self.versions_before: dict[tuple[str, str], dict[str, str]] = {}
        self.writes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self.partial: set[tuple[str, str]] = set()

    def prefetch(
        self, keys: Iterable[tuple[str, str]], wanted: dict[str, set[str]] | None = None
    ) -> None:
        """Read rows not read yet; with ``wanted``, only those fields of each table.

        (A batch of edits needs the fields it changes, not whole rows; ``full``
        reads the rest of a row when a rare path needs it.)
        """
        missing = {k for k in keys if k not in self.rows}
        by_table: dict[str, list[str]] = {}
        for tbl, row_id in missing:
            by_table.setdefault(tbl, []).append(row_id)
        conn = self.session.connection()
        for tbl, ids in by_table.items():
            spec = wire.SYNCED[tbl]
            pk = spec.table.c[spec.pk]
            names = list(spec.columns)
            partial = wanted is not None
            if wanted is not None:
                names = [n for n in names if n in wanted.get(tbl, set()) or n == spec.pk]
            columns = [spec.table.c[n] for n in names]
            encoders = [spec.columns[n] for n in names]
            for chunk in ch.batches(conn, sorted(set(ids))):
                query = select(*columns, spec.table.c.sync_versions).where(
                    ch.among(conn, pk, chunk)
                )
                for row in conn.execute(query):
                    values = {
                        n: wire.encode_value(c, row[i])
                        for i, (n, c) in enumerate(zip(names, encoders, strict=True))
                    }
                    key = (tbl, str(values[spec.pk]))
                    self.rows[key] = values
                    if partial:
                        self.partial.add(key)
                    stored = json.loads(row[-1]) if row[-1] else {}
                    self.versions_before[key] = stored
                    self.versions[key] = dict(stored)
            for row_id in ids:
                key = (tbl, row_id)
                if key not in self.rows:
                    self.rows[key] = None
                    self.versions_before[key] = {}
                    self.versions[key] = {}

    def full(self, key: tuple[str, str]) -> dict[str, Any] | None:
        """The whole row, with this batch's changes, even if only some fields were read."""
        current = self.get(key)
        if current is None or key not in self.partial:
            return current
        spec = wire.SYNCED[key[0]]
        names = list(spec.columns)
        pk = spec.table.c[spec.pk]
        query = select(*(spec.table.c[n] for n in names))
        row = (
            self.session.connection()
            .execute(query.where(pk == wire.decode_value(pk, key[1])))
            .one()
        )
        whole = {n: wire.encode_value(spec.columns[n], row[i]) for i, n in enumerate(names)}
        whole.update(current)
        current.clear()
        current.update(whole)
        self.partial.discard(key)
        return current

    def get(self, key: tuple[str, str]) -> dict[str, Any] | None:
        if key not in self.rows:
            self.prefetch([key])
        return self.rows[key]

    def insert(self, key: tuple[str, str], values: dict[str, Any]) -> None:
        self.rows[key] = dict(values)
        self.writes[key] = ("i", dict(values))
        self.versions.setdefault(key, {})
        self.versions_before.setdefault(key, {})

    def update(self, key: tuple[str, str], values: dict[str, Any]) -> None:
        row = self.rows[key]
        assert row is not None
        row.update(values)
        kind, pending = self.writes.get(key, ("u", {}))
        pending.update(values)
        self.writes[key] = (kind, pending)

    def delete(self, key: tuple[str, str]) -> None:
        self.rows[key] = None
        kind, _ = self.writes.get(key, ("d", {}))
        if kind == "i":
            del self.writes[key]
        else:
            self.writes[key] = ("d", {})
        self.versions[key] = {}
        self.versions_before[key] = {}

    def flush(self) -> None:
        """Write what the batch changed: parents first, deletions children first."""
        for key, versions in self.versions.items():
            if versions != self.versions_before.get(key) and self.rows.get(key) is not None:
                kind, pending = self.writes.get(key, ("u", {}))
                self.writes[key] = (kind, pending)
            self.versions_before[key] = dict(versions)
        conn = self.session.connection()
        as_json = conn.dialect.name == "postgresql"
        groups: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}
        for (tbl, row_id), (kind, values) in sorted(
            self.writes.items(), key=lambda kv: wire.ORDER[kv[0][0]]
        ):
            spec = wire.SYNCED[tbl]
            stamped = self.versions.get((tbl, row_id)) or None
            if kind == "u" and as_json and _as_json_text(spec, values):
                # the values stay as they travel (text); PostgreSQL converts them
                row = {k: v for k, v in values.items() if k != spec.pk}
                row[_VERSIONS] = stamped
                row["_pk"] = row_id
                groups.setdefault(("j", tbl, tuple(sorted(row))), []).append(row)
                continue
            key_value = wire.decode_value(spec.columns[spec.pk], row_id)
            if kind == "d":
                groups.setdefault((kind, tbl, ()), []).append({"_pk": key_value})
                continue
            decoded = wire.decode_row(spec, values)
            decoded[_VERSIONS] = wire.dumps(stamped) if stamped else None
            if kind == "u":
                decoded.pop(spec.pk, None)
                decoded = {f"v_{k}": x for k, x in decoded.items()}
                decoded["_pk"] = key_value
            groups.setdefault((kind, tbl, tuple(sorted(decoded))), []).append(decoded)
        for (kind, tbl, cols), params in groups.items():
            spec = wire.SYNCED[tbl]
            if kind == "i":
                stmt = insert(spec.table)
                if spec.has_version:
                    stmt = stmt.values(version=1)
                conn.execute(stmt, params)
            elif kind == "j":
                _update_from_json(conn, spec, cols, params)
            elif kind == "u" and conn.dialect.name == "postgresql":
                _update_from_values(conn, spec, cols, params)
            elif kind == "u":
                assigned: dict[str, Any] = {c[2:]: bindparam(c) for c in cols if c != "_pk"}
                if spec.has_version and set(assigned) - {_VERSIONS}:
                    assigned["version"] = spec.table.c.version + 1
                assigned.update(ch.keep_stamps(spec.table, assigned))
                conn.execute(
                    update(spec.table)
                    .where(spec.table.c[spec.pk] == bindparam("_pk"))
                    .values(assigned),
                    params,
                )
        for (kind, tbl, _cols), params in sorted(
            groups.items(), key=lambda kv: -wire.ORDER[kv[0][1]]
        ):
            if kind == "d":
                spec = wire.SYNCED[tbl]
                conn.execute(
                    delete(spec.table).where(spec.table.c[spec.pk] == bindparam("_pk")), params
                )
        self.writes.clear()

    def forget(self) -> None:
        """After a bulk change (an erasure): read again whatever is needed next."""
        self.rows.clear()
        self.partial.clear()
        self.versions.clear()
        self.versions_before.clear()


# Column types PostgreSQL reads straight from their JSON form (text, numbers, booleans).
_TEXT_KINDS = (String, Integer, Boolean, Date, Uuid, m.UTCDateTime)


def _as_json_text(spec: wire.TableSpec, values: dict[str, Any]) -> bool:
    """Can these values go to PostgreSQL as JSON, converted there? (Not bytes or JSON.)"""
    columns = spec.columns
    return all(isinstance(columns[f].type, _TEXT_KINDS) for f in values)


def _update_from_json(
    conn: Connection, spec: wire.TableSpec, cols: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """Many rows' updates as one ``UPDATE … FROM json_to_recordset(document)``.

    The rows go as one JSON document of their values as they travel (text for
    times and ids): one C-speed ``json.dumps`` instead of converting every
    value to a Python object and back, and one statement however many rows.
    The versions go as a nested JSON object whose text PostgreSQL keeps as
    written.
    """
    table = spec.table
    quote = conn.dialect.identifier_preparer.quote
    fields = [c for c in cols if c not in ("_pk", _VERSIONS)]
    declared = [f"{quote(f)} {spec.columns[f].type.compile(dialect=conn.dialect)}" for f in fields]
    pk_type = spec.columns[spec.pk].type.compile(dialect=conn.dialect)
    assigned = [f"{quote(f)} = v.{quote(f)}" for f in fields]
    assigned.append(f"{quote(_VERSIONS)} = v.{quote(_VERSIONS)}::text")
    if spec.has_version and fields:
        assigned.append(f"version = {quote(table.name)}.version + 1")
    assigned.extend(
        f"{quote(c)} = {quote(table.name)}.{quote(c)}"
        for c in ch.keep_stamps(table, [*fields, _VERSIONS])
    )
    record = ", ".join([f"_pk {pk_type}", *declared, f"{quote(_VERSIONS)} json"])
    statement = text(
        f"UPDATE {quote(table.name)} SET {', '.join(assigned)} "
        f"FROM json_to_recordset(CAST(:rows AS json)) AS v({record}) "
        f"WHERE {quote(table.name)}.{quote(spec.pk)} = v._pk"
    )
    for start in range(0, len(rows), 5000):
        conn.execute(statement, {"rows": wire.dumps(rows[start : start + 5000])})


def _update_from_values(
    conn: Connection, spec: wire.TableSpec, cols: tuple[str, ...], params: list[dict[str, Any]]
) -> None:
    """Many rows' updates as one ``UPDATE … FROM unnest(arrays)``.

    PostgreSQL runs an executemany of UPDATEs one statement at a time; one array
    per column keeps it to one statement, compiled once, however many rows.
    """
    table = spec.table
    quote = conn.dialect.identifier_preparer.quote
    names = [c for c in cols if c != "_pk"]
    fields = [c[2:] for c in names]
    arrays = [
        ("_pk", table.c[spec.pk]),
        *((n, table.c[f]) for n, f in zip(names, fields, strict=True)),
    ]
    sources = ", ".join(
        f"CAST(:{n} AS {column.type.compile(dialect=conn.dialect)}[])" for n, column in arrays
    )
    assigned = [f"{quote(f)} = v.{quote(n)}" for n, f in zip(names, fields, strict=True)]
    if spec.has_version and set(fields) - {_VERSIONS}:
        assigned.append(f"version = {quote(table.name)}.version + 1")
    assigned.extend(
        f"{quote(c)} = {quote(table.name)}.{quote(c)}" for c in ch.keep_stamps(table, fields)
    )
    statement = text(
        f"UPDATE {quote(table.name)} SET {', '.join(assigned)} "
        f"FROM unnest({sources}) AS v({', '.join(quote(n) for n, _ in arrays)}) "
        f"WHERE {quote(table.name)}.{quote(spec.pk)} = v._pk"
    ).bindparams(*(bindparam(n, type_=ARRAY(column.type)) for n, column in arrays))
    for start in range(0, len(params), 5000):
        chunk = params[start : start + 5000]
        conn.execute(statement, {n: [p[n] for p in chunk] for n, _ in arrays})
