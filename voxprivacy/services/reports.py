"""The data protection officer's reports: figures and registers across customers.

Each report is a read for supervisors and admins (``Permission.VIEW_REPORTS``)
and leaves one ``report.run`` event in the audit trail naming the report and
its filters, never the figures or rows it returned. A report is a ``Report``:
named columns and rows of plain values, written out by ``to_csv`` (safe to
open in a spreadsheet) or ``to_json``. How each figure is computed is in
docs/reports.md.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from voxprivacy.domain.enums import ConsentAction, CustomerStatus
from voxprivacy.domain.reports import FORMATS as FORMATS
from voxprivacy.domain.reports import REPORT_NAMES
from voxprivacy.domain.reports import filters_for as filters_for
from voxprivacy.domain.requests import RequestStatus
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.spreadsheet import cell_text, csv_text
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.lookup import resolve
from voxprivacy.services.guard import reads
from voxprivacy.storage.models import (
    ConsentEvent,
    Customer,
    Disclosure,
    PrivacyRequest,
    RequestEvent,
    Staff,
)

# request_events actions that end a request
_CONCLUSIONS = frozenset({"completed", "denied", "cancelled"})
_AUDIT_PAGE = 5000


@dataclass(frozen=True)
class Report:
    """One report's result: what was asked (filters) and the table it produced."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    filters: tuple[tuple[str, str], ...] = ()

    def column(self, name: str) -> list[object]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def to_csv(report: Report) -> str:
    """The report as CSV: a header line and one line per row, safe for a spreadsheet."""
    return csv_text(report.columns, report.rows)


