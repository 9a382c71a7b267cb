"""Demo data: fills a new, empty database with demo staff and realistic customers.

This module owns the demo: one staff member per role (with a random password
and an authenticator enrollment, shown once to whoever asked for the demo)
and any number of varied customers from several countries, with addresses,
valid phone numbers, emails, services, cards on file (token encrypted, never a
card number), invoices, interactions and consent histories. A demo of at
least ``ACTIVITY_FROM`` customers also has privacy requests in every state
(an overdue one, one near its deadline, erasures waiting for approval, one
carried out) and disclosures, so every page of the desk has something in it.
The same seed gives the same customers and the same requests.

Generation is built for volume (a million customers in minutes): Faker is
asked once per locale for pools of names, streets, towns and companies, which
a seeded ``random.Random`` combines; rows are plain dicts inserted per table
with one executemany per batch, one transaction per batch. It is a bootstrap
step, like creating the first admin: it only runs on a database that has
neither staff nor customers, and it appends one audit event at the end.
"""

from __future__ import annotations

import functools
import random
import re
import secrets
import string
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import phonenumbers
from faker import Faker
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from voxprivacy.domain.catalog import PRODUCTS
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
    Role,
    ServiceStatus,
)
from voxprivacy.domain.requests import (
    DEFAULT_DEADLINE_DAYS,
    VERIFICATION_LABELS,
    RequestKind,
    RequestStatus,
    VerificationMethod,
)
from voxprivacy.domain.validation import fold
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.security import passwords
from voxprivacy.services import audit
from voxprivacy.services.auth import new_enrollment
from voxprivacy.services.context import Context
from voxprivacy.services.erasure import purge_customer
from voxprivacy.services.guard import authenticates
from voxprivacy.services.search_index import terms_for
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import (
    Address,
    ConsentEvent,
    Customer,
    CustomerSearchTerm,
    Disclosure,
    Email,
    Installation,
    Interaction,
    Invoice,
    PaymentCard,
    Phone,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
    Staff,
    Subscription,
)

MAX_CUSTOMERS = 10_000_000
BATCH_CUSTOMERS = 5_000
POLICY_VERSION = "2009-06-17"
REFUSAL = "demo fills only a new, empty database; point --db at a new file"
ACTIVITY_FROM = 100  # smaller demos (tests, a quick look) hold customers only
_SAMPLE = 40  # active customers remembered for the requests and disclosures


@dataclass(frozen=True)
class DemoStaff:
    """A demo staff member's credentials, shown once to whoever generated the demo."""

    username: str
    role: str
    password: str
    otpauth_uri: str
    secret: str


@dataclass(frozen=True)
class DemoResult:
    staff: list[DemoStaff]
    customers: int
    seconds: float


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

# ------------------------------------------------------------------------ pools


@dataclass(frozen=True)
class _PhoneTemplate:
    """A national prefix whose numbers stay valid whatever the trailing digits."""

    country_code: int
    prefix: str
    tail: int


def _phone_object(country_code: int, nsn: str) -> phonenumbers.PhoneNumber:
    zeros = len(nsn) - len(nsn.lstrip("0"))
    return phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=int(nsn),
        italian_leading_zero=True if zeros else None,
        number_of_leading_zeros=zeros if zeros > 1 else None,
    )


def _random_digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n) if n else ""


