"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from voxprivacy.storage import schema
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import Base


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_reports_the_newest_revision(db: Database) -> None:
    newest = schema.head_revision()
    assert schema.current_revision(db) == newest
    assert schema.upgrade(db) == (newest, newest)
    assert schema.has_schema(db)
