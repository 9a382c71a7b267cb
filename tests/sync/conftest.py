"""Fixtures for synchronisation: a central PostgreSQL desk and two branches of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.branches import Branch, make_branch
from support.desk import Desk, Member
from support.fixtures import agent, central, clock, quick_password_hashes, supervisor

__all__ = ["agent", "central", "clock", "quick_password_hashes", "supervisor"]  # fixtures, shared


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
