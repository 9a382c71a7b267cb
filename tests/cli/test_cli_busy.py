"""A write behind a lock another session holds: a clear, retryable message and exit 75.

The lock is real: a second connection holds it (SQLite's write lock, PostgreSQL's row lock
on the audit head every audited write takes). Nothing is written, and once the lock is
released the same command succeeds.
"""

from __future__ import annotations

import time

import pytest
from cli_support import Desk, raw_connection
from support.memory_keyring import MemoryKeyring

from voxprivacy.storage import database

BUSY = 75


def _hold_lock(conn: object, postgres: bool) -> None:
    if postgres:
        conn.execute("BEGIN")  # type: ignore[attr-defined]
        conn.execute("SELECT * FROM audit_head WHERE id = 1 FOR UPDATE")  # type: ignore[attr-defined]
    else:
        conn.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def test_a_write_behind_a_held_lock_is_reported_busy_and_succeeds_later(
    admin_desk: Desk, db_url: str, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres = db_url.startswith("postgresql")
    if not postgres:  # the same path as the 30 s default, without waiting half a minute
        monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 1000)
    with raw_connection(db_url, memory_keyring.entries) as holder:
        _hold_lock(holder, postgres)
        started = time.monotonic()
        result = admin_desk.as_(
            "root",
            "staff",
            "add",
            "alice",
            "--role",
            "agent",
            stdin="alice-initial-pw-42\n",
            code=True,
        )
        waited = time.monotonic() - started
        holder.execute("ROLLBACK")
    assert result.code == BUSY, (result.code, result.err)
    assert "is busy" in result.err and "try again" in result.err, result.err
    assert "Nothing was written" in result.err
    assert waited < (20 if postgres else 10), waited  # never for ever
    listed = admin_desk.as_("root", "staff", "list", json=True)
    assert "alice" not in [m["username"] for m in listed.json()]
    again = admin_desk.as_(
        "root", "staff", "add", "alice", "--role", "agent", stdin="alice-initial-pw-42\n", code=True
    )
    assert again.code == 0, again.err


def test_postgresql_sessions_carry_lock_and_statement_timeouts(pg_server: object) -> None:
    from support.postgres import PostgresServer

    from voxprivacy.security.keyring_store import SecretStore

    assert isinstance(pg_server, PostgresServer)
    name = pg_server.create_database()
    db = database.open_database(database.parse_target(pg_server.url(name)), SecretStore())
    try:
        with db.read() as session:
            lock = session.connection().exec_driver_sql("SHOW lock_timeout").scalar()
            statement = session.connection().exec_driver_sql("SHOW statement_timeout").scalar()
    finally:
        db.dispose()
    assert (lock, statement) == ("10s", "5min")
