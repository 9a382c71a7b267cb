"""Customers and everything recorded about them, as plain rows, a batch at a time."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from voxprivacy.domain.catalog import PRODUCTS
from voxprivacy.domain.enums import (
    AddressKind,
    ConsentAction,
    ConsentSource,
    CustomerKind,
    CustomerStatus,
    InvoiceStatus,
    PhoneKind,
    Purpose,
    ServiceStatus,
)
from voxprivacy.domain.validation import fold
from voxprivacy.security.crypto import FieldCipher
from voxprivacy.services.demo.catalog import (
    _CHANNELS_FOR_TRUNK,
    _EVIDENCE,
    _GLOBAL_MAIL,
    _GRANTED,
    _NOTES,
    _PICK_BRAND,
    _PICK_CARD_YEAR,
    _PICK_CONSENT_COUNT,
    _PICK_GRANT,
    _PICK_INTERACTION,
    _PICK_INTERACTIONS,
    _PICK_INVOICES,
    _PICK_PREFERRED,
    _PICK_SUBSCRIPTIONS,
    _PICK_WITHDRAW_NEWSLETTER,
    _PICK_WITHDRAW_OTHER,
    _ROLE_MAILBOXES,
    _SCHEDULED_REASONS,
    _STAFF_SOURCES,
    _STR,
    _SUMMARIES,
    _TERMINATION_SUMMARY,
    _TOKEN_CHARS,
    _TOP_UPS,
    _TWO_YEARS,
    POLICY_VERSION,
    T,
    _Locale,
)
from voxprivacy.services.demo.pools import _LocalePool
from voxprivacy.services.search_index import terms_for
from voxprivacy.storage.models import (
    Address,
    ConsentEvent,
    Customer,
    CustomerSearchTerm,
    Email,
    Interaction,
    Invoice,
    PaymentCard,
    Phone,
    Subscription,
)

SAMPLE = 40  # active customers remembered for the requests and disclosures
MAX_INVOICES = 12  # per customer (the last entry of _PICK_INVOICES' range)


class _Rows:
    """One batch: a list of plain dict rows per table, in foreign-key order.

    Keys are UUIDs as 32 hex digits (the demo's own, see ``_Ids``);
    the writer turns each value into what the database stores.
    """

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
        self.sample: list[_Sampled] = []

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

    def count(self) -> int:
        return sum(len(rows) for _, rows in self.tables())


@dataclass(frozen=True)
class _Sampled:
    """An active customer the demo's requests and disclosures may be about."""

    id: uuid.UUID
    name: str
    created: datetime
    disclosure_consent: dict[str, Any] | None  # the latest third-party event, if a grant


class _Ids:
    """UUIDv7 keys for one batch, made from the batch's number instead of the clock.

    The 48-bit millisecond field is the demo's start minus the batches still to
    come, so batch after batch sorts in order and every key is older than any
    the desk makes later; the 12 bits of ``rand_a`` and the top of ``rand_b`` are
    the batch's own random bits, and the low 24 bits count the batch's rows
    (a batch stays far below 16 million rows). Strings of 32 hex digits, as
    ``uuid.UUID.hex`` writes them: what SQLAlchemy stores for a UUID on SQLite and
    what PostgreSQL's ``COPY`` reads, so the writer takes them as they are.
    """

    def __init__(self, start_ms: int, batch: int, batches: int, rng: random.Random) -> None:
        ms = (start_ms - batches + batch) & ((1 << 48) - 1)
        value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
        value |= rng.getrandbits(38) << 24
        self._prefix = f"{value:032x}"[:26]
        self._next = 0

    def __call__(self) -> str:
        n = self._next
        self._next = n + 1
        return f"{self._prefix}{n:06x}"


def _canonical(hex_id: str) -> str:
    """A demo key in the form ``str(uuid.UUID)`` gives it (what the desk binds a field to)."""
    h = hex_id
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _by_term(row: dict[str, Any]) -> str:
    return str(row["term"])


class _Generator:
    """Turns the seed into batches of rows; each batch has its own seeded Random.

    A batch depends only on the seed and its number, so batches can be made in
    any order, by any number of processes, and still give the same customers.
    """

    def __init__(
        self,
        *,
        cipher: FieldCipher,
        now: datetime,
        total: int,
        seed: int,
        agent: uuid.UUID,
        supervisor: uuid.UUID,
        pools: Sequence[_LocalePool],
        batch_size: int,
    ) -> None:
        self.cipher = cipher
        self.now = now.astimezone(UTC)
        self.today = self.now.date()
        self.start_ms = int(self.now.timestamp() * 1000)
        self.agent = agent.hex
        self.supervisor = supervisor.hex
        self.pick_pool = pools
        self.total = total
        self.batch_size = batch_size
        self.batches = -(-total // batch_size)
        rng = random.Random(f"{seed}:numbers")
        # account numbers VX + 8 digits: consecutive numbers from a seeded start
        self.account_base = 10_000_000 + rng.randrange(90_000_000 - total)
        # billing references: an odd multiplier makes i -> a*i+b a permutation of 2**64
        self.br_mul = rng.getrandbits(64) | 1
        self.br_add = rng.getrandbits(64)
        self.seed = seed
        self.rng = random.Random(seed)
        self._id = _Ids(self.start_ms, 0, self.batches, self.rng)

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
        templates, valid = (
            (pool.mobiles, pool.mobile_ok) if mobile else (pool.landlines, pool.landline_ok)
        )
        for _attempt in range(20):
            t = self._pick(templates)
            nsn = t.prefix + self._digits(t.tail)
            # the region is the main one of its country code (checked when the pool was
            # built), so valid for the region is the same as phonenumbers.is_valid_number
            if valid(nsn):
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

    def batch(self, number: int) -> _Rows:
        """Batch ``number`` (from 0): its customers and their records."""
        self.rng = random.Random(f"{self.seed}:batch:{number}")
        self._id = _Ids(self.start_ms, number, self.batches, self.rng)
        rows = _Rows()
        start = number * self.batch_size
        for i in range(start, min(self.total, start + self.batch_size)):
            self._customer(i, rows)
        # in index order: the terms' key is the word, so sorted rows land on neighbouring pages
        rows.terms.sort(key=_by_term)
        return rows

    def _customer(self, i: int, rows: _Rows) -> None:
        r = self.rng.random
        now = self.now
        pool = self._pick(self.pick_pool)
        loc = pool.locale
        cid = self._id()
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
                    "id": self._id(),
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
                    "id": self._id(),
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
                    "id": self._id(),
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
            card_id = self._id()
            year = self.today.year + self._pick(_PICK_CARD_YEAR)
            month = 1 + int(r() * 12)
            if (year, month) < (self.today.year, self.today.month) and r() < 0.75:
                year += 3  # most cards on file were renewed; a few stay expired
            token = "tok_" + "".join(self.rng.choices(_TOKEN_CHARS, k=24))
            rows.cards.append(
                {
                    "id": card_id,
                    "customer_id": cid,
                    "brand": self._pick(_PICK_BRAND),
                    "last4": self._digits(4),
                    "exp_month": month,
                    "exp_year": year,
                    "token": self.cipher.encrypt(
                        token, "payment_cards", "token", _canonical(card_id)
                    ),
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
        self._invoices(rows.invoices, i, cid, loc, business, billing_ref, created, end)
        self._interactions(rows.interactions, cid, created, end, terminated)
        first_consent = len(rows.consents)
        self._consents(rows.consents, cid, created, end)
        if not terminated and len(rows.sample) < SAMPLE:
            third = [
                c
                for c in rows.consents[first_consent:]
                if c["purpose"] == _STR[Purpose.THIRD_PARTY_DISCLOSURE]
            ]
            granted = third[-1] if third and third[-1]["action"] == _GRANTED else None
            rows.sample.append(_Sampled(uuid.UUID(cid), name, created, granted))

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
        cid: str,
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
                    "id": self._id(),
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
        i: int,
        cid: str,
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
            out.append(
                {
                    "id": self._id(),
                    "customer_id": cid,
                    "number": f"INV-{issued_on.year}-{i * MAX_INVOICES + n + 1:06d}",
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
        cid: str,
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
                    "id": self._id(),
                    "customer_id": cid,
                    "at": at,
                    "channel": _STR[self._pick(_PICK_INTERACTION)],
                    "staff_id": self.agent if r() < 0.75 else self.supervisor,
                    "summary": summary,
                }
            )

    def _consents(
        self, out: list[dict[str, Any]], cid: str, created: datetime, end: datetime
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
                        "id": self._id(),
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
