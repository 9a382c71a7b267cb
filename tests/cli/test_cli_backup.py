"""Backups, restores and roll-back detection on the command line: an erased customer
never comes back, whether the database files are copied back or a backup is restored."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_support import Desk
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import AuditEvent

CLERK_PASSWORD = "clerk-initial-pw-42"
CHIEF_PASSWORD = "chief-initial-pw-42"
REFERENCE = re.compile(r"PR-[A-Z2-9]{6}")


@pytest.fixture
def desk(demo_desk: Desk) -> Desk:
    """The demo desk plus clerk (agent) and chief (supervisor) with recovery codes."""
    for name, role, password in (
        ("clerk", "agent", CLERK_PASSWORD),
        ("chief", "supervisor", CHIEF_PASSWORD),
    ):
        added = demo_desk.as_(
            "admin", "staff", "add", name, "--role", role, code=True, stdin=password + "\n"
        )
        assert added.code == 0, added.err
        codes = [
            line.strip()
            for line in added.out.splitlines()
            if re.fullmatch(r"\s+[a-z2-9]{5}-[a-z2-9]{5}", line)
        ]
        demo_desk.add(name, role, password, added.last_line, codes)
    return demo_desk


def a_customer(desk: Desk) -> dict[str, Any]:
    found = desk.as_("clerk", "customers", "search", "vx", "--status", "active", json=True)
    assert found.code == 0, found.err
    hit: dict[str, Any] = found.json()[0]
    shown = desk.as_("clerk", "customer", "show", hit["account_number"], json=True)
    assert shown.code == 0, shown.err
    return {**hit, **shown.json()}


def erase(desk: Desk, account: str) -> None:
    """Opened by one supervisor, approved by another, carried out by an agent."""
    opened = desk.as_(
        "chief",
        "request",
        "open",
        account,
        "--kind",
        "erasure",
        "--verified-by",
        "pin",
        code="recovery",
    )
    assert opened.code == 0, opened.err
    ref = opened.last_line
    assert REFERENCE.fullmatch(ref), opened.out
    assert desk.as_("supervisor", "request", "approve", ref, code=True).code == 0
    done = desk.as_("clerk", "request", "complete", ref, code="recovery")
    assert done.code == 0, done.err


def not_found(desk: Desk, customer: dict[str, Any]) -> str:
    """The customer is gone from search and show; returns show's stderr."""
    shown = desk.as_("clerk", "customer", "show", customer["account_number"])
    assert shown.code == 2, shown.out
    found = desk.as_("clerk", "customers", "search", customer["name"], json=True)
    assert found.code == 0, found.err
    assert customer["account_number"] not in found.out
    return shown.err


def rolled_back_events(url: str, keyring: MemoryKeyring) -> list[str]:
    db = open_database(parse_target(url), SecretStore(keyring))
    try:
        with db.read() as session:
            return [
                e.detail or ""
                for e in session.execute(
                    select(AuditEvent).where(AuditEvent.action == "database.rolled_back")
                ).scalars()
            ]
    finally:
        db.dispose()


def database_path(desk: Desk) -> Path:
    assert desk.url is not None
    return Path(desk.url.split(":///", 1)[1])


def copy_database(path: Path, into: Path) -> None:
    into.mkdir(exist_ok=True)
    for old in into.iterdir():
        old.unlink()
    for extra in ("", "-wal", "-shm"):
        source = path.with_name(path.name + extra)
        if source.exists():
            shutil.copy2(source, into / source.name)


def put_back(saved: Path, path: Path) -> None:
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    for source in saved.iterdir():
        shutil.copy2(source, path.with_name(source.name))


@pytest.mark.parametrize("db_url", ["sqlite", "encrypted"], indirect=True)
def test_database_files_copied_back_do_not_bring_an_erased_customer_back(
    desk: Desk, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    customer = a_customer(desk)
    path = database_path(desk)
    copy_database(path, tmp_path / "saved")
    erase(desk, customer["account_number"])
    put_back(tmp_path / "saved", path)

    err = not_found(desk, customer)
    assert "rolled back" in err and "1 erasure from the erasure journal was carried out" in err
    assert desk.url is not None
    events = rolled_back_events(desk.url, memory_keyring)
    assert len(events) == 1 and "re-applied 1 erasure" in events[0]
    again = desk.as_("clerk", "customers", "search", "vx", json=True)
    assert "rolled back" not in again.err  # reported once, not at every start
    assert desk.as_("admin", "audit", "verify").code == 0


def test_a_restored_backup_does_not_bring_an_erased_customer_back(
    desk: Desk, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    customer = a_customer(desk)
    email = customer["emails"][0]["address"]
    file = tmp_path / "before.voxbackup"
    made = desk.as_("admin", "backup", "create", str(file), code=True)
    assert made.code == 0, made.err
    assert "Backup written to" in made.out
    written = file.read_bytes()
    for secret in (customer["name"], email, customer["account_number"]):
        assert secret.encode() not in written
    assert desk.as_("admin", "backup", "create", str(file), code=True).code == 2  # no overwrite

    erase(desk, customer["account_number"])

    refused = desk.as_("admin", "backup", "restore", str(file), code=True)
    assert refused.code == 2 and "--force" in refused.err
    assert desk.as_("clerk", "customer", "show", customer["account_number"]).code == 2

    restored = desk.as_("admin", "backup", "restore", str(file), "--force", code=True)
    assert restored.code == 0, restored.err
    assert "1 erasure made since was carried out again" in restored.out
    not_found(desk, customer)
    assert desk.url is not None
    events = rolled_back_events(desk.url, memory_keyring)
    assert len(events) == 1 and "re-applied 1 erasure" in events[0]
    assert desk.as_("admin", "audit", "verify").code == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_backups_are_for_admins_and_refuse_a_damaged_file(desk: Desk, tmp_path: Path) -> None:
    file = tmp_path / "b.voxbackup"
    refused = desk.as_("supervisor", "backup", "create", str(file), code=True)
    assert refused.code == 3 and "role" in refused.err
    assert not file.exists()
    assert desk.as_("admin", "backup", "create", str(file), code=True).code == 0
    data = bytearray(file.read_bytes())
    data[-5] ^= 1
    file.write_bytes(bytes(data))
    damaged = desk.as_("admin", "backup", "restore", str(file), "--force", code=True)
    assert damaged.code == 2 and "altered" in damaged.err
    assert desk.as_("clerk", "customers", "search", "vx", json=True).code == 0
