"""Newsletter and product-update audiences for the mail system.

An audience is the active customers whose current consent to the purpose is on,
each with their primary email (the preferred way of communication, by policy).
A customer who restricted the processing of their data for the purpose is left
out and listed by account number with the request that restricts it; so is a
customer with no email on file. Supervisors export audiences (they see contact
data); every export leaves one ``audience.export`` event with the counts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from voxprivacy.domain.consent import ConsentFact, current_consents
from voxprivacy.domain.enums import ConsentAction, CustomerStatus, Purpose
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.spreadsheet import csv_text
from voxprivacy.domain.wording import member_of, printed
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import reads
from voxprivacy.services.restrictions import restricted_purposes
from voxprivacy.storage.models import ConsentEvent, Customer, Email

MAILED = (Purpose.NEWSLETTER, Purpose.PRODUCT_UPDATES)


@dataclass
class AudienceMember:
    account_number: str
    email: str


@dataclass
class Audience:
    purpose: str
    members: list[AudienceMember]
    skipped: list[str] = field(default_factory=list)  # "VX…: the reason"

    def csv(self) -> str:
        return csv_text(
            ("account_number", "email"), [(m.account_number, m.email) for m in self.members]
        )


def _purpose(text: str) -> Purpose:
    mailed = " or ".join(printed(str(p)) for p in MAILED)
    try:
        purpose = member_of(Purpose, text)
    except ValueError:
        raise BadInput(
            _("purpose: {text!r} is not a purpose; use {mailed}.").format(text=text, mailed=mailed),
            "purpose",
        ) from None
    if purpose not in MAILED:
        raise BadInput(
            _(
                "purpose: {printed_str_purpose} is not sent by mail; an audience is for {mailed}."
            ).format(printed_str_purpose=printed(str(purpose)), mailed=mailed),
            "purpose",
        )
    return purpose


@reads(Permission.EXPORT_AUDIENCES)
def export_audience(ctx: Context, actor: Actor, purpose: str = "newsletter") -> Audience:
    """Who receives the newsletter (or product updates): consent on, no restriction."""
    wanted = _purpose(purpose)
    with ctx.db.write() as session:
        facts: dict[uuid.UUID, list[ConsentFact]] = {}
        for e in session.execute(
            select(ConsentEvent)
            .join(Customer, Customer.id == ConsentEvent.customer_id)
            .where(
                ConsentEvent.purpose == str(wanted),
                Customer.status == str(CustomerStatus.ACTIVE),
            )
        ).scalars():
            facts.setdefault(e.customer_id, []).append(
                ConsentFact(wanted, ConsentAction(e.action), e.expressed_at, str(e.id))
            )
        on = [cid for cid, seen in facts.items() if current_consents(seen)[wanted]]
        held = restricted_purposes(session, on)
        numbers: dict[uuid.UUID, str] = {}
        emails: dict[uuid.UUID, str] = {}
        for start in range(0, len(on), 500):
            chunk = on[start : start + 500]
            for cid, number in session.execute(
                select(Customer.id, Customer.account_number).where(Customer.id.in_(chunk))
            ):
                numbers[cid] = number
            for cid, address, primary in session.execute(
                select(Email.customer_id, Email.address, Email.is_primary).where(
                    Email.customer_id.in_(chunk)
                )
            ):
                if primary or cid not in emails:
                    emails[cid] = address
        members: list[AudienceMember] = []
        skipped: list[str] = []
        for cid in sorted(on, key=lambda c: numbers[c]):
            reference = held.get(cid, {}).get(str(wanted))
            if reference is not None:
                skipped.append(f"{numbers[cid]}: processing restricted (request {reference})")
            elif cid not in emails:
                skipped.append(f"{numbers[cid]}: no email address on file")
            else:
                members.append(AudienceMember(numbers[cid], emails[cid]))
        audit.record(
            session,
            ctx,
            actor,
            "audience.export",
            fields=[str(wanted)],
            detail=f"{len(members)} customers, {len(skipped)} left out",
        )
    return Audience(str(wanted), members, skipped)
