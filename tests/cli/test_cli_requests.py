"""voxprivacy-admin's privacy requests and disclosures, in process, on plain SQLite,
SQLCipher and PostgreSQL: every transition and every refusal a user can run into."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_support import Desk
from sqlalchemy import update
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import PrivacyRequest

CLERK_PASSWORD = "clerk-initial-pw-42"
CHIEF_PASSWORD = "chief-initial-pw-42"
REFERENCE = re.compile(r"PR-[A-Z2-9]{6}")


@pytest.fixture
def desk(demo_desk: Desk) -> Desk:
    """The demo desk plus clerk (agent) and chief (supervisor), who have recovery codes, so
    a test can make many changes as them without waiting for the next authenticator code."""
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
        assert len(codes) == 10
        demo_desk.add(name, role, password, added.last_line, codes)
    return demo_desk


def customers(desk: Desk) -> list[dict[str, Any]]:
    """Active demo customers, as 'customers search' lists them."""
    found = desk.as_("clerk", "customers", "search", "vx", "--status", "active", json=True)
    assert found.code == 0, found.err
    hits: list[dict[str, Any]] = found.json()
    assert len(hits) >= 4
    return hits


def open_request(
    desk: Desk, user: str, customer: str, kind: str, *extra: str, method: str = "pin"
) -> str:
    opened = desk.as_(
        user,
        "request",
        "open",
        customer,
        "--kind",
        kind,
        "--verified-by",
        method,
        *extra,
        code="recovery",
    )
    assert opened.code == 0, opened.err
    assert REFERENCE.fullmatch(opened.last_line), opened.out
    return opened.last_line


def show(desk: Desk, ref: str, user: str = "clerk") -> dict[str, Any]:
    shown = desk.as_(user, "request", "show", ref, json=True)
    assert shown.code == 0, shown.err
    view: dict[str, Any] = shown.json()
    return view


# --------------------------------------------------------------------------- opening


def test_opening_needs_the_identity_check(desk: Desk) -> None:
    number = customers(desk)[0]["account_number"]
    code = desk.accounts["clerk"].recovery_codes.pop()
    missing = desk.as_("clerk", "request", "open", number, "--kind", "access", code=code)
    assert missing.code == 2
    assert all(m in missing.err for m in ("email-code", "callback", "pin", "in-person"))
    assert len(missing.err.strip().splitlines()) == 1
    wrong = desk.as_(
        "clerk", "request", "open", number, "--kind", "access", "--verified-by", "hunch", code=code
    )
    assert wrong.code == 2 and "in-person" in wrong.err
    bad_kind = desk.as_(
        "clerk", "request", "open", number, "--kind", "deletion", "--verified-by", "pin", code=code
    )
    assert bad_kind.code == 2
    nothing = desk.as_("clerk", "request", "list", json=True)
    assert nothing.code == 0 and nothing.json() == []
    assert "No privacy requests" in desk.as_("clerk", "request", "list").out

    # none of the refusals used the code up
    opened = desk.as_(
        "clerk",
        "request",
        "open",
        number,
        "--kind",
        "access",
        "--verified-by",
        "email-code",
        "--note",
        "called on Monday",
        code=code,
    )
    assert opened.code == 0, opened.err
    assert REFERENCE.fullmatch(opened.last_line)
    assert "Due " in opened.out and "(30 days left).\n" in opened.out
    view = show(desk, opened.last_line)
    assert (
        view["kind"],
        view["status"],
        view["account_number"],
        view["verification_method"],
        view["verified_by"],
        view["opened_by"],
        view["note"],
    ) == ("access", "received", number, "email-code", "clerk", "clerk", "called on Monday")
    assert [t["action"] for t in view["timeline"]] == ["identity_verified", "opened"]
    by_id = show(desk, view["id"])
    assert by_id["reference"] == opened.last_line

    without_code = desk.as_(
        "clerk", "request", "open", number, "--kind", "access", "--verified-by", "pin"
    )
    assert without_code.code == 3 and "--totp" in without_code.err


def test_unknown_requests_and_bad_arguments(desk: Desk) -> None:
    missing = desk.as_("clerk", "request", "show", "PR-ZZZZZZ")
    assert missing.code == 2 and "PR-ZZZZZZ" in missing.err
    for argv in (
        ("request", "list", "--status", "lost"),
        ("request", "extend", "PR-ZZZZZZ", "--days", "0", "--reason", "x"),
        ("request", "deny", "PR-ZZZZZZ"),
        ("settings", "request-deadline", "91"),
        ("disclosure", "record", "VX1", "--data", "x"),
    ):
        result = desk.as_("clerk", *argv)
        assert result.code == 2 and "usage:" in result.err, argv
    assert desk.as_("finance", "request", "list").code == 3


# --------------------------------------------------------------------------- access


def test_access_request_writes_the_package(desk: Desk, tmp_path: Path) -> None:
    hit = customers(desk)[1]
    ref = open_request(desk, "clerk", hit["account_number"], "access")
    out = tmp_path / "package"
    out.mkdir()

    code = desk.accounts["clerk"].recovery_codes.pop()
    no_out = desk.as_("clerk", "request", "complete", ref, code=code)
    assert no_out.code == 2 and "--out" in no_out.err
    not_a_folder = desk.as_(
        "clerk", "request", "complete", ref, "--out", str(tmp_path / "missing"), code=code
    )
    assert not_a_folder.code == 2 and "not a folder" in not_a_folder.err
    with_fields = desk.as_(
        "clerk", "request", "complete", ref, "name=X Y", "--out", str(out), code=code
    )
    assert with_fields.code == 2
    assert list(out.iterdir()) == []
    assert show(desk, ref)["status"] == "received"

    done = desk.as_("clerk", "request", "complete", ref, "--out", str(out), code=code)
    assert done.code == 0, done.err
    files = sorted(out.iterdir())
    assert [f.suffix for f in files] == [".html", ".json"]
    assert all(str(f) in done.out for f in files)
    package = json.loads(files[1].read_text(encoding="utf-8"))
    assert hit["account_number"] in json.dumps(package)
    assert hit["name"] in files[0].read_text(encoding="utf-8")

    view = show(desk, ref)
    assert view["status"] == "completed" and view["completed_by"] == "clerk"
    human = desk.as_("clerk", "request", "show", ref)
    assert re.search(r"Status:\s+completed", human.out)
    again = desk.as_("clerk", "request", "complete", ref, "--out", str(out), code="recovery")
    assert again.code == 3


def _with_billing(desk: Desk) -> tuple[dict[str, Any], dict[str, Any]]:
    """An active customer with a card and invoices, and finance's view of it."""
    for hit in customers(desk):
        seen = desk.as_("finance", "customer", "show", hit["account_number"], json=True)
        assert seen.code == 0, seen.err
        view: dict[str, Any] = seen.json()
        if view["cards"] and view["invoices"]:
            return hit, view
    raise AssertionError("no demo customer with a card and invoices")


