"""A customer's subscriptions: adding, changing and ending a service.

What a product needs from the customer record and which attributes it takes
come from its declaration in ``domain.catalog``; the same declaration is
checked here on every save, so a record that lacks what a service needs cannot
get it, whoever calls. Every change records how the caller's identity was
verified (the method, in the audit event), like a privacy request.

Ending a service says what becomes of its number: a virtual number goes back to
the pool after a quarantine, or is ported out; an identifier of ours is retired.
A number still in quarantine, or held by another active service, is not given out.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.catalog import (
    ATTRIBUTES,
    NUMBER_QUARANTINE_DAYS,
    PRODUCTS,
    REQUIREMENT_FIXES,
    REQUIREMENT_LABELS,
    AttributeKind,
    NumberFate,
    Product,
    fate_text,
)
from voxprivacy.domain.enums import CustomerStatus, ServiceStatus
from voxprivacy.domain.requests import VerificationMethod, parse_verification
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.wording import printed_values
from voxprivacy.errors import BadInput, NotFound, Refused
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import (
    ServiceView,
    load_full,
    refuse_if_erased,
    resolve,
    service_view,
)
from voxprivacy.services.customers.impact import satisfied
from voxprivacy.services.guard import writes
from voxprivacy.storage.models import Customer, Subscription

ATTRIBUTE_LIMIT = 100


def verification(verified_by: str | None) -> VerificationMethod:
    """How the caller's identity was verified; required for every change to a service."""
    if not verified_by or not str(verified_by).strip():
        raise BadInput(
            _(
                "Record how the caller's identity was verified before "
                "changing a service: {verificationmethod}."
            ).format(verificationmethod=", ".join(printed_values(VerificationMethod))),
            "verified_by",
        )
    return parse_verification(verified_by)


def product_of(code: str) -> Product:
    try:
        return PRODUCTS[str(code).strip()]
    except KeyError:
        raise BadInput(
            _(
                "product: {code!r} is not a product we sell; use one of {join_sorted_products}."
            ).format(code=code, join_sorted_products=", ".join(sorted(PRODUCTS))),
            "product",
        ) from None


def _region(customer: Customer) -> str | None:
    for address in customer.addresses:
        if address.country:
            return v.region_for_country(address.country)
    return None


def clean_attribute(name: str, value: object, region: str | None) -> object:
    label, kind = ATTRIBUTES[name]
    text = v.clean_text(str(value), name, limit=ATTRIBUTE_LIMIT)
    if kind is AttributeKind.PHONE:
        return v.clean_phone(text, region, name)
    if kind is AttributeKind.EMAIL:
        return v.clean_email(text, name)
    if kind in (AttributeKind.COUNT, AttributeKind.AMOUNT):
        top = 1000 if kind is AttributeKind.COUNT else 100_000
        try:
            number = int(text)
        except ValueError:
            raise BadInput(
                _("{name}: {text!r} is not a whole number; type digits only.").format(
                    name=name, text=text
                ),
                name,
            ) from None
        if not 1 <= number <= top:
            raise BadInput(
                _("{name}: {label_lower} is from 1 to {top}.").format(
                    name=name, label_lower=label.lower(), top=top
                ),
                name,
            )
        return number
    v.refuse_card_numbers(text, name)
    return text


def clean_attributes(
    product: Product, values: Mapping[str, object], region: str | None, *, partial: bool
) -> dict[str, object]:
    unknown = [k for k in values if k not in product.attributes]
    if unknown:
        raise BadInput(
            _(
                "{unknown_0}: {product_label} has no such attribute; it "
                "takes {join_product_attributes}."
            ).format(
                unknown_0=unknown[0],
                product_label=product.label,
                join_product_attributes=", ".join(product.attributes),
            ),
            unknown[0],
        )
    clean: dict[str, object] = {}
    for name in product.attributes:
        if name not in values or not str(values[name]).strip():
            if partial:
                continue
            label = ATTRIBUTES[name][0]
            raise BadInput(
                _("{name}: {product_label} needs its {label_lower}; give {name}=….").format(
                    name=name, product_label=product.label, label_lower=label.lower()
                ),
                name,
            )
        clean[name] = clean_attribute(name, values[name], region)
    return clean


