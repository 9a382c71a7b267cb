"""Recovery codes: Argon2id instead of a salted SHA-256 digest beside its salt.

A salted HMAC-SHA256 with the salt in the next column let anyone holding a
copy of the database (a branch file, a backup) try every code offline, fast.
The plaintexts are not known, so the existing digests of unused codes are
wrapped: ``"sha256+" + Argon2id(old hex digest)``. The member's codes keep
working, and each guess against the stored value now costs an Argon2
computation. Used codes can never be used again: their digest is dropped.
New codes are stored as Argon2id of the code itself.

The Argon2 parameters are fixed here (those of the live code at this
revision); the stored hash records them, so verification never depends on
later changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from argon2 import PasswordHasher

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_SPENT = "spent"

_codes = sa.table(
    "recovery_codes",
    sa.column("id", sa.Uuid()),
    sa.column("code_hash", sa.String()),
    sa.column("used_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.alter_column(
            "code_hash", existing_type=sa.String(length=64), type_=sa.String(length=200)
        )
    conn = op.get_bind()
    rows = conn.execute(sa.select(_codes.c.id, _codes.c.code_hash, _codes.c.used_at)).all()
    for row_id, digest, used_at in rows:
        if digest.startswith(("sha256+", "$argon2")):
            continue
        wrapped = _SPENT if used_at is not None else "sha256+" + _HASHER.hash(digest)
        conn.execute(sa.update(_codes).where(_codes.c.id == row_id).values(code_hash=wrapped))


def downgrade() -> None:
    """The old form cannot be recovered from Argon2: every code is marked used (the
    members get new codes from 'staff reset-2fa')."""
    conn = op.get_bind()
    conn.execute(
        sa.update(_codes)
        .where(_codes.c.used_at.is_(None))
        .values(used_at=sa.func.current_timestamp())
    )
    conn.execute(sa.update(_codes).values(code_hash="0" * 64))
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.alter_column(
            "code_hash", existing_type=sa.String(length=200), type_=sa.String(length=64)
        )
