"""Fixtures for synchronisation: a central PostgreSQL desk and two branches of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.branches import Branch, central_desk, cheap_password_hashes, make_branch
from support.desk import Clock, Desk, Member
from support.postgres import PostgresServer

from voxprivacy.domain.enums import Role


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_password_hashes(monkeypatch)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def central(pg_server: PostgresServer, clock: Clock) -> Iterator[Desk]:
    with central_desk(pg_server, clock) as desk:
        yield desk


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
