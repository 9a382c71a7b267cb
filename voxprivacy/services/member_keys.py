"""Members' signing keys: born at head office, opened at a branch by the member's password.

Head office sees a member's password when it is set (a new member, the first
admin, a change, an admin's reset) and at every sign-in there; that is where the
member's Ed25519 key pair is made and wrapped together with their TOTP secret
(security/signing.py). The row travels to the branches with the rest of the
staff data, and a branch can never change it (sync/policy.py): nobody at a
branch can register a key for a colleague. At a branch, signing in opens the
member's key and TOTP secret into the signed-in ``Actor``; nothing else there
can read them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.security import signing
from voxprivacy.security.signing import MemberKeys, Wrapped, WrongPassword
from voxprivacy.services.context import Context
from voxprivacy.storage.models import Staff, StaffKey


def _at_head_office(ctx: Context) -> bool:
    return ctx.db.sync_role() == "hub"


def _stored(row: StaffKey) -> Wrapped:
    return Wrapped(row.public_key, row.salt, row.kdf, row.wrapped_key, row.wrapped_totp)


def _totp_secret(ctx: Context, staff: Staff) -> str | None:
    if staff.totp_secret is None:
        return None
    return ctx.keys().cipher.decrypt(staff.totp_secret, "staff", "totp_secret", staff.id)


def _store(session: Session, staff: Staff, wrapped: Wrapped, row: StaffKey | None) -> None:
    if row is None:
        row = StaffKey(staff_id=staff.id)
        session.add(row)
    row.public_key = wrapped.public_key
    row.salt = wrapped.salt
    row.kdf = wrapped.kdf
    row.wrapped_key = wrapped.wrapped_key
    row.wrapped_totp = wrapped.wrapped_totp


def issue(
    session: Session,
    ctx: Context,
    staff: Staff,
    password: str,
    *,
    totp_secret: str | None = None,
    new_pair: bool = False,
    old_password: str | None = None,
) -> None:
    """At head office: wrap the member's key (kept, or a new pair) and TOTP secret with
    ``password``, in the caller's transaction.

    The key pair is kept when the old wrapping opens with ``old_password`` (or
    ``password``), so operations a branch signed before a password change still
    verify; ``new_pair`` makes a new one (an admin's reset: whoever set the
    password must not hold the member's old key).
    """
    if not _at_head_office(ctx):
        return
    session.flush()
    row = session.get(StaffKey, staff.id)
    key = None
    if row is not None and not new_pair:
        try:
            key = signing.unwrap(staff.id, old_password or password, _stored(row)).signing_key
        except WrongPassword:
            key = None
    secret = totp_secret if totp_secret is not None else _totp_secret(ctx, staff)
    _store(session, staff, signing.wrap(staff.id, password, key, secret), row)


def forget_second_factor(session: Session, ctx: Context, staff: Staff) -> None:
    """A second factor reset without the member's password: their branch copy of the
    TOTP secret goes, and is wrapped again at their next sign-in at head office."""
    if not _at_head_office(ctx):
        return
    row = session.get(StaffKey, staff.id)
    if row is not None and row.wrapped_totp is not None:
        row.wrapped_totp = None


def at_sign_in(ctx: Context, staff: Staff, password: str) -> MemberKeys | None:
    """After a right password: at a branch the member's opened secrets (None when they
    have none here yet); at head office their key is made or its TOTP copy wrapped
    when missing, and None is returned (head office signs nothing)."""
    role = ctx.db.sync_role()
    if role == "replica":
        with ctx.db.read() as session:
            row = session.get(StaffKey, staff.id)
            stored = _stored(row) if row is not None else None
        if stored is None:
            return None
        try:
            return signing.unwrap(staff.id, password, stored)
        except WrongPassword:
            return None
    if role != "hub":
        return None
    with ctx.db.read() as session:
        row = session.get(StaffKey, staff.id)
        complete = row is not None and (row.wrapped_totp is not None or staff.totp_secret is None)
    if complete:
        return None
    with ctx.db.write() as session:
        fresh = session.execute(select(Staff).where(Staff.id == staff.id)).scalar_one()
        issue(session, ctx, fresh, password)
    return None
