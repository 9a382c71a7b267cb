"""The demo generator: staff who can sign in, realistic and searchable customers,
no readable card tokens, refusal on a database that is already in use."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import phonenumbers
import pyotp
import pytest
from sqlalchemy import func, select
from support.memory_keyring import MemoryKeyring

from voxprivacy.domain.catalog import PRODUCTS
from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, auth, customers
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.services.search_index import terms_for
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import (
    Address,
    AuditEvent,
    ConsentEvent,
    Customer,
    CustomerSearchTerm,
    Email,
    Invoice,
    PaymentCard,
    Phone,
    Staff,
    Subscription,
)
from voxprivacy.storage.schema import upgrade

N = 200

pytestmark = pytest.mark.local_only(
    reason="demo data is generated into a new local database, never through the server"
)


def _context(db: Database) -> Context:
    # the real clock: the authenticator codes below are made with the real time
    return Context(db, SecretStore())


def _count(ctx: Context, model: type) -> int:
    with ctx.db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _names(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return list(
            session.execute(select(Customer.name).order_by(Customer.account_number)).scalars()
        )


def test_demo_fills_a_new_database(db: Database) -> None:
    ctx = _context(db)
    ticks: list[tuple[int, int]] = []
    result = generate_demo(ctx, N, seed=7, progress=lambda done, total: ticks.append((done, total)))

    assert isinstance(result, DemoResult)
    assert result.customers == N and result.seconds > 0
    assert ticks[-1] == (N, N)
    assert _count(ctx, Customer) == N
    assert sorted(s.role for s in result.staff) == sorted(r.value for r in Role)
    assert {s.username for s in result.staff} == {"agent", "supervisor", "finance", "admin"}
    with ctx.db.read() as session:
        shown = dict(session.execute(select(Staff.username, Staff.display_name)).all())
    assert shown["agent"] == "Demo Agent"
    for member in result.staff:
        assert len(member.password) >= 10
        assert member.otpauth_uri.startswith("otpauth://totp/")
        actor = auth.sign_in(ctx, member.username, member.password)
        assert actor.role == member.role
        auth.step_up(ctx, actor, pyotp.TOTP(member.secret).now())
        assert actor.checked_at is not None
    assert audit._verify(ctx, None).ok


def test_generated_records_are_valid_and_consistent(sqlite_db: Database) -> None:
    ctx = _context(sqlite_db)
    generate_demo(ctx, N, seed=11)
    with ctx.db.read() as session:
        people = session.execute(select(Customer)).scalars().all()
        countries = {
            a.customer_id: a.country
            for a in session.execute(select(Address).where(Address.kind != "billing")).scalars()
        }
        phones = session.execute(select(Phone)).scalars().all()
        emails = session.execute(select(Email)).scalars().all()
        subscriptions = session.execute(select(Subscription)).scalars().all()
        invoices = session.execute(select(Invoice)).scalars().all()
        consent_events = session.execute(select(ConsentEvent)).scalars().all()
        terms: dict[object, set[tuple[str, str]]] = defaultdict(set)
        for term, kind, cid in session.execute(
            select(CustomerSearchTerm.term, CustomerSearchTerm.kind, CustomerSearchTerm.customer_id)
        ):
            terms[cid].add((term, kind))

    # the demo carries one erasure out: a tombstone, left out of the checks below
    erased = [c for c in people if c.status == "erased"]
    assert [(c.name, c.company, c.account_number[:7]) for c in erased] == [("", None, "ERASED-")]
    assert not {p.customer_id for p in phones} & {c.id for c in erased}
    assert not {e.customer_id for e in emails} & {c.id for c in erased}
    people = [c for c in people if c.status != "erased"]
    subscriptions = [s for s in subscriptions if s.customer_id != erased[0].id]
    invoices = [i for i in invoices if i.customer_id != erased[0].id]
    by_id = {c.id: c for c in people}
    assert len({c.account_number for c in people}) == N - 1
    assert all(re.fullmatch(r"VX\d{8}", c.account_number) for c in people)
    assert all(re.fullmatch(r"BR-[0-9A-F]{16}", c.billing_reference) for c in people)
    assert len({c.billing_reference for c in people}) == N - 1
    kinds = Counter(c.kind for c in people)
    assert kinds["private"] > kinds["business"] > 0
    assert all(c.company for c in people if c.kind == "business")
    assert all(c.company is None for c in people if c.kind == "private")
    assert {c.status for c in people} <= {"active", "terminated"}
    assert all((c.status == "terminated") == (c.terminated_at is not None) for c in people)
    assert len({countries[c.id] for c in people}) >= 5  # several countries
    assert all(c.created_at.tzinfo is not None for c in people)

    # phones: valid E.164 numbers of the customer's country, exactly one primary
    assert all(c.id in countries for c in people)
    for p in phones:
        parsed = phonenumbers.parse(p.e164, None)
        assert phonenumbers.is_valid_number(parsed), p.e164
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == p.e164
        assert phonenumbers.region_code_for_number(parsed) == countries[p.customer_id]
    assert Counter(p.customer_id for p in phones if p.is_primary) == Counter(set(by_id))

    # emails: exactly one primary per customer, folded copy for lookups
    primaries = Counter(e.customer_id for e in emails if e.is_primary)
    assert primaries == Counter(set(by_id))
    assert all(e.address.isascii() and "@" in e.address for e in emails)
    assert all(e.address_folded == e.address.lower() for e in emails)

    # services carry the attributes their product declares; terminated ones have ended
    for s in subscriptions:
        assert set(s.attributes) == set(PRODUCTS[s.product].attributes)
        if by_id[s.customer_id].status == "terminated":
            assert s.status == "ended" and s.ended_at is not None

    assert len({i.number for i in invoices}) == len(invoices) > 0
    assert all(i.billing_reference == by_id[i.customer_id].billing_reference for i in invoices)
    assert all(i.amount_cents > 0 and len(i.currency) == 3 for i in invoices)

    # consent histories alternate, starting with a grant, in the order expressed
    history: dict[tuple[object, str], list[ConsentEvent]] = defaultdict(list)
    for e in consent_events:
        history[(e.customer_id, e.purpose)].append(e)
    assert history
    for events in history.values():
        events.sort(key=lambda e: e.expressed_at)
        assert [e.action for e in events] == ["granted", "withdrawn", "granted"][: len(events)]

    # the search index holds exactly what the search service would write
    mails: dict[object, list[str]] = defaultdict(list)
    numbers: dict[object, list[str]] = defaultdict(list)
    for e in emails:
        mails[e.customer_id].append(e.address)
    for p in phones:
        numbers[p.customer_id].append(p.e164)
    for c in people:
        assert terms[c.id] == terms_for(
            c.account_number, c.name, c.company, mails[c.id], numbers[c.id]
        )


def test_same_seed_gives_the_same_customers(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    names = []
    for run in ("a", "b", "c"):
        db = open_database(
            parse_target(f"sqlite:///{tmp_path}/{run}.db"), SecretStore(memory_keyring), create=True
        )
        try:
            upgrade(db)
            ctx = _context(db)
            generate_demo(ctx, 50, seed=1234 if run != "c" else 4321)
            names.append(_names(ctx))
        finally:
            db.dispose()
    assert names[0] == names[1]
    assert names[0] != names[2]


def test_generated_customers_are_found_by_search(db: Database) -> None:
    ctx = _context(db)
    result = generate_demo(ctx, N, seed=3)
    agent = next(s for s in result.staff if s.role == "agent")
    actor = auth.sign_in(ctx, agent.username, agent.password)
    with ctx.db.read() as session:
        some = (
            session.execute(
                select(Customer)
                .where(Customer.status != "erased")
                .order_by(Customer.account_number)
                .limit(5)
            )
            .scalars()
            .all()
        )
    for customer in some:
        last_name = customer.name.split()[-1]
        hits = customers.search_customers(ctx, actor, last_name[:4], limit=1000)
        assert customer.account_number in {h.account_number for h in hits}
        by_number = customers.search_customers(ctx, actor, customer.account_number)
        assert [h.name for h in by_number] == [customer.name]


def test_card_tokens_are_encrypted(db: Database) -> None:
    ctx = _context(db)
    generate_demo(ctx, N, seed=5)
    with ctx.db.read() as session:
        cards = session.execute(select(PaymentCard)).scalars().all()
    assert len(cards) > N // 3
    cipher = ctx.keys().cipher
    for card in cards:
        raw = bytes(card.token)
        assert b"tok_" not in raw
        assert cipher.decrypt(raw, "payment_cards", "token", card.id).startswith("tok_")
        assert card.brand in ("Visa", "Mastercard", "Amex")
        assert re.fullmatch(r"\d{4}", card.last4) and 1 <= card.exp_month <= 12


def test_a_database_in_use_is_refused_and_left_alone(sqlite_db: Database) -> None:
    ctx = _context(sqlite_db)
    generate_demo(ctx, 20, seed=1)
    before = [_count(ctx, m) for m in (Customer, Staff, AuditEvent, Phone)]
    with pytest.raises(BadInput, match="new, empty database"):
        generate_demo(ctx, 20, seed=2)
    assert [_count(ctx, m) for m in (Customer, Staff, AuditEvent, Phone)] == before
    assert audit._verify(ctx, None).ok


def test_a_database_with_staff_only_is_refused(sqlite_db: Database) -> None:
    ctx = _context(sqlite_db)
    ctx.create_installation()
    auth.bootstrap_first_admin(ctx, "boss", "a-long-password")
    with pytest.raises(BadInput, match="point --db at a new file"):
        generate_demo(ctx, 5)
    assert _count(ctx, Customer) == 0 and _count(ctx, Staff) == 1


@pytest.mark.parametrize("bad", [-1, 10_000_001])
def test_customer_count_is_checked_first(sqlite_db: Database, bad: int) -> None:
    ctx = _context(sqlite_db)
    with pytest.raises(BadInput, match="customers"):
        generate_demo(ctx, bad)
    assert _count(ctx, Staff) == 0 and _count(ctx, AuditEvent) == 0


def test_zero_customers_gives_just_the_staff(sqlite_db: Database) -> None:
    ctx = _context(sqlite_db)
    result = generate_demo(ctx, 0)
    assert len(result.staff) == 4 and _count(ctx, Customer) == 0
    assert audit._verify(ctx, None).ok


def test_the_demo_has_customers_in_every_lifecycle_state(sqlite_db: Database) -> None:
    """Terminations to reactivate, terminations scheduled for a later day, and ended
    services that say what became of their number: every lifecycle screen has something."""
    ctx = _context(sqlite_db)
    result = generate_demo(ctx, 400, seed=13)
    supervisor = next(s for s in result.staff if s.role == "supervisor")
    now = ctx.now()
    with ctx.db.read() as session:
        terminated = list(
            session.execute(
                select(Customer.account_number, Customer.terminated_at).where(
                    Customer.status == "terminated"
                )
            )
        )
        scheduled = list(
            session.execute(
                select(Customer.termination_due, Customer.termination_reason).where(
                    Customer.status == "active", Customer.termination_due.is_not(None)
                )
            )
        )
        outcomes = list(
            session.execute(
                select(Subscription.product, Subscription.end_outcome)
                .join(Customer, Customer.id == Subscription.customer_id)
                .where(Subscription.ended_at.is_not(None), Customer.status != "erased")
            )
        )
    recent = [acct for acct, at in terminated if at is not None and now - at < timedelta(days=30)]
    assert recent and len(recent) < len(terminated)  # some may be reactivated, some not
    assert scheduled and all(due > now.date() and reason for due, reason in scheduled)
    assert outcomes and all(
        outcome == str(PRODUCTS[product].on_end[0]) for product, outcome in outcomes
    )
    # a supervisor sees the recent one as reactivatable and the record says terminated
    view = customers.show_customer(
        ctx, auth.sign_in(ctx, supervisor.username, supervisor.password), recent[0]
    )
    assert view.status == "terminated"
