"""Every service that writes refuses without a valid step-up and writes nothing.

The registry is filled by the @writes/@reads/@authenticates decorators; the
first test proves that no public service escapes it, the others drive every
registered write with real arguments, first without a step-up (refused,
database byte-for-byte unchanged), then with one (it really writes).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import pkgutil
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.desk import Desk, Member

import voxprivacy.services as services_pkg
from voxprivacy.domain.enums import Role
from voxprivacy.errors import StepUpRequired
from voxprivacy.services import (
    auth,
    cards,
    consents,
    customers,
    requests,
    sessions,
    subscriptions,
)
from voxprivacy.services.context import Context
from voxprivacy.services.guard import REGISTRY
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import Base, SyncConflict

# Helpers that take a Context but are not services of their own.
NOT_SERVICES = {
    "voxprivacy.services.audit.record_alone": "appends the audit event of a refusal itself",
    "voxprivacy.services.auth.new_enrollment": "called inside add_staff/reset_second_factor",
    "voxprivacy.services.customers.edit.check_edit_allowed": "the role check of edit and rectify",
    "voxprivacy.services.conflicts.count_open": "a number for the status bar, no values",
    "voxprivacy.services.sessions.start_session": "the server's half of sign-in (auth.sign_in)",
    "voxprivacy.services.sessions.resolve": "the server's check of every request's token",
    "voxprivacy.services.sessions.record_step_up": "the server's half of auth.step_up",
    "voxprivacy.services.sessions.end_session": "the server's half of auth.lock and sign_out",
    "voxprivacy.services.sessions.reopen_after_unlock": "the server's half of check_password",
    "voxprivacy.services.erasure_journal.check_at_open": "runs before anyone signs in",
    "voxprivacy.services.erasure_journal.record_erasure": "the end of complete_erasure",
    "voxprivacy.services.erasure_journal.record_erasures": "the end of a retention run",
    "voxprivacy.services.retention.run_scheduled": (
        "the scheduler's run on the database host, of the schedule an admin set; "
        "never reachable through the server"
    ),
    "voxprivacy.services.erasure_journal.remember_head": "the end of a session, no values",
    "voxprivacy.services.erasure_journal.journal_path": "where the journal file lives",
    "voxprivacy.services.erasure_journal.position": "the journal's length, for a backup",
    "voxprivacy.services.erasure_journal.current_head": "the audit head, for a backup",
}


def _service_modules() -> list[Any]:
    return [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(services_pkg.__path__, "voxprivacy.services.")
    ]


def test_the_walk_reaches_the_modules_of_subpackages() -> None:
    walked = {m.__name__ for m in _service_modules()}
    assert {
        "voxprivacy.services.customers.edit",
        "voxprivacy.services.customers.lifecycle",
    } <= walked


def test_every_public_service_is_registered_as_read_write_or_auth() -> None:
    unregistered = []
    for module in _service_modules():
        if module.__name__ == "voxprivacy.services.guard":
            continue  # the gate itself
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters)
            if not params or params[0] != "ctx":
                continue
            qual = f"{module.__name__}.{name}"
            if qual not in REGISTRY and qual not in NOT_SERVICES:
                unregistered.append(qual)
    assert unregistered == []


def snapshot(ctx: Context) -> dict[str, str]:
    """A digest of every row of every table."""
    digests = {}
    with ctx.db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            digests[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


Example = Callable[[Desk, dict[str, Any]], tuple[Member, tuple[Any, ...], dict[str, Any]]]


def _unsub_file(desk: Desk, state: dict[str, Any]) -> list[str]:
    return ["j.mueller@example.de"]


def _service(desk: Desk, state: dict[str, Any]) -> str:
    agent = state["agent"]
    desk.step_up(agent)
    attrs = {"number": "+49 30 9876543", "area": "Berlin"}
    return subscriptions.add_subscription(
        desk.ctx, agent.actor, state["account"], "virtual_number", attrs, "callback"
    ).id


def _card(desk: Desk, state: dict[str, Any]) -> str:
    finance = state["finance"]
    desk.step_up(finance)
    return cards.record_card(
        desk.ctx, finance.actor, state["account"], "tok_abc123", "Visa", "4242", "08/2031"
    ).id


def _terminated(desk: Desk, state: dict[str, Any]) -> str:
    supervisor = state["supervisor"]
    desk.step_up(supervisor)
    view = desk.customer(state["agent"], "Rita Rückkehr", email="rita@example.de")
    customers.terminate_account(desk.ctx, supervisor.actor, view.id, "moving")
    return view.id


def _due(desk: Desk, state: dict[str, Any]) -> Member:
    supervisor = state["supervisor"]
    desk.step_up(supervisor)
    view = desk.customer(state["agent"], "Tim Termin", email="tim@example.de")
    tomorrow = desk.clock.now.date() + timedelta(days=1)
    customers.terminate_account(desk.ctx, supervisor.actor, view.id, "moving", tomorrow)
    desk.clock.advance(days=1)
    return supervisor


# One real call per writing service: (who calls, positional args, keyword args).
WRITE_EXAMPLES: dict[str, Example] = {
    "voxprivacy.services.customers.edit.edit_customer": lambda d, s: (
        s["agent"],
        (s["account"], {"name": "Jürgen Meier"}),
        {"verified_by": "callback"},
    ),
    "voxprivacy.services.customers.lifecycle.create_customer": lambda d, s: (
        s["agent"],
        ("private", "Ada Lovelace"),
        {},
    ),
    "voxprivacy.services.customers.lifecycle.record_interaction": lambda d, s: (
        s["agent"],
        (s["account"], "phone", "Asked about roaming"),
        {},
    ),
    "voxprivacy.services.customers.lifecycle.terminate_account": lambda d, s: (
        s["supervisor"],
        (s["account"], "moved abroad"),
        {},
    ),
    "voxprivacy.services.customers.lifecycle.reactivate_account": lambda d, s: (
        s["supervisor"],
        (_terminated(d, s), "changed their mind"),
        {},
    ),
    "voxprivacy.services.customers.lifecycle.run_due_terminations": lambda d, s: (
        _due(d, s),
        (),
        {},
    ),
    "voxprivacy.services.subscriptions.add_subscription": lambda d, s: (
        s["agent"],
        (s["account"], "voicemail_to_email", {"mailbox": "j.mueller@example.de"}, "pin"),
        {},
    ),
    "voxprivacy.services.subscriptions.change_subscription": lambda d, s: (
        s["agent"],
        (_service(d, s), {"area": "Potsdam"}, "callback"),
        {},
    ),
    "voxprivacy.services.subscriptions.end_subscription": lambda d, s: (
        s["agent"],
        (_service(d, s), "callback"),
        {},
    ),
    "voxprivacy.services.cards.record_card": lambda d, s: (
        s["finance"],
        (s["account"], "tok_xyz789", "Mastercard", "5454", "12/30"),
        {},
    ),
    "voxprivacy.services.cards.replace_card": lambda d, s: (
        s["finance"],
        (_card(d, s), "tok_new456", "Visa", "1881", "01/2032"),
        {},
    ),
    "voxprivacy.services.cards.remove_card": lambda d, s: (s["finance"], (_card(d, s),), {}),
    "voxprivacy.services.consents.set_consent": lambda d, s: (
        s["agent"],
        (s["account"], "newsletter", False, "phone"),
        {"verified_by": "callback"},
    ),
    "voxprivacy.services.consents.import_unsubscribes": lambda d, s: (
        s["supervisor"],
        (_unsub_file(d, s),),
        {},
    ),
    "voxprivacy.services.staff.add_staff": lambda d, s: (
        d.admin,
        ("newbie", "agent", "newbie password"),
        {},
    ),
    "voxprivacy.services.staff.unlock_staff": lambda d, s: (d.admin, (s["agent"].username,), {}),
    "voxprivacy.services.staff.reset_second_factor": lambda d, s: (
        d.admin,
        (s["agent"].username,),
        {},
    ),
    "voxprivacy.services.staff.set_role": lambda d, s: (
        d.admin,
        (s["agent"].username, "supervisor"),
        {},
    ),
    "voxprivacy.services.staff.deactivate_staff": lambda d, s: (
        d.admin,
        (s["agent"].username,),
        {},
    ),
    "voxprivacy.services.staff.change_own_password": lambda d, s: (
        s["agent"],
        (s["agent"].password, "another password 2"),
        {},
    ),
    "voxprivacy.services.requests.open_request": lambda d, s: (
        s["agent"],
        (s["account"], "access", "callback"),
        {},
    ),
    "voxprivacy.services.requests.approve_erasure": lambda d, s: (
        s["supervisor"],
        (s["erasure"],),
        {},
    ),
    "voxprivacy.services.requests.deny_request": lambda d, s: (
        s["supervisor"],
        (s["erasure"], "customer has an open dispute"),
        {},
    ),
    "voxprivacy.services.requests.extend_request": lambda d, s: (
        s["agent"],
        (s["access"], 14, "archive lookup needed"),
        {},
    ),
    "voxprivacy.services.requests.cancel_request": lambda d, s: (
        s["agent"],
        (s["access"], "customer withdrew it"),
        {},
    ),
    "voxprivacy.services.requests.set_deadline_days": lambda d, s: (d.admin, (20,), {}),
    "voxprivacy.services.requests.lift_restriction": lambda d, s: (
        s["agent"],
        (_restriction(d, s), "the contested address was confirmed"),
        {},
    ),
    "voxprivacy.services.retention.set_retention": lambda d, s: (
        d.admin,
        ("interactions", 365),
        {},
    ),
    "voxprivacy.services.retention.run_retention": lambda d, s: (d.admin, (), {}),
    "voxprivacy.services.requests.complete_access": lambda d, s: (
        s["agent"],
        (s["access"], s["out"]),
        {},
    ),
    "voxprivacy.services.requests.release_billing": lambda d, s: (
        s["finance"],
        (s["access"], s["out"]),
        {},
    ),
    "voxprivacy.services.requests.rectify": lambda d, s: (
        s["agent"],
        (s["rectification"], {"name": "Jürgen Meyer"}),
        {},
    ),
    "voxprivacy.services.requests.complete_erasure": lambda d, s: (
        s["agent"],
        (s["approved_erasure"],),
        {},
    ),
    "voxprivacy.services.requests.record_disclosure": lambda d, s: (
        s["agent"],
        (s["account"], "Debt collector Ltd", "name, address"),
        {},
    ),
    "voxprivacy.services.installation.export_master_key": lambda d, s: (d.admin, (), {}),
    "voxprivacy.services.backup.create_backup": lambda d, s: (
        d.admin,
        (str(s["out"] / "new.voxbackup"),),
        {},
    ),
    "voxprivacy.services.backup.restore_backup": lambda d, s: (d.admin, (_backup(d, s),), {}),
    "voxprivacy.services.conflicts.resolve_conflict": lambda d, s: (
        s["supervisor"],
        (s["conflict"],),
        {"keep": "branch"},
    ),
    "voxprivacy.services.sessions.revoke_session": lambda d, s: (
        s["supervisor"],
        (s["session"],),
        {},
    ),
}


def _restriction(desk: Desk, scene: dict[str, Any]) -> str:
    """A restriction of the newsletter, in force."""
    desk.step_up(scene["agent"])
    return requests.open_request(
        desk.ctx,
        scene["agent"].actor,
        scene["account"],
        "restriction",
        "callback",
        purposes=["newsletter"],
    ).reference


def _backup(desk: Desk, scene: dict[str, Any]) -> str:
    """A backup of the scene's database, made by its admin."""
    from voxprivacy.services import backup

    file = scene["out"] / "made.voxbackup"
    if not file.exists():
        desk.step_up(desk.admin)
        backup.create_backup(desk.ctx, desk.admin.actor, str(file))
    return str(file)


