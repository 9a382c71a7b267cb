"""How fast do branch offices synchronise, next to a plain bulk insert into the same PostgreSQL?

Run from the project root::

    .venv/bin/python benchmarks/sync.py
    .venv/bin/python benchmarks/sync.py --changes 10000 --customers 10000 --branch sqlite
    .venv/bin/python benchmarks/sync.py \\
        --central postgresql+psycopg://user:pw@localhost:5432/postgres

Without ``--central`` a throwaway PostgreSQL server is started for the run
(``tests/support/postgres.py``: initdb into a temporary directory, as the
``postgres`` OS user when run as root) and removed afterwards. With
``--central`` the given server is used: two databases are created on it for
the run and dropped afterwards (the URL's user needs CREATE DATABASE).

Setup, not measured: a central database (``generate_demo`` with N customers,
seed 1), two branch replicas of it, *north* and *south*
(``replica.setup_replica``), and N changes made offline at north through the
services as the demo agent, signed in and stepped up there: every change is
one ``customers.edit_customer`` call (its own transaction, so its own captured
operation in north's outbox), alternately a new name and a new primary email,
each for a different customer while there are enough of them. The outbox is
counted before anything is timed.

Measured, in this order, against the same PostgreSQL server:

(a) baseline: the same N changes as plain rows (operation id, customer, staff,
    field, value, time) inserted into a scratch table of a second database on the
    server, one SQLAlchemy Core ``insert`` with a list of dicts (executemany)
    in one transaction; the median of three runs, each into a new table;
(b) push: ``replica.sync_once`` at north. Its push phase (``replica._push``:
    reading the outbox a page at a time, the hub applying each page and
    writing its log) and its pull phase (``replica._pull``: the log coming back,
    which at north only confirms its own operations and empties the outbox) are
    timed separately by wrapping those two functions for the call; the push
    phase is the figure held against the target, the whole call is shown too;
(c) pull: ``replica.sync_once`` at south, set up before the changes: nothing to
    push, the whole log to pull and apply (the whole call is the figure);
(d) idle: ``replica.sync_once`` with nothing to do, alternately at north and at
    south; the median of the runs.

Under the push and the pull, the time PostgreSQL itself spent executing
their statements is printed (from ``pg_stat_statements``, which the throwaway
server preloads; the bulk insert's session turns its bookkeeping off, as it
would otherwise slow 10,000 single-row INSERTs down). It is the part no
client-side work can remove.

Each figure is printed with its ratio to the bulk insert and PASS or MISS
against the targets: push and pull each within 5x the bulk insert, an idle
sync under 1 s. The peak resident memory of the process during each timed
sync is read from VmHWM after resetting it (Linux), with the process's peak
so far as a fallback. Afterwards north's outbox must be empty, and both
branches must show every edited customer as the centre does.

``--profile`` runs the three timed syncs under cProfile and prints where the
time goes (by cumulative and by own time; ``--profile-dir DIR`` also writes the
statistics to files for ``python -m pstats``); the figures of such a run carry
the profiler's overhead and are not comparable with an unprofiled run.

No keyring and no display are needed: the databases' keys live only in this
process (ProcessOnlySecrets).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import pstats
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Uuid,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.demo import DemoStaff, generate_demo
from voxprivacy.storage import models as m
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.schema import upgrade
from voxprivacy.sync import replica

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.postgres import PostgresServer  # noqa: E402

TARGET_RATIO = 5.0
TARGET_IDLE_S = 1.0
BASELINE_RUNS = 3
SURNAMES = ("Weber", "Martin", "Rossi", "García", "de Vries", "Kowalska", "Smith", "Dubois")


class Clock:
    """The services' clock, moved forward by hand (step-up codes must never repeat)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Agent:
    """The demo agent, signed in at each place it works and stepped up on demand."""

    staff: DemoStaff
    clock: Clock
    actors: dict[int, Actor] = field(default_factory=dict)

    def at(self, ctx: Context) -> Actor:
        """Signed in at ctx, with at least a minute of its step-up left."""
        actor = self.actors.get(id(ctx))
        if actor is None:
            actor = auth.sign_in(ctx, self.staff.username, self.staff.password)
            self.actors[id(ctx)] = actor
        if actor.step_up_left(self.clock.now) < timedelta(minutes=1):
            self.clock.advance(30)  # the next time step: a code is never used twice
            auth.step_up(ctx, actor, pyotp.TOTP(self.staff.secret).at(self.clock.now))
        return actor


@dataclass(frozen=True)
class Change:
    customer_id: uuid.UUID
    field: str
    value: str


