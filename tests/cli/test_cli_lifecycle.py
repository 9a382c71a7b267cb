"""voxprivacy-admin's service, card, terminate and reactivate commands, in process, on plain
SQLite, SQLCipher and PostgreSQL: the whole day of an agent, finance and a supervisor."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cli_support import Desk
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import AuditEvent

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def desk(demo_desk: Desk) -> Desk:
    """The demo desk plus clerk (agent), chief (supervisor) and cashier (finance), who have
    recovery codes, so a test can make many changes without waiting for the next code."""
    for name, role in (("clerk", "agent"), ("chief", "supervisor"), ("cashier", "finance")):
        password = f"{name}-initial-pw-42"
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


def _customer(desk: Desk) -> dict[str, Any]:
    found = desk.as_("clerk", "customers", "search", "vx", "--status", "active", json=True)
    assert found.code == 0, found.err
    hit: dict[str, Any] = found.json()[0]
    return hit


def _show(desk: Desk, user: str, account: str) -> dict[str, Any]:
    shown = desk.as_(user, "customer", "show", account, json=True)
    assert shown.code == 0, shown.err
    view: dict[str, Any] = shown.json()
    return view


def _audit(desk: Desk, keyring: MemoryKeyring) -> list[tuple[str, str | None, str]]:
    assert desk.url is not None
    db = open_database(parse_target(desk.url), SecretStore(keyring))
    try:
        with db.read() as session:
            rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
            return [(r.action, r.username, r.detail or "") for r in rows]
    finally:
        db.dispose()


def test_services_cards_termination_and_reactivation_from_the_command_line(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    hit = _customer(desk)
    account = hit["account_number"]
    email = _show(desk, "clerk", account)["emails"][0]["address"]

    missing = desk.as_(
        "clerk", "service", "add", account, "virtual_number", "number=+49 30 7654321", "area=Mitte"
    )
    assert missing.code == 2
    assert "--verified-by email-code|callback|pin|in-person" in missing.err

    added = desk.as_(
        "clerk",
        "service",
        "add",
        account,
        "virtual_number",
        "number=+49 30 7654321",
        "area=Mitte",
        "--verified-by",
        "callback",
        code="recovery",
    )
    assert added.code == 0, added.err
    assert added.lines[0] == "Virtual number +49307654321 added; it is active."
    number_id = added.last_line
    assert UUID.fullmatch(number_id)
    mail = desk.as_(
        "clerk",
        "service",
        "add",
        account,
        "voicemail_to_email",
        f"mailbox={email}",
        "--verified-by",
        "pin",
        code="recovery",
    )
    assert mail.code == 0, mail.err

    changed = desk.as_(
        "clerk",
        "service",
        "change",
        number_id,
        "area=Kreuzberg",
        "--verified-by",
        "in_person",
        code="recovery",
    )
    assert changed.code == 0, changed.err
    assert changed.out.strip() == "Virtual number +49307654321 changed (area)."
    card_number = desk.as_(
        "clerk",
        "service",
        "change",
        number_id,
        "area=4111 1111 1111 1111",
        "--verified-by",
        "pin",
        code="recovery",
    )
    assert card_number.code == 2 and "card number" in card_number.err

    # finance: the token comes on standard input; a card number there is refused
    refused = desk.as_(
        "cashier",
        "card",
        "add",
        account,
        "--brand",
        "Visa",
        "--last4",
        "1111",
        "--expiry",
        "08/39",
        code="recovery",
        stdin="4111-1111-1111-1111\n",
    )
    assert refused.code == 2
    assert "token: this is a card number" in refused.err
    recorded = desk.as_(
        "cashier",
        "card",
        "add",
        account,
        "--brand",
        "visa",
        "--last4",
        "4242",
        "--expiry",
        "08/39",
        code="recovery",
        stdin="tok_cli_12345\n",
    )
    assert recorded.code == 0, recorded.err
    assert recorded.lines[0] == "Card Visa ending 4242, expires 08/2039, recorded."
    card_id = recorded.last_line
    by_agent = desk.as_("clerk", "card", "remove", card_id, code="recovery")
    assert by_agent.code == 3
    shown = desk.as_("cashier", "customer", "show", account)
    assert f"Visa ending 4242, expires 08/2039 (id {card_id})" in shown.out
    assert "tok_cli" not in shown.out

    # the supervisor sees the impact first; nothing changes without --confirm
    preview = desk.as_("chief", "customers", "terminate", account, "--reason", "moving abroad")
    assert preview.code == 0, preview.err
    assert preview.lines[0] == "Impact of the termination"
    assert re.search(
        r"Virtual number\s+\+49307654321\s+released to the pool after 90 days", preview.out
    )
    assert "Voicemail to email" in preview.out
    assert preview.last_line.startswith("Nothing was changed")
    assert _show(desk, "clerk", account)["status"] == "active"

    done = desk.as_(
        "chief",
        "customers",
        "terminate",
        account,
        "--reason",
        "moving abroad",
        "--confirm",
        code="recovery",
    )
    assert done.code == 0, done.err
    assert done.out.startswith(f"Customer {account} terminated; services ended: ")
    view = _show(desk, "clerk", account)
    assert view["status"] == "terminated"
    assert {s["status"] for s in view["services"]} == {"ended"}
    found = desk.as_("clerk", "customers", "search", account, json=True)
    assert [(h["account_number"], h["status"]) for h in found.json()] == [(account, "terminated")]

    agent_tries = desk.as_(
        "clerk", "customers", "reactivate", account, "--reason", "back", code="recovery"
    )
    assert agent_tries.code == 3
    back = desk.as_(
        "chief", "customers", "reactivate", account, "--reason", "stays after all", code="recovery"
    )
    assert back.code == 0, back.err
    assert back.out.startswith(f"Customer {account} is active again; ended services stay ended")

    events = _audit(desk, memory_keyring)
    actions = [(action, user) for action, user, _ in events]
    for expected in (
        ("service.add", "clerk"),
        ("service.change", "clerk"),
        ("card.record", "cashier"),
        ("customer.terminate", "chief"),
        ("customer.reactivate", "chief"),
    ):
        assert expected in actions
    details = [detail for action, _, detail in events if action.startswith("service.")]
    assert any("identity verified by callback" in d for d in details)
    assert any("identity verified by in-person" in d for d in details)
    assert all("tok_cli" not in json.dumps(e) for e in events)


def test_scheduling_a_termination_and_bad_arguments(desk: Desk) -> None:
    account = _customer(desk)["account_number"]
    past = desk.as_(
        "chief",
        "customers",
        "terminate",
        account,
        "--reason",
        "x",
        "--on",
        "2001-01-01",
        "--confirm",
        code="recovery",
    )
    assert past.code == 2 and "in the past" in past.err
    garbled = desk.as_(
        "chief", "customers", "terminate", account, "--reason", "x", "--on", "next week"
    )
    assert garbled.code == 2 and "YYYY-MM-DD" in garbled.err
    scheduled = desk.as_(
        "chief",
        "customers",
        "terminate",
        account,
        "--reason",
        "contract end",
        "--on",
        "2099-01-01",
        "--confirm",
        code="recovery",
    )
    assert scheduled.code == 2 and "more than a year away" in scheduled.err
    unknown = desk.as_(
        "clerk",
        "service",
        "end",
        "not-a-service",
        "--verified-by",
        "pin",
        code="recovery",
    )
    assert unknown.code == 2 and "not a service id" in unknown.err
    product = desk.as_("clerk", "service", "add", account, "fax", "--verified-by", "pin")
    assert product.code == 2 and "usage:" in product.err
    nothing = desk.as_("chief", "customers", "run-terminations", code="recovery")
    assert nothing.code == 0 and nothing.out.strip() == "No scheduled termination is due."
    day = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    later = desk.as_(
        "chief",
        "customers",
        "terminate",
        account,
        "--reason",
        "contract end",
        "--on",
        day,
        "--confirm",
        code="recovery",
    )
    assert later.code == 0, later.err
    assert later.out.strip() == (
        f"Customer {account} will be terminated on {day}; its services run until then."
    )
    shown = desk.as_("clerk", "customer", "show", account)
    assert re.search(rf"Terminates on:\s+{day}", shown.out)
    withdrawn = desk.as_(
        "chief", "customers", "reactivate", account, "--reason", "renewed", code="recovery"
    )
    assert withdrawn.code == 0, withdrawn.err
    assert withdrawn.out.strip() == (
        f"The scheduled termination of customer {account} is withdrawn."
    )
