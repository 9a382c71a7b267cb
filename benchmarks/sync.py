"""How fast do branch offices synchronise, next to baselines doing the same work on the same engine?

Run from the project root::

    .venv/bin/python benchmarks/sync.py
    .venv/bin/python benchmarks/sync.py --changes 1000 --customers 1000 --branch sqlite
    .venv/bin/python benchmarks/sync.py --profile

Without ``--central`` a throwaway PostgreSQL server is started for the run
(``tests/support/postgres.py``) and removed afterwards; with ``--central`` the
given server is used for throwaway databases (its user needs CREATE DATABASE and
CREATE ROLE: ``voxprivacy-server``'s database is prepared as ``server init`` does).

Setup, not measured: the head office database (``generate_demo`` with N customers,
seed 1) behind a real ``voxprivacy-server`` (TLS on 127.0.0.1, PostgreSQL as the
application role; ``tests/support/server.py``), and two copies of it made with
``CREATE DATABASE … TEMPLATE``: one reached in process, one for the push's
baseline. Four branches: *north* and *south* replicas of the in-process copy
(``replica.setup_replica``), *north-srv* and *south-srv* enrolled through the server
(``client/branch.py``: a one-time token, the initial copy streamed). N edits are
made offline at north, one transaction and one signed operation each (a new name or
a new primary email), with ``customers.edit_customer``'s own writing step
(``apply_changes`` with the agent acting: the same rows captured and signed into the
outbox; the step-up check, the audit event and the desk's view are left out, as they
travel nowhere). north-srv gets the same edits with set-based statements
(``mirror_edits``: the rows that differ, the changed customers' search terms and the
outbox, byte for byte; a signature never names the branch), so it pushes exactly what
north does. (Until 5,000 changes the edits were made twice through
``edit_customer``; at 10,000 that took over ten minutes on the shared machine.)

Measured, each direction next to its baseline:

- push baseline: north's outbox applied to the baseline copy of the central database
  with hand-written set-based SQL in one transaction — the rows (versions merged in
  the same statements), the changed customers' search terms, the log entries and the
  counter (``benchmarks/sync_baselines.py``);
- push in process (north, ``hub.receive`` in this process on the in-process copy) and
  through the server (north-srv): the push phase of ``replica.sync_once``, with the
  time PostgreSQL spent executing its statements under it (``pg_stat_statements``);
- pull baseline: the log entries' rows and search terms written with the driver's
  plain ``executemany`` into a copy of south's encrypted replica, in one transaction;
- pull in process (south) and through the server (south-srv): the whole ``sync_once``;
- idle: ``sync_once`` with nothing to do, in process and through the server the way
  the timer runs it (a new TLS connection, the pinned certificate checked, signed
  requests); the median of the runs.

Targets: push and pull within 3x their baseline in process and within 4x through the
server; an idle sync through the server under 100 ms. Afterwards every branch's
outbox is empty and every branch shows every edited customer as its centre does.

``--profile`` runs the timed syncs under cProfile and prints where this process's
time goes (``--profile-dir DIR`` also writes the statistics for ``python -m pstats``);
through the server the server's own work shows as time waiting for the answer, and
its PostgreSQL share is printed under the push. No keyring and no display are needed.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import pstats
import resource
import shutil
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
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from voxprivacy.client import branch as remote
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, branches
from voxprivacy.services.context import Actor, Context, load_keys
from voxprivacy.services.customers.edit import apply_changes
from voxprivacy.services.customers.lookup import load_full
from voxprivacy.services.demo import DemoStaff, generate_demo
from voxprivacy.services.guard import acting
from voxprivacy.storage import models as m
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database, open_database, parse_target, sqlcipher_key_name
from voxprivacy.sync import hub, recipher, replica
from voxprivacy.sync.transport import InProcess, Transport

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.insider import raw_file  # noqa: E402
from support.postgres import PostgresServer  # noqa: E402
from support.server import ServerProcess  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from sync_baselines import Op, pull_baseline, push_baseline  # noqa: E402

TARGET_IN_PROCESS = 3.0
TARGET_SERVER = 4.0
TARGET_IDLE_S = 0.1
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

    def at(self, ctx: Context, *, fresh: bool = False) -> Actor:
        """Signed in at ctx, with at least a minute of its step-up left (``fresh``: a code
        checked just now)."""
        actor = self.actors.get(id(ctx))
        if actor is None:
            actor = auth.sign_in(ctx, self.staff.username, self.staff.password)
            self.actors[id(ctx)] = actor
        if fresh or actor.step_up_left(self.clock.now) < timedelta(minutes=1):
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
    central: Database | Transport,
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
    """The edits, each in its own transaction, as ``customers.edit_customer`` writes them:
    its own writing step (``apply_changes`` on the loaded record) with the agent acting, so
    the change is captured and signed into the outbox as the service's is. Left out, as
    they travel nowhere: the step-up check, the audit event and the view built for the
    desk (about two thirds of a call's time)."""
    started = time.perf_counter()
    with acting(agent.at(ctx)):
        for i, change in enumerate(planned, 1):
            clock.advance(0.01)
            with ctx.db.write() as session:
                customer = load_full(session, change.customer_id)
                apply_changes(
                    session, ctx, customer, {change.field: change.value}, confirm_impact=True
                )
            if i % 1000 == 0 or i == len(planned):
                progress(
                    f"{i:,}/{len(planned):,} edits at north ({time.perf_counter() - started:.0f} s)"
                )


def file_key(db: Database, secrets: ProcessOnlySecrets) -> str:
    assert db.target.path is not None
    key = secrets.get(sqlcipher_key_name(db.target.path))
    assert key is not None, f"no key for {db.target.display}"
    return key


def mirror_edits(
    source: Database,
    source_secrets: ProcessOnlySecrets,
    target: Database,
    target_secrets: ProcessOnlySecrets,
) -> int:
    """Give ``target`` the edits made at ``source`` (two branches that copied the same
    central rows) with set-based statements in one transaction: every synchronised row
    that differs, the changed customers' search terms and the whole outbox, as they are.

    The operations are the same bytes, signed by the same member (a signature covers the
    operation, its member, its time and its payload, never the branch), so the target
    pushes exactly what the services wrote at the source. Card tokens are left alone:
    each branch holds them under its own key, and the edits touch none. Returns the
    operations copied.
    """
    assert source.target.path is not None
    with raw_file(target, target_secrets) as conn:
        if source.target.mode == "encrypted":
            conn.execute(
                f"ATTACH DATABASE ? AS src KEY \"x'{file_key(source, source_secrets)}'\"",
                (str(source.target.path),),
            )
        else:
            conn.execute("ATTACH DATABASE ? AS src", (str(source.target.path),))
        source.dispose()
        conn.execute("BEGIN IMMEDIATE")
        for name, spec in wire.SYNCED.items():
            if name in recipher.TABLES:
                continue
            columns = ", ".join(
                f'"{c[1]}"' for c in conn.execute(f'PRAGMA main.table_info("{name}")')
            )
            conn.execute(
                f'DELETE FROM main."{name}" WHERE "{spec.pk}" NOT IN '
                f'(SELECT "{spec.pk}" FROM src."{name}")'
            )
            conn.execute(
                f'INSERT OR REPLACE INTO main."{name}" ({columns}) SELECT {columns} '
                f'FROM src."{name}" EXCEPT SELECT {columns} FROM main."{name}"'
            )
        terms = "customer_search_terms"
        changed = (
            f"SELECT customer_id FROM (SELECT * FROM src.{terms} EXCEPT SELECT * FROM "
            f"main.{terms}) UNION SELECT customer_id FROM (SELECT * FROM main.{terms} "
            f"EXCEPT SELECT * FROM src.{terms})"
        )
        conn.execute(f"CREATE TEMP TABLE changed_terms AS {changed}")
        conn.execute(
            f"DELETE FROM main.{terms} WHERE customer_id IN (SELECT customer_id FROM changed_terms)"
        )
        conn.execute(
            f"INSERT INTO main.{terms} SELECT * FROM src.{terms} "
            "WHERE customer_id IN (SELECT customer_id FROM changed_terms)"
        )
        conn.execute("DELETE FROM main.sync_outbox")
        copied = conn.execute("INSERT INTO main.sync_outbox SELECT * FROM src.sync_outbox").rowcount
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
    return int(copied)


def count(db: Database, model: type[m.Base]) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


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
        help="run the timed syncs under cProfile and print the hotspots "
        "(this process only: the server's own share is its PostgreSQL time)",
    )
    parser.add_argument("--profile-lines", type=int, default=30, metavar="N")
    parser.add_argument(
        "--profile-dir",
        type=Path,
        metavar="DIR",
        help="with --profile: also write the profiles there",
    )
    args = parser.parse_args(argv)
    if args.changes < 1 or args.customers < 1 or args.idle_runs < 1:
        parser.error("--changes, --customers and --idle-runs need a positive number")

    clock = Clock()
    scheme = "sqlite+pysqlcipher" if args.branch == "encrypted" else "sqlite"
    unencrypted = args.branch != "encrypted"
    with (
        postgres(args.central) as pg,
        tempfile.TemporaryDirectory(prefix="voxbench-sync-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        where = "the given server" if pg.external is not None else "a throwaway server"
        started = time.perf_counter()
        server = ServerProcess(pg, Path(tmp) / "server")
        stack.callback(server.stop)  # whatever happens, the server process ends with the run
        secrets = server.secrets  # the central master key, for the in-process path
        hub_ctx = Context(server.db, secrets, clock=clock)
        demo = generate_demo(hub_ctx, args.customers, seed=1)
        server.db.engine.dispose()
        in_process_url = clone(pg, server.dbname, "inprocess")
        baseline_url = clone(pg, server.dbname, "baseline")
        server.start()
        demo_s = time.perf_counter() - started
        progress(f"central: {args.customers:,} demo customers, copied twice ({demo_s:.0f} s)")
        agent_staff = next(s for s in demo.staff if s.role == "agent")
        admin_staff = next(s for s in demo.staff if s.role == "admin")
        central = open_database(parse_target(in_process_url), secrets)

        started = time.perf_counter()
        local: dict[str, Database] = {}
        own: dict[str, ProcessOnlySecrets] = {}
        for name in ("north", "south"):
            db = open_database(parse_target(f"{scheme}:///{tmp}/{name}.db"), secrets, create=True)
            replica.setup_replica(db, central, secrets, name, allow_unencrypted=unencrypted)
            local[name] = db
        admin = Agent(admin_staff, clock)
        for name in ("north-srv", "south-srv"):
            token = branches.issue_enrolment(hub_ctx, admin.at(hub_ctx, fresh=True), name).token
            own[name] = ProcessOnlySecrets()
            db = open_database(parse_target(f"{scheme}:///{tmp}/{name}.db"), own[name], create=True)
            remote.setup(
                db, own[name], server.url, server.fingerprint, token, allow_unencrypted=unencrypted
            )
            local[name] = db
        setup_s = time.perf_counter() - started
        progress(
            f"four branches set up, two in process and two through the server ({setup_s:.0f} s)"
        )

        agent = Agent(agent_staff, clock)
        planned = plan_changes(local["north"], args.changes)
        started = time.perf_counter()
        make_changes(Context(local["north"], secrets, clock=clock), agent, clock, planned)
        edits_s = time.perf_counter() - started
        started = time.perf_counter()
        mirrored = mirror_edits(local["north"], secrets, local["north-srv"], own["north-srv"])
        mirror_s = time.perf_counter() - started
        progress(f"north's edits and outbox copied to north-srv ({mirror_s:.1f} s)")
        outbox = count(local["north"], m.Outbox)
        assert outbox >= args.changes, f"only {outbox} operations in the outbox"
        assert mirrored == outbox == count(local["north-srv"], m.Outbox)
        distinct = len({c.customer_id for c in planned})

        # the pull's baseline writes into a copy of south's file, taken before south pulls
        south_copy = copy_replica(local["south"], Path(tmp) / "south-baseline.db", secrets)

        # push: baseline, in process, through the server
        push_base = push_baseline(baseline_url, outbox_ops(local["north"]), "north")
        in_clock, srv_clock = ServerClock(in_process_url), ServerClock(server.database_url)
        with central.read() as session:  # the hub's keys from the run's own secrets
            hub_keys = load_keys(session, secrets)

        def in_process(name: str) -> InProcess:
            return InProcess(central, name, keys=hub_keys)

        push_ip = timed_sync(local["north"], in_process("north"), args.profile, in_clock, "push")
        line = remote.RemoteSync(local["north-srv"], own["north-srv"])
        push_srv = timed_sync(local["north-srv"], line, args.profile, srv_clock, "push")
        line.close()

        # pull: baseline, in process, through the server
        with central.read() as session:
            entries = hub.log_after(session, replica.status(local["south"]).cursor, 10**9)
        pull_base = pull_baseline(south_copy, entries)
        pull_ip = timed_sync(local["south"], in_process("south"), args.profile, in_clock)
        line = remote.RemoteSync(local["south-srv"], own["south-srv"])
        pull_srv = timed_sync(local["south-srv"], line, args.profile, srv_clock)
        line.close()
        check_converged(local["north"], local["south"], central, planned)
        check_converged(local["north-srv"], local["south-srv"], server.db, planned)

        # idle: in process, and through the server as the timer runs it (a new TLS line)
        idle_ip, idle_srv, idle_profile = [], [], None
        for run in range(args.idle_runs):
            ip_name = "north" if run % 2 == 0 else "south"
            ip = timed_sync(local[ip_name], in_process(ip_name), False)
            assert not ip.report.moved, "an idle sync moved something"
            idle_ip.append(ip.seconds)
            name = "north-srv" if run % 2 == 0 else "south-srv"
            started = time.perf_counter()
            srv = timed_sync(
                local[name], remote.RemoteSync(local[name], own[name]), args.profile and run == 0
            )
            assert not srv.report.moved, "an idle sync moved something"
            idle_srv.append(srv.seconds)
            idle_profile = idle_profile or srv.profile

        for db in (*local.values(), central, south_copy):
            db.dispose()
        in_clock.dispose()
        srv_clock.dispose()
        server.stop()
        server.db.dispose()

    n = args.changes
    print(
        f"sync of {n:,} changes: central PostgreSQL on {where}, branches {args.branch} SQLite, "
        f"{args.customers:,} demo customers; through the server: voxprivacy-server over TLS "
        "on 127.0.0.1"
    )
    print(
        f"setup (not timed): demo and copies {demo_s:.1f} s, four branches {setup_s:.1f} s, "
        f"{n:,} edits at north (edit_customer's writing step) {edits_s:.1f} s "
        f"({distinct:,} customers: new names and primary emails), copied to north-srv "
        f"{mirror_s:.1f} s; north's outbox: {outbox:,} operations"
    )
    print()
    print(f"{'':62}{'seconds':>9}{'× base':>9}  target")
    push_ip_s = push_ip.phases.get("push", push_ip.seconds)
    push_srv_s = push_srv.phases.get("push", push_srv.seconds)
    row(f"push baseline: set-based SQL, one transaction, {outbox:,} operations", push_base)
    row(
        "push in process (hub.receive on the same PostgreSQL)",
        push_ip_s,
        push_ip_s / push_base,
        f"≤ ×{TARGET_IN_PROCESS:.0f}",
        push_ip_s / push_base <= TARGET_IN_PROCESS,
    )
    server_share(push_ip, "push", push_base)
    row(
        "push through the server",
        push_srv_s,
        push_srv_s / push_base,
        f"≤ ×{TARGET_SERVER:.0f}",
        push_srv_s / push_base <= TARGET_SERVER,
    )
    server_share(push_srv, "push", push_base)
    row(f"pull baseline: executemany into the replica, {len(entries):,} entries", pull_base)
    row(
        "pull in process",
        pull_ip.seconds,
        pull_ip.seconds / pull_base,
        f"≤ ×{TARGET_IN_PROCESS:.0f}",
        pull_ip.seconds / pull_base <= TARGET_IN_PROCESS,
    )
    row(
        "pull through the server",
        pull_srv.seconds,
        pull_srv.seconds / pull_base,
        f"≤ ×{TARGET_SERVER:.0f}",
        pull_srv.seconds / pull_base <= TARGET_SERVER,
    )
    idle_ip_s, idle_srv_s = statistics.median(idle_ip), statistics.median(idle_srv)
    row(f"idle sync in process, median of {args.idle_runs}", idle_ip_s)
    row(
        f"idle sync through the server, median of {args.idle_runs} (max {max(idle_srv):.3f} s)",
        idle_srv_s,
        None,
        f"< {TARGET_IDLE_S * 1000:.0f} ms",
        idle_srv_s < TARGET_IDLE_S,
    )
    print()
    for label, timed in (("in process", push_ip), ("through the server", push_srv)):
        r = timed.report
        print(
            f"push {label}: {r.applied:,} applied, {r.conflicts} conflicts, {r.rejected} "
            f"rejected; peak RSS {timed.peak_mb:.0f} MB"
        )
    if args.profile:
        print("\n(profiled run: the figures above include cProfile's overhead)")
        profiles = {
            "push-in-process": push_ip.profile,
            "push-server": push_srv.profile,
            "pull-in-process": pull_ip.profile,
            "pull-server": pull_srv.profile,
            "idle-server": idle_profile,
        }
        if args.profile_dir is not None:
            args.profile_dir.mkdir(parents=True, exist_ok=True)
            for name, stats in profiles.items():
                if stats is not None:
                    stats.dump_stats(args.profile_dir / f"{name}.prof")
        for name, stats in profiles.items():
            if stats is not None:
                print_profile(name, stats, args.profile_lines)
    return 0


def clone(pg: PostgresServer, template: str, label: str) -> str:
    """A copy of a database (same schema, rows, installation) for the run."""
    name = f"voxbench_{label}_{uuid.uuid4().hex[:8]}"
    with pg.connect() as conn:
        conn.autocommit = True
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return pg.url(name)


def copy_replica(db: Database, path: Path, secrets: ProcessOnlySecrets) -> Database:
    """The same replica file under another name (and its key under that name)."""
    source = db.target.path
    assert source is not None
    db.dispose()
    shutil.copyfile(source, path)
    if db.target.mode == "encrypted":
        key = secrets.get(sqlcipher_key_name(source))
        assert key is not None
        secrets.put(sqlcipher_key_name(path), key)
        return open_database(parse_target(f"sqlite+pysqlcipher:///{path}"), secrets)
    return open_database(parse_target(f"sqlite:///{path}"), secrets)


def outbox_ops(db: Database) -> list[Op]:
    with db.read() as session:
        rows = session.execute(
            select(m.Outbox.op_id, m.Outbox.staff_id, m.Outbox.made_at, m.Outbox.payload).order_by(
                m.Outbox.op_id
            )
        ).all()
    return [Op(r.op_id, r.staff_id, r.made_at, r.payload) for r in rows]


if __name__ == "__main__":
    sys.exit(main())