# ----------------------------------------------------------------------------- memory


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark of this process (VmHWM); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb(since_reset: bool) -> float:
    if since_reset:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident memory now (0 where /proc is not there to read)."""
    with contextlib.suppress(OSError), open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# ----------------------------------------------------------------------------- the server's share


class ServerClock:
    """Time PostgreSQL spent executing one database's statements (pg_stat_statements).

    Available on a throwaway server (started with the module preloaded) or a given
    one that has it; otherwise ``seconds`` is None and the figure is left out.
    """

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, pool_size=1)
        self.available = False
        # a server without the module loaded refuses; its figures are then left out
        with contextlib.suppress(DBAPIError), self.engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            conn.execute(text("SELECT count(*) FROM pg_stat_statements"))
            self.available = True

    def reset(self) -> None:
        if self.available:
            with self.engine.begin() as conn:
                conn.execute(text("SELECT pg_stat_statements_reset()"))

    def seconds(self) -> float | None:
        """Execution time of this database's statements since the last reset."""
        if not self.available:
            return None
        query = text(
            "SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND query NOT LIKE '%pg_stat_statements%'"
        )
        with self.engine.begin() as conn:
            return float(conn.execute(query).scalar_one()) / 1000

    def dispose(self) -> None:
        self.engine.dispose()


# ----------------------------------------------------------------------------- timing


@dataclass
class Timed:
    seconds: float
    report: replica.SyncReport
    phases: dict[str, float]
    peak_mb: float
    start_mb: float
    profile: pstats.Stats | None = None


@contextmanager
def phases_timed(
    into: dict[str, float], server: ServerClock | None = None, phase: str = ""
) -> Iterator[None]:
    """Time sync_once's push and pull phases: its two steps wrapped for the call.

    With a server clock, the server's time up to the end of ``phase`` goes into
    ``"at the server"`` (read after that phase's own time is taken).
    """
    originals: dict[str, Callable[..., None]] = {"push": replica._push, "pull": replica._pull}

    def timed(name: str) -> Callable[..., None]:
        def run(*args: Any, **kwargs: Any) -> None:
            started = time.perf_counter()
            try:
                originals[name](*args, **kwargs)
            finally:
                into[name] = into.get(name, 0.0) + time.perf_counter() - started
                if server is not None and name == phase:
                    at_server = server.seconds()
                    if at_server is not None:
                        into["at the server"] = at_server

        return run

    replica._push = timed("push")  # type: ignore[assignment]
    replica._pull = timed("pull")  # type: ignore[assignment]
    try:
        yield
    finally:
        replica._push = originals["push"]  # type: ignore[assignment]
        replica._pull = originals["pull"]  # type: ignore[assignment]


def timed_sync(
    local: Database,
    central: Database,
    profile: bool,
    server: ServerClock | None = None,
    phase: str = "",
) -> Timed:
    """One sync_once, timed. With a server clock, also the server's time: up to the end of
    ``phase`` ("push"), or for the whole call (read after the call's time is taken)."""
    gc.collect()
    start_mb = rss_mb()
    since_reset = reset_peak_rss()
    phases: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    if server is not None:
        server.reset()
    with phases_timed(phases, server, phase):
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = replica.sync_once(local, central)
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - started
    if server is not None and not phase:
        at_server = server.seconds()
        if at_server is not None:
            phases["at the server"] = at_server
    stats = pstats.Stats(profiler, stream=io.StringIO()) if profiler is not None else None
    return Timed(seconds, report, phases, peak_rss_mb(since_reset), start_mb, stats)


def in_sqlite_driver(stats: pstats.Stats) -> float:
    """Seconds spent inside the SQLite driver's C calls (SQLCipher's own work: encrypting
    and writing pages at commit, running statements, reading rows), from a profile."""
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    return sum(
        entry[2]
        for (_file, _line, name), entry in entries.items()
        if "sqlcipher3.dbapi2" in name or "sqlite3.Cursor" in name or "sqlite3.Connection" in name
    )


def print_profile(title: str, stats: pstats.Stats, lines: int) -> None:
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]
        stats.sort_stats(order).print_stats(lines)
        body = out.getvalue()
        body = body[body.find("   ncalls") :] if "   ncalls" in body else body
        print(f"\n--- profile: {title}, by {order} ---")
        print(body.rstrip())


# ----------------------------------------------------------------------------- setup


