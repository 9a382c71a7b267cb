"""The data protection officer's reports match counts taken straight from the tables."""

from __future__ import annotations

import csv
import io
import json
import statistics
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support.desk import Clock, Desk
from support.report_data import START, ReportData, build

from voxprivacy.domain.enums import Role
from voxprivacy.domain.spreadsheet import csv_text, safe_cell
from voxprivacy.errors import BadInput, NotFound, RoleForbidden
from voxprivacy.services import reports
from voxprivacy.storage.models import (
    AuditEvent,
    ConsentEvent,
    Customer,
    Disclosure,
    PrivacyRequest,
    RequestEvent,
)


@pytest.fixture
def clock() -> Clock:
    clock = Clock()
    clock.now = START.replace(day=1)
    return clock


@pytest.fixture
def data(desk: Desk, tmp_path: Path) -> ReportData:
    return build(desk, tmp_path)


pytestmark = pytest.mark.local_only(
    reason="the data set is built at dates months back by setting the test clock back, "
    "after the desk's admin already stepped up today: the server rightly refuses the "
    "earlier authenticator codes"
)


def _month(moment: object) -> str:
    return moment.strftime("%Y-%m")  # type: ignore[attr-defined]


def _report_runs(desk: Desk) -> list[AuditEvent]:
    with desk.ctx.db.read() as session:
        return list(
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.action.startswith("report"))
                .order_by(AuditEvent.seq)
            ).scalars()
        )


def test_requests_per_month_match_the_tables(desk: Desk, data: ReportData) -> None:
    report = reports.requests_per_month(
        desk.ctx, data.supervisor.actor, date(2026, 1, 1), date(2026, 3, 31)
    )

    assert report.columns == reports.REQUEST_COLUMNS
    # counted by hand from the data set's story (support/report_data.py)
    assert [row[:6] for row in report.rows] == [
        ("2026-01", 3, 1, 0, 1, 0),
        ("2026-02", 2, 0, 0, 0, 1),
        ("2026-03", 1, 2, 3, 0, 0),
    ]
    assert report.column("median_days_to_complete") == [5.0, None, 20.0]

    # and from the tables themselves
    with desk.ctx.db.read() as session:
        rows = session.execute(
            select(
                PrivacyRequest.id,
                PrivacyRequest.status,
                PrivacyRequest.received_at,
                PrivacyRequest.due_at,
                PrivacyRequest.completed_at,
                PrivacyRequest.decided_at,
            )
        ).all()
        events = session.execute(
            select(RequestEvent.request_id, RequestEvent.action, RequestEvent.at)
        ).all()
    opened = Counter(_month(r.received_at) for r in rows)
    completed = Counter(_month(r.completed_at) for r in rows if r.status == "completed")
    denied = Counter(_month(r.decided_at) for r in rows if r.status == "denied")
    extended = Counter(_month(at) for _, action, at in events if action == "extended")
    ended = {}
    for request_id, action, at in sorted(events, key=lambda e: e[2], reverse=True):
        if action in ("completed", "denied", "cancelled"):
            ended[request_id] = at
    overdue = Counter(
        _month(r.due_at)
        for r in rows
        if r.due_at <= desk.clock.now and (r.id not in ended or ended[r.id] > r.due_at)
    )
    for row in report.rows:
        month = row[0]
        assert row[1:6] == (
            opened[month],
            completed[month],
            overdue[month],
            extended[month],
            denied[month],
        )
        spans = [
            (r.completed_at - r.received_at).total_seconds() / 86400
            for r in rows
            if r.status == "completed" and _month(r.completed_at) == month
        ]
        assert row[6] == (round(statistics.median(spans), 1) if spans else None)


def test_requests_default_to_the_last_twelve_months(desk: Desk, data: ReportData) -> None:
    report = reports.requests_per_month(desk.ctx, data.supervisor.actor)
    months = report.column("month")
    assert len(months) == 12
    assert months[-1] == "2026-04" and months[0] == "2025-05"
    assert sum(int(n) for n in report.column("opened")) == 6  # type: ignore[call-overload]


