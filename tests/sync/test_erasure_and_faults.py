"""Erasure reaches every copy and stays final; faults anywhere lose and repeat nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from support.branches import Branch, assert_agree, raw_bytes
from support.desk import Desk, Member
from support.postgres import PostgresServer

from voxprivacy.errors import AuthenticationFailed
from voxprivacy.services import auth, consents, customers, requests
from voxprivacy.storage import changes
from voxprivacy.storage import models as m
from voxprivacy.sync import hub, replica

SECRET_BITS = ["Quentin", "Zyxwvut", "zyxwvut", "+49309876543", "Offline Zyxwvut"]


def _rich(desk: Desk, agent: Member) -> customers.CustomerView:
    view = desk.customer(
        agent,
        "Quentin Zyxwvut",
        email="quentin.zyxwvut@example.org",
        phone="+49 30 9876543",
        address__private__street="Zyxwvutstraße 77",
    )
    customers.record_interaction(desk.ctx, agent.actor, view.id, "phone", "zyxwvut roaming")
    consents.set_consent(
        desk.ctx,
        agent.actor,
        view.id,
        "newsletter",
        True,
        "phone",
        "zyxwvut",
        verified_by="callback",
    )
    return view


def _erase_at_centre(central: Desk, agent: Member, supervisor: Member, ref: str) -> None:
    central.step_up(agent)
    req = requests.open_request(central.ctx, agent.actor, ref, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, req.reference)


def _log_text(central: Desk) -> str:
    with central.ctx.db.read() as session:
        return "\n".join(session.execute(select(m.ChangeLog.effects)).scalars())


def _count(db_branch: Branch | Desk, model: type[m.Base]) -> int:
    db = db_branch.ctx.db
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_an_erasure_at_the_centre_purges_a_branch_and_rejects_its_offline_edit(
    central: Desk, agent: Member, supervisor: Member, north: Branch, south: Branch
) -> None:
    view = _rich(central, agent)
    south.sync()
    north.sync()
    assert b"Zyxwvut" in raw_bytes(south.db)
    # the line is down: south edits the customer while the centre erases them
    customers.edit_customer(
        south.ctx,
        south.sign_in(agent),
        view.id,
        {"name": "Offline Zyxwvut"},
        verified_by="callback",
    )
    _erase_at_centre(central, agent, supervisor, view.id)
    report = south.sync()
    assert report.rejected == 1 and report.erased == 1
    north.sync()
    for place in (south.ctx, north.ctx, central.ctx):
        tomb = customers.show_customer(place, central.admin.actor, view.id)
        assert (tomb.status, tomb.name) == ("erased", "")
        assert customers.search_customers(place, central.admin.actor, "zyxwvut") == []
    south.db.purge_freed_pages()
    raw = raw_bytes(south.db)
    assert [s for s in SECRET_BITS if s.encode() in raw] == []
    log = _log_text(central)
    assert [s for s in SECRET_BITS if s in log] == []
    assert _count(south, m.Outbox) == 0
    assert_agree(south.db, central.ctx.db, north.db)


def test_an_erasure_carried_out_offline_at_a_branch_reaches_everyone(
    central: Desk, agent: Member, supervisor: Member, north: Branch, south: Branch
) -> None:
    view = _rich(central, agent)
    north.sync()
    south.sync()
    req = requests.open_request(north.ctx, north.sign_in(agent), view.id, "erasure", "in-person")
    north.sync()
    # the approval counts only at head office, by a supervisor who did not open it
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    north.sync()
    # then the line goes down, and north carries it out on its own
    requests.complete_erasure(north.ctx, north.sign_in(agent), req.reference)
    # meanwhile the centre adds an interaction north has never seen
    central.step_up(agent)
    customers.record_interaction(central.ctx, agent.actor, view.id, "email", "zyxwvut again")
    north.sync()
    south.sync()
    north.sync()
    assert_agree(south.db, central.ctx.db, north.db)
    for place in (north, south):
        assert _count(place, m.Interaction) == 0
        done = requests.show_request(place.ctx, place.sign_in(agent), req.reference)
        assert done.status == "completed"
    assert _count(central, m.Interaction) == 0
    assert [s for s in SECRET_BITS if s in _log_text(central)] == []


def test_a_code_used_at_a_branch_is_refused_everywhere_after_sync(
    central: Desk, agent: Member, north: Branch
) -> None:
    actor = auth.sign_in(north.ctx, agent.username, agent.password)
    central.clock.advance(seconds=30)
    code = central.code(agent)
    auth.step_up(north.ctx, actor, code)
    north.sync()
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(central.ctx, agent.actor, code)


class LinkDown(Exception):
    """The line to head office dropped."""


def _fail_at(point: str) -> replica.Fault:
    def fault(where: str) -> None:
        if where == point:
            raise LinkDown(where)

    return fault


@pytest.mark.parametrize(
    "point", ["push:before-commit", "push:answered", "pull:read", "pull:before-commit"]
)
def test_a_link_that_drops_anywhere_loses_nothing_and_repeats_nothing(
    central: Desk, agent: Member, north: Branch, south: Branch, point: str
) -> None:
    view = central.customer(agent)
    north.sync()
    south.sync()
    actor = north.sign_in(agent)
    customers.record_interaction(north.ctx, actor, view.id, "phone", "called about roaming")
    customers.edit_customer(
        north.ctx, actor, view.id, {"name": "Grace Hopper"}, verified_by="callback"
    )
    central.step_up(agent)
    customers.edit_customer(
        central.ctx, agent.actor, view.id, {"note": "VIP"}, verified_by="callback"
    )
    with pytest.raises(LinkDown):
        north.sync(fault=_fail_at(point), page=1)
    north.sync()  # the line is back
    north.sync()  # and a batch sent twice changes nothing
    south.sync()
    for place in (north, south, central):
        assert _count(place, m.Interaction) == 1
        with place.ctx.db.read() as session:
            row = session.get(m.Customer, uuid.UUID(view.id))
            assert row is not None and (row.name, row.note) == ("Grace Hopper", "VIP")
    with central.ctx.db.read() as session:
        ops = session.execute(select(m.ChangeLog.op_id)).scalars().all()
        seqs = session.execute(select(m.ChangeLog.seq).order_by(m.ChangeLog.seq)).scalars().all()
    assert len(ops) == len(set(ops))
    assert seqs == list(range(1, len(seqs) + 1))  # gap-free
    assert _count(north, m.Outbox) == 0
    assert_agree(north.db, central.ctx.db, south.db)


def test_a_central_restart_mid_way_is_survived(
    central: Desk, agent: Member, north: Branch, pg_server: PostgresServer
) -> None:
    view = central.customer(agent)
    north.sync()
    actor = north.sign_in(agent)
    for n in range(6):
        customers.record_interaction(north.ctx, actor, view.id, "phone", f"call {n}")
    restarts: list[str] = []

    def restart(point: str) -> None:
        def fault(where: str) -> None:
            if where == point and not restarts:
                restarts.append(where)
                pg_server.restart()

        return fault

    # between two pages: the next page reconnects and the sync simply carries on
    report = north.sync(fault=restart("push:answered"), page=2)
    assert restarts and report.pushed == 7
    # inside a page's transaction: that page is lost at the centre, nothing else
    customers.record_interaction(north.ctx, actor, view.id, "phone", "call 6")
    restarts.clear()
    with pytest.raises(replica.Offline, match="Nothing was lost"):
        north.sync(fault=restart("push:before-commit"), page=2)
    assert replica.status(north.db).waiting > 0
    assert "Nothing was lost" in (replica.status(north.db).last_error or "")
    north.sync()
    assert _count(central, m.Interaction) == 7
    assert _count(north, m.Outbox) == 0
    assert_agree(north.db, central.ctx.db)


def test_a_queued_edit_keeps_only_row_names_once_an_erasure_arrives(
    central: Desk, agent: Member, supervisor: Member, south: Branch
) -> None:
    view = _rich(central, agent)
    south.sync()
    customers.edit_customer(
        south.ctx,
        south.sign_in(agent),
        view.id,
        {"name": "Offline Zyxwvut"},
        verified_by="callback",
    )
    _erase_at_centre(central, agent, supervisor, view.id)
    # a pull before the push (as when a push failed): the queued edit loses its values at once
    cursor = replica.status(south.db).cursor
    with central.ctx.db.read() as session:
        entries = hub.log_after(session, cursor, 1000)
    with south.db.write() as session:
        session.info[changes.APPLYING] = True
        assert replica.apply_entries(session, entries) == 1
    with south.db.read() as session:
        queued = session.execute(select(m.Outbox)).scalars().all()
    about_them = [o for o in queued if view.id in o.customers]
    assert about_them and all(o.erased for o in about_them)
    assert all("Zyxwvut" not in o.payload for o in queued)
    report = south.sync()
    assert report.rejected == len(about_them)
    # rejected because the customer is erased, not set aside as unreadable: nothing waits
    with central.ctx.db.read() as session:
        outcomes = session.execute(
            select(m.ChangeLog.outcome).where(m.ChangeLog.op_id.in_([o.op_id for o in about_them]))
        ).scalars()
        assert set(outcomes) == {"rejected_erased"}
        assert session.execute(select(func.count()).select_from(m.SyncConflict)).scalar_one() == 0
    assert_agree(south.db, central.ctx.db)
