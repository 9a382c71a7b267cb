"""A privacy request as the desk shows it, and the steps every request service shares.

``RequestView`` is what the services return (with the timeline, the rectification's
before and after, and an open erasure's impact); the helpers load a request, note a
step on its timeline and in the audit trail, and move it between states.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import Role
from voxprivacy.domain.requests import (
    DEFAULT_DEADLINE_DAYS,
    OPEN_STATUSES,
    VERIFICATION_LABELS,
    RequestKind,
    RequestStatus,
    Urgency,
    VerificationMethod,
    check_transition,
    days_left,
    urgency,
)
from voxprivacy.errors import NotFound
from voxprivacy.i18n import _
from voxprivacy.services import audit, erasure
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import refuse_if_erased
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.storage.models import (
    Customer,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
    Setting,
    Staff,
)

DEADLINE_SETTING = "request_deadline_days"

# ----------------------------------------------------------------------------- views


@dataclass
class TimelineEntry:
    at: datetime
    staff: str | None
    action: str
    detail: str | None


@dataclass
class ChangeView:
    field: str
    before: str | None
    after: str | None
    at: datetime


@dataclass
class RequestView:
    id: str
    reference: str
    customer_id: str
    account_number: str
    customer_name: str
    kind: str
    status: str
    received_at: datetime
    due_at: datetime
    days_left: int
    urgency: str
    extended: bool
    verification_method: str
    verification: str
    verified_by: str | None
    verified_at: datetime
    opened_by: str | None
    extension_reason: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    completed_by: str | None = None
    completed_at: datetime | None = None
    note: str | None = None
    # restriction and objection: the purposes named; a restriction holds while open
    purposes: list[str] = field(default_factory=list)
    in_force: bool = False
    lifted_by: str | None = None
    lifted_at: datetime | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)
    changes: list[ChangeView] = field(default_factory=list)
    impact: ErasureImpact | None = None
    # an erasure carried out: its customer's access package files deleted here, those to
    # delete by hand (not reachable from this workstation), tables not vacuumed
    files_deleted: list[str] = field(default_factory=list)
    files_to_delete: list[str] = field(default_factory=list)
    not_vacuumed: list[str] = field(default_factory=list)


@dataclass
class DisclosureView:
    at: datetime
    staff: str | None
    recipient: str
    data: str
    basis: str


# ----------------------------------------------------------------------------- helpers


def deadline_days(session: Session) -> int:
    stored = session.get(Setting, DEADLINE_SETTING)
    return int(stored.value) if stored else DEFAULT_DEADLINE_DAYS


def _load(session: Session, ref: str | uuid.UUID, *, for_update: bool = False) -> PrivacyRequest:
    stmt = select(PrivacyRequest)
    text = v.clean_text(str(ref), "request", limit=100)
    try:
        stmt = stmt.where(PrivacyRequest.id == uuid.UUID(text))
    except ValueError:
        stmt = stmt.where(PrivacyRequest.reference == text.upper())
    if for_update:
        stmt = stmt.with_for_update()
    request = session.execute(stmt).scalar_one_or_none()
    if request is None:
        raise NotFound(
            _("There is no privacy request {text!r}; 'request list' shows them.").format(text=text),
            "request",
        )
    return request


def _event(
    session: Session,
    ctx: Context,
    actor: Actor,
    request: PrivacyRequest,
    action: str,
    detail: str | None = None,
) -> None:
    session.add(
        RequestEvent(
            request_id=request.id,
            at=ctx.now(),
            staff_id=actor.staff_id,
            action=action,
            detail=detail,
        )
    )


def _conclude(
    session: Session,
    ctx: Context,
    actor: Actor,
    request: PrivacyRequest,
    event: str,
    action: str,
    fields: list[str],
    detail: str | None = None,
) -> RequestView:
    """Note a step on the request's timeline and in the audit trail; return the new view."""
    _event(session, ctx, actor, request, event, detail)
    audit.record(
        session,
        ctx,
        actor,
        action,
        entity_type="privacy_request",
        entity_id=request.id,
        fields=fields,
    )
    session.flush()
    return _view(session, ctx, request, actor.role)


