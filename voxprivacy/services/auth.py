"""Signing in and the second factor.

Passwords are Argon2 hashes; TOTP secrets are encrypted with the database's
field key. A code is accepted only for a time step later than the last one
accepted for that staff member, by one conditional UPDATE: two processes or
two workstations racing with the same code cannot both win. After 3 failures
each attempt waits longer (1 s, 2 s, 4 s …); after 10 the account locks until
a supervisor or admin unlocks it. A failed sign-in says the same for an unknown
name, a wrong password, a lock and a wait. Every sign-in, failure, step-up, lock,
unlock and sign-out is audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import AuditOutcome, Role
from voxprivacy.domain.validation import clean_text
from voxprivacy.errors import AuthenticationFailed, Refused
from voxprivacy.i18n import _
from voxprivacy.security import passwords, totp
from voxprivacy.services import audit, member_keys
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import acting, authenticates
from voxprivacy.storage import changes
from voxprivacy.storage.database import changed_rows
from voxprivacy.storage.models import RecoveryCode, Staff

DELAY_AFTER = 3
LOCK_AFTER = 10
MAX_DELAY_SECONDS = 300


@dataclass(frozen=True)
class Enrollment:
    """What a new or reset staff member needs to set up their authenticator."""

    username: str
    role: Role
    secret: str
    otpauth_uri: str
    recovery_codes: list[str]


def new_enrollment(session: Session, ctx: Context, staff: Staff) -> Enrollment:
    """Give a staff member a fresh TOTP secret and recovery codes (replacing any old ones)."""
    secret = totp.new_secret()
    staff.totp_secret = ctx.keys().cipher.encrypt(secret, "staff", "totp_secret", staff.id)
    staff.totp_enrolled = False
    staff.totp_last_step = 0
    for old in session.execute(
        select(RecoveryCode).where(RecoveryCode.staff_id == staff.id)
    ).scalars():
        session.delete(old)
    codes = totp.new_recovery_codes()
    for code in codes:
        session.add(
            RecoveryCode(
                staff_id=staff.id,
                salt=b"",  # Argon2 keeps its own salt in the hash
                code_hash=totp.hash_recovery_code(totp.normalise_recovery_code(code) or ""),
            )
        )
    return Enrollment(
        staff.username,
        Role(staff.role),
        secret,
        totp.provisioning_uri(secret, staff.username),
        codes,
    )


def _delay_left(staff: Staff, ctx: Context) -> float:
    failures = max(staff.failed_attempts, staff.code_failures)
    if failures < DELAY_AFTER or staff.last_failure_at is None:
        return 0.0
    wait = min(2 ** (failures - DELAY_AFTER), MAX_DELAY_SECONDS)
    return (staff.last_failure_at + timedelta(seconds=wait) - ctx.now()).total_seconds()


SIGN_IN_FAILED = (
    "Sign-in failed: the user name or the password is wrong, or the account must wait or "
    "is locked after too many failed attempts. Check both and try again in a few seconds; "
    "if it keeps failing, ask a supervisor or admin."
)


def _hold(staff: Staff, ctx: Context) -> str | None:
    """Why this account may not sign in now, whatever the password ("locked", a wait)."""
    if staff.locked:
        return "locked"
    left = _delay_left(staff, ctx)
    return f"waiting ({math.ceil(left)} s left)" if left > 0 else None


def _check_not_throttled(staff: Staff, ctx: Context) -> None:
    """For a signed-in member (unlocking the desk, a second factor): say what holds them."""
    if staff.locked:
        raise AuthenticationFailed(
            _(
                "Your account is locked after too many failed attempts; a "
                "supervisor or admin must unlock it."
            )
        )
    left = _delay_left(staff, ctx)
    if left > 0:
        raise AuthenticationFailed(
            _("Too many failed attempts; wait {math_ceil_left} seconds and try again.").format(
                math_ceil_left=math.ceil(left)
            )
        )


def _record_failure(
    ctx: Context,
    staff: Staff | None,
    action: str,
    reason: str,
    *,
    code: bool = False,
    actor: Actor | None = None,
    count: bool = True,
) -> None:
    """Count a failure (a wrong password, or a wrong second factor) and audit it.

    The two are counted apart: a right password must not wipe out wrong codes, or
    whoever knows the password could guess codes for ever by signing in again.
    An attempt on an account that is locked or must wait is audited, not counted.
    """
    counter = Staff.code_failures if code else Staff.failed_attempts
    with ctx.db.write() as session:
        if staff is not None and count:
            session.execute(
                update(Staff)
                .where(Staff.id == staff.id)
                .values(
                    {
                        counter: counter + 1,
                        Staff.last_failure_at: ctx.now(),
                        Staff.locked: case((counter + 1 >= LOCK_AFTER, True), else_=Staff.locked),
                    }
                )
                .execution_options(**changes.LOCAL)
            )
        audit.record(
            session,
            ctx,
            actor,
            action,
            entity_type="staff",
            entity_id=staff.id if staff else None,
            outcome=AuditOutcome.FAILED,
            detail=reason,
            username=staff.username if staff else None,
        )


def _load(session: Session, username: str) -> Staff | None:
    return session.execute(select(Staff).where(Staff.username == username)).scalar_one_or_none()


@authenticates
def sign_in(ctx: Context, username: str, password: str) -> Actor:
    """Check a user name and password; the returned Actor has no step-up yet.

    Every failure answers the same (``SIGN_IN_FAILED``) after the same work, one
    Argon2 verification and one audit append: an unknown name, a wrong password, a
    locked account and one that must wait cannot be told apart, so user names cannot
    be enumerated. The audit trail records which it was.
    """
    username = clean_text(username, "username", limit=64)
    with ctx.db.read() as session:
        staff = _load(session, username)
    known = staff is not None and staff.active
    stored = staff.password_hash if staff is not None and known else passwords.dummy_hash()
    right = passwords.verify_password(stored, password)
    if staff is None or not known:
        # the typed name is not kept: people type their password into that box
        _record_failure(ctx, None, "auth.sign_in", "unknown or inactive user name")
        raise AuthenticationFailed(SIGN_IN_FAILED)
    hold = _hold(staff, ctx)
    if hold is not None:
        _record_failure(ctx, staff, "auth.sign_in", f"refused: account {hold}", count=False)
        raise AuthenticationFailed(SIGN_IN_FAILED)
    if not right:
        _record_failure(ctx, staff, "auth.sign_in", "wrong password")
        raise AuthenticationFailed(SIGN_IN_FAILED)
    actor = Actor(staff.id, staff.username, Role(staff.role))
    actor.keys = member_keys.at_sign_in(ctx, staff, password)
    with ctx.db.write() as session:
        session.execute(
            update(Staff)
            .where(Staff.id == staff.id)
            .values(failed_attempts=0)
            .execution_options(**changes.LOCAL)
        )
        audit.record(session, ctx, actor, "auth.sign_in", entity_type="staff", entity_id=staff.id)
    return actor


@authenticates
def check_password(ctx: Context, actor: Actor, password: str) -> None:
    """Unlocking a locked desk: the signed-in member's password again."""
    with ctx.db.read() as session:
        staff = session.get(Staff, actor.staff_id)
    if staff is None or not staff.active:
        raise AuthenticationFailed(_("Your staff account no longer exists or was deactivated."))
    _check_not_throttled(staff, ctx)
    if not passwords.verify_password(staff.password_hash, password):
        _record_failure(ctx, staff, "auth.unlock", "wrong password", actor=actor)
        raise AuthenticationFailed(_("Wrong password."))
    actor.keys = member_keys.at_sign_in(ctx, staff, password)
    with ctx.db.write() as session:
        session.execute(
            update(Staff)
            .where(Staff.id == staff.id)
            .values(failed_attempts=0)
            .execution_options(**changes.LOCAL)
        )
        audit.record(session, ctx, actor, "auth.unlock", entity_type="staff", entity_id=staff.id)


