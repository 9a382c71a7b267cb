"""The bulk demo generator: batches made in worker processes and written with the
driver's bulk call (COPY on PostgreSQL) give the same, complete, searchable demo
on every backend; a load stopped half-way leaves nothing, indexes included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, auth, customers
from voxprivacy.services.context import Context
from voxprivacy.services.demo import generate_demo
from voxprivacy.storage import models as m
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.schema import upgrade

pytestmark = pytest.mark.local_only(
    reason="demo data is generated into a new local database, never through the server"
)

N = 330  # seven batches of 50: several workers, a short last batch
BATCH = 50
EVERY_TABLE = (
    m.Staff,
    m.Customer,
    m.Address,
    m.Phone,
    m.Email,
    m.Subscription,
    m.PaymentCard,
    m.Invoice,
    m.Interaction,
    m.ConsentEvent,
    m.CustomerSearchTerm,
    m.PrivacyRequest,
    m.RequestEvent,
    m.RectificationChange,
    m.Disclosure,
    m.AuditEvent,
)


@pytest.fixture
def reference(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[Database]:
    """A second, plain SQLite database, filled in this process alone."""
    db = open_database(
        parse_target(f"sqlite:///{tmp_path}/reference.db"), SecretStore(memory_keyring), create=True
    )
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()


def _content(db: Database) -> list[tuple[object, ...]]:
    """Everything a person sees of the customers, keyed by account number (keys aside)."""
    with db.read() as session:
        people = {
            c.id: c.account_number
            for c in session.execute(select(m.Customer)).scalars()
            if c.status != "erased"
        }
        rows: list[tuple[object, ...]] = []
        for c in session.execute(select(m.Customer)).scalars():
            if c.id in people:
                rows.append(
                    (
                        c.account_number,
                        c.name,
                        c.company,
                        c.status,
                        c.billing_reference,
                        c.preferred_channel,
                        c.created_at,
                        c.terminated_at,
                        c.termination_due,
                    )
                )
        for e in session.execute(select(m.Email)).scalars():
            rows.append(("email", people[e.customer_id], e.address, e.is_primary))
        for p in session.execute(select(m.Phone)).scalars():
            rows.append(("phone", people[p.customer_id], p.e164, p.kind, p.is_primary))
        for s in session.execute(select(m.Subscription)).scalars():
            if s.customer_id in people:
                attrs = sorted(s.attributes.items())
                rows.append(("service", people[s.customer_id], s.product, s.identifier, *attrs))
        for i in session.execute(select(m.Invoice)).scalars():
            rows.append(("invoice", i.number, i.amount_cents, i.status, i.issued_on))
        for t in session.execute(select(m.CustomerSearchTerm)).scalars():
            if t.customer_id in people:
                rows.append(("term", people[t.customer_id], t.term, t.kind))
        for r in session.execute(select(m.PrivacyRequest)).scalars():
            rows.append(("request", r.reference, r.kind, r.status, r.due_at))
    return sorted(rows, key=repr)


def test_workers_and_bulk_writes_give_the_same_demo_on_every_backend(
    db: Database, reference: Database
) -> None:
    generate_demo(Context(db, SecretStore()), N, seed=99, workers=2, batch_size=BATCH)
    generate_demo(Context(reference, SecretStore()), N, seed=99, workers=0, batch_size=BATCH)
    # the clock moved between the two runs: compare what the seed decides, not times of day
    here, there = _content(db), _content(reference)
    assert len(here) == len(there) > N * 10
    assert [_without_times(r) for r in here] == [_without_times(r) for r in there]


def _without_times(row: tuple[object, ...]) -> tuple[object, ...]:
    from datetime import date, datetime

    return tuple(
        "time" if isinstance(v, datetime) else v.year if isinstance(v, date) else v for v in row
    )


def test_the_bulk_demo_fills_every_table_verifies_and_is_searchable(db: Database) -> None:
    ctx = Context(db, SecretStore())
    result = generate_demo(ctx, N, seed=5, workers=2, batch_size=BATCH)
    with db.read() as session:
        counts = {
            model.__tablename__: session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
            for model in EVERY_TABLE
        }
        cards = session.execute(select(m.PaymentCard)).scalars().all()
        created = list(
            session.execute(select(m.Customer.created_at).order_by(m.Customer.created_at)).scalars()
        )
        some = (
            session.execute(
                select(m.Customer)
                .where(m.Customer.status == "active")
                .order_by(m.Customer.account_number.desc())
                .limit(3)
            )
            .scalars()
            .all()
        )
    assert all(counts.values()), counts
    assert counts["customers"] == N
    assert audit._verify(ctx, None).ok
    # field encryption: every token opens with the row's own key and id, none is readable
    cipher = ctx.keys().cipher
    assert all(b"tok_" not in bytes(c.token) for c in cards)
    assert all(
        cipher.decrypt(bytes(c.token), "payment_cards", "token", c.id).startswith("tok_")
        for c in cards
    )
    # times come back aware and in the order the database sorts them
    assert all(t.tzinfo is not None for t in created) and created == sorted(created)
    # the desk's search finds customers of the last batches, by name and by account number
    agent = next(s for s in result.staff if s.role == "agent")
    actor = auth.sign_in(ctx, agent.username, agent.password)
    for customer in some:
        hits = customers.search_customers(ctx, actor, customer.name, limit=1000)
        assert customer.account_number in {h.account_number for h in hits}
        by_number = customers.search_customers(ctx, actor, customer.account_number)
        assert [h.name for h in by_number] == [customer.name]


def test_a_load_stopped_half_way_leaves_nothing_and_keeps_the_indexes(db: Database) -> None:
    ctx = Context(db, SecretStore())
    before = {t: _indexes(db, t) for t in ("customers", "customer_search_terms", "emails")}

    def stop(done: int, _total: int) -> None:
        if done >= 2 * BATCH:
            raise KeyboardInterrupt  # someone pressed Ctrl+C

    with pytest.raises(KeyboardInterrupt):
        generate_demo(ctx, N, seed=5, progress=stop, workers=2, batch_size=BATCH)
    with db.read() as session:
        for model in (m.Staff, m.Customer, m.CustomerSearchTerm, m.AuditEvent):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0
    assert {t: _indexes(db, t) for t in before} == before
    # and the same database takes a whole demo afterwards
    generate_demo(ctx, 120, seed=5, workers=0, batch_size=BATCH)
    with db.read() as session:
        assert session.execute(select(func.count()).select_from(m.Customer)).scalar_one() == 120


def _indexes(db: Database, table: str) -> list[str]:
    found = inspect(db.engine)
    names = [str(i["name"]) for i in found.get_indexes(table)]
    keys = found.get_pk_constraint(table).get("constrained_columns", [])
    foreign = [str(f["name"]) for f in found.get_foreign_keys(table)]
    return sorted(names) + list(keys) + sorted(foreign)
