"""The synchronisation wire format: an operation as an outbox and the hub's log keep it.

Change capture (``storage/changes.py``) produces operations; a branch's push
(``sync/replica.py``) sends them and the hub (``sync/hub.py``) applies them
and logs their effects, which every branch pulls. All of them handle the
typed records defined here; ``encode`` and ``decode`` are the only place that
knows how the records look as JSON.

An operation is a JSON list of changes, each an object with short keys::

    {"t": table, "id": row id, "a": "i" | "u" | "d", "c": customer id or null,
     "v": {field: value},          inserted or updated values (as JSON, see encode_value)
     "f": [field, …],              instead of "v": the fields, once an erasure dropped the values
     "b": {field: version},        the versions the change was based on (outbox)
     "ver": {field: version}}      the versions the fields have at the hub afterwards (log)

    {"a": "e", "c": customer id, "at": time, "keep": kept request id}   an erasure

The keys are those of the first version of the format, so operations already
waiting in outboxes and logs read as they always did. ``decode`` validates
what it reads: anything else raises ``WireError`` with a sentence naming the
problem, which the hub records as the reason it set the operation aside.

Also here: which tables travel (``SYNCED``, parents first) and how a column's
value travels (``encode_value``/``decode_value``).
"""

from __future__ import annotations

import base64
import functools
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Date, LargeBinary, Table, Uuid

from voxprivacy.i18n import _
from voxprivacy.storage import models as m

# ----------------------------------------------------------------------------- the tables

# Columns that stay with one database: optimistic-lock counters and failure counters.
_LOCAL_COLUMNS = {
    "version",  # optimistic locking, per database
    "sync_versions",  # moved by the synchronisation itself, not as a field
}
_LOCAL_BY_TABLE = {"staff": {"failed_attempts", "code_failures", "last_failure_at"}}


@dataclass(frozen=True)
class TableSpec:
    table: Table
    columns: dict[str, Column[Any]]  # synchronised columns by name
    pk: str
    has_version: bool

    @property
    def name(self) -> str:
        return self.table.name


def _spec(model: type[m.Base]) -> TableSpec:
    table = model.__table__
    assert isinstance(table, Table)
    local = _LOCAL_COLUMNS | _LOCAL_BY_TABLE.get(table.name, set())
    columns = {c.name: c for c in table.columns if c.name not in local}
    (pk,) = [c.name for c in table.primary_key.columns]
    return TableSpec(table, columns, pk, "version" in table.columns)


# In dependency order: a row's parents come before it.
SYNCED: dict[str, TableSpec] = {
    s.name: s
    for s in map(
        _spec,
        (
            m.Staff,
            m.StaffKey,
            m.RecoveryCode,
            m.Setting,
            m.Customer,
            m.Address,
            m.Phone,
            m.Email,
            m.Subscription,
            m.PaymentCard,
            m.Invoice,
            m.Interaction,
            m.ConsentEvent,
            m.PrivacyRequest,
            m.RequestEvent,
            m.RectificationChange,
            m.Disclosure,
            m.SyncConflict,
        ),
    )
}
ORDER = {name: i for i, name in enumerate(SYNCED)}
_FIELDS = {name: frozenset(spec.columns) for name, spec in SYNCED.items()}
_UUID_KEYED = {n for n, spec in SYNCED.items() if isinstance(spec.columns[spec.pk].type, Uuid)}


# ----------------------------------------------------------------------------- values as JSON


def encode_value(column: Column[Any], value: Any) -> Any:
    """A column's value as it travels: text for times, dates and ids, base64 for bytes."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_b64(raw: dict[str, str]) -> bytes:
    return base64.b64decode(raw["b64"])


def is_bytes(raw: Any) -> bool:
    """Is this JSON value a column's bytes (an encrypted token or secret)?"""
    return isinstance(raw, dict) and "b64" in raw


