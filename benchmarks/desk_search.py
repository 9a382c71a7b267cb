"""Search-as-you-type latency: the customer search service next to the raw SQL query.

    .venv/bin/python benchmarks/desk_search.py --customers 100000
    .venv/bin/python benchmarks/desk_search.py --customers 1000000
    .venv/bin/python benchmarks/desk_search.py --backend postgresql --customers 10000000 \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The demo database is generated once (generate_demo, seed 1) and reused: a plain
SQLite file in a cache directory, or with ``--backend postgresql`` a database
``voxbench_demo_N`` on the server ``--pg-url`` names (its keys in the cache
directory, ``pg-demo-N.json``). For a sample of real customer names, every prefix
a typist produces ("m", "ma", "mar", … "maria s", …) is searched the way the
desk's list does it (first page: 101 rows, as an agent) with
``customers.search_customers``, and with the same search as one raw SQL query
on a bare sqlite3 connection. Prints median and 95th percentile for both.
Figures only, no asserts.

The benchmark database's keys live in a JSON file next to it (a benchmark-only
keyring: nothing in it is real), so child processes can open it without a
system keyring.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import keyring
import platformdirs
from keyring.backend import KeyringBackend

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import search_index

TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0


class BenchKeyring(KeyringBackend):
    """Benchmark-only keyring: the secrets of a throwaway benchmark database, from a file."""

    priority = 1

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[str, str] = dict(entries or {})

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[f"{service}\x00{username}"] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop(f"{service}\x00{username}", None)


def default_cache() -> Path:
    return Path(platformdirs.user_cache_dir("voxprivacy-bench", appauthor=False))


def pg_database(customers: int) -> str:
    return f"voxbench_demo_{customers}"


def pg_sidecar_path(cache: Path, customers: int) -> Path:
    return cache / f"pg-demo-{customers}.json"


def pg_prepare(customers: int, cache: Path, server_url: str) -> tuple[str, dict[str, Any]]:
    """The PostgreSQL demo database's URL and sidecar, generated on first use."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from voxprivacy.services.context import Context
    from voxprivacy.services.demo import generate_demo
    from voxprivacy.storage.database import open_database, parse_target
    from voxprivacy.storage.schema import upgrade

    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = pg_database(customers)
    url = server.set(database=name).render_as_string(hide_password=False)
    side = pg_sidecar_path(cache, customers)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if exists and side.exists():
                return url, json.loads(side.read_text())
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    cache.mkdir(parents=True, exist_ok=True)
    backend = BenchKeyring()
    keyring.set_keyring(backend)
    db = open_database(parse_target(url), SecretStore())
    upgrade(db)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 100_000 == 0 or done == total:
            print(
                f"  generated {done:,}/{total:,} customers ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )

    result = generate_demo(Context(db, SecretStore()), customers, seed=1, progress=progress)
    db.dispose()
    print(f"  generated in {result.seconds:.0f} s", file=sys.stderr)
    sidecar = {
        "keyring": backend.entries,
        "staff": [
            {"username": s.username, "role": s.role, "password": s.password} for s in result.staff
        ],
        "seconds": result.seconds,
    }
    side.write_text(json.dumps(sidecar))
    side.chmod(0o600)
    return url, sidecar


def db_path(cache: Path, customers: int) -> Path:
    return cache / f"demo-{customers}.db"


def sidecar_path(cache: Path, customers: int) -> Path:
    return cache / f"demo-{customers}.json"


def use_bench_keyring(sidecar: dict[str, Any]) -> BenchKeyring:
    backend = BenchKeyring(sidecar["keyring"])
    keyring.set_keyring(backend)
    return backend


def prepare(customers: int, cache: Path) -> tuple[str, dict[str, Any]]:
    """The cached demo database's URL and sidecar (keys, staff), generated on first use."""
    from voxprivacy.services.context import Context
    from voxprivacy.services.demo import generate_demo
    from voxprivacy.storage.database import open_database, parse_target
    from voxprivacy.storage.schema import upgrade

    path = db_path(cache, customers)
    side = sidecar_path(cache, customers)
    url = f"sqlite:///{path}"
    if path.exists() and side.exists():
        return url, json.loads(side.read_text())
    cache.mkdir(parents=True, exist_ok=True)
    for stale in (path, side, path.with_suffix(".db-wal"), path.with_suffix(".db-shm")):
        stale.unlink(missing_ok=True)
    backend = BenchKeyring()
    keyring.set_keyring(backend)
    db = open_database(parse_target(url), SecretStore(), create=True)
    upgrade(db)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            print(
                f"  generated {done:,}/{total:,} customers ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )

    result = generate_demo(Context(db, SecretStore()), customers, seed=1, progress=progress)
    db.dispose()
    sidecar = {
        "keyring": backend.entries,
        "staff": [
            {"username": s.username, "role": s.role, "password": s.password} for s in result.staff
        ],
        "seconds": result.seconds,
    }
    side.write_text(json.dumps(sidecar))
    side.chmod(0o600)
    return url, sidecar


def typed_prefixes(conn: Any, names: int, seed: int = 7, mark: str = "?") -> list[str]:
    """What a typist produces on the way to real names: every prefix, word by word.

    ``conn`` is a bare DB-API connection (sqlite3, or psycopg with ``mark`` "%s").
    """
    (count,) = conn.execute("SELECT count(*) FROM customers").fetchone()
    rng = random.Random(seed)
    picked = []
    for _ in range(names):
        (name,) = conn.execute(
            f"SELECT name FROM customers LIMIT 1 OFFSET {mark}", (rng.randrange(count),)
        ).fetchone()
        picked.append(name)
    out: list[str] = []
    for name in picked:
        words = name.split()[:2]
        typed = ""
        for i, word in enumerate(words):
            for j in range(1, len(word) + 1):
                out.append((typed + " " if i else "") + word[:j])
            typed = (typed + " " if i else "") + word
    return out


RAW_SQL_HEAD = (
    "SELECT c.id, c.account_number, c.name, c.company, c.status, "
    "(SELECT e.address FROM emails e WHERE e.customer_id = c.id AND e.is_primary "
    "LIMIT 1), (SELECT p.e164 FROM phones p WHERE p.customer_id = c.id AND "
    "p.is_primary LIMIT 1) "
    "FROM customer_search_terms t0 JOIN customers c ON c.id = t0.customer_id "
    "WHERE t0.term >= ? AND t0.term < ?"
    # each customer once, at its first matching word: no earlier term of the
    # same customer starts with the first prefix (the same word as a name and
    # as an email word is two rows, kept once by the kind)
    " AND NOT EXISTS (SELECT 1 FROM customer_search_terms d "
    "WHERE d.customer_id = t0.customer_id AND d.term >= ? AND (d.term < t0.term "
    "OR (d.term = t0.term AND d.kind < t0.kind)))"
)
RAW_SQL_MORE = (
    " AND EXISTS (SELECT 1 FROM customer_search_terms t{i} WHERE "
    "t{i}.customer_id = t0.customer_id AND t{i}.term >= ? AND t{i}.term < ?)"
)
RAW_SQL_TAIL = " ORDER BY t0.term, t0.customer_id LIMIT ?"


def raw_search(conn: Any, text: str, limit: int, mark: str = "?") -> list[tuple[Any, ...]]:
    """The same search as one hand-written statement on a bare DB-API connection.

    Like the service it walks the term index in order and keeps each customer at its
    first match (a customer can match with several words, "Marie Martin" for "mar"):
    a row is kept only when the customer has no earlier term in the first prefix's
    range, checked on the (customer, term) index. So the statement returns exactly
    ``limit`` distinct customers when there are that many, in the service's order,
    however many words of one customer share the prefix.
    """
    prefixes = search_index.query_prefixes(text)
    if not prefixes:
        return []
    sql = RAW_SQL_HEAD + "".join(RAW_SQL_MORE.format(i=i) for i in range(1, len(prefixes)))
    sql += RAW_SQL_TAIL
    if mark != "?":
        sql = sql.replace("?", mark)
    first = prefixes[0]
    params: list[Any] = [first, first + search_index.TOP, first]
    for p in prefixes[1:]:
        params += [p, p + search_index.TOP]
    params.append(limit)
    return conn.execute(sql, params).fetchall()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def measure(customers: int, cache: Path, names: int, pg_url: str | None = None) -> None:
    from sqlalchemy import select

    from voxprivacy.domain.enums import Role
    from voxprivacy.services import customers as customer_service
    from voxprivacy.services.context import Actor, Context
    from voxprivacy.storage.database import open_database, parse_target
    from voxprivacy.storage.models import Staff

    if pg_url:
        import psycopg
        from sqlalchemy.engine import make_url

        url, sidecar = pg_prepare(customers, cache, pg_url)
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        raw: Any = psycopg.connect(plain, autocommit=True)
        mark = "%s"
    else:
        url, sidecar = prepare(customers, cache)
        raw = sqlite3.connect(db_path(cache, customers))
        mark = "?"
    use_bench_keyring(sidecar)
    db = open_database(parse_target(url), SecretStore())
    ctx = Context(db, SecretStore())
    with db.read() as session:
        agent_id = session.execute(select(Staff.id).where(Staff.role == "agent")).scalar_one()
    actor = Actor(agent_id, "agent", Role.AGENT)
    prefixes = typed_prefixes(raw, names, mark=mark)
    limit = 101  # the list's first page plus one (is there more?)

    # warm both paths (page cache, statement caches) once
    for text in prefixes[:5]:
        customer_service.search_customers(ctx, actor, text, limit=limit)
        raw_search(raw, text, limit, mark)

    service_ms: list[float] = []
    raw_ms: list[float] = []
    slow: list[tuple[float, float, str]] = []
    for text in prefixes:
        # alternate which runs first, so neither always finds the pages already cached
        service_first = len(service_ms) % 2 == 0
        if not service_first:
            t0 = time.perf_counter()
            rows = raw_search(raw, text, limit, mark)
            raw_took = time.perf_counter() - t0
        t0 = time.perf_counter()
        hits = customer_service.search_customers(ctx, actor, text, limit=limit)
        service_took = time.perf_counter() - t0
        if service_first:
            t0 = time.perf_counter()
            rows = raw_search(raw, text, limit, mark)
            raw_took = time.perf_counter() - t0
        if [h.account_number for h in hits] != [r[1] for r in rows]:
            raise SystemExit(
                f"the service and the raw query disagree for {text!r}: "
                f"{len(hits)} and {len(rows)} customers"
            )
        service_ms.append(service_took * 1000)
        raw_ms.append(raw_took * 1000)
        slow.append((service_took * 1000, raw_took * 1000, text))
    raw.close()
    db.dispose()

    s_med, s_p95 = statistics.median(service_ms), percentile(service_ms, 0.95)
    r_med, r_p95 = statistics.median(raw_ms), percentile(raw_ms, 0.95)
    print(
        f"search-as-you-type at {customers:,} customers on {'PostgreSQL' if pg_url else 'SQLite'}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
        f"({len(prefixes)} typed prefixes of {names} real names, first page of {limit})"
    )
    print(f"  search_customers  median {s_med:7.2f} ms   p95 {s_p95:7.2f} ms")
    print(f"  raw SQL query     median {r_med:7.2f} ms   p95 {r_p95:7.2f} ms")
    ratio = s_p95 / r_p95 if r_p95 else float("inf")
    print(
        f"  ratio (p95)       {ratio:.2f}x   target ≤ {TARGET_RATIO:.0f}x "
        f"and p95 ≤ {TARGET_P95_MS:.0f} ms at 1,000,000: "
        f"{'met' if ratio <= TARGET_RATIO and s_p95 <= TARGET_P95_MS else 'MISSED'}"
    )
    print("  slowest prefixes (service ms, raw ms, typed):")
    for s_ms, r_ms, text in sorted(slow, reverse=True)[:5]:
        print(f"    {s_ms:8.1f} {r_ms:8.1f}  {text!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--cache",
        type=Path,
        default=default_cache(),
        help="where the generated demo databases are kept",
    )
    parser.add_argument("--names", type=int, default=20, help="real names to type")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--pg-url", help="with --backend postgresql: the server to keep the demo database on"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="only generate the cached database"
    )
    args = parser.parse_args()
    os.environ.setdefault("VOXPRIVACY_BENCH", "1")
    pg_url = None
    if args.backend == "postgresql":
        if not args.pg_url:
            parser.error("--backend postgresql needs --pg-url postgresql+psycopg://user@host/db")
        pg_url = args.pg_url
    if args.prepare_only:
        if pg_url:
            url, _ = pg_prepare(args.customers, args.cache, pg_url)
        else:
            url, _ = prepare(args.customers, args.cache)
        print(url)
        return 0
    measure(args.customers, args.cache, args.names, pg_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
