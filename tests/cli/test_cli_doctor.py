"""voxprivacy-admin doctor: one line per check, exit status 0 when all is well and 1 when a
check found a problem, never a traceback."""

from __future__ import annotations

import re
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from cli_support import ADMIN_PASSWORD, Desk, Result, Run, tamper_audit_row
from keyring.backends import fail
from support.memory_keyring import MemoryKeyring

from voxprivacy.storage.schema import head_revision

MODE_TEXT = {
    "sqlite": "plain SQLite",
    "sqlite+pysqlcipher": "encrypted local",
    "postgresql+psycopg": "PostgreSQL",
}

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


def _mode_text(url: str) -> str:
    return MODE_TEXT[url.split(":", 1)[0]]


def _line(result: Result, label: str) -> str:
    found = [line for line in result.lines if line.startswith(f"{label}: ")]
    assert len(found) == 1, result.out
    return found[0]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


UNSAFE = (
    "access: PROBLEM: unsafe: direct database access from a workstation (trusted workstation "
    "mode); move it to a head office server — see docs/server.md"
)


def _direct(db_url: str) -> bool:
    """A workstation that opens the central PostgreSQL itself: doctor reports it as unsafe."""
    return db_url.startswith("postgresql")


def test_doctor_on_a_healthy_database(admin_desk: Desk, run: Run, db_url: str) -> None:
    result = run("--db", db_url, "doctor")
    assert result.code == (1 if _direct(db_url) else 0), result.out + result.err
    assert result.err == ""
    assert _mode_text(db_url) in _line(result, "database")
    assert _line(result, "access") == (
        UNSAFE
        if _direct(db_url)
        else "access: a database on this computer (no central database opened directly)"
    )
    assert _line(result, "reachable").startswith("reachable: yes")
    assert _line(result, "keyring") == "keyring: support.memory_keyring.MemoryKeyring (safe)"
    assert _line(result, "schema") == f"schema: revision {head_revision()} (newest)"
    assert _line(result, "master key").startswith("master key: present")
    assert _line(result, "synchronisation") == (
        "synchronisation: central database: branches synchronise with it"
        if db_url.startswith("postgresql")
        else "synchronisation: standalone (no synchronisation)"
    )
    assert _line(result, "audit chain") == "audit chain: not checked (sign in with --user to check)"
    assert _line(result, "log directory").startswith("log directory: ")
    assert result.last_line == (
        "1 problem found: access" if _direct(db_url) else "all checks passed"
    )

    as_json = run("--db", db_url, "--json", "doctor")
    assert as_json.code == (1 if _direct(db_url) else 0), as_json.err
    report = as_json.json()
    if _direct(db_url):
        assert report["ok"] is False and report["problems"] == ["access"]
        assert report["access"]["direct_database"] is True
    else:
        assert report["ok"] is True and report["problems"] == []
        assert report["access"]["direct_database"] is False
    assert report["database"]["mode"] in ("sqlite", "encrypted", "postgresql")
    assert report["schema"] == {
        "status": "ok",
        "detail": f"revision {head_revision()} (newest)",
        "revision": head_revision(),
        "newest": head_revision(),
        "current": True,
    }
    assert report["keyring"]["safe"] is True
    assert report["audit_chain"]["status"] == "not checked"
    assert set(report) >= {
        "database",
        "reachable",
        "keyring",
        "schema",
        "master_key",
        "audit_chain",
        "log_directory",
    }

    signed_in = admin_desk.as_("root", "doctor")
    assert signed_in.code == (1 if _direct(db_url) else 0), signed_in.out
    assert re.fullmatch(
        r"audit chain: intact, \d+ entries, head \d+:[0-9a-f]{64}", _line(signed_in, "audit chain")
    )


