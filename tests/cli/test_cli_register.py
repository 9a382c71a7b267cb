"""voxprivacy-admin for the everyday work: registering customers (duplicates warned
first), the identity check and impact confirmation on edits, interactions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_support import Desk
from sqlalchemy import func, select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import AuditEvent, Customer, Subscription

CARD = "4111 1111 1111 1111"


@pytest.fixture
def database(demo_desk: Desk, memory_keyring: MemoryKeyring) -> Iterator[Database]:
    assert demo_desk.url is not None
    db = open_database(parse_target(demo_desk.url), SecretStore(memory_keyring))
    yield db
    db.engine.dispose()


def _customers(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def _last_event(db: Database, action: str) -> AuditEvent:
    with db.read() as s:
        return (
            s.execute(
                select(AuditEvent)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )  # type: ignore[return-value]


def test_register_warns_of_duplicates_and_registers_anyway_when_told(
    demo_desk: Desk, database: Database
) -> None:
    before = _customers(database)
    first = demo_desk.as_(
        "agent",
        "customers",
        "register",
        "private",
        "Ada Lovelace",
        "address.private.street=1 Analytical Row",
        "address.private.postal_code=10115",
        "address.private.city=Berlin",
        "address.private.country=DE",
        "language=en",
        "--email",
        "ada@engine.example",
        "--phone",
        "030 5550199",
        "--consent",
        "newsletter=on",
        "--consent-source",
        "in person",
        code=True,
    )
    assert first.code == 0, first.err
    number = first.out.strip().splitlines()[-1]
    assert number.startswith("VX") and f"Customer {number} registered" in first.out
    shown = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    assert shown["emails"][0]["address"] == "ada@engine.example"
    assert shown["phones"][0]["e164"] == "+49305550199"
    assert {c["purpose"]: c["source"] for c in shown["consents"] if c["granted"]} == {
        "newsletter": "in_person"
    }

    again = demo_desk.as_(
        "agent",
        "customers",
        "register",
        "private",
        "A. Lovelace",
        "--email",
        "ADA@engine.example",
        code=True,
    )
    assert again.code == 1
    assert number in again.out and "same email ADA@engine.example" in again.out
    assert "Possibly already a customer" in again.err and "--even-if-duplicate" in again.err
    assert _customers(database) == before + 1

    anyway = demo_desk.as_(
        "agent",
        "customers",
        "register",
        "private",
        "A. Lovelace",
        "--email",
        "ADA@engine.example",
        "--even-if-duplicate",
        code=True,
    )
    assert anyway.code == 0, anyway.err
    assert _customers(database) == before + 2
    assert _last_event(database, "customer.create").detail == (
        f"registered despite possible duplicates {number}"
    )

    refused = demo_desk.as_(
        "agent",
        "customers",
        "register",
        "private",
        "Bob Card",
        f"note=paid with {CARD}",
        code=True,
    )
    assert refused.code == 2 and "card number" in refused.err
    no_source = demo_desk.as_(
        "agent",
        "customers",
        "register",
        "private",
        "Carol Noconsent",
        "--consent",
        "newsletter=on",
        code=True,
    )
    assert no_source.code == 2 and "how the customer gave the initial consents" in no_source.err
    assert _customers(database) == before + 2


def test_edits_and_consents_need_the_identity_check_and_the_impact_confirmed(
    demo_desk: Desk, database: Database
) -> None:
    with database.read() as s:
        number, customer_id = s.execute(
            select(Customer.account_number, Customer.id)
            .join(Subscription, Subscription.customer_id == Customer.id)
            .where(
                Subscription.product == "virtual_number",
                Subscription.status == "active",
                Customer.status == "active",
            )
            .order_by(Customer.account_number)
            .limit(1)
        ).one()
    missing = demo_desk.as_("agent", "customer", "edit", number, "note=hello", code=True)
    assert missing.code == 2
    assert "say how the caller's identity was verified" in missing.err
    assert "written-request, in-branch" in missing.err
    no_consent = demo_desk.as_(
        "agent", "consent", "set", number, "newsletter", "off", "--source", "phone", code=True
    )
    assert no_consent.code == 2 and "identity was verified" in no_consent.err

    removal = ["address.private=", "address.business="]
    unconfirmed = demo_desk.as_(
        "agent", "customer", "edit", number, *removal, "--verified-by", "in-branch", code=True
    )
    assert unconfirmed.code == 3
    assert "This change affects" in unconfirmed.err and "Virtual number" in unconfirmed.err
    assert "--confirm-impact" in unconfirmed.err
    assert demo_desk.as_("agent", "customer", "show", number, json=True).json()["addresses"]

    confirmed = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        number,
        *removal,
        "--verified-by",
        "in branch",
        "--confirm-impact",
        code=True,
    )
    assert confirmed.code == 0, confirmed.err
    shown = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    assert [a for a in shown["addresses"] if a["kind"] in ("private", "business")] == []
    event = _last_event(database, "customer.edit")
    assert event.entity_id == str(customer_id)
    assert event.detail == "verified by in-branch; impact confirmed"

    consent = demo_desk.as_(
        "agent",
        "consent",
        "set",
        number,
        "newsletter",
        "off",
        "--source",
        "letter",
        "--verified-by",
        "written_request",
        code=True,
    )
    assert consent.code == 0, consent.err
    assert _last_event(database, "consent.set").detail == (
        "newsletter off via letter; verified by written-request"
    )


def test_interactions_are_added_and_listed(demo_desk: Desk, database: Database) -> None:
    with database.read() as s:
        number = s.execute(
            select(Customer.account_number)
            .where(Customer.status == "active")
            .order_by(Customer.account_number)
            .limit(1)
        ).scalar_one()
    added = demo_desk.as_(
        "agent",
        "interaction",
        "add",
        number,
        "--channel",
        "in person",
        "--summary",
        "Asked about roaming charges",
        code=True,
    )
    assert added.code == 0, added.err
    assert "Interaction recorded (in-person, by agent)." in added.out
    listed = demo_desk.as_("agent", "interaction", "list", number, "--limit", "3")
    assert listed.code == 0, listed.err
    assert "Asked about roaming charges" in listed.out.splitlines()[2]
    card = demo_desk.as_(
        "agent",
        "interaction",
        "add",
        number,
        "--channel",
        "phone",
        "--summary",
        f"card {CARD}",
        code=True,
    )
    assert card.code == 2 and "card number" in card.err
    finance = demo_desk.as_("finance", "interaction", "list", number)
    assert finance.code == 3 and "does not see interactions" in finance.err
