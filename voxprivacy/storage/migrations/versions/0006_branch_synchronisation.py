"""Branch synchronisation: the hub's log and counter, a branch's outbox and cursor,
per-field versions on every synchronised row and the conflict queue.

A PostgreSQL database becomes a hub (it logs every change for its branches);
an SQLite file stays standalone until ``sync --central`` makes it a replica.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# every table whose rows branches synchronise (sync_conflicts is created with the column)
SYNCED_TABLES = (
    "staff",
    "recovery_codes",
    "settings",
    "customers",
    "addresses",
    "phones",
    "emails",
    "subscriptions",
    "payment_cards",
    "invoices",
    "interactions",
    "consent_events",
    "privacy_requests",
    "request_events",
    "rectification_changes",
    "disclosures",
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("central", sa.String(length=500), nullable=True),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    counter = op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.create_table(
        "sync_change_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("effects", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_change_log")),
        sa.UniqueConstraint("op_id", name=op.f("uq_sync_change_log_op_id")),
    )
    op.create_table(
        "sync_change_customers",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("customer_id", "seq", name=op.f("pk_sync_change_customers")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customers", sa.String(length=2000), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("erased", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_outbox")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=60), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("central_value", sa.Text(), nullable=True),
        sa.Column("branch_value", sa.Text(), nullable=True),
        sa.Column("branch_staff_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("sync_versions", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    for table in SYNCED_TABLES:
        op.add_column(table, sa.Column("sync_versions", sa.Text(), nullable=True))
    op.create_index(op.f("ix_sync_change_log_customer_id"), "sync_change_log", ["customer_id"])
    op.create_index(op.f("ix_sync_conflicts_op_id"), "sync_conflicts", ["op_id"])
    op.create_index(op.f("ix_sync_conflicts_customer_id"), "sync_conflicts", ["customer_id"])
    role = "hub" if op.get_bind().dialect.name == "postgresql" else "standalone"
    op.bulk_insert(state, [{"id": 1, "role": role, "cursor": 0}])
    op.bulk_insert(counter, [{"id": 1, "seq": 0}])


def downgrade() -> None:
    for name in SYNCED_TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column("sync_versions")
    for table in (
        "sync_conflicts",
        "sync_outbox",
        "sync_change_customers",
        "sync_change_log",
        "sync_counter",
        "sync_state",
    ):
        op.drop_table(table)