def test_billing_data_leaves_only_through_finance(desk: Desk, tmp_path: Path) -> None:
    hit, billing = _with_billing(desk)
    last4 = billing["cards"][0]["last4"]
    invoice = billing["invoices"][0]["number"]
    ref = open_request(desk, "clerk", hit["account_number"], "access")
    out = tmp_path / "package"
    out.mkdir()
    done = desk.as_("clerk", "request", "complete", ref, "--out", str(out), code="recovery")
    assert done.code == 0, done.err
    cards, invoices = len(billing["cards"]), len(billing["invoices"])
    follows = (
        f"{cards} card{'s' if cards > 1 else ''}, {invoices} invoice{'s' if invoices > 1 else ''}"
    )
    assert (
        f"Billing data ({follows}) is not in this package; a finance member releases it "
        f"with 'request release-billing {ref} --out DIR'."
    ) in done.out
    written = "".join(f.read_text(encoding="utf-8") for f in out.iterdir())
    assert invoice not in written and f'"last4": "{last4}"' not in written
    assert "payment_cards" not in json.loads(
        next(f for f in out.iterdir() if f.suffix == ".json").read_text(encoding="utf-8")
    )

    part = tmp_path / "billing"
    part.mkdir()
    for user in ("clerk", "chief", "admin"):
        refused = desk.as_(
            user,
            "request",
            "release-billing",
            ref,
            "--out",
            str(part),
            code="recovery" if user != "admin" else True,
        )
        assert refused.code == 3, (user, refused.err)
        assert list(part.iterdir()) == []
    no_out = desk.as_("finance", "request", "release-billing", ref)
    assert no_out.code == 2 and "--out" in no_out.err
    released = desk.as_("finance", "request", "release-billing", ref, "--out", str(part), code=True)
    assert released.code == 0, released.err
    files = sorted(part.iterdir())
    assert [f.name for f in files] == [
        f"{ref}-{hit['account_number']}-billing.html",
        f"{ref}-{hit['account_number']}-billing.json",
    ]
    assert all(str(f) in released.out for f in files)
    data = json.loads(files[1].read_text(encoding="utf-8"))
    assert last4 in [c["last4"] for c in data["payment_cards"]]
    assert invoice in [i["number"] for i in data["invoices"]]
    assert "emails" not in data and "phones" not in data
    timeline = show(desk, ref)["timeline"]
    assert (timeline[-1]["action"], timeline[-1]["staff"]) == ("billing_released", "finance")


