"""Demo data: fills a new, empty database with demo staff and realistic customers.

This package owns the demo: one staff member per role (with a random password
and an authenticator enrollment, shown once to whoever asked for the demo)
and any number of varied customers from several countries, with addresses,
valid phone numbers, emails, services, cards on file (token encrypted, never a
card number), invoices, interactions and consent histories. A demo of at
least ``ACTIVITY_FROM`` customers also has privacy requests in every state
(an overdue one, one near its deadline, erasures waiting for approval, one
carried out) and disclosures, so every page of the desk has something in it.
The same seed gives the same customers and the same requests.

Generation is built for volume (a million encrypted customers in a few
minutes, ten million into PostgreSQL): Faker is asked once per locale for
pools of names, streets, towns and companies (``pools``), which a Random
seeded per batch combines into rows (``people``); worker processes make and
encode the batches and this process writes them with the driver's bulk call
(``bulk``: ``COPY`` on PostgreSQL, executemany on SQLite), the loaded tables'
indexes made once at the end. Before any of it the estimated size is checked
against the free space of the database's disk (``space``). Everything is one
transaction: a demo stopped anywhere leaves nothing. It is a bootstrap step, like creating the first
admin: it only runs on a database that has neither staff nor customers, and it
appends one audit event at the end.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput
from voxprivacy.i18n import N_, _
from voxprivacy.security import passwords
from voxprivacy.services import audit, member_keys
from voxprivacy.services.auth import new_enrollment
from voxprivacy.services.context import Context
from voxprivacy.services.demo import bulk, space
from voxprivacy.services.demo.activity import _Activities, _Activity
from voxprivacy.services.demo.catalog import LOCALES, POLICY_VERSION
from voxprivacy.services.demo.people import SAMPLE, _Generator, _Rows
from voxprivacy.services.demo.pools import build_pools
from voxprivacy.services.erasure import purge_customer
from voxprivacy.services.guard import authenticates
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import Customer, Installation, Staff

__all__ = [
    "ACTIVITY_FROM",
    "BATCH_CUSTOMERS",
    "LOCALES",
    "MAX_CUSTOMERS",
    "POLICY_VERSION",
    "REFUSAL",
    "DemoResult",
    "DemoStaff",
    "generate_demo",
]

MAX_CUSTOMERS = 10_000_000
BATCH_CUSTOMERS = 5_000
REFUSAL = N_("demo fills only a new, empty database; point --db at a new file")
ACTIVITY_FROM = 100  # smaller demos (tests, a quick look) hold customers only


@dataclass(frozen=True)
class DemoStaff:
    """A demo staff member's credentials, shown once to whoever generated the demo."""

    username: str
    role: str
    password: str
    otpauth_uri: str
    secret: str


@dataclass(frozen=True)
class DemoResult:
    staff: list[DemoStaff]
    customers: int
    seconds: float


def _has_people(session: Session) -> bool:
    return (
        session.execute(select(Staff.id).limit(1)).first() is not None
        or session.execute(select(Customer.id).limit(1)).first() is not None
    )


def _insert_activity(session: Session, activity: _Activity) -> None:
    """The requests, their timelines and the disclosures; then the one erasure carried out."""
    for model, table_rows in activity.tables():
        if table_rows:
            session.execute(insert(model.__table__), table_rows)
    for customer_id, at, request_id in activity.erase:
        purge_customer(session, customer_id, at, request_id)


def _new_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, ~96 bits


def _demo_passwords() -> list[tuple[Role, str, str]]:
    """(role, password, hash) for each demo account (hashed before any transaction opens)."""
    made = [(role, _new_password()) for role in Role]
    for _role, password in made:
        passwords.check_new_password(password)
    return [(role, password, passwords.hash_password(password)) for role, password in made]


