"""Helpers for the command-line tests: results, authenticator codes, raw database access."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyotp
import sqlcipher3
from sqlalchemy.engine import make_url

from voxprivacy.storage.database import sqlcipher_key_name

PROG = "voxprivacy-admin"
STEP = 30
ADMIN_PASSWORD = "root-password-0123"

Run = Callable[..., "Result"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.out.strip(), f"no output (exit status {self.code}): {self.err}"
        return json.loads(self.out)

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def last_line(self) -> str:
        return self.lines[-1] if self.lines else ""

    def check_error_shape(self) -> None:
        """No traceback, no internal error; a refusal or failure is one line on stderr."""
        assert "Traceback" not in self.err, self.err
        assert "internal error" not in self.err, self.err
        if self.code in (1, 3) or (self.code == 2 and "usage:" not in self.err):
            error_lines = [line for line in self.err.splitlines() if line.startswith(PROG)]
            assert len(error_lines) <= 1, self.err


def secret_from_uri(uri: str) -> str:
    assert uri.startswith("otpauth://totp/"), uri
    return parse_qs(urlparse(uri).query)["secret"][0]


class CliClock:
    """The time the command line under test sees, in seconds since the epoch.

    For ``main()`` run in this process (the ``run`` fixture) the clock is *moving*: the
    services' clock is the real one plus ``offset``, so a test that needs another
    authenticator code moves both forward by a time step instead of sleeping until the
    next one. A subprocess always has the real clock, so codes for it wait for real time.
    """

    def __init__(self) -> None:
        self.moving = False
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + (self.offset if self.moving else 0.0)

    def wait_for_next_step(self) -> None:
        if self.moving:
            self.offset += STEP
        else:
            time.sleep(0.2)


CLOCK = CliClock()


def current_step() -> int:
    return int(CLOCK.time()) // STEP


@dataclass
class Codes:
    """Authenticator codes for one staff member, each for a later time step than the last.

    The server accepts the current step and one either side, and never a step at or before
    the last one it accepted; so codes are taken from the current step on, and when the
    next unused step is two ahead this waits for the clock (``CLOCK``).
    """

    generate: Callable[[int], str]
    last: int = field(default=0)

    def next_step(self) -> int:
        step = max(self.last + 1, current_step())
        while step > current_step() + 1:
            CLOCK.wait_for_next_step()
        self.last = step
        return step

    def code(self) -> str:
        return self.generate(self.next_step())

    @classmethod
    def pyotp(cls, secret: str) -> Codes:
        totp = pyotp.TOTP(secret)
        return cls(lambda step: str(totp.generate_otp(step)))

    @classmethod
    def oathtool(cls, secret: str) -> Codes:
        return cls(lambda step: oathtool(secret, at=step * STEP + 1))


def oathtool(secret: str, at: int | None = None) -> str:
    """A code from the Debian tool oathtool (independent of pyotp)."""
    cmd = ["oathtool", "--totp", "-b", secret]
    if at is not None:
        cmd[3:3] = ["-N", f"@{at}"]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=True, timeout=30, stdin=subprocess.DEVNULL
    )
    code = done.stdout.strip()
    assert re.fullmatch(r"\d{6}", code), code
    return code


@dataclass
class Account:
    username: str
    role: str
    password: str
    otpauth_uri: str
    codes: Codes
    recovery_codes: list[str] = field(default_factory=list)

    @property
    def secret(self) -> str:
        return secret_from_uri(self.otpauth_uri)


def recovery_codes(output: str) -> list[str]:
    return [
        line.strip()
        for line in output.splitlines()
        if re.fullmatch(r"\s+[a-z2-9]{5}-[a-z2-9]{5}", line)
    ]


class Desk:
    """A database and its staff; ``desk.as_(name, ...)`` runs a command as one of them.

    ``last_step(username)`` reads the last accepted time step from the database, so the
    next code is always one the server can accept (a refused command does not use one up).
    """

    def __init__(
        self,
        run: Run,
        url: str | None,
        last_step: Callable[[str], int] | None = None,
        codes: Callable[[str], Codes] = Codes.pyotp,
    ) -> None:
        self.run = run
        self.url = url
        self.accounts: dict[str, Account] = {}
        self._last_step = last_step
        self._codes = codes

    def add(
        self,
        username: str,
        role: str,
        password: str,
        otpauth_uri: str,
        recovery: list[str] | None = None,
    ) -> Account:
        account = Account(
            username,
            role,
            password,
            otpauth_uri,
            self._codes(secret_from_uri(otpauth_uri)),
            list(recovery or []),
        )
        self.accounts[username] = account
        return account

    def as_(
        self,
        username: str,
        *argv: str,
        code: str | bool = False,
        json: bool = False,
        stdin: str = "",
    ) -> Result:
        """Run as ``username``. ``code``: True a fresh TOTP code, "recovery" one of the
        recovery codes, another string that code."""
        account = self.accounts[username]
        options = ["--db", self.url] if self.url else []  # None: the default database
        options += ["--user", username]
        if code == "recovery":
            options += ["--totp", account.recovery_codes.pop()]
        elif code is True:
            options += ["--totp", account.codes.code()]
        elif isinstance(code, str):
            options += ["--totp", code]
        if json:
            options.append("--json")
        result = self.run(
            *options, *argv, stdin=stdin, env={"VOXPRIVACY_PASSWORD": account.password}
        )
        if code is True and self._last_step is not None:
            account.codes.last = self._last_step(username)
        return result


# ---- raw access to the database files, as an attacker with file access would have ----------


@contextlib.contextmanager
def raw_connection(url: str, keyring_entries: dict[tuple[str, str], str]) -> Iterator[Any]:
    """A DB-API connection that bypasses the application (sqlite3, sqlcipher3 or psycopg)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(
            host=parsed.host,
            port=parsed.port,
            user=parsed.username,
            password=parsed.password,
            dbname=parsed.database,
            autocommit=True,
        ) as pg_conn:
            yield pg_conn
        return
    assert parsed.database is not None
    path = Path(parsed.database)
    if parsed.get_driver_name() == "pysqlcipher":
        key = keyring_entries[("voxprivacy", sqlcipher_key_name(path))]
        conn = sqlcipher3.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _drop_audit_triggers(conn: Any, postgres: bool) -> None:
    if postgres:
        conn.execute("DROP TRIGGER audit_events_append_only ON audit_events")
    else:
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("DROP TRIGGER audit_events_no_delete")


