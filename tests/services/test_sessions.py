"""Server sessions as rows: token hashes, idle and absolute lifetimes, step-ups, revocation.

Run at the service level with the controllable clock (the server process's own
tests are in tests/server)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from support.desk import Desk, Member

from voxprivacy.domain.enums import Role
from voxprivacy.errors import AuthenticationFailed, BadInput, NotFound, Refused, RoleForbidden
from voxprivacy.services import audit, customers, guard, sessions
from voxprivacy.storage.models import Staff, StaffSession


def _start(desk: Desk, member: Member) -> str:
    return sessions.start_session(desk.ctx, member.actor, source="192.0.2.7", label="desk on pc7")


def _row(desk: Desk, token: str) -> StaffSession:
    with desk.ctx.db.read() as session:
        return session.execute(
            select(StaffSession).where(
                StaffSession.token_hash == hashlib.sha256(token.encode()).digest()
            )
        ).scalar_one()


def test_the_token_is_stored_only_as_its_hash(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    assert len(token) >= 43
    row = _row(sdesk, token)
    assert (row.source, row.client_label, row.checked_at) == ("192.0.2.7", "desk on pc7", None)
    with sdesk.ctx.db.read() as session:
        stored = list(session.execute(select(StaffSession.__table__)).all())
    assert token not in repr(stored) and token.encode() not in repr(stored).encode()
    actor = sessions.resolve(sdesk.ctx, token)
    assert (actor.username, actor.role, actor.checked_at) == ("anna", Role.AGENT, None)


def test_a_step_up_is_recorded_on_the_session_and_read_back(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    actor = sessions.resolve(sdesk.ctx, token)
    assert actor.session_id is not None
    sessions.record_step_up(sdesk.ctx, actor.session_id, sdesk.clock.now)
    assert sessions.resolve(sdesk.ctx, token).checked_at == sdesk.clock.now


def test_an_idle_session_expires_and_says_so(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    sdesk.clock.advance(minutes=29)
    sessions.resolve(sdesk.ctx, token)  # used: the idle time starts again
    sdesk.clock.advance(minutes=29)
    sessions.resolve(sdesk.ctx, token)
    sdesk.clock.advance(minutes=30, seconds=1)
    with pytest.raises(AuthenticationFailed, match="expired"):
        sessions.resolve(sdesk.ctx, token)
    assert _row(sdesk, token).end_reason == "expired"
    events = audit.list_events(sdesk.ctx, sdesk.admin.actor, action="session.expire")
    assert [e.username for e in events] == ["anna"]
    with pytest.raises(AuthenticationFailed, match="expired"):
        sessions.resolve(sdesk.ctx, token)


def test_last_seen_is_written_at_most_every_thirty_seconds(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    started = _row(sdesk, token).last_seen_at
    sdesk.clock.advance(seconds=20)
    sessions.resolve(sdesk.ctx, token)
    assert _row(sdesk, token).last_seen_at == started
    sdesk.clock.advance(seconds=15)
    sessions.resolve(sdesk.ctx, token)
    assert _row(sdesk, token).last_seen_at == sdesk.clock.now


def test_a_busy_session_still_ends_after_the_absolute_lifetime(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    for _ in range(int(sessions.ABSOLUTE_LIFETIME / timedelta(minutes=20))):
        sdesk.clock.advance(minutes=20)
        sessions.resolve(sdesk.ctx, token)
    sdesk.clock.advance(minutes=1)
    with pytest.raises(AuthenticationFailed, match="expired"):
        sessions.resolve(sdesk.ctx, token)


def test_unknown_and_ended_sessions_are_refused_with_the_reason(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    with pytest.raises(AuthenticationFailed, match="does not know this session"):
        sessions.resolve(sdesk.ctx, "made-up-token")
    token = _start(sdesk, agent)
    actor = sessions.resolve(sdesk.ctx, token)
    assert actor.session_id is not None
    sessions.end_session(sdesk.ctx, actor.session_id, sessions.SIGNED_OUT)
    with pytest.raises(AuthenticationFailed, match="you signed out"):
        sessions.resolve(sdesk.ctx, token)
    locked = _start(sdesk, agent)
    locked_id = sessions.resolve(sdesk.ctx, locked).session_id
    assert locked_id is not None
    sessions.end_session(sdesk.ctx, locked_id, sessions.LOCKED)
    with pytest.raises(AuthenticationFailed, match="unlock it with your password"):
        sessions.resolve(sdesk.ctx, locked)
    assert sessions.resolve(sdesk.ctx, locked, allow_locked=True).checked_at is None


def test_a_supervisor_lists_and_revokes_a_session(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    supervisor = sdesk.member(Role.SUPERVISOR, "sven")
    token = _start(sdesk, agent)
    listed = sessions.list_sessions(sdesk.ctx, supervisor.actor, username="anna")
    assert [(s.username, s.source, s.client_label) for s in listed] == [
        ("anna", "192.0.2.7", "desk on pc7")
    ]
    revoked = sessions.revoke_session(sdesk.ctx, supervisor.actor, listed[0].id)
    assert revoked.end_reason == "revoked by sven"
    with pytest.raises(AuthenticationFailed, match="revoked by sven"):
        sessions.resolve(sdesk.ctx, token)
    assert sessions.list_sessions(sdesk.ctx, supervisor.actor, username="anna") == []
    ended = sessions.list_sessions(sdesk.ctx, supervisor.actor, include_ended=True)
    assert [s.end_reason for s in ended] == ["revoked by sven"]
    with pytest.raises(Refused, match="already ended"):
        sessions.revoke_session(sdesk.ctx, supervisor.actor, listed[0].id)
    with pytest.raises(NotFound):
        sessions.revoke_session(sdesk.ctx, supervisor.actor, sdesk.admin.actor.staff_id)
    events = audit.list_events(sdesk.ctx, sdesk.admin.actor, action="session.revoke")
    assert [(e.username, e.outcome) for e in events] == [("sven", "ok")]


def test_an_agent_may_not_see_or_revoke_sessions(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    other = sdesk.member(Role.AGENT, "otto")
    _start(sdesk, other)
    with pytest.raises(RoleForbidden):
        sessions.list_sessions(sdesk.ctx, agent.actor)
    listed = sessions.list_sessions(sdesk.ctx, sdesk.admin.actor)
    with pytest.raises(RoleForbidden):
        sessions.revoke_session(sdesk.ctx, agent.actor, listed[0].id)


def test_a_client_label_is_checked(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = sessions.start_session(sdesk.ctx, agent.actor, source="192.0.2.7", label=None)
    assert _row(sdesk, token).client_label == "unnamed client"
    with pytest.raises(BadInput):
        sessions.start_session(sdesk.ctx, agent.actor, source="x", label="x" * 201)
    with pytest.raises(BadInput):
        sessions.start_session(sdesk.ctx, agent.actor, source="x", label="desk\u202egnp.exe")


def _set_staff(desk: Desk, member: Member, **values: object) -> None:
    with desk.ctx.db.write() as session:
        session.execute(update(Staff).where(Staff.id == member.actor.staff_id).values(**values))


def test_the_first_gate_uses_the_session_lookups_read_of_the_staff_row_once(
    sdesk: Desk,
) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    actor = sessions.resolve(sdesk.ctx, token)
    assert actor.staff_read is not None and actor.staff_read.locked is False
    _set_staff(sdesk, agent, locked=True)
    # the request's first service: as fresh as if the lock had come a moment later
    assert customers.search_customers(sdesk.ctx, actor, "nobody") == []
    assert actor.staff_read is None  # used up
    with pytest.raises(AuthenticationFailed, match="locked"):  # the next gate reads again
        customers.search_customers(sdesk.ctx, actor, "nobody")
    with pytest.raises(AuthenticationFailed, match="locked"):  # a new request reads it so
        customers.search_customers(sdesk.ctx, sessions.resolve(sdesk.ctx, token), "nobody")


def test_a_stale_read_of_the_staff_row_is_not_used(
    sdesk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    token = _start(sdesk, agent)
    actor = sessions.resolve(sdesk.ctx, token)
    _set_staff(sdesk, agent, role=str(Role.FINANCE))
    monkeypatch.setattr(guard, "STAFF_READ_FRESH", 0.0)  # the request waited in a queue
    customers.search_customers(sdesk.ctx, actor, "nobody")
    assert actor.role is Role.FINANCE  # read again: the new role applies at once
    _set_staff(sdesk, agent, active=False)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        sessions.resolve(sdesk.ctx, token)