def _refuse_if_customer_erased(session: Session, request: PrivacyRequest) -> None:
    customer = session.get(Customer, request.customer_id)
    if customer is not None:
        refuse_if_erased(customer)


def _move(request: PrivacyRequest, target: RequestStatus) -> None:
    check_transition(
        request.reference, RequestKind(request.kind), RequestStatus(request.status), target
    )
    request.status = str(target)


def _new_reference(session: Session) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        ref = "PR-" + "".join(secrets.choice(alphabet) for _ in range(6))
        if (
            session.execute(
                select(PrivacyRequest.id).where(PrivacyRequest.reference == ref)
            ).first()
            is None
        ):
            return ref


def _reason(text: str, field_name: str = "reason") -> str:
    clean = v.clean_text(text, field_name, limit=v.LIMITS["reason"])
    v.refuse_card_numbers(clean, field_name)
    return clean


def _staff_names(session: Session) -> dict[uuid.UUID, str]:
    return {staff_id: name for staff_id, name in session.execute(select(Staff.id, Staff.username))}


def _view(
    session: Session,
    ctx: Context,
    request: PrivacyRequest,
    role: Role,
    with_details: bool = True,
    names: dict[uuid.UUID, str] | None = None,
) -> RequestView:
    customer = session.get(Customer, request.customer_id)
    assert customer is not None
    names = names if names is not None else _staff_names(session)

    def who(staff_id: uuid.UUID | None) -> str | None:
        return names.get(staff_id) if staff_id else None

    left = days_left(request.due_at, ctx.now())
    status = RequestStatus(request.status)
    view = RequestView(
        id=str(request.id),
        reference=request.reference,
        customer_id=str(customer.id),
        account_number=customer.account_number,
        customer_name=customer.name,
        kind=request.kind,
        status=request.status,
        received_at=request.received_at,
        due_at=request.due_at,
        days_left=left,
        urgency=str(urgency(left) if status in OPEN_STATUSES else Urgency.CALM),
        extended=request.extended,
        verification_method=request.verification_method,
        verification=VERIFICATION_LABELS[VerificationMethod(request.verification_method)],
        verified_by=who(request.verified_by),
        verified_at=request.verified_at,
        opened_by=who(request.opened_by),
        extension_reason=request.extension_reason,
        decided_by=who(request.decided_by),
        decided_at=request.decided_at,
        decision_reason=request.decision_reason,
        completed_by=who(request.completed_by),
        completed_at=request.completed_at,
        note=request.note,
        purposes=[p for p in (request.purposes or "").split(",") if p],
        in_force=request.kind == RequestKind.RESTRICTION and status is RequestStatus.RECEIVED,
        lifted_by=who(request.lifted_by),
        lifted_at=request.lifted_at,
    )
    if with_details:
        view.timeline = [
            TimelineEntry(e.at, who(e.staff_id), e.action, e.detail)
            for e in session.execute(
                select(RequestEvent)
                .where(RequestEvent.request_id == request.id)
                .order_by(RequestEvent.at, RequestEvent.id)
            ).scalars()
        ]
        view.changes = [
            ChangeView(c.field, c.before, c.after, c.at)
            for c in session.execute(
                select(RectificationChange)
                .where(RectificationChange.request_id == request.id)
                .order_by(RectificationChange.at)
            ).scalars()
        ]
        if request.kind == RequestKind.ERASURE and status in OPEN_STATUSES:
            view.impact = erasure.impact(session, customer, role)
    return view


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def billing_counts(cards: int, invoices: int) -> str:
    """How much billing data there is, without its details: "1 card, 4 invoices"."""
    parts = [_count(n, word) for n, word in ((cards, "card"), (invoices, "invoice")) if n]
    return ", ".join(parts) if parts else "no billing data"
