"""An insider at one branch writes the replica file directly, then the branch synchronises.

The insider is an agent at north who knows their own password. They open the
encrypted replica with the key from their keyring (sqlcipher3, no voxprivacy code
in between), open their own wrapped signing key with their password, and queue
operations no service would write: in a colleague's name with no signature or with
their own, a role change to admin, the central admin's password hash and recovery
codes, an erasure with no approved request, an un-erasure, an unknown table, and
changes of a shape no service produces. The branch then pushes through the hub in
process. None of it is applied at head office; each one waits in the queue with its
reason and is in head office's audit trail; the chain still verifies; a legitimate
edit by the agent, with a code, goes through.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from support.branches import Branch, assert_agree
from support.desk import Desk, Member
from support.insider import Insider

from voxprivacy.domain.enums import Role
from voxprivacy.security import passwords
from voxprivacy.services import audit, customers, requests, staff
from voxprivacy.storage import changes, wire
from voxprivacy.storage import models as m
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.wire import Action, Erasure, RowChange
from voxprivacy.sync import hub


def _row(desk: Desk, table: str, row_id: str) -> dict[str, Any] | None:
    with desk.ctx.db.read() as session:
        return changes.read_rows(session, wire.SYNCED[table], [row_id]).get(row_id)


def _reasons(desk: Desk) -> dict[uuid.UUID, str]:
    """The queue of operations head office set aside, by operation, with their reasons."""
    with desk.ctx.db.read() as session:
        rows = session.execute(
            select(m.SyncConflict.op_id, m.SyncConflict.central_value).where(
                m.SyncConflict.kind == "rejected"
            )
        ).all()
    return {op_id: json.loads(value)["en"] for op_id, value in rows}


def _events(desk: Desk) -> dict[str, m.AuditEvent]:
    with desk.ctx.db.read() as session:
        found = session.execute(
            select(m.AuditEvent).where(m.AuditEvent.action.like("sync.%"))
        ).scalars()
        events = {e.entity_id or "": e for e in found}
        session.expunge_all()
    return events


def _erase_at_head_office(central: Desk, agent: Member, supervisor: Member, cid: object) -> None:
    central.step_up(agent)
    req = requests.open_request(central.ctx, agent.actor, cid, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, req.reference)


@pytest.fixture
def insider(north: Branch, agent: Member) -> Insider:
    return Insider(north, agent)


def test_nothing_an_insider_writes_into_the_replica_is_applied_and_each_is_queued_and_audited(
    central: Desk, agent: Member, supervisor: Member, north: Branch, insider: Insider
) -> None:
    victim = central.customer(agent, "Vera Victim", email="vera@example.org")
    gone = central.customer(agent, "Quentin Zyxwvut")
    _erase_at_head_office(central, agent, supervisor, gone.id)
    north.sync()
    cid, agent_id = str(victim.id), str(agent.actor.staff_id)
    admin_uuid = central.admin.actor.staff_id
    admin_id = str(admin_uuid)
    with central.ctx.db.read() as session:
        admin_codes = sorted(
            (str(c.id), c.code_hash)
            for c in session.execute(
                select(m.RecoveryCode).where(
                    m.RecoveryCode.staff_id == central.admin.actor.staff_id
                )
            ).scalars()
        )
    admin_before = _row(central, "staff", admin_id)
    rename = RowChange("customers", cid, Action.UPDATE, {"name": "Forged Name"}, cid, base={})
    new_hash = passwords.hash_password("insider knows this")
    forged: dict[str, uuid.UUID] = {
        # a colleague's name with no signature, and with the insider's signature
        "unsigned": insider.queue([rename], name=supervisor.actor.staff_id, sign=False),
        "colleague": insider.queue([rename], name=supervisor.actor.staff_id),
        "admin role": insider.queue(
            [RowChange("staff", agent_id, Action.UPDATE, {"role": "admin"}, base={})]
        ),
        "admin password": insider.queue(
            [
                RowChange("staff", admin_id, Action.UPDATE, {"password_hash": new_hash}, base={}),
                *(
                    RowChange(
                        "recovery_codes",
                        code_id,
                        Action.UPDATE,
                        {"code_hash": passwords.hash_password("aaaaabbbbb"), "used_at": None},
                        base={},
                    )
                    for code_id, _hash in admin_codes
                ),
            ]
        ),
        "erasure": insider.queue([Erasure(cid, datetime.now(UTC), str(uuid7()))]),
        "unknown table": insider.queue(
            json.dumps([{"t": "secret_table", "id": "1", "a": "i", "v": {"x": 1}, "c": cid}])
        ),
        "interaction rewritten": insider.queue(
            [
                RowChange(
                    "interactions",
                    contact := str(uuid7()),
                    Action.INSERT,
                    {
                        "id": contact,
                        "customer_id": cid,
                        "at": datetime.now(UTC).isoformat(),
                        "channel": "phone",
                        "staff_id": str(supervisor.actor.staff_id),  # someone else's contact
                        "summary": "never said",
                    },
                    cid,
                )
            ]
        ),
        "card by an agent": insider.queue(
            [
                RowChange(
                    "payment_cards",
                    card := str(uuid7()),
                    Action.INSERT,
                    {
                        "id": card,
                        "customer_id": cid,
                        "brand": "visa",
                        "last4": "4242",
                        "exp_month": 12,
                        "exp_year": 2030,
                        "token": {"b64": "dG9rZW4="},
                        "created_at": datetime.now(UTC).isoformat(),
                    },
                    cid,
                )
            ]
        ),
        "deadline setting": insider.queue(
            [RowChange("settings", "request_deadline_days", Action.UPDATE, {"value": "90"})]
        ),
    }
    unerase = insider.queue(
        [
            RowChange(
                "customers",
                str(gone.id),
                Action.UPDATE,
                {"status": "active", "name": "Quentin Zyxwvut"},
                str(gone.id),
                base={},
            )
        ]
    )
    # and one honest edit, with a code, through the desk's services
    north.db.dispose()
    actor = north.sign_in(agent)
    customers.edit_customer(
        north.ctx, actor, victim.id, {"note": "called about roaming"}, verified_by="callback"
    )

    report = north.sync()

    assert report.rejected == len(forged) + 1
    shown = customers.show_customer(central.ctx, agent.actor, victim.id)
    assert (shown.name, shown.note, shown.status) == (
        "Vera Victim",
        "called about roaming",
        "active",
    )
    assert _row(central, "staff", agent_id)["role"] == "agent"  # type: ignore[index]
    assert _row(central, "staff", admin_id) == admin_before
    with central.ctx.db.read() as session:
        codes_now = sorted(
            (str(c.id), c.code_hash)
            for c in session.execute(
                select(m.RecoveryCode).where(
                    m.RecoveryCode.staff_id == central.admin.actor.staff_id
                )
            ).scalars()
        )
        cards = session.execute(select(m.PaymentCard)).scalars().all()
        said = session.execute(
            select(m.Interaction.summary).where(m.Interaction.summary == "never said")
        ).all()
    assert codes_now == admin_codes
    assert (cards, said) == ([], [])
    assert _row(central, "customers", str(gone.id))["status"] == "erased"  # type: ignore[index]

    reasons = _reasons(central)
    events = _events(central)
    expected = {
        "unsigned": "it carries no signature of",
        "colleague": "its signature is not",
        "admin role": "staff.role may not come from a branch",
        "admin password": "staff.password_hash may not come from a branch",
        "erasure": "an erasure without an erasure request known at head office",
        "unknown table": "unknown table 'secret_table'",
        "interaction rewritten": "interactions.staff_id names another member than the signer",
        "card by an agent": f"agent {agent.username} may not add a row to payment_cards",
        "deadline setting": "settings.value may not come from a branch",
    }
    for what, op_id in forged.items():
        assert op_id in reasons, f"{what} is not in the queue"
        assert expected[what] in reasons[op_id], (what, reasons[op_id])
        event = events[str(op_id)]
        assert (event.action, event.outcome) == ("sync.rejected", "refused"), what
        assert "from branch north" in (event.detail or "") and expected[what][:40] in (
            event.detail or ""
        ), (what, event.detail)
    # what the insider signed is audited under them; the forgeries in a colleague's name
    # under nobody (the claimed member is named in the detail)
    assert (events[str(forged["admin role"])].username, events[str(forged["admin role"])].role) == (
        agent.username,
        "agent",
    )
    assert events[str(forged["colleague"])].username is None
    assert str(supervisor.actor.staff_id) in (events[str(forged["colleague"])].detail or "")
    # the un-erasure: rejected as touching an erased customer; nothing of it is kept, and the
    # audit trail says so
    with central.ctx.db.read() as session:
        outcome = session.execute(
            select(m.ChangeLog.outcome).where(m.ChangeLog.op_id == unerase)
        ).scalar_one()
    assert outcome == hub.REJECTED_ERASED
    assert events[str(unerase)].action == "sync.rejected"
    assert "erased at head office" in (events[str(unerase)].detail or "")
    # its signature was the insider's own: the event names them, as for any other refusal
    assert (events[str(unerase)].username, events[str(unerase)].role) == (agent.username, "agent")
    applied = [e for e in events.values() if e.action == "sync.applied"]
    assert [(e.username, e.role) for e in applied] == [(agent.username, "agent")] * len(applied)
    assert applied and all("from branch north" in (e.detail or "") for e in applied)

    central.step_up(central.admin)
    assert audit.verify_chain(central.ctx, central.admin.actor).ok
    north.sync()
    assert_agree(central.ctx.db, north.db)  # the branch's copy went back to head office's


def test_an_erasure_approved_only_at_a_branch_is_refused_and_the_branch_keeps_the_customer(
    central: Desk, agent: Member, supervisor: Member, north: Branch
) -> None:
    victim = central.customer(agent, "Ada Lovelace", email="ada@example.org")
    north.sync()
    req = requests.open_request(north.ctx, north.sign_in(agent), victim.id, "erasure", "in-person")
    requests.approve_erasure(north.ctx, north.sign_in(supervisor), req.reference)
    north.sync()
    reasons = list(_reasons(central).values())
    assert any("an erasure is approved at head office" in r for r in reasons), reasons
    at_centre = requests.show_request(central.ctx, agent.actor, req.reference)
    assert at_centre.status == "pending_approval"
    here = requests.show_request(north.ctx, north.sign_in(agent), req.reference)
    assert here.status == "pending_approval"  # the branch's copy went back

    # the insider carries the erasure out anyway, straight into the file
    insider = Insider(north, agent)
    cid = str(victim.id)
    op = insider.queue([Erasure(cid, datetime.now(UTC), str(req.id))])
    north.sync()
    assert "an erasure whose request is not approved" in _reasons(central)[op]
    assert customers.show_customer(central.ctx, agent.actor, victim.id).name == "Ada Lovelace"
    assert_agree(central.ctx.db, north.db)


def test_a_deactivated_members_operations_are_refused(
    central: Desk, agent: Member, north: Branch
) -> None:
    victim = central.customer(agent)
    north.sync()
    customers.edit_customer(
        north.ctx, north.sign_in(agent), victim.id, {"name": "While Active"}, verified_by="pin"
    )
    central.step_up(central.admin)
    staff.deactivate_staff(central.ctx, central.admin.actor, agent.username)
    north.sync()
    assert set(_reasons(central).values()) == {
        f"it is signed by {agent.username}, whose account is deactivated"
    }
    assert customers.show_customer(central.ctx, central.admin.actor, victim.id).name != (
        "While Active"
    )


def test_finance_may_not_change_a_customers_name_from_a_branch(
    central: Desk, agent: Member, north: Branch
) -> None:
    victim = central.customer(agent)
    finance = central.member(Role.FINANCE)
    north.sync()
    cid = str(victim.id)
    insider = Insider(north, finance)
    op = insider.queue(
        [RowChange("customers", cid, Action.UPDATE, {"name": "Finance Was Here"}, cid, base={})]
    )
    north.sync()
    assert "finance" in _reasons(central)[op]
    assert "change customers.name" in _reasons(central)[op]