def test_an_erasure_tells_the_agent_only_that_billing_data_exists(desk: Desk) -> None:
    hit, billing = _with_billing(desk)
    ref = open_request(desk, "clerk", hit["account_number"], "erasure")
    human = desk.as_("clerk", "request", "show", ref)
    assert human.code == 0, human.err
    assert re.search(r"Billing data:\s+\d+ cards? removed, \d+ invoices? kept", human.out)
    assert "Open balance" not in human.out and "Open invoices" not in human.out
    assert billing["cards"][0]["last4"] not in human.out
    impact = show(desk, ref)["impact"]
    assert impact["open_invoices"] is None and impact["balance_cents"] is None
    assert impact["card_on_file"] is True


# --------------------------------------------------------------------------- rectification


def test_rectification_keeps_before_and_after(desk: Desk) -> None:
    hit = customers(desk)[2]
    ref = open_request(desk, "clerk", hit["account_number"], "rectification", method="callback")
    code = desk.accounts["clerk"].recovery_codes.pop()
    none = desk.as_("clerk", "request", "complete", ref, code=code)
    assert none.code == 2 and "FIELD=VALUE" in none.err
    unknown = desk.as_("clerk", "request", "complete", ref, "shoe_size=44", code=code)
    assert unknown.code == 2 and "request complete --help" in unknown.err
    invalid = desk.as_("clerk", "request", "complete", ref, "email=not-an-email", code=code)
    assert invalid.code == 2 and "not-an-email" in invalid.err
    assert show(desk, ref)["status"] == "received"

    done = desk.as_(
        "clerk", "request", "complete", ref, "name=Zebediah Quixotewright", code="recovery"
    )
    assert done.code == 0, done.err
    assert f"name: {hit['name']} -> Zebediah Quixotewright" in done.out
    view = show(desk, ref)
    assert view["status"] == "completed"
    assert [(c["field"], c["before"], c["after"]) for c in view["changes"]] == [
        ("name", hit["name"], "Zebediah Quixotewright")
    ]
    human = desk.as_("clerk", "request", "show", ref)
    assert "Changes" in human.out and "Zebediah Quixotewright" in human.out
    record = desk.as_("clerk", "customer", "show", hit["account_number"], json=True).json()
    assert record["name"] == "Zebediah Quixotewright"


# --------------------------------------------------------------------------- erasure


