"""An index of the erased customers, for the erasure journal's check at open.

Every command and every desk start compares the erasure journal with the erased
customers the database shows; without an index that reads the whole customers
table (about 0.3 s at a million customers). The index is partial (only rows whose
status is 'erased'), so it stays as small as the erasures and a search filtered by
status never picks it over the term index (the reason 0003 dropped the full index
on ``status``).

Revision ID: 0017_customer_status
Revises: 0016_branches
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_customer_status"
down_revision = "0016_branches"
branch_labels = None
depends_on = None

ERASED = sa.text("status = 'erased'")


def upgrade() -> None:
    op.create_index(
        "ix_customers_erased",
        "customers",
        ["id"],
        unique=False,
        sqlite_where=ERASED,
        postgresql_where=ERASED,
    )


def downgrade() -> None:
    op.drop_index("ix_customers_erased", table_name="customers")