def refuse_missing_requirements(customer: Customer, product: Product) -> None:
    """Refuse a service the record cannot support, naming what is missing and the fix."""
    missing = sorted(product.requires - satisfied(customer))
    if missing:
        needs = ", ".join(REQUIREMENT_LABELS[r] for r in missing)
        fixes = "; ".join(REQUIREMENT_FIXES[r] for r in missing)
        raise BadInput(
            _(
                "{product_label} needs {needs}, which customer "
                "{customer_account_number}'s record does not have: {fixes}."
            ).format(
                product_label=product.label,
                needs=needs,
                customer_account_number=customer.account_number,
                fixes=fixes,
            ),
            str(missing[0]),
        )


def _identifier(
    session: Session, customer: Customer, product: Product, attrs: Mapping[str, Any]
) -> str:
    if product.identifier_from is not None:
        return str(attrs[product.identifier_from])
    base = f"{product.prefix}-{customer.account_number[2:]}"
    taken = set(
        session.execute(
            select(Subscription.identifier).where(Subscription.customer_id == customer.id)
        ).scalars()
    )
    n, identifier = 1, base
    while identifier in taken:
        n += 1
        identifier = f"{base}-{n}"
    return identifier


def _refuse_taken(
    session: Session, ctx: Context, product: Product, identifier: str, own: uuid.UUID | None
) -> None:
    """A number held by another running service, or resting after its release, is not free."""
    if not product.exclusive:
        return
    rows = session.execute(
        select(Subscription).where(
            Subscription.product == product.code, Subscription.identifier == identifier
        )
    ).scalars()
    for row in rows:
        if row.id == own:
            continue
        if row.status != ServiceStatus.ENDED:
            raise BadInput(
                _(
                    "{product_identifier_from}: {identifier} is already in use "
                    "by another {product_label} service; choose another."
                ).format(
                    product_identifier_from=product.identifier_from,
                    identifier=identifier,
                    product_label=product.label,
                ),
                product.identifier_from,
            )
        if row.end_outcome == NumberFate.RELEASED and row.ended_at is not None:
            free_on = row.ended_at + timedelta(days=NUMBER_QUARANTINE_DAYS)
            if ctx.now() < free_on:
                raise BadInput(
                    _(
                        "{product_identifier_from}: {identifier} was released on "
                        "{isoformat} and rests until {free_on_date_isoformat}; "
                        "choose another."
                    ).format(
                        product_identifier_from=product.identifier_from,
                        identifier=identifier,
                        isoformat=row.ended_at.date().isoformat(),
                        free_on_date_isoformat=free_on.date().isoformat(),
                    ),
                    product.identifier_from,
                )


def _refuse_if_terminated(customer: Customer) -> None:
    if customer.status == CustomerStatus.TERMINATED:
        raise Refused(
            _(
                "Customer {customer_account_number} is terminated: a "
                "supervisor reactivates the account first (within the "
                "grace period), then services can be added."
            ).format(customer_account_number=customer.account_number)
        )


def _load_service(session: Session, service_id: str | uuid.UUID) -> Subscription:
    try:
        key = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(str(service_id))
    except ValueError:
        raise NotFound(
            _(
                "{service_id!r} is not a service id; 'customer show' lists "
                "a customer's services with their ids."
            ).format(service_id=service_id),
            "service",
        ) from None
    row = session.get(Subscription, key)
    if row is None:
        raise NotFound(
            _(
                "No service has the id {service_id}; 'customer show' lists a customer's services."
            ).format(service_id=service_id),
            "service",
        )
    return row


def _audit(
    session: Session,
    ctx: Context,
    actor: Actor,
    action: str,
    customer: Customer,
    sub: Subscription,
    fields: list[str],
    method: VerificationMethod,
) -> None:
    audit.record(
        session,
        ctx,
        actor,
        action,
        entity_type="customer",
        entity_id=customer.id,
        fields=fields,
        detail=f"{sub.product} {sub.id}; identity verified by {method}",
    )


