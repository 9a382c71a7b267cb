"""Many desks at once through voxprivacy-server: one process, then two over one database.

Run from the project root, for example::

    .venv/bin/python benchmarks/load.py \\
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        --customers 1000000 --desks 200 --seconds 120

Each simulated desk is its own staff account (``serverbench.prepare`` makes them)
on its own loopback source address (127.0.0.2, 127.0.0.3, …), as workstations
are, so the per-account and per-source limits on signing in and stepping up
apply to each desk as to a real one and need not be raised. A desk signs in and
then works calls: it types a surname (a search per keystroke, 150–300 ms apart),
reads the list, opens a record, talks, records the call as an interaction on
some calls (stepping up with a TOTP code computed from its secret when its
step-up has run out) and looks at the open privacy requests on others; then it
waits for the next call.

With two server processes a desk signs in on one and then sends its requests to
each in turn (a round-robin split on the client side): every second request of a
session is served by the process that did not start it, and the run checks it
explicitly once before the load starts.

The run is bounded twice: by ``--requests`` (no desk starts a request once the
budget is spent) and by ``--seconds`` (desks stop at the deadline; what is still
in flight gets ``--grace`` seconds, then is cancelled). It prints requests per
second, the median, p95 and p99 of each kind of request, the servers' CPU time
per request (``/proc/<pid>/stat`` before and after) and every error. Exit status
1 if there was any error, or if the search p95 missed ``--search-p95-ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import ssl
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serverbench import Bench, Member, ServerProcess, percentile, prepare

from voxprivacy.client.remote import KEEP_ALIVE_SECONDS

API = "/api/v1"
LAST_STEP_SENT: dict[str, int] = {}  # username -> the TOTP time step of the last code sent
STEP_UP_FOR = 270.0  # seconds a desk counts on its step-up (the server's lasts 300)


@dataclass
class Budget:
    """Requests left, and the time after which no desk starts anything."""

    left: int
    deadline: float

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.deadline:
            return False
        self.left -= 1
        return True

    def time_left(self) -> float:
        return self.deadline - time.monotonic()


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    served_elsewhere: int = 0  # requests served by a process other than the sign-in's

    def error(self, kind: str, message: str) -> None:
        self.errors.append(f"{kind}: {message}")


class Stopped(Exception):
    """The budget or the time is spent: the desk goes home."""


def source_address(i: int) -> str:
    """Desk i's loopback address: 127.0.0.2 … 127.0.0.251, then 127.0.1.2 …"""
    return f"127.0.{i // 250}.{i % 250 + 2}"


