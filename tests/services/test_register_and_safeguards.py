"""Registering a customer (duplicates warned first) and the safeguards on every everyday
change: the identity check recorded with it, and the impact on running services shown
(and confirmed, or refused) before a partial deletion is saved."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import delete, func, select
from support.desk import Desk, Member

from voxprivacy.domain.catalog import (
    PRODUCTS,
    REQUIREMENT_LABELS,
    Requirement,
    cannot_go_on_without,
)
from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput
from voxprivacy.services import consents, customers
from voxprivacy.services.customers import (
    BLOCKED,
    CHANGED,
    INCOMPLETE,
    ImpactBlocked,
    ImpactNotConfirmed,
    InvalidFields,
    PossibleDuplicates,
)
from voxprivacy.storage.models import (
    AuditEvent,
    ConsentEvent,
    Customer,
    CustomerSearchTerm,
    Subscription,
)

CARD = "4111 1111 1111 1111"
MOBILE = "+49 151 23456789"


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


def _count(desk: Desk, model: type[object]) -> int:
    with desk.ctx.db.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _events(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.ctx.db.read() as s:
        return list(
            s.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
            .scalars()
            .all()
        )


def _subscribe(
    desk: Desk, customer_id: str, product: str, identifier: str, status: str = "active"
) -> None:
    with desk.ctx.db.write() as s:
        s.add(
            Subscription(
                customer_id=uuid.UUID(customer_id),
                product=product,
                identifier=identifier,
                status=status,
                started_at=desk.clock.now,
            )
        )


# ------------------------------------------------------------------------------ registering


def test_registering_stores_every_detail_and_the_initial_consents_with_their_source(
    desk: Desk, agent: Member
) -> None:
    view = customers.create_customer(
        desk.ctx,
        agent.actor,
        "business",
        "Grace Hopper",
        {
            "company": "Hopper Compilers GmbH",
            "language": "de",
            "preferred_channel": "phone",
            "address.business.street": "Werkstraße 3",
            "address.business.postal_code": "80331",
            "address.business.city": "München",
            "address.business.country": "DE",
        },
        emails=["grace@hopper.example", "billing@hopper.example"],
        phones=["089 1234567", MOBILE],
        consents={"newsletter": True, "product-updates": False},
        consent_source="in person",
        consent_evidence="form 17",
    )
    assert view.account_number.startswith("VX") and len(view.account_number) == 10
    assert (view.kind, view.company, view.language, view.preferred_channel) == (
        "business",
        "Hopper Compilers GmbH",
        "de",
        "phone",
    )
    assert [(e.address, e.primary) for e in view.emails or []] == [
        ("grace@hopper.example", True),
        ("billing@hopper.example", False),
    ]
    assert [(p.e164, p.primary) for p in view.phones or []] == [
        ("+49891234567", True),
        ("+4915123456789", False),
    ]
    states = {c.purpose: (c.granted, c.source) for c in view.consents or []}
    assert states["newsletter"] == (True, "in_person")
    assert states["product_updates"] == (False, "in_person")
    history = view.consent_history or []
    assert {h.evidence for h in history} == {"form 17"}
    created = _events(desk, "customer.create")[-1]
    assert created.entity_id == view.id
    assert "consent.newsletter" in json.loads(created.fields or "[]")
    assert "Hopper" not in (created.detail or "") + (created.fields or "")


def test_initial_consents_need_their_source_and_nothing_is_registered_without_it(
    desk: Desk, agent: Member
) -> None:
    before = _count(desk, Customer)
    with pytest.raises(BadInput) as refused:
        customers.create_customer(
            desk.ctx, agent.actor, "private", "Ada Lovelace", consents={"newsletter": True}
        )
    assert refused.value.field == "consent_source"
    assert "phone, email, web, letter, in-person" in refused.value.message
    assert _count(desk, Customer) == before


def test_duplicates_are_found_by_email_phone_and_name_with_postal_code(
    desk: Desk, agent: Member
) -> None:
    first = desk.customer(agent, "Jürgen Müller")  # j.mueller@example.de, +49 30 1234567, 10115
    other = desk.customer(
        agent,
        "Jürgen Müller",
        email="jm@example.org",
        phone="+49 89 7654321",
        address__private__postal_code="80331",
    )
    find = lambda **kw: customers.find_duplicates(desk.ctx, agent.actor, **kw)  # noqa: E731

    by_email = find(name="Someone Else", emails=["J.Mueller@Example.de"])
    assert [(h.account_number, h.reasons) for h in by_email] == [
        (first.account_number, ["same email J.Mueller@example.de"])
    ]
    by_phone = find(name="Someone Else", phones=["030 1234567"], country="DE")
    assert [(h.account_number, h.reasons) for h in by_phone] == [
        (first.account_number, ["same phone +49301234567"])
    ]
    by_name = find(name="jürgen MÜLLER", postal_codes=["80 331"])
    assert [(h.account_number, h.reasons) for h in by_name] == [
        (other.account_number, ["same name and postal code 80331"])
    ]
    assert find(name="Jürgen Müller", postal_codes=["99999"]) == []
    assert (
        find(name="Nobody Here", emails=["nobody@example.org"], phones=["+41 44 668 18 00"]) == []
    )


def test_duplicates_come_from_the_search_index(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent, "Jürgen Müller")
    with desk.ctx.db.write() as s:
        s.execute(
            delete(CustomerSearchTerm).where(CustomerSearchTerm.customer_id == uuid.UUID(view.id))
        )
    assert (
        customers.find_duplicates(
            desk.ctx,
            agent.actor,
            "Jürgen Müller",
            ["j.mueller@example.de"],
            ["+49 30 1234567"],
            ["10115"],
        )
        == []
    )


def test_a_registration_like_a_record_on_file_is_refused_unless_told_to_go_on(
    desk: Desk, agent: Member
) -> None:
    first = desk.customer(agent, "Ann One", email="ann@example.org")
    before = _count(desk, Customer)
    with pytest.raises(PossibleDuplicates) as refused:
        customers.create_customer(
            desk.ctx, agent.actor, "private", "Ann Two", emails=["ann@example.org"]
        )
    assert [h.account_number for h in refused.value.hits] == [first.account_number]
    assert "Possibly already a customer" in refused.value.message
    assert "same email ann@example.org" in refused.value.message
    assert _count(desk, Customer) == before

    second = customers.create_customer(
        desk.ctx,
        agent.actor,
        "private",
        "Ann Two",
        emails=["ann@example.org"],
        even_if_duplicate=True,
    )
    assert second.account_number != first.account_number
    event = _events(desk, "customer.create")[-1]
    assert event.detail == f"registered despite possible duplicates {first.account_number}"


def test_a_role_that_may_not_edit_customers_may_not_look_for_duplicates(desk: Desk) -> None:
    finance = desk.member(Role.FINANCE, "fred")
    with pytest.raises(Exception, match="role"):
        customers.find_duplicates(desk.ctx, finance.actor, "Ada", ["ada@example.org"])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "name"),
        ({"company": f"Firma {CARD}"}, "company"),
        ({"note": f"paid with {CARD}"}, "note"),
        ({"address.private.street": f"{CARD} Road"}, "street"),
        ({"address.private.city": f"City {CARD}"}, "city"),
        ({"address.private.postal_code": "4111111111111111"}, "postal_code"),
    ],
)
def test_a_card_number_in_any_free_text_field_of_a_registration_is_refused(
    sdesk: Desk, fields: dict[str, str], field: str
) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    address = {
        "address.private.street": "Hauptstraße 1",
        "address.private.postal_code": "10115",
        "address.private.city": "Berlin",
        "address.private.country": "DE",
    }
    name = f"Ada {CARD}" if field == "name" else "Ada Lovelace"
    kind = "business" if field == "company" else "private"
    before = _count(sdesk, Customer)
    with pytest.raises(BadInput) as refused:
        customers.create_customer(sdesk.ctx, agent.actor, kind, name, {**address, **fields})
    errors = refused.value.errors if isinstance(refused.value, InvalidFields) else {}
    message = errors.get(field, refused.value.message)
    assert "card number" in message
    assert refused.value.field in (field, f"address.private.{field}")
    assert _count(sdesk, Customer) == before


def test_a_card_number_in_the_consent_evidence_of_a_registration_is_refused(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    with pytest.raises(BadInput) as refused:
        customers.create_customer(
            sdesk.ctx,
            agent.actor,
            "private",
            "Ada Lovelace",
            consents={"newsletter": True},
            consent_source="phone",
            consent_evidence=f"card {CARD}",
        )
    assert refused.value.field == "consent_evidence" and "card number" in refused.value.message
    assert _count(sdesk, ConsentEvent) == 0


# ------------------------------------------------------------------------------ identity check


@pytest.mark.parametrize("missing", ["", "  "])
def test_an_edit_without_the_identity_check_is_refused_naming_the_methods(
    desk: Desk, agent: Member, missing: str
) -> None:
    view = desk.customer(agent)
    with pytest.raises(BadInput) as refused:
        customers.edit_customer(desk.ctx, agent.actor, view.id, {"note": "x"}, verified_by=missing)
    assert "written-request, in-branch" in refused.value.message
    assert customers.show_customer(desk.ctx, agent.actor, view.id).note is None
    with pytest.raises(BadInput, match="'guess' is not a verification method"):
        customers.edit_customer(desk.ctx, agent.actor, view.id, {"note": "x"}, verified_by="guess")


def test_the_method_not_the_value_is_audited_with_an_edit_and_a_consent(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent)
    customers.edit_customer(
        desk.ctx, agent.actor, view.id, {"note": "asked about roaming"}, verified_by="in branch"
    )
    edit = _events(desk, "customer.edit")[-1]
    assert edit.detail == "verified by in-branch"
    assert "roaming" not in json.dumps([edit.detail, edit.fields])
    consents.set_consent(
        desk.ctx, agent.actor, view.id, "newsletter", True, "letter", verified_by="written_request"
    )
    consent = _events(desk, "consent.set")[-1]
    assert consent.detail == "newsletter on via letter; verified by written-request"
    with pytest.raises(BadInput, match="say how the caller's identity was verified"):
        consents.set_consent(
            desk.ctx, agent.actor, view.id, "newsletter", False, "phone", verified_by=""
        )
    assert len(_events(desk, "consent.set")) == 1


# ------------------------------------------------------------------------------ impact


def test_removing_the_only_address_of_a_virtual_number_is_saved_only_once_confirmed(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent)
    _subscribe(desk, view.id, "virtual_number", "+49 30 5550100")
    change = {"address.private": ""}
    impact = customers.edit_impact(desk.ctx, agent.actor, view.id, change)
    assert [(s.label, s.identifier, s.touches, s.outcome) for s in impact.services] == [
        ("Virtual number", "+49 30 5550100", ["a private or business address"], INCOMPLETE)
    ]
    assert customers.show_customer(
        desk.ctx, agent.actor, view.id
    ).addresses  # preview wrote nothing
    with pytest.raises(ImpactNotConfirmed) as refused:
        customers.edit_customer(desk.ctx, agent.actor, view.id, change, verified_by="callback")
    assert refused.value.message == (
        "This change affects 1 service: Virtual number +49 30 5550100 (a private or business "
        "address): keeps running without it until the record is completed. Nothing was saved: "
        "confirm the impact to save the change."
    )
    assert customers.show_customer(desk.ctx, agent.actor, view.id).addresses
    assert _events(desk, "customer.edit") == []
    after = customers.edit_customer(
        desk.ctx, agent.actor, view.id, change, verified_by="callback", confirm_impact=True
    )
    assert after.addresses == []
    assert _events(desk, "customer.edit")[-1].detail == "verified by callback; impact confirmed"


def test_changes_that_reach_no_running_service_are_saved_without_asking(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent)
    _subscribe(desk, view.id, "virtual_number", "+49 30 5550100", status="ended")
    _subscribe(desk, view.id, "voicemail_to_email", "MB-1")
    assert (
        customers.edit_impact(desk.ctx, agent.actor, view.id, {"address.private": ""}).services
        == []
    )
    added = {"emails.add": "second@example.org", "note": "VIP"}
    assert customers.edit_impact(desk.ctx, agent.actor, view.id, added).services == []
    customers.edit_customer(desk.ctx, agent.actor, view.id, added, verified_by="pin")
    changed = customers.edit_impact(
        desk.ctx, agent.actor, view.id, {"email": "second@example.org"}
    ).services
    assert [(s.label, s.outcome) for s in changed] == [("Voicemail to email", CHANGED)]


# How an everyday edit takes each requirement away (a card is finance's, never an edit),
# and what that edit takes away on the test's record (one mobile number, three addresses).
REMOVALS: dict[Requirement, tuple[dict[str, str], set[Requirement]]] = {
    Requirement.NAME: ({"name": "Someone Renamed"}, set()),
    Requirement.LOCAL_ADDRESS: (
        {"address.private": "", "address.business": ""},
        {Requirement.LOCAL_ADDRESS, Requirement.BUSINESS_ADDRESS},
    ),
    Requirement.BUSINESS_ADDRESS: ({"address.business": ""}, {Requirement.BUSINESS_ADDRESS}),
    Requirement.BILLING_ADDRESS: ({"address.billing": ""}, {Requirement.BILLING_ADDRESS}),
    Requirement.EMAIL: ({"emails.remove": "j.mueller@example.de"}, {Requirement.EMAIL}),
    Requirement.MOBILE_PHONE: (
        {"phones.remove": "+4915123456789"},
        {Requirement.MOBILE_PHONE, Requirement.PHONE},
    ),
    Requirement.PHONE: (
        {"phones.remove": "+4915123456789"},
        {Requirement.MOBILE_PHONE, Requirement.PHONE},
    ),
}


def test_every_requirement_but_the_card_can_be_taken_away_by_an_edit() -> None:
    assert set(REMOVALS) == set(Requirement) - {Requirement.CARD}
    for changes, _lost in REMOVALS.values():
        assert set(changes) <= set(customers.EDITABLE_FIELDS)


@pytest.mark.parametrize("code", sorted(PRODUCTS))
def test_every_declared_need_of_every_product_is_shown_before_an_edit_takes_it(
    desk: Desk, agent: Member, code: str
) -> None:
    product = PRODUCTS[code]
    view = desk.customer(
        agent,
        phone=MOBILE,
        **{
            f"address__{kind}__{part}": value
            for kind in ("business", "billing")
            for part, value in (
                ("street", "Werkstraße 3"),
                ("postal_code", "80331"),
                ("city", "München"),
                ("country", "DE"),
            )
        },
    )
    desk.card_and_invoice(view.id, "tok_1", f"INV-{code}")
    _subscribe(desk, view.id, code, f"{code}-1")
    for requirement in sorted(product.requires):
        if requirement is Requirement.CARD:
            assert requirement not in REMOVALS
            continue
        changes, lost = REMOVALS[requirement]
        if not lost:
            expected = CHANGED
        elif lost & product.requires & cannot_go_on_without(code):
            expected = BLOCKED
        else:
            expected = INCOMPLETE
        impact = customers.edit_impact(desk.ctx, agent.actor, view.id, changes)
        assert [(s.label, s.outcome) for s in impact.services] == [(product.label, expected)], (
            requirement
        )
        assert REQUIREMENT_LABELS[requirement] in impact.services[0].touches
        before = customers.show_customer(desk.ctx, agent.actor, view.id)
        refusal = ImpactBlocked if expected == BLOCKED else ImpactNotConfirmed
        with pytest.raises(refusal):
            customers.edit_customer(desk.ctx, agent.actor, view.id, changes, verified_by="pin")
        if expected == BLOCKED:
            with pytest.raises(ImpactBlocked, match=r"end .* first"):
                customers.edit_customer(
                    desk.ctx, agent.actor, view.id, changes, verified_by="pin", confirm_impact=True
                )
        after = customers.show_customer(desk.ctx, agent.actor, view.id)
        assert after.version == before.version  # nothing was written
