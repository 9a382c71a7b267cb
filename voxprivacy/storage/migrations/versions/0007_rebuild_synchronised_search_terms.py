"""Rebuild the search terms of customers changed by synchronisation.

Until this revision a hub applied the changes branches pushed without
rebuilding the search terms of the customers they changed, so head office
could not find a customer by a name or email changed at a branch; a branch
set up afterwards copied those stale terms. Only the terms that differ from
the records are written:

- a hub: every customer its synchronisation log mentions;
- a branch replica: every customer (it cannot tell which terms it copied stale);
- a standalone database: nothing (it never synchronised).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 11:45:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_CHUNK = 2000


def upgrade() -> None:
    from voxprivacy.services.search_index import reindex_many

    conn = op.get_bind()
    role = conn.execute(sa.text("SELECT role FROM sync_state WHERE id = 1")).scalar()
    if role == "hub":
        query = sa.text(
            "SELECT customer_id FROM sync_change_log WHERE customer_id IS NOT NULL "
            "UNION SELECT customer_id FROM sync_change_customers"
        )
    elif role == "replica":
        query = sa.text("SELECT id FROM customers")
    else:
        return
    # PostgreSQL gives uuid objects, SQLite its 32 hex digits: both as the usual text
    customers = sorted({str(uuid.UUID(str(v))) for v in conn.execute(query).scalars()})
    for start in range(0, len(customers), _CHUNK):
        reindex_many(conn, customers[start : start + _CHUNK])


def downgrade() -> None:
    """Nothing to undo: the terms only follow the records again."""
