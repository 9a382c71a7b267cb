"""Customer records: search, role-shaped views, validated edits, consents."""

from __future__ import annotations

import json
import unicodedata

import pytest
from sqlalchemy import select, text
from support.desk import Desk, Member

from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput, CustomerErased, RoleForbidden, StaleEdit
from voxprivacy.services import consents, customers
from voxprivacy.services.customers import InvalidFields
from voxprivacy.storage.models import Customer


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


def _names(hits: list[customers.CustomerHit]) -> list[str]:
    return [h.name for h in hits]


def test_search_by_prefix_ignores_case_and_accents(desk: Desk, agent: Member) -> None:
    desk.customer(agent, "Jürgen Müller-Lüdenscheidt")
    desk.customer(
        agent,
        "Zoë Ørsted",
        email="zoe@example.dk",
        phone="+45 32 12 34 56",
        address__private__country="DK",
        address__private__postal_code="1050",
    )
    s = lambda q: _names(customers.search_customers(desk.ctx, agent.actor, q))  # noqa: E731
    assert s("mul") == ["Jürgen Müller-Lüdenscheidt"]
    assert s("MÜLL") == ["Jürgen Müller-Lüdenscheidt"]
    assert s("ludensch") == ["Jürgen Müller-Lüdenscheidt"]
    assert s("jurg mull") == ["Jürgen Müller-Lüdenscheidt"]
    assert s("zoe orst") == ["Zoë Ørsted"]
    assert s(unicodedata.normalize("NFD", "Zoë")) == ["Zoë Ørsted"]
    assert s("zoe@exa") == ["Zoë Ørsted"]
    assert s("+45 32 12") == ["Zoë Ørsted"]
    assert s("030 123") == ["Jürgen Müller-Lüdenscheidt"]
    assert s("jurgen zoe") == []


@pytest.mark.parametrize(
    "query", ["%", "_", "m%", "' OR 1=1--", '"; DROP TABLE customers;--', "\\", "m_ller"]
)
def test_search_treats_wildcards_and_quotes_as_plain_text(
    desk: Desk, agent: Member, query: str
) -> None:
    desk.customer(agent, "Jürgen Müller")
    assert customers.search_customers(desk.ctx, agent.actor, query) == []
    assert len(customers.search_customers(desk.ctx, agent.actor, "mül")) == 1


def test_search_by_account_number_and_status_filter(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    hits = customers.search_customers(desk.ctx, agent.actor, view.account_number.lower())
    assert [h.id for h in hits] == [view.id]
    assert (
        customers.search_customers(desk.ctx, agent.actor, "müller", statuses=("terminated",)) == []
    )
    with pytest.raises(BadInput, match="Unknown status"):
        customers.search_customers(desk.ctx, agent.actor, "müller", statuses=("gone",))


def test_agent_and_finance_see_different_parts_of_a_record(desk: Desk, agent: Member) -> None:
    view = desk.customer(
        agent,
        address__billing__street="Postfach 12",
        address__billing__postal_code="10117",
        address__billing__city="Berlin",
        address__billing__country="DE",
    )
    desk.card_and_invoice(view.id, "tok_live_abc123", "INV-1")
    finance = desk.member(Role.FINANCE, "fred")
    as_agent = customers.show_customer(desk.ctx, agent.actor, view.account_number)
    as_finance = customers.show_customer(desk.ctx, finance.actor, view.account_number)
    assert as_agent.emails and as_agent.phones and as_agent.consents is not None
    assert as_agent.cards is None and as_agent.invoices is None
    assert as_finance.emails is None and as_finance.phones is None
    assert as_finance.interactions is None and as_finance.consents is None
    assert as_finance.cards is not None and as_finance.cards[0].last4 == "4242"
    assert as_finance.billing_address is not None
    assert as_finance.billing_address.street == "Postfach 12"
    assert as_finance.balance_cents == {"EUR": 1999}
    dumped = json.dumps(as_finance.to_dict(), default=str)
    assert "tok_live" not in dumped and "token" not in dumped


def test_finance_may_correct_the_billing_address_but_not_the_name(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent)
    finance = desk.member(Role.FINANCE, "fred")
    with pytest.raises(RoleForbidden, match="name"):
        customers.edit_customer(
            desk.ctx, finance.actor, view.id, {"name": "Someone Else"}, verified_by="callback"
        )
    customers.edit_customer(
        desk.ctx,
        finance.actor,
        view.id,
        {
            "address.billing.street": "Rechnungsweg 5",
            "address.billing.postal_code": "10117",
            "address.billing.city": "Berlin",
            "address.billing.country": "DE",
        },
        verified_by="callback",
    )
    shown = customers.show_customer(desk.ctx, finance.actor, view.id)
    assert shown.billing_address is not None
    assert shown.billing_address.street == "Rechnungsweg 5"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 1_000_000, "at most 200"),
        ("name", "Ann\x00a", "control character"),
        ("name", "Ann\u202eA", "text-direction"),
        ("name", "   ", "may not be empty"),
        ("email", "not-an-email", "not a valid email"),
        ("phone", "+49 12", "not a valid phone"),
        ("phone", "١٢٣٤٥٦٧٨٩", "digits 0-9"),
        ("address.private.country", "XX", "ISO 3166-1"),
        ("note", "card 4111 1111 1111 1111 exp 12/28", "card number"),
        ("kind", "robot", "private or business"),
        ("favourite_colour", "blue", "not a field"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    desk: Desk, agent: Member, field: str, value: str, message: str
) -> None:
    view = desk.customer(agent)
    with pytest.raises(InvalidFields) as refused:
        customers.edit_customer(
            desk.ctx,
            agent.actor,
            view.id,
            {"name": "Changed Name", field: value},
            verified_by="callback",
        )
    assert message in refused.value.errors[field]
    after = customers.show_customer(desk.ctx, agent.actor, view.id)
    assert after.name == view.name and after.version == view.version