@writes(Permission.MANAGE_SERVICES)
def add_subscription(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    product: str,
    attributes: Mapping[str, object],
    verified_by: str,
) -> ServiceView:
    """Subscribe the customer to a product, once the record has what the product needs."""
    method = verification(verified_by)
    spec = product_of(product)
    with ctx.db.write() as session:
        customer = load_full(session, resolve(session, ref).id)
        refuse_if_erased(customer)
        _refuse_if_terminated(customer)
        refuse_missing_requirements(customer, spec)
        attrs = clean_attributes(spec, attributes, _region(customer), partial=False)
        identifier = _identifier(session, customer, spec, attrs)
        _refuse_taken(session, ctx, spec, identifier, None)
        sub = Subscription(
            customer_id=customer.id,
            product=spec.code,
            identifier=identifier,
            status=str(ServiceStatus.ACTIVE),
            attributes=attrs,
            started_at=ctx.now(),
        )
        session.add(sub)
        session.flush()
        _audit(session, ctx, actor, "service.add", customer, sub, ["product", *attrs], method)
        return service_view(sub)


@writes(Permission.MANAGE_SERVICES)
def change_subscription(
    ctx: Context,
    actor: Actor,
    service_id: str | uuid.UUID,
    attributes: Mapping[str, object],
    verified_by: str,
) -> ServiceView:
    """Change a running service's attributes; the record must still have what it needs."""
    method = verification(verified_by)
    with ctx.db.write() as session:
        sub = _load_service(session, service_id)
        customer = load_full(session, sub.customer_id)
        refuse_if_erased(customer)
        spec = product_of(sub.product)
        if sub.status == ServiceStatus.ENDED:
            raise Refused(
                _(
                    "{spec_label} {sub_identifier} has ended and cannot be "
                    "changed; add a new service instead."
                ).format(spec_label=spec.label, sub_identifier=sub.identifier)
            )
        changes = clean_attributes(spec, attributes, _region(customer), partial=True)
        if not changes:
            raise BadInput(
                _("Nothing to change: give at least one of {join_spec_attributes}.").format(
                    join_spec_attributes=", ".join(spec.attributes)
                ),
                "attributes",
            )
        refuse_missing_requirements(customer, spec)
        merged = {**dict(sub.attributes or {}), **changes}
        identifier = _identifier(session, customer, spec, merged)
        if identifier != sub.identifier:
            _refuse_taken(session, ctx, spec, identifier, sub.id)
            sub.identifier = identifier
        sub.attributes = merged
        session.flush()
        _audit(session, ctx, actor, "service.change", customer, sub, list(changes), method)
        return service_view(sub)


@writes(Permission.MANAGE_SERVICES)
def end_subscription(
    ctx: Context,
    actor: Actor,
    service_id: str | uuid.UUID,
    verified_by: str,
    number: str | None = None,
) -> ServiceView:
    """End a service; ``number`` says what becomes of its number (the product's default when
    None): released after the quarantine, ported out, retired or left with the customer."""
    method = verification(verified_by)
    with ctx.db.write() as session:
        sub = _load_service(session, service_id)
        customer = load_full(session, sub.customer_id)
        refuse_if_erased(customer)
        spec = product_of(sub.product)
        if sub.status == ServiceStatus.ENDED:
            raise Refused(
                _("{spec_label} {sub_identifier} has already ended.").format(
                    spec_label=spec.label, sub_identifier=sub.identifier
                )
            )
        fate = spec.on_end[0]
        if number:
            allowed = {str(f): f for f in spec.on_end}
            key = str(number).strip().lower()
            if key not in allowed:
                raise BadInput(
                    _(
                        "number: when {spec_label} ends, its number can be "
                        "{or_join_allowed}, not {number!r}."
                    ).format(
                        spec_label=spec.label, or_join_allowed=" or ".join(allowed), number=number
                    ),
                    "number",
                )
            fate = allowed[key]
        end_service(sub, ctx, fate)
        session.flush()
        _audit(session, ctx, actor, "service.end", customer, sub, ["status", "ended_at"], method)
        return service_view(sub)


def end_service(sub: Subscription, ctx: Context, fate: NumberFate | None = None) -> None:
    """Mark one service ended now, with what becomes of its number."""
    spec = PRODUCTS.get(sub.product)
    chosen = fate or (spec.on_end[0] if spec else NumberFate.RETIRED)
    sub.status, sub.ended_at, sub.end_outcome = str(ServiceStatus.ENDED), ctx.now(), str(chosen)


def ending_text(product: str) -> str:
    """What ending a product's service does to its number, by default (for previews)."""
    spec = PRODUCTS.get(product)
    return fate_text(spec.on_end[0]) if spec else fate_text(NumberFate.RETIRED)
