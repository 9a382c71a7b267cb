"""What the centre cannot apply is set aside with its reason; the rest of the push goes through.

A modified client can write anything into its outbox: a value longer than its column, a
table the centre does not know, a payload that is not JSON. None of it may stop a branch's
synchronisation, and ``sync status`` always names why the last attempt failed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, update
from support.branches import Branch, assert_agree
from support.desk import Desk, Member

from voxprivacy.cli.main import main
from voxprivacy.services import conflicts, customers, requests
from voxprivacy.storage import changes, wire
from voxprivacy.storage import models as m
from voxprivacy.storage.ids import uuid7
from voxprivacy.sync import hub, replica


def _queue(branch: Branch, op_id: uuid.UUID, payload: str, staff_id: uuid.UUID | None) -> None:
    """An outbox entry written straight into the branch's file, as a modified client would."""
    with branch.db.write() as session:
        session.execute(
            insert(m.Outbox).values(
                op_id=op_id,
                staff_id=staff_id,
                made_at=datetime.now(UTC),
                customers="",
                payload=payload,
                erased=False,
            )
        )


def _rewrite_last(branch: Branch, table: str, field: str, value: str) -> None:
    """Give a field of the newest queued operation another value, in the file."""
    with branch.db.write() as session:
        op_id, payload = session.execute(
            select(m.Outbox.op_id, m.Outbox.payload).order_by(m.Outbox.op_id.desc()).limit(1)
        ).one()
        operation = wire.decode(payload)
        touched = [c for c in operation.rows if c.table == table and field in c.values]
        assert touched, operation
        changed = wire.Operation(
            tuple(
                replace(c, values={**c.values, field: value}) if c in touched else c
                for c in operation
            )
        )
        session.execute(
            update(m.Outbox).where(m.Outbox.op_id == op_id).values(payload=wire.encode(changed))
        )


def _outbox(branch: Branch) -> int:
    with branch.db.read() as session:
        return int(session.execute(select(func.count()).select_from(m.Outbox)).scalar_one())


def test_operations_the_centre_refuses_wait_in_the_queue_and_the_rest_goes_through(
    central: Desk, agent: Member, supervisor: Member, south: Branch
) -> None:
    view = central.customer(agent)
    south.sync()
    actor = south.sign_in(agent)
    customers.edit_customer(
        south.ctx, actor, view.id, {"name": "Before Refusals"}, verified_by="callback"
    )
    # an edit whose value PostgreSQL refuses: its queued company made longer than the column
    customers.edit_customer(
        south.ctx, actor, view.id, {"company": "Legit Company"}, verified_by="callback"
    )
    _rewrite_last(south, "customers", "company", "x" * 600)
    # a table the centre does not have, and a payload that is not JSON at all
    unknown = {"t": "secret_table", "id": "1", "a": "i", "v": {"x": 1}, "c": str(view.id)}
    _queue(south, uuid7(), json.dumps([unknown]), actor.staff_id)
    _queue(south, uuid7(), "{not json", actor.staff_id)
    customers.edit_customer(
        south.ctx, actor, view.id, {"name": "After Refusals"}, verified_by="callback"
    )

    report = south.sync()

    assert report.rejected == 3
    assert report.applied == report.pushed - 3 >= 2
    shown = customers.show_customer(central.ctx, central.admin.actor, view.id)
    assert shown.name == "After Refusals"
    assert shown.company != "x" * 600
    assert _outbox(south) == 0
    assert replica.status(south.db).last_error is None
    queue = conflicts.list_conflicts(south.ctx, south.sign_in(supervisor))
    reasons = sorted(c.central for c in queue if c.kind == "rejected")
    assert len(reasons) == 3, reasons
    assert any("company: is 600 characters long" in r for r in reasons), reasons
    assert any("unknown table 'secret_table'" in r for r in reasons), reasons
    assert any("not JSON" in r for r in reasons), reasons
    assert all(c.origin == "south" for c in queue)
    # the branch's copy went back to what the centre holds, and later syncs carry on
    assert customers.show_customer(south.ctx, actor, view.id).company == shown.company
    customers.edit_customer(
        south.ctx, south.sign_in(agent), view.id, {"name": "Later Edit"}, verified_by="callback"
    )
    later = south.sync()
    assert (later.rejected, later.applied) == (0, later.pushed)
    assert customers.show_customer(central.ctx, central.admin.actor, view.id).name == "Later Edit"
    assert_agree(south.db, central.ctx.db)


def test_a_card_number_a_branch_writes_past_its_services_is_refused_at_the_centre(
    central: Desk, agent: Member, supervisor: Member, south: Branch
) -> None:
    """The branch's services refuse a card number in a note; a modified client that puts
    one into the outbox directly is refused again by the centre, and nothing of it lands."""
    view = central.customer(agent)
    south.sync()
    actor = south.sign_in(agent)
    customers.edit_customer(
        south.ctx, actor, view.id, {"note": "called twice"}, verified_by="callback"
    )
    _rewrite_last(south, "customers", "note", "card 4111.1111.1111.1111 exp 12/29")
    report = south.sync()
    assert report.rejected == 1
    shown = customers.show_customer(central.ctx, central.admin.actor, view.id)
    assert "4111" not in (shown.note or "")
    queue = conflicts.list_conflicts(south.ctx, south.sign_in(supervisor))
    reasons = [c.central for c in queue if c.kind == "rejected"]
    assert any("card" in r.lower() for r in reasons), reasons
    south.sync()  # the supervisor's sign-in moved their code step here
    assert_agree(south.db, central.ctx.db)