def _create_staff(
    session: Session, ctx: Context, made: list[tuple[Role, str, str]]
) -> tuple[list[DemoStaff], dict[Role, uuid.UUID]]:
    result: list[DemoStaff] = []
    ids: dict[Role, uuid.UUID] = {}
    for role, password, password_hash in made:
        staff = Staff(
            id=uuid7(),
            username=str(role),
            display_name=f"Demo {str(role).capitalize()}",
            role=str(role),
            password_hash=password_hash,
            created_at=ctx.now(),
        )
        session.add(staff)
        session.flush()
        enrollment = new_enrollment(session, ctx, staff)
        member_keys.issue(session, ctx, staff, password, totp_secret=enrollment.secret)
        # the demo panel is their authenticator, set up from the start: the staff
        # page shows them enrolled, as a member who has confirmed a code
        staff.totp_enrolled = True
        ids[role] = staff.id
        result.append(
            DemoStaff(
                staff.username, str(role), password, enrollment.otpauth_uri, enrollment.secret
            )
        )
    return result, ids


_LOADED = [model.__tablename__ for model, _rows in _Rows().tables()]


@authenticates
def generate_demo(
    ctx: Context,
    customers: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_CUSTOMERS,
) -> DemoResult:
    """Fill a new, empty database with one staff member per role and ``customers`` customers.

    The schema must exist; an installation record (and master key) is created if
    missing. The same ``seed`` gives the same customers; ``progress(done, total)``
    is called after each batch written. ``workers``: processes generating the
    batches (None: one per core for a large demo, see ``bulk.workers_for``; 0: none);
    ``batch_size``: customers per batch (the same seed and batch size, the same data).
    """
    if (
        isinstance(customers, bool)
        or not isinstance(customers, int)
        or not 0 <= customers <= MAX_CUSTOMERS
    ):
        raise BadInput(
            _("customers: give a whole number from 0 to {max_customers:,}.").format(
                max_customers=MAX_CUSTOMERS
            ),
            "customers",
        )
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise BadInput(_("batch_size: give a whole number of customers, 1 or more."), "batch_size")
    started = time.perf_counter()
    space.check_space(ctx.db, customers)  # before anything is made: a disk too small says so
    with ctx.db.read() as session:
        if _has_people(session):
            raise BadInput(_(REFUSAL), "db")
        installed = session.execute(select(Installation.id)).first() is not None
    if not installed:
        ctx.create_installation()
    keys = ctx.keys()
    seed = secrets.randbits(63) if seed is None else seed
    pools = build_pools(seed)  # before the transaction: Faker takes its half second here
    if workers is None:
        workers = bulk.workers_for(customers, batch_size)

    made = _demo_passwords()
    # One transaction: a demo stopped anywhere (even killed) leaves no staff member whose
    # password was never shown, and no half of the customers.
    with ctx.db.write() as session:
        if _has_people(session):
            raise BadInput(_(REFUSAL), "db")
        staff, ids = _create_staff(session, ctx, made)
        session.flush()
        gen = _Generator(
            cipher=keys.cipher,
            now=ctx.now(),
            total=customers,
            seed=seed,
            agent=ids[Role.AGENT],
            supervisor=ids[Role.SUPERVISOR],
            pools=pools,
            batch_size=batch_size,
        )
        postgres = session.get_bind().dialect.name == "postgresql"
        sample = []
        done = 0
        with bulk.loading(session, _LOADED):
            for batch in bulk.batches(gen, postgres, workers):
                bulk.write(session, batch)
                if batch.number == 0:
                    sample = batch.sample[:SAMPLE]
                done += batch.customers
                if progress is not None:
                    progress(done, customers)
        if customers >= ACTIVITY_FROM:
            maker = _Activities(seed, gen.now, sample, ids[Role.AGENT], ids[Role.SUPERVISOR])
            _insert_activity(session, maker.activity())
        audit.record(
            session, ctx, None, "demo.generate", detail=f"{customers} customers", username="demo"
        )
    return DemoResult(staff, customers, time.perf_counter() - started)
