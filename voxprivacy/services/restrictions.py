"""Restriction of processing and objection: what they do to the rest of the desk.

A restriction request names purposes; while it is open (from its opening until it
is lifted or cancelled) the customer's data is kept but not used for them: a
disclosure to a third party is refused (``refuse_if_restricted``) and a newsletter
or product-update audience leaves the customer out, saying why
(``restricted_purposes``). An objection to purposes is recorded as the withdrawal
of the customer's consent to each, with the request as the evidence
(``withdraw_for_objection``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import ConsentAction, ConsentSource, Purpose
from voxprivacy.domain.requests import RequestKind, RequestStatus, VerificationMethod
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput, Refused
from voxprivacy.i18n import _
from voxprivacy.storage.models import ConsentEvent, Customer, PrivacyRequest

# how the customer expressed an objection, from how the caller was verified
SOURCE_OF: dict[VerificationMethod, ConsentSource] = {
    VerificationMethod.EMAIL_CODE: ConsentSource.EMAIL,
    VerificationMethod.CALLBACK: ConsentSource.PHONE,
    VerificationMethod.PIN: ConsentSource.PHONE,
    VerificationMethod.IN_PERSON: ConsentSource.IN_PERSON,
    VerificationMethod.WRITTEN_REQUEST: ConsentSource.LETTER,
    VerificationMethod.IN_BRANCH: ConsentSource.IN_PERSON,
}


def parse_purposes(kind: RequestKind, texts: Sequence[str]) -> list[Purpose]:
    """The purposes a restriction or objection names: at least one, each a purpose."""
    allowed = ", ".join(printed_values(Purpose))
    found: list[Purpose] = []
    for text in texts:
        for part in str(text).split(","):
            if not part.strip():
                continue
            try:
                purpose = member_of(Purpose, part)
            except ValueError:
                raise BadInput(
                    _("purposes: {part_strip!r} is not a purpose; use {allowed}.").format(
                        part_strip=part.strip(), allowed=allowed
                    ),
                    "purposes",
                ) from None
            if purpose not in found:
                found.append(purpose)
    if not found:
        raise BadInput(
            _("purposes: say which purposes the {kind} is about ({allowed}).").format(
                kind=kind, allowed=allowed
            ),
            "purposes",
        )
    return found


def words(purpose: str) -> str:
    """A purpose in a sentence: third_party_disclosure -> "third-party disclosure"."""
    return {"third_party_disclosure": "third-party disclosure"}.get(
        purpose, purpose.replace("_", " ")
    )


def stored(purposes: Iterable[Purpose]) -> str:
    return ",".join(str(p) for p in purposes)


def purposes_of(request: PrivacyRequest) -> list[str]:
    return [p for p in (request.purposes or "").split(",") if p]


def restricted_purposes(
    session: Session, customer_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, dict[str, str]]:
    """For each customer with a restriction in force: purpose -> the request's reference."""
    ids = list(customer_ids)
    found: dict[uuid.UUID, dict[str, str]] = {}
    for start in range(0, len(ids), 500):
        for request in session.execute(
            select(PrivacyRequest).where(
                PrivacyRequest.customer_id.in_(ids[start : start + 500]),
                PrivacyRequest.kind == str(RequestKind.RESTRICTION),
                PrivacyRequest.status == str(RequestStatus.RECEIVED),
            )
        ).scalars():
            mine = found.setdefault(request.customer_id, {})
            for purpose in purposes_of(request):
                mine.setdefault(purpose, request.reference)
    return found


def refuse_if_restricted(
    session: Session, customer: Customer, purpose: Purpose, action: str
) -> None:
    """Refuse a use of the customer's data for ``purpose`` while a restriction holds."""
    held = restricted_purposes(session, [customer.id]).get(customer.id, {})
    reference = held.get(str(purpose))
    if reference is None:
        return
    raise Refused(
        _(
            "Customer {customer_account_number} has restricted the "
            "processing of their data for {words_str_purpose} (request "
            "{reference}); nothing may be used for it until the "
            "restriction is lifted."
        ).format(
            customer_account_number=customer.account_number,
            words_str_purpose=words(str(purpose)),
            reference=reference,
        ),
        audit={
            "action": action,
            "entity_type": "customer",
            "entity_id": customer.id,
            "detail": f"restricted by request {reference}",
        },
    )


def withdraw_for_objection(
    session: Session,
    request: PrivacyRequest,
    purposes: Sequence[Purpose],
    staff_id: uuid.UUID,
    at: datetime,
) -> None:
    """An objection as the consent ledger keeps it: a withdrawal per purpose, the request
    as the evidence."""
    source = SOURCE_OF[VerificationMethod(request.verification_method)]
    for purpose in purposes:
        session.add(
            ConsentEvent(
                customer_id=request.customer_id,
                purpose=str(purpose),
                action=str(ConsentAction.WITHDRAWN),
                source=str(source),
                evidence=f"objection, privacy request {request.reference}",
                staff_id=staff_id,
                expressed_at=at,
                recorded_at=at,
            )
        )
