"""Privacy requests: kinds, states, who may move them where, and deadlines.

Access and rectification requests are received and then completed (or
cancelled). A restriction of processing holds for the purposes it names from its
opening while it is open; lifting it completes it. An objection to purposes is
carried out when it is opened (the consents are withdrawn) and is completed at
once. An erasure waits for a supervisor who did not open it: approved or denied;
only an approved erasure can be carried out. Each request is due 30 days after
receipt (configurable) and can be extended once, by up to two months, with a reason.
"""

from __future__ import annotations

import calendar
import math
from datetime import datetime, timedelta
from enum import StrEnum

from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput, Refused
from voxprivacy.i18n import N_, Vocabulary, _

DEFAULT_DEADLINE_DAYS = 30


class RequestKind(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"


# kinds that name the purposes they are about
WITH_PURPOSES = frozenset({RequestKind.RESTRICTION, RequestKind.OBJECTION})


class RequestStatus(StrEnum):
    RECEIVED = "received"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# The kind and the status as a sentence names them ("Request R-1 is an erasure request",
# "Request R-1 is pending approval"), in the current language.
KIND_WORDS: Vocabulary[str] = Vocabulary(
    {
        RequestKind.ACCESS: N_("access"),
        RequestKind.RECTIFICATION: N_("rectification"),
        RequestKind.ERASURE: N_("erasure"),
        RequestKind.RESTRICTION: N_("restriction"),
        RequestKind.OBJECTION: N_("objection"),
    }
)
STATUS_WORDS: Vocabulary[str] = Vocabulary(
    {
        RequestStatus.RECEIVED: N_("received"),
        RequestStatus.PENDING_APPROVAL: N_("pending approval"),
        RequestStatus.APPROVED: N_("approved"),
        RequestStatus.DENIED: N_("denied"),
        RequestStatus.COMPLETED: N_("completed"),
        RequestStatus.CANCELLED: N_("cancelled"),
    }
)


def kind_word(kind: str) -> str:
    return KIND_WORDS.get(kind, kind)


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


OPEN_STATUSES = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.PENDING_APPROVAL, RequestStatus.APPROVED}
)


class VerificationMethod(StrEnum):
    """How the caller proved to be the customer (policy: verify before access or changes)."""

    EMAIL_CODE = "email-code"
    CALLBACK = "callback"
    PIN = "pin"
    IN_PERSON = "in-person"
    WRITTEN_REQUEST = "written-request"
    IN_BRANCH = "in-branch"


VERIFICATION_LABELS: Vocabulary[VerificationMethod] = Vocabulary(
    {
        VerificationMethod.EMAIL_CODE: N_("a code sent to the email address on file"),
        VerificationMethod.CALLBACK: N_("a call back to the phone number on file"),
        VerificationMethod.PIN: N_("the account PIN or security answer"),
        VerificationMethod.IN_PERSON: N_("in person, with an identity document"),
        VerificationMethod.WRITTEN_REQUEST: N_(
            "a signed written request, checked against the file"
        ),
        VerificationMethod.IN_BRANCH: N_("at a branch counter, with an identity document"),
    }
)


_ALLOWED: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.RECEIVED: frozenset({RequestStatus.COMPLETED, RequestStatus.CANCELLED}),
    RequestStatus.PENDING_APPROVAL: frozenset(
        {RequestStatus.APPROVED, RequestStatus.DENIED, RequestStatus.CANCELLED}
    ),
    RequestStatus.APPROVED: frozenset({RequestStatus.COMPLETED, RequestStatus.CANCELLED}),
}


def initial_status(kind: RequestKind) -> RequestStatus:
    if kind is RequestKind.ERASURE:
        return RequestStatus.PENDING_APPROVAL
    if kind is RequestKind.OBJECTION:
        return RequestStatus.COMPLETED  # carried out as it is opened
    return RequestStatus.RECEIVED


def check_transition(
    reference: str, kind: RequestKind, current: RequestStatus, target: RequestStatus
) -> None:
    if target not in _ALLOWED.get(current, frozenset()):
        if target is RequestStatus.COMPLETED and kind is RequestKind.ERASURE:
            raise Refused(
                _(
                    "Request {reference} is {current_replace}: an erasure is "
                    "carried out only after a supervisor approved it."
                ).format(reference=reference, current_replace=current.replace("_", " "))
            )
        raise Refused(
            _("Request {reference} is {current_replace} and cannot become {replace}.").format(
                reference=reference,
                current_replace=current.replace("_", " "),
                replace=target.replace("_", " "),
            )
        )


def parse_kind(text: str) -> RequestKind:
    try:
        return member_of(RequestKind, text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a request kind; use {kinds}.").format(
                text=text, kinds=", ".join(printed_values(RequestKind))
            ),
            "kind",
        ) from None


def parse_verification(text: str) -> VerificationMethod:
    try:
        return member_of(VerificationMethod, text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a verification method; use {verificationmethod}.").format(
                text=text, verificationmethod=", ".join(printed_values(VerificationMethod))
            ),
            "verified_by",
        ) from None


def verification_method(text: str | None) -> str:
    """The verification method ``text`` spells (either spelling), as stored and audited.

    Every everyday change to a customer's contact data, consents or services records
    how the caller was verified; an empty or unknown method is refused with a message
    naming the allowed ones.
    """
    allowed = ", ".join(printed_values(VerificationMethod))
    if text is None or not str(text).strip():
        raise BadInput(
            _("verified_by: say how the caller's identity was verified ({allowed}).").format(
                allowed=allowed
            ),
            "verified_by",
        )
    return str(parse_verification(str(text)))


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def due_after(received: datetime, days: int) -> datetime:
    return received + timedelta(days=days)


def extended_due(due: datetime, days: int) -> datetime:
    """The new due date; at most two calendar months later than the current one."""
    if days < 1:
        raise BadInput(_("days: an extension is at least one day."), "days")
    if days > 62:
        raise BadInput(_("days: a request can be extended by at most two months."), "days")
    new_due = due + timedelta(days=days)
    if new_due > add_months(due, 2):
        raise BadInput(_("days: a request can be extended by at most two months."), "days")
    return new_due


class Urgency(StrEnum):
    CALM = "calm"  # 10 days or more left
    WARNING = "warning"  # under 10 days
    URGENT = "urgent"  # under 5 days, or overdue


def days_left(due: datetime, now: datetime) -> int:
    """Days until the due moment, counting a started day as a day: a request opened
    now with 30 days has 30 left; one due in an hour has 1; one an hour overdue, -1."""
    seconds = (due - now).total_seconds()
    return math.ceil(seconds / 86400) if seconds >= 0 else math.floor(seconds / 86400)


def urgency(left: int) -> Urgency:
    if left < 5:
        return Urgency.URGENT
    if left < 10:
        return Urgency.WARNING
    return Urgency.CALM
