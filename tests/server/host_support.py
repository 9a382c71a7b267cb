"""Helpers for the server-host tests: PostgreSQL that checks passwords, and ``server init``.

The test suite's PostgreSQL trusts every local connection. These tests prove that the
application role signs in with the password ``server init`` wrote, so
``password_checking_pg`` makes the test server ask every role but its ``postgres``
superuser for a password (scram-sha-256) for as long as the tests using it run.
"""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from support.postgres import SERVER_USER, PostgresServer

from voxprivacy.cli.main import main
from voxprivacy.server.credentials import DATABASE_PASSWORD

ADMIN = "alice"
ADMIN_PASSWORD = "alice's long password 1"

_HBA = (
    f"local all {SERVER_USER} trust\n"
    f"host all {SERVER_USER} 127.0.0.1/32 trust\n"
    "host all all 127.0.0.1/32 scram-sha-256\n"
    "local all all scram-sha-256\n"
)


@pytest.fixture(scope="session")
def password_checking_pg(pg_server: PostgresServer) -> Iterator[PostgresServer]:
    if pg_server.external is not None:  # a server of the environment's: it checks passwords
        yield pg_server
        return
    hba = pg_server.datadir / "pg_hba.conf"
    before = hba.read_text(encoding="utf-8")
    with hba.open("w", encoding="utf-8") as out:  # written in place: its owner stays
        out.write(_HBA)
    with pg_server.connect() as conn:
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield pg_server
    finally:
        with hba.open("w", encoding="utf-8") as out:
            out.write(before)
        with pg_server.connect() as conn:
            conn.execute("SELECT pg_reload_conf()")


@dataclass
class Host:
    """One server host prepared by ``server init``: its directories, roles and database."""

    server: PostgresServer
    tmp: Path
    dbname: str
    owner: str
    app: str

    @property
    def config_dir(self) -> Path:
        return self.tmp / "etc"

    @property
    def credentials(self) -> Path:
        return self.config_dir / "credentials"

    @property
    def config(self) -> Path:
        return self.config_dir / "server.toml"

    @property
    def admin_url(self) -> str:
        url = self.server.server_url(self.dbname)
        return url.set(password=None).render_as_string(hide_password=False)

    @property
    def admin_password(self) -> str | None:
        return self.server.server_url(self.dbname).password

    def app_password(self) -> str:
        return (self.credentials / DATABASE_PASSWORD).read_text()

    def init_args(self, *extra: str) -> list[str]:
        return [
            "server",
            "init",
            "--database",
            self.admin_url,
            "--config-dir",
            str(self.config_dir),
            "--owner-role",
            self.owner,
            "--app-role",
            self.app,
            "--hostname",
            "privacy.example.org",
            "--hostname",
            "127.0.0.1",
            *extra,
        ]

    def connect_as_app(self, password: str | None = None) -> psycopg.Connection[tuple[object, ...]]:
        url = self.server.server_url(self.dbname)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            user=self.app,
            password=password if password is not None else self.app_password(),
            dbname=self.dbname,
            autocommit=True,
            connect_timeout=10,
        )

    def connect_as_owner(self) -> psycopg.Connection[tuple[object, ...]]:
        """The administrator's connection acting as the owner role: what someone holding the
        owner's rights (an upgrade's session, a DBA) can do."""
        conn = self.server.connect(self.dbname)
        conn.execute(f'SET ROLE "{self.owner}"')
        return conn

    def app_url(self) -> str:
        url = make_url(self.server.server_url(self.dbname).render_as_string(hide_password=False))
        return url.set(username=self.app, password=None).render_as_string(hide_password=False)


def new_host(server: PostgresServer, tmp: Path) -> Host:
    tag = uuid.uuid4().hex[:8]
    return Host(server, tmp, f"vx_{tag}", f"vx_owner_{tag}", f"vx_app_{tag}")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_admin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    env: Mapping[str, str | None] | None = None,
) -> Result:
    """``voxprivacy-admin`` in this process, standard input not a terminal."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for key in list(os.environ):
        if key.startswith("VOXPRIVACY_") and key != "VOXPRIVACY_TEST_PG_URL":
            monkeypatch.delenv(key)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    for key, value in (env or {}).items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    assert "internal error" not in captured.err, captured.err
    return Result(code, captured.out, captured.err)


def init_host(
    host: Host,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> Result:
    env: dict[str, str | None] = {"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    if host.admin_password:
        env["PGPASSWORD"] = host.admin_password
    return run_admin(capsys, monkeypatch, *host.init_args(*extra), env=env)
