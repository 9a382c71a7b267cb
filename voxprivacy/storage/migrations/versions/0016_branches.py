"""Branches enrolled through voxprivacy-server, and a replica's pinned server.

``branches`` holds each enrolled branch's Ed25519 public key and its field key
(wrapped under the central master key), when it was enrolled and whether it was
revoked; ``branch_enrolments`` the SHA-256 of one-time enrolment tokens;
``branch_nonces`` the nonces of recent signed requests (a copied request is refused).
On a replica, ``sync_state`` gains the pinned certificate fingerprint, the central
installation and a seal over the address and the pin.

Revision ID: 0016_branches
Revises: 0015_branch_signatures
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_branches"
down_revision = "0015_branch_signatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "branches",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("field_key", sa.LargeBinary(length=200), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_by", sa.String(length=100), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_branches")),
        sa.UniqueConstraint("public_key", name=op.f("uq_branches_public_key")),
    )
    op.create_table(
        "branch_enrolments",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("branch", sa.String(length=100), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_branch_enrolments")),
    )
    op.create_table(
        "branch_nonces",
        sa.Column("branch", sa.String(length=100), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("branch", "nonce", name=op.f("pk_branch_nonces")),
    )
    with op.batch_alter_table("branch_nonces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_nonces_seen_at"), ["seen_at"], unique=False)
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("central_fingerprint", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("central_installation", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("central_seal", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("central_seal")
        batch_op.drop_column("central_installation")
        batch_op.drop_column("central_fingerprint")
    with op.batch_alter_table("branch_nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branch_nonces_seen_at"))
    op.drop_table("branch_nonces")
    op.drop_table("branch_enrolments")
    op.drop_table("branches")