def to_json(report: Report) -> str:
    """The report as JSON: its name, its filters and its rows as objects."""
    body = {
        "report": report.name,
        "title": report.title,
        "filters": dict(report.filters),
        "columns": list(report.columns),
        "rows": [
            {
                key: (
                    value
                    if value is None or isinstance(value, bool | int | float | str)
                    else cell_text(value)
                )
                for key, value in record.items()
            }
            for record in report.records()
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def column_label(name: str) -> str:
    """A column name as a heading: ``median_days_to_complete`` → ``Median days to complete``."""
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- ranges


def _period(ctx: Context, start: date | None, end: date | None) -> tuple[date | None, date | None]:
    for value, name in ((start, "from"), (end, "to")):
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise BadInput(
                _("The '{name}' date must be a date written YYYY-MM-DD.").format(name=name), name
            )
    if start is not None and end is not None and start > end:
        raise BadInput(
            _(
                "The start date {start_isoformat} is after the end date "
                "{end_isoformat}; give the earlier date as 'from'."
            ).format(start_isoformat=start.isoformat(), end_isoformat=end.isoformat()),
            "from",
        )
    return start, end


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """The instants a date range covers: from the start of ``start`` to the end of ``end``."""
    since = datetime.combine(start, time(), UTC) if start else None
    until = datetime.combine(end + timedelta(days=1), time(), UTC) if end else None
    return since, until


def _within(moment: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if moment is None:
        return False
    return (since is None or moment >= since) and (until is None or moment < until)


def _filters(
    start: date | None, end: date | None, **more: str | None
) -> tuple[tuple[str, str], ...]:
    pairs = [
        ("from", start.isoformat() if start else None),
        ("to", end.isoformat() if end else None),
    ]
    pairs.extend(more.items())
    return tuple((key, value) for key, value in pairs if value)


def _ran(
    ctx: Context,
    actor: Actor,
    report: Report,
    *,
    entity_type: str | None = None,
    entity_id: object = None,
) -> Report:
    """Audit a report run: its name and the filters' names, never its rows."""
    shown = ", ".join(
        f"{key} {value}" if key in ("from", "to", "staff", "action") else key
        for key, value in report.filters
    )
    detail = f"{report.name}: {shown}" if shown else report.name
    audit.record_alone(
        ctx,
        actor,
        "report.run",
        entity_type=entity_type,
        entity_id=entity_id,
        detail=detail[:300],
    )
    return report


# --------------------------------------------------------------------------- requests


def _months(first: date, last: date) -> list[str]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment.month:02d}"


REQUEST_COLUMNS = (
    "month",
    "opened",
    "completed",
    "overdue",
    "extended",
    "denied",
    "median_days_to_complete",
)


@reads(Permission.VIEW_REPORTS)
def requests_per_month(
    ctx: Context, actor: Actor, start: date | None = None, end: date | None = None
) -> Report:
    """Privacy requests per calendar month (UTC) from ``start`` to ``end`` inclusive.

    Without dates: the twelve months up to today.
    """
    start, end = _period(ctx, start, end)
    now = ctx.now()
    asked_start, asked_end = start, end
    if end is None:
        end = now.astimezone(UTC).date()
    if start is None:
        index = end.year * 12 + end.month - 1 - 11
        start = date(index // 12, index % 12 + 1, 1)
    since, until = _bounds(start, end)
    months = _months(start, end)
    opened: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    extended: Counter[str] = Counter()
    denied: Counter[str] = Counter()
    days: dict[str, list[float]] = {m: [] for m in months}
    with ctx.db.read() as session:
        requests = list(session.execute(select(PrivacyRequest)).scalars())
        events = session.execute(
            select(RequestEvent.request_id, RequestEvent.action, RequestEvent.at).where(
                RequestEvent.action.in_(sorted(_CONCLUSIONS | {"extended"}))
            )
        ).all()
    concluded: dict[uuid.UUID, datetime] = {}
    for request_id, action, at in events:
        if action == "extended":
            if _within(at, since, until):
                extended[_month(at)] += 1
        elif request_id not in concluded or at < concluded[request_id]:
            concluded[request_id] = at
    for r in requests:
        if _within(r.received_at, since, until):
            opened[_month(r.received_at)] += 1
        done = r.completed_at if r.status == RequestStatus.COMPLETED else None
        if done is not None and _within(done, since, until):
            month = _month(done)
            completed[month] += 1
            days[month].append((done - r.received_at).total_seconds() / 86400)
        if r.status == RequestStatus.DENIED and _within(r.decided_at, since, until):
            assert r.decided_at is not None
            denied[_month(r.decided_at)] += 1
        ended = concluded.get(r.id)
        late = ended is None or ended > r.due_at
        if late and r.due_at <= now and _within(r.due_at, since, until):
            overdue[_month(r.due_at)] += 1
    rows = tuple(
        (
            m,
            opened[m],
            completed[m],
            overdue[m],
            extended[m],
            denied[m],
            round(statistics.median(days[m]), 1) if days[m] else None,
        )
        for m in months
    )
    report = Report(
        "requests",
        _("Privacy requests per month"),
        REQUEST_COLUMNS,
        rows,
        _filters(asked_start or start, asked_end or end),
    )
    return _ran(ctx, actor, report)


# --------------------------------------------------------------------------- disclosures

DISCLOSURE_COLUMNS = (
    "date",
    "account_number",
    "customer_name",
    "recipient",
    "data",
    "basis",
    "consent_reference",
    "recorded_by",
)


@reads(Permission.VIEW_REPORTS)
def disclosure_register(
    ctx: Context, actor: Actor, start: date | None = None, end: date | None = None
) -> Report:
    """Every disclosure to a third party, across customers, oldest first."""
    start, end = _period(ctx, start, end)
    since, until = _bounds(start, end)
    stmt = (
        select(Disclosure, Customer.account_number, Customer.name, Staff.username)
        .join(Customer, Customer.id == Disclosure.customer_id)
        .outerjoin(Staff, Staff.id == Disclosure.staff_id)
        .order_by(Disclosure.at, Disclosure.id)
    )
    if since:
        stmt = stmt.where(Disclosure.at >= since)
    if until:
        stmt = stmt.where(Disclosure.at < until)
    with ctx.db.read() as session:
        rows = tuple(
            (
                d.at,
                account,
                name,
                d.recipient,
                d.data,
                d.basis,
                str(d.consent_event_id) if d.consent_event_id else None,
                username,
            )
            for d, account, name, username in session.execute(stmt).all()
        )
    report = Report(
        "disclosures",
        _("Register of disclosures"),
        DISCLOSURE_COLUMNS,
        rows,
        _filters(start, end),
    )
    return _ran(ctx, actor, report)


# --------------------------------------------------------------------------- consents

CONSENT_COLUMNS = ("purpose", "source", "granted", "withdrawn")
LEDGER_COLUMNS = (
    "account_number",
    "purpose",
    "granted",
    "source",
    "expressed_at",
    "recorded_at",
    "evidence",
    "recorded_by",
)


def _rank(event: ConsentEvent) -> tuple[datetime, int, str]:
    # as domain.consent decides the current state: the latest expression wins, and a
    # withdrawal outranks a grant expressed at the same moment
    withdrawn = 1 if event.action == ConsentAction.WITHDRAWN else 0
    return (event.expressed_at, withdrawn, str(event.id))


@reads(Permission.VIEW_REPORTS)
def consent_statistics(ctx: Context, actor: Actor) -> Report:
    """Customers' current consent per purpose, counted by the source of that current state.

    Erased customers are not counted; a customer who never answered for a purpose is
    not counted for it.
    """
    with ctx.db.read() as session:
        events = list(
            session.execute(
                select(ConsentEvent)
                .join(Customer, Customer.id == ConsentEvent.customer_id)
                .where(Customer.status != str(CustomerStatus.ERASED))
            ).scalars()
        )
    latest: dict[tuple[uuid.UUID, str], ConsentEvent] = {}
    for event in events:
        key = (event.customer_id, event.purpose)
        seen = latest.get(key)
        if seen is None or _rank(event) > _rank(seen):
            latest[key] = event
    counts: Counter[tuple[str, str, str]] = Counter(
        (e.purpose, e.source, e.action) for e in latest.values()
    )
    pairs = sorted({(purpose, source) for purpose, source, _ in counts})
    rows = tuple(
        (
            purpose,
            source,
            counts[(purpose, source, str(ConsentAction.GRANTED))],
            counts[(purpose, source, str(ConsentAction.WITHDRAWN))],
        )
        for purpose, source in pairs
    )
    report = Report("consents", _("Consent statistics"), CONSENT_COLUMNS, rows)
    return _ran(ctx, actor, report)


@reads(Permission.VIEW_REPORTS)
def consent_ledger(
    ctx: Context, actor: Actor, start: date | None = None, end: date | None = None
) -> Report:
    """Every consent event (expressed from ``start`` to ``end``), oldest first."""
    start, end = _period(ctx, start, end)
    since, until = _bounds(start, end)
    stmt = (
        select(ConsentEvent, Customer.account_number, Staff.username)
        .join(Customer, Customer.id == ConsentEvent.customer_id)
        .outerjoin(Staff, Staff.id == ConsentEvent.staff_id)
        .order_by(ConsentEvent.expressed_at, ConsentEvent.recorded_at, ConsentEvent.id)
    )
    if since:
        stmt = stmt.where(ConsentEvent.expressed_at >= since)
    if until:
        stmt = stmt.where(ConsentEvent.expressed_at < until)
    with ctx.db.read() as session:
        rows = tuple(
            (
                account,
                e.purpose,
                e.action == ConsentAction.GRANTED,
                e.source,
                e.expressed_at,
                e.recorded_at,
                e.evidence,
                username,
            )
            for e, account, username in session.execute(stmt).all()
        )
    report = Report(
        "consent-ledger", _("Consent ledger"), LEDGER_COLUMNS, rows, _filters(start, end)
    )
    return _ran(ctx, actor, report)


# --------------------------------------------------------------------------- audit trail

AUDIT_COLUMNS = (
    "seq",
    "at",
    "staff",
    "role",
    "action",
    "entity_type",
    "account_number",
    "entity_id",
    "fields",
    "outcome",
    "detail",
)


@reads(Permission.VIEW_REPORTS)
def audit_export(
    ctx: Context,
    actor: Actor,
    start: date | None = None,
    end: date | None = None,
    *,
    staff: str | None = None,
    action: str | None = None,
    customer: str | None = None,
) -> Report:
    """The audit trail, oldest first, filtered by staff user name, action (a prefix such
    as ``request.``), customer account number and dates."""
    start, end = _period(ctx, start, end)
    since, until = _bounds(start, end)
    staff = (staff or "").strip() or None
    action = (action or "").strip() or None
    customer_id: uuid.UUID | None = None
    account = (customer or "").strip() or None
    if account is not None:
        with ctx.db.read() as session:
            found = resolve(session, account)
            customer_id, account = found.id, found.account_number
    entries: list[audit.AuditEntry] = []
    before: int | None = None
    while True:
        page = audit.list_events(
            ctx,
            actor,
            username=staff,
            action=action,
            entity_id=str(customer_id) if customer_id else None,
            since=since,
            until=until,
            limit=_AUDIT_PAGE,
            before_seq=before,
        )
        entries.extend(page)
        if len(page) < _AUDIT_PAGE:
            break
        before = page[-1].seq
    entries.reverse()
    rows = tuple(
        (
            e.seq,
            e.at,
            e.username,
            e.role,
            e.action,
            e.entity_type,
            e.account_number,
            e.entity_id,
            ", ".join(e.fields),
            e.outcome,
            e.detail,
        )
        for e in entries
    )
    report = Report(
        "audit",
        _("Audit trail"),
        AUDIT_COLUMNS,
        rows,
        _filters(start, end, staff=staff, action=action, customer=account),
    )
    return _ran(
        ctx,
        actor,
        report,
        entity_type="customer" if customer_id else None,
        entity_id=customer_id,
    )


@reads(None)  # each report checks VIEW_REPORTS itself, so a refusal names the report
def run(
    ctx: Context,
    actor: Actor,
    name: str,
    start: date | None = None,
    end: date | None = None,
    *,
    staff: str | None = None,
    action: str | None = None,
    customer: str | None = None,
) -> Report:
    """Run the report called ``name`` (one of ``REPORT_NAMES``) with the filters it takes."""
    if name == "requests":
        return requests_per_month(ctx, actor, start, end)
    if name == "disclosures":
        return disclosure_register(ctx, actor, start, end)
    if name == "consents":
        return consent_statistics(ctx, actor)
    if name == "consent-ledger":
        return consent_ledger(ctx, actor, start, end)
    if name == "audit":
        return audit_export(ctx, actor, start, end, staff=staff, action=action, customer=customer)
    raise BadInput(
        _("There is no report {name!r}; the reports are {join_report_names}.").format(
            name=name, join_report_names=", ".join(REPORT_NAMES)
        )
    )


def render(report: Report, fmt: str) -> str:
    """The report written as ``csv`` or ``json``."""
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    raise BadInput(_("Reports are written as csv or json, not {fmt!r}.").format(fmt=fmt), "format")


def write_export(path: str | Path, text: str) -> Path:
    """Write an export whole or not at all, readable by the owner only (it holds personal
    data); a bad destination is refused with what to do instead."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise BadInput(
            _("{target} is a folder; give a file name to write the report to.").format(
                target=target
            ),
            "output",
        )
    folder = target.parent
    if not folder.is_dir():
        raise BadInput(
            _("The folder {folder} does not exist; create it or choose another file.").format(
                folder=folder
            ),
            "output",
        )
    if not os.access(folder, os.W_OK):
        raise BadInput(
            _("The folder {folder} is not writable; choose another file.").format(folder=folder),
            "output",
        )
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
