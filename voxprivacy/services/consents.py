"""Consents: switching a purpose on or off, and the mail system's unsubscribe list.

Each change appends to the ledger with its source and evidence; nothing is
overwritten. A withdrawal from the newsletter's own unsubscribe link arrives
as a file of addresses and is applied in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.consent import ConsentFact, current_consents
from voxprivacy.domain.enums import ConsentAction, ConsentSource, Purpose
from voxprivacy.domain.requests import verification_method
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _, ngettext
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import (
    ConsentHistoryRow,
    ConsentView,
    consent_history,
    consent_states,
    refuse_if_erased,
    resolve,
)
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage.models import ConsentEvent, Customer, Email


def parse_purpose(text: str) -> Purpose:
    try:
        return member_of(Purpose, text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a consent purpose; use {purpose}.").format(
                text=text, purpose=", ".join(printed_values(Purpose))
            ),
            "purpose",
        ) from None


def parse_source(text: str) -> ConsentSource:
    try:
        return member_of(ConsentSource, text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a consent source; use {consentsource}.").format(
                text=text, consentsource=", ".join(printed_values(ConsentSource))
            ),
            "source",
        ) from None


@dataclass(frozen=True)
class ConsentChange:
    """What recording one decision left behind: the ledger row it appended and every
    purpose's state after it (an older decision entered late may leave the state as it was)."""

    row: ConsentHistoryRow
    states: list[ConsentView]


@writes(Permission.SET_CONSENTS)
def set_consent(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    purpose: str,
    granted: bool,
    source: str,
    evidence: str | None = None,
    expressed_at: datetime | None = None,
    *,
    verified_by: str,
) -> ConsentChange:
    """Record what the customer said about one purpose; returns the new ledger row and the
    current states. ``verified_by`` is how the caller's identity was verified (recorded in
    the audit event)."""
    method = verification_method(verified_by)
    clean_purpose = parse_purpose(purpose)
    clean_source = parse_source(source)
    clean_evidence = (
        (v.clean_text(evidence, "evidence", limit=v.LIMITS["evidence"], required=False) or None)
        if evidence
        else None
    )
    if clean_evidence:
        v.refuse_card_numbers(clean_evidence, "evidence")
    v.require_aware(expressed_at, "expressed_at")
    now = ctx.now()
    if expressed_at is not None and expressed_at > now:
        raise BadInput(
            _("expressed_at: a consent cannot be expressed in the future."), "expressed_at"
        )
    with ctx.db.write() as session:
        customer = resolve(session, ref)
        refuse_if_erased(customer)
        event = ConsentEvent(
            customer_id=customer.id,
            purpose=str(clean_purpose),
            action=str(ConsentAction.GRANTED if granted else ConsentAction.WITHDRAWN),
            source=str(clean_source),
            evidence=clean_evidence,
            staff_id=actor.staff_id,
            expressed_at=expressed_at or now,
            recorded_at=now,
        )
        session.add(event)
        audit.record(
            session,
            ctx,
            actor,
            "consent.set",
            entity_type="customer",
            entity_id=customer.id,
            fields=[str(clean_purpose)],
            detail=(
                f"{clean_purpose} {'on' if granted else 'off'} via {clean_source}; "
                f"verified by {method}"
            ),
        )
        session.flush()
        row = ConsentHistoryRow(
            event.purpose,
            event.action,
            event.source,
            event.evidence,
            actor.username,
            event.expressed_at,
            event.recorded_at,
        )
        return ConsentChange(row, consent_states(consent_history(session, customer.id)))


@dataclass(frozen=True)
class UnsubscribeResult:
    applied: int
    already_off: int
    unknown: int
    invalid: list[str]


