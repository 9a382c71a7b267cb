"""The erasure engine: what erasing a customer does, and the erasure itself.

``impact`` works out the preview a supervisor sees before approving (what each
service loses, what is kept). ``erase_customer`` carries an erasure out in the
caller's transaction; ``purge_customer`` is its part that every copy of the
database runs with the same arguments (the hub when it applies the operation, a
branch when it pulls it), so that all copies end up alike. Files of access
packages written for the customer are deleted afterwards where this workstation
reaches them (``delete_package_files``).
"""

from __future__ import annotations

import hashlib
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from voxprivacy.domain.catalog import PRODUCTS, REQUIREMENT_LABELS
from voxprivacy.domain.enums import CustomerStatus, Role, ServiceStatus
from voxprivacy.domain.requests import OPEN_STATUSES, RequestStatus
from voxprivacy.domain.roles import Section, sections_for
from voxprivacy.i18n import _, ngettext
from voxprivacy.services.context import Context
from voxprivacy.services.customers import load_full
from voxprivacy.services.customers.impact import satisfied
from voxprivacy.storage import changes
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import (
    Address,
    ChangeLog,
    ConsentEvent,
    Customer,
    CustomerSearchTerm,
    Disclosure,
    Email,
    Interaction,
    Invoice,
    Outbox,
    PackageFile,
    PaymentCard,
    Phone,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
    Subscription,
    SyncConflict,
)

ERASED_TEXT = "[erased]"


@dataclass
class ServiceImpact:
    label: str
    identifier: str
    loses: list[str]
    outcome: str  # "ended": an erased account keeps no service running


@dataclass
class ErasureImpact:
    """``billing`` says only that billing data exists ("1 card, 4 invoices kept"); the
    open invoices and balance are given to a role that may see billing data, else None."""

    services: list[ServiceImpact]
    open_invoices: int | None
    balance_cents: dict[str, int] | None
    card_on_file: bool
    kept: list[str]
    billing: str = ""


def billing_summary(cards: int, invoices: int) -> str:
    """What an erasure does to billing data, without its details: "1 card removed, 4
    invoices kept"."""
    parts = []
    if cards:
        parts.append(ngettext("{n} card removed", "{n} cards removed", cards).format(n=cards))
    if invoices:
        parts.append(ngettext("{n} invoice kept", "{n} invoices kept", invoices).format(n=invoices))
    return ", ".join(parts) if parts else _("no billing data")


def impact(session: Session, customer: Customer, role: Role) -> ErasureImpact:
    """What erasing this customer does, worked out from what each product declares it needs.

    Open invoices and the balance are billing data: only a role that may see billing
    data gets them; others learn that cards and invoices exist, and how many.
    """
    customer = load_full(session, customer.id)
    lost_by_erasure = satisfied(customer)  # erasure removes everything personal
    services = []
    for sub in customer.subscriptions:
        if sub.status == ServiceStatus.ENDED:
            continue
        product = PRODUCTS.get(sub.product)
        needs = product.requires if product else frozenset()
        loses = sorted(needs & lost_by_erasure)
        services.append(
            ServiceImpact(
                product.label if product else sub.product,
                sub.identifier,
                [REQUIREMENT_LABELS[r] for r in loses],
                # the account ends with the erasure, so every service does; ``loses``
                # names what each needed from the record, from the product's declaration
                "ended",
            )
        )
    invoices = (
        session.execute(select(Invoice).where(Invoice.customer_id == customer.id)).scalars().all()
    )
    balance: dict[str, int] = {}
    open_count = 0
    for inv in invoices:
        if inv.status in ("open", "overdue"):
            open_count += 1
            balance[inv.currency] = balance.get(inv.currency, 0) + inv.amount_cents - inv.paid_cents
    with_billing = Section.BILLING in sections_for(role)
    kept = []
    if invoices and with_billing:
        kept.append(
            ngettext(
                "{n} invoice, kept for the legal retention period under the pseudonymous "
                "reference {reference}",
                "{n} invoices, kept for the legal retention period under the pseudonymous "
                "reference {reference}",
                len(invoices),
            ).format(n=len(invoices), reference=customer.billing_reference)
        )
    elif invoices:
        kept.append(
            ngettext(
                "{n} invoice, kept for the legal retention period under the customer's "
                "pseudonymous billing reference (finance sees it)",
                "{n} invoices, kept for the legal retention period under the customer's "
                "pseudonymous billing reference (finance sees it)",
                len(invoices),
            ).format(n=len(invoices))
        )
    kept.append(_("the record of this request and the audit trail (no personal data)"))
    summary = billing_summary(len(customer.cards), len(invoices))
    if not with_billing:
        return ErasureImpact(services, None, None, bool(customer.cards), kept, summary)
    return ErasureImpact(services, open_count, balance, bool(customer.cards), kept, summary)


# Every table an erasure deletes from or rewrites (PostgreSQL vacuums them afterwards).
ERASURE_TABLES = tuple(
    model.__tablename__
    for model in (
        Customer,
        Address,
        Phone,
        Email,
        PaymentCard,
        Interaction,
        ConsentEvent,
        CustomerSearchTerm,
        PrivacyRequest,
        RequestEvent,
        RectificationChange,
        Disclosure,
        Subscription,
        ChangeLog,
        Outbox,
        SyncConflict,
        PackageFile,
    )
)


def package_files(session: Session, customer_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str]]:
    """The access package files written for a customer: id, workstation and path."""
    return [
        (f.id, f.host, f.path)
        for f in session.execute(
            select(PackageFile)
            .where(PackageFile.customer_id == customer_id)
            .order_by(PackageFile.written_at, PackageFile.path)
        ).scalars()
    ]


