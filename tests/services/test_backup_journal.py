"""The erasure journal: sealed lines, chained, checked whenever a database is opened."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from voxprivacy.services import erasure_journal
from voxprivacy.services.context import Context
from voxprivacy.services.erasure_journal import JournalTampered


def journal_with_three_erasures(ctx: Context) -> Path:
    for _ in range(3):
        erasure_journal.record_erasure(ctx, uuid.uuid4(), uuid.uuid4(), ctx.now())
    path = erasure_journal.journal_path(ctx)
    assert len(path.read_text().splitlines()) == 6  # an erasure and the audit head, each
    assert erasure_journal.check_at_open(ctx).rolled_back is False
    return path


def test_the_journal_lives_beside_the_database_and_holds_no_customer_id(
    sqlite_ctx: Context,
) -> None:
    customer = uuid.uuid4()
    erasure_journal.record_erasure(sqlite_ctx, customer, None, sqlite_ctx.now())
    path = erasure_journal.journal_path(sqlite_ctx)
    assert sqlite_ctx.db.target.path is not None
    assert path == sqlite_ctx.db.target.path.with_name("desk.db.erasure-journal")
    text = path.read_text()
    assert str(customer) not in text and customer.hex not in text
    assert path.stat().st_mode & 0o077 == 0


def test_an_edited_line_stops_the_open_naming_the_file(sqlite_ctx: Context) -> None:
    path = journal_with_three_erasures(sqlite_ctx)
    lines = path.read_text().splitlines()
    record = json.loads(lines[2])
    record["at"] = "2020-01-01T00:00:00+00:00"
    lines[2] = json.dumps(record, sort_keys=True)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(JournalTampered) as refused:
        erasure_journal.check_at_open(sqlite_ctx)
    assert str(path) in refused.value.message and "line 3" in refused.value.message
    assert "Put back an unaltered copy" in refused.value.message


@pytest.mark.parametrize("cut", [0, 2, 3])
def test_a_removed_line_stops_the_open(sqlite_ctx: Context, cut: int) -> None:
    path = journal_with_three_erasures(sqlite_ctx)
    lines = path.read_text().splitlines()
    del lines[cut]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(JournalTampered, match="missing or out of order"):
        erasure_journal.check_at_open(sqlite_ctx)


def test_reordered_lines_stop_the_open(sqlite_ctx: Context) -> None:
    path = journal_with_three_erasures(sqlite_ctx)
    lines = path.read_text().splitlines()
    lines[0], lines[2] = lines[2], lines[0]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(JournalTampered):
        erasure_journal.check_at_open(sqlite_ctx)


def test_a_line_sealed_with_another_key_is_refused(sqlite_ctx: Context, tmp_path: Path) -> None:
    path = journal_with_three_erasures(sqlite_ctx)
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1])
    forged.update(n=7, prev=forged["mac"], kind="head", seq=1, mac="0" * 64)
    path.write_text("\n".join([*lines, json.dumps(forged)]) + "\n")
    with pytest.raises(JournalTampered, match="line 7"):
        erasure_journal.check_at_open(sqlite_ctx)


def test_commands_finishing_at_once_keep_the_journal_whole(tmp_path: Path) -> None:
    """Two processes (here: threads, each with its own descriptor) appending together:
    each seals its lines after the other's, so the journal still passes its check."""
    from concurrent.futures import ThreadPoolExecutor

    from voxprivacy.security.crypto import new_master_key
    from voxprivacy.services import erasure_journal as ej

    path = tmp_path / "journal"
    master = new_master_key()

    def writer(k: int) -> None:
        for i in range(25):
            stale = ej.Journal(path)  # as read before the other wrote
            ej._append(stale, master, [ej._head_record((k * 100 + i, f"h{k}-{i}"))])

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(writer, range(4)))
    journal = ej.read(path, master)
    assert journal.lines == 100
