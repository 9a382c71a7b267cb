"""Subscriptions, cards on file, termination and reactivation, through the services."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from support.desk import Desk, Member

from voxprivacy.domain.catalog import PRODUCTS, REQUIREMENT_LABELS, Requirement
from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput, Refused, RoleForbidden
from voxprivacy.services import cards, customers, requests, subscriptions
from voxprivacy.storage.models import (
    Address,
    AuditEvent,
    Customer,
    Email,
    Invoice,
    PaymentCard,
    Phone,
    Subscription,
)

SAMPLES: dict[str, dict[str, str]] = {
    "virtual_number": {"number": "+49 30 7654321", "area": "Berlin"},
    "origination_trunk": {"trunk_id": "TRK-100200", "channels": "10"},
    "sms": {"sender_id": "MUELLER"},
    "voicemail_to_email": {"mailbox": "j.mueller@example.de"},
    "call_forwarding": {"forward_to": "+49 151 23456789"},
    "prepaid_credit": {"top_up_amount": "2000"},
}


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


@pytest.fixture
def finance(desk: Desk) -> Member:
    return desk.member(Role.FINANCE, "fiona")


@pytest.fixture
def supervisor(desk: Desk) -> Member:
    return desk.member(Role.SUPERVISOR, "sam")


def _events(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.ctx.db.read() as session:
        return list(
            session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            ).scalars()
        )


def _full_record(desk: Desk, agent: Member, lacking: Requirement | None = None) -> str:
    """A customer whose record has everything any product needs, except ``lacking``."""
    view = desk.customer(agent)
    cid = uuid.UUID(view.id)
    with desk.ctx.db.write() as session:
        for kind in ("business", "billing"):
            session.add(
                Address(
                    customer_id=cid,
                    kind=kind,
                    street="Hauptstraße 2",
                    postal_code="10115",
                    city="Berlin",
                    country="DE",
                )
            )
        session.add(Phone(customer_id=cid, kind="mobile", e164="+4915123456789"))
        card = PaymentCard(
            customer_id=cid, brand="Visa", last4="4242", exp_month=1, exp_year=2040, token=b""
        )
        session.add(card)
        session.flush()
        card.token = desk.ctx.keys().cipher.encrypt("tok_1", "payment_cards", "token", card.id)
    if lacking is not None:
        _strip(desk, view.id, lacking)
    return view.id


def _services(desk: Desk, customer_id: str) -> list[Subscription]:
    with desk.ctx.db.read() as session:
        return list(
            session.execute(
                select(Subscription).where(Subscription.customer_id == uuid.UUID(customer_id))
            ).scalars()
        )


# ----------------------------------------------------------------------------- subscriptions


@pytest.mark.parametrize("code", sorted(PRODUCTS))
def test_every_declared_need_is_enforced_on_add_and_change(
    desk: Desk, agent: Member, code: str
) -> None:
    product = PRODUCTS[code]
    assert set(SAMPLES[code]) == set(product.attributes)
    for need in sorted(product.requires):
        customer = _full_record(desk, agent, lacking=need)
        with pytest.raises(BadInput) as refused:
            subscriptions.add_subscription(
                desk.ctx, agent.actor, customer, code, SAMPLES[code], "callback"
            )
        assert REQUIREMENT_LABELS[need] in refused.value.message
        assert "first" in refused.value.message  # says how to fix it
        assert _services(desk, customer) == []

    customer = _full_record(desk, agent)
    added = subscriptions.add_subscription(
        desk.ctx, agent.actor, customer, code, SAMPLES[code], "callback"
    )
    assert added.status == "active" and added.product == code
    for n, need in enumerate(sorted(product.requires)):
        # the record loses what the service needs: a change is refused, naming it
        other = _full_record(desk, agent)
        sample = dict(SAMPLES[code])
        if product.identifier_from == "number":
            sample["number"] = f"+49 30 76543{30 + n}"
        if product.identifier_from == "trunk_id":
            sample["trunk_id"] = f"TRK-10030{n}"
        service = subscriptions.add_subscription(
            desk.ctx, agent.actor, other, code, sample, "callback"
        )
        _strip(desk, other, need)
        first = product.attributes[0]
        with pytest.raises(BadInput) as refused:
            subscriptions.change_subscription(
                desk.ctx, agent.actor, service.id, {first: sample[first]}, "pin"
            )
        assert REQUIREMENT_LABELS[need] in refused.value.message
        subscriptions.end_subscription(desk.ctx, agent.actor, service.id, "pin")


def _strip(desk: Desk, customer_id: str, need: Requirement) -> None:
    """Take from the record what ``need`` asks for (ORM deletes, as change capture wants)."""
    cid = uuid.UUID(customer_id)
    address_kinds = {
        Requirement.LOCAL_ADDRESS: ["private", "business"],
        Requirement.BUSINESS_ADDRESS: ["business"],
        Requirement.BILLING_ADDRESS: ["billing"],
    }
    with desk.ctx.db.write() as session:
        rows: list[object] = []
        if need is Requirement.NAME:
            customer = session.get(Customer, cid)
            assert customer is not None
            customer.name = ""
        elif need is Requirement.EMAIL:
            rows += session.execute(select(Email).where(Email.customer_id == cid)).scalars()
        elif need is Requirement.CARD:
            rows += session.execute(
                select(PaymentCard).where(PaymentCard.customer_id == cid)
            ).scalars()
        elif need is Requirement.PHONE:
            rows += session.execute(select(Phone).where(Phone.customer_id == cid)).scalars()
        elif need is Requirement.MOBILE_PHONE:
            rows += session.execute(
                select(Phone).where(Phone.customer_id == cid, Phone.kind == "mobile")
            ).scalars()
        else:
            rows += session.execute(
                select(Address).where(
                    Address.customer_id == cid, Address.kind.in_(address_kinds[need])
                )
            ).scalars()
        for row in rows:
            session.delete(row)


def test_adding_a_virtual_number_is_audited_with_the_verification_method(
    desk: Desk, agent: Member
) -> None:
    customer = desk.customer(agent)
    service = subscriptions.add_subscription(
        desk.ctx,
        agent.actor,
        customer.account_number,
        "virtual_number",
        SAMPLES["virtual_number"],
        "callback",
    )
    assert service.identifier == "+49307654321"
    assert service.attributes == {"number": "+49307654321", "area": "Berlin"}
    shown = customers.show_customer(desk.ctx, agent.actor, customer.id)
    assert [s.identifier for s in shown.services or []] == ["+49307654321"]
    [event] = _events(desk, "service.add")
    assert event.entity_id == customer.id and event.username == "anna"
    assert "identity verified by callback" in (event.detail or "")
    assert json.loads(event.fields) == ["area", "number", "product"]
    assert "7654321" not in (event.detail or "") + event.fields  # names, never values


def test_a_service_change_needs_the_identity_check_and_sane_attributes(
    desk: Desk, agent: Member
) -> None:
    customer = desk.customer(agent)
    with pytest.raises(BadInput, match=r"verified.*email-code, callback, pin"):
        subscriptions.add_subscription(
            desk.ctx,
            agent.actor,
            customer.id,
            "voicemail_to_email",
            SAMPLES["voicemail_to_email"],
            "",
        )
    with pytest.raises(BadInput, match="not a verification method"):
        subscriptions.add_subscription(
            desk.ctx,
            agent.actor,
            customer.id,
            "voicemail_to_email",
            SAMPLES["voicemail_to_email"],
            "guess",
        )
    with pytest.raises(BadInput, match="not a product we sell"):
        subscriptions.add_subscription(desk.ctx, agent.actor, customer.id, "fax", {}, "pin")
    with pytest.raises(BadInput, match="needs its mailbox"):
        subscriptions.add_subscription(
            desk.ctx, agent.actor, customer.id, "voicemail_to_email", {}, "pin"
        )
    with pytest.raises(BadInput, match="no such attribute"):
        subscriptions.add_subscription(
            desk.ctx,
            agent.actor,
            customer.id,
            "voicemail_to_email",
            {"mailbox": "a@b.de", "pin": "1"},
            "pin",
        )
    assert _services(desk, customer.id) == []
    assert _events(desk, "service.add") == []


@pytest.mark.parametrize(
    "typed", ["4111 1111 1111 1111", "4111-1111-1111-1111", "card 4111111111111111 exp 12/27"]
)
def test_a_card_number_in_a_service_attribute_is_refused(
    desk: Desk, agent: Member, typed: str
) -> None:
    customer = _full_record(desk, agent)
    with pytest.raises(BadInput, match="card number"):
        subscriptions.add_subscription(
            desk.ctx,
            agent.actor,
            customer,
            "virtual_number",
            {"number": "+49 30 7654321", "area": typed},
            "pin",
        )
    with pytest.raises(BadInput, match="card number"):
        subscriptions.add_subscription(
            desk.ctx, agent.actor, customer, "sms", {"sender_id": typed}, "pin"
        )
    assert _services(desk, customer) == []


def test_ending_a_virtual_number_releases_it_after_the_quarantine(
    desk: Desk, agent: Member
) -> None:
    customer = desk.customer(agent)
    service = subscriptions.add_subscription(
        desk.ctx, agent.actor, customer.id, "virtual_number", SAMPLES["virtual_number"], "pin"
    )
    other = desk.customer(agent, "Erika Muster", email="erika@example.de")
    with pytest.raises(BadInput, match="already in use"):
        subscriptions.add_subscription(
            desk.ctx, agent.actor, other.id, "virtual_number", SAMPLES["virtual_number"], "pin"
        )
    with pytest.raises(BadInput, match="released or ported, not 'kept'"):
        subscriptions.end_subscription(desk.ctx, agent.actor, service.id, "pin", "kept")
    ended = subscriptions.end_subscription(desk.ctx, agent.actor, service.id, "in-person")
    assert ended.status == "ended" and ended.ended_at is not None
    assert ended.number == "released to the pool after 90 days"
    [event] = _events(desk, "service.end")
    assert "identity verified by in-person" in (event.detail or "")
    with pytest.raises(Refused, match="already ended"):
        subscriptions.end_subscription(desk.ctx, agent.actor, service.id, "pin")
    with pytest.raises(BadInput, match="rests until"):
        subscriptions.add_subscription(
            desk.ctx, agent.actor, other.id, "virtual_number", SAMPLES["virtual_number"], "pin"
        )
    desk.clock.advance(days=91)
    desk.step_up(agent)
    again = subscriptions.add_subscription(
        desk.ctx, agent.actor, other.id, "virtual_number", SAMPLES["virtual_number"], "pin"
    )
    assert again.status == "active"


def test_a_ported_number_is_free_at_once_and_changes_are_audited(desk: Desk, agent: Member) -> None:
    customer = desk.customer(agent)
    service = subscriptions.add_subscription(
        desk.ctx, agent.actor, customer.id, "virtual_number", SAMPLES["virtual_number"], "pin"
    )
    changed = subscriptions.change_subscription(
        desk.ctx, agent.actor, service.id, {"area": "Potsdam"}, "email-code"
    )
    assert changed.attributes["area"] == "Potsdam"
    [event] = _events(desk, "service.change")
    assert json.loads(event.fields) == ["area"]
    assert "email-code" in (event.detail or "")
    ended = subscriptions.end_subscription(desk.ctx, agent.actor, service.id, "pin", "ported")
    assert ended.number == "ported out to the customer's new provider"
    with pytest.raises(Refused, match="has ended and cannot be changed"):
        subscriptions.change_subscription(desk.ctx, agent.actor, service.id, {"area": "X"}, "pin")


def test_finance_and_admins_cannot_manage_services(
    desk: Desk, agent: Member, finance: Member
) -> None:
    customer = desk.customer(agent)
    for member in (finance, desk.admin):
        with pytest.raises(RoleForbidden):
            subscriptions.add_subscription(
                desk.ctx,
                member.actor,
                customer.id,
                "voicemail_to_email",
                SAMPLES["voicemail_to_email"],
                "pin",
            )
    assert _services(desk, customer.id) == []


# ----------------------------------------------------------------------------- cards


def test_finance_records_replaces_and_removes_a_card(
    desk: Desk, agent: Member, finance: Member
) -> None:
    customer = desk.customer(agent)
    card = cards.record_card(
        desk.ctx, finance.actor, customer.account_number, "tok_1A2b3C", "visa", "4242", "08/31"
    )
    assert (card.brand, card.last4, card.expiry) == ("Visa", "4242", "08/2031")
    with desk.ctx.db.read() as session:
        row = session.get(PaymentCard, uuid.UUID(card.id))
        assert row is not None
        assert b"tok_1A2b3C" not in bytes(row.token)
        clear = desk.ctx.keys().cipher.decrypt(row.token, "payment_cards", "token", row.id)
        assert clear == "tok_1A2b3C"
    shown = customers.show_customer(desk.ctx, finance.actor, customer.id)
    assert [(c.brand, c.last4, c.expiry) for c in shown.cards or []] == [
        ("Visa", "4242", "08/2031")
    ]
    assert "tok_" not in json.dumps(shown.to_dict(), default=str)
    assert customers.show_customer(desk.ctx, agent.actor, customer.id).cards is None

    replaced = cards.replace_card(
        desk.ctx, finance.actor, card.id, "tok_ZZ9", "Mastercard", "5454", "1/2032"
    )
    assert (replaced.id, replaced.brand, replaced.last4, replaced.expiry) == (
        card.id,
        "Mastercard",
        "5454",
        "01/2032",
    )
    cards.remove_card(desk.ctx, finance.actor, card.id)
    assert customers.show_customer(desk.ctx, finance.actor, customer.id).cards == []
    actions = [e.action for e in _events(desk, "card.record")] + [
        e.action for e in _events(desk, "card.replace") + _events(desk, "card.remove")
    ]
    assert actions == ["card.record", "card.replace", "card.remove"]
    for event in _events(desk, "card.record") + _events(desk, "card.replace"):
        assert json.loads(event.fields) == ["brand", "expiry", "last4", "token"]
        assert "tok_" not in (event.detail or "") and "4242" not in (event.detail or "")


def test_agents_and_supervisors_cannot_touch_cards(
    desk: Desk, agent: Member, supervisor: Member, finance: Member
) -> None:
    customer = desk.customer(agent)
    for member in (agent, supervisor, desk.admin):
        with pytest.raises(RoleForbidden):
            cards.record_card(desk.ctx, member.actor, customer.id, "tok_1", "Visa", "4242", "08/31")
    card = cards.record_card(desk.ctx, finance.actor, customer.id, "tok_1", "Visa", "4242", "08/31")
    with pytest.raises(RoleForbidden):
        cards.remove_card(desk.ctx, agent.actor, card.id)
    with pytest.raises(RoleForbidden):
        cards.replace_card(desk.ctx, supervisor.actor, card.id, "tok_2", "Visa", "4242", "08/31")
    refusals = [e for e in _events(desk, "card.record") if e.outcome == "refused"]
    assert refusals == [] or all(e.username != "fiona" for e in refusals)


@pytest.mark.parametrize(
    ("field", "token", "brand", "last4", "expiry", "message"),
    [
        ("token", "4111111111111111", "Visa", "1111", "08/31", "card number"),
        ("token", "4111 1111 1111 1111", "Visa", "1111", "08/31", "card number"),
        ("token", "4111.1111.1111.1111", "Visa", "1111", "08/31", "card number"),
        ("token", "tok_4111111111111111", "Visa", "1111", "08/31", "card number"),
        ("token", "tok with spaces", "Visa", "1111", "08/31", "only letters, digits"),
        ("last4", "tok_1", "Visa", "4111111111111111", "08/31", "last four digits"),
        ("last4", "tok_1", "Visa", "424", "08/31", "last four digits"),
        ("brand", "tok_1", "Bankcard", "4242", "08/31", "not a card brand"),
        ("expiry", "tok_1", "Visa", "4242", "01/2001", "expired"),
        ("expiry", "tok_1", "Visa", "4242", "2031-08", "MM/YY"),
        ("expiry", "tok_1", "Visa", "4242", "13/31", "month 13"),
    ],
)
def test_bad_card_fields_are_refused_and_nothing_is_stored(
    desk: Desk,
    agent: Member,
    finance: Member,
    field: str,
    token: str,
    brand: str,
    last4: str,
    expiry: str,
    message: str,
) -> None:
    customer = desk.customer(agent)
    with pytest.raises(BadInput, match=message) as refused:
        cards.record_card(desk.ctx, finance.actor, customer.id, token, brand, last4, expiry)
    assert refused.value.field == field
    with desk.ctx.db.read() as session:
        assert session.execute(select(PaymentCard)).first() is None


def test_the_only_card_a_running_prepaid_service_needs_is_not_removed(
    desk: Desk, agent: Member, finance: Member
) -> None:
    customer = _full_record(desk, agent, lacking=Requirement.CARD)
    card = cards.record_card(desk.ctx, finance.actor, customer, "tok_1", "Amex", "0005", "08/31")
    subscriptions.add_subscription(
        desk.ctx, agent.actor, customer, "prepaid_credit", SAMPLES["prepaid_credit"], "pin"
    )
    with pytest.raises(Refused, match="only card on file and Prepaid call credit PPC-"):
        cards.remove_card(desk.ctx, finance.actor, card.id)
    assert len(customers.show_customer(desk.ctx, finance.actor, customer).cards or []) == 1


# ----------------------------------------------------------------------------- termination


def test_termination_ends_services_keeps_invoices_and_stays_searchable(
    desk: Desk, agent: Member, supervisor: Member, finance: Member
) -> None:
    customer = desk.customer(agent, "Tilda Kündigung", email="tilda@example.de")
    for code in ("virtual_number", "voicemail_to_email"):
        attrs = dict(SAMPLES[code])
        if code == "voicemail_to_email":
            attrs["mailbox"] = "tilda@example.de"
        subscriptions.add_subscription(desk.ctx, agent.actor, customer.id, code, attrs, "pin")
    desk.card_and_invoice(customer.id, "tok_T", "INV-T-1")
    preview = customers.termination_impact(desk.ctx, supervisor.actor, customer.id)
    assert [(s.label, s.number) for s in preview.services] == [
        ("Virtual number", "released to the pool after 90 days"),
        ("Voicemail to email", "retired (never given to anyone else)"),
    ]
    assert preview.open_invoices is None and preview.balance_cents is None  # billing is finance's
    assert preview.billing == "1 card kept, 1 invoice kept"
    assert any("open invoices stay open" in line for line in preview.kept)

    view = customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "moving abroad")
    assert view.status == "terminated" and view.terminated_at == desk.clock.now
    assert [(s.status, s.number) for s in view.services or []] == [
        ("ended", "released to the pool after 90 days"),
        ("ended", "retired (never given to anyone else)"),
    ]
    with desk.ctx.db.read() as session:
        [invoice] = session.execute(select(Invoice)).scalars().all()
        assert invoice.status == "open"
    billing = customers.show_customer(desk.ctx, finance.actor, customer.id)
    assert billing.balance_cents == {"EUR": 1999}
    hits = customers.search_customers(desk.ctx, agent.actor, "Tilda")
    assert [(h.account_number, h.status) for h in hits] == [(customer.account_number, "terminated")]
    [event] = _events(desk, "customer.terminate")
    assert event.username == "sam" and event.detail == "2 services ended"
    with pytest.raises(Refused, match="is terminated"):
        subscriptions.add_subscription(
            desk.ctx,
            agent.actor,
            customer.id,
            "voicemail_to_email",
            SAMPLES["voicemail_to_email"],
            "pin",
        )


def test_a_future_termination_is_scheduled_shown_and_carried_out_on_its_day(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    service = subscriptions.add_subscription(
        desk.ctx,
        agent.actor,
        customer.id,
        "voicemail_to_email",
        SAMPLES["voicemail_to_email"],
        "pin",
    )
    day = desk.clock.now.date() + timedelta(days=14)
    view = customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "contract end", day)
    assert view.status == "active" and view.termination_due == day
    assert [s.status for s in view.services or []] == ["active"]
    assert view.interactions and view.interactions[0].summary.startswith(
        f"Termination scheduled for {day.isoformat()}"
    )
    [event] = _events(desk, "customer.schedule_termination")
    assert event.detail == f"effective {day.isoformat()}"
    assert customers.run_due_terminations(desk.ctx, supervisor.actor) == []
    desk.clock.advance(days=14)
    desk.step_up(supervisor)
    assert customers.run_due_terminations(desk.ctx, supervisor.actor) == [customer.account_number]
    shown = customers.show_customer(desk.ctx, agent.actor, customer.id)
    assert shown.status == "terminated" and shown.termination_due is None
    assert [s.id for s in shown.services or [] if s.status == "ended"] == [service.id]
    assert (
        shown.interactions and shown.interactions[0].summary == "Account terminated: contract end"
    )


def test_a_termination_date_in_the_past_or_a_card_number_in_the_reason_is_refused(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    yesterday = desk.clock.now.date() - timedelta(days=1)
    with pytest.raises(BadInput, match="in the past"):
        customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "x", yesterday)
    with pytest.raises(BadInput, match="card number"):
        customers.terminate_account(
            desk.ctx, supervisor.actor, customer.id, "refund to 4111 1111 1111 1111"
        )
    with pytest.raises(RoleForbidden):
        customers.terminate_account(desk.ctx, agent.actor, customer.id, "moving")
    assert customers.show_customer(desk.ctx, agent.actor, customer.id).status == "active"


def test_reactivation_within_the_grace_period_by_a_supervisor_only(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "moving")
    with pytest.raises(RoleForbidden):
        customers.reactivate_account(desk.ctx, agent.actor, customer.id, "stays after all")
    with pytest.raises(RoleForbidden):
        customers.reactivate_account(desk.ctx, desk.admin.actor, customer.id, "stays after all")
    with pytest.raises(BadInput, match="card number"):
        customers.reactivate_account(
            desk.ctx, supervisor.actor, customer.id, "paid with 4111111111111111"
        )
    desk.clock.advance(days=29)
    desk.step_up(supervisor)
    view = customers.reactivate_account(desk.ctx, supervisor.actor, customer.id, "stays after all")
    assert view.status == "active" and view.terminated_at is None
    [event] = _events(desk, "customer.reactivate")
    assert event.username == "sam" and json.loads(event.fields) == ["status", "terminated_at"]
    with pytest.raises(BadInput, match="no termination to undo"):
        customers.reactivate_account(desk.ctx, supervisor.actor, customer.id, "again")


def test_reactivation_after_the_grace_period_is_refused_with_the_reason(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "moving")
    terminated_on = desk.clock.now.date()
    desk.clock.advance(days=31)
    desk.step_up(supervisor)
    with pytest.raises(Refused) as refused:
        customers.reactivate_account(desk.ctx, supervisor.actor, customer.id, "came back")
    assert refused.value.message.startswith(
        f"Customer {customer.account_number} was terminated on {terminated_on.isoformat()}, "
        "more than 30 days ago"
    )
    assert customers.show_customer(desk.ctx, agent.actor, customer.id).status == "terminated"


def test_a_scheduled_termination_is_withdrawn_by_reactivating(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    day = desk.clock.now.date() + timedelta(days=3)
    customers.terminate_account(desk.ctx, supervisor.actor, customer.id, "contract end", day)
    view = customers.reactivate_account(desk.ctx, supervisor.actor, customer.id, "renewed")
    assert view.status == "active" and view.termination_due is None
    assert _events(desk, "customer.withdraw_termination")
    desk.clock.advance(days=3)
    desk.step_up(supervisor)
    assert customers.run_due_terminations(desk.ctx, supervisor.actor) == []


def test_an_erasure_leaves_no_scheduled_termination_or_its_reason(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    customer = desk.customer(agent)
    day = desk.clock.now.date() + timedelta(days=5)
    customers.terminate_account(
        desk.ctx, supervisor.actor, customer.id, "moving in with Ada Lovelace", day
    )
    ref = requests.open_request(desk.ctx, agent.actor, customer.id, "erasure", "pin").reference
    requests.approve_erasure(desk.ctx, supervisor.actor, ref)
    requests.complete_erasure(desk.ctx, agent.actor, ref)
    with desk.ctx.db.read() as session:
        row = session.get(Customer, uuid.UUID(customer.id))
        assert row is not None and row.status == "erased"
        assert row.termination_reason is None and row.termination_due is None
