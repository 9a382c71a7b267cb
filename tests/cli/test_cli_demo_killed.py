"""A killed ``demo`` leaves nothing anyone would have to sign in to, and ``doctor`` says so
when a database has nobody who can sign in.

The kill is real: ``voxprivacy-admin demo`` runs as a separate process under a private GNOME
Keyring and gets SIGKILL while it writes customers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from support.postgres import PostgresServer

pytestmark = pytest.mark.e2e

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
MANY = "300000"  # far more than is written before the kill


def _start_demo(env: Mapping[str, str], url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "voxprivacy.cli", "--db", url, "demo", "--customers", MANY],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_when(process: subprocess.Popen[str], ready: Callable[[], bool]) -> str:
    """SIGKILL the process once ``ready()``; returns what it printed before it died."""
    deadline = time.monotonic() + 120
    try:
        while not ready():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the demo never got under way"
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        out, _err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return out


def _workers(pid: int) -> bool:
    """Whether the process has started children (the demo's generating workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return children.exists() and bool(children.read_text().split())


def _staff(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return sorted(member["username"] for member in json.loads(result.stdout)["staff"])


def test_a_killed_demo_leaves_no_file_and_the_next_one_succeeds(
    run_cli: RunCli, gnome_keyring_env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "demo.db"
    url = f"sqlite+pysqlcipher:///{target}"
    partial = tmp_path / ".demo.db.demo-partial"
    demo = _start_demo(gnome_keyring_env, url)
    # customers are being made: the schema is in the file and the worker processes run (the
    # customers' pages stay in the build's page cache until the end, so the file stays small)
    printed = _kill_when(
        demo, lambda: partial.exists() and partial.stat().st_size > 0 and _workers(demo.pid)
    )
    assert partial.exists()  # what the kill left: under its temporary name only
    assert "password" not in printed
    assert not target.exists()
    doctor = run_cli("--db", url, "doctor")
    assert doctor.returncode == 1 and "There is no database" in doctor.stdout
    again = run_cli("--db", url, "--json", "demo", "--customers", "5", "--seed", "1")
    assert _staff(again) == ["admin", "agent", "finance", "supervisor"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]
    assert run_cli("--db", url, "doctor").returncode == 0


def test_a_killed_demo_on_postgresql_leaves_no_staff_and_doctor_says_nobody_can_sign_in(
    run_cli: RunCli, gnome_keyring_env: dict[str, str], pg_server: PostgresServer
) -> None:
    name = pg_server.create_database()
    url = pg_server.url(name)

    def writing_customers() -> bool:
        with pg_server.connect(name) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'customers' AND l.mode = 'RowExclusiveLock' AND l.granted"
            ).fetchone()
        return bool(row and row[0])

    printed = _kill_when(_start_demo(gnome_keyring_env, url), writing_customers)
    assert "password" not in printed
    deadline = time.monotonic() + 30
    while True:  # the server rolls the killed client's transaction back when it notices
        with pg_server.connect(name) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()",
                (name,),
            ).fetchone()
        if not row or not row[0]:
            break
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with pg_server.connect(name) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM staff), (SELECT count(*) FROM customers)"
        ).fetchone()
    assert counts == (0, 0)
    doctor = run_cli("--db", url, "doctor")
    assert doctor.returncode == 1, doctor.stdout
    line = next(x for x in doctor.stdout.splitlines() if x.startswith("sign in: "))
    assert line.startswith("sign in: PROBLEM: nobody can sign in")
    assert "init --admin" in line
    again = run_cli("--db", url, "--json", "demo", "--customers", "5", "--seed", "1")
    assert _staff(again) == ["admin", "agent", "finance", "supervisor"]
    healthy = run_cli("--db", url, "doctor")
    # the only problem left: a workstation opening PostgreSQL directly is unsafe
    assert healthy.returncode == 1, healthy.stdout
    assert healthy.stdout.splitlines()[-1] == "1 problem found: access"
    assert "sign in: 4 active staff members with a password" in healthy.stdout
