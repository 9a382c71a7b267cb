"""The hub's side: applying a branch's operations, once each, in one transaction.

For every operation the hub decides one outcome and records it in its log
under the next sequence number, together with the *effects*: the values and
versions the touched fields have at the hub afterwards. Branches apply those
effects in log order, so every copy converges on the hub's state.

- ``applied``: each field whose base version is still the hub's version takes
  the branch's value; a field changed meanwhile to a *different* value keeps
  the hub's value and becomes a conflict (both values kept for a supervisor).
- ``rejected_erased``: the operation touches a customer erased at the hub; no
  value of it is kept, and the effects tell its branch to undo it.
- ``rejected``: the hub does not or cannot apply it: it is not signed by the
  member it names with their registered key, or that member is unknown or
  deactivated; it holds a change the member's role may not make from a branch
  (``sync/policy.py``); its database refused it (a duplicate account number, a
  value longer than its column, a value of the wrong type); or the operation is
  malformed (an unknown table, a change that is not one). The operation waits
  whole in the conflict queue with the reason, its rows go back to what the hub
  holds, and the rest of the batch goes through.

Every operation the hub applies or rejects leaves an event in its audit trail
(``sync.applied``, ``sync.rejected`` with the reason), under the signer, their
role and the branch.

An operation already in the log (a batch sent twice, an acknowledgement lost)
is answered from the log and changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import AuditOutcome, Role
from voxprivacy.errors import VoxError
from voxprivacy.i18n import SOURCE_LANGUAGE, _, in_every_language
from voxprivacy.security import signing
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, search_index
from voxprivacy.services.context import Keys, load_keys
from voxprivacy.services.erasure import purge_customer
from voxprivacy.services.search_index import SEARCHED
from voxprivacy.storage import changes as ch
from voxprivacy.storage import checks, wire
from voxprivacy.storage import models as m
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.wire import Action, Change, RowChange
from voxprivacy.sync import policy
from voxprivacy.sync.rows import RowBuffer

APPLIED = "applied"
REJECTED_ERASED = "rejected_erased"
REJECTED = "rejected"


@dataclass(frozen=True)
class IncomingOp:
    op_id: uuid.UUID
    staff_id: uuid.UUID | None
    made_at: datetime
    payload: str  # the changes as the branch's outbox holds them (wire.encode)
    erased: bool  # the branch already dropped its values (the customer was erased there)
    # the acting member's Ed25519 signature of signing.operation_bytes(op_id, staff_id,
    # made_at, payload); checked against their key registered at head office
    signature: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    op_id: uuid.UUID
    seq: int
    outcome: str
    conflicts: int
    repeated: bool  # already in the log before this batch


class LogEntry(NamedTuple):
    """One entry of the hub's log as a branch pulls it."""

    seq: int
    op_id: uuid.UUID
    origin: str
    effects: wire.Operation


class UnreadableLog(VoxError):
    """An entry of the hub's log cannot be read: the pull stops before it."""

    exit_status = 2


_NOT_SEARCHED: frozenset[str] = frozenset()


class NeedsCareful(Exception):
    """A batch hit a database refusal: apply it again one operation at a time."""


# What a value that cannot be applied raises while it is decoded, merged or written.
_VALUE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError)


def refusal(exc: BaseException) -> str | None:
    """Why the hub cannot apply an operation, if ``exc`` says so (else None: a real fault).

    Every statement error of the database (a constraint, a value too long or of the
    wrong type, an unknown name) is a refusal of that operation; a lost link, a lock
    or statement timeout and a cancelled query are not: the push stops and is tried
    again whole.
    """
    if isinstance(exc, DBAPIError):
        if isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated:
            return None
        text = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        return _("the central database refused it: {error}").format(
            error=text[0] if text else type(exc).__name__
        )
    if isinstance(exc, _VALUE_ERRORS):
        detail = str(exc).strip().splitlines()
        if detail:
            return _("a value could not be read: {error} ({detail})").format(
                error=type(exc).__name__, detail=detail[0][:200]
            )
        return _("a value could not be read: {error}").format(error=type(exc).__name__)
    return None