def _phone_templates(rng: random.Random, region: str, kind: int) -> list[_PhoneTemplate]:
    """Varied prefixes found by randomising the example number's trailing digits.

    A prefix is kept only if every one of a sample of numbers made from it is
    valid; each generated number is still checked before use.
    """
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:  # pragma: no cover - every region used here has examples
        raise ValueError(f"no example {kind} number for {region}")
    cc = int(example.country_code or 0)
    if phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc][0] != region:  # pragma: no cover
        raise ValueError(f"{region} is not the main region of +{cc}")
    nsn = phonenumbers.national_significant_number(example)
    tail = max(2, min(6, len(nsn) - 4))
    wanted = {kind, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    found: list[_PhoneTemplate] = [_PhoneTemplate(cc, nsn[:-tail], tail)]
    seen = {nsn[:-tail]}
    for _attempt in range(600):
        if len(found) >= 16:
            break
        vary = rng.randint(tail + 1, max(tail + 1, len(nsn) - 1))
        candidate = nsn[:-vary] + _random_digits(rng, vary)
        prefix = candidate[:-tail]
        if prefix in seen:
            continue
        seen.add(prefix)
        number = _phone_object(cc, candidate)
        if (
            not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in wanted
        ):
            continue
        if all(
            phonenumbers.is_valid_number(_phone_object(cc, prefix + _random_digits(rng, tail)))
            for _ in range(24)
        ):
            found.append(_PhoneTemplate(cc, prefix, tail))
    return found


def _tidy(value: object) -> str:
    """Faker's text as a clerk would type it: one line, single spaces, no edges."""
    return " ".join(str(value).split())


def _dedupe(values: Sequence[object]) -> list[str]:
    return list(dict.fromkeys(t for t in map(_tidy, values) if t))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class _LocalePool:
    locale: _Locale
    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    towns: list[tuple[str, str]]  # (postal code, city)
    companies: list[str]
    mobiles: list[_PhoneTemplate]
    landlines: list[_PhoneTemplate]
    ascii_first: dict[str, str] = field(default_factory=dict)
    ascii_last: dict[str, str] = field(default_factory=dict)
    company_slugs: dict[str, str] = field(default_factory=dict)


def _build_pool(loc: _Locale, rng: random.Random) -> _LocalePool:
    fake = Faker(loc.code)
    fake.seed_instance(rng.getrandbits(64))
    first = _dedupe([fake.first_name() for _ in range(300)])
    last = _dedupe([fake.last_name() for _ in range(300)])
    streets = _dedupe([fake.street_address() for _ in range(200)])
    towns = [(_tidy(fake.postcode()), _tidy(fake.city())) for _ in range(100)]
    companies = _dedupe([fake.company() for _ in range(100)])
    pool = _LocalePool(
        loc,
        first,
        last,
        streets,
        towns,
        companies,
        _phone_templates(rng, loc.country, phonenumbers.PhoneNumberType.MOBILE),
        _phone_templates(rng, loc.country, phonenumbers.PhoneNumberType.FIXED_LINE),
    )
    pool.ascii_first = {n: _ascii_word(n) or "info" for n in first}
    pool.ascii_last = {n: _ascii_word(n) or "mail" for n in last}
    pool.company_slugs = {c: (_ascii_word(c)[:24] or "company") for c in companies}
    return pool


# --------------------------------------------------------------------- generator


class _Rows:
    """One batch: a list of plain dict rows per table, in foreign-key order."""

    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.addresses: list[dict[str, Any]] = []
        self.phones: list[dict[str, Any]] = []
        self.emails: list[dict[str, Any]] = []
        self.subscriptions: list[dict[str, Any]] = []
        self.cards: list[dict[str, Any]] = []
        self.invoices: list[dict[str, Any]] = []
        self.interactions: list[dict[str, Any]] = []
        self.consents: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []

    def tables(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        return [
            (Customer, self.customers),
            (Address, self.addresses),
            (Phone, self.phones),
            (Email, self.emails),
            (Subscription, self.subscriptions),
            (PaymentCard, self.cards),
            (Invoice, self.invoices),
            (Interaction, self.interactions),
            (ConsentEvent, self.consents),
            (CustomerSearchTerm, self.terms),
        ]


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


@dataclass(frozen=True)
class _Sampled:
    """An active customer the demo's requests and disclosures may be about."""

    id: uuid.UUID
    name: str
    created: datetime
    disclosure_consent: dict[str, Any] | None  # the latest third-party event, if a grant


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


@dataclass
class _Activity:
    """The demo's privacy requests, their timelines, and disclosures."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    disclosures: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    erase: list[tuple[uuid.UUID, datetime, uuid.UUID]] = field(default_factory=list)

    def tables(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        return [
            (PrivacyRequest, self.requests),
            (RequestEvent, self.events),
            (RectificationChange, self.changes),
            (Disclosure, self.disclosures),
            (Interaction, self.interactions),
        ]


class _Generator:
    """Turns a seeded Random into batches of rows; the only source of randomness is ``rng``."""

    def __init__(
        self, ctx: Context, total: int, seed: int, agent: uuid.UUID, supervisor: uuid.UUID
    ) -> None:
        self.rng = rng = random.Random(seed)
        self.cipher = ctx.keys().cipher
        self.now = ctx.now().astimezone(UTC)
        self.today = self.now.date()
        self.agent = agent
        self.supervisor = supervisor
        pools = [_build_pool(loc, rng) for loc in LOCALES]
        self.pick_pool = _table(pools, [loc.weight for loc in LOCALES])
        # account numbers VX + 8 digits: consecutive numbers from a seeded start
        self.account_base = 10_000_000 + rng.randrange(90_000_000 - total)
        # billing references: an odd multiplier makes i -> a*i+b a permutation of 2**64
        self.br_mul = rng.getrandbits(64) | 1
        self.br_add = rng.getrandbits(64)
        self.invoice_seq = 0
        self.seed = seed
        self.sample: list[_Sampled] = []  # the first active customers, for requests

    # ---- small helpers

    def _pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def _digits(self, n: int) -> str:
        return f"{int(self.rng.random() * 10**n):0{n}d}"

    def _between(self, start: datetime, end: datetime) -> datetime:
        span = (end - start).total_seconds()
        return start + timedelta(seconds=self.rng.random() * span) if span > 0 else start

    def phone(self, pool: _LocalePool, mobile: bool) -> str:
        """A number valid for the pool's country (checked), in E.164."""
        templates = pool.mobiles if mobile else pool.landlines
        region = pool.locale.country
        for _attempt in range(20):
            t = self._pick(templates)
            nsn = t.prefix + self._digits(t.tail)
            # the region is the main one of its country code (checked when the pool was
            # built), so valid for the region is the same as phonenumbers.is_valid_number
            if phonenumbers.is_valid_number_for_region(_phone_object(t.country_code, nsn), region):
                return f"+{t.country_code}{nsn}"
        t = templates[0]  # pragma: no cover - the templates were sampled valid
        return f"+{t.country_code}{t.prefix}{'0' * t.tail}"

    def _email_local(self, first: str, last: str) -> str:
        pattern = int(self.rng.random() * 7)
        if pattern == 0:
            return f"{first}.{last}"
        if pattern == 1:
            return f"{first[0]}{last}"
        if pattern == 2:
            return f"{first}.{last}{1 + int(self.rng.random() * 99)}"
        if pattern == 3:
            return f"{last}.{first}"
        if pattern == 4:
            return f"{first}{1960 + int(self.rng.random() * 46)}"
        if pattern == 5:
            return f"{first}_{last}"
        return f"{first[0]}.{last}{1 + int(self.rng.random() * 999)}"

    def _private_domain(self, pool: _LocalePool) -> str:
        domains = pool.locale.mail_domains if self.rng.random() < 0.8 else _GLOBAL_MAIL
        return self._pick(domains)

    # ---- one batch

    def batch(self, start: int, count: int) -> _Rows:
        rows = _Rows()
        for i in range(start, start + count):
            self._customer(i, rows)
        return rows

    def _customer(self, i: int, rows: _Rows) -> None:
        r = self.rng.random
        now = self.now
        pool = self._pick(self.pick_pool)
        loc = pool.locale
        cid = uuid7()
        business = r() < 0.2
        first = self._pick(pool.first_names)
        last = self._pick(pool.last_names)
        name = f"{first} {last}"
        company = self._pick(pool.companies) if business else None
        created = now - timedelta(seconds=(30 + r() * (8 * 365 - 30)) * 86400)
        terminated = r() < 0.05
        ended_at = self._between(created + timedelta(days=20), now) if terminated else None
        if ended_at is not None and i % 4 == 0:
            # a quarter of the terminations are recent enough to reactivate
            ended_at = max(created + timedelta(days=20), now - timedelta(days=1 + i % 25))
        scheduled = not terminated and i % 53 == 7
        end = ended_at or now
        account = f"VX{self.account_base + i}"
        billing_ref = f"BR-{(self.br_mul * i + self.br_add) & 0xFFFFFFFFFFFFFFFF:016X}"

        # addresses: private or business, sometimes a separate billing address
        has_billing = r() < (0.6 if business else 0.12)
        kinds = [AddressKind.BUSINESS if business else AddressKind.PRIVATE]
        if has_billing:
            kinds.append(AddressKind.BILLING)
        for kind in kinds:
            postal_code, city = self._pick(pool.towns)
            rows.addresses.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "kind": _STR[kind],
                    "street": self._pick(pool.streets),
                    "postal_code": postal_code,
                    "city": city,
                    "country": loc.country,
                    "version": 1,
                }
            )

        # phones: one or two, the first is primary
        phones: list[str] = []
        has_mobile = False
        for n in range(1 if r() < 0.55 else 2):
            mobile = (r() < (0.45 if business else 0.75)) if n == 0 else not has_mobile
            number = self.phone(pool, mobile)
            if number in phones:
                continue
            has_mobile = has_mobile or mobile
            phones.append(number)
            phone_kind = (
                PhoneKind.MOBILE if mobile else PhoneKind.WORK if business else PhoneKind.LANDLINE
            )
            rows.phones.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "kind": _STR[phone_kind],
                    "e164": number,
                    "is_primary": n == 0,
                    "version": 1,
                }
            )

        # emails: one or two, exactly one primary
        fa, la = pool.ascii_first[first], pool.ascii_last[last]
        slug = pool.company_slugs[company] if company else None
        if slug:
            domain = f"{slug}.{loc.tld}"
            local = self._email_local(fa, la) if r() < 0.3 else f"{fa}.{la}"
            emails = [f"{local}@{domain}"]
            if r() < 0.45:
                emails.append(f"{self._pick(_ROLE_MAILBOXES)}@{domain}")
        else:
            emails = [f"{self._email_local(fa, la)}@{self._private_domain(pool)}"]
            if r() < 0.3:
                emails.append(f"{self._email_local(fa, la)}@{self._private_domain(pool)}")
        if len(emails) == 2 and emails[0] == emails[1]:
            emails.pop()
        for n, address in enumerate(emails):
            rows.emails.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "address": address,
                    "address_folded": fold(address),
                    "is_primary": n == 0,
                    "version": 1,
                }
            )

        # card on file: brand, last four, expiry and the processor's token, encrypted
        has_card = r() < 0.6
        if has_card:
            card_id = uuid7()
            year = self.today.year + self._pick(_PICK_CARD_YEAR)
            month = 1 + int(r() * 12)
            if (year, month) < (self.today.year, self.today.month) and r() < 0.75:
                year += 3  # most cards on file were renewed; a few stay expired
            token = "tok_" + "".join(self._pick(_TOKEN_CHARS) for _ in range(24))
            rows.cards.append(
                {
                    "id": card_id,
                    "customer_id": cid,
                    "brand": self._pick(_PICK_BRAND),
                    "last4": self._digits(4),
                    "exp_month": month,
                    "exp_year": year,
                    "token": self.cipher.encrypt(token, "payment_cards", "token", card_id),
                    "created_at": self._between(created, end),
                    "version": 1,
                }
            )

        self._subscriptions(
            rows.subscriptions,
            cid,
            pool,
            slug,
            phones,
            has_mobile,
            emails[0],
            has_card and has_billing,
            account,
            created,
            ended_at,
        )
        self._invoices(rows.invoices, cid, loc, business, billing_ref, created, end)
        self._interactions(rows.interactions, cid, created, end, terminated)
        first_consent = len(rows.consents)
        self._consents(rows.consents, cid, created, end)
        if not terminated and len(self.sample) < _SAMPLE:
            third = [
                c
                for c in rows.consents[first_consent:]
                if c["purpose"] == _STR[Purpose.THIRD_PARTY_DISCLOSURE]
            ]
            granted = third[-1] if third and third[-1]["action"] == _GRANTED else None
            self.sample.append(_Sampled(cid, name, created, granted))

        rows.customers.append(
            {
                "id": cid,
                "account_number": account,
                "kind": _STR[CustomerKind.BUSINESS if business else CustomerKind.PRIVATE],
                "name": name,
                "company": company,
                "status": _STR[CustomerStatus.TERMINATED if terminated else CustomerStatus.ACTIVE],
                "preferred_channel": _STR[self._pick(_PICK_PREFERRED)],
                "language": loc.language,
                "note": self._pick(_NOTES) if r() < 0.06 else None,
                "billing_reference": billing_ref,
                "created_at": created,
                "updated_at": self._between(created, end),
                "terminated_at": ended_at,
                "termination_due": (now + timedelta(days=7 + i % 54)).date() if scheduled else None,
                "termination_reason": _SCHEDULED_REASONS[i % len(_SCHEDULED_REASONS)]
                if scheduled
                else None,
                "version": 1,
            }
        )
        rows.terms.extend(
            {"term": term, "kind": kind, "customer_id": cid}
            for term, kind in terms_for(account, name, company, emails, phones)
        )

    def _subscriptions(
        self,
        out: list[dict[str, Any]],
        cid: uuid.UUID,
        pool: _LocalePool,
        company_slug: str | None,
        phones: list[str],
        has_mobile: bool,
        email: str,
        prepaid_ok: bool,
        account: str,
        created: datetime,
        ended_at: datetime | None,
    ) -> None:
        r = self.rng.random
        count = self._pick(_PICK_SUBSCRIPTIONS)
        if not count:
            return
        # only what the customer's record can support (see domain.catalog requirements)
        eligible = ["virtual_number", "voicemail_to_email", "call_forwarding"]
        if company_slug:
            eligible += ["origination_trunk", "origination_trunk", "virtual_number"]
        if has_mobile:
            eligible.append("sms")
        if prepaid_ok:
            eligible.append("prepaid_credit")
        chosen: list[str] = []
        for _attempt in range(count * 3):
            code = self._pick(eligible)
            if code not in chosen or code == "virtual_number":
                chosen.append(code)
            if len(chosen) == count:
                break
        for code in chosen:
            attrs: dict[str, Any]
            if code == "virtual_number":
                number = self.phone(pool, mobile=False)
                identifier, attrs = number, {"number": number, "area": self._pick(pool.towns)[1]}
            elif code == "origination_trunk":
                trunk = f"TRK-{self._digits(6)}"
                identifier, attrs = (
                    trunk,
                    {"trunk_id": trunk, "channels": self._pick(_CHANNELS_FOR_TRUNK)},
                )
            elif code == "sms":
                sender = company_slug.upper()[:11] if company_slug else phones[0]
                identifier, attrs = sender, {"sender_id": sender}
            elif code == "voicemail_to_email":
                identifier, attrs = f"VM-{account[2:]}", {"mailbox": email}
            elif code == "call_forwarding":
                identifier, attrs = phones[0], {"forward_to": self.phone(pool, mobile=True)}
            else:
                identifier, attrs = f"PPC-{account[2:]}", {"top_up_amount": self._pick(_TOP_UPS)}
            started = self._between(created, ended_at or self.now)
            status, sub_end = ServiceStatus.ACTIVE, None
            if ended_at is not None:
                status, sub_end = ServiceStatus.ENDED, ended_at
            else:
                roll = r()
                if roll < 0.05:
                    status, sub_end = ServiceStatus.ENDED, self._between(started, self.now)
                elif roll < 0.08:
                    status = ServiceStatus.SUSPENDED
            out.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "product": code,
                    "identifier": identifier,
                    "status": _STR[status],
                    "attributes": attrs,
                    "started_at": started,
                    "ended_at": sub_end,
                    "end_outcome": str(PRODUCTS[code].on_end[0]) if sub_end is not None else None,
                    "version": 1,
                }
            )

    def _invoices(
        self,
        out: list[dict[str, Any]],
        cid: uuid.UUID,
        loc: _Locale,
        business: bool,
        billing_ref: str,
        created: datetime,
        end: datetime,
    ) -> None:
        r = self.rng.random
        count = min((end - created).days // 30, self._pick(_PICK_INVOICES))
        if count <= 0:
            return
        issued = end.date() - timedelta(days=int(r() * 28))
        late_payer = r() < 0.06
        lo, span = (4_000, 146_000) if business else (500, 5_500)
        today = self.today
        for n in range(count):
            issued_on = issued - timedelta(days=30 * n)
            due_on = issued_on + timedelta(days=14)
            amount = lo + int(r() * span)
            if due_on >= today:
                status, paid = InvoiceStatus.OPEN, 0
            elif late_payer and n < 2:
                status, paid = InvoiceStatus.OVERDUE, 0 if r() < 0.7 else amount // 2
            else:
                status, paid = InvoiceStatus.PAID, amount
            self.invoice_seq += 1
            out.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "number": f"INV-{issued_on.year}-{self.invoice_seq:06d}",
                    "billing_reference": billing_ref,
                    "issued_on": issued_on,
                    "due_on": due_on,
                    "amount_cents": amount,
                    "paid_cents": paid,
                    "currency": loc.currency,
                    "status": _STR[status],
                }
            )

    def _interactions(
        self,
        out: list[dict[str, Any]],
        cid: uuid.UUID,
        created: datetime,
        end: datetime,
        terminated: bool,
    ) -> None:
        r = self.rng.random
        count = self._pick(_PICK_INTERACTIONS)
        start = max(created, self.now - _TWO_YEARS)
        if not count or start >= end:
            return
        times = sorted(self._between(start, end) for _ in range(count))
        for n, at in enumerate(times):
            summary = (
                _TERMINATION_SUMMARY if terminated and n == count - 1 else self._pick(_SUMMARIES)
            )
            out.append(
                {
                    "id": uuid7(),
                    "customer_id": cid,
                    "at": at,
                    "channel": _STR[self._pick(_PICK_INTERACTION)],
                    "staff_id": self.agent if r() < 0.75 else self.supervisor,
                    "summary": summary,
                }
            )

    def _consents(
        self, out: list[dict[str, Any]], cid: uuid.UUID, created: datetime, end: datetime
    ) -> None:
        r = self.rng.random
        for purpose, counts in _PICK_CONSENT_COUNT.items():
            count = self._pick(counts)
            if not count:
                continue
            times = sorted(self._between(created, end) for _ in range(count))
            if purpose is not Purpose.THIRD_PARTY_DISCLOSURE and r() < 0.5:
                times[0] = created  # given when signing up
            for n, at in enumerate(times):
                granted = n % 2 == 0  # a history alternates, starting with a grant
                if granted:
                    source = ConsentSource.SIGNUP if at == created else self._pick(_PICK_GRANT)
                elif purpose is Purpose.NEWSLETTER:
                    source = self._pick(_PICK_WITHDRAW_NEWSLETTER)
                else:
                    source = self._pick(_PICK_WITHDRAW_OTHER)
                evidence = f"{_EVIDENCE[source]} {at.date().isoformat()}" if r() < 0.4 else None
                staff = (
                    (self.agent if r() < 0.8 else self.supervisor)
                    if source in _STAFF_SOURCES
                    else None
                )
                delay = (
                    timedelta(days=1 + int(r() * 5))
                    if source is ConsentSource.LETTER
                    else timedelta(seconds=5 + int(r() * 600))
                )
                out.append(
                    {
                        "id": uuid7(),
                        "customer_id": cid,
                        "purpose": _STR[purpose],
                        "action": _STR[
                            ConsentAction.GRANTED if granted else ConsentAction.WITHDRAWN
                        ],
                        "source": _STR[source],
                        "evidence": evidence,
                        "staff_id": staff,
                        "expressed_at": at,
                        "recorded_at": min(at + delay, self.now),
                        "policy_version": POLICY_VERSION,
                    }
                )

    # ---- requests and disclosures (a Random of their own: the customers stay as they were)

    def activity(self) -> _Activity:
        """Requests in every state and a few disclosures, about the sampled customers."""
        rng = random.Random(f"{self.seed}:activity")
        out = _Activity()
        now = self.now
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        references: set[str] = set()
        methods = list(VerificationMethod)
        plan = _REQUEST_PLAN[: len(self.sample)]
        erased = self.sample[len(plan) - 1].id if plan and plan[-1][1] == _COMPLETED else None
        for n, (kind, status, days, extension) in enumerate(plan):
            customer = self.sample[n]
            if kind == _ERASURE and status == _COMPLETED and customer.id != erased:
                continue
            while (ref := "PR-" + "".join(rng.choice(alphabet) for _ in range(6))) in references:
                pass
            references.add(ref)
            rid = uuid7()
            received = now - timedelta(days=days, hours=rng.randrange(1, 9))
            due = received + timedelta(days=DEFAULT_DEADLINE_DAYS + extension)
            method = methods[rng.randrange(len(methods))]
            # an erasure is decided by a supervisor who did not open it (four eyes)
            opener = self.agent if kind == _ERASURE or rng.random() < 0.7 else self.supervisor
            decider = self.supervisor
            step = received + timedelta(hours=rng.randrange(2, 48))
            row: dict[str, Any] = {
                "id": rid,
                "reference": ref,
                "customer_id": customer.id,
                "kind": kind,
                "status": status,
                "received_at": received,
                "due_at": due,
                "extended": bool(extension),
                "extension_reason": _EXTENSIONS[0] if extension else None,
                "verification_method": str(method),
                "verified_by": opener,
                "verified_at": received,
                "note": _REQUEST_NOTES[rng.randrange(len(_REQUEST_NOTES))],
                "opened_by": opener,
                "decided_by": None,
                "decided_at": None,
                "decision_reason": None,
                "completed_by": None,
                "completed_at": None,
                "version": 1,
            }
            out.requests.append(row)

            event = functools.partial(_add_event, out.events, rid)

            event(received, opener, "identity_verified", VERIFICATION_LABELS[method])
            event(received, opener, "opened", f"{kind} request")
            out.interactions.append(
                {
                    "id": uuid7(),
                    "customer_id": customer.id,
                    "at": received,
                    "channel": _STR[InteractionChannel.PHONE],
                    "staff_id": opener,
                    "summary": f"Asked for the {kind} of their data; opened {ref}",
                }
            )
            if extension:
                event(step, opener, "extended", f"by {extension} days: {_EXTENSIONS[0]}")
            if kind == _ERASURE and status in (_APPROVED, _DENIED, _COMPLETED):
                row["decided_by"], row["decided_at"] = decider, step
                if status == _DENIED:
                    row["decision_reason"] = _DENIALS[rng.randrange(len(_DENIALS))]
                    event(step, decider, "denied", row["decision_reason"])
                else:
                    event(step, decider, "approved", None)
                step += timedelta(hours=rng.randrange(1, 24))
            if status == _CANCELLED:
                row["decision_reason"] = _CANCELLATIONS[rng.randrange(len(_CANCELLATIONS))]
                event(step, opener, "cancelled", row["decision_reason"])
            if status == _COMPLETED:
                row["completed_by"], row["completed_at"] = self.agent, step
                if kind == _ACCESS:
                    event(step, self.agent, "completed", "access package handed out")
                elif kind == _RECTIFICATION:
                    before = _misspelled(customer.name, rng)
                    out.changes.append(
                        {
                            "id": uuid7(),
                            "request_id": rid,
                            "field": "name",
                            "before": before,
                            "after": customer.name,
                            "at": step,
                        }
                    )
                    event(step, self.agent, "completed", "corrected name")
                else:
                    event(
                        step,
                        self.agent,
                        "completed",
                        "erased; invoices kept under the billing reference",
                    )
                    out.erase.append((customer.id, step, rid))
        consenting = [c for c in self.sample if c.disclosure_consent and c.id != erased]
        for n, customer in enumerate(consenting[: len(_RECIPIENTS)]):
            consent = customer.disclosure_consent
            assert consent is not None
            expressed = consent["expressed_at"]
            recipient, data = _RECIPIENTS[n]
            out.disclosures.append(
                {
                    "id": uuid7(),
                    "customer_id": customer.id,
                    "at": self._later_than(max(expressed, now - timedelta(days=90)), rng),
                    "staff_id": self.agent if n % 2 == 0 else self.supervisor,
                    "recipient": recipient,
                    "data": data,
                    "basis": f"consent of {expressed.date().isoformat()} ({consent['source']})",
                    "consent_event_id": consent["id"],
                }
            )
        return out

    def _later_than(self, start: datetime, rng: random.Random) -> datetime:
        span = (self.now - start).total_seconds()
        return start + timedelta(seconds=rng.random() * span) if span > 0 else self.now


