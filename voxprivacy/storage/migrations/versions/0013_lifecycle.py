"""Account lifecycle: a scheduled termination and what ending a service did to its number.

``customers.termination_due`` is the day a scheduled termination takes effect and
``customers.termination_reason`` the reason given when it was scheduled (both empty
once it has taken effect or was withdrawn). ``subscriptions.end_outcome`` says what
ending the service did to its number or identifier (released, ported, retired, kept).

Revision ID: 0013_lifecycle
Revises: 0011
Create Date: 2026-12-04 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_lifecycle"
down_revision = "0012_staff_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("termination_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("termination_reason", sa.String(length=500), nullable=True))
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_outcome", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("end_outcome")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("termination_reason")
        batch_op.drop_column("termination_due")