def read_operation(op: IncomingOp) -> wire.Operation:
    """The changes of a branch's operation; ``wire.WireError`` says why they cannot be read.

    Checked before anything is read or written for it: a modified client can put
    anything into its outbox, and nothing it sends may stop the rest of the push.
    """
    operation = wire.decode(op.payload)
    if not operation.changes:
        raise wire.WireError(_("it holds no changes"))
    if not op.erased:  # only an operation stripped after an erasure lists fields without values
        for n, change in enumerate(operation.changes, 1):
            if isinstance(change, RowChange) and change.fields is not None:
                raise wire.WireError(_("change {n} has no field values").format(n=n))
    return operation


def _admit(op: IncomingOp) -> tuple[wire.Operation | None, str | None]:
    """The operation's changes, or why the centre refuses it before reading anything for it."""
    try:
        operation = read_operation(op)
    except wire.WireError as exc:
        return None, _("the operation is malformed: {problem}").format(problem=exc.problem)
    try:
        broken = checks.refusal_of(operation)
    except _VALUE_ERRORS:  # an unreadable value: the apply sets it aside
        return operation, None
    if broken is not None:
        return None, _("a value breaks the rules of every write: {problem}").format(problem=broken)
    return operation, None


def _admitted_reason(op: IncomingOp) -> str:
    return _admit(op)[1] or _("the operation cannot be read")


# A refusal in each language we speak ("en", "fr", "nl" -> the text).
Reason = dict[str, str]


def refusal_reason(op: IncomingOp) -> str | None:
    """Why the centre refuses ``op`` before reading anything for it, or None.

    A malformed operation, and one whose values break the rules every local write
    follows (a value longer than its column, a card number in free text), are set
    aside whole: a branch's outbox is written by a client the centre does not
    control, so the centre checks again what the branch's services checked.
    """
    return _admit(op)[1]


