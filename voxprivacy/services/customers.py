"""Customer records: finding, showing (as the role may see them), correcting.

What a role may not see is left out of the view entirely. Card data never
goes beyond brand, last four and expiry; the processor token never leaves the
database. Every view of a record and every change is audited with the field
names involved; edits validate everything before writing anything.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from voxprivacy.domain import validation as v
from voxprivacy.domain.catalog import PRODUCTS, REQUIREMENT_LABELS
from voxprivacy.domain.consent import ConsentFact, current_consents
from voxprivacy.domain.enums import (
    AddressKind,
    Channel,
    ConsentAction,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
    PhoneKind,
    Purpose,
    Role,
    ServiceStatus,
)
from voxprivacy.domain.roles import (
    Permission,
    Section,
    TermKind,
    may,
    searchable_kinds,
    sections_for,
)
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput, CustomerErased, NotFound, StaleEdit
from voxprivacy.services import audit, search_index
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import reads, refuse_role, writes
from voxprivacy.storage.models import (
    Address,
    ConsentEvent,
    Customer,
    Email,
    Interaction,
    Invoice,
    Phone,
    SearchCount,
    Staff,
    table_of,
)

# --------------------------------------------------------------------------- views


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


@dataclass
class CardView:
    brand: str
    last4: str
    expiry: str


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


# --------------------------------------------------------------------------- lookup


def resolve(session: Session, ref: str | uuid.UUID, *, for_update: bool = False) -> Customer:
    """Find a customer by account number or id."""
    stmt = select(Customer)
    if isinstance(ref, uuid.UUID):
        stmt = stmt.where(Customer.id == ref)
    else:
        text = v.clean_text(ref, "customer", limit=100)
        try:
            stmt = stmt.where(Customer.id == uuid.UUID(text))
        except ValueError:
            stmt = stmt.where(Customer.account_number == text.upper())
    if for_update:
        stmt = stmt.with_for_update()
    customer = session.execute(stmt).scalar_one_or_none()
    if customer is None:
        raise NotFound(
            f"No customer has the account number or id {str(ref)!r}; search for "
            "the customer by name, email or phone instead.",
            "customer",
        )
    return customer


def refuse_if_erased(customer: Customer) -> None:
    if customer.status == CustomerStatus.ERASED:
        raise CustomerErased(
            f"Customer {customer.account_number} was erased; the record "
            "holds no personal data and cannot be changed."
        )


STATUSES = tuple(s.value for s in CustomerStatus)


def _matching_in_order(
    session: Session,
    prefixes: list[str],
    statuses: tuple[str, ...] | None,
    wanted: int,
    with_contact: bool,
    kinds: frozenset[TermKind] | None = None,
) -> list[CustomerHit]:
    """The first ``wanted`` matches, ordered by the matching word.

    A customer may match with several words ("Marie Martin"); the index is read a
    page at a time from a cursor until enough distinct customers were seen.
    """
    hits: list[CustomerHit] = []
    seen: set[uuid.UUID] = set()
    cursor: tuple[str, uuid.UUID] | None = None
    page = wanted * 2
    while len(hits) < wanted:
        stmt = search_index.matches_in_term_order(prefixes, cursor, statuses, with_contact, kinds)
        rows = session.connection().execute(stmt.limit(page)).all()
        for cid, _term, account, name, company, status, email, phone in rows:
            if cid not in seen:
                seen.add(cid)
                shown_phone = v.display_phone(phone) if phone else None
                hits.append(
                    CustomerHit(str(cid), account, name, company, status, email, shown_phone)
                )
        if len(rows) < page:
            break
        cursor = (rows[-1][1], rows[-1][0])
    return hits[:wanted]


@reads(Permission.SEARCH_CUSTOMERS)
def search_customers(
    ctx: Context,
    actor: Actor,
    text: str,
    *,
    statuses: tuple[str, ...] | None = None,
    limit: int = 100,
) -> list[CustomerHit]:
    """Prefix search over name, company, email, phone and account number.

    A role searches only the fields it may see (finance and admins: name, company
    and account number; not emails or phone numbers). Results come in the order of
    the matching word (a phone book of what was typed), which lets the index deliver
    the first page at once even for one typed letter. Every search is counted for
    the searcher (see ``_count_search``).
    """
    prefixes = search_index.query_prefixes(v.clean_text(text, "search", limit=200, required=False))
    if not prefixes:
        return []
    if statuses:
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise BadInput(f"Unknown status {bad[0]!r}; use {', '.join(STATUSES)}.", "status")
    wanted = max(1, min(limit, 1000))
    with_contact = Section.CONTACT in sections_for(actor.role)
    kinds = searchable_kinds(actor.role)
    with ctx.db.read() as session:
        hits = _matching_in_order(
            session,
            prefixes,
            statuses,
            wanted,
            with_contact,
            None if kinds == frozenset(TermKind) else kinds,
        )
    _count_search(ctx, actor)
    return hits


# A member's searches are counted per UTC day; the audit trail gets an event when the
# count reaches SEARCH_ALERT_AT and each doubling of it (500, 1,000, 2,000, 4,000 …).
SEARCH_ALERT_AT = 500
# The count is written at a sign-in's first search, then after this many searches or
# this long, and always before it could reach the next threshold.
SEARCH_WRITE_EVERY = 25
SEARCH_WRITE_AFTER = timedelta(minutes=1)


def _next_alert(count: int) -> int:
    threshold = SEARCH_ALERT_AT
    while threshold <= count:
        threshold *= 2
    return threshold


def _count_search(ctx: Context, actor: Actor) -> None:
    """Count one search for the member today; audit the count when it crosses a threshold.

    Searches are not audited one by one (the desk searches as one types); the count
    is, so a walk of the index (thousands of searches to spell out addresses or
    numbers) stands out in the audit trail while a normal day leaves no event. The
    desk adds its searches to the database in batches (a write per search would cost
    more than the search), never so late that a threshold is crossed unrecorded.
    """
    tally = actor.searches
    tally.pending += 1
    now = ctx.now()
    day = now.astimezone(UTC).date()
    if (
        tally.written_at is not None
        and tally.day == day
        and tally.pending < SEARCH_WRITE_EVERY
        and now - tally.written_at < SEARCH_WRITE_AFTER
        and tally.known + tally.pending < _next_alert(tally.known)
    ):
        return
    added = tally.pending
    table = table_of(SearchCount)
    with ctx.db.write() as session:
        upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            upsert(table)
            .values(staff_id=actor.staff_id, day=day, searches=added)
            .on_conflict_do_update(
                index_elements=[table.c.staff_id, table.c.day],
                set_={"searches": table.c.searches + added},
            )
        )
        count = int(
            session.execute(
                select(table.c.searches).where(
                    table.c.staff_id == actor.staff_id, table.c.day == day
                )
            ).scalar_one()
        )
        threshold = _next_alert(count - added)
        while threshold <= count:
            audit.record(
                session,
                ctx,
                actor,
                "customer.search_volume",
                entity_type="staff",
                entity_id=actor.staff_id,
                detail=(
                    f"{threshold} customer searches reached on {day.isoformat()} (UTC); "
                    f"the next event at {threshold * 2}"
                ),
            )
            threshold *= 2
    tally.pending -= added
    tally.day, tally.known, tally.written_at = day, count, now


# --------------------------------------------------------------------------- showing

RECENT_INTERACTIONS = 100


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
        view.services = [
            ServiceView(
                str(s.id),
                s.product,
                PRODUCTS[s.product].label if s.product in PRODUCTS else s.product,
                s.identifier,
                s.status,
                dict(s.attributes or {}),
                [REQUIREMENT_LABELS[r] for r in sorted(PRODUCTS[s.product].requires)]
                if s.product in PRODUCTS
                else [],
                s.started_at,
            )
            for s in customer.subscriptions
        ]
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
        view.cards = [
            CardView(c.brand, c.last4, f"{c.exp_month:02d}/{c.exp_year}") for c in customer.cards
        ]
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


def load_full(session: Session, ref: str | uuid.UUID) -> Customer:
    customer = resolve(session, ref)
    session.refresh(customer)
    return session.execute(
        select(Customer)
        .where(Customer.id == customer.id)
        .options(
            selectinload(Customer.addresses),
            selectinload(Customer.phones),
            selectinload(Customer.emails),
            selectinload(Customer.subscriptions),
            selectinload(Customer.cards),
        )
    ).scalar_one()


@reads(Permission.SEARCH_CUSTOMERS)
def show_customer(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> CustomerView:
    """The record as the caller's role may see it; the view is audited."""
    with ctx.db.read() as session:
        customer = load_full(session, ref)
        view = build_view(session, customer, actor.role)
    action = "customer.reveal_billing" if Section.BILLING in view.sections else "customer.view"
    audit.record_alone(
        ctx, actor, action, entity_type="customer", entity_id=view.id, fields=view.sections
    )
    return view


