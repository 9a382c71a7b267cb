"""Sessions of voxprivacy-server: a sign-in is a row, its token a hash, its step-up a time.

A workstation talking to the server holds only a random token. The server keeps
the token's SHA-256 (never the token) with the staff member, when the session
started and was last used, when a second-factor code last verified on it, and
why it ended. Any server process resolves any token, so several processes can
serve one database and a restart signs nobody out.

A session ends when its member signs out or locks the desk, when a supervisor or
admin revokes it, after ``IDLE_LIFETIME`` without a request, or
``ABSOLUTE_LIFETIME`` after the sign-in. ``last_seen_at`` is written at most
every ``SEEN_EVERY`` per session, not on every request.

The per-sign-in search tally (``Actor.searches``) is not carried over between
requests: each request gets a fresh actor, whose first search writes the day's
count at once (``customers.search``). That is one small upsert per search, which
costs less than the search itself, and it keeps the count exact whichever server
process serves the next request or if one restarts.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update

from voxprivacy.domain.enums import AuditOutcome, Role
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.validation import clean_text
from voxprivacy.errors import NotFound, Refused, SessionEnded
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context, StaffRead
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage.models import Staff, StaffSession

# The desk locks after this long without use; a session idle as long is over.
IDLE_LIFETIME = timedelta(minutes=30)
# However busy, a session lasts a working day at most.
ABSOLUTE_LIFETIME = timedelta(hours=12)
# last_seen_at is written at most this often per session.
SEEN_EVERY = timedelta(seconds=30)
LABEL_LIMIT = 200
SOURCE_LIMIT = 100

SIGNED_OUT = "signed out"
LOCKED = "locked"
EXPIRED = "expired"


@dataclass(frozen=True)
class Lifetimes:
    """How long a session may stay idle, and how long it may last at all."""

    idle: timedelta = IDLE_LIFETIME
    absolute: timedelta = ABSOLUTE_LIFETIME


DEFAULT_LIFETIMES = Lifetimes()


@dataclass(frozen=True)
class SessionView:
    """A staff member's server session, as a supervisor or admin sees it."""

    id: uuid.UUID
    staff_id: uuid.UUID
    username: str
    role: Role
    created_at: datetime
    last_seen_at: datetime
    checked_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    source: str
    client_label: str
    yours: bool  # the session this list was asked for on


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_token() -> str:
    """32 random bytes, URL-safe: the bearer token a workstation holds in memory."""
    return secrets.token_urlsafe(32)


def client_label(raw: str | None) -> str:
    """What the client says it is ("desk 0.1.0 on host X"), checked and cut to size."""
    label = clean_text(raw or "unnamed client", "client_label", limit=LABEL_LIMIT)
    return label or "unnamed client"


def start_session(ctx: Context, actor: Actor, *, source: str, label: str | None = None) -> str:
    """A new session for a member who has just signed in; returns its token (shown once).

    The sign-in itself is audited by ``auth.sign_in``; the session's id goes on the actor.
    """
    token = new_token()
    now = ctx.now()
    row = StaffSession(
        id=uuid.uuid4(),
        token_hash=hash_token(token),
        staff_id=actor.staff_id,
        created_at=now,
        last_seen_at=now,
        checked_at=None,
        source=source[:SOURCE_LIMIT],
        client_label=client_label(label),
    )
    with ctx.db.write(logged=False) as session:
        session.add(row)
    actor.session_id = row.id
    return token


def _ended_sentence(reason: str | None) -> str:
    if reason == SIGNED_OUT:
        why = "you signed out"
    elif reason == LOCKED:
        why = "the desk was locked; unlock it with your password"
    elif reason == EXPIRED:
        why = "it expired (too long idle, or longer than a working day)"
    else:
        why = reason or "it was ended"
    return f"Your session has ended ({why}); sign in again."


def _expired(row: Any, now: datetime, lifetimes: Lifetimes) -> bool:
    return bool(
        now - row.last_seen_at > lifetimes.idle or now - row.created_at > lifetimes.absolute
    )


# The session and its member by token hash: one statement on every request.
_LOOKUP = (
    select(
        StaffSession.id,
        StaffSession.staff_id,
        StaffSession.created_at,
        StaffSession.last_seen_at,
        StaffSession.checked_at,
        StaffSession.ended_at,
        StaffSession.end_reason,
        StaffSession.source,
        Staff.username,
        Staff.role,
        Staff.active,
        Staff.locked,
    )
    .join(Staff, Staff.id == StaffSession.staff_id)
    .where(StaffSession.token_hash == bindparam("token_hash"))
)


