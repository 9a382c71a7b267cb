"""Index search terms by (customer, term): a multi-word search checks each further
word for one customer with a single index seek instead of reading all their terms.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 06:05:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customer_search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_search_terms_customer")
        batch_op.create_index(
            "ix_customer_search_terms_customer", ["customer_id", "term"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("customer_search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_search_terms_customer")
        batch_op.create_index("ix_customer_search_terms_customer", ["customer_id"], unique=False)
