"""Records already on file that a new registration may duplicate.

A candidate is the same person when an email address or a phone number is already
on someone's record, or the same name is on a record with an address at the same
postal code. The lookup goes through the search index (exact terms, not a table
scan); the postal codes are then compared on the few records the name found.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.roles import Permission, TermKind
from voxprivacy.errors import Refused
from voxprivacy.services import search_index
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import reads
from voxprivacy.storage.models import Address, Customer, CustomerSearchTerm

MAX_DUPLICATES = 20


@dataclass(frozen=True)
class DuplicateHit:
    """A record on file the candidate may duplicate, and why (one reason per match)."""

    id: str
    account_number: str
    name: str
    company: str | None
    status: str
    reasons: list[str]


class PossibleDuplicates(Refused):
    """The registration matches records on file and was not confirmed; nothing was written."""

    exit_status = 1

    def __init__(self, hits: list[DuplicateHit]) -> None:
        listed = "; ".join(f"{h.account_number} {h.name} ({', '.join(h.reasons)})" for h in hits)
        super().__init__(
            f"Possibly already a customer: {listed}. Nothing was saved: open the existing "
            "record, or register anyway if this is someone else."
        )
        self.hits = hits


def _postal(text: str) -> str:
    return "".join(text.split()).upper()


def _with_term(session: Session, term: str, kind: TermKind) -> set[uuid.UUID]:
    return set(
        session.execute(
            select(CustomerSearchTerm.customer_id).where(
                CustomerSearchTerm.term == term, CustomerSearchTerm.kind == str(kind)
            )
        ).scalars()
    )


def _same_name(session: Session, name: str) -> set[uuid.UUID]:
    words = sorted(
        term
        for term, kind in search_index.terms_for("", name, None, [], [])
        if kind == str(TermKind.NAME)
    )
    if not words:
        return set()
    return set(
        session.execute(
            select(CustomerSearchTerm.customer_id)
            .where(
                CustomerSearchTerm.kind == str(TermKind.NAME),
                CustomerSearchTerm.term.in_(words),
            )
            .group_by(CustomerSearchTerm.customer_id)
            .having(func.count(func.distinct(CustomerSearchTerm.term)) == len(words))
            .limit(500)
        ).scalars()
    )


def duplicates_in(
    session: Session,
    name: str | None,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    postal_codes: Iterable[str] = (),
) -> list[DuplicateHit]:
    """The records on file that share an email, a phone, or the name and a postal code;
    ``emails`` and ``phones`` are clean (an address as validated, a number in E.164)."""
    reasons: dict[uuid.UUID, list[str]] = {}
    for email in dict.fromkeys(emails):
        for cid in _with_term(session, v.fold(email), TermKind.EMAIL):
            reasons.setdefault(cid, []).append(f"same email {email}")
    for phone in dict.fromkeys(phones):
        for cid in _with_term(session, phone.lstrip("+"), TermKind.PHONE):
            reasons.setdefault(cid, []).append(f"same phone {phone}")
    codes = {_postal(c) for c in postal_codes if c and c.strip()}
    if name and codes:
        named = _same_name(session, name)
        if named:
            rows = session.execute(
                select(Address.customer_id, Address.postal_code).where(
                    Address.customer_id.in_(sorted(named))
                )
            ).all()
            for cid, code in rows:
                if _postal(code) in codes and not any(
                    r.startswith("same name and postal code") for r in reasons.get(cid, [])
                ):
                    reasons.setdefault(cid, []).append(f"same name and postal code {code}")
    if not reasons:
        return []
    found = session.execute(
        select(
            Customer.id, Customer.account_number, Customer.name, Customer.company, Customer.status
        )
        .where(Customer.id.in_(sorted(reasons)), Customer.status != "erased")
        .order_by(Customer.account_number)
        .limit(MAX_DUPLICATES)
    ).all()
    return [
        DuplicateHit(str(cid), number, name_, company, status, reasons[cid])
        for cid, number, name_, company, status in found
    ]


def _clean_all(values: Iterable[str], field: str, region: str | None) -> list[str]:
    """Emails or phone numbers as stored; blank entries are skipped."""
    out = []
    for n, raw in enumerate(r for r in values if r and r.strip()):
        name = field if n == 0 else f"{field}s.{n}"
        if field == "email":
            out.append(v.clean_email(raw, name))
        else:
            out.append(v.clean_phone(raw, region, name))
    return out


@reads(Permission.EDIT_CUSTOMERS)
def find_duplicates(
    ctx: Context,
    actor: Actor,
    name: str | None,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    postal_codes: Sequence[str] = (),
    country: str | None = None,
) -> list[DuplicateHit]:
    """Records a registration with these details may duplicate, each with why; the desk
    shows them before saving, ``create_customer`` refuses them unless told to go on.

    ``country`` (of the address) is the region a phone number without a country code
    is read in.
    """
    region = v.region_for_country(country.strip().upper()) if country else None
    clean_emails = _clean_all(emails, "email", region)
    clean_phones = _clean_all(phones, "phone", region)
    with ctx.db.read() as session:
        return duplicates_in(session, name, clean_emails, clean_phones, postal_codes)
