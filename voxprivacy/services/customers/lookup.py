"""Finding one customer record by account number or id, and refusing an erased one."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import CustomerStatus
from voxprivacy.errors import CustomerErased, NotFound
from voxprivacy.i18n import _
from voxprivacy.storage.models import Customer


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
            _(
                "No customer has the account number or id {str_ref!r}; "
                "search for the customer by name, email or phone instead."
            ).format(str_ref=str(ref)),
            "customer",
        )
    return customer


def refuse_if_erased(customer: Customer) -> None:
    if customer.status == CustomerStatus.ERASED:
        raise CustomerErased(
            _(
                "Customer {customer_account_number} was erased; the record "
                "holds no personal data and cannot be changed."
            ).format(customer_account_number=customer.account_number)
        )


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
