"""The chain-head log catches a rewritten or cut-off tail that ``audit verify`` accepts.

The insider here holds the owner role's rights (an upgrade's session, a DBA) and the audit
key (a stolen master key): they rewrite the newest entries and the stored head together, so
the chain is consistent with itself. Only the heads logged outside the database show it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from host_support import (
    ADMIN,
    ADMIN_PASSWORD,
    Host,
    init_host,
    new_host,
    password_checking_pg,
    run_admin,
)
from psycopg.rows import dict_row
from support.branches import cheap_password_hashes
from support.postgres import PostgresServer

from voxprivacy.security.audit_chain import link_hash
from voxprivacy.security.crypto import derive
from voxprivacy.server.chainlog import (
    LogUnreadable,
    check_against_log,
    log_chain_head,
    read_log,
)
from voxprivacy.server.setup import read_config, server_context
from voxprivacy.services import audit, auth
from voxprivacy.services.context import Context
from voxprivacy.storage.models import AuditEvent

__all__ = ["password_checking_pg"]  # a fixture


@pytest.fixture
def host(
    password_checking_pg: PostgresServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Host:
    cheap_password_hashes(monkeypatch)
    prepared = new_host(password_checking_pg, tmp_path)
    result = init_host(prepared, capsys, monkeypatch, "--admin", ADMIN)
    assert result.code == 0, result.err
    return prepared


@pytest.fixture
def ctx(host: Host) -> Iterator[Context]:
    context = server_context(read_config(host.config))
    yield context
    context.db.dispose()


def _sign_ins(ctx: Context, times: int) -> None:
    """Audited events: sign-ins of the first admin."""
    for _ in range(times):
        auth.sign_in(ctx, ADMIN, ADMIN_PASSWORD)


def _rewrite_tail(host: Host, from_seq: int) -> None:
    """As the owner, with the audit key: change every entry from ``from_seq`` on and re-link
    them, then move the stored head along, so that the chain verifies."""
    key = derive((host.credentials / "master-key").read_text(), "audit-chain")
    with host.connect_as_owner() as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        with conn.cursor(row_factory=dict_row) as cur:
            prev = cur.execute(
                "SELECT hash FROM audit_events WHERE seq = %s", (from_seq - 1,)
            ).fetchone()
            assert prev is not None
            prev_hash = str(prev["hash"])
            rows = cur.execute(
                "SELECT * FROM audit_events WHERE seq >= %s ORDER BY seq", (from_seq,)
            ).fetchall()
            for row in rows:
                event = AuditEvent(**{**row, "detail": "nothing happened here"})
                digest = link_hash(key, prev_hash, audit._canonical(event))
                cur.execute(
                    "UPDATE audit_events SET detail = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                    (event.detail, prev_hash, digest, row["seq"]),
                )
                prev_hash = digest
            cur.execute("UPDATE audit_head SET hash = %s WHERE id = 1", (prev_hash,))
        conn.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")


def _cut_tail(host: Host, keep: int) -> None:
    """As the owner: delete every entry after ``keep`` and move the head back."""
    with host.connect_as_owner() as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        conn.execute("DELETE FROM audit_events WHERE seq > %s", (keep,))
        conn.execute(
            "UPDATE audit_head SET seq = %s, hash = (SELECT hash FROM audit_events "
            "WHERE seq = %s) WHERE id = 1",
            (keep, keep),
        )
        conn.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")


def _verifies(ctx: Context) -> bool:
    admin = auth.sign_in(ctx, ADMIN, ADMIN_PASSWORD)
    return audit.verify_chain(ctx, admin).ok


def test_heads_are_appended_as_lines_and_to_the_logger(
    ctx: Context, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "chain-heads.log"
    with caplog.at_level(logging.INFO, logger="voxprivacy.server.chain"):
        first = log_chain_head(ctx, log)
        _sign_ins(ctx, 2)
        second = log_chain_head(ctx, log)
    assert second.seq == first.seq + 2
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(line["seq"], line["hash"]) for line in lines] == [
        (first.seq, first.hash),
        (second.seq, second.hash),
    ]
    assert f"audit chain head {second.seq}:{second.hash}" in caplog.text
    assert check_against_log(ctx, log).ok


def test_a_rewritten_tail_is_caught_against_the_log(
    host: Host,
    ctx: Context,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "chain-heads.log"
    _sign_ins(ctx, 3)
    logged = log_chain_head(ctx, log)
    _sign_ins(ctx, 3)
    later = log_chain_head(ctx, log)
    args = ("server", "check-chain", "--config", str(host.config), "--log", str(log))
    fine = run_admin(capsys, monkeypatch, *args)
    assert fine.code == 0, fine.err
    assert fine.out.startswith("audit chain matches the log: 2 logged heads checked")

    _rewrite_tail(host, logged.seq - 1)
    assert _verifies(ctx), "audit verify trusts a head rewritten with the chain"

    report = check_against_log(ctx, log)
    assert not report.ok
    assert report.first_mismatch is not None and report.first_mismatch.seq == logged.seq
    caught = run_admin(capsys, monkeypatch, *args)
    assert caught.code == 1
    assert f"entry {logged.seq} differs from the head logged at" in caught.out
    assert "(line 1)" in caught.out
    assert "the chain was rewritten at or before that entry" in caught.out
    assert later.seq > logged.seq


def test_a_cut_off_tail_is_caught_against_the_log(host: Host, ctx: Context, tmp_path: Path) -> None:
    log = tmp_path / "chain-heads.log"
    _sign_ins(ctx, 2)
    start = log_chain_head(ctx, log)
    _sign_ins(ctx, 4)
    cut_from = log_chain_head(ctx, log)

    _cut_tail(host, start.seq + 1)
    assert _verifies(ctx), "audit verify trusts a head moved back with the chain"

    report = check_against_log(ctx, log)
    assert not report.ok
    assert report.first_mismatch == read_log(log)[1]
    assert report.problem is not None
    assert f"the log recorded entry {cut_from.seq}" in report.problem
    assert "entries were cut off" in report.problem


def test_the_app_role_cannot_do_either(host: Host) -> None:
    """What the server's own credentials allow is not enough to try this."""
    with host.connect_as_app() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
    with host.connect_as_app() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM audit_events WHERE seq > 1")


