"""The retention schedule and its runs: what is kept how long, what is due, and removing it.

An admin sets each kind's period with a fresh code (``set_retention``); no period
goes below its kind's floor (``domain.retention``). ``retention_due`` lists what a
run would remove and changes nothing; ``run_retention`` (an admin with a fresh
code) and ``run_scheduled`` (the scheduler on the host that holds the database,
like ``sync``: it carries out only what the schedule an admin set says) remove it:

- a terminated customer past the period, with no open invoice, is anonymised by
  the erasure engine (``erasure.purge_customer``): every personal value goes, the
  invoices stay under the billing reference, the erasure is journalled outside the
  database (a restored backup does not bring the customer back) and travels to the
  branches as an erasure does;
- interactions, paid and void invoices past their periods are deleted, and the
  free text of requests closed longer ago than the period is blanked; these are
  ordinary synchronised changes, so branches receive them with the next sync;
- access package files past the period are deleted where this host reaches them,
  with their records; the others are named for a staff member to delete.

Every run leaves a ``retention.run`` event (counts per kind, never values) and a
row in ``retention_runs``; each anonymised customer a ``customer.erase`` event.
Retention runs at head office or on a standalone desk, never on a branch.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import retention as rules
from voxprivacy.domain.enums import CustomerStatus, InvoiceStatus
from voxprivacy.domain.requests import RequestStatus
from voxprivacy.domain.retention import RetentionKind
from voxprivacy.domain.roles import Permission, Section, sections_for
from voxprivacy.errors import Refused
from voxprivacy.i18n import _, ngettext
from voxprivacy.services import audit, erasure, erasure_journal
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage import changes
from voxprivacy.storage.models import (
    Customer,
    Interaction,
    Invoice,
    PackageFile,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
    RetentionRun,
    Setting,
    Staff,
)

# An erasure by the schedule answers no request: the nil id names none, so the purge
# keeps no request open and every copy of the database runs it alike.
NO_REQUEST = uuid.UUID(int=0)
CLOSED = (RequestStatus.COMPLETED, RequestStatus.DENIED, RequestStatus.CANCELLED)
SCHEDULER = "scheduler"
RECENT_RUNS = 20


@dataclass
class RetentionRule:
    """One line of the schedule."""

    kind: str
    label: str
    counted_from: str
    days: int
    default_days: int
    minimum_days: int
    minimum_reason: str
    name: str = ""  # the kind in a few words, in the caller's language


@dataclass
class DueKind:
    """What a run would remove of one kind: how many, which (as the role may see them),
    and what is held back, with the reason."""

    kind: str
    label: str
    days: int
    count: int
    items: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)


@dataclass
class RunView:
    at: datetime
    by: str
    counts: dict[str, int]


@dataclass
class RetentionPlan:
    at: datetime
    due: list[DueKind]
    runs: list[RunView]

    @property
    def total(self) -> int:
        return sum(d.count for d in self.due)


@dataclass
class RetentionResult:
    at: datetime
    counts: dict[str, int]
    files_to_delete: list[str] = field(default_factory=list)
    not_vacuumed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# ----------------------------------------------------------------------------- schedule


def periods(session: Session) -> dict[RetentionKind, int]:
    """The period of every kind: the admin's setting, else the default."""
    stored = {
        s.key: s.value
        for s in session.execute(
            select(Setting).where(Setting.key.in_([rules.setting_key(k) for k in RetentionKind]))
        ).scalars()
    }
    out = {}
    for kind, rule in rules.RULES.items():
        value = stored.get(rules.setting_key(kind))
        out[kind] = int(value) if value and value.isdigit() else rule.default_days
    return out


def _schedule(session: Session) -> list[RetentionRule]:
    days = periods(session)
    return [
        RetentionRule(
            str(kind),
            rule.label,
            rule.counted_from,
            days[kind],
            rule.default_days,
            rule.minimum_days,
            rule.minimum_reason,
            rule.name,
        )
        for kind, rule in rules.RULES.items()
    ]


@reads(Permission.VIEW_RETENTION)
def retention_schedule(ctx: Context, actor: Actor) -> list[RetentionRule]:
    """The schedule: each kind with its period, default and floor."""
    with ctx.db.read() as session:
        return _schedule(session)