@authenticates
def lock(ctx: Context, actor: Actor) -> None:
    """The desk was locked (by hand or after the idle time): the step-up ends and the
    trail shows when the workstation was left."""
    actor.end_step_up()
    actor.forget_keys()
    audit.record_alone(ctx, actor, "auth.lock", entity_type="staff", entity_id=actor.staff_id)


@authenticates
def sign_out(ctx: Context, actor: Actor) -> None:
    """The staff member signed out: the step-up ends and the trail shows it."""
    actor.end_step_up()
    actor.forget_keys()
    audit.record_alone(ctx, actor, "auth.sign_out", entity_type="staff", entity_id=actor.staff_id)


@authenticates
def step_up(ctx: Context, actor: Actor, code: str) -> None:
    """Check a TOTP or recovery code; on success writes may follow for 5 minutes."""
    with ctx.db.read() as session:
        staff = session.get(Staff, actor.staff_id)
    if staff is None or not staff.active:
        raise AuthenticationFailed(_("Your staff account no longer exists or was deactivated."))
    _check_not_throttled(staff, ctx)
    if staff.totp_secret is None:
        raise Refused(
            _("You have no authenticator enrolled; ask an admin to reset your second factor.")
        )
    recovery = totp.normalise_recovery_code(code)
    now = ctx.now()
    if recovery is not None:  # ten characters: never a six-digit TOTP code
        _use_recovery_code(ctx, actor, staff, recovery)
    else:
        digits = totp.normalise_code(code)
        secret = _totp_secret(ctx, actor, staff)
        step = totp.matching_step(secret, digits, now)
        if step is None:
            _record_failure(ctx, staff, "auth.step_up", "wrong code", code=True, actor=actor)
            raise AuthenticationFailed(
                _(
                    "That code is not valid now; check the clock of the device "
                    "that shows it and enter the current code."
                )
            )
        with acting(actor), ctx.db.write() as session:
            won = changed_rows(
                session,
                update(Staff)
                .where(Staff.id == staff.id, Staff.totp_last_step < step)
                .values(totp_last_step=step, totp_enrolled=True, code_failures=0)
                .execution_options(**changes.NOTED),
            )
            if won == 1:
                changes.note(
                    session,
                    changes.update_fields(
                        "staff", staff.id, {"totp_last_step": step, "totp_enrolled": True}
                    ),
                )
                audit.record(
                    session, ctx, actor, "auth.step_up", entity_type="staff", entity_id=staff.id
                )
        if won != 1:
            _record_failure(ctx, staff, "auth.step_up", "code already used", code=True, actor=actor)
            raise AuthenticationFailed(
                _("That code was already used; wait for the next code and enter it.")
            )
    actor.checked_at = now


