"""What does voxprivacy-server add to a call, next to calling the service in-process?

Run from the project root, for example::

    .venv/bin/python benchmarks/server_overhead.py \\
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres --customers 100000

In one run, on one new PostgreSQL database filled with the demo generator, it
measures the same sequence called in-process and through a ``voxprivacy-server``
process on loopback with TLS (a self-signed certificate made here, the client
pinned to it): a search as one types (one call per letter of a surname, a
different surname each round), opening the records found, and an edit after one
step-up. It prints the median and p95 of each, both ways, and the difference, and
the server process's CPU time per request, for each kind of call (``--profile``
also records the server with py-spy). The database is kept for the next run
(``serverbench.prepare``).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serverbench import Member, ServerProcess, percentile, prepare

from voxprivacy.client.remote import remote_context
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Context

OPS = ("search (per letter)", "open", "edit")


class Way:
    """One way of calling the services (in-process, or through one server) as one member."""

    def __init__(self, label: str, ctx: Context, member: Member) -> None:
        self.label = label
        self.ctx = ctx
        self.member = member
        self.actor = auth.sign_in(ctx, member.username, member.password)
        self.times: dict[str, list[float]] = {op: [] for op in OPS}
        self.accounts: list[str] = []

    def _timed(self, op: str, call: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = call()
        self.times[op].append((time.perf_counter() - start) * 1000)
        return result

    def type_surname(self, surname: str) -> None:
        hits: Any = []
        for end in range(1, len(surname) + 1):
            prefix = surname[:end]
            hits = self._timed(
                OPS[0], lambda p=prefix: customers.search_customers(self.ctx, self.actor, p)
            )
        if hits:
            self.accounts.append(hits[0].account_number)

    def open(self, r: int) -> None:
        account = self.accounts[r % len(self.accounts)]
        self._timed(OPS[1], lambda: customers.show_customer(self.ctx, self.actor, account))

    def step_up(self) -> None:
        auth.step_up(self.ctx, self.actor, pyotp.TOTP(self.member.secret).now())

    def edit(self, r: int) -> None:
        account = self.accounts[r % len(self.accounts)]
        self._timed(
            OPS[2],
            lambda: customers.record_interaction(
                self.ctx, self.actor, account, "phone", f"call {r}"
            ),
        )

    def clear(self) -> None:
        for values in self.times.values():
            values.clear()


def _rotated(ways: list[Way], r: int) -> list[Way]:
    """Each round starts with another way, so none always finds the pages cached."""
    k = r % len(ways)
    return ways[k:] + ways[:k]


def measure(
    ways: list[Way], rounds: int, surnames: list[str], servers: list[ServerProcess]
) -> dict[str, list[float]]:
    """Run the rounds; the CPU seconds each server process used in each phase."""
    cpu: dict[str, list[float]] = {}

    def phase(op: str, work: Callable[[], None]) -> None:
        before = [s.cpu() for s in servers]
        work()
        cpu[op] = [s.cpu() - b for s, b in zip(servers, before, strict=True)]

    def searches() -> None:
        for r in range(rounds):
            for way in _rotated(ways, r):
                way.type_surname(surnames[r % len(surnames)])

    def opens() -> None:
        for r in range(rounds):
            for way in _rotated(ways, r):
                way.open(r)

    def edits() -> None:
        for way in ways:
            way.step_up()
        for r in range(rounds):
            for way in _rotated(ways, r):
                way.edit(r)

    phase(OPS[0], searches)
    if not all(way.accounts for way in ways):
        raise SystemExit("no customer found by the surnames; use more customers")
    phase(OPS[1], opens)
    time.sleep(30 - time.time() % 30 + 0.5)  # a fresh TOTP step: each member's code is new
    phase(OPS[2], edits)
    return cpu


def _figures(values: list[float]) -> str:
    return f"{statistics.median(values):>8.2f} / {percentile(values, 95):>6.2f}"


def _profiler(pid: int, out: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling the server process (and its worker threads) into ``out``."""
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(found).is_file():
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    command = [found, "record", "--pid", str(pid), "--rate", "250", "--format", "raw"]
    command += ["--output", str(out), "--nonblocking", "--gil"]
    profiler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)  # attached before the first measured call
    return profiler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", required=True, help="a PostgreSQL URL of a superuser")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--fresh", action="store_true", help="generate the database again")
    parser.add_argument(
        "--compare-with",
        type=Path,
        default=None,
        help="also through a server run from this source tree (an export of an earlier "
        "commit: git archive COMMIT | tar -x -C DIR)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="record the (first) server process with py-spy during the measured rounds into "
        "this file: the thread holding the GIL only, so the samples are where its Python "
        "CPU goes (collapsed stacks; summarise with benchmarks/pyspy_summary.py)",
    )
    args = parser.parse_args()

    bench = prepare(args.pg_url, args.customers, desks=2, fresh=args.fresh)
    servers = [ServerProcess(bench).start()]
    if args.compare_with is not None:
        servers.append(ServerProcess(bench, source=args.compare_with).start())
    ctx = bench.context()
    remotes = [remote_context(s.url, fingerprint=s.fingerprint) for s in servers]
    try:
        ways = [Way("in-process", ctx, bench.demo["agent"])]
        ways.append(Way("server", remotes[0], bench.desks[0]))
        if len(remotes) > 1:
            ways.append(Way(f"server from {args.compare_with}", remotes[1], bench.desks[1]))
        # a warm-up round each way (caches, the server's first requests), not counted
        for way in ways:
            way.type_surname(bench.surnames[-1])
            way.clear()
        profiler = _profiler(servers[0].pid, args.profile) if args.profile else None
        cpu = measure(ways, args.rounds, bench.surnames, servers)
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
            profiler.wait(timeout=60)
            print(f"profile of the server process: {args.profile}")
        print(f"{args.customers:,} customers, {args.rounds} rounds, median / p95 in ms")
        print(f"{'operation':<21}" + "".join(f"{w.label[:26]:>28}" for w in ways))
        local = ways[0].times
        for op in OPS:
            row = f"{op:<21}" + "".join(f"{_figures(w.times[op]):>28}" for w in ways)
            print(row)
            for way in ways[1:]:
                there = way.times[op]
                added = statistics.median(there) - statistics.median(local[op])
                added95 = percentile(there, 95) - percentile(local[op], 95)
                print(f"{'':<21}added by {way.label[:30]}: {added:.2f} / {added95:.2f}")
        print("the server process's CPU time per request (/proc/<pid>/stat, all its threads):")
        for i, way in enumerate(ways[1:]):
            parts = []
            for op in OPS:
                calls = len(way.times[op]) + (1 if op == OPS[2] else 0)  # and the step-up
                parts.append(f"{op} {cpu[op][i] * 1000 / calls:.2f} ms")
            calls = sum(len(v) for v in way.times.values()) + 1
            used = sum(cpu[op][i] for op in OPS)
            print(
                f"  {way.label}: {', '.join(parts)} (the step-up counted with the edits); "
                f"all {used * 1000 / calls:.2f} ms ({calls} requests)"
            )
    finally:
        for remote in remotes:
            remote.transport.close()
        for server in servers:
            server.stop()
        ctx.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