@writes(Permission.MANAGE_RETENTION, fresh=True)
def set_retention(ctx: Context, actor: Actor, kind: str, days: int) -> RetentionRule:
    """Set one kind's period; refused below the floor the law or the policy sets."""
    clean_kind = rules.parse_kind(kind)
    clean_days = rules.check_days(clean_kind, days)
    key = rules.setting_key(clean_kind)
    with ctx.db.write() as session:
        before = periods(session)[clean_kind]
        stored = session.get(Setting, key)
        if stored is None:
            session.add(Setting(key=key, value=str(clean_days)))
        else:
            stored.value = str(clean_days)
        audit.record(
            session,
            ctx,
            actor,
            "retention.set",
            fields=[key],
            detail=f"{clean_kind}: {clean_days} days (was {before})",
        )
        session.flush()
        return next(r for r in _schedule(session) if r.kind == clean_kind)


# ----------------------------------------------------------------------------- what is due


@dataclass
class _Found:
    customers: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    held_customers: list[str] = field(default_factory=list)
    interactions: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    packages: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)
    requests: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    invoices: list[tuple[uuid.UUID, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            str(RetentionKind.TERMINATED_CUSTOMERS): len(self.customers),
            str(RetentionKind.INTERACTIONS): len(self.interactions),
            str(RetentionKind.ACCESS_PACKAGES): len(self.packages),
            str(RetentionKind.CLOSED_REQUESTS): len(self.requests),
            str(RetentionKind.INVOICES): len(self.invoices),
        }


def _has_free_text(request: PrivacyRequest, details: bool, values: bool) -> bool:
    return bool(
        request.note
        or (request.extension_reason not in (None, erasure.ERASED_TEXT))
        or (request.decision_reason not in (None, erasure.ERASED_TEXT))
        or details
        or values
    )


def _closed_requests(
    session: Session, cutoff: datetime, skip: set[uuid.UUID]
) -> list[tuple[uuid.UUID, str]]:
    """Requests closed before ``cutoff`` that still hold free text (a restriction in force
    is open: it closes when it is lifted)."""
    candidates = session.execute(
        select(PrivacyRequest).where(PrivacyRequest.status.in_([str(s) for s in CLOSED]))
    ).scalars()
    found = []
    for request in candidates:
        if request.customer_id in skip:
            continue
        events = session.execute(
            select(RequestEvent.at, RequestEvent.detail).where(
                RequestEvent.request_id == request.id
            )
        ).all()
        closed_at = max([e.at for e in events] + [request.lifted_at or request.received_at])
        if closed_at > cutoff:
            continue
        values = (
            session.execute(
                select(RectificationChange.id).where(
                    RectificationChange.request_id == request.id,
                    (RectificationChange.before.is_not(None))
                    | (RectificationChange.after.is_not(None)),
                )
            ).first()
            is not None
        )
        if _has_free_text(request, any(e.detail for e in events), values):
            found.append((request.id, request.reference))
    return found


def _find(session: Session, now: datetime) -> _Found:
    days = periods(session)

    def cutoff(kind: RetentionKind) -> datetime:
        return now - timedelta(days=days[kind])

    found = _Found()
    open_states = [str(InvoiceStatus.OPEN), str(InvoiceStatus.OVERDUE)]
    terminated = session.execute(
        select(Customer.id, Customer.account_number).where(
            Customer.status == str(CustomerStatus.TERMINATED),
            Customer.terminated_at.is_not(None),
            Customer.terminated_at <= cutoff(RetentionKind.TERMINATED_CUSTOMERS),
        )
    ).all()
    owing = set(
        session.execute(
            select(Invoice.customer_id).where(
                Invoice.customer_id.in_([c.id for c in terminated]),
                Invoice.status.in_(open_states),
            )
        ).scalars()
    )
    for cid, number in sorted(terminated, key=lambda c: c.account_number):
        if cid in owing:
            found.held_customers.append(
                _("{number}: open invoices (billing and collection)").format(number=number)
            )
        else:
            found.customers.append((cid, number))
    going = {cid for cid, _ in found.customers}
    found.interactions = [
        (row.id, row.account_number)
        for row in session.execute(
            select(Interaction.id, Customer.account_number, Interaction.customer_id)
            .join(Customer, Customer.id == Interaction.customer_id)
            .where(Interaction.at <= cutoff(RetentionKind.INTERACTIONS))
            .order_by(Customer.account_number, Interaction.at)
        )
        if row.customer_id not in going
    ]
    found.packages = [
        (f.id, f.host, f.path)
        for f in session.execute(
            select(PackageFile)
            .where(PackageFile.written_at <= cutoff(RetentionKind.ACCESS_PACKAGES))
            .order_by(PackageFile.written_at)
        ).scalars()
        if f.customer_id not in going
    ]
    found.requests = _closed_requests(session, cutoff(RetentionKind.CLOSED_REQUESTS), going)
    found.invoices = [
        (row.id, row.number)
        for row in session.execute(
            select(Invoice.id, Invoice.number)
            .where(
                Invoice.issued_on <= cutoff(RetentionKind.INVOICES).date(),
                Invoice.status.in_([str(InvoiceStatus.PAID), str(InvoiceStatus.VOID)]),
            )
            .order_by(Invoice.issued_on)
        )
    ]
    return found


def _grouped_interactions(pairs: list[tuple[uuid.UUID, str]]) -> list[str]:
    by: dict[str, int] = {}
    for _customer, number in pairs:
        by[number] = by.get(number, 0) + 1
    return [
        ngettext("{number}: {n} interaction", "{number}: {n} interactions", n).format(
            number=number, n=n
        )
        for number, n in by.items()
    ]


def _plan(session: Session, ctx: Context, actor: Actor) -> RetentionPlan:
    now = ctx.now()
    found = _find(session, now)
    days = periods(session)
    billing = Section.BILLING in sections_for(actor.role)
    items: dict[RetentionKind, tuple[int, list[str], list[str]]] = {
        RetentionKind.TERMINATED_CUSTOMERS: (
            len(found.customers),
            [number for _, number in found.customers],
            found.held_customers,
        ),
        RetentionKind.INTERACTIONS: (
            len(found.interactions),
            _grouped_interactions(found.interactions),
            [],
        ),
        RetentionKind.ACCESS_PACKAGES: (
            len(found.packages),
            [
                _("{path} (on {host})").format(path=path, host=host)
                for _h, host, path in found.packages
            ],
            [],
        ),
        RetentionKind.CLOSED_REQUESTS: (
            len(found.requests),
            [ref for _, ref in found.requests],
            [],
        ),
        RetentionKind.INVOICES: (
            len(found.invoices),
            # invoice numbers are billing data: only a role that sees billing gets them
            [number for _, number in found.invoices] if billing else [],
            [],
        ),
    }
    due = [
        DueKind(str(kind), rules.RULES[kind].label, days[kind], count, listed, held)
        for kind, (count, listed, held) in items.items()
    ]
    return RetentionPlan(now, due, _runs(session))


def _runs(session: Session) -> list[RunView]:
    names = dict(session.execute(select(Staff.id, Staff.username)).all())
    return [
        RunView(
            run.at,
            names.get(run.staff_id, "?") if run.staff_id else SCHEDULER,
            {k: int(v) for k, v in json.loads(run.counts).items()},
        )
        for run in session.execute(
            select(RetentionRun).order_by(RetentionRun.at.desc()).limit(RECENT_RUNS)
        ).scalars()
    ]


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items())