def receive(
    session: Session,
    ops: list[IncomingOp],
    origin: str,
    now: datetime,
    *,
    careful: bool = False,
    keys: Keys | None = None,
) -> list[Outcome]:
    """Apply a branch's batch in the caller's transaction; an outcome for every operation.

    ``origin`` is the branch the caller authenticated. Each operation must be signed
    by its member and hold only changes their role may make from a branch; the
    audit trail gets one event per operation, appended with ``keys`` (the hub's
    own; by default derived from the master key in this host's keyring).

    Normally the whole batch is written with a few statements per table. If the
    database refuses something (``NeedsCareful``), the caller rolls back and
    calls again with ``careful``: each operation then runs in its own
    savepoint, and only the one refused is set aside.
    """
    keys = keys or load_keys(session, SecretStore())
    session.info[ch.APPLYING] = True
    conn = session.connection()
    log = m.table_of(m.ChangeLog)
    counter = m.table_of(m.SyncCounter)
    seq = conn.execute(
        select(counter.c.seq).where(counter.c.id == 1).with_for_update()
    ).scalar_one()
    known: dict[uuid.UUID, tuple[int, str]] = {}
    for chunk in ch.batches(conn, [str(op.op_id) for op in ops]):
        for row in conn.execute(
            select(log.c.op_id, log.c.seq, log.c.outcome).where(ch.among(conn, log.c.op_id, chunk))
        ):
            known[row.op_id] = (row.seq, row.outcome)
    rows = RowBuffer(session)
    admitted: dict[uuid.UUID, wire.Operation] = {}
    # a refusal is stored in every language (the supervisor reading it may speak any),
    # the audit trail gets its English
    malformed: dict[uuid.UUID, Reason] = {}
    for op in ops:
        operation, _why = _admit(op)
        if operation is not None:
            admitted[op.op_id] = operation
        else:
            malformed[op.op_id] = in_every_language(partial(_admitted_reason, op)) or {}
    fresh = [
        change
        for op in ops
        if op.op_id not in known and op.op_id in admitted
        for change in admitted[op.op_id].rows
    ]
    rows.prefetch((c.key for c in fresh), fields_of(fresh))
    erased = _erased_customers(session, list(admitted.values()))
    signers = _signers(session, [op for op in ops if op.op_id not in known])
    view = policy.HubView(session, keys.branch, now)
    entries: list[dict[str, Any]] = []
    outcomes: list[Outcome] = []
    events: list[audit.Entry] = []
    reindex: set[str] = set()  # customers whose searched fields this batch changed

    def append(
        op: IncomingOp, outcome: str, effects: list[Change], n: int, why: str | None = None
    ) -> None:
        nonlocal seq
        events.append(_event(op, origin, outcome, n, why, signers, admitted.get(op.op_id)))
        seq += 1
        entries.append(
            {
                "seq": seq,
                "op_id": op.op_id,
                "origin": origin,
                "outcome": outcome,
                "staff_id": op.staff_id,
                "made_at": op.made_at,
                "applied_at": now,
                "effects": effects,
            }
        )
        known[op.op_id] = (seq, outcome)
        outcomes.append(Outcome(op.op_id, seq, outcome, n, False))

    for op in ops:
        if op.op_id in known:
            seq_before, outcome = known[op.op_id]
            outcomes.append(Outcome(op.op_id, seq_before, outcome, 0, True))
            continue
        said = malformed.get(op.op_id)
        if said is not None:
            _unsigned(op, signers)  # its audit event names the signer only if the signature holds
            left = wire.remains(op.payload)
            conflict = _rejected_conflict(op, origin, now, said, left)
            rows.insert(("sync_conflicts", str(conflict["id"])), conflict)
            effects = _undo(rows, left.rows)
            effects.append(_conflict_effect(conflict))
            append(op, REJECTED, effects, 1, said[SOURCE_LANGUAGE])
            continue
        operation = admitted[op.op_id]
        markers = operation.erasures
        erasing = {marker.customer for marker in markers}
        touched = operation.customers - erasing
        if op.erased or touched & erased:
            _unsigned(op, signers)  # as above: a late honest edit is told from a forgery
            append(op, REJECTED_ERASED, _undo(rows, operation.rows), 0, _ERASED_HERE)
            continue
        if markers:
            rows.flush()  # the erasure's request may have come earlier in this batch
        said = in_every_language(partial(_vetted, op, operation, signers, view))
        if said is not None:
            conflict = _rejected_conflict(op, origin, now, said, wire.remains(op.payload))
            rows.insert(("sync_conflicts", str(conflict["id"])), conflict)
            effects = _undo(rows, operation.rows)
            for customer in sorted(erasing):  # the branch purged it: it gets it back whole
                effects.extend(_customer_rows(session, customer))
            effects.append(_conflict_effect(conflict))
            append(op, REJECTED, effects, 1, said[SOURCE_LANGUAGE])
            continue
        savepoint = session.begin_nested() if careful else None
        try:
            effects, conflicts = _apply(rows, op, operation, origin, now, erasing, reindex)
            if markers or careful:
                rows.flush()
            for marker in markers:
                purge_customer(
                    session, uuid.UUID(marker.customer), marker.at, uuid.UUID(marker.keep)
                )
                erased.add(marker.customer)
                reindex.discard(marker.customer)
                for entry in entries:  # this batch's entries are not in the log yet
                    entry["effects"] = ch.as_now(session, entry["effects"], marker.customer)
            if markers:
                rows.forget()
                effects = _stamp_effects(session, ch.settle_erased(session, [*effects, *markers]))
            if savepoint is not None:
                savepoint.commit()
            outcome, reason = APPLIED, None
        except Exception as exc:
            said = in_every_language(partial(refusal, exc))
            if said is None:
                raise
            reason = said[SOURCE_LANGUAGE]
            if savepoint is None:
                raise NeedsCareful(reason) from exc
            savepoint.rollback()
            rows.writes.clear()
            rows.forget()
            effects = _undo(rows, operation.rows)
            conflicts = [_rejected_conflict(op, origin, now, said, wire.remains(op.payload))]
            outcome = REJECTED
        for conflict in conflicts:
            rows.insert(("sync_conflicts", str(conflict["id"])), conflict)
            effects.append(_conflict_effect(conflict))
        append(op, outcome, effects, len(conflicts), reason if outcome == REJECTED else None)
    try:
        rows.flush()
    except Exception as exc:
        reason = refusal(exc)
        if reason is None or careful:
            raise
        raise NeedsCareful(reason) from exc
    search_index.reindex_many(session.connection(), reindex)
    if entries:
        spread: list[dict[str, Any]] = []
        for entry in entries:
            effects_now = wire.Operation(tuple(entry["effects"]))
            customers = sorted(effects_now.customers)
            entry["customer_id"] = uuid.UUID(customers[0]) if len(customers) == 1 else None
            if len(customers) > 1:
                spread.extend({"customer_id": uuid.UUID(c), "seq": entry["seq"]} for c in customers)
            entry["effects"] = wire.encode(effects_now)
        _append_entries(conn, entries)
        if spread:
            conn.execute(insert(m.table_of(m.ChangeCustomer)), spread)
        conn.execute(update(counter).where(counter.c.id == 1).values(seq=seq))
    audit.append_many(session, keys, now, events)
    session.info.pop(ch.APPLYING, None)
    return outcomes