@contextmanager
def postgres(central_url: str | None) -> Iterator[PostgresServer]:
    """A started PostgreSQL server: the one given, or a throwaway one of our own."""
    server = PostgresServer()
    if central_url:
        server.external = make_url(central_url).set(drivername="postgresql+psycopg")
    else:
        server.external = None
        # to read how long the server itself spent on each phase
        server.settings["shared_preload_libraries"] = "'pg_stat_statements'"
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def database_on(server: PostgresServer, label: str) -> Iterator[str]:
    name = server.create_database(f"voxbench_{label}_{uuid.uuid4().hex[:8]}")
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


def progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def plan_changes(branch: Database, n: int) -> list[Change]:
    """N edits: a new name or a new primary email, a different customer each while possible."""
    with branch.read() as session:
        people = session.execute(
            select(m.Customer.id, m.Customer.name)
            .where(m.Customer.status == "active")
            .order_by(m.Customer.id)
            .limit(n)
        ).all()
    if not people:
        raise SystemExit("the central database has no active customers to edit")
    names = {cid: name for cid, name in people}
    planned = []
    for i in range(n):
        cid = people[i % len(people)][0]
        if i % 2 == 0:
            first = names[cid].rsplit(" ", 1)[0]
            for k in range(len(SURNAMES)):
                name = f"{first} {SURNAMES[(i + k) % len(SURNAMES)]}"
                if name != names[cid]:
                    break
            names[cid] = name
            planned.append(Change(cid, "name", name))
        else:
            planned.append(Change(cid, "email", f"moved.{i}@example.org"))
    return planned


def make_changes(ctx: Context, agent: Agent, clock: Clock, planned: list[Change]) -> None:
    started = time.perf_counter()
    for i, change in enumerate(planned, 1):
        clock.advance(0.01)
        customers.edit_customer(
            ctx,
            agent.at(ctx),
            change.customer_id,
            {change.field: change.value},
            verified_by="callback",
        )
        if i % 1000 == 0 or i == len(planned):
            progress(
                f"{i:,}/{len(planned):,} edits at north ({time.perf_counter() - started:.0f} s)"
            )


