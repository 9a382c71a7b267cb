"""Drop the customers' status index: it never narrows a search, it only misleads the planner.

Search walks the term index in order and checks the status of each match; an
index on a column with three values, most rows in one, is never the better path.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 05:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_status")


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customers_status", ["status"], unique=False)
