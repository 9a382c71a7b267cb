"""What does voxprivacy-server add to a call, next to calling the service in-process?

Run from the project root, for example::

    .venv/bin/python benchmarks/server_overhead.py \\
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres --customers 100000

In one run, on one new PostgreSQL database filled with the demo generator, it
measures the same sequence called in-process and through a ``voxprivacy-server``
process on loopback with TLS (a self-signed certificate made here, the client
pinned to it): a search as one types (one call per letter of a surname), opening
the record found, and an edit after one step-up. It prints the median and p95 of
each, both ways, and the difference. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import ipaddress
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyotp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from voxprivacy.client.remote import remote_context
from voxprivacy.errors import VoxError
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.services.demo import generate_demo
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import Customer
from voxprivacy.storage.schema import upgrade


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _certificate(folder: Path) -> tuple[Path, bytes, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "voxprivacy benchmark")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    path = folder / "server.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return path, pem, hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _timed(call: Callable[[], object], times: list[float]) -> None:
    start = time.perf_counter()
    call()
    times.append((time.perf_counter() - start) * 1000)


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def _wait_for_next_step() -> None:
    time.sleep(30 - time.time() % 30 + 0.5)


def measure(
    ctx: Context, username: str, password: str, secret: str, rounds: int, surname: str
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"search (per letter)": [], "open": [], "edit": []}
    actor = auth.sign_in(ctx, username, password)
    found: list[customers.CustomerHit] = []
    for _ in range(rounds):
        for end in range(1, len(surname) + 1):

            def search(prefix: str = surname[:end]) -> None:
                found[:] = customers.search_customers(ctx, actor, prefix)

            _timed(search, times["search (per letter)"])
    if not found:
        raise SystemExit(f"no customer named {surname}; use more customers")
    account = found[0].account_number
    for _ in range(rounds):
        _timed(lambda: customers.show_customer(ctx, actor, account), times["open"])
    _wait_for_next_step()
    auth.step_up(ctx, actor, pyotp.TOTP(secret).now())
    for i in range(rounds):
        _timed(
            lambda i=i: customers.record_interaction(ctx, actor, account, "phone", f"call {i}"),
            times["edit"],
        )
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", required=True, help="a PostgreSQL URL of a superuser")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    admin_url = make_url(args.pg_url).set(drivername="postgresql+psycopg")
    name = f"bench_server_{os.getpid()}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    work = Path(tempfile.mkdtemp(prefix="voxprivacy-bench-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        url = admin_url.set(database=name).render_as_string(hide_password=False)
        secrets = ProcessOnlySecrets()
        db = open_database(parse_target(url), secrets, create=True)
        upgrade(db)
        ctx = Context(db, secrets)
        started = time.perf_counter()
        result = generate_demo(ctx, args.customers, seed=1)
        print(f"{args.customers} customers generated in {time.perf_counter() - started:.0f} s")
        agent = next(s for s in result.staff if s.role == "agent")
        with db.read() as session:
            surname = str(session.execute(select(Customer.name).limit(1)).scalar_one()).split()[-1]
        master = secrets.get(master_key_name(ctx.keys().installation_id))
        assert master is not None

        credentials = work / "credentials"
        credentials.mkdir(mode=0o700)
        cert, key, fingerprint = _certificate(work)
        (credentials / "tls-key").write_bytes(key)
        (credentials / "master-key").write_text(master)
        if admin_url.password:
            (credentials / "database-password").write_text(admin_url.password)
        port = _free_port()
        public = admin_url.set(database=name, password=None).render_as_string(hide_password=False)
        config = work / "server.toml"
        config.write_text(
            f'database_url = "{public}"\nport = {port}\ntls_certificate = "{cert}"\n'
            f'credentials_dir = "{credentials}"\n[rate_limits]\nper_account = 100000\n'
            "per_source = 100000\n"
        )
        log = (work / "server.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voxprivacy.server.main",
                "--config",
                str(config),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        remote = remote_context(f"https://127.0.0.1:{port}", fingerprint=fingerprint)
        for _ in range(300):
            try:
                remote.transport.health()
                break
            except VoxError:
                remote.transport.close()
                time.sleep(0.1)

        who = (agent.username, agent.password, agent.secret, args.rounds, surname)
        local = measure(ctx, *who)
        served = measure(remote, *who)
        print(
            f"{'operation':<22}{'in-process median/p95':>24}{'server median/p95':>22}{'added':>10}"
        )
        for op, values in local.items():
            there = served[op]
            added = statistics.median(there) - statistics.median(values)
            print(
                f"{op:<22}{statistics.median(values):>13.2f} / {_p95(values):>6.2f} ms"
                f"{statistics.median(there):>11.2f} / {_p95(there):>6.2f} ms{added:>8.2f} ms"
            )
        remote.transport.close()
        db.dispose()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=15)
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