def _add_event(
    events: list[dict[str, Any]],
    request_id: uuid.UUID,
    at: datetime,
    who: uuid.UUID | None,
    action: str,
    detail: str | None,
) -> None:
    """A step of a request's timeline, as the request services write it."""
    events.append(
        {
            "id": uuid7(),
            "request_id": request_id,
            "at": at,
            "staff_id": who,
            "action": action,
            "detail": detail,
        }
    )


def _misspelled(name: str, rng: random.Random) -> str:
    """The name as it was first typed: two neighbouring letters swapped."""
    letters = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not letters:
        return name + "e"
    i = letters[rng.randrange(len(letters))]
    swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return swapped if swapped != name else name + "e"


# ------------------------------------------------------------------------ service


def _has_people(session: Session) -> bool:
    return (
        session.execute(select(Staff.id).limit(1)).first() is not None
        or session.execute(select(Customer.id).limit(1)).first() is not None
    )


def _insert(session: Session, rows: _Rows) -> None:
    """One batch, one executemany per table (types applied by Core)."""
    for model, table_rows in rows.tables():
        if table_rows:
            session.execute(insert(model.__table__), table_rows)


def _insert_activity(session: Session, activity: _Activity) -> None:
    """The requests, their timelines and the disclosures; then the one erasure carried out."""
    for model, table_rows in activity.tables():
        if table_rows:
            session.execute(insert(model.__table__), table_rows)
    for customer_id, at, request_id in activity.erase:
        purge_customer(session, customer_id, at, request_id)


