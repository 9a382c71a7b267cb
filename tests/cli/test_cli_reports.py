"""voxprivacy-admin report …: CSV safe for a spreadsheet, JSON, files, filters and refusals."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_support import Desk, recovery_codes
from sqlalchemy import func, select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import AuditEvent, ConsentEvent, PrivacyRequest

CLERK = "clerk-initial-pw-42"


@pytest.fixture
def database(db_url: str, memory_keyring: MemoryKeyring) -> Iterator[Database]:
    db = open_database(parse_target(db_url), SecretStore(memory_keyring))
    yield db
    db.dispose()


@pytest.fixture
def account(demo_desk: Desk) -> str:
    """A demo customer renamed to a formula, with a disclosure and an access request, all
    recorded by clerk (an agent with recovery codes, so no waiting for the next code)."""
    added = demo_desk.as_(
        "admin", "staff", "add", "clerk", "--role", "agent", code=True, stdin=CLERK + "\n"
    )
    assert added.code == 0, added.err
    demo_desk.add("clerk", "agent", CLERK, added.last_line, recovery_codes(added.out))
    found = demo_desk.as_("clerk", "customers", "search", "vx", "--status", "active", json=True)
    number = str(found.json()[0]["account_number"])
    steps = [
        ("customer", "edit", number, 'name==HYPERLINK("x")', *VERIFIED, "--confirm-impact"),
        ("consent", "set", number, "third_party_disclosure", "on", "--source", "phone", *VERIFIED),
        ("disclosure", "record", number, "--to", "+Partner AG", "--data", "-phone number"),
        ("request", "open", number, "--kind", "access", "--verified-by", "pin"),
    ]
    for argv in steps:
        done = demo_desk.as_("clerk", *argv, code="recovery")
        assert done.code == 0, done.err
    return number


VERIFIED = ("--verified-by", "callback")


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_reports_as_csv_json_and_files(
    demo_desk: Desk, account: str, database: Database, tmp_path: Path
) -> None:
    _disclosures_as_csv_open_as_text(demo_desk, account)
    _json_and_the_tables_agree(demo_desk, account, database)
    _audit_export_filtered_by_customer_and_action(demo_desk, account)
    _output_file_is_private_and_matches(demo_desk, account, tmp_path)


def _disclosures_as_csv_open_as_text(demo_desk: Desk, account: str) -> None:
    result = demo_desk.as_("supervisor", "report", "disclosures")
    assert result.code == 0, result.err
    rows = _cells(result.out)
    assert rows[0] == [
        "date",
        "account_number",
        "customer_name",
        "recipient",
        "data",
        "basis",
        "consent_reference",
        "recorded_by",
    ]
    mine = [r for r in rows[1:] if r[1] == account]
    assert len(mine) == 1
    assert mine[0][2:5] == ['\'=HYPERLINK("x")', "'+Partner AG", "'-phone number"]


def _json_and_the_tables_agree(demo_desk: Desk, account: str, database: Database) -> None:
    with database.read() as session:
        events = session.execute(select(func.count()).select_from(ConsentEvent)).scalar_one()
        opened = session.execute(select(func.count()).select_from(PrivacyRequest)).scalar_one()
    ledger = demo_desk.as_("supervisor", "report", "consent-ledger", "--format", "json")
    assert ledger.code == 0, ledger.err
    body = ledger.json()
    assert body["report"] == "consent-ledger"
    assert len(body["rows"]) == events > 0

    today = datetime.now(UTC).date().isoformat()
    monthly = demo_desk.as_(
        "admin", "report", "requests", "--from", today, "--to", today, json=True
    )
    assert monthly.code == 0, monthly.err
    body = monthly.json()
    assert body["filters"] == {"from": today, "to": today}
    assert [row["opened"] for row in body["rows"]] == [opened] == [1]


def _audit_export_filtered_by_customer_and_action(demo_desk: Desk, account: str) -> None:
    result = demo_desk.as_(
        "supervisor",
        "report",
        "audit",
        "--customer",
        account,
        "--action",
        "disclosure.",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    rows = result.json()["rows"]
    assert [(r["action"], r["account_number"], r["staff"]) for r in rows] == [
        ("disclosure.record", account, "clerk")
    ]


def _output_file_is_private_and_matches(demo_desk: Desk, account: str, tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    result = demo_desk.as_("supervisor", "report", "disclosures", "--output", str(target))
    assert result.code == 0, result.err
    assert result.last_line == f"Register of disclosures: 1 row written to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _cells(target.read_text(encoding="utf-8"))[1][1] == account

    missing = demo_desk.as_(
        "supervisor", "report", "disclosures", "--output", str(tmp_path / "no" / "x.csv")
    )
    assert missing.code != 0
    assert "does not exist; create it or choose another file" in missing.err


def test_bad_dates_are_explained(demo_desk: Desk) -> None:
    result = demo_desk.as_("supervisor", "report", "requests", "--from", "2026-13-01")
    assert result.code != 0
    assert "--from '2026-13-01' is not a date; write it YYYY-MM-DD" in result.err
    result = demo_desk.as_(
        "supervisor", "report", "audit", "--from", "2026-03-01", "--to", "2026-02-01"
    )
    assert result.code != 0
    assert "start date 2026-03-01 is after the end date 2026-02-01" in result.err
    assert result.out == ""


@pytest.mark.parametrize("user", ["agent", "finance"])
def test_agents_and_finance_are_refused_and_audited(
    demo_desk: Desk, database: Database, user: str
) -> None:
    result = demo_desk.as_(user, "report", "consent-ledger")
    assert result.code != 0
    assert "may not" in result.err
    assert result.out == ""
    with database.read() as session:
        refused = (
            session.execute(
                select(AuditEvent.action).where(
                    AuditEvent.username == user, AuditEvent.outcome == "refused"
                )
            )
            .scalars()
            .all()
        )
    assert refused == ["consent_ledger"]
