"""doctor reports a database nobody can sign in to, on every backend."""

from __future__ import annotations

from cli_support import Desk, Run, raw_connection
from support.memory_keyring import MemoryKeyring


def _sign_in_line(result_out: str) -> str:
    return next(line for line in result_out.splitlines() if line.startswith("sign in: "))


def test_doctor_names_a_database_whose_staff_cannot_sign_in(
    admin_desk: Desk, run: Run, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    direct = db_url.startswith("postgresql")  # reported as unsafe (the 'access' check)
    healthy = run("--db", db_url, "doctor")
    assert healthy.code == (1 if direct else 0), healthy.out
    assert _sign_in_line(healthy.out) == "sign in: 1 active staff member with a password"
    with raw_connection(db_url, memory_keyring.entries) as conn:
        conn.execute("UPDATE staff SET password_hash = 'x'")
    broken = run("--db", db_url, "--json", "doctor")
    assert broken.code == 1
    report = broken.json()
    assert report["problems"] == (["access", "sign_in"] if direct else ["sign_in"])
    assert report["sign_in"]["staff"] == 1 and report["sign_in"]["can_sign_in"] == 0
    assert report["sign_in"]["detail"].startswith("nobody can sign in")
    text = run("--db", db_url, "doctor")
    assert text.code == 1
    assert _sign_in_line(text.out).startswith("sign in: PROBLEM: nobody can sign in")
    assert text.last_line == (
        "2 problems found: access, sign in" if direct else "1 problem found: sign in"
    )
