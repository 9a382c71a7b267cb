"""How long do an access package and an erasure take for a customer with a long history?

Run from the project root::

    .venv/bin/python benchmarks/privacy_requests.py --interactions 10000 --backend encrypted

In one run, in a throwaway database of the chosen kind (sqlite, encrypted,
postgresql with --pg-url), it builds one customer with N interactions, then
measures, each three times and reporting the median:

(a) baselines: the plain SQL that reads all the customer's rows
    (customer, contact rows, interactions, consents, invoices), and the plain
    ``DELETE`` of the same number of interaction rows of another customer;
(b) ``requests.complete_access`` (package built, JSON and HTML written);
(c) ``requests.complete_erasure`` of an approved erasure, including the WAL
    checkpoint that removes old copies from the files.

It prints each figure and its ratio to its baseline. No keyring and no display
are needed (the database's keys live only in this process).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
from sqlalchemy import delete, insert, select, text

from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, customers, requests, staff
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import Interaction
from voxprivacy.storage.schema import upgrade

SUMMARIES = [
    "Asked about roaming charges",
    "Changed the forwarding number",
    "Complained about call quality",
    "Requested a copy of the last invoice",
]


class Desk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.step = 0
        self.start = datetime.now(UTC)
        enrollment = auth.bootstrap_first_admin(ctx, "admin", "benchmark admin")
        self.secrets = {"admin": enrollment.secret}
        self.admin = self.sign_in("admin", "benchmark admin")

    def sign_in(self, name: str, password: str) -> Actor:
        actor = auth.sign_in(self.ctx, name, password)
        self.step_up(actor)
        return actor

    def step_up(self, actor: Actor) -> None:
        # each check happens one time step later, so that no code is ever replayed
        self.step += 1
        moment = self.start + timedelta(seconds=30 * self.step)
        self.ctx.clock = lambda: moment  # type: ignore[method-assign]
        auth.step_up(self.ctx, actor, pyotp.TOTP(self.secrets[actor.username]).at(moment))

    def member(self, name: str, role: str) -> Actor:
        self.step_up(self.admin)
        enrollment = staff.add_staff(self.ctx, self.admin, name, role, f"{name} password")
        self.secrets[name] = enrollment.secret
        return self.sign_in(name, f"{name} password")


def customer_with_history(desk: Desk, agent: Actor, n: int, name: str) -> str:
    view = customers.create_customer(
        desk.ctx,
        agent,
        "private",
        name,
        {
            "email": f"{name.split()[0].lower()}@example.org",
            "phone": "+49 30 1234567",
            "address.private.street": "Hauptstraße 1",
            "address.private.postal_code": "10115",
            "address.private.city": "Berlin",
            "address.private.country": "DE",
        },
    )
    cid = uuid.UUID(view.id)
    start = datetime.now(UTC) - timedelta(days=700)
    rows = [
        {
            "id": uuid7(),
            "customer_id": cid,
            "at": start + timedelta(minutes=i),
            "channel": "phone",
            "staff_id": agent.staff_id,
            "summary": f"{SUMMARIES[i % len(SUMMARIES)]} (#{i})",
        }
        for i in range(n)
    ]
    with desk.ctx.db.write() as session:
        for i in range(0, n, 5000):
            session.execute(insert(Interaction), rows[i : i + 5000])
    return view.id


def median_time(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=10_000)
    parser.add_argument(
        "--backend", choices=["sqlite", "encrypted", "postgresql"], default="encrypted"
    )
    parser.add_argument("--pg-url", help="a database URL on a PostgreSQL server to use")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "postgresql":
            if not args.pg_url:
                parser.error("--backend postgresql needs --pg-url")
            url = args.pg_url
        else:
            scheme = "sqlite+pysqlcipher" if args.backend == "encrypted" else "sqlite"
            url = f"{scheme}:///{tmp}/bench.db"
        secrets = ProcessOnlySecrets()
        db = open_database(parse_target(url), secrets, create=True)
        upgrade(db)
        ctx = Context(db, secrets)
        ctx.create_installation()
        desk = Desk(ctx)
        agent = desk.member("agent", "agent")
        supervisor = desk.member("supervisor", "supervisor")
        n = args.interactions
        print(f"backend {args.backend}, {n} interactions per customer")

        subject = customer_with_history(desk, agent, n, "Paula Packet")
        cid = uuid.UUID(subject)

        def raw_read() -> None:
            with db.engine.connect() as conn:
                for table in (
                    "customers",
                    "addresses",
                    "phones",
                    "emails",
                    "consent_events",
                    "invoices",
                    "interactions",
                ):
                    column = "id" if table == "customers" else "customer_id"
                    conn.execute(
                        text(f"SELECT * FROM {table} WHERE {column} = :c"),
                        {"c": cid.hex if db.is_sqlite else cid},
                    ).all()

        baseline_read = median_time(raw_read)
        out = Path(tmp) / "out"
        out.mkdir()

        def access() -> None:
            desk.step_up(agent)
            req = requests.open_request(ctx, agent, subject, "access", "callback")
            requests.complete_access(ctx, agent, req.reference, out)

        access_time = median_time(access)

        victims = [customer_with_history(desk, agent, n, f"Erna Erased{i}") for i in range(4)]
        doomed = customer_with_history(desk, agent, n, "Rita Raw")

        def raw_delete() -> None:
            with db.write() as session:
                session.execute(
                    delete(Interaction).where(Interaction.customer_id == uuid.UUID(doomed))
                )

        baseline_delete = median_time(raw_delete, repeat=1)
        pending = list(victims)

        def erase() -> None:
            victim = pending.pop()
            desk.step_up(agent)
            req = requests.open_request(ctx, agent, victim, "erasure", "in-person")
            desk.step_up(supervisor)
            requests.approve_erasure(ctx, supervisor, req.reference)
            desk.step_up(agent)
            started = time.perf_counter()
            requests.complete_erasure(ctx, agent, req.reference)
            timings.append(time.perf_counter() - started)

        timings: list[float] = []
        for _ in range(3):
            erase()
        erase_time = statistics.median(timings)
        with db.read() as session:
            left = session.execute(
                select(Interaction.id)
                .where(Interaction.customer_id.in_([uuid.UUID(v) for v in victims[1:]]))
                .limit(1)
            ).first()
        assert left is None, "erased interactions are still there"

        print(f"raw SQL read of the customer's rows   {baseline_read * 1000:9.1f} ms")
        print(
            f"access package (JSON + HTML written)  {access_time * 1000:9.1f} ms"
            f"   ×{access_time / baseline_read:.1f} the raw read"
        )
        print(f"raw DELETE of {n} interactions      {baseline_delete * 1000:9.1f} ms")
        print(
            f"erasure, tombstone + WAL checkpoint   {erase_time * 1000:9.1f} ms"
            f"   ×{erase_time / baseline_delete:.1f} the raw delete"
        )
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
