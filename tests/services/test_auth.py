"""Signing in and the second factor: replay, drift, throttling, locking, recovery codes."""

from __future__ import annotations

import threading

import pyotp
import pytest
from sqlalchemy import select
from support.desk import Clock, Desk

from voxprivacy.domain.enums import Role
from voxprivacy.errors import AuthenticationFailed, BadInput, RoleForbidden
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, auth, staff
from voxprivacy.services.context import Context
from voxprivacy.storage.database import open_database
from voxprivacy.storage.models import AuditEvent, Staff


def test_sign_in_with_wrong_password_is_refused_and_audited(sdesk: Desk) -> None:
    with pytest.raises(AuthenticationFailed, match="the password is wrong"):
        auth.sign_in(sdesk.ctx, "admin", "not the password")
    with pytest.raises(AuthenticationFailed, match="the user name or the password is wrong"):
        auth.sign_in(sdesk.ctx, "nobody", "whatever it is")
    events = audit.list_events(sdesk.ctx, sdesk.admin.actor, action="auth.sign_in")
    assert [e.outcome for e in events[:2]] == ["failed", "failed"]
    assert {e.username for e in events[:2]} == {"admin", None}


def _refusal(ctx: Context, username: str, password: str) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        auth.sign_in(ctx, username, password)
    return str(refused.value)


def test_sign_in_says_the_same_for_unknown_names_in_every_state(sdesk: Desk, clock: Clock) -> None:
    """A wrong password, a wait and a lock answer as an unknown name does."""
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    unknown = _refusal(sdesk.ctx, "nobody", "wrong password!")
    assert unknown == auth.SIGN_IN_FAILED
    assert _refusal(sdesk.ctx, "anna", "wrong password!") == unknown
    for _ in range(3):
        _refusal(sdesk.ctx, "anna", "wrong password!")
    # anna must now wait: the answer names neither the wait nor the account
    waiting = _refusal(sdesk.ctx, "anna", "wrong password!")
    waiting_right = _refusal(sdesk.ctx, "anna", member.password)
    assert waiting == waiting_right == _refusal(sdesk.ctx, "nobody", "wrong password!")
    for _ in range(10):
        clock.advance(seconds=301)
        _refusal(sdesk.ctx, "anna", "wrong password!")
    with sdesk.ctx.db.read() as session:
        assert session.execute(select(Staff.locked).where(Staff.username == "anna")).scalar()
    locked = _refusal(sdesk.ctx, "anna", member.password)
    assert locked == _refusal(sdesk.ctx, "nobody", member.password) == unknown
    assert "anna" not in locked


