"""Count wrong second-factor codes apart from wrong passwords.

With one counter, signing in with the right password reset the wrong codes, so
whoever knew a password could guess codes without ever reaching the lock.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 06:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code_failures", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("code_failures")