def test_a_refused_insert_takes_its_row_back_at_the_branch(
    central: Desk, agent: Member, south: Branch
) -> None:
    view = central.customer(agent)
    south.sync()
    actor = south.sign_in(agent)
    customers.record_interaction(south.ctx, actor, view.id, "phone", "called about roaming")
    _rewrite_last(south, "interactions", "channel", "x" * 5000)
    report = south.sync()
    assert report.rejected == 1
    with south.db.read() as session:
        here = session.execute(select(func.count()).select_from(m.Interaction)).scalar_one()
    with central.ctx.db.read() as session:
        there = session.execute(select(func.count()).select_from(m.Interaction)).scalar_one()
    assert here == there
    assert_agree(south.db, central.ctx.db)


def test_sync_status_names_the_last_error_whatever_stopped_the_sync(
    central: Desk, agent: Member, south: Branch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(step: str) -> None:
        if step == "push:answered":
            raise RuntimeError("the disk went away")

    view = central.customer(agent)
    south.sync()
    customers.edit_customer(
        south.ctx, south.sign_in(agent), view.id, {"name": "X Y"}, verified_by="callback"
    )
    with pytest.raises(RuntimeError):
        south.sync(fault=broken)
    error = replica.status(south.db).last_error
    assert error is not None and "RuntimeError" in error and "the disk went away" in error
    assert main(["--db", south.db.target.url.render_as_string(), "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "the disk went away" in out
    south.sync()
    assert replica.status(south.db).last_error is None
    assert main(["--db", south.db.target.url.render_as_string(), "sync", "status"]) == 0
    assert "last error: none" in capsys.readouterr().out


def test_a_log_entry_that_cannot_be_read_stops_the_pull_with_a_sentence(
    central: Desk, agent: Member, south: Branch
) -> None:
    view = central.customer(agent)
    south.sync()
    with central.ctx.db.write() as session:
        seq = session.execute(select(func.max(m.ChangeLog.seq))).scalar_one() + 1
        session.execute(update(m.SyncCounter).where(m.SyncCounter.id == 1).values(seq=seq))
        session.add(
            m.ChangeLog(
                seq=seq,
                op_id=uuid7(),
                origin="north",
                outcome=hub.APPLIED,
                made_at=datetime.now(UTC),
                applied_at=datetime.now(UTC),
                effects=json.dumps([{"t": "customers", "id": "1", "a": "u", "v": {}}]),
            )
        )
    customers.edit_customer(
        south.ctx, south.sign_in(agent), view.id, {"name": "Pushed Anyway"}, verified_by="callback"
    )
    with pytest.raises(hub.UnreadableLog) as stopped:
        south.sync()
    expected = (
        f"Entry {seq} of the central database's log cannot be read (change 1 has a row id that "
        "is not one of customers); nothing from it or after it was applied here."
    )
    assert stopped.value.message.startswith(expected)
    assert (replica.status(south.db).last_error or "").startswith(expected)
    # the push went through before the pull stopped
    assert customers.show_customer(central.ctx, central.admin.actor, view.id).name == (
        "Pushed Anyway"
    )


def test_an_unreadable_queued_entry_about_an_erased_customer_keeps_nothing(
    central: Desk, agent: Member, supervisor: Member, south: Branch
) -> None:
    """An outbox entry a modified client wrote, naming a customer the centre then erases:
    the pulled erasure empties it instead of failing on it, and the next push sets it aside."""
    view = central.customer(agent, "Quentin Zyxwvut")
    south.sync()
    op_id = uuid7()
    with south.db.write() as session:
        session.execute(
            insert(m.Outbox).values(
                op_id=op_id,
                staff_id=None,
                made_at=datetime.now(UTC),
                customers=str(view.id),
                payload='{"name": "Quentin Zyxwvut", not json',
                erased=False,
            )
        )
    central.step_up(agent)
    req = requests.open_request(central.ctx, agent.actor, view.id, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, req.reference)
    cursor = replica.status(south.db).cursor
    with central.ctx.db.read() as session:
        entries = hub.log_after(session, cursor, 1000)
    with south.db.write() as session:
        session.info[changes.APPLYING] = True
        assert replica.apply_entries(session, entries) == 1
    with south.db.read() as session:
        queued = session.get(m.Outbox, op_id)
        assert queued is not None
        assert (queued.payload, queued.erased) == ("[]", True)
    report = south.sync()
    assert report.rejected == 1
    assert_agree(south.db, central.ctx.db)
