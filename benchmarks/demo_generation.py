"""How fast is the demo generator, next to the fastest plain bulk insert?

Run from the project root, for example::

    .venv/bin/python benchmarks/demo_generation.py --customers 100000 --backend encrypted
    .venv/bin/python benchmarks/demo_generation.py --backend postgresql \\
        --pg-url postgresql+psycopg://user:pw@localhost:5432/postgres

In one run it measures, each in a fresh throwaway database of the chosen kind:

(a) a baseline: N minimal rows (uuid, name, email) inserted into a scratch table
    with one executemany per 20,000 rows, one transaction each;
(b) ``services.demo.generate_demo`` with N customers (worker processes as the
    command line uses them; ``--workers 0`` makes everything in this process);

and prints both times, their ratio, customers per second and rows per second,
the CPU seconds of this process and its workers (the database server's own
are not counted), and the machine's load average before and after: on a
shared machine the wall-clock time alone says little.
The databases' keys live only in this process (ProcessOnlySecrets); no keyring
and no display are needed. A PostgreSQL server is used through a new database
created for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table, Uuid, create_engine, func, insert, select
from sqlalchemy.engine import make_url

from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services.context import Context
from voxprivacy.services.demo import generate_demo
from voxprivacy.storage import models
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.schema import upgrade

BASELINE_BATCH = 20_000
COUNTED = (
    models.Customer,
    models.Address,
    models.Phone,
    models.Email,
    models.Subscription,
    models.PaymentCard,
    models.Invoice,
    models.Interaction,
    models.ConsentEvent,
    models.CustomerSearchTerm,
)


@contextmanager
def fresh_database(
    backend: str, pg_url: str | None, label: str, folder: Path | None = None
) -> Iterator[Database]:
    """A new, empty database of the backend, removed when the block ends.

    A SQLite file is opened as ``voxprivacy-admin demo`` opens the file it builds
    beside its place (``building=True``: no journal, no syncs, a large page cache).
    """
    secrets = ProcessOnlySecrets()
    if backend in ("sqlite", "encrypted"):
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"voxbench-{label}-", dir=folder) as tmp:
            scheme = "sqlite" if backend == "sqlite" else "sqlite+pysqlcipher"
            db = open_database(
                parse_target(f"{scheme}:///{Path(tmp) / 'bench.db'}"),
                secrets,
                create=True,
                building=True,
            )
            try:
                yield db
            finally:
                db.dispose()
        return
    if not pg_url:
        raise SystemExit("--backend postgresql needs --pg-url postgresql+psycopg://…")
    server = make_url(pg_url).set(drivername="postgresql+psycopg")
    name = f"voxbench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        target = parse_target(server.set(database=name).render_as_string(hide_password=False))
        db = open_database(target, secrets)
        try:
            yield db
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        admin.dispose()


def baseline(db: Database, n: int) -> float:
    """Seconds to insert n minimal rows with plain executemany batches."""
    scratch = Table(
        "bench_scratch",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("name", String(200), nullable=False),
        Column("email", String(254), nullable=False),
    )
    scratch.create(db.engine)
    started = time.perf_counter()
    for start in range(0, n, BASELINE_BATCH):
        rows = [
            {"id": uuid7(), "name": f"Customer {i}", "email": f"customer{i}@example.com"}
            for i in range(start, min(n, start + BASELINE_BATCH))
        ]
        with db.write() as session:
            session.execute(insert(scratch), rows)
    return time.perf_counter() - started


def _cpu_split() -> tuple[float, float]:
    """CPU seconds of this process (the writer) and of its ended children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _cpu() -> float:
    return sum(_cpu_split())


def _size(db: Database) -> int:
    """The database's size on disk: the file, or PostgreSQL's pg_database_size."""
    path = db.target.path
    if path is not None:
        return sum(
            Path(f"{path}{suffix}").stat().st_size
            for suffix in ("", "-wal", "-journal")
            if Path(f"{path}{suffix}").exists()
        )
    with db.read() as session:
        return int(
            session.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
        )


def _peak_rss() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"{own:,.0f} MB (largest worker {children:,.0f} MB)"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=100_000, metavar="N")
    parser.add_argument(
        "--backend", choices=("sqlite", "encrypted", "postgresql"), default="encrypted"
    )
    parser.add_argument("--pg-url", help="a PostgreSQL server to create throwaway databases on")
    parser.add_argument(
        "--dir",
        type=Path,
        help="where the throwaway SQLite files go (default: the system's temporary folder)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--workers", type=int, default=None, help="generating processes (default: as the CLI)"
    )
    args = parser.parse_args(argv)
    n: int = args.customers

    print(f"backend {args.backend}, {n:,} customers, load average {_load()}", flush=True)
    with fresh_database(args.backend, args.pg_url, "baseline", args.dir) as db:
        base = baseline(db, n)
    print(f"(a) baseline: {n:,} minimal rows in {base:.1f} s ({n / base:,.0f} rows/s)", flush=True)

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            print(
                f"    {done:,}/{total:,} customers, {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
                flush=True,
            )

    with fresh_database(args.backend, args.pg_url, "demo", args.dir) as db:
        upgrade(db)
        ctx = Context(db, ProcessOnlySecrets())
        t0 = time.perf_counter()
        cpu0 = _cpu()
        own0, workers0 = _cpu_split()
        result = generate_demo(ctx, n, seed=args.seed, progress=progress, workers=args.workers)
        seconds = time.perf_counter() - t0
        cpu = _cpu() - cpu0
        own1, workers1 = _cpu_split()
        size = _size(db)
        with db.read() as session:
            counts = {
                m.__tablename__: session.execute(select(func.count()).select_from(m)).scalar_one()
                for m in COUNTED
            }
    rows = sum(counts.values())
    print(
        f"(b) generate_demo: {n:,} customers ({rows:,} rows) in {seconds:.1f} s "
        f"({n / seconds:,.0f} customers/s, {rows / seconds:,.0f} rows/s)"
    )
    print(
        f"    CPU: {cpu:.1f} s in this process and its workers ({own1 - own0:.1f} s writing "
        f"here, {workers1 - workers0:.1f} s in the workers); load average now {_load()}"
    )
    print(
        f"    CPU per customer {cpu / max(n, 1) * 1000:.3f} ms; on two free cores at least "
        f"{max(own1 - own0, cpu / 2):.1f} s wall (the writer alone, or half of all the "
        f"CPU); database {size / 1e9:.2f} GB "
        f"({size / max(n, 1):,.0f} bytes per customer); peak RSS {_peak_rss()}"
    )
    for table, count in counts.items():
        print(f"    {table:24} {count:>12,}")
    print(
        f"ratio (b)/(a): {seconds / base:.1f}x the time of {n:,} minimal rows "
        f"({rows / n:.1f} rows per customer); a demo row costs "
        f"{(seconds / rows) / (base / n):.1f}x a baseline row"
    )
    print(
        f"extrapolated: 1,000,000 customers in about {1_000_000 / n * seconds / 60:.1f} min "
        "(linear; large runs slow down as the indexes outgrow the cache)"
    )
    print(f"staff: {', '.join(s.username for s in result.staff)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
