"""What the demo is made of: locales, the things people say, weighted pick tables."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from voxprivacy.domain.enums import (
    AddressKind,
    Channel,
    ConsentAction,
    ConsentSource,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
    InvoiceStatus,
    PhoneKind,
    Purpose,
    ServiceStatus,
)
from voxprivacy.domain.requests import RequestKind, RequestStatus

POLICY_VERSION = "2009-06-17"

# --------------------------------------------------------------------------- locales


@dataclass(frozen=True)
class _Locale:
    code: str  # Faker locale
    country: str  # ISO 3166-1 alpha-2, also the phone region
    currency: str
    language: str
    weight: int  # share of customers
    tld: str  # for business email domains
    mail_domains: tuple[str, ...]


LOCALES: tuple[_Locale, ...] = (
    _Locale(
        "de_DE",
        "DE",
        "EUR",
        "de",
        24,
        "de",
        ("web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com", "outlook.de"),
    ),
    _Locale(
        "fr_FR",
        "FR",
        "EUR",
        "fr",
        12,
        "fr",
        ("orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com", "hotmail.fr"),
    ),
    _Locale(
        "en_GB",
        "GB",
        "GBP",
        "en",
        12,
        "co.uk",
        ("btinternet.com", "sky.com", "gmail.com", "outlook.com", "yahoo.co.uk"),
    ),
    _Locale(
        "it_IT",
        "IT",
        "EUR",
        "it",
        10,
        "it",
        ("libero.it", "virgilio.it", "tiscali.it", "gmail.com", "alice.it"),
    ),
    _Locale(
        "es_ES",
        "ES",
        "EUR",
        "es",
        10,
        "es",
        ("telefonica.net", "gmail.com", "hotmail.es", "yahoo.es", "outlook.es"),
    ),
    _Locale(
        "nl_NL",
        "NL",
        "EUR",
        "nl",
        8,
        "nl",
        ("ziggo.nl", "kpnmail.nl", "hotmail.nl", "gmail.com", "xs4all.nl"),
    ),
    _Locale(
        "en_US",
        "US",
        "USD",
        "en",
        14,
        "com",
        ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net", "aol.com"),
    ),
    _Locale(
        "pl_PL",
        "PL",
        "PLN",
        "pl",
        10,
        "pl",
        ("wp.pl", "onet.pl", "interia.pl", "o2.pl", "gmail.com"),
    ),
)

_GLOBAL_MAIL = ("gmail.com", "outlook.com", "proton.me", "icloud.com", "yahoo.com")
_DIGITS = string.digits
_TOKEN_CHARS = string.ascii_letters + string.digits

# ---------------------------------------------------------------- things people say

_SUMMARIES: tuple[str, ...] = (
    "Asked about roaming charges",
    "Asked why the last invoice was higher than usual",
    "Requested a copy of the last three invoices",
    "Reported poor call quality on the virtual number",
    "Asked how to forward calls to a mobile while travelling",
    "Updated the billing address after a move",
    "Asked to change the preferred contact channel",
    "Reported that voicemail emails arrive late",
    "Questioned an international call on the invoice",
    "Asked for the SIP trunk configuration details",
    "Wanted to add a second virtual number",
    "Complained about a dropped call during a conference",
    "Asked whether the SMS sender name can be changed",
    "Confirmed a new card after the old one expired",
    "Asked about the data we hold; explained the access request process",
    "Asked to stop receiving the newsletter",
    "Requested a payment plan for an overdue invoice",
    "Reported a failed top-up of prepaid credit",
    "Asked about number porting from another provider",
    "Called to verify a suspicious email claiming to be from us",
    "Asked for a VAT invoice with the company name",
    "Reported echo on outgoing calls",
    "Asked how to reset the voicemail PIN",
    "Wanted to know the notice period for cancelling",
    "Asked about business hours of the support desk",
    "Requested a callback about an upgrade to more trunk channels",
    "Corrected the spelling of the name on the record",
    "Asked to add a colleague as second contact",
    "Confirmed receipt of the welcome letter",
    "Asked about fair-use limits on the SMS service",
)
_TERMINATION_SUMMARY = "Requested termination of the contract"
# reasons given for a termination scheduled for a later day
_SCHEDULED_REASONS = (
    "Moving abroad at the end of the contract period",
    "Switching to the new provider of the company",
    "Closing the branch office",
    "No longer needs a landline number",
)

_NOTES: tuple[str, ...] = (
    "Prefers to be called in the afternoon.",
    "Hard of hearing; speak slowly and clearly.",
    "Accounts payable handles invoices; ask for the finance office.",
    "Long-standing customer; was on the old flat-rate plan.",
    "Travels often; email is the most reliable way to reach them.",
    "Asked not to be called on weekends.",
)

_INTERACTION_CHANNELS = (
    InteractionChannel.PHONE,
    InteractionChannel.EMAIL,
    InteractionChannel.CHAT,
    InteractionChannel.WEB,
    InteractionChannel.LETTER,
    InteractionChannel.IN_PERSON,
)
_INTERACTION_WEIGHTS = (45, 30, 12, 6, 4, 3)
_PREFERRED = (Channel.EMAIL, Channel.PHONE, Channel.SMS, Channel.POST)
_PREFERRED_WEIGHTS = (82, 9, 4, 5)
_BRANDS = ("Visa", "Mastercard", "Amex")
_BRAND_WEIGHTS = (55, 35, 10)

# how many events each purpose has (0..3) and how often
_CONSENT_COUNTS: dict[Purpose, tuple[int, ...]] = {
    Purpose.NEWSLETTER: (30, 40, 20, 10),
    Purpose.PRODUCT_UPDATES: (45, 35, 15, 5),
    Purpose.THIRD_PARTY_DISCLOSURE: (86, 10, 3, 1),
}
_GRANT_SOURCES = (
    ConsentSource.SIGNUP,
    ConsentSource.WEB,
    ConsentSource.PHONE,
    ConsentSource.EMAIL,
    ConsentSource.LETTER,
    ConsentSource.IN_PERSON,
)
_GRANT_WEIGHTS = (40, 25, 20, 8, 4, 3)
_WITHDRAW_SOURCES = (
    ConsentSource.UNSUBSCRIBE_LINK,
    ConsentSource.WEB,
    ConsentSource.PHONE,
    ConsentSource.EMAIL,
    ConsentSource.LETTER,
)
_WITHDRAW_WEIGHTS = (40, 20, 25, 10, 5)
_EVIDENCE = {
    ConsentSource.PHONE: "call recording",
    ConsentSource.EMAIL: "email from the customer",
    ConsentSource.LETTER: "signed letter",
    ConsentSource.IN_PERSON: "signed form at the shop",
    ConsentSource.WEB: "web form",
    ConsentSource.SIGNUP: "signup form",
    ConsentSource.UNSUBSCRIBE_LINK: "newsletter unsubscribe link",
}
_STAFF_SOURCES = frozenset(
    {ConsentSource.PHONE, ConsentSource.EMAIL, ConsentSource.LETTER, ConsentSource.IN_PERSON}
)

T = TypeVar("T")


def _table(items: Sequence[T], weights: Sequence[int]) -> tuple[T, ...]:
    """A lookup table for weighted picks: ``t[int(random() * len(t))]``."""
    return tuple(item for item, w in zip(items, weights, strict=True) for _ in range(w))


_PICK_INTERACTION = _table(_INTERACTION_CHANNELS, _INTERACTION_WEIGHTS)
_PICK_PREFERRED = _table(_PREFERRED, _PREFERRED_WEIGHTS)
_PICK_BRAND = _table(_BRANDS, _BRAND_WEIGHTS)
_PICK_GRANT = _table(_GRANT_SOURCES[1:], _GRANT_WEIGHTS[1:])
_PICK_WITHDRAW_NEWSLETTER = _table(_WITHDRAW_SOURCES, _WITHDRAW_WEIGHTS)
_PICK_WITHDRAW_OTHER = _table(_WITHDRAW_SOURCES[1:], _WITHDRAW_WEIGHTS[1:])
_PICK_CONSENT_COUNT = {p: _table(range(4), w) for p, w in _CONSENT_COUNTS.items()}
_PICK_SUBSCRIPTIONS = _table(range(4), (10, 45, 30, 15))
_PICK_INVOICES = _table(range(13), (12, 14, 13, 11, 10, 8, 7, 6, 5, 4, 4, 3, 3))
_PICK_INTERACTIONS = _table(range(9), (15, 22, 20, 14, 10, 7, 5, 4, 3))
_PICK_CARD_YEAR = (-1, 0, 1, 1, 2, 2, 3, 3, 4, 5)
_CHANNELS_FOR_TRUNK = (2, 4, 8, 10, 20, 30, 60)
_TOP_UPS = (1000, 2000, 2500, 5000)
_ROLE_MAILBOXES = ("info", "accounts", "billing", "office")
_STR = {
    e: str(e)
    for e in (
        *AddressKind,
        *PhoneKind,
        *CustomerKind,
        *CustomerStatus,
        *Channel,
        *InteractionChannel,
        *ServiceStatus,
        *InvoiceStatus,
        *Purpose,
        *ConsentAction,
        *ConsentSource,
    )
}
_TWO_YEARS = timedelta(days=730)


_GRANTED = "granted"
_RECEIVED, _PENDING, _APPROVED, _DENIED, _COMPLETED, _CANCELLED = (
    str(RequestStatus.RECEIVED),
    str(RequestStatus.PENDING_APPROVAL),
    str(RequestStatus.APPROVED),
    str(RequestStatus.DENIED),
    str(RequestStatus.COMPLETED),
    str(RequestStatus.CANCELLED),
)
_ACCESS, _RECTIFICATION, _ERASURE = (
    str(RequestKind.ACCESS),
    str(RequestKind.RECTIFICATION),
    str(RequestKind.ERASURE),
)
# (kind, status, received so many days ago, extended by days): the queue a supervisor sees.
# Due 30 days after receipt: 34 days ago is overdue, 28 days ago is due in two days.
_REQUEST_PLAN: tuple[tuple[str, str, int, int], ...] = (
    (_ACCESS, _RECEIVED, 34, 0),
    (_ERASURE, _PENDING, 27, 0),
    (_ACCESS, _RECEIVED, 28, 0),
    (_ERASURE, _APPROVED, 9, 0),
    (_ERASURE, _DENIED, 20, 0),
    (_ACCESS, _COMPLETED, 40, 0),
    (_RECTIFICATION, _RECEIVED, 12, 0),
    (_ACCESS, _CANCELLED, 15, 0),
    (_ERASURE, _PENDING, 6, 0),
    (_RECTIFICATION, _RECEIVED, 45, 30),
    (_RECTIFICATION, _COMPLETED, 25, 0),
    (_ERASURE, _APPROVED, 16, 0),
    (_ACCESS, _RECEIVED, 3, 0),
    (_ERASURE, _DENIED, 50, 0),
    (_RECTIFICATION, _CANCELLED, 33, 0),
    (_ACCESS, _COMPLETED, 70, 0),
    (_ERASURE, _PENDING, 1, 0),
    (_RECTIFICATION, _COMPLETED, 60, 0),
    (_ERASURE, _COMPLETED, 80, 0),  # last: the one customer the demo erases
)
_DENIALS = (
    "Open dispute about an unpaid invoice; the records are needed until it is settled",
    "The account is subject to a legal hold requested by the authorities",
)
_CANCELLATIONS = (
    "The customer withdrew the request by phone",
    "Duplicate of an earlier request",
)
_EXTENSIONS = ("Records from the old billing system must be retrieved from the archive",)
_RECIPIENTS = (
    ("Northwind Collections Ltd", "name, account number and outstanding balance"),
    ("Number porting service of the receiving provider", "name and virtual number"),
    ("Fraud prevention partner", "name, email address and recent sign-in dates"),
    ("External auditor", "invoices of the last financial year"),
)
_REQUEST_NOTES = (
    "Called from the number on file",
    "Asked for the answer by email",
    None,
    None,
)
