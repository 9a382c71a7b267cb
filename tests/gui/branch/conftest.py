"""Fixtures for a branch office's desk: the central PostgreSQL desk and its staff.

``clock`` here is the synchronisation tests' hand-moved clock (``support.desk.Clock``),
not the demo desk's real-time one: codes are typed for the central desk's time."""

from __future__ import annotations

from support.fixtures import agent, central, clock, quick_password_hashes, supervisor

__all__ = ["agent", "central", "clock", "quick_password_hashes", "supervisor"]  # fixtures, shared