def resolve(
    ctx: Context,
    token: str,
    *,
    lifetimes: Lifetimes = DEFAULT_LIFETIMES,
    allow_locked: bool = False,
) -> Actor:
    """The actor a token stands for; an unknown, ended or expired session is refused.

    ``allow_locked``: a session ended by locking the desk is accepted (only for
    unlocking it with the password, which then starts a new session).
    """
    now = ctx.now()
    with ctx.db.read_one() as connection:
        found = connection.execute(_LOOKUP, {"token_hash": hash_token(token)}).first()
    read_at = time.monotonic()
    if found is None:
        raise SessionEnded(
            _(
                "The server does not know this session (it was never "
                "valid, or has been removed); sign in again."
            )
        )
    row = found
    username, role, active, locked = row.username, row.role, row.active, row.locked
    if not active:
        raise SessionEnded(_("Your staff account no longer exists or was deactivated."))
    if row.ended_at is not None and not (allow_locked and row.end_reason == LOCKED):
        raise SessionEnded(_ended_sentence(row.end_reason))
    if row.ended_at is None and _expired(row, now, lifetimes):
        _end(ctx, row.id, EXPIRED, now)
        actor = Actor(row.staff_id, username, Role(role))
        audit.record_alone(
            ctx,
            actor,
            "session.expire",
            entity_type="staff",
            entity_id=row.staff_id,
            detail=f"session {row.id} from {row.source}",
        )
        raise SessionEnded(_ended_sentence(EXPIRED))
    if row.ended_at is not None and now - row.created_at > lifetimes.absolute:
        raise SessionEnded(_ended_sentence(EXPIRED))
    if row.ended_at is None and now - row.last_seen_at >= SEEN_EVERY:
        with ctx.db.write(logged=False) as session:
            session.execute(
                update(StaffSession)
                .where(StaffSession.id == row.id, StaffSession.ended_at.is_(None))
                .values(last_seen_at=now)
            )
    return Actor(
        row.staff_id,
        username,
        Role(role),
        checked_at=row.checked_at if row.ended_at is None else None,
        session_id=row.id,
        staff_read=StaffRead(active, locked, role, read_at),
    )


def record_step_up(ctx: Context, session_id: uuid.UUID, checked_at: datetime | None) -> None:
    """A code verified on this session (or its step-up ended: None)."""
    with ctx.db.write(logged=False) as session:
        session.execute(
            update(StaffSession)
            .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
            .values(checked_at=checked_at)
        )


def _end(ctx: Context, session_id: uuid.UUID, reason: str, now: datetime) -> bool:
    with ctx.db.write(logged=False) as session:
        result = session.execute(
            update(StaffSession)
            .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason, checked_at=None)
        )
    return bool(getattr(result, "rowcount", 0))


def end_session(ctx: Context, session_id: uuid.UUID, reason: str) -> None:
    """The member signed out or locked the desk (audited by ``auth``)."""
    _end(ctx, session_id, reason, ctx.now())


def reopen_after_unlock(ctx: Context, old: uuid.UUID, actor: Actor, *, source: str) -> str:
    """The desk was unlocked with the password: a new session replaces the locked one."""
    with ctx.db.read() as session:
        row = session.get(StaffSession, old)
        label = row.client_label if row is not None else None
    return start_session(ctx, actor, source=source, label=label)


def _view(row: StaffSession, username: str, role: str, actor: Actor) -> SessionView:
    return SessionView(
        row.id,
        row.staff_id,
        username,
        Role(role),
        row.created_at,
        row.last_seen_at,
        row.checked_at,
        row.ended_at,
        row.end_reason,
        row.source,
        row.client_label,
        row.id == actor.session_id,
    )


@reads(Permission.MANAGE_SESSIONS)
def list_sessions(
    ctx: Context, actor: Actor, username: str | None = None, include_ended: bool = False
) -> list[SessionView]:
    """Staff sessions on the server, newest first: open ones, or all with ``include_ended``.

    A session past its lifetime but not yet used again is shown as open until a
    request (or a revocation) ends it.
    """
    query = (
        select(StaffSession, Staff.username, Staff.role)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .order_by(StaffSession.created_at.desc())
    )
    if username:
        query = query.where(Staff.username == clean_text(username, "username", limit=64))
    if not include_ended:
        query = query.where(StaffSession.ended_at.is_(None))
    with ctx.db.read() as session:
        rows = session.execute(query.limit(1000)).all()
    return [_view(row, name, role, actor) for row, name, role in rows]


@writes(Permission.MANAGE_SESSIONS)
def revoke_session(ctx: Context, actor: Actor, session_id: uuid.UUID) -> SessionView:
    """End a staff member's session now: its next request is refused."""
    reason = f"revoked by {actor.username}"
    now = ctx.now()
    with ctx.db.write() as session:
        found = session.execute(
            select(StaffSession, Staff.username, Staff.role)
            .join(Staff, Staff.id == StaffSession.staff_id)
            .where(StaffSession.id == session_id)
            .with_for_update()
        ).first()
        if found is None:
            raise NotFound(
                _("There is no session {session_id}; list them with 'sessions list'.").format(
                    session_id=session_id
                ),
                "session",
            )
        row, username, role = found
        if row.ended_at is not None:
            raise Refused(
                _(
                    "Session {session_id} of {username} has already ended ({row_end_reason})."
                ).format(session_id=session_id, username=username, row_end_reason=row.end_reason)
            )
        row.ended_at, row.end_reason, row.checked_at = now, reason, None
        audit.record(
            session,
            ctx,
            actor,
            "session.revoke",
            entity_type="staff",
            entity_id=row.staff_id,
            outcome=AuditOutcome.OK,
            detail=f"session {row.id} of {username} from {row.source} ({row.client_label})",
        )
        view = _view(row, username, role, actor)
    return view
