"""Alembic environment: runs on the connection handed over by storage.schema."""

from __future__ import annotations

from alembic import context

from voxprivacy.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through 'voxprivacy-admin init'.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
