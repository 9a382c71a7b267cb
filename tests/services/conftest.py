"""Fixtures for service tests: a controllable clock and staff members of every role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.desk import Clock, Desk
from support.fixtures import clock, quick_password_hashes

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import Context
from voxprivacy.storage.database import Database

__all__ = ["clock", "quick_password_hashes"]  # fixtures, shared


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