def _conflict(desk: Desk, customer_id: str) -> str:
    """A name two places changed differently, as synchronisation queues it."""
    row = SyncConflict(
        op_id=uuid7(),
        origin="north",
        kind="field",
        tbl="customers",
        row_id=customer_id,
        field="name",
        customer_id=uuid.UUID(customer_id),
        central_value=json.dumps("Jürgen Müller"),
        branch_value=json.dumps("Jürgen Mueller"),
        created_at=desk.clock.now,
    )
    with desk.ctx.db.write() as session:
        session.add(row)
    return str(row.id)


def _writes() -> list[str]:
    return sorted(name for name, info in REGISTRY.items() if info.kind == "write")


@pytest.fixture
def scene(sdesk: Desk, tmp_path: Path) -> dict[str, Any]:
    agent = sdesk.member(Role.AGENT, "agent1")
    supervisor = sdesk.member(Role.SUPERVISOR, "super1")
    other = sdesk.member(Role.SUPERVISOR, "super2")
    finance = sdesk.member(Role.FINANCE, "fin1")
    customer = sdesk.customer(agent)
    leaving = sdesk.customer(agent, "Erika Gehtweg", email="erika@example.de")
    ctx, acct = sdesk.ctx, customer.account_number
    consents.set_consent(
        ctx, agent.actor, acct, "newsletter", True, "phone", verified_by="callback"
    )
    consents.set_consent(
        ctx, agent.actor, acct, "third_party_disclosure", True, "letter", verified_by="callback"
    )

    def open_(ref: str, kind: str) -> str:
        return requests.open_request(ctx, agent.actor, ref, kind, "callback").reference

    approved = open_(leaving.account_number, "erasure")
    requests.approve_erasure(ctx, other.actor, approved)
    sessions.start_session(ctx, agent.actor, source="192.0.2.7", label="desk on host 7")
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
        "conflict": _conflict(sdesk, customer.id),
        "session": agent.actor.session_id,
    }