def _new_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, ~96 bits


def _demo_passwords() -> list[tuple[Role, str, str]]:
    """(role, password, hash) for each demo account (hashed before any transaction opens)."""
    made = [(role, _new_password()) for role in Role]
    for _staff, password in made:
        passwords.check_new_password(password)
    return [(role, password, passwords.hash_password(password)) for role, password in made]


def _create_staff(
    session: Session, ctx: Context, made: list[tuple[Role, str, str]]
) -> tuple[list[DemoStaff], dict[Role, uuid.UUID]]:
    result: list[DemoStaff] = []
    ids: dict[Role, uuid.UUID] = {}
    for role, password, password_hash in made:
        staff = Staff(
            id=uuid7(),
            username=str(role),
            display_name=f"Demo {str(role).capitalize()}",
            role=str(role),
            password_hash=password_hash,
            created_at=ctx.now(),
        )
        session.add(staff)
        session.flush()
        enrollment = new_enrollment(session, ctx, staff)
        # the demo panel is their authenticator, set up from the start: the staff
        # page shows them enrolled, as a member who has confirmed a code
        staff.totp_enrolled = True
        ids[role] = staff.id
        result.append(
            DemoStaff(
                staff.username, str(role), password, enrollment.otpauth_uri, enrollment.secret
            )
        )
    return result, ids