def tamper_audit_row(url: str, keyring_entries: dict[tuple[str, str], str], seq: int) -> None:
    """Drop the append-only triggers and rewrite one audit entry's action and detail."""
    postgres = url.startswith("postgresql")
    mark = "%s" if postgres else "?"
    with raw_connection(url, keyring_entries) as conn:
        _drop_audit_triggers(conn, postgres)
        conn.execute(
            f"UPDATE audit_events SET action = 'customer.view', detail = 'nothing "
            f"happened' WHERE seq = {mark}",
            (seq,),
        )


def truncate_audit(url: str, keyring_entries: dict[tuple[str, str], str], from_seq: int) -> None:
    """Cut entries off the end and make the head row agree, as a careful attacker would."""
    postgres = url.startswith("postgresql")
    mark = "%s" if postgres else "?"
    with raw_connection(url, keyring_entries) as conn:
        _drop_audit_triggers(conn, postgres)
        conn.execute(f"DELETE FROM audit_events WHERE seq >= {mark}", (from_seq,))
        row = conn.execute(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        conn.execute(
            f"UPDATE audit_head SET seq = {mark}, hash = {mark} WHERE id = 1", (row[0], row[1])
        )


def database_files(path: Path) -> bytes:
    """The database file and its WAL and shared-memory files, as stored on disk."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            data += candidate.read_bytes()
    return data
