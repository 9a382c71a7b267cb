"""The service gate through the server: every registered write, called by a signed-in
member whose session has no step-up, is refused and changes nothing; with a step-up
on the session it writes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from services.test_guard import WRITE_EXAMPLES, _conflict, _writes, snapshot
from support.desk import Desk, Member

from voxprivacy.api.codec import load_services
from voxprivacy.domain.enums import Role
from voxprivacy.errors import ConfigurationError, StepUpRequired
from voxprivacy.services import auth, consents, requests, sessions
from voxprivacy.services.guard import REGISTRY

# the example's own rule keeps it off the server (its reason is in api.codec.LOCAL_ONLY)
NOT_REMOTE = {
    "voxprivacy.services.installation.export_master_key",
    "voxprivacy.services.backup.create_backup",
    "voxprivacy.services.backup.restore_backup",
}


@pytest.fixture
def scene(desk: Desk, tmp_path: Path) -> dict[str, Any]:
    agent = desk.member(Role.AGENT, "agent1")
    supervisor = desk.member(Role.SUPERVISOR, "super1")
    other = desk.member(Role.SUPERVISOR, "super2")
    finance = desk.member(Role.FINANCE, "fin1")
    customer = desk.customer(agent)
    leaving = desk.customer(agent, "Erika Gehtweg", email="erika@example.de")
    ctx, acct = desk.ctx, customer.account_number
    consents.set_consent(
        ctx, agent.actor, acct, "newsletter", True, "phone", verified_by="callback"
    )
    consents.set_consent(
        ctx, agent.actor, acct, "third_party_disclosure", True, "letter", verified_by="callback"
    )

    def open_(ref: str, kind: str) -> str:
        return requests.open_request(ctx, agent.actor, ref, kind, "callback").reference

    approved = open_(leaving.account_number, "erasure")
    desk.step_up(other)
    requests.approve_erasure(ctx, other.actor, approved)
    listed = sessions.list_sessions(ctx, supervisor.actor, username="agent1")
    return {
        "agent": agent,
        "supervisor": supervisor,
        "finance": finance,
        "account": acct,
        "access": open_(acct, "access"),
        "rectification": open_(acct, "rectification"),
        "erasure": open_(acct, "erasure"),
        "approved_erasure": approved,
        "out": tmp_path,
        "conflict": _conflict(SimpleNamespace(ctx=desk.direct, clock=desk.clock), customer.id),  # type: ignore[arg-type]
        "session": listed[0].id,
    }


def _fresh_session(desk: Desk, member: Member) -> None:
    """The member signed in again: a new session, with no step-up on it."""
    member.actor = auth.sign_in(desk.ctx, member.username, member.password)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in _writes() if n not in NOT_REMOTE])
def test_a_write_without_a_step_up_on_the_session_is_refused_and_writes_nothing(
    desk: Desk, scene: dict[str, Any], name: str
) -> None:
    member, args, kwargs = WRITE_EXAMPLES[name](desk, scene)
    _fresh_session(desk, member)
    before = snapshot(desk.direct)
    with pytest.raises(StepUpRequired):
        REGISTRY[name].function(desk.ctx, member.actor, *args, **kwargs)
    assert snapshot(desk.direct) == before
    desk.step_up(member)
    before = snapshot(desk.direct)
    REGISTRY[name].function(desk.ctx, member.actor, *args, **kwargs)
    assert snapshot(desk.direct) != before


def test_the_master_key_export_is_refused_before_it_leaves(
    desk: Desk, scene: dict[str, Any]
) -> None:
    load_services()  # a workstation loads a service's module only when it calls it
    name = "voxprivacy.services.installation.export_master_key"
    member, args, kwargs = WRITE_EXAMPLES[name](desk, scene)
    desk.step_up(member)
    with pytest.raises(ConfigurationError, match="never leaves the server host"):
        REGISTRY[name].function(desk.ctx, member.actor, *args, **kwargs)


@pytest.mark.parametrize(
    "name",
    ["voxprivacy.services.backup.create_backup", "voxprivacy.services.backup.restore_backup"],
)
def test_a_backup_is_not_made_or_restored_at_a_path_a_workstation_names(
    desk: Desk, scene: dict[str, Any], name: str, tmp_path: Path
) -> None:
    load_services()  # a workstation loads a service's module only when it calls it
    admin = desk.admin
    desk.step_up(admin)
    with pytest.raises(ConfigurationError, match="server host"):
        REGISTRY[name].function(desk.ctx, admin.actor, str(tmp_path / "copy.vxbackup"))
    assert not (tmp_path / "copy.vxbackup").exists()