class Desk:
    def __init__(
        self,
        i: int,
        member: Member,
        servers: list[ServerProcess],
        tls: ssl.SSLContext,
        surnames: list[str],
        budget: Budget,
        results: Results,
        timeout: float,
    ) -> None:
        self.i = i
        self.member = member
        self.rng = random.Random(i)
        self.surnames = surnames
        self.budget = budget
        self.results = results
        self.clients = [
            httpx.AsyncClient(
                base_url=s.url,
                transport=httpx.AsyncHTTPTransport(
                    verify=tls,
                    local_address=source_address(i),
                    retries=0,
                    limits=httpx.Limits(keepalive_expiry=KEEP_ALIVE_SECONDS),
                ),
                timeout=timeout,
                headers={"Voxprivacy-Workstation": f"loaddesk{i:03d}"},
            )
            for s in servers
        ]
        self.home = i % len(servers)  # where the session starts
        self.turn = self.home
        self.token: str | None = None
        self.stepped_up_at: float | None = None

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    async def send(
        self, kind: str, path: str, body: dict[str, Any], *, where: int | None = None
    ) -> Any:
        if not self.budget.take():
            raise Stopped
        index = self.turn if where is None else where
        if where is None:
            self.turn = (self.turn + 1) % len(self.clients)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        started = time.perf_counter()
        try:
            response = await self.clients[index].post(f"{API}{path}", json=body, headers=headers)
        except httpx.HTTPError as exc:
            self.results.error(kind, f"desk {self.i}: {type(exc).__name__} {exc}")
            raise Stopped from None
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            self.results.error(kind, f"desk {self.i}: HTTP {response.status_code} {response.text}")
            raise Stopped
        self.results.times[kind].append(elapsed)
        if index != self.home:
            self.results.served_elsewhere += 1
        return response.json()

    async def call(self, kind: str, service: str, args: dict[str, Any]) -> Any:
        answer = await self.send(kind, f"/services/{service}", {"args": args})
        return answer["result"]

    async def think(self, low: float, high: float) -> None:
        pause = self.rng.uniform(low, high)
        if pause >= self.budget.time_left():
            raise Stopped
        await asyncio.sleep(pause)

    async def sign_in(self) -> None:
        body = {"username": self.member.username, "password": self.member.password}
        answer = await self.send("sign-in", "/sign-in", body, where=self.home)
        self.token = answer["token"]

    async def step_up(self) -> None:
        totp = pyotp.TOTP(self.member.secret)
        step = int(time.time() // totp.interval)
        # A code is good once per member, across runs: the desks of the run on two
        # processes are the same members as those of the run on one.
        if step <= LAST_STEP_SENT.get(self.member.username, -1):
            wait = totp.interval - time.time() % totp.interval + 0.1
            if wait >= self.budget.time_left():
                raise Stopped
            await asyncio.sleep(wait)
            step = int(time.time() // totp.interval)
        LAST_STEP_SENT[self.member.username] = step
        await self.call("step-up", "auth.step_up", {"code": totp.generate_otp(step)})
        self.stepped_up_at = time.monotonic()

    async def work_a_call(self) -> None:
        surname = self.rng.choice(self.surnames)
        typed = self.rng.randint(min(3, len(surname)), len(surname))
        hits: list[Any] = []
        for end in range(1, typed + 1):
            hits = await self.call(
                "search", "customers.search.search_customers", {"text": surname[:end]}
            )
            await self.think(0.15, 0.30)
        await self.think(1.0, 3.0)  # reading the list
        if not hits:
            return
        account = self.rng.choice(hits[:10])["account_number"]
        await self.call("open", "customers.show.show_customer", {"ref": account})
        await self.think(3.0, 10.0)  # talking
        roll = self.rng.random()
        if roll < 0.35:
            fresh = self.stepped_up_at is not None and (
                time.monotonic() - self.stepped_up_at < STEP_UP_FOR
            )
            if not fresh:
                await self.step_up()
            await self.call(
                "edit",
                "customers.lifecycle.record_interaction",
                {"ref": account, "channel": "phone", "summary": f"load test call {self.i}"},
            )
        elif roll < 0.50:
            await self.call("queue", "requests.list_requests", {"status": "open"})

    async def start(self, ramp: float) -> None:
        try:
            await asyncio.sleep(self.rng.uniform(0, ramp))
            await self.sign_in()
        except Stopped:
            return

    async def run(self) -> None:
        if self.token is None:
            return  # its sign-in failed (an error) or never started
        try:
            while True:
                await self.work_a_call()
                await self.think(2.0, 8.0)  # until the next call
        except Stopped:
            return


def _tls(server: ServerProcess) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(server.certificate))
    context.check_hostname = False  # the certificate itself is the trust (as pinning does)
    return context


async def cross_check(desk: Desk) -> None:
    """A session started on one process is served by the other."""
    await desk.sign_in()
    other = (desk.home + 1) % len(desk.clients)
    answer = await desk.send(
        "check", "/services/customers.search.search_customers", {"args": {"text": "a"}}, where=other
    )
    assert answer["actor"]["username"] == desk.member.username, answer


async def run_load(
    bench: Bench, servers: list[ServerProcess], args: argparse.Namespace
) -> tuple[Results, float, float]:
    """The run's results, how long the calls took and the servers' CPU seconds for them."""
    tls = _tls(servers[0])
    members = bench.desks[: args.desks]
    results = Results()
    if len(servers) > 1:
        probe_budget = Budget(10, time.monotonic() + 60)
        probe = Desk(0, members[0], servers, tls, bench.surnames, probe_budget, results, 30)
        try:
            await cross_check(probe)
        except Stopped:
            pass  # the error is in the results
        finally:
            await probe.close()
        if results.errors:
            return results, 0.0, 0.0
        print("  a session started on one process is served by the other: yes")
        results.times.clear()
    # the sign-ins first (Argon2 on the server: their CPU is not the traffic's)
    budget = Budget(args.requests, time.monotonic() + args.ramp + args.grace)
    desks = [
        Desk(i, m, servers, tls, bench.surnames, budget, results, args.timeout)
        for i, m in enumerate(members)
    ]
    await _bounded([asyncio.create_task(d.start(args.ramp)) for d in desks], args, results)
    signed_in = {"sign-in": results.times.pop("sign-in", [])}
    # then the calls, until the requests or the time run out
    budget.deadline = time.monotonic() + args.seconds
    before = sum(s.cpu() for s in servers)
    started = time.monotonic()
    await _bounded([asyncio.create_task(d.run()) for d in desks], args, results)
    elapsed = time.monotonic() - started
    cpu = sum(s.cpu() for s in servers) - before
    for desk in desks:
        await desk.close()
    results.times.update(signed_in)
    return results, elapsed, cpu


async def _bounded(
    tasks: list[asyncio.Task[None]], args: argparse.Namespace, results: Results
) -> None:
    """Wait for the desks until the time limit and the grace; cancel what is left."""
    _, pending = await asyncio.wait(tasks, timeout=args.ramp + args.seconds + args.grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if pending:
        results.error("run", f"{len(pending)} desks still waiting at the end were cancelled")


def report(results: Results, elapsed: float, cpu: float, processes: int) -> dict[str, float]:
    total = sum(len(v) for k, v in results.times.items() if k != "sign-in")
    print(
        f"  after the sign-ins: {total} requests in {elapsed:.1f} s, "
        f"{total / elapsed:.1f} requests/s; server CPU {cpu:.1f} s over {processes} "
        f"process(es), {cpu * 1000 / max(total, 1):.2f} ms per request"
    )
    print(f"  {'request':<10}{'count':>7}{'median':>10}{'p95':>10}{'p99':>10}   (ms)")
    order = ["sign-in", "search", "open", "step-up", "edit", "queue"]
    for kind in sorted(results.times, key=lambda k: order.index(k) if k in order else 99):
        values = results.times[kind]
        print(
            f"  {kind:<10}{len(values):>7}{statistics.median(values):>10.1f}"
            f"{percentile(values, 95):>10.1f}{percentile(values, 99):>10.1f}"
        )
    if processes > 1:
        print(
            f"  requests served by the process that did not start the session: "
            f"{results.served_elsewhere}"
        )
    kinds = Counter(e.split(":", 1)[0] for e in results.errors)
    print(f"  errors: {len(results.errors)}" + (f" ({dict(kinds)})" if kinds else ""))
    first: dict[str, str] = {}
    for line in results.errors:
        first.setdefault(line.split(":", 1)[0], line)
    for line in first.values():  # the first error of each kind
        print(f"    {line[:300]}")
    search = results.times.get("search", [])
    return {"search_p95": percentile(search, 95) if search else float("nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", required=True, help="a PostgreSQL URL of a superuser")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--desks", type=int, default=200)
    parser.add_argument("--processes", default="1,2", help="server processes per run: 1,2")
    parser.add_argument("--seconds", type=float, default=90, help="each run stops after this")
    parser.add_argument("--requests", type=int, default=50_000, help="at most, per run")
    parser.add_argument(
        "--ramp", type=float, default=90, help="desks sign in over this long (Argon2 each)"
    )
    parser.add_argument("--grace", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=30, help="per request")
    parser.add_argument("--search-p95-ms", type=float, default=100)
    parser.add_argument("--threads", type=int, default=None, help="[server] threads")
    parser.add_argument("--cache", type=Path, default=None, help="sidecar folder")
    parser.add_argument("--database", default=None, help="default: voxbench_<customers>")
    args = parser.parse_args(argv)

    bench = prepare(
        args.pg_url, args.customers, args.desks, cache=args.cache, database=args.database
    )
    failed = False
    for count in [int(p) for p in args.processes.split(",")]:
        print(
            f"{args.desks} desks, {count} server process(es), {args.customers:,} customers, "
            f"at most {args.seconds:g} s and {args.requests} requests"
        )
        servers = [ServerProcess(bench, threads=args.threads)]
        servers += [
            ServerProcess(bench, threads=args.threads, twin=servers[0]) for _ in range(1, count)
        ]
        for server in servers:
            server.start()
        try:
            results, elapsed, cpu = asyncio.run(run_load(bench, servers, args))
        finally:
            for s in servers:
                s.stop()
        figures = report(results, max(elapsed, 1e-9), cpu, count)
        if results.errors:
            failed = True
        if count > 1 and results.served_elsewhere == 0 and not results.errors:
            print("  no request was served by another process than the session's")
            failed = True
        if figures["search_p95"] > args.search_p95_ms:
            print(f"  search p95 above the target of {args.search_p95_ms:g} ms")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
