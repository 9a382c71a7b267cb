"""The test harness itself: servers, keyrings and database fixtures work as promised."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.errors
import pytest
from sqlalchemy import inspect
from support.memory_keyring import MemoryKeyring
from support.postgres import PostgresServer

from voxprivacy.storage.database import Database

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "voxprivacy"


def test_memory_keyring_is_installed_and_fresh(memory_keyring: MemoryKeyring) -> None:
    assert keyring.get_keyring() is memory_keyring
    assert memory_keyring.entries == {}
    keyring.set_password("svc", "user", "secret")
    assert memory_keyring.get_password("svc", "user") == "secret"
    keyring.delete_password("svc", "user")
    assert keyring.get_password("svc", "user") is None
    with pytest.raises(keyring.errors.PasswordDeleteError):
        keyring.delete_password("svc", "user")


def test_memory_keyring_is_not_in_the_application_package() -> None:
    import voxprivacy

    offenders = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".pyi", ".cfg", ".toml", ".ini")
        and "MemoryKeyring" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []
    assert not hasattr(voxprivacy, "MemoryKeyring")


@pytest.mark.postgres
def test_postgres_server_accepts_connections(pg_server: PostgresServer) -> None:
    with pg_server.connect() as conn:
        row = conn.execute("SELECT version()").fetchone()
    assert row is not None
    version = str(row[0])
    match = re.match(r"PostgreSQL (\d+)", version)
    assert match, version
    assert int(match.group(1)) >= 15, version


def test_db_fixture_has_the_schema(db: Database, db_url: str) -> None:
    assert "customers" in inspect(db.engine).get_table_names()
    expected = {
        "sqlite": "sqlite",
        "sqlite+pysqlcipher": "sqlite",
        "postgresql+psycopg": "postgresql",
    }[db_url.split(":", 1)[0]]
    assert db.dialect == expected


def test_sqlite_db_fixture_has_the_schema(sqlite_db: Database) -> None:
    assert sqlite_db.target.mode == "sqlite"
    assert "customers" in inspect(sqlite_db.engine).get_table_names()


@pytest.mark.parametrize("db_url", ["sqlite", "encrypted"], indirect=True)
def test_encrypted_database_is_not_plain_sqlite(db: Database) -> None:
    path = db.target.path
    assert path is not None
    db.dispose()  # checkpoint the WAL into the main file
    header = path.read_bytes()[:16]
    if db.target.mode == "encrypted":
        assert header != b"SQLite format 3\x00"
    else:
        assert header == b"SQLite format 3\x00"


@pytest.mark.e2e
def test_gnome_keyring_env_keeps_secrets(gnome_keyring_env: dict[str, str]) -> None:
    home = Path(gnome_keyring_env["HOME"])
    assert home != Path.home()
    runtime = Path(gnome_keyring_env["XDG_RUNTIME_DIR"])
    assert runtime.stat().st_mode & 0o777 == 0o700
    script = (
        "import keyring; keyring.set_password('voxprivacy-test', 'alice', 's3cret'); "
        "print(type(keyring.get_keyring()).__module__); "
        "print(keyring.get_password('voxprivacy-test', 'alice'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=gnome_keyring_env,
        text=True,
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["keyring.backends.SecretService", "s3cret"]
    # a second process sees the secret stored by the first
    again = subprocess.run(
        [
            sys.executable,
            "-c",
            "import keyring; print(keyring.get_password('voxprivacy-test', 'alice'))",
        ],
        env=gnome_keyring_env,
        text=True,
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert again.stdout.strip() == "s3cret", again.stderr


@pytest.mark.postgres
def test_a_second_server_finds_another_port_when_its_port_is_taken(
    pg_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parallel test workers each start a server; one that loses the race for a port
    starts on another instead of failing, and stopping it removes its directory."""
    if pg_server.external is not None:
        pytest.skip("an external server is in use; this suite starts none")
    from support import postgres

    offered = iter([pg_server.port])
    real_free_port = postgres._free_port
    monkeypatch.setattr(postgres, "_free_port", lambda: next(offered, None) or real_free_port())
    second = PostgresServer().start()
    try:
        assert second.port != pg_server.port
        with second.connect() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        with pg_server.connect() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        basedir = second.basedir
        assert basedir is not None and basedir != pg_server.basedir
    finally:
        second.stop()
    assert not basedir.exists()


@pytest.mark.e2e
def test_two_keyring_sessions_are_separate_and_stop_cleanly(
    gnome_keyring_env: dict[str, str],
) -> None:
    """Each test worker has its own bus and keyring: a secret stored in one session is not
    in another, and stopping a session ends its daemons and removes its directory."""
    from support.gnome_keyring import GnomeKeyringSession

    other = GnomeKeyringSession()
    env = other.start()
    basedir = other.basedir
    daemons = [other._bus, other._keyring]
    try:
        assert basedir is not None
        assert env["DBUS_SESSION_BUS_ADDRESS"] != gnome_keyring_env["DBUS_SESSION_BUS_ADDRESS"]
        store = "import keyring; keyring.set_password('voxprivacy-iso', 'u', 'only-here')"
        read = "import keyring; print(keyring.get_password('voxprivacy-iso', 'u'))"
        subprocess.run(
            [sys.executable, "-c", store], env=env, check=True, timeout=60, stdin=subprocess.DEVNULL
        )
        seen = {
            name: subprocess.run(
                [sys.executable, "-c", read],
                env=environment,
                text=True,
                capture_output=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            ).stdout.strip()
            for name, environment in (("other", env), ("worker's", gnome_keyring_env))
        }
        assert seen == {"other": "only-here", "worker's": "None"}
    finally:
        other.stop()
    assert not basedir.exists()
    assert all(proc is not None and proc.poll() is not None for proc in daemons)
