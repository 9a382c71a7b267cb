"""Cards on file (finance only): recording, replacing and removing one.

A card on file is the payment processor's token with the brand, the last four
digits and the expiry. The token is stored only as AES-GCM ciphertext bound to
its row (``security.crypto``) and never leaves this module in clear: views carry
brand, last four and expiry. A card number is refused in every field, the token
field included (``domain.lifecycle.clean_token``), so the full number never
reaches the database whichever client typed it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from voxprivacy.domain import lifecycle as rules
from voxprivacy.domain.catalog import PRODUCTS, Requirement
from voxprivacy.domain.enums import ServiceStatus
from voxprivacy.domain.roles import Permission
from voxprivacy.errors import NotFound, Refused
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import CardView, card_view, load_full, refuse_if_erased, resolve
from voxprivacy.services.guard import writes
from voxprivacy.storage.models import Customer, PaymentCard

CARD_FIELDS = ["brand", "last4", "expiry", "token"]


@dataclass(frozen=True)
class CardInput:
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


def _clean(ctx: Context, token: str, brand: str, last4: str, expiry: str) -> CardInput:
    clean_token = rules.clean_token(token)
    clean_brand = rules.clean_brand(brand)
    clean_last4 = rules.clean_last4(last4)
    month, year = rules.parse_expiry(expiry, ctx.now().date())
    return CardInput(clean_token, clean_brand, clean_last4, month, year)


def _store(ctx: Context, card: PaymentCard, data: CardInput) -> None:
    card.brand, card.last4 = data.brand, data.last4
    card.exp_month, card.exp_year = data.exp_month, data.exp_year
    card.token = ctx.keys().cipher.encrypt(data.token, "payment_cards", "token", card.id)


def _load_card(session: Session, card_id: str | uuid.UUID) -> PaymentCard:
    try:
        key = card_id if isinstance(card_id, uuid.UUID) else uuid.UUID(str(card_id))
    except ValueError:
        raise NotFound(
            _(
                "{card_id!r} is not a card id; 'customer show' lists a "
                "customer's cards with their ids (finance)."
            ).format(card_id=card_id),
            "card",
        ) from None
    card = session.get(PaymentCard, key)
    if card is None:
        raise NotFound(_("No card on file has the id {card_id}.").format(card_id=card_id), "card")
    return card


def _audit(
    session: Session, ctx: Context, actor: Actor, action: str, customer: Customer, card: PaymentCard
) -> None:
    audit.record(
        session,
        ctx,
        actor,
        action,
        entity_type="customer",
        entity_id=customer.id,
        fields=CARD_FIELDS if action != "card.remove" else ["card"],
        detail=f"card {card.id}",
    )


@writes(Permission.EDIT_BILLING)
def record_card(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    token: str,
    brand: str,
    last4: str,
    expiry: str,
) -> CardView:
    """Put a card on file: the processor's token, brand, last four and expiry (MM/YY)."""
    data = _clean(ctx, token, brand, last4, expiry)
    with ctx.db.write() as session:
        customer = resolve(session, ref)
        refuse_if_erased(customer)
        card = PaymentCard(
            customer_id=customer.id,
            brand=data.brand,
            last4=data.last4,
            exp_month=data.exp_month,
            exp_year=data.exp_year,
            token=b"",
            created_at=ctx.now(),
        )
        session.add(card)
        session.flush()
        _store(ctx, card, data)
        _audit(session, ctx, actor, "card.record", customer, card)
        session.flush()
        return card_view(card)


@writes(Permission.EDIT_BILLING)
def replace_card(
    ctx: Context,
    actor: Actor,
    card_id: str | uuid.UUID,
    token: str,
    brand: str,
    last4: str,
    expiry: str,
) -> CardView:
    """Put a new card in the place of one on file (a renewed or reissued card)."""
    data = _clean(ctx, token, brand, last4, expiry)
    with ctx.db.write() as session:
        card = _load_card(session, card_id)
        customer = resolve(session, card.customer_id)
        refuse_if_erased(customer)
        _store(ctx, card, data)
        card.created_at = ctx.now()
        _audit(session, ctx, actor, "card.replace", customer, card)
        session.flush()
        return card_view(card)


@writes(Permission.EDIT_BILLING)
def remove_card(ctx: Context, actor: Actor, card_id: str | uuid.UUID) -> None:
    """Take a card off file; refused while a running service needs the only card."""
    with ctx.db.write() as session:
        card = _load_card(session, card_id)
        customer = load_full(session, card.customer_id)
        refuse_if_erased(customer)
        if len(customer.cards) == 1:
            needing = [
                s
                for s in customer.subscriptions
                if s.status != ServiceStatus.ENDED
                and s.product in PRODUCTS
                and Requirement.CARD in PRODUCTS[s.product].requires
            ]
            if needing:
                names = ", ".join(f"{PRODUCTS[s.product].label} {s.identifier}" for s in needing)
                raise Refused(
                    _(
                        "This is the only card on file and {names} needs a payment "
                        "card: record the new card first (replace it), or have an "
                        "agent end the service."
                    ).format(names=names)
                )
        _audit(session, ctx, actor, "card.remove", customer, card)
        session.delete(card)
