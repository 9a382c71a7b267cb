"""Fixtures for synchronisation: a central PostgreSQL desk and two branches of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from support.branches import Branch, make_branch
from support.desk import Clock, Desk, Member
from support.postgres import PostgresServer

from voxprivacy.domain.enums import Role
from voxprivacy.security import passwords
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import Context
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.schema import upgrade


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def central(pg_server: PostgresServer, clock: Clock) -> Iterator[Desk]:
    """The head office: a fresh PostgreSQL database with an admin."""
    name = pg_server.create_database()
    db = open_database(parse_target(pg_server.url(name)), SecretStore(), create=True)
    upgrade(db)
    ctx = Context(db, SecretStore(), clock=clock)
    ctx.create_installation()
    yield Desk(ctx, clock)
    db.dispose()
    if pg_server.external is not None:
        pg_server.drop_database(name)


@pytest.fixture
def agent(central: Desk) -> Member:
    return central.member(Role.AGENT, "agent")


@pytest.fixture
def supervisor(central: Desk) -> Member:
    return central.member(Role.SUPERVISOR, "super")


@pytest.fixture
def north(central: Desk, agent: Member, supervisor: Member, tmp_path: Path) -> Iterator[Branch]:
    branch = make_branch(central, tmp_path, "north", encrypted=True)
    yield branch
    branch.db.dispose()


@pytest.fixture
def south(central: Desk, agent: Member, supervisor: Member, tmp_path: Path) -> Iterator[Branch]:
    branch = make_branch(central, tmp_path, "south")
    yield branch
    branch.db.dispose()
