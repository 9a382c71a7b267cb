"""The database schema as SQLAlchemy 2 typed models.

Editable rows carry a version counter (optimistic locking): an update made
from a stale read fails instead of overwriting someone else's change.
Secrets and card tokens are stored only as AES-GCM ciphertext (see
security.crypto); the audit table is insert-only (triggers in the migration).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from voxprivacy.storage.ids import uuid7


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Columns holding what staff type in their own words: checked for card numbers on
# every write (storage.checks); every other text column holds a structured value.
FREE_TEXT: dict[str, Any] = {"free_text": True}

# Search terms compare byte-wise on every backend so that a prefix is a range.
SearchTerm = String(300).with_variant(String(300, collation="C"), "postgresql")


def now_utc() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid(), dict[str, Any]: JSON()}


class Synced:
    """A row branches synchronise: the version of each of its fields.

    JSON, field name -> id of the operation that last changed it; kept with the
    row so that checking and moving versions costs no statements of its own.
    """

    sync_versions: Mapped[str | None] = mapped_column(Text, default=None)


class Installation(Base):
    """One row: this database's identity, used to find its master key in the keyring."""

    __tablename__ = "installation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    installation_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    branch: Mapped[str] = mapped_column(String(100), default="central")


class Staff(Synced, Base):
    __tablename__ = "staff"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int] = mapped_column(BigInteger, default=0)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords
    code_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failure_at: Mapped[datetime | None]
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class StaffKey(Synced, Base):
    """A member's signing key and the secrets a branch holds for them (security/signing.py).

    Born at head office when the member's password is known there; branches receive
    the row and may never change it. ``wrapped_key`` and ``wrapped_totp`` open only
    with the member's password; ``public_key`` is what head office checks the
    signatures of their branch operations against.
    """

    __tablename__ = "staff_keys"
    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    kdf: Mapped[str] = mapped_column(String(60))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_totp: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class RecoveryCode(Synced, Base):
    __tablename__ = "recovery_codes"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), index=True
    )
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))  # empty, or a legacy code's salt
    # Argon2id of the code, or "sha256+" and Argon2id of a legacy salted digest
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]


class Customer(Synced, Base):
    __tablename__ = "customers"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    account_number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    company: Mapped[str | None] = mapped_column(String(200), info=FREE_TEXT)
    status: Mapped[str] = mapped_column(String(20), default="active")
    preferred_channel: Mapped[str] = mapped_column(String(20), default="email")
    language: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    billing_reference: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    terminated_at: Mapped[datetime | None]
    # a termination scheduled for a later day, and its reason (until it takes effect)
    termination_due: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(String(500), info=FREE_TEXT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    # The erased customers only (the erasure journal's check at open reads them on every
    # start); a full index on status would mislead the search's planner (migration 0003).
    # Its condition, status = 'erased', is written in migration 0017 and not here: the
    # dialect keywords (sqlite_where=, postgresql_where=) would import both dialects'
    # modules with this one, about 40 ms of every command; the schema comparison does
    # not compare conditions, tests/storage/test_erased_index.py checks it on each backend.
    __table_args__ = (Index("ix_customers_erased", "id"),)

    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Address.kind"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="(Phone.is_primary.desc(), Phone.e164)",
    )
    emails: Mapped[list[Email]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="(Email.is_primary.desc(), Email.address)",
    )
    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Subscription.started_at"
    )
    cards: Mapped[list[PaymentCard]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )


class Address(Synced, Base):
    __tablename__ = "addresses"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    street: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    postal_code: Mapped[str] = mapped_column(String(20), info=FREE_TEXT)
    city: Mapped[str] = mapped_column(String(100), info=FREE_TEXT)
    country: Mapped[str] = mapped_column(String(2))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    customer: Mapped[Customer] = relationship(back_populates="addresses")


class Phone(Synced, Base):
    __tablename__ = "phones"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    e164: Mapped[str] = mapped_column(String(20))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    customer: Mapped[Customer] = relationship(back_populates="phones")


class Email(Synced, Base):
    __tablename__ = "emails"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(254))
    address_folded: Mapped[str] = mapped_column(String(254), index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    customer: Mapped[Customer] = relationship(back_populates="emails")


class Subscription(Synced, Base):
    __tablename__ = "subscriptions"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    product: Mapped[str] = mapped_column(String(40))
    identifier: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="active")
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    ended_at: Mapped[datetime | None]
    end_outcome: Mapped[str | None] = mapped_column(String(20))  # catalog.NumberFate
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    customer: Mapped[Customer] = relationship(back_populates="subscriptions")


