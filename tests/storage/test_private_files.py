"""Databases and logs are created readable by their owner only; a branch copy is encrypted.

Each test sets the usual umask (022), under which files are created world-readable unless
the program asks otherwise.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from voxprivacy import logs
from voxprivacy.cli.main import main
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.schema import upgrade
from voxprivacy.sync import replica


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlcipher"])
def test_a_new_database_and_its_journals_are_private(tmp_path: Path, scheme: str) -> None:
    folder = tmp_path / "new-folder"
    path = folder / "desk.db"
    db = open_database(parse_target(f"{scheme}:///{path}"), SecretStore(), create=True)
    try:
        upgrade(db)
        with db.engine.connect() as conn:  # a reader keeps the WAL and its index open
            conn.execute(text("SELECT count(*) FROM staff"))
            files = sorted(folder.glob("desk.db*"))
            assert [p.name for p in files] == ["desk.db", "desk.db-shm", "desk.db-wal"]
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        db.dispose()
    assert _mode(folder) == 0o700


def test_demo_and_init_leave_private_files(tmp_path: Path) -> None:
    url = f"sqlite+pysqlcipher:///{tmp_path}/demo.db"
    assert main(["--db", url, "demo", "--customers", "3", "--seed", "1"]) == 0
    files = list(tmp_path.glob("demo.db*"))
    assert files and {_mode(p) for p in files} == {0o600}


def test_log_files_are_private_also_after_rotation(tmp_path: Path) -> None:
    path = logs.setup("privacy-test", directory=tmp_path / "log")
    log = logging.getLogger("voxprivacy.privacy-test")
    handler = next(
        h
        for h in logging.getLogger("voxprivacy").handlers
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path
    )
    try:
        log.info("first line")
        handler.flush()
        assert _mode(path) == 0o600
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        log.info("after rotation")
        handler.flush()
        assert sorted(p.name for p in path.parent.iterdir()) == [
            "privacy-test.log",
            "privacy-test.log.1",
        ]
        assert {_mode(p) for p in path.parent.iterdir()} == {0o600}
        assert _mode(path.parent) == 0o700
    finally:
        logging.getLogger("voxprivacy").removeHandler(handler)
        handler.close()


def test_a_branch_is_never_set_up_on_a_plain_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "branch.db"
    central = "postgresql+psycopg://desk@127.0.0.1:1/voxprivacy"
    status = main(["--db", f"sqlite:///{plain}", "sync", "--central", central, "--branch", "b"])
    assert status == 2
    err = capsys.readouterr().err
    assert "plain, unencrypted SQLite file" in err and "sqlite+pysqlcipher" in err
    assert not plain.exists()
    # and the library refuses too, before it reads anything
    local = open_database(parse_target(f"sqlite:///{plain}"), SecretStore(), create=True)
    other = open_database(
        parse_target(f"sqlite:///{tmp_path}/other.db"), SecretStore(), create=True
    )
    try:
        with pytest.raises(replica.SyncRefused, match="unencrypted"):
            replica.setup_replica(local, other, SecretStore(), "b")
    finally:
        local.dispose()
        other.dispose()
    assert not plain.exists()
