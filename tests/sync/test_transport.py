"""What travels between a branch and the server: the hub's own records, serialised
generically, and the message a branch signs."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

import pytest

from voxprivacy.storage import wire
from voxprivacy.sync import hub
from voxprivacy.sync import transport as tr


def _operation() -> wire.Operation:
    customer = str(uuid.uuid4())
    return wire.Operation(
        (
            wire.RowChange(
                "payment_cards",
                str(uuid.uuid4()),
                wire.Action.UPDATE,
                {"token": {"b64": "AAEC"}, "last4": "4242"},
                customer,
                versions={"token": str(uuid.uuid4()), "last4": None},
            ),
            wire.Erasure(customer, datetime(2026, 12, 1, tzinfo=UTC), str(uuid.uuid4())),
        )
    )


def test_every_field_of_the_hubs_records_travels() -> None:
    op = hub.IncomingOp(
        uuid.uuid4(), uuid.uuid4(), datetime.now(UTC), wire.encode(_operation()), False
    )
    sent = tr.PUSH.validate_json(tr.PUSH.dump_json(tr.PushRequest("0016_branches", [op])))
    assert sent.ops == [op] and sent.revision == "0016_branches"
    outcome = hub.Outcome(op.op_id, 7, hub.REJECTED_ERASED, 0, True)
    assert tr.PUSHED.validate_json(tr.PUSHED.dump_json(tr.PushAnswer([outcome]))).outcomes == [
        outcome
    ]
    entry = hub.LogEntry(7, op.op_id, "north", _operation())
    back = tr.PULLED.validate_json(tr.PULLED.dump_json(tr.PullAnswer([entry]))).entries
    assert [tuple(e) for e in back] == [tuple(entry)]
    # the records are read from the dataclasses themselves: nothing is listed by hand
    names = {f.name for f in dataclasses.fields(hub.IncomingOp)}
    assert names <= set(tr.PUSH.dump_python(tr.PushRequest("r", [op]))["ops"][0])


def test_an_unreadable_operation_in_a_pulled_page_is_refused() -> None:
    raw = tr.PULLED.dump_json(tr.PullAnswer([hub.LogEntry(1, uuid.uuid4(), "x", _operation())]))
    broken = raw.replace(b'\\"a\\":\\"u\\"', b'\\"a\\":\\"zz\\"')
    assert broken != raw
    with pytest.raises(ValueError, match="action"):
        tr.PULLED.validate_json(broken)


def test_the_signed_message_covers_every_part_of_the_request() -> None:
    parts = ("POST", "/api/v1/sync/push", "north", "2026-12-08T01:00:00+00:00", "n1", b"{}")
    base = tr.request_message(*parts)
    for i in range(len(parts)):
        changed = list(parts)
        changed[i] = changed[i] + (b"x" if isinstance(changed[i], bytes) else "x")  # type: ignore[operator]
        assert tr.request_message(*changed) != base  # type: ignore[arg-type]