_ERASED_HERE = "it touches a customer erased at head office"


@dataclass(frozen=True)
class _Signer:
    member: policy.Signer
    active: bool
    public_key: bytes | None
    verified: dict[uuid.UUID, bool] = field(default_factory=dict)  # op id -> signature holds


def _signers(session: Session, ops: list[IncomingOp]) -> dict[uuid.UUID, _Signer]:
    """The members the operations name, with their registered keys, as head office has them."""
    wanted = sorted({str(op.staff_id) for op in ops if op.staff_id is not None})
    staff, keys = m.table_of(m.Staff), m.table_of(m.StaffKey)
    conn = session.connection()
    found: dict[uuid.UUID, _Signer] = {}
    for chunk in ch.batches(conn, wanted):
        for row in conn.execute(
            select(staff.c.id, staff.c.username, staff.c.role, staff.c.active, keys.c.public_key)
            .select_from(staff.outerjoin(keys, keys.c.staff_id == staff.c.id))
            .where(ch.among(conn, staff.c.id, chunk))
        ):
            found[row.id] = _Signer(
                policy.Signer(row.id, row.username, Role(row.role)),
                bool(row.active),
                None if row.public_key is None else bytes(row.public_key),
            )
    return found


def _unsigned(op: IncomingOp, signers: dict[uuid.UUID, _Signer]) -> str | None:
    """Why ``op`` is not signed by the member it names, or None when it is."""
    if op.staff_id is None:
        return _("it is not signed: it names no member")
    signer = signers.get(op.staff_id)
    if signer is None:
        return _("it is signed in the name of a member unknown at head office")
    name = signer.member.username
    if not signer.active:
        return _("it is signed by {name}, whose account is deactivated").format(name=name)
    if signer.public_key is None:
        return _("{name} has no signing key at head office").format(name=name)
    if op.signature is None:
        return _("it carries no signature of {name}").format(name=name)
    held = signer.verified.get(op.op_id)
    if held is None:
        message = signing.operation_bytes(op.op_id, op.staff_id, op.made_at, op.payload)
        held = signer.verified[op.op_id] = signing.verify(signer.public_key, op.signature, message)
    if not held:
        return _("its signature is not {name}'s: it was altered or signed with another key").format(
            name=name
        )
    return None


