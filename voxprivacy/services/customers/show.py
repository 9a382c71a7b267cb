"""Showing a record as the caller's role may see it, and its interaction history."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from voxprivacy.domain import validation as v
from voxprivacy.domain.roles import Permission, Section, sections_for
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.lookup import load_full, resolve
from voxprivacy.services.customers.views import (
    CustomerView,
    InteractionView,
    _usernames,
    build_view,
)
from voxprivacy.services.guard import reads, refuse_role
from voxprivacy.storage.models import Interaction


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
