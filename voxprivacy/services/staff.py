"""Managing staff: adding members, roles, unlocking, resetting the second factor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.validation import clean_text
from voxprivacy.errors import BadInput, NotFound, Refused
from voxprivacy.i18n import _
from voxprivacy.security import passwords
from voxprivacy.services import audit, member_keys
from voxprivacy.services.auth import Enrollment, new_enrollment
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage.models import Staff

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


def check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise BadInput(
            _(
                "{username!r} is not a valid user name: use 2-32 "
                "lower-case letters, digits, dots, dashes or underscores, "
                "starting with a letter."
            ).format(username=username),
            "username",
        )
    return name


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise BadInput(
            _("{text!r} is not a role; choose one of: {role}.").format(
                text=text, role=", ".join(r.value for r in Role)
            ),
            "role",
        ) from None


@dataclass(frozen=True)
class StaffSummary:
    username: str
    display_name: str
    role: str
    active: bool
    locked: bool
    failed_attempts: int
    enrolled: bool
    created_at: datetime


def _get(session: Session, username: str) -> Staff:
    staff = session.execute(
        select(Staff).where(Staff.username == username.strip())
    ).scalar_one_or_none()
    if staff is None:
        raise NotFound(
            _("There is no staff member {username!r}; 'staff list' shows them all.").format(
                username=username
            ),
            "username",
        )
    return staff


@writes(Permission.MANAGE_STAFF, fresh=True)
def add_staff(
    ctx: Context,
    actor: Actor,
    username: str,
    role: str,
    password: str,
    display_name: str | None = None,
) -> Enrollment:
    name = check_username(username)
    new_role = parse_role(role)
    passwords.check_new_password(password)
    shown = clean_text(display_name or name, "display_name", limit=200)
    with ctx.db.write() as session:
        if session.execute(select(Staff.id).where(Staff.username == name)).first():
            raise BadInput(
                _("The user name {name!r} is taken; choose another.").format(name=name), "username"
            )
        staff = Staff(
            username=name,
            display_name=shown,
            role=str(new_role),
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
            actor,
            "staff.add",
            entity_type="staff",
            entity_id=staff.id,
            fields=["username", "display_name", "role", "password", "totp_secret"],
        )
    return enrollment


@reads(Permission.UNLOCK_STAFF)
def list_staff(ctx: Context, actor: Actor) -> list[StaffSummary]:
    with ctx.db.read() as session:
        rows = session.execute(select(Staff).order_by(Staff.username)).scalars().all()
    return [
        StaffSummary(
            s.username,
            s.display_name,
            s.role,
            s.active,
            s.locked,
            s.failed_attempts + s.code_failures,
            s.totp_enrolled,
            s.created_at,
        )
        for s in rows
    ]


@writes(Permission.UNLOCK_STAFF)
def unlock_staff(ctx: Context, actor: Actor, username: str) -> None:
    with ctx.db.write() as session:
        staff = _get(session, username)
        staff.locked = False
        staff.failed_attempts = 0
        staff.code_failures = 0
        staff.last_failure_at = None
        audit.record(
            session,
            ctx,
            actor,
            "staff.unlock",
            entity_type="staff",
            entity_id=staff.id,
            fields=["locked", "failed_attempts", "code_failures"],
        )


@writes(Permission.MANAGE_STAFF, fresh=True)
def reset_second_factor(ctx: Context, actor: Actor, username: str) -> Enrollment:
    with ctx.db.write() as session:
        staff = _get(session, username)
        enrollment = new_enrollment(session, ctx, staff)
        member_keys.forget_second_factor(session, ctx, staff)
        staff.locked = False
        staff.failed_attempts = 0
        staff.code_failures = 0
        audit.record(
            session,
            ctx,
            actor,
            "staff.reset_2fa",
            entity_type="staff",
            entity_id=staff.id,
            fields=["totp_secret", "recovery_codes"],
        )
    return enrollment


@writes(Permission.MANAGE_STAFF, fresh=True)
def set_role(ctx: Context, actor: Actor, username: str, role: str) -> None:
    new_role = parse_role(role)
    with ctx.db.write() as session:
        staff = _get(session, username)
        if staff.id == actor.staff_id:
            raise Refused(
                _(
                    "You cannot change your own role; ask another admin (so an "
                    "admin always remains)."
                )
            )
        staff.role = str(new_role)
        audit.record(
            session,
            ctx,
            actor,
            "staff.set_role",
            entity_type="staff",
            entity_id=staff.id,
            fields=["role"],
            detail=f"role {new_role}",
        )


@writes(Permission.MANAGE_STAFF, fresh=True)
def deactivate_staff(ctx: Context, actor: Actor, username: str) -> None:
    with ctx.db.write() as session:
        staff = _get(session, username)
        if staff.id == actor.staff_id:
            raise Refused(_("You cannot deactivate your own account."))
        staff.active = False
        audit.record(
            session,
            ctx,
            actor,
            "staff.deactivate",
            entity_type="staff",
            entity_id=staff.id,
            fields=["active"],
        )


AT_HEAD_OFFICE = (
    "Passwords are changed at head office, where your signing key and your branch copy of "
    "the second factor are wrapped again with the new password; a branch cannot change "
    "them. Change it on a head-office workstation; this branch receives it at its next "
    "synchronisation. Nothing was changed."
)


def refuse_at_branch(ctx: Context) -> None:
    if ctx.db.sync_role() == "replica":
        raise Refused(AT_HEAD_OFFICE)


@writes(None)
def change_own_password(ctx: Context, actor: Actor, old_password: str, new_password: str) -> None:
    """A new password; at head office the member's key and TOTP copy are wrapped with it."""
    refuse_at_branch(ctx)
    passwords.check_new_password(new_password)
    with ctx.db.write() as session:
        staff = session.get(Staff, actor.staff_id)
        assert staff is not None
        if not passwords.verify_password(staff.password_hash, old_password):
            raise BadInput(_("The current password is wrong."), "old_password")
        staff.password_hash = passwords.hash_password(new_password)
        member_keys.issue(session, ctx, staff, new_password, old_password=old_password)
        audit.record(
            session,
            ctx,
            actor,
            "staff.change_password",
            entity_type="staff",
            entity_id=staff.id,
            fields=["password"],
        )


