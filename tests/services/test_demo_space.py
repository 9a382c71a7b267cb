"""A demo too large for its disk stops before anything is made, with both figures and the
fix; the estimate it is based on matches what a demo really takes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from voxprivacy.errors import BadInput
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import Context
from voxprivacy.services.demo import generate_demo, space
from voxprivacy.storage import models as m
from voxprivacy.storage.database import Database

pytestmark = pytest.mark.local_only(
    reason="demo data is generated into a new local database, never through the server"
)


def _size(db: Database) -> int:
    if db.target.path is not None:
        return db.target.path.stat().st_size
    with db.read() as session:
        return int(
            session.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
        )


def _where(db: Database) -> Path:
    """The folder whose free space counts: the file's, or the server's data directory."""
    if db.target.path is not None:
        return db.target.path.parent
    with db.read() as session:
        return Path(session.execute(text("SHOW data_directory")).scalar_one())


def test_a_demo_larger_than_the_free_space_stops_before_anything_is_made(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []
    real = shutil.disk_usage

    def small_disk(path: Any) -> Any:  # the disk as it is, with only 1.5 GB left free
        asked.append(Path(path))
        usage = real(path)
        return type(usage)(usage.total, usage.total - 1_500_000_000, 1_500_000_000)

    monkeypatch.setattr(space.shutil, "disk_usage", small_disk)
    ctx = Context(db, SecretStore())
    with pytest.raises(BadInput) as refused:
        generate_demo(ctx, 1_000_000, seed=1)
    needed = space.needed_bytes(db.target.mode, 1_000_000)
    assert str(refused.value) == (
        f"A demo of 1,000,000 customers needs about {needed / 1e9:.1f} GB of disk space, "
        f"but the file system of {_where(db)} has 1.5 GB free. Free some space there, "
        "ask for fewer customers, or point --db at a larger disk."
    )
    assert refused.value.field == "customers"
    assert asked == [_where(db)]
    with db.read() as session:
        for model in (m.Staff, m.Customer, m.Installation, m.AuditEvent):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0
    # a demo that fits the same disk goes ahead
    generate_demo(ctx, 200, seed=1, workers=0)
    with db.read() as session:
        assert session.execute(select(func.count()).select_from(m.Customer)).scalar_one() == 200


def test_the_estimate_covers_what_a_demo_takes_on_disk(db: Database) -> None:
    customers = 3_000
    before = _size(db)
    generate_demo(Context(db, SecretStore()), customers, seed=2, workers=0, batch_size=1_000)
    grown = _size(db) - before
    estimate = space.needed_bytes(db.target.mode, customers)
    # the estimate is a little above the real size, never below it, nor twice it
    assert grown <= estimate < 2 * grown, (grown, estimate)
