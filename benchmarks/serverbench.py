"""What the server benchmarks share: a demo database on PostgreSQL and server processes.

``prepare(admin_url, customers, desks)`` gives a PostgreSQL database filled with the
demo generator (seed 1) and ``desks`` extra agents (``desk001``, …), each with a
password and an authenticator secret. The database is kept between runs
(``voxbench_<customers>`` on the given server) and described by a sidecar JSON file
in ``~/.cache/voxprivacy-bench`` (``server-<host>-<port>-<database>.json``: the
throwaway master key, the demo staff's and the desks' passwords and TOTP secrets —
a benchmark-only stand-in for the host's credentials; nothing in it is real).

``ServerProcess`` runs ``voxprivacy-server`` for that database on 127.0.0.1 on a
free port with TLS (a self-signed certificate made for the run), and reads the
CPU time the process has used from ``/proc/<pid>/stat``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url

from voxprivacy.client.remote import RemoteTransport
from voxprivacy.domain.enums import Role
from voxprivacy.errors import VoxError
from voxprivacy.security import passwords
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services.auth import new_enrollment
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.services.demo import generate_demo
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import Customer, Installation, Staff
from voxprivacy.storage.schema import upgrade

DESK_PASSWORD = "load test desk password"  # every desk's; each desk its own account


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("voxprivacy-bench", appauthor=False))


@dataclass(frozen=True)
class Member:
    username: str
    password: str
    secret: str


@dataclass
class Bench:
    admin_url: URL  # the superuser's, on the benchmark's database
    url: str  # with the password, for in-process use
    master_key: str
    demo: dict[str, Member]  # by role
    desks: list[Member]
    surnames: list[str]  # real surnames from the database, for searches

    def context(self) -> Context:
        secrets = ProcessOnlySecrets()
        db = open_database(parse_target(self.url), secrets)
        with db.read() as session:
            installation = session.execute(select(Installation.installation_id)).scalar_one()
        secrets.put(master_key_name(installation), self.master_key)
        return Context(db, secrets)


def _sidecar(admin_url: URL, customers: int, cache: Path | None) -> Path:
    folder = cache or cache_dir()
    return folder / f"server-{admin_url.host}-{admin_url.port}-{admin_url.database}.json"


def _exists(admin_url: URL, name: str) -> bool:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
    finally:
        engine.dispose()
    return found is not None


def _create(admin_url: URL, name: str, *, drop: bool) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if drop:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


def _add_desks(db: Database, ctx: Context, first: int, count: int) -> list[Member]:
    """Agents desk<first>…, one account per simulated desk (one Argon2 hash for all)."""
    password_hash = passwords.hash_password(DESK_PASSWORD)
    made: list[Member] = []
    with db.write() as session:
        for i in range(first, first + count):
            staff = Staff(
                id=uuid7(),
                username=f"desk{i:03d}",
                display_name=f"Load Desk {i}",
                role=str(Role.AGENT),
                password_hash=password_hash,
                created_at=ctx.now(),
            )
            session.add(staff)
            session.flush()
            enrollment = new_enrollment(session, ctx, staff)
            staff.totp_enrolled = True
            made.append(Member(staff.username, DESK_PASSWORD, enrollment.secret))
    return made


def _surnames(db: Database, limit: int = 200) -> list[str]:
    with db.read() as session:
        names = session.execute(select(Customer.name).order_by(Customer.id).limit(limit * 3))
        found = [str(n).split()[-1] for n in names.scalars() if n and str(n).split()]
    unique = sorted({n for n in found if len(n) >= 4 and n.isalpha()})
    return unique[:limit] or found[:limit]


def prepare(
    pg_url: str,
    customers: int,
    desks: int = 0,
    *,
    fresh: bool = False,
    cache: Path | None = None,
    database: str | None = None,
) -> Bench:
    """The benchmark database of ``customers`` demo customers with at least ``desks`` desks
    (``database``: its name, ``voxbench_<customers>`` by default)."""
    server = make_url(pg_url).set(drivername="postgresql+psycopg")
    name = database or f"voxbench_{customers}"
    admin_url = server.set(database=name)
    url = admin_url.render_as_string(hide_password=False)
    sidecar = _sidecar(admin_url, customers, cache)
    state: dict[str, Any] | None = None
    if not fresh and sidecar.is_file() and _exists(server, name):
        state = json.loads(sidecar.read_text(encoding="utf-8"))
    secrets = ProcessOnlySecrets()
    if state is None:
        print(f"generating {customers:,} demo customers into {name} …", flush=True)
        _create(server, name, drop=True)
        db = open_database(parse_target(url), secrets, create=True)
        upgrade(db)
        ctx = Context(db, secrets)
        started = time.perf_counter()
        result = generate_demo(ctx, customers, seed=1)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
        master = secrets.get(master_key_name(ctx.keys().installation_id))
        assert master is not None
        state = {
            "master_key": master,
            "demo": {s.role: [s.username, s.password, s.secret] for s in result.staff},
            "desks": [],
        }
        with db.engine.connect() as conn:
            conn.execute(text("COMMIT"))
            conn.execute(text("ANALYZE"))
    else:
        db = open_database(parse_target(url), secrets)
        ctx = Context(db, secrets)
        with db.read() as session:
            installation = session.execute(select(Installation.installation_id)).scalar_one()
        secrets.put(master_key_name(installation), state["master_key"])
        upgrade(db)  # a database a run of an older tree made: brought to this tree's schema
    have = len(state["desks"])
    if have < desks:
        print(f"adding desks {have + 1}…{desks}", flush=True)
        added = _add_desks(db, ctx, have + 1, desks - have)
        state["desks"] += [[m.username, m.password, m.secret] for m in added]
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    tmp = sidecar.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(sidecar)
    surnames = _surnames(db)
    db.dispose()
    return Bench(
        admin_url=admin_url,
        url=url,
        master_key=state["master_key"],
        demo={role: Member(*m) for role, m in state["demo"].items()},
        desks=[Member(*m) for m in state["desks"]],
        surnames=surnames,
    )


# ---- server processes ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def certificate(folder: Path) -> tuple[Path, bytes, str]:
    """A self-signed certificate for 127.0.0.1: path, PEM key, SHA-256 fingerprint (hex)."""
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


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (``/proc/<pid>/stat``, fields 14–15)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


SERVER_COMMAND = [sys.executable, "-m", "voxprivacy.server.main"]


class ServerProcess:
    """``voxprivacy-server`` for the bench's database on a free loopback port, over TLS."""

    def __init__(
        self,
        bench: Bench,
        *,
        threads: int | None = None,
        twin: ServerProcess | None = None,
        source: Path | None = None,
    ) -> None:
        """``twin``: another process of the same service, whose certificate this one uses
        (behind one balancer they present the same one). ``source``: run the server from
        this source tree (an earlier commit's export), to compare."""
        self.source = source
        self.work = Path(tempfile.mkdtemp(prefix="voxprivacy-bench-server-"))
        credentials = self.work / "credentials"
        credentials.mkdir(mode=0o700)
        if twin is None:
            self.certificate, key, self.fingerprint = certificate(self.work)
        else:
            self.certificate, self.fingerprint = twin.certificate, twin.fingerprint
            key = (twin.work / "credentials" / "tls-key").read_bytes()
        cert = self.certificate
        (credentials / "tls-key").write_bytes(key)
        (credentials / "master-key").write_text(bench.master_key)
        if bench.admin_url.password:
            (credentials / "database-password").write_text(bench.admin_url.password)
        self.port = free_port()
        public = bench.admin_url.set(password=None).render_as_string(hide_password=False)
        self.config = self.work / "server.toml"
        sized = f"threads = {threads}\n" if threads else ""
        self.config.write_text(
            f'[server]\nhost = "127.0.0.1"\nport = {self.port}\ncertificate = "{cert}"\n'
            f'credentials_directory = "{credentials}"\n{sized}[database]\nurl = "{public}"\n',
            encoding="utf-8",
        )
        self.log_path = self.work / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 120) -> ServerProcess:
        env = dict(os.environ)
        if self.source is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(self.source), env.get("PYTHONPATH", "")])
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*SERVER_COMMAND, "--config", str(self.config), "--log-level", "warning"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        probe = RemoteTransport(self.url, fingerprint=self.fingerprint)
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self.process.poll() is not None:
                    raise SystemExit(f"voxprivacy-server exited:\n{self.log()}")
                try:
                    probe.health()
                    return self
                except VoxError:
                    probe.close()
                    if time.monotonic() > deadline:
                        self.stop()
                        raise SystemExit(
                            f"voxprivacy-server did not answer:\n{self.log()}"
                        ) from None
                    time.sleep(0.1)
        finally:
            probe.close()

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100), nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]
