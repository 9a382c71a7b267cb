"""Appending to and verifying the tamper-evident audit trail.

Every write and every reveal of sensitive data appends one event in the same
transaction as the change: who, in which role, did what to which entity,
which fields (names only, never values) and with what outcome. Appenders lock
the single head row, so the chain stays linear across workstations.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import AuditOutcome
from voxprivacy.domain.roles import Permission
from voxprivacy.domain.validation import require_aware
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.security.audit_chain import GENESIS, link_hash
from voxprivacy.services.context import Actor, Context, Keys
from voxprivacy.services.guard import reads
from voxprivacy.storage.models import AuditEvent, AuditHead, Customer, Staff, table_of


def record(
    session: Session,
    ctx: Context,
    actor: Actor | None,
    action: str,
    *,
    entity_type: str | None = None,
    entity_id: object = None,
    fields: Iterable[str] = (),
    outcome: AuditOutcome = AuditOutcome.OK,
    detail: str | None = None,
    username: str | None = None,
) -> AuditEvent:
    keys = ctx.keys()
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    event = AuditEvent(
        seq=head.seq + 1,
        at=ctx.now(),
        branch=keys.branch,
        staff_id=str(actor.staff_id) if actor else None,
        username=actor.username if actor else username,
        role=str(actor.role) if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        fields=json.dumps(sorted(set(fields))),
        outcome=str(outcome),
        detail=detail,
        prev_hash=head.hash,
        hash="",
    )
    event.hash = link_hash(keys.audit_key, head.hash, _canonical(event))
    session.add(event)
    head.seq = event.seq
    head.hash = event.hash
    return event


@dataclass(frozen=True)
class Entry:
    """One event of a batch appended at once (``append_many``)."""

    action: str
    outcome: AuditOutcome
    staff_id: str | None = None
    username: str | None = None
    role: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    fields: tuple[str, ...] = ()
    detail: str | None = None


def append_many(session: Session, keys: Keys, at: datetime, entries: Sequence[Entry]) -> None:
    """Append a batch of events in the caller's transaction with one statement.

    The chain is computed here, under the head row's lock, exactly as ``record``
    computes it one event at a time (a synchronisation batch: one event per
    operation). Rows are written with Core, without an ORM object per event.
    """
    if not entries:
        return
    conn = session.connection()
    head_table = table_of(AuditHead)
    seq, prev = conn.execute(
        select(head_table.c.seq, head_table.c.hash).where(head_table.c.id == 1).with_for_update()
    ).one()
    rows: list[dict[str, Any]] = []
    for entry in entries:
        seq += 1
        values: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "branch": keys.branch,
            "staff_id": entry.staff_id,
            "username": entry.username,
            "role": entry.role,
            "action": entry.action,
            "entity_type": entry.entity_type,
            "entity_id": entry.entity_id,
            "fields": json.dumps(sorted(set(entry.fields))),
            "outcome": str(entry.outcome),
            "detail": None if entry.detail is None else entry.detail[:300],
            "prev_hash": prev,
        }
        prev = link_hash(keys.audit_key, prev, _canonical_values(values))
        values["hash"] = prev
        rows.append(values)
    conn.execute(insert(table_of(AuditEvent)), rows)
    conn.execute(update(head_table).where(head_table.c.id == 1).values(seq=seq, hash=prev))


def record_alone(ctx: Context, actor: Actor | None, action: str, **kwargs: Any) -> None:
    """Append an event in its own transaction (refusals, failed sign-ins).

    Never call it inside an open write transaction: on SQLite it would wait for
    that transaction's lock. Services raise Refused(audit=…) instead.
    """
    with ctx.db.write() as session:
        record(session, ctx, actor, action, **kwargs)


def _canonical(e: AuditEvent) -> dict[str, object]:
    return _canonical_values({name: getattr(e, name) for name in _CANONICAL})


_CANONICAL = (
    "seq",
    "at",
    "branch",
    "staff_id",
    "username",
    "role",
    "action",
    "entity_type",
    "entity_id",
    "fields",
    "outcome",
    "detail",
)


def _canonical_values(values: dict[str, Any]) -> dict[str, object]:
    """What an event's hash covers (its time to the microsecond, in ISO form)."""
    out: dict[str, object] = {name: values[name] for name in _CANONICAL}
    at = values["at"]
    assert isinstance(at, datetime)
    out["at"] = at.isoformat(timespec="microseconds")
    return out


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None


