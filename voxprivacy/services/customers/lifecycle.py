"""A customer's life on record: registering, recording interactions, terminating."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import (
    Channel,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
    ServiceStatus,
)
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.edit import InvalidFields, _apply, _clean_one, _validate, reindex
from voxprivacy.services.customers.lookup import load_full, refuse_if_erased, resolve
from voxprivacy.services.customers.views import CustomerView, InteractionView, build_view
from voxprivacy.services.guard import writes
from voxprivacy.storage.models import Customer, Interaction


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