class PaymentCard(Synced, Base):
    """Brand, last four, expiry and the processor's token (encrypted). Never a PAN or CVV."""

    __tablename__ = "payment_cards"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int] = mapped_column(Integer)
    exp_year: Mapped[int] = mapped_column(Integer)
    token: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    customer: Mapped[Customer] = relationship(back_populates="cards")


class Invoice(Synced, Base):
    """Kept for the legal retention period; linked through the billing reference."""

    __tablename__ = "invoices"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    billing_reference: Mapped[str] = mapped_column(String(40), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    paid_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))


class Interaction(Synced, Base):
    __tablename__ = "interactions"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=now_utc)
    channel: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    summary: Mapped[str] = mapped_column(Text, info=FREE_TEXT)
    __table_args__ = (Index("ix_interactions_customer_at", "customer_id", "at"),)


class ConsentEvent(Synced, Base):
    """Append-only consent ledger; the current state is derived (domain.consent)."""

    __tablename__ = "consent_events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(30))
    evidence: Mapped[str | None] = mapped_column(String(500), info=FREE_TEXT)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    expressed_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)
    policy_version: Mapped[str] = mapped_column(String(20), default="2009-06-17")
    __table_args__ = (Index("ix_consent_events_customer", "customer_id", "purpose"),)


class CustomerSearchTerm(Base):
    """Folded words of a customer's name, emails, phones and account number.

    A prefix search is a range scan over this index: no LIKE, so '%', '_' and
    quotes typed by a user are ordinary characters. ``kind`` says which field a
    term comes from (account, name, email, phone): a role searches only the
    kinds it may see. One word from two fields (a name that is also the local
    part of an email) is two rows.
    """

    __tablename__ = "customer_search_terms"
    term: Mapped[str] = mapped_column(SearchTerm, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    __table_args__ = (Index("ix_customer_search_terms_customer", "customer_id", "term"),)


class SearchCount(Base):
    """How many customer searches a staff member ran on a (UTC) day.

    Not synchronised: each database counts the searches run against it. Crossing
    a threshold appends a ``customer.search_volume`` event to the audit trail.
    """

    __tablename__ = "search_counts"
    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    searches: Mapped[int] = mapped_column(default=0)


class AuditEvent(Base):
    """Insert-only, hash-chained. Field names only, never values."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    branch: Mapped[str] = mapped_column(String(100))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36), index=True)
    fields: Mapped[str] = mapped_column(Text, default="[]")
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(String(300))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row, locked by every appender so the chain stays linear across workstations."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Synced, Base):
    """Installation-wide settings that every workstation must agree on."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class PrivacyRequest(Synced, Base):
    """A customer's request to see, correct or erase what we hold (policy: Your Choices)."""

    __tablename__ = "privacy_requests"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), index=True)
    received_at: Mapped[datetime]
    due_at: Mapped[datetime]
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_reason: Mapped[str | None] = mapped_column(String(500), info=FREE_TEXT)
    verification_method: Mapped[str] = mapped_column(String(20))
    verified_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    verified_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text, info=FREE_TEXT)
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500), info=FREE_TEXT)
    completed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    completed_at: Mapped[datetime | None]
    # restriction and objection: the purposes named (comma-separated Purpose values)
    purposes: Mapped[str | None] = mapped_column(String(200))
    # a restriction holds from its opening until it is lifted
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class RequestEvent(Synced, Base):
    """A request's timeline: who did what, when. No personal values."""

    __tablename__ = "request_events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))
    # a reason (at most 500 characters) with what the step did around it
    detail: Mapped[str | None] = mapped_column(String(1000), info=FREE_TEXT)


class RectificationChange(Synced, Base):
    """Before and after of each field a rectification changed (kept with the request)."""

    __tablename__ = "rectification_changes"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(60))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class Disclosure(Synced, Base):
    """Every passing of personal data to a third party, with its basis."""

    __tablename__ = "disclosures"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    recipient: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)
    data: Mapped[str] = mapped_column(String(500), info=FREE_TEXT)
    basis: Mapped[str] = mapped_column(String(200))
    consent_event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class RetentionRun(Base):
    """One run of the retention schedule: when, by whom (None: the scheduler), and how
    many of each kind went (counts only). Local to the database that ran it."""

    __tablename__ = "retention_runs"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    counts: Mapped[str] = mapped_column(Text)  # JSON: kind -> how many went


