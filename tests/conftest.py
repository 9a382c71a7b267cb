"""Shared fixtures: an in-memory keyring, databases on every backend, a private
PostgreSQL server, and a private GNOME Keyring for end-to-end CLI runs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn

import keyring
import pytest
from keyring.backend import KeyringBackend
from support.gnome_keyring import GnomeKeyringSession, KeyringEnvUnavailable
from support.memory_keyring import MemoryKeyring
from support.postgres import PostgresServer, PostgresUnavailable
from support.server import ServerProcess
from support.templates import SchemaTemplates

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.schema import upgrade

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests read the English messages: on a French or Dutch workstation the command line
# (and every voxprivacy-admin a test starts) would otherwise follow LANG. The language
# tests set their own.
os.environ["LANGUAGE"] = "en"

TESTS_DIR = Path(__file__).resolve().parent
GUI_DIR = TESTS_DIR / "gui"

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_dependency(message: str) -> NoReturn:
    """A missing system package fails the run under CI and skips the test elsewhere."""
    if in_ci():
        pytest.fail(f"{message} (CI is set, so this is an error, not a skip)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or item.path.resolve().is_relative_to(GUI_DIR):
            item.add_marker(pytest.mark.gui)
        if "gnome_keyring_env" in fixtures:
            item.add_marker(pytest.mark.e2e)
        if "pg_server" in fixtures:
            item.add_marker(pytest.mark.postgres)
    items[:] = longest_files_first(items)


def longest_files_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """Files with slow tests first, then those starting servers or subprocesses, the rest
    after, each group in collection order: with ``-n`` (``--dist worksteal``) the longest
    tests start at once and the short ones, stolen from the end of a queue, fill the gaps
    at the end."""
    weight: dict[Path, int] = {}
    for item in items:
        if item.get_closest_marker("slow"):
            rank = 0
        elif item.get_closest_marker("e2e") or item.get_closest_marker("postgres"):
            rank = 1
        else:
            rank = 2
        weight[item.path] = min(weight.get(item.path, 2), rank)
    return sorted(items, key=lambda item: weight[item.path])


# ---- keyring ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test runs against a fresh in-memory keyring, never the user's real one."""
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


# ---- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole session, started on first use."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        missing_dependency(str(exc))
    try:
        yield server
    finally:
        server.stop()


# ---- voxprivacy-server ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def remote_server(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One voxprivacy-server process per test worker, over its own PostgreSQL database,
    with TLS; each test that uses it calls ``reset()`` first."""
    server = ServerProcess(pg_server, tmp_path_factory.mktemp("server"))
    try:
        server.start()
        yield server
    finally:
        server.dispose()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test that used a server process shows the server's log."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed:
        servers = {
            id(v): v for v in getattr(item, "funcargs", {}).values() if isinstance(v, ServerProcess)
        }
        for value in servers.values():
            report.sections.append(("voxprivacy-server log", value.log()[-20000:]))


# ---- databases ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def schema_templates() -> Iterator[SchemaTemplates]:
    """Databases migrated once per test process, copied for each test that wants the schema."""
    templates = SchemaTemplates()
    try:
        yield templates
    finally:
        templates.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("encrypted", id="encrypted"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database: plain SQLite, SQLCipher, or a fresh PostgreSQL database.

    (When the test also takes ``db``, the database is made as a copy of one with the current
    schema, which ``db`` would otherwise build by migrating this one.)"""
    backend: str = request.param
    with_schema = "db" in request.fixturenames
    templates: SchemaTemplates | None = (
        request.getfixturevalue("schema_templates") if with_schema else None
    )
    if backend in ("sqlite", "encrypted"):
        scheme = "sqlite" if backend == "sqlite" else "sqlite+pysqlcipher"
        url = f"{scheme}:///{tmp_path}/desk.db"
        if templates is not None:
            keys: MemoryKeyring = request.getfixturevalue("memory_keyring")
            templates.copy_file(url, SecretStore(keys))
        yield url
    else:
        server: PostgresServer = request.getfixturevalue("pg_server")
        if templates is None:
            name = server.create_database()
        else:
            name = templates.create_pg_database(server)
        yield server.url(name)
        if server.external is not None:  # our own cluster is thrown away whole
            server.drop_database(name)


def _open_upgraded(url: str, backend: KeyringBackend) -> Iterator[Database]:
    db = open_database(parse_target(url), SecretStore(backend), create=True)
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()


@pytest.fixture
def db(db_url: str, memory_keyring: MemoryKeyring) -> Iterator[Database]:
    """A database with the current schema, once per backend (sqlite, encrypted, postgresql)."""
    yield from _open_upgraded(db_url, memory_keyring)


@pytest.fixture
def sqlite_db(
    tmp_path: Path, memory_keyring: MemoryKeyring, schema_templates: SchemaTemplates
) -> Iterator[Database]:
    """A plain SQLite database with the current schema (fast unit tests)."""
    url = f"sqlite:///{tmp_path}/desk.db"
    schema_templates.copy_file(url, SecretStore(memory_keyring))
    yield from _open_upgraded(url, memory_keyring)


# ---- a real keyring for end-to-end runs ---------------------------------------------------


@pytest.fixture(scope="session")
def gnome_keyring_env() -> Iterator[dict[str, str]]:
    """Environment for subprocesses: a private session bus with an unlocked GNOME Keyring,
    HOME and XDG directories in a temporary directory."""
    session = GnomeKeyringSession()
    try:
        env = session.start()
    except KeyringEnvUnavailable as exc:
        missing_dependency(str(exc))
    try:
        yield dict(env)
    finally:
        session.stop()


@pytest.fixture
def run_cli(gnome_keyring_env: dict[str, str]) -> RunCli:
    """``run(*args, input=None, env=None, check=None, cwd=None)`` runs
    ``python -m voxprivacy.cli`` under the private keyring.

    ``env`` entries override the keyring environment (a value of None removes the
    variable); ``check=True`` asserts exit status 0, ``check=False`` a non-zero status,
    ``None`` checks nothing. Without ``input`` stdin is /dev/null.
    """

    def run(
        *args: str | os.PathLike[str],
        input: str | None = None,
        env: Mapping[str, str | None] | None = None,
        check: bool | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = dict(gnome_keyring_env)
        for key, value in (env or {}).items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        cmd = [sys.executable, "-m", "voxprivacy.cli", *map(str, args)]
        result = subprocess.run(
            cmd,
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            env=full_env,
            text=True,
            capture_output=True,
            timeout=120,
            cwd=cwd,
        )
        if check is not None and (result.returncode == 0) != check:
            expected = "exit status 0" if check else "a non-zero exit status"
            pytest.fail(
                f"{' '.join(cmd[2:])} gave exit status {result.returncode}, expected "
                f"{expected}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
                pytrace=False,
            )
        return result

    return run