def count(db: Database, model: type[m.Base]) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def bulk_insert(url: str, planned: list[Change], staff_id: uuid.UUID, *, untracked: bool) -> float:
    """Median seconds to insert the changes as plain rows, executemany in one transaction.

    ``untracked``: the server has pg_stat_statements loaded; its bookkeeping of
    each of the 10,000 INSERTs would slow the baseline down, so this session
    turns it off (the syncs run a few dozen statements and are unaffected).
    """
    engine = create_engine(url)
    if untracked:

        @event.listens_for(engine, "connect")
        def _untracked(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cursor:
                cursor.execute("SET pg_stat_statements.track = 'none'")
            dbapi_conn.commit()

    times = []
    try:
        for run in range(BASELINE_RUNS):
            table = Table(
                f"bench_changes_{run}",
                MetaData(),
                Column("op_id", Uuid, primary_key=True),
                Column("customer_id", Uuid, nullable=False),
                Column("staff_id", Uuid, nullable=False),
                Column("field", String(40), nullable=False),
                Column("value", String(254), nullable=False),
                Column("made_at", DateTime(timezone=True), nullable=False),
            )
            table.create(engine)
            now = datetime.now(UTC)
            rows = [
                {
                    "op_id": uuid7(),
                    "customer_id": c.customer_id,
                    "staff_id": staff_id,
                    "field": c.field,
                    "value": c.value,
                    "made_at": now,
                }
                for c in planned
            ]
            started = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(insert(table), rows)
            times.append(time.perf_counter() - started)
    finally:
        engine.dispose()
    return statistics.median(times)


def check_converged(
    north: Database, south: Database, central: Database, planned: list[Change]
) -> None:
    """North's outbox is empty and south shows every edited customer as the centre does."""
    left = count(north, m.Outbox)
    assert left == 0, f"north still has {left} operations in its outbox"
    ids = sorted({c.customer_id for c in planned})

    def names_and_emails(db: Database) -> dict[uuid.UUID, tuple[str, tuple[str, ...]]]:
        out: dict[uuid.UUID, tuple[str, tuple[str, ...]]] = {}
        with db.read() as session:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                names = dict(
                    session.execute(
                        select(m.Customer.id, m.Customer.name).where(m.Customer.id.in_(chunk))
                    ).all()
                )
                emails: dict[uuid.UUID, list[str]] = {}
                for cid, address in session.execute(
                    select(m.Email.customer_id, m.Email.address).where(
                        m.Email.customer_id.in_(chunk)
                    )
                ):
                    emails.setdefault(cid, []).append(address)
                for cid in chunk:
                    out[cid] = (names[cid], tuple(sorted(emails.get(cid, []))))
        return out

    at_centre = names_and_emails(central)
    assert names_and_emails(south) == at_centre, "south differs from the centre"
    assert names_and_emails(north) == at_centre, "north differs from the centre"
    last: dict[tuple[uuid.UUID, str], str] = {(c.customer_id, c.field): c.value for c in planned}
    for (cid, what), value in last.items():
        name, emails = at_centre[cid]
        assert (name == value) if what == "name" else (value in emails), (cid, what, value)


# ----------------------------------------------------------------------------- the run


def row(
    label: str,
    seconds: float,
    ratio: float | None = None,
    target: str = "",
    ok: bool | None = None,
) -> None:
    times = f"×{ratio:.2f}" if ratio is not None else ""
    verdict = "" if ok is None else "PASS" if ok else "MISS"
    print(f"{label:62}{seconds:9.3f}{times:>9}  {target:8} {verdict}".rstrip())


def server_share(timed: Timed, phase: str, bulk: float) -> None:
    """The line under a figure with PostgreSQL's own share of it, when it was read."""
    seconds = timed.phases.get("at the server")
    if seconds is not None:
        row(f"    of which PostgreSQL executing the {phase}'s statements", seconds, seconds / bulk)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--changes",
        type=int,
        default=10_000,
        metavar="N",
        help="edits made offline at a branch (default 10,000)",
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=10_000,
        metavar="N",
        help="demo customers in the central database (default 10,000)",
    )
    parser.add_argument(
        "--central",
        metavar="URL",
        help="a PostgreSQL server to create throwaway databases on "
        "(default: start a throwaway server)",
    )
    parser.add_argument(
        "--branch",
        choices=("sqlite", "encrypted"),
        default="encrypted",
        help="the branches' database kind (default encrypted: SQLCipher)",
    )
    parser.add_argument("--idle-runs", type=int, default=10, metavar="N")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the timed syncs under cProfile and print the hotspots",
    )
    parser.add_argument("--profile-lines", type=int, default=30, metavar="N")
    parser.add_argument(
        "--profile-dir",
        type=Path,
        metavar="DIR",
        help="with --profile: also write push.prof, pull.prof and idle.prof there",
    )
    args = parser.parse_args(argv)
    if args.changes < 1 or args.customers < 1 or args.idle_runs < 1:
        parser.error("--changes, --customers and --idle-runs need a positive number")

    clock = Clock()
    secrets = ProcessOnlySecrets()
    scheme = "sqlite+pysqlcipher" if args.branch == "encrypted" else "sqlite"
    with (
        postgres(args.central) as server,
        database_on(server, "central") as central_url,
        database_on(server, "baseline") as baseline_url,
        tempfile.TemporaryDirectory(prefix="voxbench-sync-") as tmp,
    ):
        where = "the given server" if server.external is not None else "a throwaway server"
        setup_started = time.perf_counter()
        central = open_database(parse_target(central_url), secrets, create=True)
        upgrade(central)
        central_ctx = Context(central, secrets, clock=clock)
        demo = generate_demo(central_ctx, args.customers, seed=1)
        demo_s = time.perf_counter() - setup_started
        progress(f"central: {args.customers:,} demo customers ({demo_s:.0f} s)")
        agent_staff = next(s for s in demo.staff if s.role == "agent")

        branches: dict[str, Database] = {}
        contexts: dict[str, Context] = {}
        started = time.perf_counter()
        for name in ("north", "south"):
            local = open_database(
                parse_target(f"{scheme}:///{tmp}/{name}.db"), secrets, create=True
            )
            replica.setup_replica(
                local, central, secrets, name, allow_unencrypted=args.branch != "encrypted"
            )
            branches[name] = local
            contexts[name] = Context(local, secrets, clock=clock)
        setup_s = time.perf_counter() - started
        progress(f"branches north and south set up ({setup_s:.0f} s)")
        north, south = branches["north"], branches["south"]

        agent = Agent(agent_staff, clock)
        planned = plan_changes(north, args.changes)
        started = time.perf_counter()
        make_changes(contexts["north"], agent, clock, planned)
        edits_s = time.perf_counter() - started
        outbox = count(north, m.Outbox)
        assert outbox >= args.changes, f"only {outbox} operations in the outbox"
        others = outbox - args.changes
        distinct = len({c.customer_id for c in planned})

        # (a) baseline
        staff_id = agent.actors[id(contexts["north"])].staff_id
        bulk = bulk_insert(baseline_url, planned, staff_id, untracked=server.external is None)
        server_clock = ServerClock(central_url)

        setup_peak_mb = peak_rss_mb(False)  # before the first reset of the peak mark

        # (b) push, (c) pull
        push = timed_sync(north, central, args.profile, server_clock, "push")
        log_size = count(central, m.ChangeLog)
        pull = timed_sync(south, central, args.profile, server_clock)
        check_converged(north, south, central, planned)

        # (d) idle
        idle_times = []
        idle_profile: pstats.Stats | None = None
        for run in range(args.idle_runs):
            local = north if run % 2 == 0 else south
            idle = timed_sync(local, central, args.profile and run == 0)
            assert not idle.report.moved, "an idle sync moved something"
            idle_times.append(idle.seconds)
            idle_profile = idle_profile or idle.profile
        idle_s = statistics.median(idle_times)

        for db in (north, south, central):
            db.dispose()
        server_clock.dispose()

    n = args.changes
    push_s = push.phases.get("push", push.seconds)
    pull_s = pull.seconds
    ratio_push, ratio_pull = push_s / bulk, pull_s / bulk
    print(
        f"sync of {n:,} changes: central PostgreSQL on {where}, branches {args.branch} SQLite, "
        f"{args.customers:,} demo customers"
    )
    print(
        f"setup (not timed): demo {demo_s:.1f} s, two branches set up {setup_s:.1f} s, "
        f"{n:,} edit_customer calls at north {edits_s:.1f} s "
        f"({distinct:,} customers: new names and primary emails)"
    )
    print(
        f"north's outbox before the push: {outbox:,} operations "
        f"({n:,} edits + {others:,} second-factor check(s))"
    )
    print()
    print(f"{'':62}{'seconds':>9}{'× bulk':>9}  target")
    row(f"(a) bulk insert, {n:,} rows, one transaction (median of {BASELINE_RUNS})", bulk)
    row(
        f"(b) push at north, {push.report.pushed:,} operations",
        push_s,
        ratio_push,
        f"≤ ×{TARGET_RATIO:.0f}",
        ratio_push <= TARGET_RATIO,
    )
    server_share(push, "push", bulk)
    row("    its pull: the log back, own operations confirmed", push.phases.get("pull", 0.0))
    row("    whole sync_once at north", push.seconds, push.seconds / bulk)
    row(
        f"(c) pull at south, {pull.report.pulled:,} log entries (sync_once)",
        pull_s,
        ratio_pull,
        f"≤ ×{TARGET_RATIO:.0f}",
        ratio_pull <= TARGET_RATIO,
    )
    server_share(pull, "pull", bulk)
    row(
        f"(d) idle sync_once, median of {args.idle_runs} (max {max(idle_times):.3f} s)",
        idle_s,
        idle_s / bulk,
        f"< {TARGET_IDLE_S:.0f} s",
        idle_s < TARGET_IDLE_S,
    )
    print()
    print(
        f"push outcomes: {push.report.applied:,} applied, {push.report.conflicts} conflicts, "
        f"{push.report.rejected} rejected; the central log holds {log_size:,} entries"
    )
    print(
        f"throughput: push {push.report.pushed / push_s:,.0f} operations/s, "
        f"pull {pull.report.pulled / pull_s:,.0f} entries/s, "
        f"bulk insert {n / bulk:,.0f} rows/s"
    )
    print(
        f"peak RSS during the push sync {push.peak_mb:.0f} MB (at its start "
        f"{push.start_mb:.0f} MB), during the pull sync {pull.peak_mb:.0f} MB "
        f"(at its start {pull.start_mb:.0f} MB); during the setup {setup_peak_mb:.0f} MB"
    )
    if args.profile:
        print("\n(profiled run: the figures above include cProfile's overhead)")
        if args.profile_dir is not None:
            args.profile_dir.mkdir(parents=True, exist_ok=True)
            for name, stats in (
                ("push", push.profile),
                ("pull", pull.profile),
                ("idle", idle_profile),
            ):
                if stats is not None:
                    stats.dump_stats(args.profile_dir / f"{name}.prof")
            print(f"profiles written to {args.profile_dir}/{{push,pull,idle}}.prof")
        if pull.profile is not None:
            inside = in_sqlite_driver(pull.profile)
            print(
                f"pull at south: {inside:.3f} s of {pull.seconds:.3f} s inside the SQLite "
                f"driver's own calls (commits, statements, fetches: {inside / bulk:.2f}x the "
                "bulk insert); the rest is Python"
            )
        if push.profile is not None:
            print_profile("push sync at north", push.profile, args.profile_lines)
        if pull.profile is not None:
            print_profile("pull sync at south", pull.profile, args.profile_lines)
        if idle_profile is not None:
            print_profile("idle sync", idle_profile, args.profile_lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
