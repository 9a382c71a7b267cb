"""The closed vocabularies of the domain, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    FINANCE = "finance"
    ADMIN = "admin"


class CustomerKind(StrEnum):
    PRIVATE = "private"
    BUSINESS = "business"


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    TERMINATED = "terminated"
    ERASED = "erased"


class Channel(StrEnum):
    """How the customer prefers to be reached; the policy names email first."""

    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    POST = "post"


class AddressKind(StrEnum):
    PRIVATE = "private"
    BUSINESS = "business"
    BILLING = "billing"


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"
    WORK = "work"


class Purpose(StrEnum):
    """Purposes a customer can consent to. No advertising purpose exists, by policy."""

    NEWSLETTER = "newsletter"
    PRODUCT_UPDATES = "product_updates"
    THIRD_PARTY_DISCLOSURE = "third_party_disclosure"


class ConsentAction(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


class ConsentSource(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    LETTER = "letter"
    IN_PERSON = "in_person"
    UNSUBSCRIBE_LINK = "unsubscribe_link"
    SIGNUP = "signup"


class InteractionChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    LETTER = "letter"
    IN_PERSON = "in_person"
    WEB = "web"


class ServiceStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    OVERDUE = "overdue"
    VOID = "void"


class AuditOutcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"


# A sync conflict is settled by keeping one side's value (or typing the right one).
CONFLICT_SIDES = ("central", "branch")
