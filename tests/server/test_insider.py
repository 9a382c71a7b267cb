"""The insider: everything a head-office workstation holds after a day's work, and a
modified client that sends raw HTTP with it. Every attempt fails with the right error,
and the audit chain still verifies on the server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import select
from support.desk import Desk, Member
from support.memory_keyring import MemoryKeyring

from voxprivacy.api.codec import remote_services
from voxprivacy.client.remote import RemoteContext
from voxprivacy.domain.enums import Role
from voxprivacy.errors import ConfigurationError
from voxprivacy.services import audit, auth, customers, installation, requests
from voxprivacy.services.context import Context
from voxprivacy.storage.models import StaffSession

CARD_TOKEN = "tok_live_4242_Zx9QpL7mW3"


def post(
    raw: httpx.Client,
    name: str,
    args: dict[str, Any] | None = None,
    token: str | None = None,
    *,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    payload = body if body is not None else {"args": args or {}}
    return raw.post(f"/api/v1/services/{name}", json=payload, headers=sent)


def error(response: httpx.Response) -> dict[str, Any]:
    found: dict[str, Any] = response.json()["error"]
    return found


@pytest.fixture
def day(desk: Desk) -> Iterator[dict[str, Any]]:
    """A day's work at the head office, done through the server."""
    agent = desk.member(Role.AGENT, "agent")
    supervisor = desk.member(Role.SUPERVISOR, "super")
    finance = desk.member(Role.FINANCE, "fin")
    view = desk.customer(agent)
    desk.card_and_invoice(view.id, CARD_TOKEN, "INV-1")
    ctx = desk.ctx
    customers.search_customers(ctx, agent.actor, "Müller")
    shown = customers.show_customer(ctx, agent.actor, view.account_number)
    desk.step_up(agent)
    customers.edit_customer(
        ctx,
        agent.actor,
        view.id,
        {"name": "Jürgen Meier"},
        expected_version=shown.version,
        verified_by="callback",
    )
    erasure = requests.open_request(ctx, agent.actor, view.account_number, "erasure", "callback")
    access = requests.open_request(ctx, agent.actor, view.account_number, "access", "callback")
    yield {
        "agent": agent,
        "supervisor": supervisor,
        "finance": finance,
        "account": view.account_number,
        "customer": view.id,
        "erasure": erasure.reference,
        "access": access.reference,
    }
    # whatever was tried, the trail is whole
    report = audit.verify_chain(desk.direct, desk.admin.actor)
    assert report.ok, report.problem


def name_of(hub: Context, customer_id: str, admin: Member) -> str:
    return customers.show_customer(hub, admin.actor, customer_id).name


def test_the_workstation_holds_only_a_token_in_memory(
    desk: Desk, day: dict[str, Any], workstation: RemoteContext, memory_keyring: MemoryKeyring
) -> None:
    assert memory_keyring.entries == {}  # no database password, no master key
    assert workstation.secrets.get("master:anything") is None
    with pytest.raises(ConfigurationError, match="no database of its own"):
        workstation.db.read()
    with pytest.raises(ConfigurationError, match="stay on the head office server"):
        workstation.keys()
    agent: Member = day["agent"]
    assert agent.actor.token and agent.actor.token not in repr(agent.actor)