@reads(Permission.SEARCH_CUSTOMERS)
def list_interactions(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    *,
    before: datetime | None = None,
    limit: int = 200,
) -> list[InteractionView]:
    if Section.INTERACTIONS not in sections_for(actor.role):
        raise refuse_role(
            actor,
            "customer.list_interactions",
            f"Your role ({actor.role}) does not see interactions.",
            entity_type="customer",
            detail=f"role {actor.role} lacks section {Section.INTERACTIONS}",
        )
    v.require_aware(before, "before")
    with ctx.db.read() as session:
        customer = resolve(session, ref)
        stmt = (
            select(Interaction)
            .where(Interaction.customer_id == customer.id)
            .order_by(Interaction.at.desc())
            .limit(max(1, min(limit, 1000)))
        )
        if before is not None:
            stmt = stmt.where(Interaction.at < before)
        rows = session.execute(stmt).scalars().all()
        names = _usernames(session, {r.staff_id for r in rows})
    return [
        InteractionView(r.at, r.channel, names.get(r.staff_id) if r.staff_id else None, r.summary)
        for r in rows
    ]


# --------------------------------------------------------------------------- editing

ADDRESS_PARTS = ("street", "postal_code", "city", "country")


@dataclass(frozen=True)
class EditableField:
    name: str
    help: str
    permission: Permission


