"""sync/hub.receive directly: a branch's operations applied once each at the hub, with
their outcome, conflicts and log entries; and the log read back a page at a time."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from support.branches import keys_of, signed_op
from support.desk import Desk, Member

from voxprivacy import i18n
from voxprivacy.domain.enums import Role
from voxprivacy.security.signing import MemberKeys
from voxprivacy.services import conflicts, customers, requests
from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage import wire
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.wire import Action, RowChange
from voxprivacy.sync import hub

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _versions(desk: Desk, customer_id: str) -> dict[str, str]:
    with desk.ctx.db.read() as s:
        stored = s.execute(
            select(m.Customer.sync_versions).where(m.Customer.id == uuid.UUID(customer_id))
        ).scalar_one()
    return dict(json.loads(stored))


def _name(desk: Desk, customer_id: str) -> str:
    with desk.ctx.db.read() as s:
        customer = s.get(m.Customer, uuid.UUID(customer_id))
        assert customer is not None
        return customer.name


# who signs the operations of a test: the agent, unless a test says otherwise
_SIGNER: dict[str, tuple[uuid.UUID, MemberKeys]] = {}


@pytest.fixture(autouse=True)
def _signed_by_the_agent(central: Desk, agent: Member) -> None:
    _SIGNER["as"] = (agent.actor.staff_id, keys_of(central, agent))


def _incoming(*changes: wire.Change, erased: bool = False) -> hub.IncomingOp:
    """An operation as a branch's outbox holds it, signed by the test's member."""
    staff_id, keys = _SIGNER["as"]
    payload = wire.encode(wire.Operation(changes))
    return signed_op(keys, staff_id, payload, erased=erased, made_at=NOW)


def _rename(customer_id: str, name: str, base: str | None) -> hub.IncomingOp:
    change = RowChange(
        "customers", customer_id, Action.UPDATE, {"name": name}, customer_id, base={"name": base}
    )
    return _incoming(change)


def _receive(desk: Desk, ops: list[hub.IncomingOp], careful: bool = False) -> list[hub.Outcome]:
    with desk.ctx.db.write() as s:
        return hub.receive(s, ops, "north", NOW, careful=careful)


def _log(desk: Desk) -> list[tuple[int, str, str]]:
    with desk.ctx.db.read() as s:
        rows = s.execute(
            select(m.ChangeLog.seq, m.ChangeLog.origin, m.ChangeLog.outcome).order_by(
                m.ChangeLog.seq
            )
        ).all()
    return [(seq, origin, outcome) for seq, origin, outcome in rows]


def _conflicts(desk: Desk) -> list[m.SyncConflict]:
    with desk.ctx.db.read() as s:
        found = list(
            s.execute(select(m.SyncConflict).order_by(m.SyncConflict.created_at)).scalars()
        )
        s.expunge_all()
    return found


def test_an_edit_based_on_the_hubs_version_is_applied_logged_and_searchable(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    before = _log(central)
    seen = _versions(central, cid)["name"]
    [outcome] = _receive(central, [_rename(cid, "Ada Lovelace", seen)])
    assert (outcome.outcome, outcome.conflicts, outcome.repeated) == (hub.APPLIED, 0, False)
    assert outcome.seq == before[-1][0] + 1
    assert _log(central)[-1] == (outcome.seq, "north", hub.APPLIED)
    assert _name(central, cid) == "Ada Lovelace"
    assert _versions(central, cid)["name"] != seen  # a new version for the field
    found = customers.search_customers(central.ctx, agent.actor, "lovelace")
    assert [c.id for c in found] == [view.id]

    with central.ctx.db.read() as s:
        [(seq, _op_id, origin, effects)] = hub.log_after(s, outcome.seq - 1, 10)
    assert (seq, origin) == (outcome.seq, "north")
    [effect] = [e for e in effects.rows if e.table == "customers"]
    assert effect.values == {"name": "Ada Lovelace"}
    assert effect.versions == {"name": _versions(central, cid)["name"]}


def test_an_operation_sent_twice_is_answered_from_the_log_and_changes_nothing(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    op = _rename(cid, "Ada Lovelace", _versions(central, cid)["name"])
    [first] = _receive(central, [op])
    entries = _log(central)
    versions = _versions(central, cid)
    [again] = _receive(central, [op])
    assert (again.seq, again.outcome, again.repeated) == (first.seq, hub.APPLIED, True)
    assert _log(central) == entries
    assert _versions(central, cid) == versions


def test_a_field_changed_at_the_hub_meanwhile_keeps_the_hubs_value_and_makes_a_conflict(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    seen = _versions(central, cid)["name"]  # what the branch based its edit on
    customers.edit_customer(
        central.ctx, agent.actor, view.id, {"name": "Hub Name"}, verified_by="callback"
    )
    [outcome] = _receive(central, [_rename(cid, "Branch Name", seen)])
    assert (outcome.outcome, outcome.conflicts) == (hub.APPLIED, 1)
    assert _name(central, cid) == "Hub Name"
    [conflict] = _conflicts(central)
    assert (conflict.kind, conflict.tbl, conflict.field, conflict.origin) == (
        "field",
        "customers",
        "name",
        "north",
    )
    assert json.loads(conflict.central_value) == "Hub Name"
    assert json.loads(conflict.branch_value) == "Branch Name"


def test_the_same_value_reached_twice_is_no_conflict(central: Desk, agent: Member) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    seen = _versions(central, cid)["name"]
    customers.edit_customer(
        central.ctx, agent.actor, view.id, {"name": "Same Name"}, verified_by="callback"
    )
    [outcome] = _receive(central, [_rename(cid, "Same Name", seen)])
    assert (outcome.outcome, outcome.conflicts) == (hub.APPLIED, 0)
    assert _conflicts(central) == []


def test_an_edit_of_a_customer_erased_at_the_hub_is_rejected_and_keeps_no_value(
    central: Desk, agent: Member, supervisor: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    seen = _versions(central, cid)["name"]
    central.step_up(agent)
    req = requests.open_request(central.ctx, agent.actor, view.id, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, req.reference)
    erased_name = _name(central, cid)

    [outcome] = _receive(central, [_rename(cid, "Quentin Zyxwvut", seen)])
    assert outcome.outcome == hub.REJECTED_ERASED
    assert _name(central, cid) == erased_name
    with central.ctx.db.read() as s:
        log_text = "\n".join(s.execute(select(m.ChangeLog.effects)).scalars())
    assert "Zyxwvut" not in log_text
    assert _conflicts(central) == []


def _copy_with_new_id(central: Desk, customer_id: str) -> RowChange:
    """An insert of a second customer with the first one's account number."""
    with central.ctx.db.read() as s:
        row = ch.read_rows(s, wire.SYNCED["customers"], [customer_id])[customer_id]
    new_id = str(uuid7())
    values = {**row, "id": new_id, "billing_reference": f"BR-{new_id[:12]}"}
    return RowChange("customers", new_id, Action.INSERT, values, new_id)


