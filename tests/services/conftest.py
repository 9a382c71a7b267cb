"""Fixtures for service tests: a controllable clock and staff members of every role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from support.desk import Clock, Desk

from voxprivacy.security import passwords
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import Context
from voxprivacy.storage.database import Database


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with minimal cost: service tests hash hundreds of passwords.

    The command-line tests run the real parameters end to end.
    """
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(db: Database, clock: Clock) -> Iterator[Context]:
    context = Context(db, SecretStore(), clock=clock)
    context.create_installation()
    yield context


@pytest.fixture
def desk(ctx: Context, clock: Clock) -> Desk:
    return Desk(ctx, clock)


@pytest.fixture
def sqlite_ctx(sqlite_db: Database, clock: Clock) -> Context:
    context = Context(sqlite_db, SecretStore(), clock=clock)
    context.create_installation()
    return context


@pytest.fixture
def sdesk(sqlite_ctx: Context, clock: Clock) -> Desk:
    """A desk on plain SQLite only, for rules that do not depend on the backend."""
    return Desk(sqlite_ctx, clock)