def _editable_fields() -> dict[str, EditableField]:
    e = Permission.EDIT_CUSTOMERS
    fields = [
        EditableField("name", "full name of the customer (or contact person)", e),
        EditableField("company", "company name (business customers); empty clears it", e),
        EditableField("kind", "private or business", e),
        EditableField("preferred_channel", "email, phone, sms or post", e),
        EditableField("language", "preferred language, e.g. en, de, fr-CH; empty clears it", e),
        EditableField("note", "free-text note (never a card number)", e),
        EditableField("email", "the primary email address", e),
        EditableField("emails.add", "add another email address", e),
        EditableField("emails.remove", "remove an email address", e),
        EditableField("phone", "the primary phone number (with country code)", e),
        EditableField("phones.add", "add another phone number", e),
        EditableField("phones.remove", "remove a phone number", e),
    ]
    for kind in AddressKind:
        perm = Permission.EDIT_BILLING if kind is AddressKind.BILLING else e
        for part in ADDRESS_PARTS:
            fields.append(
                EditableField(
                    f"address.{kind}.{part}", f"{kind} address: {part.replace('_', ' ')}", perm
                )
            )
        fields.append(
            EditableField(f"address.{kind}", f"empty value removes the {kind} address", perm)
        )
    return {f.name: f for f in fields}


EDITABLE_FIELDS = _editable_fields()


class InvalidFields(BadInput):
    """Several fields failed validation; ``errors`` maps each to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()), next(iter(errors)))
        self.errors = errors


class StaleCustomerEdit(StaleEdit):
    """The record changed since the editor read it; ``view`` is the record as it is now,
    as the editor's role may see it. Nothing was written."""

    def __init__(self, message: str, view: CustomerView) -> None:
        super().__init__(message, view.to_dict())
        self.view = view


