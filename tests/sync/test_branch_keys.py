"""A member's secrets at a branch: opened by their password at sign-in, gone at sign-out.

Key pairs are born at head office; a branch signs with a key only its member's
password opens, steps up with the TOTP copy wrapped the same way, and cannot change
a password. Changes and resets at head office re-wrap what the branches hold.
"""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import update
from support.branches import Branch
from support.desk import Desk, Member

from voxprivacy.errors import Refused
from voxprivacy.services import auth, customers, staff
from voxprivacy.storage import changes
from voxprivacy.storage import models as m


def _public_key(desk_or_branch: Desk | Branch, member: Member) -> bytes | None:
    with desk_or_branch.ctx.db.read() as session:
        row = session.get(m.StaffKey, member.actor.staff_id)
        return None if row is None else bytes(row.public_key)


def test_signing_in_at_a_branch_opens_the_members_keys_and_signing_out_drops_them(
    central: Desk, agent: Member, north: Branch
) -> None:
    view = central.customer(agent)
    north.sync()
    actor = north.sign_in(agent)
    assert actor.keys is not None and actor.keys.totp_secret == agent.secret
    assert "signing_key" not in repr(actor)
    customers.edit_customer(north.ctx, actor, view.id, {"name": "Signed Edit"}, verified_by="pin")
    auth.sign_out(north.ctx, actor)
    assert actor.keys is None
    actor.checked_at = north.clock.now  # even with a step-up copied in, nothing is recorded
    with pytest.raises(Refused, match="needs the signing key of the member"):
        customers.edit_customer(north.ctx, actor, view.id, {"name": "Unsigned"}, verified_by="pin")
    assert north.sync().applied >= 1
    assert customers.show_customer(central.ctx, agent.actor, view.id).name == "Signed Edit"


def test_locking_drops_the_keys_and_unlocking_with_the_password_opens_them_again(
    central: Desk, agent: Member, north: Branch
) -> None:
    actor = north.sign_in(agent)
    auth.lock(north.ctx, actor)
    assert actor.keys is None
    auth.check_password(north.ctx, actor, agent.password)
    assert actor.keys is not None


def test_a_branch_steps_up_with_the_wrapped_copy_and_not_with_the_master_key_copy(
    central: Desk, agent: Member, north: Branch
) -> None:
    with north.db.write() as session:  # the branch's master-key copy is of no use here
        session.info[changes.APPLYING] = True
        session.execute(update(m.Staff).values(totp_secret=b"k1:" + b"\0" * 40))
    north.sign_in(agent)  # steps up with the code from the member's authenticator


def test_passwords_change_at_head_office_and_the_branch_opens_the_key_with_the_new_one(
    central: Desk, agent: Member, north: Branch
) -> None:
    actor = north.sign_in(agent)
    with pytest.raises(Refused, match="Passwords are changed at head office"):
        staff.change_own_password(north.ctx, actor, agent.password, "a new password 123")
    before = _public_key(central, agent)
    central.step_up(agent)
    staff.change_own_password(central.ctx, agent.actor, agent.password, "a new password 123")
    assert _public_key(central, agent) == before  # the same key pair, wrapped again
    north.sync()
    again = auth.sign_in(north.ctx, agent.username, "a new password 123")
    assert again.keys is not None and again.keys.totp_secret == agent.secret
    north.clock.advance(seconds=30)
    auth.step_up(north.ctx, again, pyotp.TOTP(agent.secret).at(north.clock.now))


def test_an_admins_reset_of_a_password_makes_a_new_key_and_a_new_second_factor(
    central: Desk, agent: Member, north: Branch
) -> None:
    before = _public_key(central, agent)
    central.step_up(central.admin)
    enrollment = staff.reset_password(
        central.ctx, central.admin.actor, agent.username, "reset password 123"
    )
    assert enrollment.secret != agent.secret and len(enrollment.recovery_codes) == 10
    assert _public_key(central, agent) != before
    north.sync()
    actor = auth.sign_in(north.ctx, agent.username, "reset password 123")
    assert actor.keys is not None and actor.keys.totp_secret == enrollment.secret
    north.clock.advance(seconds=30)
    auth.step_up(north.ctx, actor, pyotp.TOTP(enrollment.secret).at(north.clock.now))


def test_a_second_factor_reset_reaches_a_branch_after_the_members_sign_in_at_head_office(
    central: Desk, agent: Member, north: Branch
) -> None:
    central.step_up(central.admin)
    enrollment = staff.reset_second_factor(central.ctx, central.admin.actor, agent.username)
    north.sync()
    actor = auth.sign_in(north.ctx, agent.username, agent.password)
    north.clock.advance(seconds=30)
    with pytest.raises(Refused, match="Your second factor is not on this branch yet"):
        auth.step_up(north.ctx, actor, pyotp.TOTP(enrollment.secret).at(north.clock.now))
    auth.sign_in(central.ctx, agent.username, agent.password)  # head office wraps it again
    north.sync()
    actor = auth.sign_in(north.ctx, agent.username, agent.password)
    north.clock.advance(seconds=30)
    auth.step_up(north.ctx, actor, pyotp.TOTP(enrollment.secret).at(north.clock.now))


def test_a_member_without_a_key_gets_one_at_their_next_sign_in_at_head_office(
    central: Desk, agent: Member, north: Branch
) -> None:
    """Members from before signed operations (migration 0015) have no key until then."""
    with central.ctx.db.write() as session:
        session.delete(session.get(m.StaffKey, agent.actor.staff_id))
    north.sync()
    actor = auth.sign_in(north.ctx, agent.username, agent.password)
    assert actor.keys is None
    auth.sign_in(central.ctx, agent.username, agent.password)
    assert _public_key(central, agent) is not None
    north.sync()
    assert north.sign_in(agent).keys is not None
