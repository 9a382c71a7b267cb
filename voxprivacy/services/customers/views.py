"""What a customer record looks like to a role: the view dataclasses and their building.

What a role may not see is left out of the view entirely. Card data never goes
beyond brand, last four and expiry; the processor token never leaves the database.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.catalog import PRODUCTS, REQUIREMENT_LABELS, fate_text
from voxprivacy.domain.consent import ConsentFact, current_consents
from voxprivacy.domain.enums import AddressKind, ConsentAction, CustomerStatus, Purpose, Role
from voxprivacy.domain.roles import Section, sections_for
from voxprivacy.storage.models import (
    ConsentEvent,
    Customer,
    Interaction,
    Invoice,
    PaymentCard,
    Staff,
    Subscription,
)


@dataclass
class AddressView:
    kind: str
    street: str
    postal_code: str
    city: str
    country: str


@dataclass
class PhoneView:
    e164: str
    display: str
    kind: str
    primary: bool


@dataclass
class EmailView:
    address: str
    primary: bool


@dataclass
class ServiceView:
    id: str
    product: str
    label: str
    identifier: str
    status: str
    attributes: dict[str, Any]
    requires: list[str]
    started_at: datetime
    ended_at: datetime | None = None
    number: str | None = None  # when ended: what became of its number (catalog.fate_text)
    customer_id: str = ""


@dataclass
class CardView:
    brand: str
    last4: str
    expiry: str
    id: str = ""


@dataclass
class InvoiceView:
    number: str
    issued_on: date
    due_on: date
    amount_cents: int
    paid_cents: int
    currency: str
    status: str


@dataclass
class ConsentView:
    purpose: str
    granted: bool
    since: datetime | None
    source: str | None


@dataclass
class ConsentHistoryRow:
    purpose: str
    action: str
    source: str
    evidence: str | None
    staff: str | None
    expressed_at: datetime
    recorded_at: datetime


@dataclass
class InteractionView:
    at: datetime
    channel: str
    staff: str | None
    summary: str


@dataclass
class CustomerView:
    id: str
    account_number: str
    kind: str
    name: str
    company: str | None
    status: str
    version: int
    sections: list[str]
    created_at: datetime
    terminated_at: datetime | None = None
    termination_due: date | None = None  # a termination scheduled for this day
    preferred_channel: str | None = None
    language: str | None = None
    note: str | None = None
    addresses: list[AddressView] | None = None
    phones: list[PhoneView] | None = None
    emails: list[EmailView] | None = None
    services: list[ServiceView] | None = None
    consents: list[ConsentView] | None = None
    consent_history: list[ConsentHistoryRow] | None = None
    interactions: list[InteractionView] | None = None
    interaction_count: int | None = None
    cards: list[CardView] | None = None
    invoices: list[InvoiceView] | None = None
    billing_address: AddressView | None = None
    balance_cents: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: val for k, val in asdict(self).items() if val is not None}


@dataclass
class CustomerHit:
    id: str
    account_number: str
    name: str
    company: str | None
    status: str
    email: str | None
    phone: str | None


RECENT_INTERACTIONS = 100


def service_view(s: Subscription) -> ServiceView:
    product = PRODUCTS.get(s.product)
    return ServiceView(
        str(s.id),
        s.product,
        product.label if product else s.product,
        s.identifier,
        s.status,
        dict(s.attributes or {}),
        [REQUIREMENT_LABELS[r] for r in sorted(product.requires)] if product else [],
        s.started_at,
        ended_at=s.ended_at,
        number=fate_text(s.end_outcome) if s.end_outcome else None,
        customer_id=str(s.customer_id),
    )


def card_view(c: PaymentCard) -> CardView:
    """Brand, last four and expiry: never the token."""
    return CardView(c.brand, c.last4, f"{c.exp_month:02d}/{c.exp_year}", str(c.id))


def _usernames(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.execute(select(Staff.id, Staff.username).where(Staff.id.in_(wanted))).all())


def consent_history(session: Session, customer_id: uuid.UUID) -> list[ConsentEvent]:
    return list(
        session.execute(
            select(ConsentEvent)
            .where(ConsentEvent.customer_id == customer_id)
            .order_by(ConsentEvent.expressed_at.desc(), ConsentEvent.recorded_at.desc())
        ).scalars()
    )


def consent_states(events: list[ConsentEvent]) -> list[ConsentView]:
    facts = [
        ConsentFact(Purpose(e.purpose), ConsentAction(e.action), e.expressed_at, str(e.id))
        for e in events
    ]
    state = current_consents(facts)
    views = []
    for purpose in Purpose:
        latest = next((e for e in events if e.purpose == purpose), None)
        views.append(
            ConsentView(
                str(purpose),
                state[purpose],
                latest.expressed_at if latest else None,
                latest.source if latest else None,
            )
        )
    return views


def build_view(session: Session, customer: Customer, role: Role) -> CustomerView:
    sections = sections_for(role)
    view = CustomerView(
        id=str(customer.id),
        account_number=customer.account_number,
        kind=customer.kind,
        name=customer.name,
        company=customer.company,
        status=customer.status,
        version=customer.version,
        sections=sorted(sections),
        created_at=customer.created_at,
        terminated_at=customer.terminated_at,
        termination_due=customer.termination_due,
    )
    if customer.status == CustomerStatus.ERASED:
        view.sections = []
        return view
    if Section.CONTACT in sections:
        view.preferred_channel = customer.preferred_channel
        view.language = customer.language
        view.note = customer.note
        view.addresses = [
            AddressView(a.kind, a.street, a.postal_code, a.city, a.country)
            for a in customer.addresses
        ]
        view.phones = [
            PhoneView(p.e164, v.display_phone(p.e164), p.kind, p.is_primary)
            for p in customer.phones
        ]
        view.emails = [EmailView(e.address, e.is_primary) for e in customer.emails]
    if Section.SERVICES in sections:
        view.services = [service_view(s) for s in customer.subscriptions]
    if Section.CONSENTS in sections:
        events = consent_history(session, customer.id)
        names = _usernames(session, {e.staff_id for e in events})
        view.consents = consent_states(events)
        view.consent_history = [
            ConsentHistoryRow(
                e.purpose,
                e.action,
                e.source,
                e.evidence,
                names.get(e.staff_id) if e.staff_id else None,
                e.expressed_at,
                e.recorded_at,
            )
            for e in events
        ]
    if Section.INTERACTIONS in sections:
        rows = (
            session.execute(
                select(Interaction)
                .where(Interaction.customer_id == customer.id)
                .order_by(Interaction.at.desc())
                .limit(RECENT_INTERACTIONS)
            )
            .scalars()
            .all()
        )
        names = _usernames(session, {r.staff_id for r in rows})
        view.interactions = [
            InteractionView(
                r.at, r.channel, names.get(r.staff_id) if r.staff_id else None, r.summary
            )
            for r in rows
        ]
        view.interaction_count = session.execute(
            select(func.count())
            .select_from(Interaction)
            .where(Interaction.customer_id == customer.id)
        ).scalar_one()
    if Section.BILLING in sections:
        view.cards = [card_view(c) for c in customer.cards]
        invoices = (
            session.execute(
                select(Invoice)
                .where(Invoice.customer_id == customer.id)
                .order_by(Invoice.issued_on.desc())
            )
            .scalars()
            .all()
        )
        view.invoices = [
            InvoiceView(
                i.number, i.issued_on, i.due_on, i.amount_cents, i.paid_cents, i.currency, i.status
            )
            for i in invoices
        ]
        for i in invoices:
            if i.status in ("open", "overdue"):
                view.balance_cents[i.currency] = (
                    view.balance_cents.get(i.currency, 0) + i.amount_cents - i.paid_cents
                )
    if Section.BILLING_ADDRESS in sections:
        billing = next((a for a in customer.addresses if a.kind == AddressKind.BILLING), None)
        if billing is not None:
            view.billing_address = AddressView(
                billing.kind, billing.street, billing.postal_code, billing.city, billing.country
            )
    return view
