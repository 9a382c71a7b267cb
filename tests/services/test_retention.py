"""The retention schedule and its runs, through the services, on every backend and through
the server: what goes when, what stays, who may, and what the audit trail keeps."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from support.desk import Desk, Member

from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput, RoleForbidden, StepUpRequired
from voxprivacy.services import auth, customers, erasure_journal, requests, retention
from voxprivacy.storage.models import (
    AuditEvent,
    Customer,
    Interaction,
    Invoice,
    PrivacyRequest,
    RetentionRun,
)


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


@pytest.fixture
def supervisor(desk: Desk) -> Member:
    return desk.member(Role.SUPERVISOR, "sam")


def again(desk: Desk, member: Member) -> Member:
    """Signed in afresh with a fresh code (after the clock moved by months)."""
    member.actor = auth.sign_in(desk.ctx, member.username, member.password)
    desk.step_up(member)
    return member


def invoice(desk: Desk, customer_id: str, number: str, issued: dt.date, status: str) -> None:
    cid = uuid.UUID(customer_id)
    with desk.ctx.db.write() as session:
        customer = session.get(Customer, cid)
        assert customer is not None
        session.add(
            Invoice(
                customer_id=cid,
                number=number,
                billing_reference=customer.billing_reference,
                issued_on=issued,
                due_on=issued + timedelta(days=30),
                amount_cents=1999,
                paid_cents=1999 if status == "paid" else 0,
                currency="EUR",
                status=status,
            )
        )


def terminated(desk: Desk, agent: Member, supervisor: Member, name: str) -> str:
    view = desk.customer(agent, name, email=f"{name.split()[0].lower()}@example.de")
    desk.step_up(supervisor)
    customers.terminate_account(desk.ctx, supervisor.actor, view.id, "moved abroad")
    return view.id


def events(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.ctx.db.read() as session:
        return list(
            session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            ).scalars()
        )


def due(plan: retention.RetentionPlan, kind: str) -> retention.DueKind:
    return next(d for d in plan.due if d.kind == kind)


def test_a_terminated_customer_is_anonymised_after_the_period_and_not_before(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    cid = terminated(desk, agent, supervisor, "Greta Lindqvist")
    invoice(desk, cid, "INV-R-1", desk.clock.now.date(), "paid")
    account = customers.show_customer(desk.ctx, agent.actor, cid).account_number

    desk.clock.advance(days=364)
    admin = again(desk, desk.admin)
    early = retention.run_retention(desk.ctx, admin.actor)
    assert early.counts["terminated-customers"] == 0
    assert customers.search_customers(desk.ctx, again(desk, agent).actor, "Lindqvist")

    desk.clock.advance(days=2)
    admin = again(desk, desk.admin)
    plan = retention.retention_due(desk.ctx, admin.actor)
    assert due(plan, "terminated-customers").items == [account]
    done = retention.run_retention(desk.ctx, admin.actor)
    assert done.counts["terminated-customers"] == 1

    assert customers.search_customers(desk.ctx, again(desk, agent).actor, "Lindqvist") == []
    with desk.ctx.db.read() as session:
        row = session.get(Customer, uuid.UUID(cid))
        assert row is not None and row.status == "erased" and row.name == ""
        kept = session.execute(select(Invoice).where(Invoice.customer_id == row.id)).scalars()
        assert [(i.number, i.billing_reference) for i in kept] == [
            ("INV-R-1", row.billing_reference)
        ]
    erased = events(desk, "customer.erase")
    assert [e.entity_id for e in erased] == [cid]
    assert "retention" in (erased[0].detail or "")
    runs = events(desk, "retention.run")
    assert len(runs) == 2 and all(e.username == "admin" for e in runs)
    assert "terminated-customers 1" in (runs[-1].detail or "")
    assert "Lindqvist" not in json.dumps([e.detail for e in runs + erased])
    # the desk view lists the run with its counts
    later = retention.retention_due(desk.ctx, again(desk, supervisor).actor)
    assert later.runs[0].by == "admin" and later.runs[0].counts["terminated-customers"] == 1


def test_open_invoices_hold_a_terminated_customer_back(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    cid = terminated(desk, agent, supervisor, "Hugo Ostermann")
    invoice(desk, cid, "INV-R-2", desk.clock.now.date(), "open")
    desk.clock.advance(days=400)
    admin = again(desk, desk.admin)
    plan = retention.retention_due(desk.ctx, admin.actor)
    held = due(plan, "terminated-customers")
    assert held.count == 0 and "open invoices" in held.held[0]
    retention.run_retention(desk.ctx, admin.actor)
    assert customers.search_customers(desk.ctx, again(desk, agent).actor, "Ostermann")


def test_a_dry_run_lists_what_would_go_and_changes_nothing(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    cid = terminated(desk, agent, supervisor, "Ida Sandberg")
    desk.clock.advance(days=800)
    admin = again(desk, desk.admin)

    def state() -> tuple[object, ...]:
        with desk.ctx.db.read() as session:
            row = session.get(Customer, uuid.UUID(cid))
            assert row is not None
            return (
                row.status,
                row.name,
                session.scalar(select(func.count()).select_from(Interaction)),
                session.scalar(select(func.count()).select_from(RetentionRun)),
            )

    before = state()
    plan = retention.retention_due(desk.ctx, admin.actor)
    assert due(plan, "terminated-customers").count == 1
    assert state() == before == ("terminated", "Ida Sandberg", 1, 0)  # the termination note
    preview = events(desk, "retention.preview")
    assert preview and "terminated-customers 1" in (preview[-1].detail or "")


def test_interactions_requests_and_invoices_go_after_their_periods(
    desk: Desk, agent: Member
) -> None:
    view = desk.customer(agent, "Jonas Falk")
    customers.record_interaction(desk.ctx, agent.actor, view.id, "phone", "asked about roaming")
    opened = requests.open_request(
        desk.ctx, agent.actor, view.id, "access", "pin", note="wants his call records"
    )
    requests.cancel_request(desk.ctx, agent.actor, opened.reference, "changed his mind")
    invoice(desk, view.id, "INV-OLD", desk.clock.now.date(), "paid")
    invoice(desk, view.id, "INV-OWED", desk.clock.now.date(), "overdue")

    desk.clock.advance(days=3700)  # past the legal period of invoices too
    admin = again(desk, desk.admin)
    agent = again(desk, agent)
    customers.record_interaction(desk.ctx, agent.actor, view.id, "email", "new tariff")
    desk.step_up(admin)
    done = retention.run_retention(desk.ctx, admin.actor)
    assert done.counts == {
        "terminated-customers": 0,
        "interactions": 1,
        "access-packages": 0,
        "closed-requests": 1,
        "invoices": 1,
    }
    shown = customers.show_customer(desk.ctx, agent.actor, view.id)
    assert [i.summary for i in shown.interactions or []] == ["new tariff"]
    request = requests.show_request(desk.ctx, agent.actor, opened.reference)
    assert request.note is None and request.decision_reason == "[erased]"
    assert all(entry.detail is None for entry in request.timeline)
    assert request.kind == "access" and request.status == "cancelled"  # the record stays
    with desk.ctx.db.read() as session:
        left = session.execute(select(Invoice.number)).scalars().all()
    assert left == ["INV-OWED"]  # an unpaid invoice is never deleted


def test_only_an_admin_with_a_fresh_code_runs_retention_or_sets_the_schedule(
    desk: Desk, supervisor: Member
) -> None:
    with pytest.raises(RoleForbidden):
        retention.run_retention(desk.ctx, supervisor.actor)
    with pytest.raises(RoleForbidden):
        retention.set_retention(desk.ctx, supervisor.actor, "interactions", 365)
    refusals = [e for e in events(desk, "run_retention") if e.outcome == "refused"]
    assert refusals and refusals[0].username == "sam"
    desk.clock.advance(seconds=120)  # the admin's check is no longer fresh
    with pytest.raises(StepUpRequired, match="fresh code"):
        retention.run_retention(desk.ctx, desk.admin.actor)
    with pytest.raises(StepUpRequired):
        retention.set_retention(desk.ctx, desk.admin.actor, "interactions", 365)
    with desk.ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RetentionRun)) == 0


def test_no_schedule_goes_below_what_the_law_requires(desk: Desk) -> None:
    with pytest.raises(BadInput, match="at least 3653 days"):
        retention.set_retention(desk.ctx, desk.admin.actor, "invoices", 365)
    with pytest.raises(BadInput, match="reactivated for 30 days"):
        retention.set_retention(desk.ctx, desk.admin.actor, "terminated-customers", 7)
    with pytest.raises(BadInput, match="is not a kind"):
        retention.set_retention(desk.ctx, desk.admin.actor, "everything", 365)
    rule = retention.set_retention(desk.ctx, desk.admin.actor, "terminated-customers", 90)
    assert rule.days == 90 and rule.default_days == 365
    schedule = {r.kind: r.days for r in retention.retention_schedule(desk.ctx, desk.admin.actor)}
    assert schedule["terminated-customers"] == 90 and schedule["invoices"] == 3653
    set_events = events(desk, "retention.set")
    assert [e.detail for e in set_events] == ["terminated-customers: 90 days (was 365)"]


@pytest.mark.local_only(reason="the erasure journal lives beside the database, on its host")
def test_an_anonymisation_is_journalled_like_an_erasure(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    cid = terminated(desk, agent, supervisor, "Karl Brandt")
    desk.clock.advance(days=366)
    retention.run_scheduled(desk.ctx)
    master = erasure_journal._master(desk.ctx)
    assert master is not None
    journal = erasure_journal.read(erasure_journal.journal_path(desk.ctx), master)
    assert erasure_journal.pseudonym(master, uuid.UUID(cid)) in journal.erasures
    runs = events(desk, "retention.run")
    assert runs[-1].username == "scheduler" and runs[-1].staff_id is None
    with desk.ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(PrivacyRequest)) == 0