def delete_package_files(
    db: Database, files: list[tuple[uuid.UUID, str, str]]
) -> tuple[list[str], list[str]]:
    """Delete an erased customer's access package files where this workstation reaches
    them; name the others (path and workstation) for a staff member to delete.

    A file already gone from this workstation counts as deleted. The rows of deleted
    files go; those of the others stay, so the files are not forgotten.
    """
    here = socket.gethostname()
    deleted: list[str] = []
    to_delete: list[str] = []
    done: list[uuid.UUID] = []
    for file_id, host, name in files:
        path = Path(name)
        try:
            if path.exists():
                path.unlink()
            elif host != here:
                to_delete.append(_("{name} (on workstation {host})").format(name=name, host=host))
                continue
        except OSError as exc:
            to_delete.append(f"{name} ({exc.strerror or type(exc).__name__})")
            continue
        deleted.append(name)
        done.append(file_id)
    if done:
        with db.write() as session:
            session.execute(delete(PackageFile).where(PackageFile.id.in_(done)))
    return deleted, to_delete


def erase_customer(
    session: Session, ctx: Context, customer: Customer, carried_out_by: PrivacyRequest
) -> None:
    """Remove every personal value of one customer, in the caller's transaction.

    The customer's other open requests are cancelled: there is nothing left to
    give access to or to correct.
    """
    cid = customer.id
    at = ctx.now()
    others = session.execute(
        select(PrivacyRequest).where(
            PrivacyRequest.customer_id == cid,
            PrivacyRequest.id != carried_out_by.id,
            PrivacyRequest.status.in_([str(st) for st in OPEN_STATUSES]),
        )
    ).scalars()
    for other in others:
        other.status = str(RequestStatus.CANCELLED)
        session.add(
            RequestEvent(request_id=other.id, at=at, staff_id=None, action="cancelled", detail=None)
        )
    session.flush()
    purge_customer(session, cid, at, carried_out_by.id, here=True)
    changes.note(session, changes.erasure(cid, at, carried_out_by.id))
    session.expire(customer)


def erased_account_number(customer_id: uuid.UUID) -> str:
    """The pseudonym an erased record keeps: the same wherever the erasure is carried out."""
    return "ERASED-" + hashlib.sha256(customer_id.bytes).hexdigest()[:12].upper()


def purge_customer(
    session: Session,
    cid: uuid.UUID,
    at: datetime,
    kept_request: uuid.UUID | None,
    *,
    here: bool = False,
) -> None:
    """The erasure itself, as bulk statements whose result depends only on the arguments.

    Every copy of the database runs it with the same arguments (the hub and each
    branch, as the erasure reaches them), so all copies end up alike. Queued
    synchronisation records of the customer lose their values too (``here``: the
    erasure is carried out on this database rather than received from another).
    """
    noted = changes.NOTED
    open_states = [str(st) for st in OPEN_STATUSES]
    session.execute(
        update(PrivacyRequest)
        .where(
            PrivacyRequest.customer_id == cid,
            PrivacyRequest.id != kept_request,
            PrivacyRequest.status.in_(open_states),
        )
        .values(status=str(RequestStatus.CANCELLED), version=PrivacyRequest.version + 1)
        .execution_options(**noted)
    )
    for model in (
        Address,
        Phone,
        Email,
        PaymentCard,
        Interaction,
        ConsentEvent,
        CustomerSearchTerm,
    ):
        session.execute(delete(model).where(model.customer_id == cid).execution_options(**noted))
    request_ids = select(PrivacyRequest.id).where(PrivacyRequest.customer_id == cid)
    session.execute(
        delete(RectificationChange)
        .where(RectificationChange.request_id.in_(request_ids))
        .execution_options(**noted)
    )
    session.execute(
        update(RequestEvent)
        .where(RequestEvent.request_id.in_(request_ids))
        .values(detail=None)
        .execution_options(**noted)
    )
    session.execute(
        update(PrivacyRequest)
        .where(PrivacyRequest.customer_id == cid)
        .values(
            note=None,
            extension_reason=case(
                (PrivacyRequest.extension_reason.is_(None), None), else_=ERASED_TEXT
            ),
            decision_reason=case(
                (PrivacyRequest.decision_reason.is_(None), None), else_=ERASED_TEXT
            ),
        )
        .execution_options(**noted)
    )
    session.execute(
        update(Disclosure)
        .where(Disclosure.customer_id == cid)
        .values(data=ERASED_TEXT)
        .execution_options(**noted)
    )
    session.execute(
        update(Subscription)
        .where(Subscription.customer_id == cid)
        .values(
            identifier=ERASED_TEXT,
            attributes={},
            status=str(ServiceStatus.ENDED),
            ended_at=case((Subscription.ended_at.is_(None), at), else_=Subscription.ended_at),
            version=Subscription.version + 1,
        )
        .execution_options(**noted)
    )
    session.execute(
        update(Customer)
        .where(Customer.id == cid)
        .values(
            name="",
            company=None,
            note=None,
            language=None,
            termination_reason=None,
            termination_due=None,
            account_number=erased_account_number(cid),
            status=str(CustomerStatus.ERASED),
            terminated_at=case(
                (Customer.terminated_at.is_(None), at), else_=Customer.terminated_at
            ),
            updated_at=at,
            version=Customer.version + 1,
        )
        .execution_options(**noted)
    )
    changes.forget_customer(session, cid, here=here)
