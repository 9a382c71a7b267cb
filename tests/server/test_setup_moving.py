"""Moving a direct-connection head office over to a server: ``server init`` on a database
that ``voxprivacy-admin init`` made, with the master key the workstations held."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from host_support import (
    ADMIN_PASSWORD,
    Host,
    init_host,
    new_host,
    password_checking_pg,
    run_admin,
)
from support.branches import cheap_password_hashes
from support.memory_keyring import MemoryKeyring
from support.postgres import PostgresServer

from voxprivacy.server.setup import read_config, server_context
from voxprivacy.services import audit, auth

__all__ = ["password_checking_pg"]  # a fixture

DESK_PASSWORD = "the workstations database password"


@pytest.fixture
def old_setup(
    password_checking_pg: PostgresServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> tuple[Host, str, str]:
    """A database made the old way: a login role 'desk' every workstation used, which owns
    the database and its tables. Returns the host, the desk role and the key-export line."""
    cheap_password_hashes(monkeypatch)
    host = new_host(password_checking_pg, tmp_path)
    desk = host.app.replace("vx_app_", "vx_desk_")
    with password_checking_pg.connect() as conn:
        conn.execute(f"CREATE ROLE {desk} LOGIN PASSWORD '{DESK_PASSWORD}'")
        conn.execute(f"CREATE DATABASE {host.dbname} OWNER {desk}")
    url = password_checking_pg.server_url(host.dbname).set(username=desk, password=DESK_PASSWORD)
    made = run_admin(
        capsys,
        monkeypatch,
        "--db",
        url.render_as_string(hide_password=False),
        "init",
        "--admin",
        "root",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert made.code == 0, made.err
    (_service, name), key = next(
        (entry, value)
        for entry, value in memory_keyring.entries.items()
        if entry[1].startswith("master:")
    )
    return host, desk, f"{name.removeprefix('master:')}:{key}"


def _desk_connection(host: Host, desk: str) -> psycopg.Connection[tuple[object, ...]]:
    url = host.server.server_url(host.dbname)
    return psycopg.connect(
        host=url.host,
        port=url.port,
        user=desk,
        password=DESK_PASSWORD,
        dbname=host.dbname,
        autocommit=True,
    )


def test_moving_over_keeps_the_data_and_locks_the_old_login_out(
    old_setup: tuple[Host, str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host, desk, key_line = old_setup

    without_key = init_host(host, capsys, monkeypatch)
    assert without_key.code == 2
    assert "already has an installation" in without_key.err
    assert "--master-key-file" in without_key.err
    assert "Nothing was changed" in without_key.err
    with host.server.connect() as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname = %s", (host.app,)
        ).fetchone() == (0,)

    wrong = tmp_path / "wrong-key"
    wrong.write_text("00000000-0000-0000-0000-000000000000:" + key_line.split(":", 1)[1])
    refused = init_host(host, capsys, monkeypatch, "--master-key-file", str(wrong))
    assert refused.code == 2
    assert "That master key belongs to database 00000000-" in refused.err
    assert "nothing was changed" in refused.err
    assert not host.config_dir.exists()

    key_file = tmp_path / "master-key-line"
    key_file.write_text(key_line + "\n")
    moved = init_host(host, capsys, monkeypatch, "--master-key-file", str(key_file))
    assert moved.code == 0, moved.err
    assert "schema at revision" in moved.out
    assert f"now belong to {host.owner}" in moved.out
    assert f"the database now belongs to {host.owner} (was {desk})" in moved.out
    assert "First admin" not in moved.out

    # the old login every workstation had can no longer read or write anything
    with _desk_connection(host, desk) as conn:
        for statement in (
            "SELECT count(*) FROM customers",
            "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')",
            "UPDATE staff SET role = 'admin'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)

    # the server's context signs the old admin in and the chain, keyed as before, verifies
    ctx = server_context(read_config(host.config))
    try:
        admin = auth.sign_in(ctx, "root", ADMIN_PASSWORD)
        assert audit.verify_chain(ctx, admin).ok
    finally:
        ctx.db.dispose()