def test_names_are_stored_in_nfc(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent, unicodedata.normalize("NFD", "Renée Noël"))
    assert view.name == unicodedata.normalize("NFC", "Renée Noël")


def test_edit_of_emails_phones_and_addresses(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    after = customers.edit_customer(
        desk.ctx,
        agent.actor,
        view.id,
        {
            "emails.add": "second@example.de",
            "phone": "0176 1234 5678",
            "address.business.street": "Werkstr. 3",
            "address.business.postal_code": "20095",
            "address.business.city": "Hamburg",
            "address.business.country": "DE",
            "preferred_channel": "sms",
        },
        verified_by="callback",
    )
    assert [(e.address, e.primary) for e in after.emails or []] == [
        ("j.mueller@example.de", True),
        ("second@example.de", False),
    ]
    assert [(p.e164, p.kind) for p in after.phones or []] == [("+4917612345678", "mobile")]
    assert {a.kind for a in after.addresses or []} == {"private", "business"}
    after = customers.edit_customer(
        desk.ctx,
        agent.actor,
        view.id,
        {"emails.remove": "j.mueller@example.de", "address.business": ""},
        verified_by="callback",
    )
    assert [(e.address, e.primary) for e in after.emails or []] == [("second@example.de", True)]
    assert {a.kind for a in after.addresses or []} == {"private"}
    assert _names(customers.search_customers(desk.ctx, agent.actor, "second@")) == [view.name]
    assert customers.search_customers(desk.ctx, agent.actor, "j.mueller@") == []


def test_a_new_address_needs_all_its_parts(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    with pytest.raises(InvalidFields, match="needs postal_code, city, country"):
        customers.edit_customer(
            desk.ctx,
            agent.actor,
            view.id,
            {"address.business.street": "Werkstr. 3"},
            verified_by="callback",
        )


def test_a_concurrent_edit_is_not_overwritten(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    other = desk.member(Role.AGENT, "otto")
    customers.edit_customer(
        desk.ctx,
        other.actor,
        view.id,
        {"name": "Otto's Change"},
        expected_version=view.version,
        verified_by="callback",
    )
    with pytest.raises(StaleEdit) as stale:
        customers.edit_customer(
            desk.ctx,
            agent.actor,
            view.id,
            {"name": "Anna's Change"},
            expected_version=view.version,
            verified_by="callback",
        )
    assert stale.value.current["name"] == "Otto's Change"
    assert customers.show_customer(desk.ctx, agent.actor, view.id).name == "Otto's Change"


def test_an_erased_customer_cannot_be_edited(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    with desk.ctx.db.write() as session:
        row = session.execute(
            select(Customer).where(Customer.account_number == view.account_number)
        ).scalar_one()
        row.status = "erased"
    with pytest.raises(CustomerErased):
        customers.edit_customer(
            desk.ctx, agent.actor, view.id, {"name": "Back Again"}, verified_by="callback"
        )
    with pytest.raises(CustomerErased):
        consents.set_consent(
            desk.ctx, agent.actor, view.id, "newsletter", True, "phone", verified_by="callback"
        )


def test_consent_switch_appends_history_and_derives_current_state(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent)
    consents.set_consent(
        desk.ctx, agent.actor, view.id, "newsletter", True, "signup", verified_by="callback"
    )
    desk.clock.advance(seconds=10)
    change = consents.set_consent(
        desk.ctx,
        agent.actor,
        view.id,
        "newsletter",
        False,
        "phone",
        "asked on the phone",
        verified_by="callback",
    )
    states = change.states
    current = {c.purpose: c.granted for c in states}
    assert current == {
        "newsletter": False,
        "product_updates": False,
        "third_party_disclosure": False,
    }
    shown = customers.show_customer(desk.ctx, agent.actor, view.id)
    history = shown.consent_history or []
    assert [(h.action, h.source, h.evidence, h.staff) for h in history] == [
        ("withdrawn", "phone", "asked on the phone", "anna"),
        ("granted", "signup", None, "anna"),
    ]
    assert change.row == history[0]


def test_a_stale_edit_carries_the_current_view_as_the_editor_may_see_it(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent, email="first@example.org")
    other = desk.member(Role.AGENT, "otto")
    customers.edit_customer(
        desk.ctx,
        other.actor,
        view.id,
        {"email": "second@example.org"},
        expected_version=view.version,
        verified_by="callback",
    )
    with pytest.raises(customers.StaleCustomerEdit) as stale:
        customers.edit_customer(
            desk.ctx,
            agent.actor,
            view.id,
            {"name": "Late"},
            expected_version=view.version,
            verified_by="callback",
        )
    fresh = stale.value.view
    assert fresh.version == view.version + 1
    assert customers.field_values(fresh)["email"] == "second@example.org"
    assert customers.view_from_dict(fresh.to_dict()) == fresh


def test_field_values_leave_out_what_the_role_does_not_see(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent, email="seen@example.org")
    finance = desk.member(Role.FINANCE, "fiona")
    shown = customers.show_customer(desk.ctx, finance.actor, view.id)
    values = customers.field_values(shown)
    assert "email" not in values and "note" not in values
    assert "address.billing.city" in values
    assert (
        customers.field_values(customers.show_customer(desk.ctx, agent.actor, view.id))["email"]
        == "seen@example.org"
    )


def test_unsubscribe_list_counts_applied_already_off_and_unknown(desk: Desk, agent: Member) -> None:
    a = desk.customer(agent, "Ann One", email="ann@example.org")
    desk.customer(agent, "Bob Two", email="bob@example.org")
    consents.set_consent(
        desk.ctx, agent.actor, a.id, "newsletter", True, "web", verified_by="callback"
    )
    supervisor = desk.member(Role.SUPERVISOR, "sam")
    result = consents.import_unsubscribes(
        desk.ctx,
        supervisor.actor,
        ["# exported", "ANN@example.org", "bob@example.org", "", "nobody@example.org"],
    )
    assert (result.applied, result.already_off, result.unknown) == (1, 1, 1)
    again = consents.import_unsubscribes(desk.ctx, supervisor.actor, ["ann@example.org"])
    assert (again.applied, again.already_off) == (0, 1)


def test_an_unsubscribe_file_with_a_bad_line_changes_nothing(desk: Desk, agent: Member) -> None:
    a = desk.customer(agent, "Ann One", email="ann@example.org")
    consents.set_consent(
        desk.ctx, agent.actor, a.id, "newsletter", True, "web", verified_by="callback"
    )
    supervisor = desk.member(Role.SUPERVISOR, "sam")
    with pytest.raises(BadInput, match="line 2"):
        consents.import_unsubscribes(
            desk.ctx, supervisor.actor, ["ann@example.org", "this is not an address"]
        )
    shown = customers.show_customer(desk.ctx, agent.actor, a.id)
    assert {c.purpose: c.granted for c in shown.consents or []}["newsletter"] is True


def test_terminating_ends_services_and_keeps_the_record(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    with desk.ctx.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO subscriptions (id, customer_id, product, identifier, "
                "status, attributes, started_at, version) VALUES (:i, :c, "
                "'sms', 'SMS-1', 'active', '{}', :t, 1)"
            ),
            {
                "i": "0" * 32 if desk.ctx.db.is_sqlite else "00000000-0000-7000-8000-000000000001",
                "c": view.id.replace("-", "") if desk.ctx.db.is_sqlite else view.id,
                "t": "2026-01-01 00:00:00",
            },
        )
    supervisor = desk.member(Role.SUPERVISOR, "sam")
    customers.terminate_account(desk.ctx, supervisor.actor, view.id, "moved abroad")
    shown = customers.show_customer(desk.ctx, agent.actor, view.id)
    assert shown.status == "terminated" and shown.terminated_at is not None
    assert [s.status for s in shown.services or []] == ["ended"]
    assert shown.interactions and "terminated" in shown.interactions[0].summary
    with pytest.raises(RoleForbidden):
        customers.terminate_account(desk.ctx, agent.actor, view.id, "again")


def test_undecodable_text_from_a_terminal_is_bad_input(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent)
    with pytest.raises(InvalidFields):
        customers.edit_customer(
            desk.ctx, agent.actor, view.id, {"name": "M\udcfcller"}, verified_by="callback"
        )
    with pytest.raises(BadInput, match="not valid text"):
        customers.search_customers(desk.ctx, agent.actor, "M\udcfc")
    with pytest.raises(BadInput, match="not valid text"):
        customers.show_customer(desk.ctx, agent.actor, "VX\udcfc")