RESET_PASSWORD_NOTE = (
    "The password was reset, and with it the second factor: give {name} the new password "
    "and the new authenticator enrolment (QR code or URI) and recovery codes. Their old "
    "authenticator and codes no longer work, so nobody who knows the password they were "
    "given can use a second factor copied from a branch."
)


@writes(Permission.MANAGE_STAFF, fresh=True)
def reset_password(ctx: Context, actor: Actor, username: str, new_password: str) -> Enrollment:
    """An admin sets a member's password: a new signing key and a new second factor too.

    Whoever sets a password knows it, and a password opens the member's wrapped
    secrets at every branch; so the reset makes a new key pair and a new TOTP
    secret and recovery codes, which the member enrols afresh.
    """
    refuse_at_branch(ctx)
    passwords.check_new_password(new_password)
    with ctx.db.write() as session:
        staff = _get(session, username)
        if staff.id == actor.staff_id:
            raise Refused(_("You cannot reset your own password; ask another admin."))
        staff.password_hash = passwords.hash_password(new_password)
        enrollment = new_enrollment(session, ctx, staff)
        member_keys.issue(
            session, ctx, staff, new_password, totp_secret=enrollment.secret, new_pair=True
        )
        staff.locked = False
        staff.failed_attempts = 0
        staff.code_failures = 0
        audit.record(
            session,
            ctx,
            actor,
            "staff.reset_password",
            entity_type="staff",
            entity_id=staff.id,
            fields=["password", "totp_secret", "recovery_codes", "signing_key"],
        )
    return enrollment