def test_doctor_names_an_unreachable_server(run: Run) -> None:
    port = free_port()
    url = f"postgresql+psycopg://nobody:secret-pw@127.0.0.1:{port}/none"
    result = run("--db", url, "doctor")
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out
    assert "PostgreSQL" in _line(result, "database")
    reachable = _line(result, "reachable")
    assert reachable.startswith("reachable: PROBLEM:")
    assert f"127.0.0.1:{port}" in reachable
    assert _line(result, "schema").startswith("schema: not checked")
    assert "secret-pw" not in result.out
    assert _line(result, "access") == UNSAFE
    assert result.last_line == "2 problems found: access, reachable"

    as_json = run("--db", url, "--json", "doctor")
    assert as_json.code == 1
    report = as_json.json()
    assert report["problems"] == ["access", "reachable"]
    assert report["reachable"]["status"] == "problem"
    assert report["reachable"]["reachable"] is False


def test_doctor_finds_a_missing_database_and_schema(run: Run, tmp_path: Path) -> None:
    missing = run("--db", f"sqlite:///{tmp_path}/none.db", "doctor")
    assert missing.code == 1
    assert "There is no database" in _line(missing, "reachable")
    assert not (tmp_path / "none.db").exists()

    empty = tmp_path / "empty.db"
    empty.touch()
    no_schema = run("--db", f"sqlite:///{empty}", "doctor")
    assert no_schema.code == 1
    assert "no voxprivacy schema" in _line(no_schema, "schema")
    assert _line(no_schema, "master key").startswith("master key: not checked")

    bad_url = run("--db", "mysql://x@y/z", "doctor")
    assert bad_url.code == 1
    assert _line(bad_url, "database").startswith("database: PROBLEM:")
    assert _line(bad_url, "keyring").endswith("(safe)")


def test_doctor_finds_a_missing_master_key_and_an_unsafe_keyring(
    admin_desk: Desk, run: Run, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    url = admin_desk.url
    assert url is not None
    master = next(k for k in memory_keyring.entries if k[1].startswith("master:"))
    saved = memory_keyring.entries.pop(master)
    result = run("--db", url, "doctor")
    assert result.code == 1
    assert "key import" in _line(result, "master key")
    assert "master key" in result.last_line
    memory_keyring.entries[master] = saved

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # conftest restores it
    unsafe = run("--db", url, "--json", "doctor")
    assert unsafe.code == 1, unsafe.out
    report = unsafe.json()
    assert report["keyring"]["safe"] is False
    assert "keyring.backends.fail" in report["keyring"]["backend"]
    assert "keyring" in report["problems"]


def test_doctor_reports_a_broken_audit_chain(
    admin_desk: Desk, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    tamper_audit_row(db_url, memory_keyring.entries, 1)
    unsigned = admin_desk.run("--db", db_url, "doctor")
    assert unsigned.code == (1 if _direct(db_url) else 0)  # the chain: not without a user
    assert "audit chain: not checked" in unsigned.out
    broken = admin_desk.as_("root", "doctor")
    assert broken.code == 1
    assert _line(broken, "audit chain").startswith("audit chain: PROBLEM: BROKEN at entry 1")
    wrong = admin_desk.run(
        "--db", db_url, "--user", "root", "doctor", env={"VOXPRIVACY_PASSWORD": "wrong password"}
    )
    assert wrong.code == 1
    assert "the password is wrong" in _line(wrong, "audit chain")


def test_doctor_as_an_agent_does_not_check_the_chain(demo_desk: Desk) -> None:
    result = demo_desk.as_("agent", "doctor")
    assert result.code == (1 if demo_desk.url and _direct(demo_desk.url) else 0), result.out
    assert _line(result, "audit chain").startswith("audit chain: not checked (the role agent")


@pytest.mark.e2e
def test_doctor_under_gnome_keyring(run_cli: RunCli, tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    init = run_cli("init", "--admin", "root", env={**env, "VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
    assert init.returncode == 0, init.stderr
    done = run_cli("doctor", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    keyring_line = next(line for line in lines if line.startswith("keyring: "))
    assert "SecretService" in keyring_line and keyring_line.endswith("(safe)")
    assert any(line.startswith("database: encrypted local") for line in lines)
    assert f"schema: revision {head_revision()} (newest)" in lines
    signed_in = run_cli(
        "--user", "root", "doctor", env={**env, "VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert signed_in.returncode == 0, signed_in.stdout + signed_in.stderr
    assert "audit chain: intact" in signed_in.stdout
