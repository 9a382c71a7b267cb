"""voxprivacy-admin retention … and audience export, and the two new request kinds, in process
on the demo database: what a dry run lists (checked against the tables), what a run removes,
who is refused, and the scheduler's run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import CLOCK, Desk
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring
from test_cli_backup import copy_database, put_back

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import AuditEvent, Customer, Invoice


@pytest.fixture
def database(db_url: str, memory_keyring: MemoryKeyring) -> Iterator[Database]:
    db = open_database(parse_target(db_url), SecretStore(memory_keyring))
    yield db
    db.dispose()


def _due_customers(db: Database, days: int) -> dict[str, str]:
    """Terminated more than ``days`` ago with no open invoice: account number -> id."""
    cutoff = datetime.now(UTC) + timedelta(seconds=CLOCK.offset) - timedelta(days=days)
    with db.read() as session:
        owing = set(
            session.execute(
                select(Invoice.customer_id).where(Invoice.status.in_(["open", "overdue"]))
            ).scalars()
        )
        return {
            c.account_number: str(c.id)
            for c in session.execute(
                select(Customer).where(Customer.status == "terminated")
            ).scalars()
            if c.terminated_at is not None and c.terminated_at <= cutoff and c.id not in owing
        }


def _leaving(desk: Desk, db: Database) -> dict[str, object]:
    """An active customer found by search who owes nothing (one who owes is held back)."""
    found = desk.as_("agent", "customers", "search", "vx", "--status", "active", json=True)
    with db.read() as session:
        owing = set(
            session.execute(
                select(Customer.account_number)
                .join(Invoice, Invoice.customer_id == Customer.id)
                .where(Invoice.status.in_(["open", "overdue"]))
            ).scalars()
        )
    settled = [hit for hit in found.json() if hit["account_number"] not in owing]
    assert settled, "the demo has active customers who owe nothing"
    return dict(settled[0])


def _status(db: Database) -> dict[str, str]:
    with db.read() as session:
        return {str(c.id): c.status for c in session.execute(select(Customer)).scalars()}


def test_a_dry_run_lists_what_is_due_and_a_run_anonymises_it(
    demo_desk: Desk, database: Database
) -> None:
    leaving = str(_leaving(demo_desk, database)["account_number"])
    ended = demo_desk.as_(
        "supervisor",
        *("customers", "terminate", leaving, "--reason", "moving abroad", "--confirm"),
        code=True,
    )
    assert ended.code == 0, ended.err
    CLOCK.offset += 31 * 86400  # a month later
    period = demo_desk.as_("admin", "retention", "set", "terminated-customers", "30", code=True)
    assert period.code == 0, period.err
    due = _due_customers(database, 30)
    assert due, "the demo has customers terminated more than 30 days ago"
    before = _status(database)

    dry = demo_desk.as_("admin", "retention", "run", "--dry-run")
    assert dry.code == 0, dry.err
    sections: dict[str, list[str]] = {}
    current = ""
    for line in dry.lines:
        if line.startswith("  "):
            sections[current].append(line.strip())
        else:
            current = line.split(" ")[0]
            sections[current] = []
    listed = [item for item in sections["terminated-customers"] if not item.startswith("held")]
    assert sorted(listed) == sorted(due)
    assert "nothing was changed" in dry.last_line
    assert _status(database) == before

    refused = demo_desk.as_("supervisor", "retention", "run", code=True)
    assert refused.code != 0 and "may not" in refused.err
    refused.check_error_shape()
    assert _status(database) == before

    done = demo_desk.as_("admin", "retention", "run", code=True)
    assert done.code == 0, done.err
    assert f"terminated-customers: {len(due)}" in done.out
    after = _status(database)
    assert {after[cid] for cid in due.values()} == {"erased"}
    assert {cid for cid, st in after.items() if st != before[cid]} == set(due.values())
    found = demo_desk.as_("supervisor", "customers", "search", next(iter(due)), json=True)
    assert found.code == 0 and found.json() == []


def test_the_floor_of_the_law_is_refused_in_a_sentence(demo_desk: Desk) -> None:
    refused = demo_desk.as_("admin", "retention", "set", "invoices", "365", code=True)
    assert refused.code != 0
    assert "invoices must be kept at least 3653 days" in refused.err
    refused.check_error_shape()
    typo = demo_desk.as_("admin", "retention", "set", "interactions", "two", code=True)
    assert typo.code != 0 and "not a whole number of days" in typo.err
    shown = demo_desk.as_("supervisor", "retention", "show", json=True)
    assert {r["kind"]: r["days"] for r in shown.json()}["invoices"] == 3653


def test_the_scheduled_run_signs_nobody_in_and_is_audited(
    demo_desk: Desk, database: Database
) -> None:
    done = demo_desk.run("--db", demo_desk.url or "", "retention", "run", "--scheduled")
    assert done.code == 0, done.err
    with database.read() as session:
        run = session.execute(
            select(AuditEvent).where(AuditEvent.action == "retention.run")
        ).scalar_one()
    assert run.username == "scheduler" and run.staff_id is None
    assert "terminated-customers" in (run.detail or "")


def test_restriction_objection_and_the_audience_on_the_command_line(demo_desk: Desk) -> None:
    found = demo_desk.as_("agent", "customers", "search", "vx", "--status", "active", json=True)
    number = str(found.json()[0]["account_number"])
    opened = demo_desk.as_(
        "agent",
        *("request", "open", number, "--kind", "restriction", "--verified-by", "pin"),
        *("--purpose", "newsletter", "--purpose", "third-party-disclosure"),
        code=True,
    )
    assert opened.code == 0, opened.err
    assert "Restricted from now until lifted: newsletter, third-party-disclosure." in opened.out
    reference = opened.last_line
    audience = demo_desk.as_("supervisor", "audience", "export", "newsletter")
    assert audience.code == 0, audience.err
    assert number not in audience.out
    completing = demo_desk.as_("agent", "request", "complete", reference, code=True)
    assert completing.code == 2 and f"'request lift {reference} --reason TEXT'" in completing.err
    lifted = demo_desk.as_("agent", "request", "lift", reference, "--reason", "settled", code=True)
    assert lifted.code == 0 and f"Restriction {reference} lifted." in lifted.out
    objection = demo_desk.as_(
        "agent",
        *("request", "open", number, "--kind", "objection", "--verified-by", "callback"),
        *("--purpose", "product-updates"),
        code=True,
    )
    assert objection.code == 0, objection.err
    assert "Consent withdrawn, with this request as evidence: product-updates." in objection.out
    missing = demo_desk.as_(
        "agent", "request", "open", number, "--kind", "objection", "--verified-by", "pin", code=True
    )
    assert missing.code != 0 and "which purposes the objection is about" in missing.err


@pytest.mark.parametrize("db_url", ["sqlite", "encrypted"], indirect=True)
def test_database_files_copied_back_do_not_bring_an_anonymised_customer_back(
    demo_desk: Desk, database: Database, tmp_path: Path
) -> None:
    hit = _leaving(demo_desk, database)
    leaving, name = str(hit["account_number"]), str(hit["name"])
    ended = demo_desk.as_(
        "supervisor",
        *("customers", "terminate", leaving, "--reason", "moving abroad", "--confirm"),
        code=True,
    )
    assert ended.code == 0, ended.err
    CLOCK.offset += 31 * 86400
    period = demo_desk.as_("admin", "retention", "set", "terminated-customers", "30", code=True)
    assert period.code == 0, period.err
    assert demo_desk.url is not None
    path = Path(demo_desk.url.split(":///", 1)[1])
    copy_database(path, tmp_path / "saved")
    done = demo_desk.as_("admin", "retention", "run", code=True)
    assert done.code == 0, done.err
    put_back(tmp_path / "saved", path)

    search = demo_desk.as_("supervisor", "customers", "search", leaving, json=True)
    assert search.code == 0, search.err
    assert search.json() == []
    assert "rolled back" in search.err and "from the erasure journal was carried out" in search.err
    by_name = demo_desk.as_("supervisor", "customers", "search", name.split()[-1], json=True)
    assert leaving not in by_name.out
