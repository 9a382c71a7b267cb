"""The audit trail as a person reads it: customers by account number, staff by name, and the
desk's lock and sign-out recorded by the auth service."""

from __future__ import annotations

import pytest
from support.desk import Desk

from voxprivacy.domain.enums import Role
from voxprivacy.errors import RoleForbidden
from voxprivacy.services import audit, auth, customers


def test_events_name_the_customer_by_account_number_and_staff_by_name(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    customers.edit_customer(
        desk.ctx, agent.actor, view.id, {"note": "Called twice."}, verified_by="callback"
    )
    events = audit.list_events(desk.ctx, desk.admin.actor, limit=50)
    created = next(e for e in events if e.action == "customer.create")
    assert created.entity_id == str(view.id)
    assert created.account_number == view.account_number
    assert created.staff_name is None
    added = next(e for e in events if e.action == "staff.add")
    assert added.staff_name == "anna"  # add_staff's display name defaults to the user name
    assert added.account_number is None


def test_filtering_by_account_number_finds_what_happened_to_that_customer(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    first = desk.customer(agent)
    second = desk.customer(agent, "Erika Mustermann", email="erika@example.de")
    customers.edit_customer(
        desk.ctx, agent.actor, first.id, {"note": "Called twice."}, verified_by="callback"
    )
    found = audit.list_events(desk.ctx, desk.admin.actor, entity=first.account_number)
    assert found and {e.entity_id for e in found} == {str(first.id)}
    assert {"customer.create", "customer.edit"} <= {e.action for e in found}
    by_id = audit.list_events(desk.ctx, desk.admin.actor, entity=str(second.id))
    assert {e.entity_id for e in by_id} == {str(second.id)}
    staff_events = audit.list_events(desk.ctx, desk.admin.actor, entity="anna")
    assert staff_events and all(e.entity_type == "staff" for e in staff_events)
    assert audit.list_events(desk.ctx, desk.admin.actor, entity="VX00000000") == []


def test_lock_and_sign_out_are_recorded_and_end_the_step_up(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    assert agent.actor.checked_at is not None
    auth.lock(desk.ctx, agent.actor)
    assert agent.actor.checked_at is None
    auth.check_password(desk.ctx, agent.actor, agent.password)
    auth.sign_out(desk.ctx, agent.actor)
    mine = [
        e.action
        for e in audit.list_events(desk.ctx, desk.admin.actor, username="anna")
        if e.action in ("auth.lock", "auth.unlock", "auth.sign_out")
    ]
    assert mine == ["auth.sign_out", "auth.unlock", "auth.lock"]  # newest first
    assert audit.verify_chain(desk.ctx, desk.admin.actor).ok


def test_an_agent_cannot_search_the_trail_by_account(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    with pytest.raises(RoleForbidden):
        audit.list_events(desk.ctx, agent.actor, entity=view.account_number)
