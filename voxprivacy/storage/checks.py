"""What every written row must satisfy, checked before it reaches the database.

Two rules hold for every value a write session flushes, whichever service set
it and whether it was typed or derived (a folded email, a timeline entry built
around a reason):

- a text value fits its column's length. PostgreSQL enforces lengths, SQLite
  does not; checking here gives both backends the same answer, and a branch
  (SQLite) cannot queue a change the centre (PostgreSQL) would refuse.
- a column marked ``free_text`` in the models holds no payment card number
  (``domain.validation.find_card_number``).

A violation raises BadInput naming the field and the limit; the transaction
is rolled back, so nothing is half-written. Bulk Core statements do not pass
through a flush: their callers use ``check_values``, and ``refusal_of`` says
why an operation received from a branch breaks the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, String, Table, event
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from voxprivacy.domain.validation import check_length, refuse_card_numbers
from voxprivacy.errors import BadInput
from voxprivacy.storage import models as m
from voxprivacy.storage.changes import APPLYING
from voxprivacy.storage.wire import SYNCED, Change, RowChange, decode_row

FREE_TEXT = "free_text"

# What a user calls a column whose name says little on its own.
LABELS: dict[tuple[str, str], str] = {
    ("emails", "address"): "email",
    ("emails", "address_folded"): "email (its search form)",
    ("request_events", "detail"): "reason (as written in the request's timeline)",
    ("interactions", "summary"): "summary",
    ("privacy_requests", "extension_reason"): "reason",
    ("privacy_requests", "decision_reason"): "reason",
    ("disclosures", "recipient"): "recipient",
    ("disclosures", "data"): "data",
    ("staff", "display_name"): "display_name",
}


def length_of(column: Column[Any]) -> int | None:
    """The most characters a column stores (None: unlimited)."""
    kind = column.type
    return kind.length if isinstance(kind, String) and kind.length else None


def label(table: str, column: str) -> str:
    return LABELS.get((table, column), column)


def is_free_text(column: Column[Any]) -> bool:
    return bool(column.info.get(FREE_TEXT))


def check_value(table: Table, column: Column[Any], value: Any) -> None:
    if not isinstance(value, str):
        return
    limit = length_of(column)
    name = label(table.name, column.name)
    if limit is not None:
        check_length(name, value, limit)
    if is_free_text(column):
        refuse_card_numbers(value, name)


def check_values(table: Table, values: Mapping[str, Any]) -> None:
    """The rules for one row written with a Core statement."""
    for key, value in values.items():
        if key in table.columns:
            check_value(table, table.columns[key], value)


def refusal_of(changes: Iterable[Change]) -> str | None:
    """Why an operation from elsewhere (a branch's push) breaks these rules, or None.

    The operation's inserted and updated values are checked as a flush here
    would check them.
    """
    for change in changes:
        if not isinstance(change, RowChange) or not change.writes:
            continue
        spec = SYNCED[change.table]
        try:
            check_values(spec.table, decode_row(spec, change.values))
        except BadInput as exc:
            return exc.message
    return None


def _changed(obj: Any, new: bool) -> Iterable[tuple[Table, Column[Any], Any]]:
    state = obj._sa_instance_state
    table = obj.__table__
    if not isinstance(table, Table):
        return
    for prop in state.mapper.column_attrs:
        column = prop.columns[0]
        if not isinstance(column, Column) or column.table is not table:
            continue
        if new:
            value = state.dict.get(prop.key)
        else:
            added = state.attrs[prop.key].history.added
            if not added:
                continue
            value = added[0]
        yield table, column, value


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    if session.info.get(APPLYING):  # rows copied from another database
        return
    for new, objects in ((True, session.new), (False, session.dirty)):
        for obj in objects:
            if isinstance(obj, m.Base):
                for table, column, value in _changed(obj, new):
                    check_value(table, column, value)


def install(factory: sessionmaker[Session]) -> None:
    """Check every flush of the sessions ``factory`` makes."""
    event.listen(factory, "before_flush", _before_flush)