def _vetted(
    op: IncomingOp,
    operation: wire.Operation,
    signers: dict[uuid.UUID, _Signer],
    view: policy.HubView,
) -> str | None:
    """Why head office does not apply ``op`` (its signer, or what they may do), or None."""
    unsigned = _unsigned(op, signers)
    if unsigned is not None:
        return unsigned
    assert op.staff_id is not None
    try:
        policy.check(operation, signers[op.staff_id].member, view)
    except policy.Refusal as refused:
        return _("not allowed from a branch: {refusal}").format(refusal=refused)
    return None


def _event(
    op: IncomingOp,
    origin: str,
    outcome: str,
    conflicts: int,
    why: str | None,
    signers: dict[uuid.UUID, _Signer],
    operation: wire.Operation | None,
) -> audit.Entry:
    """The audit event of one branch operation: under its signer when the signature holds."""
    signer = signers.get(op.staff_id) if op.staff_id is not None else None
    verified = signer is not None and signer.verified.get(op.op_id, False)
    member = signer.member if signer is not None and verified else None
    detail = f"from branch {origin}"
    if not verified and op.staff_id is not None:
        detail += f", in the name of staff {op.staff_id}"
    if why is not None:
        detail += f": {why}"
    elif conflicts:
        detail += f", {conflicts} conflict{'s' if conflicts != 1 else ''}"
    tables = sorted({c.table for c in operation.rows}) if operation is not None else []
    return audit.Entry(
        "sync.applied" if outcome == APPLIED else "sync.rejected",
        AuditOutcome.OK if outcome == APPLIED else AuditOutcome.REFUSED,
        staff_id=str(member.staff_id) if member else None,
        username=member.username if member else None,
        role=str(member.role) if member else None,
        entity_type="sync_operation",
        entity_id=str(op.op_id),
        fields=tuple(tables),
        detail=detail,
    )


_LOG_COLUMNS = (
    "seq",
    "op_id",
    "origin",
    "outcome",
    "staff_id",
    "made_at",
    "applied_at",
    "customer_id",
    "effects",
)


def _append_entries(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Write a batch's log entries; on PostgreSQL with COPY (many times a multi-row INSERT)."""
    if conn.dialect.name != "postgresql":
        conn.execute(insert(m.table_of(m.ChangeLog)), entries)
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY sync_change_log ({', '.join(_LOG_COLUMNS)}) FROM STDIN") as copy,
    ):
        for entry in entries:
            copy.write_row(tuple(entry[c] for c in _LOG_COLUMNS))


def fields_of(changes: Iterable[RowChange]) -> dict[str, set[str]]:
    """The fields a batch of changes reads, table by table."""
    wanted: dict[str, set[str]] = {}
    for change in changes:
        wanted.setdefault(change.table, set()).update(change.values)
    return wanted


def _stamp_effects(session: Session, effects: list[Change]) -> list[Change]:
    """Effects rewritten after an erasure, with the versions their fields have now."""
    keys = [e.key for e in effects if isinstance(e, RowChange) and e.writes]
    stored = ch.load_versions(session, keys)
    out: list[Change] = []
    for effect in effects:
        if isinstance(effect, RowChange) and effect.writes:
            versions = stored.get(effect.key, {})
            effect = replace(effect, versions={f: versions.get(f) for f in effect.values})
        out.append(effect)
    return out


def _erased_customers(session: Session, operations: list[wire.Operation]) -> set[str]:
    wanted = sorted(set().union(*(op.customers for op in operations)))
    customers = m.table_of(m.Customer)
    conn = session.connection()
    found: set[str] = set()
    for chunk in ch.batches(conn, wanted):
        found.update(
            str(r.id)
            for r in conn.execute(
                select(customers.c.id).where(
                    ch.among(conn, customers.c.id, chunk), customers.c.status == "erased"
                )
            )
        )
    return found