# ----------------------------------------------------------------------------- synchronisation


class PackageFile(Base):
    """A file of an access package written to disk: where (workstation and path), when,
    by whom. Local to this database (not synchronised).

    When the customer is erased the files are deleted where this workstation reaches
    them; the row of a file that could not be deleted stays, and the erasure names it
    for the staff member to delete.
    """

    __tablename__ = "package_files"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="SET NULL")
    )
    host: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]
    written_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class StaffSession(Base):
    """A sign-in on voxprivacy-server: the token's hash, its lifetimes, its step-up.

    Not synchronised: sessions exist only where the server runs. The token itself is
    never stored; ``checked_at`` is set only by the server when a code verifies.
    """

    __tablename__ = "staff_sessions"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    checked_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(100))
    client_label: Mapped[str] = mapped_column(String(200), info=FREE_TEXT)  # sent by the client


class SyncState(Base):
    """One row: this database's part in synchronisation.

    ``hub`` (a central PostgreSQL) logs every change for its branches;
    ``replica`` (a branch's local file) keeps an outbox and a cursor into the
    hub's log; ``standalone`` does neither.
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    central: Mapped[str | None] = mapped_column(String(500))  # URL without its password
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    last_success_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    # a branch enrolled through voxprivacy-server: the server's certificate (SHA-256, hex),
    # the central installation it serves, and a seal over the address and the pin
    central_fingerprint: Mapped[str | None] = mapped_column(String(64))
    central_installation: Mapped[str | None] = mapped_column(String(36))
    central_seal: Mapped[str | None] = mapped_column(String(100))


class SyncCounter(Base):
    """The hub's log sequence: one row, locked by every appender, so the log has no gaps."""

    __tablename__ = "sync_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeLog(Base):
    """The hub's log: one entry per operation, in commit order, with its outcome.

    ``effects`` is what the operation did to the hub's rows (field values and
    their versions); branches apply it in ``seq`` order. An erasure rewrites
    earlier entries of that customer without their values.
    """

    __tablename__ = "sync_change_log"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    op_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    origin: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    made_at: Mapped[datetime]
    applied_at: Mapped[datetime]
    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    effects: Mapped[str] = mapped_column(Text)


class ChangeCustomer(Base):
    """Log entries that touched more than one customer, by customer (to strip on erasure).

    An entry about a single customer names it in its own ``customer_id``.
    """

    __tablename__ = "sync_change_customers"
    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class Outbox(Base):
    """A branch's operations not yet confirmed by the hub, written with the change itself."""

    __tablename__ = "sync_outbox"
    op_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    made_at: Mapped[datetime]
    customers: Mapped[str] = mapped_column(String(2000), default="")
    payload: Mapped[str] = mapped_column(Text)
    erased: Mapped[bool] = mapped_column(Boolean, default=False)
    # Ed25519 by the acting member over security.signing.operation_bytes
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncConflict(Synced, Base):
    """A field two places changed differently, or an operation the hub could not apply.

    The hub's value stays in the record; both values wait here for a supervisor.
    """

    __tablename__ = "sync_conflicts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    origin: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # field, deleted, rejected
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(60))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    central_value: Mapped[str | None] = mapped_column(Text)  # JSON
    branch_value: Mapped[str | None] = mapped_column(Text)  # JSON
    branch_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    resolution: Mapped[str | None] = mapped_column(String(20))


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as a Table (for Core statements)."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


class Branch(Base):
    """A branch office enrolled through voxprivacy-server (head office only, not synchronised).

    The server keeps the public half of the branch's Ed25519 key (every sync request
    is signed with the private half, which never leaves the branch) and the branch's
    field-encryption key wrapped under the central master key, so that the values a
    branch may hold reach it encrypted under its own key.
    """

    __tablename__ = "branches"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    field_key: Mapped[bytes] = mapped_column(LargeBinary(200))
    enrolled_at: Mapped[datetime]
    enrolled_by: Mapped[str] = mapped_column(String(100))
    last_seen_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(100))


class BranchEnrolment(Base):
    """A one-time enrolment token: only its SHA-256 is kept, with its branch and lifetime."""

    __tablename__ = "branch_enrolments"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    branch: Mapped[str] = mapped_column(String(100))
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class BranchNonce(Base):
    """Request nonces a branch used recently: a copied request is refused, not replayed."""

    __tablename__ = "branch_nonces"
    branch: Mapped[str] = mapped_column(String(100), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)