@reads(Permission.VIEW_RETENTION)
def retention_due(ctx: Context, actor: Actor) -> RetentionPlan:
    """What a run would remove now, kind by kind, and the recent runs. Changes nothing;
    leaves one ``retention.preview`` event with the counts."""
    with ctx.db.write() as session:
        plan = _plan(session, ctx, actor)
        audit.record(
            session,
            ctx,
            actor,
            "retention.preview",
            detail=_summary({d.kind: d.count for d in plan.due}),
        )
        return plan


# ----------------------------------------------------------------------------- running


def _refuse_on_branch(ctx: Context) -> None:
    if ctx.db.sync_role() == "replica":
        raise Refused(
            _(
                "Retention runs at head office, not on a branch: what it "
                "anonymises and deletes there reaches this branch with the "
                "next 'sync'."
            )
        )


def _blank_request(session: Session, request_id: uuid.UUID) -> None:
    request = session.get(PrivacyRequest, request_id)
    assert request is not None
    request.note = None
    if request.extension_reason is not None:
        request.extension_reason = erasure.ERASED_TEXT
    if request.decision_reason is not None:
        request.decision_reason = erasure.ERASED_TEXT
    for event in session.execute(
        select(RequestEvent).where(
            RequestEvent.request_id == request_id, RequestEvent.detail.is_not(None)
        )
    ).scalars():
        event.detail = None
    for change in session.execute(
        select(RectificationChange).where(RectificationChange.request_id == request_id)
    ).scalars():
        change.before = None
        change.after = None