BRANCH_SECOND_FACTOR_MISSING = (
    "Your second factor is not on this branch yet (it arrives wrapped with your password "
    "after you sign in at head office once, or after a reset there). Sign in once at head "
    "office, synchronise this branch, then try again."
)


def _totp_secret(ctx: Context, actor: Actor, staff: Staff) -> str:
    """The member's TOTP secret: at a branch only the copy their password opened at sign-in."""
    if ctx.db.sync_role() != "replica":
        assert staff.totp_secret is not None
        return ctx.keys().cipher.decrypt(staff.totp_secret, "staff", "totp_secret", staff.id)
    if actor.keys is None or actor.keys.totp_secret is None:
        raise Refused(BRANCH_SECOND_FACTOR_MISSING)
    return actor.keys.totp_secret


def _use_recovery_code(ctx: Context, actor: Actor, staff: Staff, code: str) -> None:
    with ctx.db.read() as session:
        candidates = (
            session.execute(
                select(RecoveryCode).where(
                    RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None)
                )
            )
            .scalars()
            .all()
        )
    match = next(
        (c for c in candidates if totp.verify_recovery_code(c.salt, c.code_hash, code)), None
    )
    if match is not None:
        used_at = ctx.now()
        with acting(actor), ctx.db.write() as session:
            won = changed_rows(
                session,
                update(RecoveryCode)
                .where(RecoveryCode.id == match.id, RecoveryCode.used_at.is_(None))
                .values(used_at=used_at)
                .execution_options(**changes.NOTED),
            )
            if won == 1:
                changes.note(
                    session,
                    changes.update_fields("recovery_codes", match.id, {"used_at": used_at}),
                )
                session.execute(
                    update(Staff)
                    .where(Staff.id == staff.id)
                    .values(code_failures=0)
                    .execution_options(**changes.LOCAL)
                )
                audit.record(
                    session,
                    ctx,
                    actor,
                    "auth.step_up",
                    entity_type="staff",
                    entity_id=staff.id,
                    detail="recovery code",
                )
                return
    _record_failure(
        ctx, staff, "auth.step_up", "wrong or used recovery code", code=True, actor=actor
    )
    raise AuthenticationFailed(_("That recovery code is wrong or was already used."))


@authenticates
def bootstrap_first_admin(
    ctx: Context, username: str, password: str, display_name: str | None = None
) -> Enrollment:
    """Create the first admin of a database that has no staff at all."""
    from voxprivacy.services.staff import check_username

    username = check_username(username)
    passwords.check_new_password(password)
    with ctx.db.write() as session:
        if session.execute(select(Staff.id).limit(1)).first() is not None:
            raise Refused(_("This database already has staff; sign in as an admin to add more."))
        staff = Staff(
            username=username,
            display_name=display_name or username,
            role=str(Role.ADMIN),
            password_hash=passwords.hash_password(password),
            created_at=ctx.now(),
        )
        session.add(staff)
        session.flush()
        enrollment = new_enrollment(session, ctx, staff)
        member_keys.issue(session, ctx, staff, password, totp_secret=enrollment.secret)
        audit.record(
            session,
            ctx,
            None,
            "staff.bootstrap_admin",
            entity_type="staff",
            entity_id=staff.id,
            fields=["username", "role"],
            username=username,
        )
    return enrollment
