"""Rows read ahead in bulk, changed in memory and written back with a few statements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from voxprivacy.storage import changes as ch


class RowBuffer:
    """Current rows and versions for one batch, read ahead and written behind."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.versions: dict[tuple[str, str], dict[str, str]] = {}
        self.versions_before: dict[tuple[str, str], dict[str, str]] = {}
        self.writes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        missing = [k for k in set(keys) if k not in self.rows]
        by_table: dict[str, list[str]] = {}
        for tbl, row_id in missing:
            by_table.setdefault(tbl, []).append(row_id)
        for tbl, ids in by_table.items():
            found = ch.read_rows(self.session, ch.SYNCED[tbl], ids)
            for row_id in ids:
                self.rows[(tbl, row_id)] = found.get(row_id)
        versions = ch.load_versions(self.session, missing)
        for key in missing:
            stored = versions.get(key, {})
            self.versions_before[key] = stored
            self.versions[key] = dict(stored)

    def get(self, key: tuple[str, str]) -> dict[str, Any] | None:
        if key not in self.rows:
            self.prefetch([key])
        return self.rows[key]

    def insert(self, key: tuple[str, str], values: dict[str, Any]) -> None:
        self.rows[key] = dict(values)
        self.writes[key] = ("i", dict(values))

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

    def flush(self) -> None:
        """Write what the batch changed: parents first, deletions children first."""
        conn = self.session.connection()
        order = sorted(self.writes.items(), key=lambda kv: ch.ORDER[kv[0][0]])
        groups: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}
        for (tbl, row_id), (kind, values) in order:
            spec = ch.SYNCED[tbl]
            if kind == "d":
                groups.setdefault((kind, tbl, ()), []).append(
                    {"_pk": ch.decode(spec.columns[spec.pk], row_id)}
                )
                continue
            decoded = ch.decode_row(spec, values)
            if kind == "u":
                decoded.pop(spec.pk, None)
                decoded = {f"v_{k}": x for k, x in decoded.items()}
                decoded["_pk"] = ch.decode(spec.columns[spec.pk], row_id)
            groups.setdefault((kind, tbl, tuple(sorted(decoded))), []).append(decoded)
        for kind in ("i", "u"):
            for (k, tbl, cols), params in groups.items():
                if k != kind:
                    continue
                spec = ch.SYNCED[tbl]
                if kind == "i":
                    stmt = insert(spec.table)
                    if spec.has_version:
                        stmt = stmt.values(version=1)
                    conn.execute(stmt, params)
                else:
                    names = [c for c in cols if c != "_pk"]
                    assignments: dict[str, Any] = {c[2:]: bindparam(c) for c in names}
                    if spec.has_version:
                        assignments["version"] = spec.table.c.version + 1
                    for column in spec.table.columns:  # a copied value, not this moment's
                        if column.onupdate is not None and column.name not in assignments:
                            assignments[column.name] = column
                    conn.execute(
                        update(spec.table)
                        .where(spec.table.c[spec.pk] == bindparam("_pk"))
                        .values(assignments),
                        params,
                    )
        for (k, name, _cols), params in sorted(groups.items(), key=lambda kv: -ch.ORDER[kv[0][1]]):
            if k == "d":
                spec = ch.SYNCED[name]
                conn.execute(
                    delete(spec.table).where(spec.table.c[spec.pk] == bindparam("_pk")), params
                )
        after: dict[tuple[str, str], dict[str, str] | None] = {
            k: (v or None) for k, v in self.versions.items() if v != self.versions_before.get(k)
        }
        ch.store_versions(self.session, self.versions_before, after)
        for key, stored in after.items():
            self.versions_before[key] = dict(stored or {})
        self.writes.clear()

    def forget(self) -> None:
        """After a bulk change (an erasure): read again whatever is needed next."""
        self.rows.clear()
        self.versions.clear()
        self.versions_before.clear()