def view_from_dict(data: Mapping[str, Any]) -> CustomerView:
    """Rebuild a CustomerView from ``CustomerView.to_dict()``, which leaves out every field
    that was None (a record read back from JSON)."""
    d: dict[str, Any] = {f.name: data.get(f.name) for f in dataclass_fields(CustomerView)}
    d["balance_cents"] = dict(data.get("balance_cents") or {})
    nested: dict[str, type] = {
        "addresses": AddressView,
        "phones": PhoneView,
        "emails": EmailView,
        "services": ServiceView,
        "consents": ConsentView,
        "consent_history": ConsentHistoryRow,
        "interactions": InteractionView,
        "cards": CardView,
        "invoices": InvoiceView,
    }
    for key, cls in nested.items():
        if d.get(key) is not None:
            d[key] = [cls(**item) for item in d[key]]
    if d.get("billing_address") is not None:
        d["billing_address"] = AddressView(**d["billing_address"])
    return CustomerView(**d)


def field_values(view: CustomerView) -> dict[str, str]:
    """The editable fields' values in ``view``, keyed by the names in EDITABLE_FIELDS; a
    field the view's role does not see is left out."""
    values = {"name": view.name, "company": view.company or "", "kind": view.kind}
    if view.emails is not None:
        primary = next((e for e in view.emails if e.primary), None)
        values["email"] = primary.address if primary else ""
        values["emails.add"] = values["emails.remove"] = ""
    if view.phones is not None:
        phone = next((p for p in view.phones if p.primary), None)
        values["phone"] = phone.display if phone else ""
        values["phones.add"] = values["phones.remove"] = ""
    if Section.CONTACT in view.sections:
        values["preferred_channel"] = view.preferred_channel or ""
        values["language"] = view.language or ""
        values["note"] = view.note or ""
    addresses: dict[str, AddressView] = {a.kind: a for a in view.addresses or []}
    kinds = [str(k) for k in AddressKind] if view.addresses is not None else []
    if view.billing_address is not None:
        addresses[view.billing_address.kind] = view.billing_address
    if Section.BILLING_ADDRESS in view.sections and "billing" not in kinds:
        kinds.append("billing")
    for kind in kinds:
        found = addresses.get(kind)
        values[f"address.{kind}"] = ""
        for part in ADDRESS_PARTS:
            values[f"address.{kind}.{part}"] = str(getattr(found, part)) if found else ""
    return values


def may_edit_field(role: Role, name: str) -> bool:
    spec = EDITABLE_FIELDS[name]
    if spec.permission is Permission.EDIT_BILLING:
        return may(role, Permission.EDIT_BILLING) or may(role, Permission.EDIT_CUSTOMERS)
    return may(role, spec.permission)


