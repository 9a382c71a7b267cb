"""Widen a request timeline entry to hold its reason and what the step did.

An extension's entry reads "by 10 days: " followed by a reason of up to 500
characters, longer than the 500 the column held: PostgreSQL refused it
(DataError) and SQLite stored it, so a branch queued what the centre could not
apply. The entry now holds 1,000 characters.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.alter_column(
            "detail",
            existing_type=sa.String(length=500),
            type_=sa.String(length=1000),
            existing_nullable=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.alter_column(
            "detail",
            existing_type=sa.String(length=1000),
            type_=sa.String(length=500),
            existing_nullable=True,
        )
