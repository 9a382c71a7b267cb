"""PostgreSQL's connection pool: no round trip per checkout, and a lost connection is
replaced before anyone sees an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from support.postgres import PostgresServer

from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.storage import database
from voxprivacy.storage.database import Database, open_database, parse_target


@pytest.fixture
def pg_db(pg_server: PostgresServer) -> Iterator[Database]:
    name = pg_server.create_database()
    db = open_database(parse_target(pg_server.url(name)), ProcessOnlySecrets())
    try:
        yield db
    finally:
        db.dispose()
        pg_server.drop_database(name)


def _backend_pid(db: Database) -> int:
    with db.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _count_cursors(db: Database) -> list[str]:
    """Every cursor the pooled connection opens from now on (a statement or a ping)."""
    opened: list[str] = []
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        original = raw.cursor

        def cursor(*args: object, **kwargs: object) -> object:
            opened.append("cursor")
            return original(*args, **kwargs)

        raw.cursor = cursor
    return opened


def test_a_busy_pool_sends_nothing_but_the_work(pg_db: Database) -> None:
    pid = _backend_pid(pg_db)
    opened = _count_cursors(pg_db)
    for _ in range(5):
        assert _backend_pid(pg_db) == pid  # the same pooled connection each time
    assert len(opened) == 5  # one statement each, no ping before it


def test_a_connection_the_server_ended_is_replaced_unnoticed(
    pg_db: Database, pg_server: PostgresServer
) -> None:
    first = _backend_pid(pg_db)
    with pg_server.connect() as admin:  # as a database restart or an administrator does
        # pg_terminate_backend only signals the backend; wait until it has gone (and so
        # has sent its goodbye), as it has when a restart or an administrator is done
        admin.execute("SELECT pg_terminate_backend(%s, 10000)", (first,))
    with pg_db.read() as session:
        assert session.execute(text("SELECT 41 + 1")).scalar_one() == 42
    assert _backend_pid(pg_db) != first


def test_a_connection_idle_for_long_is_tested_first(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend_pid(pg_db)
    opened = _count_cursors(pg_db)
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
    assert _backend_pid(pg_db) == first  # pinged, answered, kept
    assert len(opened) == 2  # the ping and the statement
