"""The command line end to end against voxprivacy-server: sign in, search, show, edit with
a code, an erasure opened and approved by two people, audit verify — with a keyring that
fails every call, since a workstation in server mode needs none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from support.desk import Desk, Member
from support.server import ServerProcess

from voxprivacy.domain.enums import Role
from voxprivacy.errors import AuthenticationFailed
from voxprivacy.services import customers


@pytest.fixture
def run(server: ServerProcess, tmp_path: Any) -> Any:
    def run_cli(
        member: Member, *args: str, code: str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        full = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "VOXPRIVACY_SERVER": server.url,
            "VOXPRIVACY_SERVER_FINGERPRINT": server.shown_fingerprint,
            "VOXPRIVACY_USER": member.username,
            "VOXPRIVACY_PASSWORD": member.password,
            **env,
        }
        if code:
            full["VOXPRIVACY_TOTP"] = code
        return subprocess.run(
            [sys.executable, "-m", "voxprivacy.cli", *args],
            env=full,
            text=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    return run_cli


VERIFIED = ("--verified-by", "callback")


def _code(desk: Desk, member: Member) -> str:
    desk.clock.advance(seconds=30)
    return desk.code(member)


def test_the_command_line_works_through_the_server(desk: Desk, run: Any) -> None:
    agent = desk.member(Role.AGENT, "anna")
    chief = desk.member(Role.SUPERVISOR, "chief")
    second = desk.member(Role.SUPERVISOR, "second")
    view = desk.customer(agent)
    acct = view.account_number

    found = run(agent, "customers", "search", "Müller")
    assert found.returncode == 0, found.stderr
    assert acct in found.stdout
    shown = run(agent, "customer", "show", acct)
    assert shown.returncode == 0 and "Jürgen Müller" in shown.stdout

    no_code = run(agent, "customer", "edit", acct, "name=Jürgen Meier", *VERIFIED)
    assert no_code.returncode == 3 and "--totp" in no_code.stderr
    edited = run(
        agent, "customer", "edit", acct, "name=Jürgen Meier", *VERIFIED, code=_code(desk, agent)
    )
    assert edited.returncode == 0, edited.stderr
    assert customers.show_customer(desk.direct, agent.actor, acct).name == "Jürgen Meier"
    bad = run(agent, "customer", "edit", acct, "email=nope", *VERIFIED, code=_code(desk, agent))
    assert bad.returncode == 2 and "email" in bad.stderr.lower()
    assert "Traceback" not in bad.stderr

    opened = run(
        chief,
        "request",
        "open",
        acct,
        "--kind",
        "erasure",
        "--verified-by",
        "callback",
        code=_code(desk, chief),
    )
    assert opened.returncode == 0, opened.stderr
    ref = opened.stdout.split()[-1]
    own = run(chief, "request", "approve", ref, code=_code(desk, chief))
    assert own.returncode == 3 and "Traceback" not in own.stderr
    approved = run(second, "request", "approve", ref, code=_code(desk, second))
    assert approved.returncode == 0, approved.stderr
    done = run(agent, "request", "complete", ref, code=_code(desk, agent))
    assert done.returncode == 0, done.stderr

    verified = run(chief, "audit", "verify")
    assert verified.returncode == 0, verified.stderr


def test_local_database_commands_say_they_do_not_apply(desk: Desk, run: Any) -> None:
    for args in (["init"], ["demo", "--customers", "5"], ["sync", "status"]):
        result = run(desk.admin, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "does not apply to a connection to the head office server" in result.stderr
    exported = run(desk.admin, "key", "export", code=_code(desk, desk.admin))
    assert exported.returncode == 2
    assert "never leaves the server host" in exported.stderr


def test_a_wrong_fingerprint_stops_before_anything_is_sent(desk: Desk, run: Any) -> None:
    agent = desk.member(Role.AGENT, "anna")
    wrong = "00" * 32
    result = run(agent, "customers", "search", "x", VOXPRIVACY_SERVER_FINGERPRINT=wrong)
    assert result.returncode == 2
    assert "Nothing was sent" in result.stderr and "Traceback" not in result.stderr


def test_a_supervisor_lists_and_revokes_sessions_from_the_command_line(
    desk: Desk, run: Any
) -> None:
    agent = desk.member(Role.AGENT, "anna")
    chief = desk.member(Role.SUPERVISOR, "chief")
    listed = run(chief, "--json", "sessions", "list", "--name", "anna")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["username"] for r in rows] == ["anna"]
    revoked = run(chief, "sessions", "revoke", rows[0]["id"], code=_code(desk, chief))
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked by chief" in revoked.stdout
    with pytest.raises(AuthenticationFailed, match="revoked by chief"):
        customers.search_customers(desk.ctx, agent.actor, "x")
    # each command signed in and out again: no session of the command line stays open
    everything = json.loads(run(chief, "--json", "sessions", "list", "--all").stdout)
    cli = [r for r in everything if r["client_label"].startswith("voxprivacy-admin")]
    assert len(cli) == 3
    assert [r["end_reason"] for r in cli if not r["yours"]] == ["signed out"] * 2
    refused = run(agent, "sessions", "list")
    assert refused.returncode == 3
    assert run(chief, "sessions", "revoke", "nope", code="000000").returncode == 2
