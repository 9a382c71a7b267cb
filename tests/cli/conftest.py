"""Fixtures for the command-line tests: running ``main()`` in process, and desks
(databases with known staff) made by ``init`` or ``demo``."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from cli_support import ADMIN_PASSWORD, CLOCK, Desk, Result, Run, recovery_codes
from sqlalchemy import select
from support.branches import cheap_password_hashes
from support.memory_keyring import MemoryKeyring

from voxprivacy.cli.main import main
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import context
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import Staff


@contextmanager
def _environment(values: Mapping[str, str | None]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(autouse=True)
def quick_password_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at minimal cost for ``main()`` run in this process (hundreds of sign-ins);
    a test marked ``production_hashes`` keeps the application's own parameters, and the
    command line run as a subprocess (``run_cli``) always has them."""
    if request.node.get_closest_marker("production_hashes") is None:
        cheap_password_hashes(monkeypatch)


@pytest.fixture(autouse=True)
def _no_voxprivacy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("VOXPRIVACY_") and key != "VOXPRIVACY_TEST_PG_URL":
            monkeypatch.delenv(key)


class _MovedDatetime(datetime):
    """``datetime`` whose ``now()`` is the test clock's (real time plus its offset)."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> datetime:  # type: ignore[override]
        return datetime.now(tz) + timedelta(seconds=CLOCK.offset)


@pytest.fixture
def moving_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The services' clock in this process runs on ``cli_support.CLOCK``: a test that needs
    a later authenticator code moves it forward instead of waiting. Not with ``run_cli``:
    a subprocess has the real clock."""
    if "run_cli" in request.fixturenames:
        yield
        return
    monkeypatch.setattr(context, "datetime", _MovedDatetime)
    CLOCK.moving, CLOCK.offset = True, 0.0
    try:
        yield
    finally:
        CLOCK.moving, CLOCK.offset = False, 0.0


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, moving_clock: None
) -> Run:
    """``run(*argv, stdin="", env={})``: main() in this process; stdin is never a terminal.
    Its clock is ``cli_support.CLOCK`` (see ``moving_clock``)."""

    def call(*argv: str, stdin: str = "", env: Mapping[str, str | None] | None = None) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with _environment(env or {}):
            code = main(list(argv))
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        result.check_error_shape()
        return result

    return call


@pytest.fixture
def last_step(db_url: str, memory_keyring: MemoryKeyring) -> Iterator[Callable[[str], int]]:
    """``last_step(username)``: the time step of the member's last accepted code."""
    opened: list[Database] = []

    def read(username: str) -> int:
        if not opened:
            opened.append(open_database(parse_target(db_url), SecretStore(memory_keyring)))
        with opened[0].read() as session:
            return int(
                session.execute(
                    select(Staff.totp_last_step).where(Staff.username == username)
                ).scalar_one()
            )

    yield read
    for db in opened:
        db.dispose()


@pytest.fixture
def admin_desk(run: Run, db_url: str, last_step: Callable[[str], int]) -> Desk:
    """A database set up with ``init --admin root``."""
    result = run(
        "--db", db_url, "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert result.code == 0, result.err
    desk = Desk(run, db_url, last_step)
    desk.add("root", "admin", ADMIN_PASSWORD, result.last_line, recovery_codes(result.out))
    return desk


@pytest.fixture
def demo_desk(run: Run, db_url: str, last_step: Callable[[str], int]) -> Desk:
    """A database filled by ``demo --customers 20 --seed 1``: staff agent, supervisor,
    finance and admin, and twenty customers."""
    result = run("--db", db_url, "--json", "demo", "--customers", "20", "--seed", "1")
    assert result.code == 0, result.err
    desk = Desk(run, db_url, last_step)
    for member in result.json()["staff"]:
        desk.add(member["username"], member["role"], member["password"], member["otpauth_uri"])
    return desk
