"""Loading the demo's rows in bulk: COPY on PostgreSQL, large executemany batches on SQLite.

The generator's rows are plain values (canonical UUID strings, aware UTC
datetimes, dates, dicts for JSON); here each table's columns get the encoder
of their SQLAlchemy type, which writes what the ORM itself would store: on
SQLite a UUID as 32 hex digits (the generator's own form) and a datetime as naive UTC text with six
decimals, on PostgreSQL the text form of ``COPY``. Worker processes generate
and encode batches, the caller's process only writes them, in batch order,
inside the caller's one transaction (the all-or-nothing of ``generate_demo``).

While the rows go in, the loaded tables' secondary indexes are dropped and
made again afterwards in the same transaction: one sort per index instead of
millions of scattered inserts. On PostgreSQL the primary keys, unique and
foreign-key constraints of those tables go the same way (every one recreated,
so checked, at the end).
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date, LargeBinary, String, Table, text
from sqlalchemy.orm import Session

from voxprivacy.services.demo.people import _Generator, _Rows, _Sampled
from voxprivacy.storage.models import UTCDateTime

Encoder = Callable[[Any], Any]
# one table of one batch: its name, its columns, and its rows (tuples on SQLite, COPY text
# on PostgreSQL)
Encoded = tuple[str, tuple[str, ...], Any]


# ------------------------------------------------------------------- encoders


def _sqlite_datetime(v: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME: naive UTC, always six decimals (so text order is time order)
    return None if v is None else v.isoformat(" ", "microseconds")[:26]


def _iso(v: date | None) -> str | None:
    return None if v is None else v.isoformat()


def _json(v: object) -> str | None:
    return None if v is None else json.dumps(v)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(v: str | None) -> str:
    if v is None:
        return "\\N"
    if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
        return v.translate(_COPY_ESCAPES)
    return v


def _copy_datetime(v: datetime | None) -> str:
    return "\\N" if v is None else v.isoformat()


def _copy_date(v: date | None) -> str:
    return "\\N" if v is None else v.isoformat()


def _copy_bool(v: bool | None) -> str:
    return "\\N" if v is None else ("t" if v else "f")


def _copy_bytes(v: bytes | None) -> str:
    return "\\N" if v is None else "\\\\x" + v.hex()


def _copy_json(v: object) -> str:
    return "\\N" if v is None else json.dumps(v).translate(_COPY_ESCAPES)


def _copy_plain(v: object) -> str:
    """UUID strings and integers: nothing in them needs escaping."""
    return "\\N" if v is None else str(v)


def _encoder(table: Table, column: str, postgres: bool) -> Encoder | None:
    """How a column's generated value becomes what is stored (None: as it is, on SQLite)."""
    kind = table.c[column].type
    if postgres:
        if isinstance(kind, UTCDateTime):
            return _copy_datetime
        if isinstance(kind, Date):
            return _copy_date
        if isinstance(kind, Boolean):
            return _copy_bool
        if isinstance(kind, LargeBinary):
            return _copy_bytes
        if isinstance(kind, JSON):
            return _copy_json
        if table.c[column].info.get("free_text") or not isinstance(kind, String):
            return _copy_text if isinstance(kind, String) else _copy_plain
        # a structured value (an enum, an account number, an address, a number) the
        # generator made from letters, digits and punctuation: nothing to escape
        return _copy_plain
    if isinstance(kind, UTCDateTime):
        return _sqlite_datetime
    if isinstance(kind, Date):
        return _iso
    if isinstance(kind, JSON):
        return _json
    return None  # keys, text, numbers; a bool binds as the 0 or 1 SQLAlchemy stores


def encode(rows: _Rows, postgres: bool) -> list[Encoded]:
    """Each table of a batch as the writer takes it.

    Column by column: each column's values are taken from the rows and encoded in
    one pass, then zipped back into rows, so the per-value work is the encoder
    alone (keys and plain text need none on SQLite).
    """
    out: list[Encoded] = []
    for model, table_rows in rows.tables():
        if not table_rows:
            continue
        table: Table = model.__table__
        columns = tuple(table_rows[0])
        encoders = [_encoder(table, c, postgres) for c in columns]
        values = [
            list(map(itemgetter(c), table_rows))
            if enc is None
            else list(map(enc, map(itemgetter(c), table_rows)))
            for c, enc in zip(columns, encoders, strict=True)
        ]
        if postgres:
            text = "\n".join(map("\t".join, zip(*values, strict=True))) + "\n"
            out.append((table.name, columns, text.encode()))
        else:
            out.append((table.name, columns, list(zip(*values, strict=True))))
    return out