def test_a_refused_operation_is_set_aside_whole_and_the_rest_of_the_batch_applies(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    duplicate = _incoming(_copy_with_new_id(central, cid))
    rename = _rename(cid, "Ada Lovelace", _versions(central, cid)["name"])
    entries = _log(central)
    with pytest.raises(hub.NeedsCareful):
        _receive(central, [duplicate, rename])
    assert _log(central) == entries  # the batch was rolled back whole

    refused, applied = _receive(central, [duplicate, rename], careful=True)
    assert (refused.outcome, refused.conflicts) == (hub.REJECTED, 1)
    assert (applied.outcome, applied.seq) == (hub.APPLIED, refused.seq + 1)
    assert _name(central, cid) == "Ada Lovelace"
    with central.ctx.db.read() as s:
        count = s.execute(
            select(func.count())
            .select_from(m.Customer)
            .where(m.Customer.account_number == view.account_number)
        ).scalar_one()
    assert count == 1
    [conflict] = _conflicts(central)
    assert (conflict.kind, conflict.field, conflict.op_id) == (
        "rejected",
        "*",
        duplicate.op_id,
    )
    assert json.loads(conflict.branch_value) == json.loads(duplicate.payload)


def test_the_log_is_read_a_page_at_a_time_after_a_cursor(central: Desk, agent: Member) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    outcomes = []
    for name in ("One", "Two", "Three"):
        [outcome] = _receive(central, [_rename(cid, name, _versions(central, cid)["name"])])
        outcomes.append(outcome)
    first = outcomes[0].seq
    with central.ctx.db.read() as s:
        page = hub.log_after(s, first - 1, 2)
        rest = hub.log_after(s, page[-1][0], 10)
        after_all = hub.log_after(s, outcomes[-1].seq, 10)
    assert [(seq, op_id) for seq, op_id, _o, _e in page] == [(o.seq, o.op_id) for o in outcomes[:2]]
    assert [(seq, op_id) for seq, op_id, _o, _e in rest] == [(outcomes[2].seq, outcomes[2].op_id)]
    assert after_all == []


def test_an_operation_stripped_after_an_erasure_is_rejected_as_erased_without_a_conflict(
    central: Desk, agent: Member, supervisor: Member
) -> None:
    """A branch that pulled an erasure keeps only the fields its queued edit touched; the hub
    tells it to undo the edit, and nothing about the erased customer waits in the queue."""
    view = central.customer(agent)
    cid = str(view.id)
    central.step_up(agent)
    req = requests.open_request(central.ctx, agent.actor, view.id, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, req.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, req.reference)
    stripped = RowChange("customers", cid, Action.UPDATE, customer=cid, fields=("name", "note"))

    [outcome] = _receive(central, [_incoming(stripped, erased=True)])

    assert (outcome.outcome, outcome.conflicts) == (hub.REJECTED_ERASED, 0)
    assert _conflicts(central) == []
    with central.ctx.db.read() as s:
        [entry] = hub.log_after(s, outcome.seq - 1, 1)
    [undo] = entry.effects.rows
    assert (undo.row_id, undo.action, undo.values["status"]) == (cid, Action.INSERT, "erased")


def test_fields_without_values_from_a_branch_that_erased_nothing_are_set_aside(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    stripped = RowChange("customers", cid, Action.UPDATE, customer=cid, fields=("name",))
    [outcome] = _receive(central, [_incoming(stripped)])
    assert (outcome.outcome, outcome.conflicts) == (hub.REJECTED, 1)
    [conflict] = _conflicts(central)
    stored = json.loads(conflict.central_value)  # the refusal in every language we speak
    assert stored["en"] == "the operation is malformed: change 1 has no field values"
    assert stored["nl"] == "de bewerking is misvormd: wijziging 1 heeft geen veldwaarden"
    assert hub.refusal_reason(_incoming(stripped)) == stored["en"]
    assert hub.refusal_reason(_incoming(stripped, erased=True)) is None


def test_a_refusal_reads_in_the_language_of_the_supervisor_who_opens_the_queue(
    central: Desk, agent: Member
) -> None:
    """The branch pushed in English; a Dutch-speaking supervisor reads the refusal in
    Dutch, an English-speaking one in English, from the same stored row."""
    view = central.customer(agent)
    cid = str(view.id)
    stripped = RowChange("customers", cid, Action.UPDATE, customer=cid, fields=("name",))
    with i18n.speaking("en"):
        _receive(central, [_incoming(stripped)])
    supervisor = central.member(Role.SUPERVISOR)
    with i18n.speaking("nl"):
        [seen] = conflicts.list_conflicts(central.ctx, supervisor.actor)
    assert seen.label == "een wijziging van een filiaal die het hoofdkantoor weigerde"
    assert seen.central == (
        "niet toegepast: de bewerking is misvormd: wijziging 1 heeft geen veldwaarden"
    )
    assert seen.branch == "1 wijziging van het filiaal"
    [english] = conflicts.list_conflicts(central.ctx, supervisor.actor)
    assert english.central == (
        "not applied: the operation is malformed: change 1 has no field values"
    )
    # head office's audit trail keeps the English
    with central.ctx.db.read() as s:
        detail = s.execute(
            select(m.AuditEvent.detail).where(m.AuditEvent.action == "sync.rejected")
        ).scalar_one()
    assert detail is not None and detail.endswith("change 1 has no field values")


def test_a_value_that_cannot_be_read_is_set_aside_and_the_batch_goes_on(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = str(view.id)
    card = str(uuid7())
    values = {
        "id": card,
        "customer_id": cid,
        "brand": "visa",
        "last4": "4242",
        "exp_month": 12,
        "exp_year": 2030,
        "token": {"not": "base64"},
        "created_at": NOW.isoformat(),
    }
    finance = central.member(Role.FINANCE)
    rename = _rename(cid, "Ada Lovelace", _versions(central, cid)["name"])
    _SIGNER["as"] = (finance.actor.staff_id, keys_of(central, finance))  # cards are finance's
    broken = _incoming(RowChange("payment_cards", card, Action.INSERT, values, cid))
    with pytest.raises(hub.NeedsCareful):
        _receive(central, [broken, rename])
    refused, applied = _receive(central, [broken, rename], careful=True)
    assert (refused.outcome, applied.outcome) == (hub.REJECTED, hub.APPLIED)
    [conflict] = _conflicts(central)
    assert json.loads(conflict.central_value)["en"].startswith(
        "a value could not be read: KeyError"
    )
    assert _name(central, cid) == "Ada Lovelace"
    with central.ctx.db.read() as s:
        assert s.get(m.PaymentCard, uuid.UUID(card)) is None
