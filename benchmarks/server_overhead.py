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
the server process's CPU time per request. The database is kept for the next run
(``serverbench.prepare``).
"""

from __future__ import annotations

import argparse
import statistics
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


def measure(ways: list[Way], rounds: int, surnames: list[str]) -> None:
    for r in range(rounds):
        for way in _rotated(ways, r):
            way.type_surname(surnames[r % len(surnames)])
    if not all(way.accounts for way in ways):
        raise SystemExit("no customer found by the surnames; use more customers")
    for r in range(rounds):
        for way in _rotated(ways, r):
            way.open(r)
    time.sleep(30 - time.time() % 30 + 0.5)  # a fresh TOTP step: each member's code is new
    for way in ways:
        way.step_up()
    for r in range(rounds):
        for way in _rotated(ways, r):
            way.edit(r)


def _figures(values: list[float]) -> str:
    return f"{statistics.median(values):>8.2f} / {percentile(values, 95):>6.2f}"


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
        before = [s.cpu() for s in servers]
        measure(ways, args.rounds, bench.surnames)
        cpu = [s.cpu() - b for s, b in zip(servers, before, strict=True)]
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
        for way, used in zip(ways[1:], cpu, strict=True):
            calls = sum(len(v) for v in way.times.values()) + 1  # and the step-up
            print(
                f"CPU time of {way.label}: {used * 1000 / calls:.2f} ms per request "
                f"({calls} requests)"
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