def test_every_write_has_an_example() -> None:
    assert [name for name in _writes() if name not in WRITE_EXAMPLES] == []


@pytest.mark.parametrize("name", _writes())
def test_write_refused_without_step_up_and_writes_nothing(
    sdesk: Desk, scene: dict[str, Any], name: str
) -> None:
    member, args, kwargs = WRITE_EXAMPLES[name](sdesk, scene)
    member.actor.end_step_up()
    before = snapshot(sdesk.ctx)
    with pytest.raises(StepUpRequired):
        REGISTRY[name].function(sdesk.ctx, member.actor, *args, **kwargs)
    assert snapshot(sdesk.ctx) == before


@pytest.mark.parametrize("name", _writes())
def test_write_refused_after_step_up_expired(sdesk: Desk, scene: dict[str, Any], name: str) -> None:
    member, args, kwargs = WRITE_EXAMPLES[name](sdesk, scene)
    sdesk.step_up(member)
    sdesk.clock.advance(minutes=5, seconds=1)
    before = snapshot(sdesk.ctx)
    with pytest.raises(StepUpRequired):
        REGISTRY[name].function(sdesk.ctx, member.actor, *args, **kwargs)
    assert snapshot(sdesk.ctx) == before


@pytest.mark.parametrize("name", _writes())
def test_write_with_fresh_step_up_changes_the_database(
    sdesk: Desk, scene: dict[str, Any], name: str
) -> None:
    member, args, kwargs = WRITE_EXAMPLES[name](sdesk, scene)
    sdesk.step_up(member)
    before = snapshot(sdesk.ctx)
    REGISTRY[name].function(sdesk.ctx, member.actor, *args, **kwargs)
    assert snapshot(sdesk.ctx) != before