def _verify(ctx: Context, expect: tuple[int, str] | None) -> ChainReport:
    key = ctx.keys().audit_key
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq, last_hash = 0, GENESIS
    seen_expected = False
    with ctx.db.read() as session:
        rows = session.execute(
            select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
        ).scalars()
        for e in rows:
            if e.seq != expected_seq:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    last_hash,
                    expected_seq,
                    f"entry {expected_seq} is missing (next is {e.seq})",
                )
            if e.prev_hash != prev:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    last_hash,
                    e.seq,
                    f"entry {e.seq} does not link to entry {e.seq - 1}",
                )
            if link_hash(key, prev, _canonical(e)) != e.hash:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    last_hash,
                    e.seq,
                    f"entry {e.seq} was altered after it was written",
                )
            if expect is not None and e.seq == expect[0]:
                seen_expected = True
                if e.hash != expect[1]:
                    return ChainReport(
                        False,
                        count,
                        last_seq,
                        last_hash,
                        e.seq,
                        f"entry {e.seq} differs from the saved head",
                    )
            prev = e.hash
            last_seq, last_hash = e.seq, e.hash
            expected_seq += 1
            count += 1
        head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if expect is not None and not seen_expected:
        return ChainReport(
            False,
            count,
            last_seq,
            last_hash,
            last_seq + 1,
            f"the log ends at entry {last_seq} but the saved head is entry "
            f"{expect[0]}: entries were cut off",
        )
    if head is not None and (head.seq, head.hash) != (last_seq, last_hash):
        return ChainReport(
            False,
            count,
            last_seq,
            last_hash,
            last_seq + 1,
            f"the log ends at entry {last_seq} but its head says {head.seq}: entries were cut off",
        )
    return ChainReport(True, count, last_seq, last_hash)


def parse_head(text: str) -> tuple[int, str]:
    seq, sep, digest = text.strip().partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise BadInput(_("A saved head is written SEQ:HASH, as printed by 'audit head'."), "head")
    return int(seq), digest.lower()


@reads(Permission.READ_AUDIT)
def verify_chain(ctx: Context, actor: Actor, expect: tuple[int, str] | None = None) -> ChainReport:
    """Recompute the whole chain; name the first entry that does not hold."""
    report = _verify(ctx, expect)
    record_alone(
        ctx,
        actor,
        "audit.verify",
        outcome=AuditOutcome.OK if report.ok else AuditOutcome.FAILED,
        detail=None if report.ok else f"first bad entry {report.first_bad_seq}",
    )
    return report


@reads(Permission.READ_AUDIT)
def chain_head(ctx: Context, actor: Actor) -> tuple[int, str]:
    with ctx.db.read() as session:
        last = session.execute(
            select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        ).first()
    return (last[0], last[1]) if last else (0, GENESIS)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    username: str | None
    role: str | None
    action: str
    entity_type: str | None
    entity_id: str | None
    fields: Sequence[str]
    outcome: str
    detail: str | None
    # what a person reads instead of the internal id: the customer's account number,
    # the staff member's name (None for other entities, or when it no longer exists)
    account_number: str | None = None
    staff_name: str | None = None


@reads(Permission.READ_AUDIT)
def list_events(
    ctx: Context,
    actor: Actor,
    *,
    username: str | None = None,
    action: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
    before_seq: int | None = None,
    entity: str | None = None,
) -> list[AuditEntry]:
    """Events newest first. ``entity`` finds the events of one customer or staff member by
    what a person knows: an account number, a user name, or the entity's id."""
    require_aware(since, "since")
    require_aware(until, "until")
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(max(1, min(limit, 5000)))
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    if until:
        stmt = stmt.where(AuditEvent.at < until)
    if before_seq is not None:
        stmt = stmt.where(AuditEvent.seq < max(0, min(before_seq, 2**62)))
    with ctx.db.read() as session:
        if entity:
            wanted = entity.strip()
            ids = {wanted}
            ids.update(
                _trail_id(i)
                for i in session.execute(
                    select(Customer.id).where(Customer.account_number == wanted)
                ).scalars()
            )
            ids.update(
                _trail_id(i)
                for i in session.execute(select(Staff.id).where(Staff.username == wanted)).scalars()
            )
            stmt = stmt.where(AuditEvent.entity_id.in_(sorted(ids)))
        events = list(session.execute(stmt).scalars())
        customer_ids = {e.entity_id for e in events if e.entity_type == "customer" and e.entity_id}
        staff_ids = {e.entity_id for e in events if e.entity_type == "staff" and e.entity_id}
        accounts = _names(session, Customer.id, Customer.account_number, customer_ids)
        names = _names(session, Staff.id, Staff.display_name, staff_ids)
        return [
            AuditEntry(
                e.seq,
                e.at,
                e.username,
                e.role,
                e.action,
                e.entity_type,
                e.entity_id,
                json.loads(e.fields),
                e.outcome,
                e.detail,
                accounts.get(e.entity_id or "") if e.entity_type == "customer" else None,
                names.get(e.entity_id or "") if e.entity_type == "staff" else None,
            )
            for e in events
        ]


def _trail_id(value: object) -> str:
    """An id as the trail writes it (record() stores str(entity_id))."""
    return str(value)


def _names(session: Session, id_column: Any, name_column: Any, ids: set[str]) -> dict[str, str]:
    """``{trail id: name}`` for the ids that parse as UUIDs and still exist."""
    parsed = []
    for text in ids:
        try:
            parsed.append(uuid.UUID(text))
        except ValueError:
            continue
    if not parsed:
        return {}
    rows = session.execute(select(id_column, name_column).where(id_column.in_(parsed)))
    return {_trail_id(row[0]): str(row[1]) for row in rows}