def test_an_edited_log_is_reported_not_trusted(
    host: Host,
    ctx: Context,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "chain-heads.log"
    log_chain_head(ctx, log)
    with log.open("a") as out:
        out.write("12:not a hash\n")
    with pytest.raises(LogUnreadable, match="Line 2 of"):
        check_against_log(ctx, log)
    result = run_admin(
        capsys,
        monkeypatch,
        "server",
        "check-chain",
        "--config",
        str(host.config),
        "--log",
        str(log),
    )
    assert result.code == 2
    assert "Line 2 of" in result.err and "was the log edited?" in result.err
    missing = run_admin(
        capsys,
        monkeypatch,
        "server",
        "check-chain",
        "--config",
        str(tmp_path / "none.toml"),
        "--log",
        str(log),
    )
    assert missing.code == 2
    assert "There is no server configuration at" in missing.err


def test_log_head_command_appends(
    host: Host,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "heads.log"
    for _ in range(2):
        result = run_admin(
            capsys,
            monkeypatch,
            "server",
            "log-head",
            "--config",
            str(host.config),
            "--log",
            str(log),
        )
        assert result.code == 0, result.err
        assert result.out.startswith("logged head ")
    assert len(read_log(log)) == 2


def test_systemd_credentials_take_the_place_of_the_directory(
    host: Host,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under LoadCredential= the secrets are in $CREDENTIALS_DIRECTORY (read-only copies)."""
    handed = tmp_path / "systemd-credentials"
    handed.mkdir(mode=0o700)
    (handed / "database-password").write_text(host.app_password())
    (handed / "database-password").chmod(0o400)
    handed.chmod(0o500)
    host.credentials.rename(tmp_path / "elsewhere")  # the configuration's copy is not used
    log = tmp_path / "heads.log"
    args = ("server", "log-head", "--config", str(host.config), "--log", str(log))
    result = run_admin(capsys, monkeypatch, *args, env={"CREDENTIALS_DIRECTORY": str(handed)})
    assert result.code == 0, result.err
    assert len(read_log(log)) == 1
    without = run_admin(capsys, monkeypatch, *args, env={"CREDENTIALS_DIRECTORY": None})
    assert without.code == 2
    assert "The credentials directory" in without.err and "does not exist" in without.err
