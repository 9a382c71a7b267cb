"""A customer's life on record: registering, recording interactions, terminating (today or on
a later day, after a preview of what ends) and reactivating within the grace period."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import lifecycle as rules
from voxprivacy.domain import validation as v
from voxprivacy.domain.catalog import PRODUCTS, NumberFate, fate_text
from voxprivacy.domain.enums import (
    Channel,
    ConsentAction,
    ConsentSource,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
    InvoiceStatus,
    PhoneKind,
    Purpose,
    ServiceStatus,
)
from voxprivacy.domain.roles import Permission, Section, sections_for
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput, InvalidFields
from voxprivacy.i18n import _, in_english, ngettext
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.duplicates import PossibleDuplicates, duplicates_in
from voxprivacy.services.customers.edit import _apply, _clean_one, _validate, reindex
from voxprivacy.services.customers.lookup import load_full, refuse_if_erased, resolve
from voxprivacy.services.customers.views import CustomerView, InteractionView, build_view
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage.models import ConsentEvent, Customer, Email, Interaction, Invoice, Phone


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


def _consent_events(
    actor: Actor,
    now: datetime,
    consents: Mapping[str, bool],
    source: str | None,
    evidence: str | None,
) -> list[ConsentEvent]:
    """The initial consents as ledger rows, each with its source."""
    if not consents:
        return []
    if not source or not source.strip():
        raise BadInput(
            _(
                "consent_source: say how the customer gave the initial consents ({consentsource})."
            ).format(consentsource=", ".join(printed_values(ConsentSource))),
            "consent_source",
        )
    try:
        clean_source = member_of(ConsentSource, source)
    except ValueError:
        raise BadInput(
            _("consent_source: use one of {consentsource}.").format(
                consentsource=", ".join(printed_values(ConsentSource))
            ),
            "consent_source",
        ) from None
    clean_evidence = (
        v.clean_text(evidence, "consent_evidence", limit=v.LIMITS["evidence"], required=False)
        if evidence
        else ""
    )
    v.refuse_card_numbers(clean_evidence, "consent_evidence")
    events = []
    for text, granted in consents.items():
        try:
            purpose = member_of(Purpose, text)
        except ValueError:
            raise BadInput(
                _("consents: {text!r} is not a purpose; use {purpose}.").format(
                    text=text, purpose=", ".join(printed_values(Purpose))
                ),
                "consents",
            ) from None
        events.append(
            ConsentEvent(
                purpose=str(purpose),
                action=str(ConsentAction.GRANTED if granted else ConsentAction.WITHDRAWN),
                source=str(clean_source),
                evidence=clean_evidence or None,
                staff_id=actor.staff_id,
                expressed_at=now,
                recorded_at=now,
            )
        )
    return events


def _add_contacts(
    customer: Customer, emails: Sequence[str], phones: Sequence[str], region: str | None
) -> None:
    errors: dict[str, str] = {}
    for n, raw in enumerate(e for e in emails if e.strip()):
        try:
            value = v.clean_email(raw, "email" if n == 0 else f"emails.{n}")
        except BadInput as exc:
            errors[exc.field or "email"] = exc.message
            continue
        if not any(e.address.casefold() == value.casefold() for e in customer.emails):
            customer.emails.append(
                Email(address=value, address_folded=v.fold(value), is_primary=not customer.emails)
            )
    for n, raw in enumerate(p for p in phones if p.strip()):
        try:
            e164 = v.clean_phone(raw, region, "phone" if n == 0 else f"phones.{n}")
        except BadInput as exc:
            errors[exc.field or "phone"] = exc.message
            continue
        if not any(p.e164 == e164 for p in customer.phones):
            kind = PhoneKind.MOBILE if v.phone_is_mobile(e164) else PhoneKind.LANDLINE
            customer.phones.append(Phone(e164=e164, kind=str(kind), is_primary=not customer.phones))
    if errors:
        raise InvalidFields(errors)


@writes(Permission.EDIT_CUSTOMERS)
def create_customer(
    ctx: Context,
    actor: Actor,
    kind: str,
    name: str,
    fields: Mapping[str, str] | None = None,
    *,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    consents: Mapping[str, bool] | None = None,
    consent_source: str | None = None,
    consent_evidence: str | None = None,
    even_if_duplicate: bool = False,
) -> CustomerView:
    """Register a customer and return the new record (with its account number).

    ``fields`` takes the same FIELD=VALUE names as edit_customer; ``emails`` and
    ``phones`` add more (the first one given is the primary one when ``fields`` names
    none); ``consents`` maps a purpose to on (True) or off, all given through
    ``consent_source``. A registration that matches a record on file (same email,
    phone, or name and postal code) is refused with PossibleDuplicates unless
    ``even_if_duplicate``: the desk and the command line show the matches first.
    """
    clean_kind = _clean_one("kind", kind, None)
    clean_name = v.clean_text(name, "name", limit=v.LIMITS["name"])
    extra = dict(fields or {})
    now = ctx.now()
    ledger = _consent_events(actor, now, consents or {}, consent_source, consent_evidence)
    with ctx.db.write() as session:
        customer = Customer(
            account_number=new_account_number(session),
            kind=str(clean_kind),
            name=clean_name,
            billing_reference=new_billing_reference(),
            status=str(CustomerStatus.ACTIVE),
            created_at=now,
            updated_at=now,
            preferred_channel=str(Channel.EMAIL),
        )
        customer.addresses, customer.phones, customer.emails = [], [], []
        country = extra.get("address.private.country") or extra.get("address.business.country")
        region = v.region_for_country(country.strip().upper()) if country else None
        _apply(customer, _validate(extra, region)) if extra else None
        _add_contacts(customer, emails, phones, region)
        if customer.kind == CustomerKind.BUSINESS and not customer.company:
            raise InvalidFields({"company": "company: a business customer needs a company name."})
        hits = duplicates_in(
            session,
            customer.name,
            [e.address for e in customer.emails],
            [p.e164 for p in customer.phones],
            [a.postal_code for a in customer.addresses],
        )
        if hits and not even_if_duplicate:
            raise PossibleDuplicates(hits)
        session.add(customer)
        session.flush()
        for event in ledger:
            event.customer_id = customer.id
            session.add(event)
        reindex(session, customer)
        audit.record(
            session,
            ctx,
            actor,
            "customer.create",
            entity_type="customer",
            entity_id=customer.id,
            fields=[
                "kind",
                "name",
                *extra,
                *(["emails"] if emails else []),
                *(["phones"] if phones else []),
                *(f"consent.{e.purpose}" for e in ledger),
            ],
            detail=(
                "registered despite possible duplicates "
                + ", ".join(h.account_number for h in hits)
            )[:300]
            if hits
            else None,
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
            _("channel: use one of {interactionchannel}.").format(
                interactionchannel=", ".join(printed_values(InteractionChannel))
            ),
            "channel",
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


@dataclass
class ServiceEnding:
    label: str
    identifier: str
    number: str  # what becomes of its number (catalog.fate_text)


@dataclass
class TerminationImpact:
    """What terminating the account does: the services that end (and their numbers), the
    billing data that stays (open invoices and the balance only for a role that sees
    billing), what is kept, and the reactivation deadline."""

    services: list[ServiceEnding]
    open_invoices: int | None
    balance_cents: dict[str, int] | None
    billing: str
    kept: list[str]
    grace_days: int = rules.REACTIVATION_GRACE_DAYS


def _impact(session: Session, customer: Customer, actor: Actor) -> TerminationImpact:
    running = [s for s in customer.subscriptions if s.status != ServiceStatus.ENDED]
    sees_services = Section.SERVICES in sections_for(actor.role)
    services = [
        ServiceEnding(
            PRODUCTS[s.product].label if s.product in PRODUCTS else s.product,
            s.identifier if sees_services else "",
            fate_text(PRODUCTS[s.product].on_end[0] if s.product in PRODUCTS else "retired"),
        )
        for s in running
    ]
    invoices = (
        session.execute(select(Invoice).where(Invoice.customer_id == customer.id)).scalars().all()
    )
    balance: dict[str, int] = {}
    open_count = 0
    for inv in invoices:
        if inv.status in (InvoiceStatus.OPEN, InvoiceStatus.OVERDUE):
            open_count += 1
            balance[inv.currency] = balance.get(inv.currency, 0) + inv.amount_cents - inv.paid_cents
    kept = [
        _(
            "the record, its consents and its interactions: the customer stays searchable and "
            "shows as terminated"
        ),
    ]
    n_invoices, n_cards = len(invoices), len(customer.cards)
    if invoices:
        kept.append(
            ngettext(
                "{n} invoice: open invoices stay open and payable",
                "{n} invoices: open invoices stay open and payable",
                n_invoices,
            ).format(n=n_invoices)
        )
    if customer.cards:
        kept.append(_("the card on file, until finance removes it"))
    grace = rules.REACTIVATION_GRACE_DAYS
    kept.append(
        ngettext(
            "a supervisor can reactivate the account within {days} day; "
            "ended services are not restarted",
            "a supervisor can reactivate the account within {days} days; "
            "ended services are not restarted",
            grace,
        ).format(days=grace)
    )
    parts = []
    if customer.cards:
        parts.append(ngettext("{n} card kept", "{n} cards kept", n_cards).format(n=n_cards))
    if invoices:
        parts.append(
            ngettext("{n} invoice kept", "{n} invoices kept", n_invoices).format(n=n_invoices)
        )
    billing = ", ".join(parts) or _("no billing data")
    if Section.BILLING not in sections_for(actor.role):
        return TerminationImpact(services, None, None, billing, kept)
    return TerminationImpact(services, open_count, balance, billing, kept)


@reads(Permission.TERMINATE_ACCOUNTS)
def termination_impact(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> TerminationImpact:
    """The preview shown before anyone confirms a termination."""
    with ctx.db.read() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        return _impact(session, customer, actor)


def _carry_out(
    session: Session, ctx: Context, actor: Actor | None, customer: Customer, text: str
) -> int:
    """Terminate now: every service that has not ended ends; the record stays."""
    now = ctx.now()
    customer.status = str(CustomerStatus.TERMINATED)
    customer.terminated_at = now
    customer.termination_due = None
    customer.termination_reason = None
    ended = 0
    for sub in customer.subscriptions:
        if sub.status != ServiceStatus.ENDED:
            spec = PRODUCTS.get(sub.product)
            sub.status, sub.ended_at = str(ServiceStatus.ENDED), now
            sub.end_outcome = str(spec.on_end[0] if spec else NumberFate.RETIRED)
            ended += 1
    session.add(
        Interaction(
            customer_id=customer.id,
            at=now,
            channel=str(InteractionChannel.PHONE),
            staff_id=actor.staff_id if actor else None,
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
        detail=in_english("{n} service ended", "{n} services ended", ended).format(n=ended),
    )
    return ended


@writes(Permission.TERMINATE_ACCOUNTS)
def terminate_account(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    reason: str,
    effective: date | None = None,
) -> CustomerView:
    """End the relationship today (``effective`` None or today) or schedule it for a later
    day. Services end, open invoices stay, the record stays (and keeps its consents)."""
    text = v.clean_text(reason, "reason", limit=v.LIMITS["reason"])
    v.refuse_card_numbers(text, "reason")
    day = rules.effective_date(effective, ctx.now().date())
    with ctx.db.write() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        if customer.status == CustomerStatus.TERMINATED:
            raise BadInput(
                _("Customer {customer_account_number} is already terminated.").format(
                    customer_account_number=customer.account_number
                ),
                "status",
            )
        if day == ctx.now().date():
            _carry_out(session, ctx, actor, customer, text)
        else:
            customer.termination_due = day
            customer.termination_reason = text
            session.add(
                Interaction(
                    customer_id=customer.id,
                    at=ctx.now(),
                    channel=str(InteractionChannel.PHONE),
                    staff_id=actor.staff_id,
                    summary=f"Termination scheduled for {day.isoformat()}: {text}",
                )
            )
            audit.record(
                session,
                ctx,
                actor,
                "customer.schedule_termination",
                entity_type="customer",
                entity_id=customer.id,
                fields=["termination_due", "termination_reason"],
                detail=f"effective {day.isoformat()}",
            )
        session.flush()
        return build_view(session, load_full(session, customer.id), actor.role)


@writes(Permission.TERMINATE_ACCOUNTS)
def run_due_terminations(ctx: Context, actor: Actor) -> list[str]:
    """Carry out every scheduled termination whose day has come; the account numbers."""
    today = ctx.now().date()
    done: list[str] = []
    with ctx.db.write() as session:
        due = (
            session.execute(
                select(Customer.id).where(
                    Customer.termination_due.is_not(None),
                    Customer.termination_due <= today,
                    Customer.status == str(CustomerStatus.ACTIVE),
                )
            )
            .scalars()
            .all()
        )
        for customer_id in due:
            customer = load_full(session, customer_id)
            _carry_out(session, ctx, actor, customer, customer.termination_reason or "scheduled")
            done.append(customer.account_number)
    return done


@writes(Permission.REACTIVATE_ACCOUNTS)
def reactivate_account(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, reason: str
) -> CustomerView:
    """Undo a termination within the grace period, or withdraw a scheduled one.

    The account becomes active again; services that ended stay ended (their numbers may
    have gone back to the pool) and are added again if the customer wants them."""
    text = v.clean_text(reason, "reason", limit=v.LIMITS["reason"])
    v.refuse_card_numbers(text, "reason")
    now = ctx.now()
    with ctx.db.write() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        if customer.status == CustomerStatus.ACTIVE and customer.termination_due is not None:
            day = customer.termination_due
            customer.termination_due = None
            customer.termination_reason = None
            summary = f"Scheduled termination ({day.isoformat()}) withdrawn: {text}"
            action = "customer.withdraw_termination"
            fields = ["termination_due", "termination_reason"]
        elif customer.status == CustomerStatus.TERMINATED:
            rules.check_reactivation(customer.account_number, customer.terminated_at, now)
            customer.status = str(CustomerStatus.ACTIVE)
            customer.terminated_at = None
            summary = f"Account reactivated: {text}"
            action = "customer.reactivate"
            fields = ["status", "terminated_at"]
        else:
            raise BadInput(
                _(
                    "Customer {customer_account_number} is active and has no termination to undo."
                ).format(customer_account_number=customer.account_number),
                "status",
            )
        session.add(
            Interaction(
                customer_id=customer.id,
                at=now,
                channel=str(InteractionChannel.PHONE),
                staff_id=actor.staff_id,
                summary=summary,
            )
        )
        audit.record(
            session,
            ctx,
            actor,
            action,
            entity_type="customer",
            entity_id=customer.id,
            fields=fields,
        )
        session.flush()
        return build_view(session, load_full(session, customer.id), actor.role)