@functools.cache
def _decoder(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a column's JSON value becomes a Python value (None: it already is one)."""
    kind = column.type
    if isinstance(kind, LargeBinary):
        return _from_b64
    if isinstance(kind, m.UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Uuid):
        return uuid.UUID
    return None


def decode_value(column: Column[Any], raw: Any) -> Any:
    if raw is None:
        return None
    convert = _decoder(column)
    return raw if convert is None else convert(raw)


def decode_row(spec: TableSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: decode_value(spec.columns[k], raw) for k, raw in values.items() if k in spec.columns}


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 as it is (no \\u escapes)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# ----------------------------------------------------------------------------- the records

# field -> the id of the operation that last changed it (None: never synchronised)
Versions = Mapping[str, str | None]


class Action(StrEnum):
    INSERT = "i"
    UPDATE = "u"
    DELETE = "d"


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row an operation inserted, updated or deleted."""

    table: str
    row_id: str  # the primary key as text (a UUID with dashes, or a setting's key)
    action: Action
    values: Mapping[str, Any] = field(default_factory=dict)  # field -> value as JSON
    customer: str | None = None  # whose record it belongs to (erasure follows it)
    base: Versions | None = None  # the versions the change was based on (outbox only)
    versions: Versions | None = None  # the versions at the hub afterwards (log only)
    fields: tuple[str, ...] | None = None  # the fields touched, once the values were dropped

    @property
    def key(self) -> tuple[str, str]:
        return (self.table, self.row_id)

    @property
    def writes(self) -> bool:
        """An insert or an update (a change that carries values)."""
        return self.action is not Action.DELETE

    @property
    def touched(self) -> tuple[str, ...]:
        """The fields it changed, whether it still carries their values or not."""
        return tuple(self.values) if self.fields is None else self.fields


@dataclass(frozen=True, slots=True)
class Erasure:
    """A customer's erasure: every copy runs the same purge with these arguments."""

    customer: str
    at: datetime
    keep: str  # the erasure request, kept as the proof it was done


Change = RowChange | Erasure


@dataclass(frozen=True, slots=True)
class Operation:
    """One write transaction's changes (an outbox entry), or its effects (a log entry)."""

    changes: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @property
    def rows(self) -> list[RowChange]:
        return [c for c in self.changes if isinstance(c, RowChange)]

    @property
    def erasures(self) -> list[Erasure]:
        return [c for c in self.changes if isinstance(c, Erasure)]

    @property
    def customers(self) -> set[str]:
        """Every customer the operation names."""
        return {c.customer for c in self.changes if c.customer is not None}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Inside records that pydantic serialises (the sync transport's ``LogEntry``), an
        operation travels as ``encode`` writes it and is read back with ``decode``."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _operation_from,
            serialization=core_schema.plain_serializer_function_ser_schema(encode),
        )


def _operation_from(raw: Any) -> Operation:
    if isinstance(raw, Operation):
        return raw
    if not isinstance(raw, str):
        raise ValueError("an operation travels as the text wire.encode writes")
    try:
        return decode(raw)
    except WireError as exc:
        raise ValueError(exc.problem) from None


class WireError(Exception):
    """An operation that cannot be read; the message names what is wrong with it."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


# ----------------------------------------------------------------------------- encoding


def _encode_change(change: Change) -> dict[str, Any]:
    if isinstance(change, Erasure):
        return {"a": "e", "c": change.customer, "at": change.at.isoformat(), "keep": change.keep}
    out: dict[str, Any] = {"t": change.table, "id": change.row_id, "a": change.action.value}
    if change.fields is not None:
        out["f"] = list(change.fields)
    elif change.action is not Action.DELETE:
        out["v"] = dict(change.values)
    out["c"] = change.customer
    if change.base is not None:
        out["b"] = dict(change.base)
    if change.versions is not None:
        out["ver"] = dict(change.versions)
    return out


def encode(operation: Operation) -> str:
    """The operation as JSON text, as an outbox entry or a log entry stores it."""
    return dumps([_encode_change(c) for c in operation.changes])


# ----------------------------------------------------------------------------- decoding


_USUAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TEXT = frozenset({str})
_TEXT_OR_NULL = frozenset({str, type(None)})


def _uuid_text(value: Any) -> str | None:
    """A UUID given as text, in its usual form (None: it is not one)."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    if _USUAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _versions(raw: Any) -> Versions | None:
    """Versions by field (JSON object keys are always text), or None if they are not."""
    if not isinstance(raw, dict) or not _TEXT_OR_NULL.issuperset(map(type, raw.values())):
        return None
    return raw


class _Unreadable(Exception):
    """What is wrong with one change (``decode`` says which change it is)."""


def _decode_erasure(raw: dict[str, Any]) -> Erasure:
    customer = _uuid_text(raw.get("c"))
    keep = _uuid_text(raw.get("keep"))
    if customer is None or keep is None:
        raise _Unreadable(_("is an erasure without its customer or kept request"))
    at = raw.get("at")
    try:
        when = datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise _Unreadable(_("is an erasure without a valid time"))
    return Erasure(customer, when, keep)


def _decode_row(raw: dict[str, Any], action: Action) -> RowChange:
    table = raw.get("t")
    if table is None:
        raise _Unreadable(_("names no table"))
    if not isinstance(table, str) or table not in SYNCED:
        raise _Unreadable(
            _("names an unknown table {str_table_40!r}").format(str_table_40=str(table)[:40])
        )
    row_id = raw.get("id")
    if not isinstance(row_id, str) or not row_id or len(row_id) > 60:
        raise _Unreadable(_("has no valid row id"))
    if table in _UUID_KEYED:
        canonical = _uuid_text(row_id)
        if canonical is None:
            raise _Unreadable(_("has a row id that is not one of {table}").format(table=table))
        row_id = canonical
    customer = raw.get("c")
    if customer is not None:
        customer = _uuid_text(customer)
        if customer is None:
            raise _Unreadable(_("names a customer that is not an id"))
    values: Mapping[str, Any] = {}
    fields: tuple[str, ...] | None = None
    if "f" in raw and "v" not in raw:
        listed = raw["f"]
        if not isinstance(listed, list) or not _TEXT.issuperset(map(type, listed)):
            raise _Unreadable(_("has an unreadable list of fields"))
        fields = tuple(listed)
        named: Any = fields
    elif action is not Action.DELETE or "v" in raw:
        given = raw.get("v")
        if not isinstance(given, dict):  # (its keys are text: JSON's always are)
            raise _Unreadable(_("has no field values"))
        values = {} if action is Action.DELETE else given
        named = given
    else:
        named = ()
    if not _FIELDS[table].issuperset(named):
        unknown = sorted(set(named) - _FIELDS[table])
        raise _Unreadable(
            _("names an unknown field {table}.{unknown_0_40}").format(
                table=table, unknown_0_40=unknown[0][:40]
            )
        )
    base = versions = None
    if "b" in raw:
        base = _versions(raw["b"])
        if base is None:
            raise _Unreadable(_("has unreadable base versions"))
    if "ver" in raw:
        versions = _versions(raw["ver"])
        if versions is None:
            raise _Unreadable(_("has unreadable versions"))
    return RowChange(table, row_id, action, values, customer, base, versions, fields)


def _decode_change(raw: Any) -> Change:
    if not isinstance(raw, dict):
        raise _Unreadable(_("is not an object"))
    if "a" not in raw:
        raise _Unreadable(_("has no action"))
    code = raw["a"]
    if code == "e":
        return _decode_erasure(raw)
    action = _ACTIONS.get(code) if isinstance(code, str) else None
    if action is None:
        raise _Unreadable(
            _("has an unknown action {str_code_40!r}").format(str_code_40=str(code)[:40])
        )
    return _decode_row(raw, action)


_ACTIONS = {a.value: a for a in Action}


def decode(text: str | bytes) -> Operation:
    """An operation read back from its JSON text; ``WireError`` if it is not one."""
    try:
        raw = json.loads(text)
    except (TypeError, ValueError):
        raise WireError(_("its changes are not JSON")) from None
    if not isinstance(raw, list):
        raise WireError(_("it holds no list of changes"))
    changes: list[Change] = []
    for n, item in enumerate(raw, 1):
        try:
            changes.append(_decode_change(item))
        except _Unreadable as exc:
            raise WireError(_("change {n} {exc}").format(n=n, exc=exc)) from None
    return Operation(tuple(changes))


@dataclass(frozen=True, slots=True)
class Remains:
    """What can still be read of an operation that does not decode, to set it aside."""

    rows: tuple[RowChange, ...]  # the changes that name a known row, as updates without values
    customers: tuple[str, ...]  # every customer its changes name
    first: tuple[str, str]  # the table and row its first change names, as sent (shortened)
    as_sent: list[Any]  # its changes as sent ([] when they are not a JSON list)


def remains(text: str | bytes) -> Remains:
    """The readable parts of any operation's text, however malformed the rest."""
    try:
        raw = json.loads(text)
    except (TypeError, ValueError):
        raw = None
    sent: list[Any] = raw if isinstance(raw, list) else []
    rows: list[RowChange] = []
    customers: list[str] = []
    for item in sent:
        if not isinstance(item, dict):
            continue
        customer = _uuid_text(item.get("c"))
        if customer is not None and customer not in customers:
            customers.append(customer)
        if item.get("a") not in ("i", "u", "d"):
            continue
        try:
            row = _decode_row({"t": item.get("t"), "id": item.get("id")}, Action.DELETE)
        except _Unreadable:
            continue
        rows.append(RowChange(row.table, row.row_id, Action.UPDATE, customer=customer))
    first = sent[0] if sent and isinstance(sent[0], dict) else {}
    return Remains(
        tuple(rows),
        tuple(customers),
        (str(first.get("t", ""))[:40], str(first.get("id", ""))[:60]),
        sent,
    )