def _batches(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _wanted(lines: Iterable[str]) -> dict[str, str]:
    """The file's addresses, folded; a line that is not an address refuses the whole file."""
    wanted: dict[str, str] = {}
    invalid: list[str] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        try:
            wanted.setdefault(v.fold(v.clean_email(text, f"line {number}")), text)
        except BadInput:
            invalid.append(_("line {number}: {text!r}").format(number=number, text=text[:80]))
    if invalid:
        raise BadInput(
            ngettext(
                "{n} line is not an email address, so nothing was applied; fix or "
                "remove it: {join_invalid_5}{if_len_invalid_5_else}",
                "{n} lines are not email addresses, so nothing was applied; fix or "
                "remove them: {join_invalid_5}{if_len_invalid_5_else}",
                len(invalid),
            ).format(
                n=len(invalid),
                join_invalid_5="; ".join(invalid[:5]),
                if_len_invalid_5_else=" …" if len(invalid) > 5 else "",
            ),
            "file",
        )
    return wanted


def _sort_out(session: Session, batch: list[str]) -> tuple[list[uuid.UUID], int, set[str]]:
    """For one batch of folded addresses: the customers whose newsletter consent is on
    (to withdraw), how many have it off already, and the addresses found on file."""
    owners = session.execute(
        select(Email.address_folded, Customer.id, Customer.status)
        .join(Customer, Customer.id == Email.customer_id)
        .where(Email.address_folded.in_(batch))
    ).all()
    by_customer: dict[uuid.UUID, str] = {}
    found: set[str] = set()
    for folded, cid, status in owners:
        found.add(folded)
        if status != "erased":
            by_customer[cid] = folded
    if not by_customer:
        return [], 0, found
    events = (
        session.execute(
            select(ConsentEvent).where(
                ConsentEvent.customer_id.in_(list(by_customer)),
                ConsentEvent.purpose == str(Purpose.NEWSLETTER),
            )
        )
        .scalars()
        .all()
    )
    facts: dict[uuid.UUID, list[ConsentFact]] = {}
    for e in events:
        facts.setdefault(e.customer_id, []).append(
            ConsentFact(Purpose.NEWSLETTER, ConsentAction(e.action), e.expressed_at, str(e.id))
        )
    on = [cid for cid in by_customer if current_consents(facts.get(cid, []))[Purpose.NEWSLETTER]]
    return on, len(by_customer) - len(on), found


@reads(Permission.IMPORT_UNSUBSCRIBES)
def preview_unsubscribes(ctx: Context, actor: Actor, lines: Iterable[str]) -> UnsubscribeResult:
    """What importing the list would do (applied, already off, unknown); nothing is written."""
    wanted = _wanted(lines)
    applied = already = 0
    found: set[str] = set()
    with ctx.db.read() as session:
        for batch in _batches(sorted(wanted)):
            on, off, seen = _sort_out(session, batch)
            applied, already, found = applied + len(on), already + off, found | seen
    return UnsubscribeResult(applied, already, len(wanted) - len(found), [])


@writes(Permission.IMPORT_UNSUBSCRIBES)
def import_unsubscribes(
    ctx: Context, actor: Actor, lines: Iterable[str], evidence: str = "newsletter unsubscribe list"
) -> UnsubscribeResult:
    """Withdraw newsletter consent for every customer with a listed email address.

    Blank lines and lines starting with '#' are skipped. Lines that are not email
    addresses are reported and nothing is applied, so a wrong file changes nothing.
    ``preview_unsubscribes`` says beforehand what this will do.
    """
    wanted = _wanted(lines)
    applied = already = 0
    found: set[str] = set()
    now = ctx.now()
    with ctx.db.write() as session:
        for batch in _batches(sorted(wanted)):
            on, off, seen = _sort_out(session, batch)
            already += off
            found |= seen
            for cid in on:
                session.add(
                    ConsentEvent(
                        customer_id=cid,
                        purpose=str(Purpose.NEWSLETTER),
                        action=str(ConsentAction.WITHDRAWN),
                        source=str(ConsentSource.UNSUBSCRIBE_LINK),
                        evidence=evidence[:500],
                        staff_id=actor.staff_id,
                        expressed_at=now,
                        recorded_at=now,
                    )
                )
                audit.record(
                    session,
                    ctx,
                    actor,
                    "consent.unsubscribe",
                    entity_type="customer",
                    entity_id=cid,
                    fields=[str(Purpose.NEWSLETTER)],
                )
                applied += 1
        audit.record(
            session,
            ctx,
            actor,
            "consent.import_unsubscribes",
            detail=f"applied {applied}, already off {already}, unknown {len(wanted) - len(found)}",
        )
    return UnsubscribeResult(applied, already, len(wanted) - len(found), [])