def _validate(changes: Mapping[str, str], region: str | None) -> dict[str, Any]:
    """Validate every change up front; returns clean values or raises InvalidFields."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in changes.items():
        try:
            if name not in EDITABLE_FIELDS:
                raise BadInput(
                    f"{name}: is not a field that can be edited; "
                    "'customer edit --help' lists them.",
                    name,
                )
            clean[name] = _clean_one(name, raw, region)
        except BadInput as exc:
            errors[name] = exc.message
    if errors:
        raise InvalidFields(errors)
    return clean


def _clean_one(name: str, raw: str, region: str | None) -> Any:
    if name == "name":
        return v.clean_text(raw, name, limit=v.LIMITS["name"])
    if name == "company":
        return v.clean_text(raw, name, required=False) or None
    if name == "kind":
        try:
            return CustomerKind(raw.strip().lower())
        except ValueError:
            raise BadInput("kind: use private or business.", name) from None
    if name == "preferred_channel":
        try:
            return Channel(raw.strip().lower())
        except ValueError:
            raise BadInput("preferred_channel: use email, phone, sms or post.", name) from None
    if name == "language":
        text = v.clean_text(raw, name, limit=10, required=False)
        if text and not all(p.isalpha() and p.isascii() for p in text.split("-")):
            raise BadInput("language: use a language tag such as en, de or fr-CH.", name)
        return text or None
    if name == "note":
        text = v.clean_text(raw, name, limit=v.LIMITS["note"], required=False, multiline=True)
        v.refuse_card_numbers(text, name)
        return text or None
    if name in ("email", "emails.add", "emails.remove"):
        return v.clean_email(raw, name)
    if name in ("phone", "phones.add", "phones.remove"):
        return v.clean_phone(raw, region, name)
    if name.startswith("address."):
        parts = name.split(".")
        if len(parts) == 2:
            if raw.strip():
                raise BadInput(
                    f"{name}: give an empty value to remove the address, or set "
                    f"its parts with {name}.street=… and so on.",
                    name,
                )
            return None
        part = parts[2]
        if part == "country":
            return v.clean_country(raw, name)
        return v.clean_text(raw, name, limit=v.LIMITS.get(part, 100))
    raise BadInput(f"{name}: cannot be edited.", name)  # pragma: no cover - table and code agree


def _region(customer: Customer) -> str | None:
    for address in customer.addresses:
        return v.region_for_country(address.country)
    return None


def _apply(customer: Customer, clean: dict[str, Any]) -> None:
    for name, value in clean.items():
        if name in ("name", "company", "language", "note"):
            setattr(customer, name, value)
        elif name in ("kind", "preferred_channel"):
            setattr(customer, name, str(value))
        elif name == "email":
            _set_primary_email(customer, value)
        elif name == "emails.add":
            if not any(e.address.casefold() == value.casefold() for e in customer.emails):
                customer.emails.append(
                    Email(
                        address=value, address_folded=v.fold(value), is_primary=not customer.emails
                    )
                )
        elif name == "emails.remove":
            _remove_email(customer, value)
        elif name == "phone":
            _set_primary_phone(customer, value)
        elif name == "phones.add":
            if not any(p.e164 == value for p in customer.phones):
                customer.phones.append(
                    Phone(e164=value, kind=_phone_kind(value), is_primary=not customer.phones)
                )
        elif name == "phones.remove":
            _remove_phone(customer, value)
    _apply_addresses(customer, clean)
    if customer.kind == CustomerKind.BUSINESS and not customer.company:
        raise InvalidFields({"company": "company: a business customer needs a company name."})


def _phone_kind(e164: str) -> str:
    return str(PhoneKind.MOBILE if v.phone_is_mobile(e164) else PhoneKind.LANDLINE)


def _set_primary_email(customer: Customer, value: str) -> None:
    same = next((e for e in customer.emails if e.address.casefold() == value.casefold()), None)
    primary = next((e for e in customer.emails if e.is_primary), None)
    if same is not None:
        for e in customer.emails:
            e.is_primary = e is same
    elif primary is not None:
        primary.address, primary.address_folded = value, v.fold(value)
    else:
        customer.emails.append(Email(address=value, address_folded=v.fold(value), is_primary=True))


def _remove_email(customer: Customer, value: str) -> None:
    found = next((e for e in customer.emails if e.address.casefold() == value.casefold()), None)
    if found is None:
        raise InvalidFields({"emails.remove": f"emails.remove: {value} is not on the record."})
    customer.emails.remove(found)
    if found.is_primary and customer.emails:
        customer.emails[0].is_primary = True


def _set_primary_phone(customer: Customer, value: str) -> None:
    same = next((p for p in customer.phones if p.e164 == value), None)
    primary = next((p for p in customer.phones if p.is_primary), None)
    if same is not None:
        for p in customer.phones:
            p.is_primary = p is same
    elif primary is not None:
        primary.e164, primary.kind = value, _phone_kind(value)
    else:
        customer.phones.append(Phone(e164=value, kind=_phone_kind(value), is_primary=True))


def _remove_phone(customer: Customer, value: str) -> None:
    found = next((p for p in customer.phones if p.e164 == value), None)
    if found is None:
        raise InvalidFields({"phones.remove": f"phones.remove: {value} is not on the record."})
    customer.phones.remove(found)
    if found.is_primary and customer.phones:
        customer.phones[0].is_primary = True


def _apply_addresses(customer: Customer, clean: dict[str, Any]) -> None:
    for kind in AddressKind:
        prefix = f"address.{kind}"
        existing = next((a for a in customer.addresses if a.kind == kind), None)
        if prefix in clean:
            if existing is not None:
                customer.addresses.remove(existing)
            continue
        parts = {p: clean[f"{prefix}.{p}"] for p in ADDRESS_PARTS if f"{prefix}.{p}" in clean}
        if not parts:
            continue
        if existing is None:
            missing = [p for p in ADDRESS_PARTS if p not in parts]
            if missing:
                needed = ", ".join(missing)
                raise InvalidFields(
                    {f"{prefix}.{missing[0]}": f"{prefix}: a new address needs {needed} too."}
                )
            customer.addresses.append(Address(kind=str(kind), **parts))
        else:
            for part, value in parts.items():
                setattr(existing, part, value)


def reindex(session: Session, customer: Customer) -> None:
    search_index.replace_terms(
        session,
        customer.id,
        search_index.terms_for(
            customer.account_number,
            customer.name,
            customer.company,
            [e.address for e in customer.emails],
            [p.e164 for p in customer.phones],
        ),
    )


def check_edit_allowed(ctx: Context, actor: Actor, changes: Mapping[str, str]) -> None:
    """Refuse (and audit) fields the actor's role may not change."""
    if not changes:
        raise BadInput("Name at least one FIELD=VALUE to change.", "changes")
    refused = [n for n in changes if n in EDITABLE_FIELDS and not may_edit_field(actor.role, n)]
    if refused:
        raise refuse_role(
            actor,
            "customer.edit",
            f"Your role ({actor.role}) may not change {', '.join(refused)}.",
            entity_type="customer",
            fields=refused,
        )