@authenticates
def generate_demo(
    ctx: Context,
    customers: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Fill a new, empty database with one staff member per role and ``customers`` customers.

    The schema must exist; an installation record (and master key) is created if
    missing. The same ``seed`` gives the same customers; ``progress(done, total)``
    is called after each committed batch.
    """
    if (
        isinstance(customers, bool)
        or not isinstance(customers, int)
        or not 0 <= customers <= MAX_CUSTOMERS
    ):
        raise BadInput(
            _("customers: give a whole number from 0 to {max_customers:,}.").format(
                max_customers=MAX_CUSTOMERS
            ),
            "customers",
        )
    started = time.perf_counter()
    with ctx.db.read() as session:
        if _has_people(session):
            raise BadInput(REFUSAL, "db")
        installed = session.execute(select(Installation.id)).first() is not None
    if not installed:
        ctx.create_installation()
    ctx.keys()

    made = _demo_passwords()
    # One transaction: a demo stopped anywhere (even killed) leaves no staff member whose
    # password was never shown, and no half of the customers.
    with ctx.db.write() as session:
        if _has_people(session):
            raise BadInput(REFUSAL, "db")
        staff, ids = _create_staff(session, ctx, made)
        gen = _Generator(
            ctx,
            customers,
            secrets.randbits(63) if seed is None else seed,
            ids[Role.AGENT],
            ids[Role.SUPERVISOR],
        )
        done = 0
        while done < customers:
            count = min(BATCH_CUSTOMERS, customers - done)
            _insert(session, gen.batch(done, count))
            done += count
            if progress is not None:
                progress(done, customers)
        if customers >= ACTIVITY_FROM:
            _insert_activity(session, gen.activity())
        audit.record(
            session, ctx, None, "demo.generate", detail=f"{customers} customers", username="demo"
        )
    return DemoResult(staff, customers, time.perf_counter() - started)
