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

import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serverbench import Member, ServerProcess, percentile, prepare

from voxprivacy.client.remote import remote_context
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Context


def _timed(call: Callable[[], object], times: list[float]) -> None:
    start = time.perf_counter()
    call()
    times.append((time.perf_counter() - start) * 1000)


def _wait_for_next_step() -> None:
    time.sleep(30 - time.time() % 30 + 0.5)


def measure(
    ctx: Context, member: Member, rounds: int, surnames: list[str]
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"search (per letter)": [], "open": [], "edit": []}
    actor = auth.sign_in(ctx, member.username, member.password)
    accounts: list[str] = []
    for r in range(rounds):
        surname = surnames[r % len(surnames)]
        found: list[customers.CustomerHit] = []
        for end in range(1, len(surname) + 1):

            def search(
                prefix: str = surname[:end], found: list[customers.CustomerHit] = found
            ) -> None:
                found[:] = customers.search_customers(ctx, actor, prefix)

            _timed(search, times["search (per letter)"])
        if found:
            accounts.append(found[0].account_number)
    if not accounts:
        raise SystemExit("no customer found by the surnames; use more customers")
    for r in range(rounds):
        account = accounts[r % len(accounts)]
        _timed(lambda a=account: customers.show_customer(ctx, actor, a), times["open"])
    _wait_for_next_step()
    auth.step_up(ctx, actor, pyotp.TOTP(member.secret).now())
    for i in range(rounds):
        account = accounts[i % len(accounts)]
        _timed(
            lambda a=account, i=i: customers.record_interaction(
                ctx, actor, a, "phone", f"call {i}"
            ),
            times["edit"],
        )
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", required=True, help="a PostgreSQL URL of a superuser")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--fresh", action="store_true", help="generate the database again")
    args = parser.parse_args()

    bench = prepare(args.pg_url, args.customers, fresh=args.fresh)
    server = ServerProcess(bench).start()
    ctx = bench.context()
    try:
        remote = remote_context(server.url, fingerprint=server.fingerprint)
        member = bench.demo["agent"]
        # a warm-up round each way (caches, the server's first requests), not counted
        measure(ctx, member, 1, bench.surnames)
        measure(remote, member, 1, bench.surnames)
        cpu_before = server.cpu()
        served = measure(remote, member, args.rounds, bench.surnames)
        cpu = server.cpu() - cpu_before
        local = measure(ctx, member, args.rounds, bench.surnames)
        print(f"{args.customers:,} customers, {args.rounds} rounds")
        print(
            f"{'operation':<22}{'in-process median/p95':>24}{'server median/p95':>22}"
            f"{'added median/p95':>22}"
        )
        for op, values in local.items():
            there = served[op]
            added = statistics.median(there) - statistics.median(values)
            added95 = percentile(there, 95) - percentile(values, 95)
            print(
                f"{op:<22}{statistics.median(values):>13.2f} / {percentile(values, 95):>6.2f} ms"
                f"{statistics.median(there):>11.2f} / {percentile(there, 95):>6.2f} ms"
                f"{added:>11.2f} / {added95:>6.2f} ms"
            )
        calls = sum(len(v) for v in served.values()) + 2  # and the sign-in, the step-up
        print(f"server CPU time: {cpu * 1000 / calls:.2f} ms per request ({calls} requests)")
        remote.transport.close()
    finally:
        server.stop()
        ctx.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
