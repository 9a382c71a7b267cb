"""From the command line: values that would not fit, or carry a card number, are bad input."""

from __future__ import annotations

import json
import uuid
from typing import Any

from cli_support import Desk
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import Customer, RequestEvent, SyncConflict


def _customer_and_conflict(url: str, keyring: MemoryKeyring) -> tuple[str, str, str | None]:
    """An active customer's account number, a conflict on their note, and the note."""
    db = open_database(parse_target(url), SecretStore(keyring))
    try:
        with db.write() as session:
            customer = (
                session.execute(
                    select(Customer).where(Customer.status == "active").order_by(Customer.id)
                )
                .scalars()
                .first()
            )
            assert customer is not None
            row = SyncConflict(
                op_id=uuid7(),
                origin="north",
                kind="field",
                tbl="customers",
                row_id=str(customer.id),
                field="note",
                customer_id=customer.id,
                central_value=json.dumps(customer.note),
                branch_value=json.dumps("branch note"),
                created_at=customer.created_at,
            )
            session.add(row)
            session.flush()
            return customer.account_number, str(row.id), customer.note
    finally:
        db.dispose()


def _read(url: str, keyring: MemoryKeyring, number: str, conflict: str) -> tuple[Any, Any]:
    db = open_database(parse_target(url), SecretStore(keyring))
    try:
        with db.read() as session:
            note = session.execute(
                select(Customer.note).where(Customer.account_number == number)
            ).scalar_one()
            resolved = session.execute(
                select(SyncConflict.resolved_at).where(SyncConflict.id == uuid.UUID(conflict))
            ).scalar_one()
            return note, resolved
    finally:
        db.dispose()


def test_conflicts_resolve_value_refuses_a_card_number(
    demo_desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    number, conflict, note = _customer_and_conflict(demo_desk.url or "", memory_keyring)
    for card in ("4111.1111.1111.1111", "4111/1111/1111/1111", "4111 1111 1111 1111 123"):
        refused = demo_desk.as_(
            "supervisor", "conflicts", "resolve", conflict, "--value", f"card {card}", code=True
        )
        assert refused.code == 2, refused.err
        assert "note: looks like it contains a payment card number" in refused.err
        assert "Traceback" not in refused.err
        assert _read(demo_desk.url or "", memory_keyring, number, conflict) == (note, None)
    settled = demo_desk.as_(
        "supervisor",
        "conflicts",
        "resolve",
        conflict,
        "--value",
        "call +49 30 1234567",
        code=True,
    )
    assert settled.code == 0, settled.err
    stored, resolved = _read(demo_desk.url or "", memory_keyring, number, conflict)
    assert stored == "call +49 30 1234567" and resolved is not None


def test_a_500_character_extension_reason_is_stored_on_every_backend(
    demo_desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    number, _conflict, _note = _customer_and_conflict(demo_desk.url or "", memory_keyring)
    opened = demo_desk.as_(
        "agent",
        "request",
        "open",
        number,
        "--kind",
        "access",
        "--verified-by",
        "pin",
        code=True,
        json=True,
    )
    assert opened.code == 0, opened.err
    ref = opened.json()["reference"]
    too_long = demo_desk.as_(
        "agent", "request", "extend", ref, "--days", "10", "--reason", "r" * 501, code=True
    )
    assert too_long.code == 2 and "reason: is 501 characters long; at most 500" in too_long.err
    extended = demo_desk.as_(
        "agent", "request", "extend", ref, "--days", "10", "--reason", "r" * 500, code=True
    )
    assert extended.code == 0, extended.err
    db = open_database(parse_target(demo_desk.url or ""), SecretStore(memory_keyring))
    try:
        with db.read() as session:
            details = (
                session.execute(
                    select(RequestEvent.detail).where(RequestEvent.action == "extended")
                )
                .scalars()
                .all()
            )
    finally:
        db.dispose()
    assert details == ["by 10 days: " + "r" * 500]
