"""A real voxprivacy-server process for tests: TLS, PostgreSQL, secrets in a 0700 folder.

``ServerProcess`` prepares a PostgreSQL database with ``server init``'s own
``init_server`` (schema owned by an owner role, an application role with only its
grants, installation, master key, certificate, a credentials folder readable by
this account only), and writes a TOML configuration in which the server connects
as that application role, so every remote test proves the grants;
``start()`` runs ``voxprivacy-server`` (through ``server_launcher``: cheap Argon2
and a clock shared with the test) on 127.0.0.1 on a free port and waits until it
answers; ``stop()`` ends it. ``log()`` is its output, shown when a test fails.

``reset()`` empties every table and puts back the rows of a new database, so one
process serves many tests (its cached keys stay valid: the installation and its
master key are kept).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import ipaddress
import os
import socket
import subprocess
import sys
import time
import types
import uuid
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from psycopg import sql
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

from support.desk import Clock
from support.postgres import PostgresServer
from support.server_launcher import CLOCK_ENV
from voxprivacy.client.remote import RemoteTransport, show_fingerprint
from voxprivacy.errors import VoxError
from voxprivacy.security.audit_chain import GENESIS
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.server import db_roles
from voxprivacy.server.credentials import MASTER_KEY
from voxprivacy.server.setup import InitOptions, init_server
from voxprivacy.services.context import master_key_name
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import Base

LAUNCHER = Path(__file__).resolve().parent / "server_launcher.py"
TESTS_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def self_signed(folder: Path) -> tuple[Path, bytes, str]:
    """A certificate for 127.0.0.1 and localhost: its path, its PEM private key, and its
    SHA-256 fingerprint (of the DER bytes, as hex)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "voxprivacy test server")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    path = folder / "server.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fingerprint = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return path, pem, fingerprint


class SharedClock(Clock):
    """The test's clock, written to a file the server reads its time from."""

    def __init__(self, path: Path) -> None:
        self._path = path
        super().__init__()

    @property  # type: ignore[override]
    def now(self) -> dt.datetime:
        return self._now

    @now.setter
    def now(self, value: dt.datetime) -> None:
        self._now = value
        self._path.write_text(value.isoformat(), encoding="utf-8")


