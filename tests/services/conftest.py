"""Fixtures for service tests: a controllable clock and staff members of every role.

The ``ctx`` and ``desk`` tests run on plain SQLite, SQLCipher, PostgreSQL, and
``remote``: through a real voxprivacy-server process over PostgreSQL, the
services called exactly as on a workstation (the service gate sends them to
the server). In the remote variant ``ctx.db`` is still the server's database,
opened directly, so a test can look at what was stored; the services themselves
never use it there. A test that cannot run through the server is marked
``local_only`` with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.desk import Clock, Desk
from support.fixtures import quick_password_hashes
from support.postgres import PostgresServer
from support.server import ServerProcess, SharedClock

from voxprivacy.client.remote import RemoteTransport
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.storage.database import Database

__all__ = ["quick_password_hashes"]  # fixtures, shared


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``local_only`` lose their remote variant (it is not collected)."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        local = params.get("db_url") == "remote" and item.get_closest_marker("local_only")
        (dropped if local else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def is_remote(request: pytest.FixtureRequest) -> bool:
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    return bool(params.get("db_url") == "remote")


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("encrypted", id="encrypted"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
        pytest.param("remote", id="remote", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite, SQLCipher, PostgreSQL, or the one a server process serves
    (emptied for this test)."""
    backend: str = request.param
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/desk.db"
    elif backend == "encrypted":
        yield f"sqlite+pysqlcipher:///{tmp_path}/desk.db"
    elif backend == "remote":
        server: ServerProcess = request.getfixturevalue("remote_server")
        server.reset()
        yield server.database_url
    else:
        pg: PostgresServer = request.getfixturevalue("pg_server")
        name = pg.create_database()
        yield pg.url(name)
        if pg.external is not None:
            pg.drop_database(name)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Clock:
    if is_remote(request):
        server: ServerProcess = request.getfixturevalue("remote_server")
        return SharedClock(server.clock_file)
    return Clock()


@pytest.fixture
def ctx(request: pytest.FixtureRequest, db: Database, clock: Clock) -> Iterator[Context]:
    if not is_remote(request):
        context = Context(db, SecretStore(), clock=clock)
        context.create_installation()
        yield context
        return
    server: ServerProcess = request.getfixturevalue("remote_server")
    # the test's own direct look at the database decrypts with the server's key
    SecretStore().put(master_key_name(server.installation_id), server.master_key)
    transport = RemoteTransport(server.url, fingerprint=server.fingerprint)
    try:
        yield Context(db, SecretStore(), clock=clock, remote=transport)
    finally:
        transport.close()


@pytest.fixture
def desk(ctx: Context, clock: Clock) -> Desk:
    direct = Context(ctx.db, ctx.secrets, clock=clock) if ctx.remote is not None else None
    return Desk(ctx, clock, direct)


@pytest.fixture
def sqlite_ctx(sqlite_db: Database, clock: Clock) -> Context:
    context = Context(sqlite_db, SecretStore(), clock=clock)
    context.create_installation()
    return context


@pytest.fixture
def sdesk(sqlite_ctx: Context, clock: Clock) -> Desk:
    """A desk on plain SQLite only, for rules that do not depend on the backend."""
    return Desk(sqlite_ctx, clock)