# ------------------------------------------------------------------- batches


@dataclass
class Batch:
    """One generated batch, encoded: what the writer needs, and what the demo remembers."""

    number: int
    customers: int
    rows: int
    tables: list[Encoded]
    sample: list[_Sampled]


_worker: tuple[_Generator, bool] | None = None


def _start_worker(generator: _Generator, postgres: bool) -> None:
    global _worker
    _worker = (generator, postgres)
    _die_with_parent()


def _die_with_parent() -> None:
    """A worker ends when the demo's process does, even killed (Linux: PR_SET_PDEATHSIG).

    Otherwise a killed demo would leave its workers waiting for work, holding its
    output pipes open.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the demo died before the line above: nobody to work for
        os._exit(1)


def _make(number: int, generator: _Generator, postgres: bool) -> Batch:
    rows = generator.batch(number)
    return Batch(number, len(rows.customers), rows.count(), encode(rows, postgres), rows.sample)


def _make_in_worker(number: int) -> Batch:
    assert _worker is not None, "the worker was started without its generator"
    return _make(number, *_worker)


def workers_for(customers: int, batch_size: int) -> int:
    """Processes to generate in: one per core beside the writer, none for a small demo.

    Worker processes are forked (they inherit the generator, field key included,
    without it ever being written anywhere), so only where ``fork`` exists.
    """
    if customers < 4 * batch_size or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(1, min(4, os.cpu_count() or 1))


def batches(generator: _Generator, postgres: bool, workers: int) -> Iterator[Batch]:
    """Every batch in order, generated in ``workers`` processes (0: in this one).

    At most two batches per worker wait to be written, so memory stays bounded
    however many customers are made.
    """
    if workers <= 0:
        for number in range(generator.batches):
            yield _make(number, generator, postgres)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(generator, postgres)
    ) as pool:
        pending: deque[Future[Batch]] = deque()
        upcoming = iter(range(generator.batches))
        try:
            for number in upcoming:
                pending.append(pool.submit(_make_in_worker, number))
                if len(pending) >= 2 * workers:
                    break
            while pending:
                done = pending.popleft().result()
                for number in upcoming:
                    pending.append(pool.submit(_make_in_worker, number))
                    break
                yield done
        finally:
            for future in pending:
                future.cancel()


# ------------------------------------------------------------------- writers


def write(session: Session, batch: Batch) -> None:
    """One batch into the session's transaction, with the driver's own bulk call."""
    raw: Any = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        with raw.cursor() as cur:
            for table, columns, data in batch.tables:
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write(data)
        return
    cur = raw.cursor()
    try:
        for table, columns, values in batch.tables:
            marks = ", ".join("?" for _ in columns)
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
    finally:
        cur.close()


@contextmanager
def loading(session: Session, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' indexes (and, on PostgreSQL, keys) for the load; make them again after."""
    if session.get_bind().dialect.name == "postgresql":
        with _postgres_loading(session, tables):
            yield
        return
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names}) ORDER BY name"
        )
    ).all()
    for name, _ in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    yield
    cache = int(session.execute(text("PRAGMA cache_size")).scalar_one())
    # at least 256 MB while the indexes are sorted (a negative size is in KiB)
    if cache >= 0 or cache > -262144:
        session.execute(text("PRAGMA cache_size=-262144"))
    try:
        for _, sql in indexes:
            session.execute(text(sql))
    finally:
        session.execute(text(f"PRAGMA cache_size={cache}"))


@contextmanager
def _postgres_loading(session: Session, tables: Sequence[str]) -> Iterator[None]:
    names = list(tables)
    session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    # foreign keys from or to a loaded table, then the loaded tables' keys and unique
    # constraints, then their other indexes: dropped in that order, made again in reverse
    constraints = session.execute(
        text(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
            "FROM pg_constraint c WHERE c.contype IN ('f', 'p', 'u') "
            "AND (c.conrelid::regclass::text = ANY(:t) "
            "OR (c.contype = 'f' AND c.confrelid::regclass::text = ANY(:t))) "
            "ORDER BY c.contype = 'f' DESC, c.conname"
        ),
        {"t": names},
    ).all()
    indexes = session.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(:t) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
        ),
        {"t": names},
    ).all()
    for table, name, _, _ in constraints:
        session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _ in indexes:
        session.execute(text(f"DROP INDEX {name}"))
    yield
    for table, name, definition, kind in reversed(constraints):
        if kind != "f":
            session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    for _, definition in indexes:
        session.execute(text(definition))
    for table, name, definition, kind in reversed(constraints):
        if kind == "f":
            session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    for table in names:
        session.execute(text(f"ANALYZE {table}"))