def test_a_failed_sign_in_does_the_same_work_for_a_known_and_an_unknown_name(
    sdesk: Desk, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One password verification and one audit append, whoever the name belongs to."""
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    sdesk.member(Role.AGENT, "bert", stepped_up=False)
    verified: list[str] = []
    real_verify = auth.passwords.verify_password

    def counting(stored: str, password: str) -> bool:
        verified.append(stored)
        return real_verify(stored, password)

    monkeypatch.setattr(auth.passwords, "verify_password", counting)
    for _ in range(3):
        _refusal(sdesk.ctx, "anna", "wrong password!")
    work = {}
    for label, name, password in [
        ("unknown", "nobody", "wrong password!"),
        ("waiting", "anna", member.password),
        ("wrong", "bert", member.password),
    ]:
        verified.clear()
        before = audit.chain_head(sdesk.ctx, sdesk.admin.actor)[0]
        _refusal(sdesk.ctx, name, password)
        after = audit.chain_head(sdesk.ctx, sdesk.admin.actor)[0]
        work[label] = (len(verified), after - before)
    assert set(work.values()) == {(1, 1)}, work


def test_code_is_accepted_once_and_refused_the_second_time(desk: Desk) -> None:
    member = desk.member(Role.AGENT, "anna", stepped_up=False)
    desk.clock.advance(seconds=30)
    code = desk.code(member)
    auth.step_up(desk.ctx, member.actor, code)
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(desk.ctx, member.actor, code)


def test_an_older_code_is_refused_after_a_newer_one(sdesk: Desk) -> None:
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    totp = pyotp.TOTP(member.secret)
    older = totp.at(sdesk.clock.now)
    newer = totp.at(sdesk.clock.now.timestamp() + 30)
    auth.step_up(sdesk.ctx, member.actor, newer)
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(sdesk.ctx, member.actor, older)


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-30, True), (30, True), (-60, False), (60, False)]
)
def test_clock_drift_of_one_step_is_accepted_two_are_not(
    sdesk: Desk, offset: int, accepted: bool
) -> None:
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    sdesk.clock.advance(seconds=120)
    code = pyotp.TOTP(member.secret).at(sdesk.clock.now.timestamp() + offset)
    if accepted:
        auth.step_up(sdesk.ctx, member.actor, code)
        assert member.actor.checked_at == sdesk.clock.now
    else:
        with pytest.raises(AuthenticationFailed, match="not valid now"):
            auth.step_up(sdesk.ctx, member.actor, code)


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "12345", "1234567", "12a456", ""])
def test_malformed_codes_are_refused_with_a_clear_message(sdesk: Desk, code: str) -> None:
    with pytest.raises(BadInput, match="six digits"):
        auth.step_up(sdesk.ctx, sdesk.admin.actor, code)


def test_delay_grows_after_three_failures_and_the_account_locks_after_ten(
    sdesk: Desk, clock: Clock
) -> None:
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed, match=auth.SIGN_IN_FAILED):
            auth.sign_in(sdesk.ctx, "anna", "wrong password!")
    # the right password while the account waits: refused, not counted
    with pytest.raises(AuthenticationFailed, match=auth.SIGN_IN_FAILED):
        auth.sign_in(sdesk.ctx, "anna", member.password)
    for _ in range(7):
        clock.advance(seconds=301)
        with pytest.raises(AuthenticationFailed, match=auth.SIGN_IN_FAILED):
            auth.sign_in(sdesk.ctx, "anna", "wrong password!")
    clock.advance(seconds=3600)
    # a restart (a new context on the same database) does not forget the lock
    restarted = Context(
        open_database(sdesk.ctx.db.target, SecretStore()), SecretStore(), clock=clock
    )
    with pytest.raises(AuthenticationFailed, match=auth.SIGN_IN_FAILED):
        auth.sign_in(restarted, "anna", member.password)
    supervisor = sdesk.member(Role.SUPERVISOR, "sam")
    staff.unlock_staff(sdesk.ctx, supervisor.actor, "anna")
    assert auth.sign_in(restarted, "anna", member.password).username == "anna"
    failures = audit.list_events(sdesk.ctx, supervisor.actor, username="anna")
    details = [e.detail for e in reversed(failures) if e.outcome == "failed"]
    assert details == [
        *["wrong password"] * 3,
        "refused: account waiting (1 s left)",
        *["wrong password"] * 7,
        "refused: account locked",
    ]


def test_signing_in_again_does_not_forgive_wrong_codes(sdesk: Desk, clock: Clock) -> None:
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    for _ in range(9):
        clock.advance(seconds=301)
        with pytest.raises(AuthenticationFailed, match="not valid now"):
            auth.step_up(sdesk.ctx, member.actor, "000000")
    clock.advance(seconds=301)
    again = auth.sign_in(sdesk.ctx, "anna", member.password)
    with pytest.raises(AuthenticationFailed, match="not valid now"):
        auth.step_up(sdesk.ctx, again, "000000")
    clock.advance(seconds=3600)
    with pytest.raises(AuthenticationFailed, match=auth.SIGN_IN_FAILED):
        auth.sign_in(sdesk.ctx, "anna", member.password)
    with pytest.raises(AuthenticationFailed, match=r"^Your account is locked") as locked:
        auth.step_up(sdesk.ctx, again, "000000")
    assert "anna" not in str(locked.value)


def test_a_right_code_forgives_earlier_wrong_codes(sdesk: Desk, clock: Clock) -> None:
    member = sdesk.member(Role.AGENT, "anna", stepped_up=False)
    for _ in range(9):
        clock.advance(seconds=301)
        with pytest.raises(AuthenticationFailed):
            auth.step_up(sdesk.ctx, member.actor, "000000")
    clock.advance(seconds=301)
    sdesk.step_up(member)
    for _ in range(9):
        clock.advance(seconds=301)
        with pytest.raises(AuthenticationFailed, match="not valid now"):
            auth.step_up(sdesk.ctx, member.actor, "000000")
    clock.advance(seconds=301)
    assert auth.sign_in(sdesk.ctx, "anna", member.password).username == "anna"


def test_an_unknown_user_name_is_not_kept(sdesk: Desk) -> None:
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(sdesk.ctx, "Correct-Horse-Battery-9", "whatever")
    events = audit.list_events(sdesk.ctx, sdesk.admin.actor, action="auth.sign_in")
    assert events[0].outcome == "failed" and events[0].username is None


def test_recovery_code_works_once(sdesk: Desk) -> None:
    sdesk.step_up(sdesk.admin)
    enrollment = staff.add_staff(sdesk.ctx, sdesk.admin.actor, "rita", "agent", "rita password 1")
    rita = auth.sign_in(sdesk.ctx, "rita", "rita password 1")
    code = enrollment.recovery_codes[0]
    auth.step_up(sdesk.ctx, rita, code.upper())
    assert rita.checked_at == sdesk.clock.now
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(sdesk.ctx, rita, code)
    with sdesk.ctx.db.read() as session:
        hashes = session.execute(select(Staff)).scalars().all()
    assert all(code not in repr(vars(h)) for h in hashes)


def test_agent_cannot_manage_staff_and_the_refusal_is_audited(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    with pytest.raises(RoleForbidden):
        staff.add_staff(sdesk.ctx, agent.actor, "mallory", "admin", "mallory password")
    with sdesk.ctx.db.read() as session:
        last = session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc())).scalars().first()
        assert session.execute(select(Staff).where(Staff.username == "mallory")).first() is None
    assert last is not None and (last.action, last.outcome) == ("add_staff", "refused")


def test_a_role_change_takes_effect_at_once(sdesk: Desk) -> None:
    supervisor = sdesk.member(Role.SUPERVISOR, "sam")
    sdesk.step_up(sdesk.admin)
    staff.set_role(sdesk.ctx, sdesk.admin.actor, "sam", "agent")
    with pytest.raises(RoleForbidden):
        staff.unlock_staff(sdesk.ctx, supervisor.actor, "admin")


def test_admins_cannot_demote_or_deactivate_themselves(sdesk: Desk) -> None:
    from voxprivacy.errors import Refused

    with pytest.raises(Refused, match="own role"):
        staff.set_role(sdesk.ctx, sdesk.admin.actor, "admin", "agent")
    with pytest.raises(Refused, match="own account"):
        staff.deactivate_staff(sdesk.ctx, sdesk.admin.actor, "admin")


def test_a_deactivated_member_is_stopped_at_once(sdesk: Desk) -> None:
    agent = sdesk.member(Role.AGENT, "anna")
    sdesk.step_up(sdesk.admin)
    staff.deactivate_staff(sdesk.ctx, sdesk.admin.actor, "anna")
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        sdesk.customer(agent)
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(sdesk.ctx, "anna", agent.password)


def test_same_code_from_two_workstations_at_once_is_accepted_once(desk: Desk) -> None:
    member = desk.member(Role.AGENT, "anna", stepped_up=False)
    desk.clock.advance(seconds=30)
    code = desk.code(member)
    contexts = [
        Context(open_database(desk.ctx.db.target, SecretStore()), SecretStore(), clock=desk.clock)
        for _ in range(2)
    ]
    actors = [auth.sign_in(c, "anna", member.password) for c in contexts]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            auth.step_up(contexts[i], actors[i], code)
            outcomes.append("ok")
        except AuthenticationFailed:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    for c in contexts:
        c.db.dispose()