def field_value(customer: Customer, name: str) -> str | None:
    """The current value behind an editable field name, as text (None when absent)."""
    if name in ("name", "company", "kind", "preferred_channel", "language", "note"):
        value = getattr(customer, name)
        return None if value is None else str(value)
    if name == "email":
        return next((e.address for e in customer.emails if e.is_primary), None)
    if name == "phone":
        return next((p.e164 for p in customer.phones if p.is_primary), None)
    if name.startswith("address."):
        parts = name.split(".")
        address = next((a for a in customer.addresses if a.kind == parts[1]), None)
        if address is None:
            return None
        if len(parts) == 2:
            return f"{address.street}, {address.postal_code} {address.city}, {address.country}"
        return str(getattr(address, parts[2]))
    return None  # emails.add/remove, phones.add/remove: the value itself is the change


def apply_changes(
    session: Session, ctx: Context, customer: Customer, changes: Mapping[str, str]
) -> dict[str, tuple[str | None, str | None]]:
    """Validate and apply changes to a loaded record; returns each field's before and after."""
    refuse_if_erased(customer)
    clean = _validate(changes, _region(customer))
    before = {name: field_value(customer, name) for name in clean}
    _apply(customer, clean)
    customer.updated_at = ctx.now()
    session.flush()
    reindex(session, customer)
    result: dict[str, tuple[str | None, str | None]] = {}
    for name, value in clean.items():
        if name.endswith(".remove"):
            result[name] = (str(value), None)
        elif name.endswith(".add"):
            result[name] = (None, str(value))
        else:
            result[name] = (before[name], field_value(customer, name))
    return result


@writes(None)
def edit_customer(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    changes: Mapping[str, str],
    *,
    expected_version: int | None = None,
) -> CustomerView:
    """Correct fields of a record; all are validated first and written together or not at all.

    ``expected_version`` is the version the editor saw; if someone saved in between, the
    edit is refused with StaleCustomerEdit carrying the current view, so nothing is overwritten.
    """
    check_edit_allowed(ctx, actor, changes)
    with ctx.db.write() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        if expected_version is not None and customer.version != expected_version:
            raise StaleCustomerEdit(
                f"Customer {customer.account_number} was changed by someone else while you "
                "were editing; review the current values and apply your change again.",
                build_view(session, customer, actor.role),
            )
        changed = apply_changes(session, ctx, customer, changes)
        audit.record(
            session,
            ctx,
            actor,
            "customer.edit",
            entity_type="customer",
            entity_id=customer.id,
            fields=list(changed),
        )
        session.flush()
        session.refresh(customer)
        return build_view(session, load_full(session, customer.id), actor.role)