def test_a_write_without_a_code_is_refused(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    eve = desk.member(Role.AGENT, "eve", stepped_up=False)
    answer = post(
        raw,
        "customers.edit.edit_customer",
        {"ref": day["account"], "changes": {"name": "Eve Was Here"}, "verified_by": "callback"},
        eve.actor.token,
    )
    assert answer.status_code == 403
    assert error(answer)["kind"] == "step_up_required"
    assert "second factor" in error(answer)["message"]
    assert name_of(desk.direct, day["customer"], desk.admin) == "Jürgen Meier"


def test_a_step_up_cannot_be_claimed_by_anything_the_client_sends(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    eve = desk.member(Role.AGENT, "eve", stepped_up=False)
    now = datetime.now(UTC).isoformat()
    changes = {
        "ref": day["account"],
        "changes": {"name": "Eve Was Here"},
        "verified_by": "callback",
    }
    token = eve.actor.token
    in_body = post(
        raw, "customers.edit.edit_customer", token=token, body={"args": changes, "checked_at": now}
    )
    assert (in_body.status_code, error(in_body)["field"]) == (400, "checked_at")
    in_args = post(raw, "customers.edit.edit_customer", {**changes, "checked_at": now}, token)
    assert (in_args.status_code, error(in_args)["field"]) == (400, "checked_at")
    as_actor = post(
        raw,
        "customers.edit.edit_customer",
        {**changes, "actor": {"username": "eve", "checked_at": now}},
        token,
    )
    assert (as_actor.status_code, error(as_actor)["kind"]) == (400, "bad_input")
    forged = post(
        raw,
        "customers.edit.edit_customer",
        changes,
        token,
        headers={"X-Checked-At": now, "Voxprivacy-Step-Up": "ok", "X-Step-Up-Until": now},
    )
    assert (forged.status_code, error(forged)["kind"]) == (403, "step_up_required")
    with desk.direct.db.read() as session:
        checked = session.execute(
            select(StaffSession.checked_at).where(StaffSession.staff_id == eve.actor.staff_id)
        ).scalar_one()
    assert checked is None
    assert name_of(desk.direct, day["customer"], desk.admin) == "Jürgen Meier"


def test_another_members_code_or_a_replayed_code_is_refused(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    eve = desk.member(Role.AGENT, "eve", stepped_up=False)
    supervisor: Member = day["supervisor"]
    desk.clock.advance(seconds=30)
    theirs = post(raw, "auth.step_up", {"code": desk.code(supervisor)}, eve.actor.token)
    assert (theirs.status_code, error(theirs)["kind"]) == (401, "authentication_failed")
    own = desk.code(eve)
    assert post(raw, "auth.step_up", {"code": own}, eve.actor.token).status_code == 200
    # the same code again, on a second session of the same member (another workstation)
    second = auth.sign_in(desk.ctx, eve.username, eve.password)
    replay = post(raw, "auth.step_up", {"code": own}, second.token)
    assert replay.status_code == 401
    assert "already used" in error(replay)["message"]
    write = post(
        raw,
        "customers.edit.edit_customer",
        {"ref": day["account"], "changes": {"name": "Eve Was Here"}, "verified_by": "callback"},
        second.token,
    )
    assert error(write)["kind"] == "step_up_required"
    # a recovery code that is not hers, and a TOTP code minted from a guessed secret
    guessed = pyotp.TOTP(pyotp.random_base32()).at(desk.clock.now)
    for code in ("ABCDE-FGHJK", guessed):
        answer = post(raw, "auth.step_up", {"code": code}, second.token)
        assert answer.status_code == 401
    assert name_of(desk.direct, day["customer"], desk.admin) == "Jürgen Meier"


def test_no_request_acts_for_another_member(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    agent: Member = day["agent"]
    supervisor: Member = day["supervisor"]
    desk.step_up(agent)
    as_supervisor = post(
        raw,
        "requests.approve_erasure",
        {"ref": day["erasure"], "staff_id": str(supervisor.actor.staff_id)},
        agent.actor.token,
    )
    assert (as_supervisor.status_code, error(as_supervisor)["field"]) == (400, "staff_id")
    approve = post(raw, "requests.approve_erasure", {"ref": day["erasure"]}, agent.actor.token)
    assert (approve.status_code, error(approve)["kind"]) == (403, "role_forbidden")
    for token in ("", "not-a-token", "x" * 43, str(supervisor.actor.staff_id)):
        answer = post(raw, "requests.approve_erasure", {"ref": day["erasure"]}, token)
        assert (answer.status_code, error(answer)["kind"]) == (401, "authentication_failed")
    assert requests.show_request(desk.direct, supervisor.actor, day["erasure"]).status != (
        "approved"
    )


def test_the_master_key_is_never_exported_through_the_server(
    desk: Desk, day: dict[str, Any], raw: httpx.Client, server: Any
) -> None:
    desk.step_up(desk.admin)
    answer = post(raw, "installation.export_master_key", {}, desk.admin.actor.token)
    assert (answer.status_code, error(answer)["kind"]) == (403, "refused")
    assert "never leaves the server host" in error(answer)["message"]
    assert server.master_key not in answer.text
    with pytest.raises(ConfigurationError, match="never leaves the server host"):
        installation.export_master_key(desk.ctx, desk.admin.actor)


def test_no_service_appends_or_alters_audit_events(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    admin = desk.admin
    desk.step_up(admin)
    before = audit.chain_head(desk.direct, admin.actor)
    event = {"action": "customer.view", "detail": "nothing happened here"}
    for name in (
        "audit.record",
        "audit.record_alone",
        "audit._append",
        "audit.append",
        "audit.rewrite",
        "storage.models.AuditEvent",
        "audit.verify_chain/../record",
        "../audit/record",
    ):
        answer = post(raw, name, event, admin.actor.token)
        assert answer.status_code == 404, name
        assert error(answer)["kind"] == "not_found"
    extra = post(raw, "audit.verify_chain", {"repair": True}, admin.actor.token)
    assert (extra.status_code, error(extra)["field"]) == (400, "repair")
    agent: Member = day["agent"]
    reading = post(raw, "audit.list_events", {}, agent.actor.token)
    assert (reading.status_code, error(reading)["kind"]) == (403, "role_forbidden")
    after = audit.chain_head(desk.direct, admin.actor)
    # only the agent's refused read was added, by the server
    assert after[0] == before[0] + 1
    newest = audit.list_events(desk.direct, admin.actor, limit=1)[0]
    assert (newest.username, newest.outcome) == ("agent", "refused")


# Every read a workstation can call, with arguments for the day's scene.
READS: dict[str, Any] = {
    "audiences.export_audience": lambda d: {"purpose": "newsletter"},
    "audit.chain_head": lambda d: {},
    "audit.list_events": lambda d: {"limit": 500},
    "audit.verify_chain": lambda d: {},
    "conflicts.list_conflicts": lambda d: {"include_resolved": True},
    "consents.preview_unsubscribes": lambda d: {"lines": ["nobody@example.org"]},
    "customers.duplicates.find_duplicates": lambda d: {"name": "Meier", "emails": []},
    "customers.edit.edit_impact": lambda d: {"ref": d["account"], "changes": {"note": "x"}},
    "customers.lifecycle.termination_impact": lambda d: {"ref": d["account"]},
    "customers.search.search_customers": lambda d: {"text": "Meier"},
    "customers.show.list_interactions": lambda d: {"ref": d["account"]},
    "customers.show.show_customer": lambda d: {"ref": d["account"]},
    "requests.erasure_impact": lambda d: {"ref": d["account"]},
    "requests.list_disclosures": lambda d: {"ref": d["account"]},
    "requests.list_requests": lambda d: {},
    "requests.show_request": lambda d: {"ref": d["access"]},
    "reports.audit_export": lambda d: {},
    "reports.consent_ledger": lambda d: {},
    "reports.consent_statistics": lambda d: {},
    "reports.disclosure_register": lambda d: {},
    "reports.requests_per_month": lambda d: {},
    "reports.run": lambda d: {"name": "consent-ledger"},
    "retention.retention_due": lambda d: {},
    "retention.retention_schedule": lambda d: {},
    "sessions.list_sessions": lambda d: {"include_ended": True},
    "staff.list_staff": lambda d: {},
}


def test_every_read_is_tried_by_the_insider() -> None:
    reads = {name for name, info in remote_services().items() if info.kind == "read"}
    assert reads == set(READS)


def test_no_result_reveals_a_totp_secret_or_a_card_token(
    desk: Desk, day: dict[str, Any], raw: httpx.Client, server: Any
) -> None:
    members: list[Member] = [day["agent"], day["supervisor"], day["finance"], desk.admin]
    secrets = [m.secret for m in members] + [CARD_TOKEN, server.master_key]
    answered = 0
    for member in members:
        for name, args in READS.items():
            answer = post(raw, name, args(day), member.actor.token)
            assert answer.status_code in (200, 403), (name, answer.text)
            answered += answer.status_code == 200
            for secret in secrets:
                assert secret not in answer.text, (name, member.username)
    assert answered >= len(READS)  # each read answered for some role
    # and the card is really there: finance sees its last four digits only
    shown = customers.show_customer(desk.ctx, day["finance"].actor, day["account"])
    assert shown.cards and shown.cards[0].last4 == "4242"


def test_a_modified_client_cannot_run_retention_or_shorten_the_legal_period(
    desk: Desk, day: dict[str, Any], raw: httpx.Client
) -> None:
    """Raw calls with a supervisor's token, and with an admin's stale code: nothing runs,
    no period changes, and the law's floor holds even for an admin with a fresh code."""
    from voxprivacy.services import retention
    from voxprivacy.storage.models import RetentionRun, Setting

    supervisor: Member = day["supervisor"]
    for name, args in (
        ("retention.run_retention", {}),
        ("retention.set_retention", {"kind": "invoices", "days": 1}),
    ):
        answer = post(raw, name, args, supervisor.actor.token)
        assert (answer.status_code, error(answer)["kind"]) == (403, "role_forbidden")
    desk.clock.advance(seconds=120)  # the admin's last check is no longer fresh
    stale = post(raw, "retention.run_retention", {}, desk.admin.actor.token)
    assert (stale.status_code, error(stale)["kind"]) == (403, "step_up_required")
    assert "fresh code" in error(stale)["message"]
    desk.step_up(desk.admin)
    floor = post(
        raw,
        "retention.set_retention",
        {"kind": "invoices", "days": 365},
        desk.admin.actor.token,
    )
    assert (floor.status_code, error(floor)["field"]) == (400, "days")
    assert "at least 3653 days" in error(floor)["message"]
    scheduled = post(raw, "retention.run_scheduled", {}, desk.admin.actor.token)
    assert scheduled.status_code == 404  # not a service: nothing reaches it through the server
    with desk.direct.db.read() as session:
        assert session.execute(select(RetentionRun)).first() is None
        assert session.get(Setting, "retention.invoices") is None
    rules = retention.retention_schedule(desk.ctx, supervisor.actor)
    assert {r.kind: r.days for r in rules}["invoices"] == 3653
