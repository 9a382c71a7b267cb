"""Rebuild the search terms of customers changed by synchronisation.

Until this revision a hub applied the changes branches pushed without
rebuilding the search terms of the customers they changed, so head office
could not find a customer by a name or email changed at a branch; a branch
set up afterwards copied those stale terms.

The rebuild now happens in 0010_search_by_role, for every customer on every
database (it also gives each term its kind); this revision does nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 11:45:00
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Superseded by 0010_search_by_role, which rebuilds the terms of every customer
    (with their kinds) on every database. The rebuild that stood here called the live
    search-index code, which now writes a column this revision does not have yet."""


def downgrade() -> None:
    """Nothing to undo: the terms only follow the records again."""
