"""storage/wire: the typed records of an operation, and the JSON an outbox and a log keep.

Every action goes there and back unchanged; whatever is not an operation is refused with
one typed error naming what is wrong; and operations stored by the first version of the
format (``fixtures/wire_before_typed_records.json``, taken from a branch and a hub made
before the records existed) still read as what they were.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from voxprivacy.storage import wire
from voxprivacy.storage.wire import Action, Erasure, Operation, RowChange, WireError

CUSTOMER = "01a2422e-9199-7335-a8eb-c3bfafabe64a"
EMAIL = "01a2422e-91a2-7298-84c3-1efac74ef12a"
OP = "01a2422e-922f-71dd-8afd-7059d359a04b"
REQUEST = "01a2422e-92d3-70ed-ac1f-3817912c588a"
STORED = json.loads(
    (Path(__file__).parent / "fixtures" / "wire_before_typed_records.json").read_text("utf-8")
)

# ---- values as JSON -------------------------------------------------------------------------


def test_values_travel_as_json_and_come_back_as_they_were() -> None:
    cards = wire.SYNCED["payment_cards"].columns
    token, card_id = b"\x00\xffsecret", uuid.uuid4()
    assert wire.encode_value(cards["token"], token) == {"b64": "AP9zZWNyZXQ="}
    assert wire.decode_value(cards["token"], {"b64": "AP9zZWNyZXQ="}) == token
    assert wire.is_bytes(wire.encode_value(cards["token"], token))
    assert not wire.is_bytes(wire.encode_value(cards["last4"], "4242"))
    assert wire.encode_value(cards["id"], card_id) == str(card_id)
    assert wire.decode_value(cards["id"], str(card_id)) == card_id
    assert wire.decode_value(cards["id"], None) is None
    assert wire.encode_value(cards["last4"], "4242") == "4242"

    customers = wire.SYNCED["customers"].columns
    berlin = timezone(timedelta(hours=1))
    at = datetime(2026, 12, 4, 11, 30, tzinfo=berlin)
    assert wire.encode_value(customers["created_at"], at) == "2026-12-04T10:30:00+00:00"  # UTC
    assert wire.decode_value(customers["created_at"], "2026-12-04T10:30:00+00:00") == at
    invoices = wire.SYNCED["invoices"].columns
    assert wire.encode_value(invoices["due_on"], date(2026, 9, 30)) == "2026-09-30"
    assert wire.decode_value(invoices["due_on"], "2026-09-30") == date(2026, 9, 30)
    assert json.loads(wire.dumps({"name": "Jürgen"})) == {"name": "Jürgen"}
    assert "Jürgen" in wire.dumps({"name": "Jürgen"})  # UTF-8 as it is, no \\u escapes


def test_local_columns_never_travel() -> None:
    staff = wire.SYNCED["staff"]
    for local in ("failed_attempts", "code_failures", "last_failure_at", "version"):
        assert local not in staff.columns
    assert "totp_last_step" in staff.columns
    assert "version" not in wire.SYNCED["customers"].columns
    assert "sync_versions" not in wire.SYNCED["customers"].columns
    decoded = wire.decode_row(wire.SYNCED["customers"], {"name": "Ada", "version": 7})
    assert decoded == {"name": "Ada"}


def test_parents_come_before_their_rows() -> None:
    order = wire.ORDER
    for parent, child in (
        ("staff", "recovery_codes"),
        ("customers", "emails"),
        ("customers", "invoices"),
        ("privacy_requests", "request_events"),
        ("privacy_requests", "rectification_changes"),
    ):
        assert order[parent] < order[child], (parent, child)


# ---- every action, there and back ------------------------------------------------------------

INSERT = RowChange(
    "emails",
    EMAIL,
    Action.INSERT,
    {"id": EMAIL, "customer_id": CUSTOMER, "address": "ada@example.org", "is_primary": True},
    CUSTOMER,
)
UPDATE = RowChange(
    "customers", CUSTOMER, Action.UPDATE, {"name": "Ada"}, CUSTOMER, base={"name": OP}
)
DELETE = RowChange("emails", EMAIL, Action.DELETE, customer=CUSTOMER, base={"address": OP})
EFFECT = RowChange(
    "customers", CUSTOMER, Action.UPDATE, {"name": "Ada", "note": None}, CUSTOMER,
    versions={"name": OP, "note": None},
)  # fmt: skip
STRIPPED = RowChange("customers", CUSTOMER, Action.UPDATE, customer=CUSTOMER, fields=("name",))
ERASURE = Erasure(CUSTOMER, datetime(2026, 12, 4, 17, 56, 17, tzinfo=UTC), REQUEST)
SETTING = RowChange("settings", "request_deadline_days", Action.UPDATE, {"value": "31"})


@pytest.mark.parametrize(
    ("change", "as_json"),
    [
        (INSERT, {"t": "emails", "id": EMAIL, "a": "i", "v": INSERT.values, "c": CUSTOMER}),
        (
            UPDATE,
            {"t": "customers", "id": CUSTOMER, "a": "u", "v": {"name": "Ada"}, "c": CUSTOMER,
             "b": {"name": OP}},
        ),
        (DELETE, {"t": "emails", "id": EMAIL, "a": "d", "c": CUSTOMER, "b": {"address": OP}}),
        (
            EFFECT,
            {"t": "customers", "id": CUSTOMER, "a": "u", "v": {"name": "Ada", "note": None},
             "c": CUSTOMER, "ver": {"name": OP, "note": None}},
        ),
        (STRIPPED, {"t": "customers", "id": CUSTOMER, "a": "u", "f": ["name"], "c": CUSTOMER}),
        (
            ERASURE,
            {"a": "e", "c": CUSTOMER, "at": "2026-12-04T17:56:17+00:00", "keep": REQUEST},
        ),
        (
            SETTING,
            {"t": "settings", "id": "request_deadline_days", "a": "u", "v": {"value": "31"},
             "c": None},
        ),
    ],
    ids=["insert", "update", "delete", "effect", "stripped", "erasure", "setting"],
)  # fmt: skip
def test_every_action_goes_there_and_back_with_the_keys_of_the_format(
    change: wire.Change, as_json: dict[str, Any]
) -> None:
    text = wire.encode(Operation((change,)))
    assert json.loads(text) == [as_json]
    assert wire.decode(text) == Operation((change,))


def test_an_operation_of_many_changes_keeps_their_order() -> None:
    operation = Operation((DELETE, ERASURE, INSERT, UPDATE, SETTING))
    back = wire.decode(wire.encode(operation))
    assert back == operation
    assert back.rows == [DELETE, INSERT, UPDATE, SETTING]
    assert back.erasures == [ERASURE]
    assert back.customers == {CUSTOMER}
    assert wire.decode("[]") == Operation()


def test_ids_are_read_in_their_usual_form() -> None:
    shouted = wire.encode(Operation((UPDATE,))).replace(CUSTOMER, CUSTOMER.upper())
    assert CUSTOMER.upper() in shouted
    assert wire.decode(shouted) == Operation((UPDATE,))


def test_a_delete_that_carries_empty_values_reads_as_a_delete() -> None:
    text = json.dumps([{"t": "emails", "id": EMAIL, "a": "d", "c": CUSTOMER, "v": {}}])
    [change] = wire.decode(text)
    assert change == RowChange("emails", EMAIL, Action.DELETE, customer=CUSTOMER)


# ---- what is not an operation ------------------------------------------------------------

GOOD = {"t": "customers", "id": CUSTOMER, "a": "u", "v": {"name": "Ada"}, "c": CUSTOMER}
MARK = {"a": "e", "c": CUSTOMER, "at": "2026-12-04T17:56:17+00:00", "keep": REQUEST}


def _without(change: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in change.items() if k != key}


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ("{not json", "its changes are not JSON"),
        (b"\xff\xfe[", "its changes are not JSON"),
        ('{"t": "customers"}', "it holds no list of changes"),
        ("[1]", "change 1 is not an object"),
        ([_without(GOOD, "a")], "change 1 has no action"),
        ([{**GOOD, "a": "x"}], "change 1 has an unknown action 'x'"),
        ([{**GOOD, "a": 1}], "change 1 has an unknown action '1'"),
        ([_without(GOOD, "t")], "change 1 names no table"),
        ([{**GOOD, "t": "secret_table"}], "change 1 names an unknown table 'secret_table'"),
        ([{**GOOD, "t": ["customers"]}], "change 1 names an unknown table \"['customers']\""),
        ([_without(GOOD, "id")], "change 1 has no valid row id"),
        ([{**GOOD, "id": 7}], "change 1 has no valid row id"),
        ([{**GOOD, "id": "x" * 61}], "change 1 has no valid row id"),
        ([{**GOOD, "id": "1"}], "change 1 has a row id that is not one of customers"),
        ([{**GOOD, "c": "someone"}], "change 1 names a customer that is not an id"),
        ([_without(GOOD, "v")], "change 1 has no field values"),
        ([{**GOOD, "v": ["name"]}], "change 1 has no field values"),
        ([{**GOOD, "a": "i", "v": None}], "change 1 has no field values"),
        ([{**GOOD, "v": {"shoe_size": 44}}], "change 1 names an unknown field customers.shoe_size"),
        ([{**GOOD, "v": {"version": 3}}], "change 1 names an unknown field customers.version"),
        (
            [{**_without(GOOD, "v"), "f": ["name", "shoe_size"]}],
            "change 1 names an unknown field customers.shoe_size",
        ),
        ([{**_without(GOOD, "v"), "f": "name"}], "change 1 has an unreadable list of fields"),
        ([{**GOOD, "b": ["v1"]}], "change 1 has unreadable base versions"),
        ([{**GOOD, "b": {"name": 5}}], "change 1 has unreadable base versions"),
        ([{**GOOD, "ver": {"name": {"x": 1}}}], "change 1 has unreadable versions"),
        (
            [_without(MARK, "keep")],
            "change 1 is an erasure without its customer or kept request",
        ),
        (
            [{**MARK, "c": None}],
            "change 1 is an erasure without its customer or kept request",
        ),
        ([_without(MARK, "at")], "change 1 is an erasure without a valid time"),
        ([{**MARK, "at": "yesterday"}], "change 1 is an erasure without a valid time"),
        ([{**MARK, "at": "2026-12-04T17:56:17"}], "change 1 is an erasure without a valid time"),
        ([GOOD, MARK, {**GOOD, "id": "1"}], "change 3 has a row id that is not one of customers"),
    ],
)
def test_what_is_not_an_operation_is_refused_with_what_is_wrong(
    payload: str | bytes | list[Any], problem: str
) -> None:
    text = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    with pytest.raises(WireError) as refused:
        wire.decode(text)
    assert refused.value.problem == problem
    assert str(refused.value) == problem


def test_the_readable_remains_of_a_malformed_operation() -> None:
    text = json.dumps(
        [
            {"t": "secret_table", "id": "1", "a": "i", "v": {"x": 1}, "c": CUSTOMER},
            {**GOOD, "id": EMAIL.upper(), "t": "emails", "v": "not values"},
            {**GOOD, "a": "x"},
            "not even an object",
        ]
    )
    left = wire.remains(text)
    assert left.rows == (RowChange("emails", EMAIL, Action.UPDATE, customer=CUSTOMER),)
    assert left.customers == (CUSTOMER,)
    assert left.first == ("secret_table", "1")
    assert left.as_sent == json.loads(text)
    nothing = wire.remains("{not json")
    assert (nothing.rows, nothing.customers, nothing.first, nothing.as_sent) == (
        (),
        (),
        ("", ""),
        [],
    )


# ---- operations stored before the records existed --------------------------------------------


def _as_written(text: str) -> list[dict[str, Any]]:
    """An operation's JSON as the records write it: a deletion carries no values."""
    return [
        {k: v for k, v in c.items() if not (c["a"] == "d" and k == "v")} for c in json.loads(text)
    ]


