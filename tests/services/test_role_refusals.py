"""Every refusal by role leaves an audit event, whichever service or check refuses.

The registry walk covers every service the gate knows, so a service added later
is covered without a new test: each is called by every role that may not call it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from sqlalchemy import select
from support.desk import Desk, Member

import voxprivacy.services as services_pkg
from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import may
from voxprivacy.errors import RoleForbidden
from voxprivacy.services import customers, requests
from voxprivacy.services.guard import REGISTRY
from voxprivacy.storage.models import AuditEvent

# every service registers itself, in subpackages too
for _module in pkgutil.walk_packages(services_pkg.__path__, "voxprivacy.services."):
    importlib.import_module(_module.name)


def _guarded() -> list[str]:
    return sorted(
        name
        for name, info in REGISTRY.items()
        if info.permission is not None and any(not may(r, info.permission) for r in Role)
    )


def _refusals(desk: Desk, member: Member) -> list[AuditEvent]:
    with desk.ctx.db.read() as session:
        return list(
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.username == member.username, AuditEvent.outcome == "refused")
                .order_by(AuditEvent.seq)
            ).scalars()
        )


def test_the_walk_covers_the_master_key_export() -> None:
    assert "voxprivacy.services.installation.export_master_key" in _guarded()


@pytest.mark.parametrize("name", _guarded())
def test_every_service_refused_by_role_is_audited(sdesk: Desk, name: str) -> None:
    info = REGISTRY[name]
    assert info.permission is not None
    for role in Role:
        if may(role, info.permission):
            continue
        member = sdesk.member(role, f"{role}x")
        sdesk.step_up(member)  # a fresh check: only the role can refuse
        with pytest.raises(RoleForbidden, match=f"Your role \\({role}\\)"):
            info.function(sdesk.ctx, member.actor)
        events = _refusals(sdesk, member)
        assert [(e.action, e.role) for e in events] == [(info.function.__name__, str(role))]
        assert events[0].detail == f"role {role} lacks {info.permission}"


def _scene(desk: Desk) -> dict[str, Any]:
    agent = desk.member(Role.AGENT, "agent1")
    customer = desk.customer(agent)
    return {"agent": agent, "customer": customer}


def test_a_role_that_does_not_see_interactions_is_refused_and_audited(sdesk: Desk) -> None:
    scene = _scene(sdesk)
    for role in (Role.FINANCE, Role.ADMIN):
        member = sdesk.member(role, f"{role}x")
        with pytest.raises(RoleForbidden, match="does not see interactions"):
            customers.list_interactions(sdesk.ctx, member.actor, scene["customer"].account_number)
        [event] = _refusals(sdesk, member)
        assert (event.action, event.entity_type) == ("customer.list_interactions", "customer")


def test_fields_a_role_may_not_change_are_refused_and_audited(sdesk: Desk) -> None:
    scene = _scene(sdesk)
    finance = sdesk.member(Role.FINANCE, "money")
    account = scene["customer"].account_number
    with pytest.raises(RoleForbidden, match="may not change name, email"):
        customers.edit_customer(
            sdesk.ctx,
            finance.actor,
            account,
            {"name": "Someone Else", "email": "x@example.de"},
            verified_by="callback",
        )
    [event] = _refusals(sdesk, finance)
    assert (event.action, event.fields, event.detail) == (
        "customer.edit",
        '["email", "name"]',
        "role finance",
    )


def test_a_rectification_of_a_field_the_role_may_not_change_is_audited(sdesk: Desk) -> None:
    scene = _scene(sdesk)
    agent = scene["agent"]
    reference = requests.open_request(
        sdesk.ctx, agent.actor, scene["customer"].account_number, "rectification", "callback"
    ).reference
    sdesk.step_up(agent)
    admin = sdesk.admin
    sdesk.step_up(admin)
    with pytest.raises(RoleForbidden):
        requests.rectify(sdesk.ctx, admin.actor, reference, {"name": "Jürgen Meyer"})
    assert [e.action for e in _refusals(sdesk, admin)] == ["rectify"]


def test_a_role_refusal_raised_without_an_event_is_audited_once_even_when_nested(
    sdesk: Desk,
) -> None:
    from voxprivacy.services.context import Actor, Context
    from voxprivacy.services.guard import reads

    @reads(None)
    def inner(ctx: Context, actor: Actor) -> None:
        raise RoleForbidden("Your role may not peek.")

    @reads(None)
    def outer(ctx: Context, actor: Actor) -> None:
        inner(ctx, actor)

    try:
        finance = sdesk.member(Role.FINANCE, "money")
        with pytest.raises(RoleForbidden, match="may not peek"):
            outer(sdesk.ctx, finance.actor)
    finally:
        for fn in (inner, outer):
            REGISTRY.pop(f"{fn.__module__}.{fn.__qualname__}", None)
    [event] = _refusals(sdesk, finance)
    assert (event.action, event.detail) == ("inner", "role finance: Your role may not peek.")