def test_an_erasure_deletes_the_access_packages_or_names_them(
    desk: Desk, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from voxprivacy.storage.models import PackageFile

    hit = customers(desk)[2]
    ref = open_request(desk, "clerk", hit["account_number"], "access")
    out = tmp_path / "package"
    out.mkdir()
    done = desk.as_("clerk", "request", "complete", ref, "--out", str(out), code="recovery")
    assert done.code == 0, done.err
    written = sorted(str(p.resolve()) for p in out.iterdir())
    assert len(written) == 2
    assert desk.url is not None
    db = open_database(parse_target(desk.url), SecretStore(memory_keyring))
    try:  # one more file, as if written on another workstation
        with db.write() as session:
            row = session.query(PackageFile).filter(PackageFile.path == written[0]).one()
            session.add(
                PackageFile(
                    customer_id=row.customer_id,
                    request_id=row.request_id,
                    host="desk-7",
                    path="/home/anna/PR-X.json",
                    written_at=row.written_at,
                    written_by=row.written_by,
                )
            )
    finally:
        db.dispose()

    erasure = open_request(desk, "clerk", hit["account_number"], "erasure")
    assert desk.as_("chief", "request", "approve", erasure, code="recovery").code == 0
    erased = desk.as_("clerk", "request", "complete", erasure, code="recovery")
    assert erased.code == 0, erased.err
    assert "Access package files deleted: 2" in erased.out
    assert all(f"  {path}" in erased.lines for path in written)
    assert (
        "Delete these access package files by hand (1; this workstation cannot reach them):"
    ) in erased.out
    assert "  /home/anna/PR-X.json (on workstation desk-7)" in erased.lines
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_erasure_from_opening_to_tombstone(desk: Desk) -> None:
    hit = customers(desk)[3]
    opened = desk.as_(
        "clerk",
        "request",
        "open",
        hit["account_number"],
        "--kind",
        "erasure",
        "--verified-by",
        "in-person",
        code="recovery",
    )
    assert opened.code == 0, opened.err
    ref = opened.last_line
    assert REFERENCE.fullmatch(ref)
    assert "Impact of the erasure" in opened.out and "request approve" in opened.out
    view = show(desk, ref)
    assert view["status"] == "pending_approval"
    assert view["impact"] is not None and "kept" in view["impact"]
    assert "Impact of the erasure" in desk.as_("clerk", "request", "show", ref).out

    agent = desk.as_("clerk", "request", "approve", ref, code="recovery")
    assert agent.code == 3 and "role" in agent.err
    early = desk.as_("clerk", "request", "complete", ref, code="recovery")
    assert early.code == 3 and "approved" in early.err
    assert show(desk, ref)["status"] == "pending_approval"

    approved = desk.as_("chief", "request", "approve", ref, code="recovery")
    assert approved.code == 0, approved.err
    assert show(desk, ref)["decided_by"] == "chief"

    done = desk.as_("clerk", "request", "complete", ref, code="recovery")
    assert done.code == 0, done.err
    tombstone = re.search(r"tombstone (ERASED-[0-9A-F]+)", done.out)
    assert tombstone, done.out
    assert "Services ended" in done.out
    view = show(desk, ref)
    assert view["status"] == "completed" and view["account_number"] == tombstone.group(1)

    record = desk.as_("clerk", "customer", "show", view["customer_id"], json=True)
    assert record.code == 0, record.err
    assert record.json()["status"] == "erased"
    assert hit["name"] not in record.out
    human = desk.as_("clerk", "customer", "show", view["customer_id"])
    assert re.search(r"Status:\s+erased", human.out)
    edit = desk.as_(
        "clerk",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        view["customer_id"],
        "name=Back Again",
        code="recovery",
    )
    assert edit.code == 3 and "erased" in edit.err
    again = desk.as_(
        "clerk",
        "request",
        "open",
        view["customer_id"],
        "--kind",
        "access",
        "--verified-by",
        "pin",
        code="recovery",
    )
    assert again.code == 3
    found = desk.as_("clerk", "customers", "search", hit["name"].split()[-1], json=True)
    assert hit["account_number"] not in [h["account_number"] for h in found.json()]

    verified = desk.as_("admin", "audit", "verify")
    assert verified.code == 0, verified.out + verified.err


def test_a_supervisor_cannot_decide_their_own_request(desk: Desk) -> None:
    hit = customers(desk)[0]
    ref = open_request(desk, "chief", hit["account_number"], "erasure")
    own = desk.as_("chief", "request", "approve", ref, code="recovery")
    assert own.code == 3 and "another supervisor" in own.err
    own_denial = desk.as_("chief", "request", "deny", ref, "--reason", "no", code="recovery")
    assert own_denial.code == 3 and "another supervisor" in own_denial.err
    assert show(desk, ref)["status"] == "pending_approval"

    denied = desk.as_(
        "supervisor",
        "request",
        "deny",
        ref,
        "--reason",
        "an open dispute about invoice 17",
        code=True,
    )
    assert denied.code == 0, denied.err
    view = show(desk, ref)
    assert (view["status"], view["decided_by"], view["decision_reason"]) == (
        "denied",
        "supervisor",
        "an open dispute about invoice 17",
    )
    listed = desk.as_("clerk", "request", "list", "--status", "denied", json=True).json()
    assert [r["reference"] for r in listed] == [ref]
    late = desk.as_("supervisor", "request", "approve", ref, code=True)
    assert late.code == 3
    assert desk.as_("clerk", "request", "list", "--status", "open", json=True).json() == []


# --------------------------------------------------------------------------- the queue


def _make_overdue(url: str, keyring: MemoryKeyring, ref: str, days: int) -> None:
    db = open_database(parse_target(url), SecretStore(keyring))
    try:
        with db.write() as session:
            session.execute(
                update(PrivacyRequest)
                .where(PrivacyRequest.reference == ref)
                .values(due_at=datetime.now(UTC) - timedelta(days=days, hours=1))
                .execution_options(sync="local")
            )
    finally:
        db.dispose()


@pytest.mark.slow
def test_the_queue_lists_overdue_first(desk: Desk, memory_keyring: MemoryKeyring) -> None:
    hits = customers(desk)
    first = open_request(desk, "clerk", hits[0]["account_number"], "access")
    second = open_request(desk, "clerk", hits[1]["account_number"], "rectification")
    listed = desk.as_("clerk", "request", "list", "--status", "open", json=True)
    assert listed.code == 0, listed.err
    rows = listed.json()
    assert {r["reference"] for r in rows} == {first, second}
    for row in rows:
        assert {
            "reference",
            "kind",
            "status",
            "account_number",
            "customer_name",
            "received_at",
            "due_at",
            "days_left",
            "urgency",
            "extended",
        } <= set(row)
        assert row["days_left"] in (29, 30) and row["urgency"] == "calm"
    table = desk.as_("clerk", "request", "list")
    header = table.lines[0]
    for column in (
        "reference",
        "kind",
        "status",
        "customer account",
        "received",
        "due",
        "days left",
    ):
        assert column in header

    assert desk.url is not None
    _make_overdue(desk.url, memory_keyring, second, 3)
    rows = desk.as_("clerk", "request", "list", "--status", "open", json=True).json()
    assert [r["reference"] for r in rows] == [second, first]
    assert rows[0]["days_left"] < 0 and rows[0]["urgency"] == "urgent"
    table = desk.as_("clerk", "request", "list", "--status", "open")
    assert second in table.lines[2] and "overdue 4 d" in table.lines[2]
    mine = desk.as_(
        "clerk", "request", "list", "--customer", hits[0]["account_number"], json=True
    ).json()
    assert [r["reference"] for r in mine] == [first]

    extended = desk.as_(
        "clerk",
        "request",
        "extend",
        second,
        "--days",
        "14",
        "--reason",
        "the customer sent more documents",
        code="recovery",
    )
    assert extended.code == 0, extended.err
    view = show(desk, second)
    assert view["extended"] is True and view["days_left"] == 11  # 10 days 23 hours
    once_more = desk.as_(
        "clerk", "request", "extend", second, "--days", "5", "--reason", "again", code="recovery"
    )
    assert once_more.code == 3 and "already" in once_more.err
    too_long = desk.as_(
        "clerk", "request", "extend", first, "--days", "90", "--reason", "too long", code="recovery"
    )
    assert too_long.code == 2 and "two months" in too_long.err

    cancelled = desk.as_(
        "clerk", "request", "cancel", first, "--reason", "the customer withdrew it", code="recovery"
    )
    assert cancelled.code == 0, cancelled.err
    assert show(desk, first)["status"] == "cancelled"
    rows = desk.as_("clerk", "request", "list", "--status", "open", json=True).json()
    assert [r["reference"] for r in rows] == [second]
    everything = desk.as_("clerk", "request", "list")
    assert re.search(rf"{first}.*cancelled.*\s-$", everything.out, re.MULTILINE)


def test_settings_request_deadline(demo_desk: Desk) -> None:
    number = demo_desk.as_(
        "agent", "customers", "search", "vx", "--status", "active", json=True
    ).json()[0]["account_number"]
    refused = demo_desk.as_("agent", "settings", "request-deadline", "5", code=True)
    assert refused.code == 3 and "role" in refused.err
    changed = demo_desk.as_("admin", "settings", "request-deadline", "1", code=True)
    assert changed.code == 0, changed.err
    assert "due 1 day after receipt" in changed.out
    opened = demo_desk.as_(
        "agent",
        "request",
        "open",
        number,
        "--kind",
        "access",
        "--verified-by",
        "callback",
        code=True,
    )
    assert opened.code == 0, opened.err
    row = demo_desk.as_("agent", "request", "list", json=True).json()[0]
    assert row["days_left"] == 1 and row["urgency"] == "urgent"


# --------------------------------------------------------------------------- disclosures


def test_a_disclosure_needs_current_consent(desk: Desk) -> None:
    number = customers(desk)[1]["account_number"]
    record = desk.as_("clerk", "customer", "show", number, json=True).json()
    if {c["purpose"]: c["granted"] for c in record["consents"]}["third_party_disclosure"]:
        off = desk.as_(
            "clerk",
            "consent",
            "set",
            "--verified-by",
            "callback",
            number,
            "third_party_disclosure",
            "off",
            "--source",
            "phone",
            code="recovery",
        )
        assert off.code == 0, off.err

    refused = desk.as_(
        "clerk",
        "disclosure",
        "record",
        number,
        "--to",
        "Collections Ltd",
        "--data",
        "name and open balance",
        code="recovery",
    )
    assert refused.code == 3 and "consent" in refused.err
    assert desk.as_("clerk", "disclosure", "list", number, json=True).json() == []

    consent = desk.as_(
        "clerk",
        "consent",
        "set",
        "--verified-by",
        "callback",
        number,
        "third_party_disclosure",
        "on",
        "--source",
        "letter",
        code="recovery",
    )
    assert consent.code == 0, consent.err
    recorded = desk.as_(
        "clerk",
        "disclosure",
        "record",
        number,
        "--to",
        "Collections Ltd",
        "--data",
        "name and open balance",
        code="recovery",
    )
    assert recorded.code == 0, recorded.err
    assert "Collections Ltd" in recorded.out and "letter" in recorded.out
    listed = desk.as_("clerk", "disclosure", "list", number, json=True)
    assert listed.code == 0, listed.err
    rows = listed.json()
    assert [(r["recipient"], r["data"], r["staff"]) for r in rows] == [
        ("Collections Ltd", "name and open balance", "clerk")
    ]
    assert "letter" in rows[0]["basis"]
    table = desk.as_("clerk", "disclosure", "list", number)
    assert "Collections Ltd" in table.out and "recipient" in table.lines[0]