class ServerProcess:
    def __init__(
        self,
        pg: PostgresServer,
        workdir: Path,
        *,
        idle_minutes: float = 60 * 24 * 3650,
        absolute_minutes: float = 60 * 24 * 3650,
        per_account: int = 100_000,
        per_source: int = 100_000,
    ) -> None:
        self.pg = pg
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.clock_file = workdir / "clock"
        self.clock_file.write_text("", encoding="utf-8")
        self.log_file = workdir / "server.log"
        self.dbname = pg.create_database()
        self.database_url = pg.url(self.dbname)  # with the password, for the test's own use
        # The host prepared as an administrator does it: roles, grants, secrets, certificate.
        admin = make_url(self.database_url)
        tag = uuid.uuid4().hex[:8]
        host = init_server(
            InitOptions(
                database_url=admin.set(password=None).render_as_string(hide_password=False),
                database_password=admin.password,
                config_dir=workdir / "host",
                hostnames=["localhost", "127.0.0.1"],
                owner_role=f"vx_owner_{tag}",
                app_role=f"vx_app_{tag}",
                admin="hostadmin",  # init's first admin; each test's desk makes its own
                admin_password="host admin password 1",
            )
        )
        self.app_role = host.app_role
        self.owner_role = host.owner_role
        self.installation_id = host.installation_id
        self.credentials = host.credentials_dir
        self.certificate = host.certificate_path
        self.fingerprint = host.fingerprint.replace(":", "").lower()
        self.master_key = (self.credentials / MASTER_KEY).read_text(encoding="utf-8").strip()
        # The test's own view of the database: the administrator's connection, the keys.
        self.secrets = ProcessOnlySecrets()
        self.secrets.put(master_key_name(self.installation_id), self.master_key)
        self.db = open_database(parse_target(self.database_url), self.secrets)
        unstaffed = {"staff", "audit_events"} | {  # the first admin's rows
            t.name
            for t in Base.metadata.sorted_tables
            if any(fk.column.table.name == "staff" for fk in t.foreign_keys)
        }
        self.seed = {k: v for k, v in self._rows().items() if k not in unstaffed}
        self.seed["audit_head"] = [
            {**row, "seq": 0, "hash": GENESIS} for row in self.seed["audit_head"]
        ]
        self.reset()
        self.limits = {
            "idle_minutes": idle_minutes,
            "absolute_minutes": absolute_minutes,
            "per_account": per_account,
            "per_source": per_source,
        }
        self.configure()
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self) -> None:
        """A new port and the configuration file for it."""
        self.port = free_port()
        self.config = self.workdir / "server.toml"
        url = make_url(self.database_url)
        public_url = url.set(username=self.app_role, password=None).render_as_string(
            hide_password=False
        )
        limits = self.limits
        self.config.write_text(
            "[server]\n"
            'host = "127.0.0.1"\n'
            f"port = {self.port}\n"
            f'certificate = "{self.certificate}"\n'
            f'credentials_directory = "{self.credentials}"\n'
            "[database]\n"
            f'url = "{public_url}"\n'
            "[sessions]\n"
            f"idle_minutes = {limits['idle_minutes']}\n"
            f"absolute_minutes = {limits['absolute_minutes']}\n"
            "[rate_limits]\n"
            f"per_account = {limits['per_account']}\n"
            f"per_source = {limits['per_source']}\n"
            "window_seconds = 60\n",
            encoding="utf-8",
        )

    def another(self, workdir: Path, **limits: float) -> ServerProcess:
        """A second server process over the same database and secrets, on its own port
        (optionally with other lifetimes or rate limits); not started."""
        twin = copy.copy(self)
        twin.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        twin.log_file = workdir / "server.log"
        twin.limits = {**self.limits, **limits}
        twin.process = None
        twin.configure()
        return twin

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def shown_fingerprint(self) -> str:
        return show_fingerprint(self.fingerprint)

    def _secret(self, name: str, value: str) -> None:
        path = self.credentials / name
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)

    def _rows(self) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = {}
        with self.db.read() as session:
            for table in Base.metadata.sorted_tables:
                found = [dict(r._mapping) for r in session.execute(select(table)).all()]
                if found:
                    rows[table.name] = found
        return rows

    def regrant(self) -> None:
        """After a test migrated the schema with the administrator's connection: the owner
        role takes the new objects back and the application role gets its grants again, as
        'server init' run after an upgrade does."""
        with self.pg.connect(self.dbname) as conn:
            strays = conn.execute(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> %s LIMIT 1",
                (self.owner_role,),
            ).fetchone()
            if strays is None:
                return
            conn.execute("RESET ROLE")
            db_roles.take_ownership(conn, self.owner_role, types.SimpleNamespace(warnings=[]))
            db_roles.grant(conn, self.dbname, self.owner_role, self.app_role)

    def reset(self) -> None:
        """Every table as in a new database (the installation and its key kept)."""
        self.regrant()
        tables = Base.metadata.sorted_tables
        names = ", ".join(f'"{t.name}"' for t in tables)
        with self.db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
            for table in tables:
                if table.name in self.seed:
                    conn.execute(insert(table), self.seed[table.name])
        self.clock_file.write_text("", encoding="utf-8")

    def start(self, timeout: float = 60) -> ServerProcess:
        env = dict(os.environ)
        env[CLOCK_ENV] = str(self.clock_file)
        env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), env.get("PYTHONPATH", "")])
        env.pop("CREDENTIALS_DIRECTORY", None)
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(LAUNCHER), "--config", str(self.config)],
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
                    raise RuntimeError(
                        f"voxprivacy-server exited with status {self.process.returncode}:\n"
                        + self.log()
                    )
                try:
                    probe.health()
                    return self
                except VoxError:
                    probe.close()
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeError(
                            "voxprivacy-server did not answer in time:\n" + self.log()
                        ) from None
                    time.sleep(0.1)
        finally:
            probe.close()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None

    def log(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"

    def dispose(self) -> None:
        """Stop the process; the database and the roles go with the server they were made for."""
        self.stop()
        self.db.dispose()
        if self.pg.external is not None:
            self.pg.drop_database(self.dbname)
            with self.pg.connect() as conn:
                for role in (self.app_role, self.owner_role):
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