def _carry_out(ctx: Context, actor: Actor | None) -> RetentionResult:
    _refuse_on_branch(ctx)
    now = ctx.now()
    with ctx.db.read() as session:
        aged = _find(session, now).packages
    # files first, on their own: a file deleted stays deleted whatever follows
    _, to_delete = erasure.delete_package_files(ctx.db, aged)
    customer_files: list[tuple[uuid.UUID, str, str]] = []
    with ctx.db.write() as session:
        found = _find(session, now)
        days = periods(session)
        counts = found.counts()
        counts[str(RetentionKind.ACCESS_PACKAGES)] = len(aged) - len(to_delete)
        for cid, _ in found.customers:
            customer_files.extend(erasure.package_files(session, cid))
            erasure.purge_customer(session, cid, now, NO_REQUEST, here=True)
            changes.note(session, changes.erasure(cid, now, NO_REQUEST))
            audit.record(
                session,
                ctx,
                actor,
                "customer.erase",
                entity_type="customer",
                entity_id=cid,
                fields=["name", "company", "note", "addresses", "phones", "emails", "cards"],
                detail=(
                    "retention: terminated more than "
                    f"{days[RetentionKind.TERMINATED_CUSTOMERS]} days ago"
                ),
                username=SCHEDULER if actor is None else None,
            )
        for model, pairs in ((Interaction, found.interactions), (Invoice, found.invoices)):
            ids = [row_id for row_id, _ in pairs]
            for start in range(0, len(ids), 500):
                for row in session.execute(
                    select(model).where(model.id.in_(ids[start : start + 500]))
                ).scalars():
                    session.delete(row)
        for request_id, _ in found.requests:
            _blank_request(session, request_id)
        staff_id = actor.staff_id if actor else None
        session.add(RetentionRun(at=now, staff_id=staff_id, counts=json.dumps(counts)))
        audit.record(
            session,
            ctx,
            actor,
            "retention.run",
            fields=[kind for kind, n in counts.items() if n],
            detail=_summary(counts),
            username=SCHEDULER if actor is None else None,
        )
        erased = [cid for cid, _ in found.customers]
    result = RetentionResult(now, counts, files_to_delete=to_delete)
    erasure_journal.record_erasures(ctx, erased, NO_REQUEST, now)
    if customer_files:
        result.files_to_delete += erasure.delete_package_files(ctx.db, customer_files)[1]
    if result.total:
        result.not_vacuumed = ctx.db.purge_freed_pages(erasure.ERASURE_TABLES)
    return result


@writes(Permission.MANAGE_RETENTION, fresh=True)
def run_retention(ctx: Context, actor: Actor) -> RetentionResult:
    """Remove what the schedule says is due now (an admin, with a fresh code)."""
    return _carry_out(ctx, actor)


def run_scheduled(ctx: Context) -> RetentionResult:
    """The scheduler's run on the host that holds the database (``retention run
    --scheduled``): it carries out the schedule an admin set, as ``sync`` carries changes
    authorised when they were made. Not a service: nothing reaches it through the server."""
    if ctx.remote is not None:
        raise Refused(
            _(
                "A scheduled retention run works on the host that holds "
                "the database (the server host at head office); from a "
                "workstation an admin runs 'retention run' with a fresh "
                "code."
            )
        )
    return _carry_out(ctx, None)