def _apply(
    rows: RowBuffer,
    op: IncomingOp,
    operation: wire.Operation,
    origin: str,
    now: datetime,
    erasing: set[str],
    reindex: set[str],
) -> tuple[list[Change], list[dict[str, Any]]]:
    """Apply one operation's row changes; rows of a customer it erases are taken as they are
    (the erasure is final, and nothing about that customer may wait in the queue).

    Customers whose searched fields it changes are added to ``reindex``.
    """
    effects: list[Change] = []
    conflicts: list[dict[str, Any]] = []
    op_version = str(op.op_id)

    def conflict(change: RowChange, kind: str, field: str, central: Any, branch: Any) -> None:
        conflicts.append(
            {
                "id": str(uuid7()),
                "op_id": op_version,
                "origin": origin,
                "kind": kind,
                "tbl": change.table,
                "row_id": change.row_id,
                "field": field,
                "customer_id": change.customer,
                "central_value": wire.dumps(central),
                "branch_value": wire.dumps(branch),
                "branch_staff_id": str(op.staff_id) if op.staff_id else None,
                "created_at": now.isoformat(),
                "resolved_at": None,
                "resolved_by": None,
                "resolution": None,
            }
        )

    for change in operation.rows:
        key = change.key
        spec = wire.SYNCED[change.table]
        current = rows.get(key)
        versions = rows.versions.setdefault(key, {})
        customer = change.customer
        searched = SEARCHED.get(key[0], _NOT_SEARCHED)
        final = customer in erasing
        if change.action is Action.DELETE:
            if current is None:
                effects.append(_gone(key, customer))
            elif not final and _changed_since(change.base or {}, versions):
                conflict(change, "deleted", "*", current, None)
                effects.append(_full(key, rows.full(key) or current, versions, customer))
            else:
                rows.delete(key)
                effects.append(_gone(key, customer))
                if searched and customer:
                    reindex.add(customer)
            continue
        values = {f: v for f, v in change.values.items() if f in spec.columns}
        if change.action is Action.INSERT and current is None:
            if searched and customer:
                reindex.add(customer)
            rows.insert(key, values)
            versions.update({f: op_version for f in values})
            effects.append(_effect(key, values, versions, customer, Action.INSERT))
            continue
        if current is None:  # changed there, deleted at the hub meanwhile
            if not final:
                conflict(change, "deleted", "*", None, values)
            effects.append(_gone(key, customer))
            continue
        base = change.base or {}
        taken: dict[str, Any] = {}
        for f, value in values.items():
            if (key[0], f) in ch.DERIVED:
                continue
            merge = ch.MERGE.get((key[0], f))
            if merge is not None:
                column = spec.columns[f]
                combined = wire.encode_value(
                    column,
                    merge(wire.decode_value(column, current[f]), wire.decode_value(column, value)),
                )
                if combined != current[f]:
                    taken[f] = combined
                    versions[f] = op_version
            elif final or change.action is Action.INSERT or base.get(f) == versions.get(f):
                if value != current[f]:
                    taken[f] = value
                versions[f] = op_version
            elif value != current[f]:
                conflict(change, "field", f, current[f], value)
        for (tbl, f), source in ch.DERIVED.items():
            if tbl == key[0] and f in values and source in taken:
                taken[f] = values[f]
                versions[f] = op_version
        if taken:
            rows.update(key, taken)
            if customer and not searched.isdisjoint(taken):
                reindex.add(customer)
        effects.append(_effect(key, {f: current[f] for f in values}, versions, customer))
    return effects, conflicts


def _changed_since(base: wire.Versions, versions: dict[str, str]) -> bool:
    """Has any field of the row changed since the versions an operation saw?"""
    return any(versions.get(f) != v for f, v in base.items()) or any(
        f not in base for f in versions
    )


def _effect(
    key: tuple[str, str],
    values: dict[str, Any],
    versions: dict[str, str],
    customer: str | None,
    action: Action = Action.UPDATE,
) -> RowChange:
    return RowChange(
        key[0],
        key[1],
        action,
        dict(values),
        customer,
        versions={f: versions.get(f) for f in values},
    )


def _gone(key: tuple[str, str], customer: str | None) -> RowChange:
    return RowChange(key[0], key[1], Action.DELETE, customer=customer)


def _full(
    key: tuple[str, str], row: dict[str, Any], versions: dict[str, str], customer: str | None
) -> RowChange:
    return _effect(key, row, versions, customer, Action.INSERT)


