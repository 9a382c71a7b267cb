"""Creating and upgrading the schema with Alembic, on every backend.

Checking where a database stands needs no Alembic: the current revision is
one row in ``alembic_version`` and the newest is read from the migration
files' headers, so the desk starts without importing Alembic when nothing
needs upgrading.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from voxprivacy.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r'^revision\s*=\s*["\'](\w+)["\']', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*["\'](\w+)["\']', re.MULTILINE)


def _migrations() -> resources.abc.Traversable:
    return resources.files("voxprivacy.storage") / "migrations"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations()))
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest revision: the one no other migration names as its predecessor."""
    revisions, parents = set(), set()
    for entry in (_migrations() / "versions").iterdir():
        if entry.name.endswith(".py") and not entry.name.startswith("__"):
            source = entry.read_text(encoding="utf-8")
            if found := _REVISION.search(source):
                revisions.add(found.group(1))
            if down := _DOWN.search(source):
                parents.add(down.group(1))
    heads = revisions - parents
    assert len(heads) == 1, f"migrations must form one line, found heads {sorted(heads)}"
    return heads.pop()


def current_revision(db: Database) -> str | None:
    with db.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; returns (before, after)."""
    from alembic import command

    before = current_revision(db)
    if before == head_revision():
        return before, before
    cfg = _config()
    with db.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":  # a large table's rebuild may take a while
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()


def has_schema(db: Database) -> bool:
    with db.connect() as conn:
        return inspect(conn).has_table("staff")
