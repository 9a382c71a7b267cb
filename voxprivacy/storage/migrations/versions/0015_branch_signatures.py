"""Signed branch operations: members' signing keys and the outbox's signatures.

``staff_keys`` holds each member's Ed25519 public key (head office checks a branch
operation's signature against it) and, wrapped with a key derived from the
member's password (Argon2id), the private key and the TOTP secret a branch uses
while the member is signed in there. Synchronised from head office to branches
only. ``sync_outbox.signature`` is the acting member's signature of each queued
operation. Members get their row the next time their password is seen at head
office (sign-in, a change, a new member).

Revision ID: 0015_branch_signatures
Revises: 0014_retention
Create Date: 2026-12-08 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_branch_signatures"
down_revision = "0014_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_keys",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=16), nullable=False),
        sa.Column("kdf", sa.String(length=60), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped_totp", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sync_versions", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_staff_keys_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_staff_keys")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_column("signature")
    op.drop_table("staff_keys")
