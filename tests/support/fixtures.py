"""Fixtures several test directories share; each conftest imports the ones it wants.

(Kept out of the root conftest: cheap password hashes would then apply to every
test, and a central PostgreSQL desk would be offered to all of them.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.branches import central_desk, cheap_password_hashes
from support.desk import Clock, Desk, Member
from support.postgres import PostgresServer
from support.templates import SchemaTemplates
from voxprivacy.domain.enums import Role


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_password_hashes(monkeypatch)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def central(
    pg_server: PostgresServer, clock: Clock, schema_templates: SchemaTemplates
) -> Iterator[Desk]:
    with central_desk(pg_server, clock, schema_templates) as desk:
        yield desk


@pytest.fixture
def agent(central: Desk) -> Member:
    return central.member(Role.AGENT, "agent")


@pytest.fixture
def supervisor(central: Desk) -> Member:
    return central.member(Role.SUPERVISOR, "super")