def test_disclosure_register_across_customers(desk: Desk, data: ReportData) -> None:
    report = reports.disclosure_register(desk.ctx, data.supervisor.actor)
    with desk.ctx.db.read() as session:
        stored = session.execute(
            select(Disclosure.recipient, Disclosure.consent_event_id, Customer.account_number)
            .join(Customer, Customer.id == Disclosure.customer_id)
            .order_by(Disclosure.at)
        ).all()
    assert len(report.rows) == len(stored) == 3
    assert [
        (r["recipient"], r["consent_reference"], r["account_number"]) for r in report.records()
    ] == [(s[0], str(s[1]), s[2]) for s in stored]
    first = report.records()[0]
    assert first["customer_name"] == '=HYPERLINK("x")'
    assert first["data"] == "-name and address"
    assert str(first["basis"]).startswith("consent of 2026-01-05 (phone)")
    assert first["recorded_by"] == "agnes"


def test_consent_statistics_and_ledger(desk: Desk, data: ReportData) -> None:
    stats = reports.consent_statistics(desk.ctx, data.supervisor.actor)
    assert stats.rows == (
        ("newsletter", "unsubscribe_link", 0, 1),
        ("newsletter", "web", 2, 0),
        ("third_party_disclosure", "email", 1, 0),
        ("third_party_disclosure", "letter", 1, 0),
        ("third_party_disclosure", "phone", 1, 0),
    )
    ledger = reports.consent_ledger(desk.ctx, data.supervisor.actor)
    with desk.ctx.db.read() as session:
        total = session.execute(select(func.count()).select_from(ConsentEvent)).scalar_one()
        withdrawals = session.execute(
            select(func.count()).where(ConsentEvent.action == "withdrawn")
        ).scalar_one()
    assert len(ledger.rows) == total == 7
    assert ledger.column("granted").count(False) == withdrawals == 1
    last = ledger.records()[-1]
    assert (last["account_number"], last["purpose"], last["granted"], last["source"]) == (
        data.accounts["plus"],
        "newsletter",
        False,
        "unsubscribe_link",
    )
    march = reports.consent_ledger(
        desk.ctx, data.supervisor.actor, date(2026, 3, 1), date(2026, 3, 31)
    )
    assert len(march.rows) == 1


def test_formula_like_text_exports_as_text(desk: Desk, data: ReportData) -> None:
    text = reports.to_csv(reports.disclosure_register(desk.ctx, data.supervisor.actor))
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert '\'=HYPERLINK("x")' in cells
    assert "'+1" in cells
    assert "'-name and address" in cells
    assert "'@Partner AG" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    ledger = reports.to_csv(reports.consent_ledger(desk.ctx, data.supervisor.actor))
    assert "'=cmd|' /C calc'!A0" in [c for row in csv.reader(io.StringIO(ledger)) for c in row]
    as_json = json.loads(
        reports.to_json(reports.disclosure_register(desk.ctx, data.supervisor.actor))
    )
    assert as_json["rows"][0]["customer_name"] == '=HYPERLINK("x")'  # JSON keeps the value


def test_spreadsheet_cells() -> None:
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("\rx") == "'\rx"
    assert safe_cell(-3) == "-3"  # a number is a number
    assert safe_cell("Anna") == "Anna"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "yes"
    assert csv_text(["a"], [["=1+1"]]) == "a\r\n'=1+1\r\n"


