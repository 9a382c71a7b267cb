"""storage/changes: how a write transaction becomes one synchronisation operation.

The pure parts (values as JSON, merging a transaction's flushes, stamping versions)
directly; the capture itself on a hub (PostgreSQL) and on a standalone database."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select, update
from support.desk import Desk, Member
from support.fixtures import agent, central, clock, quick_password_hashes

from voxprivacy.services import customers
from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage.database import Database

__all__ = ["agent", "central", "clock", "quick_password_hashes"]  # fixtures, shared

# ---- values as JSON -------------------------------------------------------------------------


def test_values_travel_as_json_and_come_back_as_they_were() -> None:
    spec = ch.SYNCED["payment_cards"]
    cards = spec.columns
    token, card_id = b"\x00\xffsecret", uuid.uuid4()
    assert ch.encode(cards["token"], token) == {"b64": "AP9zZWNyZXQ="}
    assert ch.decode(cards["token"], {"b64": "AP9zZWNyZXQ="}) == token
    assert ch.encode(cards["id"], card_id) == str(card_id)
    assert ch.decode(cards["id"], str(card_id)) == card_id
    assert ch.decode(cards["id"], None) is None
    assert ch.encode(cards["last4"], "4242") == "4242"

    customers_ = ch.SYNCED["customers"].columns
    berlin = timezone(timedelta(hours=1))
    at = datetime(2026, 12, 4, 11, 30, tzinfo=berlin)
    assert ch.encode(customers_["created_at"], at) == "2026-12-04T10:30:00+00:00"  # as UTC
    assert ch.decode(customers_["created_at"], "2026-12-04T10:30:00+00:00") == at
    invoices = ch.SYNCED["invoices"].columns
    assert ch.encode(invoices["due_on"], date(2026, 9, 30)) == "2026-09-30"
    assert ch.decode(invoices["due_on"], "2026-09-30") == date(2026, 9, 30)
    assert json.loads(ch.dumps({"name": "Jürgen"})) == {"name": "Jürgen"}
    assert "Jürgen" in ch.dumps({"name": "Jürgen"})  # UTF-8 as it is, no \\u escapes


def test_local_columns_never_travel() -> None:
    staff = ch.SYNCED["staff"]
    for local in ("failed_attempts", "code_failures", "last_failure_at", "version"):
        assert local not in staff.columns
    assert "totp_last_step" in staff.columns
    assert "version" not in ch.SYNCED["customers"].columns
    assert "sync_versions" not in ch.SYNCED["customers"].columns
    decoded = ch.decode_row(ch.SYNCED["customers"], {"name": "Ada", "version": 7})
    assert decoded == {"name": "Ada"}


def test_parents_come_before_their_rows() -> None:
    order = ch.ORDER
    for parent, child in (
        ("staff", "recovery_codes"),
        ("customers", "emails"),
        ("customers", "invoices"),
        ("privacy_requests", "request_events"),
        ("privacy_requests", "rectification_changes"),
    ):
        assert order[parent] < order[child], (parent, child)


# ---- one change per row ------------------------------------------------------------------


def _insert(row: str, **values: Any) -> dict[str, Any]:
    return {"t": "customers", "id": row, "a": "i", "v": values, "c": row}


def _update(row: str, **values: Any) -> dict[str, Any]:
    return {"t": "customers", "id": row, "a": "u", "v": values, "c": row}


def _delete(row: str, base: dict[str, str]) -> dict[str, Any]:
    return {"t": "customers", "id": row, "a": "d", "c": row, "b": base}


def test_a_row_flushed_several_times_is_one_change() -> None:
    merged = ch.merge_pending(
        [_insert("a", name="Ada"), _update("a", name="Ada L.", note="x"), _update("b", note="y")]
    )
    assert merged == [_insert("a", name="Ada L.", note="x"), _update("b", note="y")]


def test_a_row_inserted_and_deleted_in_one_transaction_leaves_nothing() -> None:
    assert ch.merge_pending([_insert("a", name="Ada"), _delete("a", {})]) == []


def test_an_update_then_a_delete_is_a_delete_with_the_rows_versions() -> None:
    merged = ch.merge_pending([_update("a", note="x"), _delete("a", {"note": "op1"})])
    assert merged == [{**_update("a"), "a": "d", "v": {}, "b": {"note": "op1"}}]


def test_erasures_are_kept_as_they_are_and_in_place() -> None:
    erasure = ch.erasure(uuid.UUID(int=1), datetime(2026, 1, 1, tzinfo=UTC), uuid.UUID(int=2))
    merged = ch.merge_pending([_update("a", note="x"), erasure, _update("a", name="B")])
    assert merged == [_update("a", note="x", name="B"), erasure]
    assert erasure["a"] == "e" and erasure["keep"] == str(uuid.UUID(int=2))


def test_the_input_changes_are_not_modified() -> None:
    first = _insert("a", name="Ada")
    ch.merge_pending([first, _update("a", name="Bea")])
    assert first == _insert("a", name="Ada")


# ---- versions ----------------------------------------------------------------------------


def test_each_change_records_the_versions_it_was_based_on() -> None:
    current = {("customers", "a"): {"name": "op0", "note": "op0"}}
    changes = [_update("a", name="Ada"), _insert("b", name="Bo", note=None), _delete("c", {})]
    after = ch.stamp_versions(changes, current, "op1")
    assert changes[0]["b"] == {"name": "op0"}  # only the fields it changes
    assert "b" not in changes[1]  # a new row has no past
    assert changes[2]["b"] == {}
    assert after == {
        ("customers", "a"): {"name": "op1", "note": "op0"},
        ("customers", "b"): {"name": "op1", "note": "op1"},
        ("customers", "c"): None,
    }


def test_without_values_keeps_which_rows_and_fields_were_touched() -> None:
    erasure = ch.erasure(uuid.UUID(int=1), datetime(2026, 1, 1, tzinfo=UTC), uuid.UUID(int=2))
    assert ch.without_values([_update("a", note="secret", name="Ada"), erasure]) == [
        {"t": "customers", "id": "a", "a": "u", "f": ["name", "note"], "c": "a"},
        erasure,
    ]


def test_update_fields_encodes_a_bulk_statements_values() -> None:
    cid = uuid.uuid4()
    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert ch.update_fields("customers", cid, {"status": "terminated", "terminated_at": when}) == {
        "t": "customers",
        "id": str(cid),
        "a": "u",
        "v": {"status": "terminated", "terminated_at": "2026-03-01T12:00:00+00:00"},
        "c": None,
    }


# ---- the capture, on a hub and standalone --------------------------------------------------


def _log(db: Database) -> list[tuple[int, str, list[dict[str, Any]]]]:
    with db.read() as s:
        rows = s.execute(
            select(m.ChangeLog.seq, m.ChangeLog.origin, m.ChangeLog.effects).order_by(
                m.ChangeLog.seq
            )
        ).all()
    return [(seq, origin, json.loads(effects)) for seq, origin, effects in rows]


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
    edits = [e for e in effects if e["t"] == "customers"]
    assert len(edits) == 1
    [edit] = edits
    assert (edit["id"], edit["a"], edit["c"], edit["v"]["name"]) == (
        str(view.id),
        "u",
        str(view.id),
        "Ada Lovelace",
    )
    assert "b" not in edit  # the log keeps the versions after, not before
    with central.ctx.db.read() as s:
        stored = s.execute(
            select(m.Customer.sync_versions).where(m.Customer.id == uuid.UUID(str(view.id)))
        ).scalar_one()
    assert json.loads(stored)["name"] == edit["ver"]["name"]


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
