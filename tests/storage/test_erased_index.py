"""The erasure journal's check at open reads the erased customers through their partial
index, on every backend: without it every command and every desk start reads the whole
customers table (about 0.3 s at a million customers), and nothing else would notice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text

from voxprivacy.services.erasure_journal import erased_customers
from voxprivacy.storage.database import Database


def _executed_sql(db: Database) -> str:
    """The statement as the journal's check sends it to the database."""
    seen: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        with db.read() as session:
            assert session.execute(erased_customers()).all() == []
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    (statement,) = [s for s in seen if "FROM customers" in s]
    return statement


def test_the_check_at_open_reads_erased_customers_through_their_index(db: Database) -> None:
    statement = _executed_sql(db)
    assert "'erased'" in statement  # written out: a planner ignores a partial index otherwise
    with db.connect() as conn:
        if conn.dialect.name == "sqlite":
            steps = [
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}")
            ]
            # a scan of the partial index visits the erased rows only; of the table, all
            assert steps == ["SCAN customers USING INDEX ix_customers_erased"], steps
        else:
            # an empty table is cheaper to scan: ask whether the index can serve it at all
            conn.execute(text("SET enable_seqscan = off"))
            plan = " ".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {statement}"))
            assert "ix_customers_erased" in plan, plan


def test_a_search_by_status_does_not_pick_the_partial_index(sqlite_db: Database) -> None:
    """Migration 0003 dropped the full status index because it misled the search's planner;
    the partial one only serves a condition on erased customers."""
    with sqlite_db.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE status = 'active'"
            )
        )
    assert "ix_customers_erased" not in plan, plan
