"""Where access packages were written: one row per file (workstation, path, when, by whom).

An erasure deletes the customer's package files it can reach and names the others
for the staff member to delete. Local to each database; not synchronised.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 15:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "package_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_package_files_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["privacy_requests.id"],
            name=op.f("fk_package_files_request_id_privacy_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["written_by"], ["staff.id"], name=op.f("fk_package_files_written_by_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_files")),
    )
    with op.batch_alter_table("package_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_files_customer_id"), ["customer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("package_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_files_customer_id"))
    op.drop_table("package_files")