def new_account_number(session: Session) -> str:
    while True:
        number = f"VX{secrets.randbelow(90_000_000) + 10_000_000}"
        if (
            session.execute(select(Customer.id).where(Customer.account_number == number)).first()
            is None
        ):
            return number


def new_billing_reference() -> str:
    return f"BR-{secrets.token_hex(8).upper()}"


@writes(Permission.EDIT_CUSTOMERS)
def create_customer(
    ctx: Context, actor: Actor, kind: str, name: str, fields: Mapping[str, str] | None = None
) -> CustomerView:
    """Register a customer; ``fields`` takes the same FIELD=VALUE names as edit_customer."""
    clean_kind = _clean_one("kind", kind, None)
    clean_name = v.clean_text(name, "name")
    extra = dict(fields or {})
    with ctx.db.write() as session:
        customer = Customer(
            account_number=new_account_number(session),
            kind=str(clean_kind),
            name=clean_name,
            billing_reference=new_billing_reference(),
            status=str(CustomerStatus.ACTIVE),
            created_at=ctx.now(),
            updated_at=ctx.now(),
            preferred_channel=str(Channel.EMAIL),
        )
        customer.addresses, customer.phones, customer.emails = [], [], []
        country = extra.get("address.private.country") or extra.get("address.business.country")
        region = v.region_for_country(country.strip().upper()) if country else None
        _apply(customer, _validate(extra, region)) if extra else None
        if customer.kind == CustomerKind.BUSINESS and not customer.company:
            raise InvalidFields({"company": "company: a business customer needs a company name."})
        session.add(customer)
        session.flush()
        reindex(session, customer)
        audit.record(
            session,
            ctx,
            actor,
            "customer.create",
            entity_type="customer",
            entity_id=customer.id,
            fields=["kind", "name", *extra],
        )
        session.flush()
        return build_view(session, load_full(session, customer.id), actor.role)


@writes(Permission.RECORD_INTERACTIONS)
def record_interaction(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, channel: str, summary: str
) -> InteractionView:
    try:
        clean_channel = member_of(InteractionChannel, channel)
    except ValueError:
        raise BadInput(
            f"channel: use one of {', '.join(printed_values(InteractionChannel))}.", "channel"
        ) from None
    text = v.clean_text(summary, "summary", limit=v.LIMITS["summary"], multiline=True)
    v.refuse_card_numbers(text, "summary")
    with ctx.db.write() as session:
        customer = resolve(session, ref)
        refuse_if_erased(customer)
        row = Interaction(
            customer_id=customer.id,
            at=ctx.now(),
            channel=str(clean_channel),
            staff_id=actor.staff_id,
            summary=text,
        )
        session.add(row)
        audit.record(
            session,
            ctx,
            actor,
            "interaction.record",
            entity_type="customer",
            entity_id=customer.id,
            fields=["channel", "summary"],
        )
    return InteractionView(row.at, row.channel, actor.username, row.summary)


@writes(Permission.TERMINATE_ACCOUNTS)
def terminate_account(ctx: Context, actor: Actor, ref: str | uuid.UUID, reason: str) -> None:
    """End the relationship: services end, the record stays (and keeps its consents)."""
    text = v.clean_text(reason, "reason", limit=v.LIMITS["reason"])
    v.refuse_card_numbers(text, "reason")
    with ctx.db.write() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        if customer.status == CustomerStatus.TERMINATED:
            raise BadInput(f"Customer {customer.account_number} is already terminated.", "status")
        now = ctx.now()
        customer.status = str(CustomerStatus.TERMINATED)
        customer.terminated_at = now
        for sub in customer.subscriptions:
            if sub.status != ServiceStatus.ENDED:
                sub.status, sub.ended_at = str(ServiceStatus.ENDED), now
        session.add(
            Interaction(
                customer_id=customer.id,
                at=now,
                channel=str(InteractionChannel.PHONE),
                staff_id=actor.staff_id,
                summary=f"Account terminated: {text}",
            )
        )
        audit.record(
            session,
            ctx,
            actor,
            "customer.terminate",
            entity_type="customer",
            entity_id=customer.id,
            fields=["status", "terminated_at", "services"],
        )
