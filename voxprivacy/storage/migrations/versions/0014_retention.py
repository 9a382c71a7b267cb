"""Retention and the two request kinds of restriction and objection.

``retention_runs`` keeps one row per run of the retention schedule: when, who ran
it (empty for the scheduler) and how many of each kind of data went (counts only);
the schedule itself lives in ``settings`` (``retention.<kind>``). On
``privacy_requests``, ``purposes`` names the purposes a restriction or an
objection is about, and ``lifted_at``/``lifted_by`` say when and by whom a
restriction was lifted (a restriction holds until then).

Revision ID: 0014_retention
Revises: 0013_lifecycle
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_retention"
down_revision = "0013_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_retention_runs_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    with op.batch_alter_table("privacy_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purposes", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("lifted_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_privacy_requests_lifted_by_staff"), "staff", ["lifted_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("privacy_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_privacy_requests_lifted_by_staff"), type_="foreignkey"
        )
        batch_op.drop_column("lifted_by")
        batch_op.drop_column("lifted_at")
        batch_op.drop_column("purposes")
    op.drop_table("retention_runs")
