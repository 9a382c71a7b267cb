"""storage/changes: how a write transaction becomes one synchronisation operation.

The pure parts (merging a transaction's flushes, stamping versions) directly; the
capture itself on a hub (PostgreSQL) and on a standalone database. The records an
operation is made of, and their JSON, are tested in test_wire.py."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update
from support.desk import Desk, Member
from support.fixtures import agent, central, clock, quick_password_hashes

from voxprivacy.services import customers
from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database
from voxprivacy.storage.wire import Action, Change, Erasure, RowChange

__all__ = ["agent", "central", "clock", "quick_password_hashes"]  # fixtures, shared

# ---- one change per row ------------------------------------------------------------------


def _insert(row: str, **values: Any) -> RowChange:
    return RowChange("customers", row, Action.INSERT, values, row)


def _update(row: str, **values: Any) -> RowChange:
    return RowChange("customers", row, Action.UPDATE, values, row)


def _delete(row: str, base: dict[str, str | None]) -> RowChange:
    return RowChange("customers", row, Action.DELETE, customer=row, base=base)


_ERASURE = Erasure(str(uuid.UUID(int=1)), datetime(2026, 1, 1, tzinfo=UTC), str(uuid.UUID(int=2)))


def test_a_row_flushed_several_times_is_one_change() -> None:
    merged = ch.merge_pending(
        [_insert("a", name="Ada"), _update("a", name="Ada L.", note="x"), _update("b", note="y")]
    )
    assert merged == [_insert("a", name="Ada L.", note="x"), _update("b", note="y")]


def test_a_row_inserted_and_deleted_in_one_transaction_leaves_nothing() -> None:
    assert ch.merge_pending([_insert("a", name="Ada"), _delete("a", {})]) == []
    gone = [_insert("a", name="Ada"), _delete("a", {}), _update("a", note="late")]
    assert ch.merge_pending(gone) == []


def test_an_update_then_a_delete_is_a_delete_with_the_rows_versions() -> None:
    merged = ch.merge_pending([_update("a", note="x"), _delete("a", {"note": "op1"})])
    assert merged == [_delete("a", {"note": "op1"})]


def test_erasures_are_kept_as_they_are_and_in_place() -> None:
    erasure = ch.erasure(uuid.UUID(int=1), datetime(2026, 1, 1, tzinfo=UTC), uuid.UUID(int=2))
    assert erasure == _ERASURE
    merged = ch.merge_pending([_update("a", note="x"), erasure, _update("a", name="B")])
    assert merged == [_update("a", note="x", name="B"), erasure]


def test_the_input_changes_are_not_modified() -> None:
    first = _insert("a", name="Ada")
    ch.merge_pending([first, _update("a", name="Bea")])
    assert first == _insert("a", name="Ada")


# ---- versions ----------------------------------------------------------------------------


def test_each_change_records_the_versions_it_was_based_on() -> None:
    current = {("customers", "a"): {"name": "op0", "note": "op0"}}
    changes: list[Change] = [
        _update("a", name="Ada"),
        _insert("b", name="Bo", note=None),
        _delete("c", {}),
        _ERASURE,
    ]
    stamped, after = ch.stamp_versions(changes, current, "op1")
    assert stamped == [
        replace(_update("a", name="Ada"), base={"name": "op0"}),  # only the fields it changes
        _insert("b", name="Bo", note=None),  # a new row has no past
        _delete("c", {}),
        _ERASURE,
    ]
    assert after == {
        ("customers", "a"): {"name": "op1", "note": "op0"},
        ("customers", "b"): {"name": "op1", "note": "op1"},
        ("customers", "c"): None,
    }
    assert changes[0] == _update("a", name="Ada")  # the records themselves never change


def test_without_values_keeps_which_rows_and_fields_were_touched() -> None:
    stripped = ch.without_values([_update("a", note="secret", name="Ada"), _ERASURE])
    assert stripped == [
        RowChange("customers", "a", Action.UPDATE, customer="a", fields=("name", "note")),
        _ERASURE,
    ]
    assert "secret" not in wire.encode(wire.Operation(tuple(stripped)))


def test_update_fields_encodes_a_bulk_statements_values() -> None:
    cid = uuid.uuid4()
    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    change = ch.update_fields("customers", cid, {"status": "terminated", "terminated_at": when})
    assert change == RowChange(
        "customers",
        str(cid),
        Action.UPDATE,
        {"status": "terminated", "terminated_at": "2026-03-01T12:00:00+00:00"},
    )


# ---- the capture, on a hub and standalone --------------------------------------------------


def _log(db: Database) -> list[tuple[int, str, wire.Operation]]:
    with db.read() as s:
        rows = s.execute(
            select(m.ChangeLog.seq, m.ChangeLog.origin, m.ChangeLog.effects).order_by(
                m.ChangeLog.seq
            )
        ).all()
    return [(seq, origin, wire.decode(effects)) for seq, origin, effects in rows]


def test_a_write_on_the_hub_is_one_log_entry_with_its_fields_and_versions(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    before = _log(central.ctx.db)
    customers.edit_customer(
        central.ctx, agent.actor, view.id, {"name": "Ada Lovelace"}, verified_by="callback"
    )
    after = _log(central.ctx.db)
    assert len(after) == len(before) + 1
    seq, origin, effects = after[-1]
    assert seq == before[-1][0] + 1
    assert origin == central.ctx.db.branch_name()
    edits = [e for e in effects.rows if e.table == "customers"]
    assert len(edits) == 1
    [edit] = edits
    assert (edit.row_id, edit.action, edit.customer, edit.values["name"]) == (
        str(view.id),
        Action.UPDATE,
        str(view.id),
        "Ada Lovelace",
    )
    assert edit.base is None and edit.versions is not None  # the versions after, not before
    with central.ctx.db.read() as s:
        stored = s.execute(
            select(m.Customer.sync_versions).where(m.Customer.id == uuid.UUID(str(view.id)))
        ).scalar_one()
    assert json.loads(stored)["name"] == edit.versions["name"]


def test_a_bulk_statement_without_a_sync_note_is_refused_on_the_hub(
    central: Desk, agent: Member
) -> None:
    view = central.customer(agent)
    cid = uuid.UUID(str(view.id))
    entries = len(_log(central.ctx.db))
    with (
        pytest.raises(RuntimeError, match="bulk change to the synchronised table customers"),
        central.ctx.db.write() as s,
    ):
        s.execute(update(m.Customer).where(m.Customer.id == cid).values(note="unsynced"))
    with central.ctx.db.write() as s:  # a purely local change says so, and is not logged
        s.execute(update(m.Staff).values(failed_attempts=0).execution_options(**ch.LOCAL))
    assert len(_log(central.ctx.db)) == entries
    with central.ctx.db.read() as s:
        assert s.get(m.Customer, cid).note is None  # type: ignore[union-attr]


def test_a_standalone_database_records_nothing(sqlite_db: Database) -> None:
    assert sqlite_db.sync_role() == "standalone"
    with sqlite_db.write() as s:
        s.add(m.Setting(key="request_deadline_days", value="30"))
    with sqlite_db.write() as s:  # bulk statements are plain SQL here
        s.execute(update(m.Setting).values(value="31"))
    with sqlite_db.read() as s:
        assert s.execute(select(func.count()).select_from(m.ChangeLog)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(m.Outbox)).scalar_one() == 0


def test_a_synchronised_row_written_outside_the_log_is_refused(sqlite_db: Database) -> None:
    """``write(logged=False)`` is for tables the log does not carry (sessions, search
    counts); a synchronised row in it would escape the log, so the commit refuses it."""
    with (
        pytest.raises(RuntimeError, match="outside the synchronisation log changed settings"),
        sqlite_db.write(logged=False) as session,
    ):
        session.add(m.Setting(key="retention.years", value="7"))
    with sqlite_db.read() as session:
        assert session.get(m.Setting, "retention.years") is None