def test_step_up_lasts_five_minutes_from_the_check_not_from_activity(
    sdesk: Desk, scene: dict[str, Any]
) -> None:
    from voxprivacy.services import customers

    agent = scene["agent"]
    sdesk.step_up(agent)
    sdesk.clock.advance(minutes=4)
    customers.record_interaction(sdesk.ctx, agent.actor, scene["account"], "phone", "first")
    sdesk.clock.advance(minutes=1)
    with pytest.raises(StepUpRequired):
        customers.record_interaction(sdesk.ctx, agent.actor, scene["account"], "phone", "late")
    assert agent.actor.step_up_left(sdesk.clock.now) == timedelta(0)


def test_fresh_operations_ask_again_after_ninety_seconds(
    sdesk: Desk, scene: dict[str, Any]
) -> None:
    from voxprivacy.services import staff

    sdesk.step_up(sdesk.admin)
    sdesk.clock.advance(seconds=91)
    with pytest.raises(StepUpRequired, match="fresh code"):
        staff.reset_second_factor(sdesk.ctx, sdesk.admin.actor, scene["agent"].username)
    auth.step_up(sdesk.ctx, sdesk.admin.actor, sdesk.code(sdesk.admin))
    staff.reset_second_factor(sdesk.ctx, sdesk.admin.actor, scene["agent"].username)