def _customer_rows(session: Session, customer: str) -> list[Change]:
    """Every synchronised row of one customer as the hub has it, with its versions.

    What a branch that erased the customer needs to hold them again when head
    office refuses the erasure.
    """
    conn = session.connection()
    cid = uuid.UUID(customer)
    requests = m.table_of(m.PrivacyRequest)
    of_requests = select(requests.c.id).where(requests.c.customer_id == cid)
    out: list[Change] = []
    for name, spec in wire.SYNCED.items():
        table = spec.table
        if name == "customers":
            where = table.c.id == cid
        elif "customer_id" in table.c and name != "sync_conflicts":
            where = table.c.customer_id == cid
        elif "request_id" in table.c:
            where = table.c.request_id.in_(of_requests)
        else:
            continue
        ids = [str(r) for r in conn.execute(select(table.c[spec.pk]).where(where)).scalars()]
        if not ids:
            continue
        found = ch.read_rows(session, spec, ids)
        versions = ch.load_versions(session, [(name, i) for i in ids])
        for row_id, values in found.items():
            out.append(_full((name, row_id), values, versions.get((name, row_id), {}), customer))
    return out


def _undo(rows: RowBuffer, changes: Iterable[RowChange]) -> list[Change]:
    """Effects that put the operation's rows back as the hub has them."""
    effects: list[Change] = []
    for change in changes:
        current = rows.full(change.key)
        versions = rows.versions.get(change.key, {})
        if current is None:
            effects.append(_gone(change.key, change.customer))
        else:
            effects.append(_full(change.key, current, versions, change.customer))
    return effects


def _conflict_effect(conflict: dict[str, Any]) -> RowChange:
    return RowChange(
        "sync_conflicts",
        conflict["id"],
        Action.INSERT,
        conflict,
        conflict["customer_id"],
        versions={},
    )


def _rejected_conflict(
    op: IncomingOp, origin: str, now: datetime, reason: Reason, left: wire.Remains
) -> dict[str, Any]:
    """The conflict that keeps a refused operation whole, with the reason, for a supervisor.

    Only well-formed parts of the operation reach its columns: this row must be
    written whatever the branch sent.
    """
    try:
        branch_value = wire.dumps(left.as_sent)
    except (TypeError, ValueError):
        branch_value = wire.dumps([])
    return {
        "id": str(uuid7()),
        "op_id": str(op.op_id),
        "origin": origin,
        "kind": "rejected",
        "tbl": left.first[0],
        "row_id": left.first[1],
        "field": "*",
        "customer_id": left.customers[0] if left.customers else None,
        "central_value": wire.dumps({code: text[:300] for code, text in reason.items()}),
        "branch_value": branch_value,
        "branch_staff_id": str(op.staff_id) if op.staff_id else None,
        "created_at": now.isoformat(),
        "resolved_at": None,
        "resolved_by": None,
        "resolution": None,
    }


def log_after(session: Session, cursor: int, limit: int) -> list[LogEntry]:
    """A page of the log after a branch's cursor; ``UnreadableLog`` if an entry is not one."""
    log = m.table_of(m.ChangeLog)
    rows = session.connection().execute(
        select(log.c.seq, log.c.op_id, log.c.origin, log.c.effects)
        .where(log.c.seq > cursor)
        .order_by(log.c.seq)
        .limit(limit)
    )
    entries: list[LogEntry] = []
    for seq, op_id, origin, effects in rows:
        try:
            entries.append(LogEntry(seq, op_id, origin, wire.decode(effects)))
        except wire.WireError as exc:
            raise UnreadableLog(
                _(
                    "Entry {seq} of the central database's log cannot be read "
                    "({problem}); nothing from it or after it was applied "
                    "here. Check that the central database and every "
                    "workstation run the same version of voxprivacy; this "
                    "branch keeps its own changes meanwhile."
                ).format(seq=seq, problem=exc.problem)
            ) from None
    return entries
