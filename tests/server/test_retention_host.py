"""The timer's retention run on the head office's server host, with the server's own
configuration and secrets (``retention run --scheduled --config``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from host_support import ADMIN, Host, init_host, new_host, password_checking_pg, run_admin
from sqlalchemy import select
from support.branches import cheap_password_hashes
from support.postgres import PostgresServer

from voxprivacy.server.setup import read_config, server_context
from voxprivacy.storage.models import AuditEvent, RetentionRun

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


def test_the_scheduled_run_uses_the_servers_configuration_and_is_audited(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("retention", "run", "--scheduled", "--config", str(host.config))
    result = run_admin(capsys, monkeypatch, *args)
    assert result.code == 0, result.err
    assert "Nothing was due." in result.out
    ctx = server_context(read_config(host.config))
    try:
        with ctx.db.read() as session:
            runs = session.execute(select(RetentionRun)).scalars().all()
            event = session.execute(
                select(AuditEvent).where(AuditEvent.action == "retention.run")
            ).scalar_one()
    finally:
        ctx.db.dispose()
    assert len(runs) == 1 and runs[0].staff_id is None
    assert event.username == "scheduler"
    without = run_admin(capsys, monkeypatch, "retention", "run", "--config", str(host.config))
    assert without.code != 0 and "give it with --scheduled" in without.err