def test_audit_export_filters(desk: Desk, data: ReportData) -> None:
    actor = data.supervisor.actor
    everything = reports.audit_export(desk.ctx, actor)
    with desk.ctx.db.read() as session:
        total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        by_agent = session.execute(
            select(func.count()).where(
                AuditEvent.username == "agnes", AuditEvent.action.like("request.%")
            )
        ).scalar_one()
        cid = session.execute(
            select(Customer.id).where(Customer.account_number == data.accounts["formula"])
        ).scalar_one()
        of_customer = session.execute(
            select(func.count()).where(AuditEvent.entity_id == str(cid))
        ).scalar_one()
        in_february = session.execute(
            select(func.count()).where(
                AuditEvent.at >= START.replace(month=2, day=1, hour=0),
                AuditEvent.at < START.replace(month=3, day=1, hour=0),
            )
        ).scalar_one()
    # the run itself is audited after the export is read
    assert len(everything.rows) == total - 1
    seqs = everything.column("seq")
    assert seqs == sorted(seqs)  # type: ignore[type-var]

    mine = reports.audit_export(desk.ctx, actor, staff="agnes", action="request.")
    assert len(mine.rows) == by_agent > 0
    assert set(mine.column("staff")) == {"agnes"}

    customer = reports.audit_export(desk.ctx, actor, customer=data.accounts["formula"].lower())
    assert len(customer.rows) == of_customer > 0
    assert set(customer.column("account_number")) == {data.accounts["formula"]}

    february = reports.audit_export(desk.ctx, actor, date(2026, 2, 1), date(2026, 2, 28))
    assert len(february.rows) == in_february > 0

    with pytest.raises(NotFound, match="No customer has the account number"):
        reports.audit_export(desk.ctx, actor, customer="VX00000000")


def test_every_run_is_audited_with_its_filters_never_its_values(
    desk: Desk, data: ReportData
) -> None:
    actor = data.supervisor.actor
    reports.disclosure_register(desk.ctx, actor, date(2026, 1, 1), date(2026, 1, 31))
    reports.audit_export(desk.ctx, actor, customer=data.accounts["plain"], action="consent.")
    runs = _report_runs(desk)
    assert [(e.action, e.username, e.outcome) for e in runs] == [
        ("report.run", "sven", "ok"),
        ("report.run", "sven", "ok"),
    ]
    assert runs[0].detail == "disclosures: from 2026-01-01, to 2026-01-31"
    assert runs[1].detail == "audit: action consent., customer"
    assert runs[1].entity_type == "customer" and runs[1].entity_id is not None
    uuid.UUID(runs[1].entity_id)
    for event in runs:
        assert "Inkasso" not in (event.detail or "")
        assert data.accounts["plain"] not in (event.detail or "")


@pytest.mark.parametrize("role", [Role.AGENT, Role.FINANCE])
def test_agents_and_finance_are_refused_and_the_refusal_audited(
    desk: Desk, data: ReportData, role: Role
) -> None:
    member = desk.member(role)
    for name in reports.REPORT_NAMES:
        with pytest.raises(RoleForbidden, match="may not"):
            reports.run(desk.ctx, member.actor, name)
    with desk.ctx.db.read() as session:
        refusals = (
            session.execute(
                select(AuditEvent.action).where(
                    AuditEvent.username == member.username, AuditEvent.outcome == "refused"
                )
            )
            .scalars()
            .all()
        )
    assert sorted(refusals) == sorted(
        [
            "requests_per_month",
            "disclosure_register",
            "consent_statistics",
            "consent_ledger",
            "audit_export",
        ]
    )
    assert not [e for e in _report_runs(desk) if e.username == member.username]


def test_an_admin_runs_the_reports(desk: Desk, data: ReportData) -> None:
    desk.step_up(desk.admin)
    for name in reports.REPORT_NAMES:
        assert reports.run(desk.ctx, desk.admin.actor, name).name == name


def test_dates_the_wrong_way_round_are_refused(desk: Desk, data: ReportData) -> None:
    with pytest.raises(BadInput, match="start date 2026-03-01 is after the end date 2026-02-01"):
        reports.requests_per_month(
            desk.ctx, data.supervisor.actor, date(2026, 3, 1), date(2026, 2, 1)
        )
    with pytest.raises(BadInput, match="There is no report 'people'"):
        reports.run(desk.ctx, data.supervisor.actor, "people")