@pytest.mark.parametrize("name", sorted(STORED))
def test_an_operation_stored_before_the_records_reads_and_writes_back_the_same(name: str) -> None:
    text = STORED[name]["payload"]
    operation = wire.decode(text)
    assert len(operation) == len(json.loads(text))
    again = wire.encode(operation)
    assert json.loads(again) == _as_written(text)
    assert wire.decode(again) == operation


def test_stored_outbox_entries_read_as_what_they_were() -> None:
    [customer, email] = wire.decode(STORED["outbox: an edit of two rows"]["payload"])
    assert isinstance(customer, RowChange) and isinstance(email, RowChange)
    assert (customer.table, customer.action, customer.row_id) == ("customers", "u", CUSTOMER)
    assert customer.values["name"] == "Ada Branch"
    assert customer.base == {"name": OP, "updated_at": OP}
    assert (email.table, email.customer, email.values["address"]) == (
        "emails",
        CUSTOMER,
        "ada.b@example.org",
    )

    [insert] = wire.decode(STORED["outbox: an insert"]["payload"])
    assert isinstance(insert, RowChange)
    assert (insert.table, insert.action, insert.base) == ("interactions", Action.INSERT, None)
    assert insert.values["summary"] == "asked about roaming"

    [_edit, deletion] = wire.decode(STORED["outbox: an edit and a deletion"]["payload"])
    assert isinstance(deletion, RowChange)
    assert (deletion.table, deletion.action, deletion.values) == ("phones", Action.DELETE, {})
    assert deletion.base is not None and set(deletion.base) >= {"e164", "is_primary"}

    erasure = wire.decode(STORED["outbox: an erasure"]["payload"])
    [marker] = erasure.erasures
    assert marker == Erasure(
        "01a2422e-923e-7349-88c2-52ced5c86a5a",
        datetime(2026, 12, 4, 17, 56, 17, tzinfo=UTC),
        REQUEST,
    )
    assert [(c.table, c.action) for c in erasure.rows] == [
        ("addresses", "d"),
        ("phones", "d"),
        ("emails", "d"),
        ("request_events", "i"),
        ("privacy_requests", "u"),
        ("customers", "u"),
    ]

    stored = STORED["outbox: an edit stripped after an erasure arrived"]
    assert stored["erased"] is True
    [stripped] = wire.decode(stored["payload"])
    assert stripped == RowChange(
        "customers", CUSTOMER, Action.UPDATE, customer=CUSTOMER, fields=("note", "updated_at")
    )


def test_stored_log_entries_read_as_what_they_were() -> None:
    [own] = wire.decode(STORED["log: a head-office edit"]["payload"])
    assert isinstance(own, RowChange)
    assert (own.table, own.customer, own.base) == ("staff", None, None)
    assert own.versions is not None and set(own.versions) == set(own.values)

    [edit, gone] = wire.decode(STORED["log: a branch's edit and deletion"]["payload"])
    assert isinstance(edit, RowChange) and isinstance(gone, RowChange)
    assert edit.versions is not None and gone.action is Action.DELETE and gone.versions is None

    assert wire.decode(STORED["log: an entry emptied by an erasure"]["payload"]) == Operation()

    erased = wire.decode(STORED["log: an erasure"]["payload"])
    assert [m.customer for m in erased.erasures] == [CUSTOMER]
    assert erased.customers == {CUSTOMER}

    [row, conflict] = wire.decode(STORED["log: a rejected operation"]["payload"])
    assert isinstance(row, RowChange) and isinstance(conflict, RowChange)
    assert (row.action, row.values["status"]) == (Action.INSERT, "erased")
    assert (conflict.table, conflict.versions) == ("sync_conflicts", {})
    assert conflict.values["kind"] == "rejected"
