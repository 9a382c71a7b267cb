"""A throwaway PostgreSQL server for the test suite.

``PostgresServer.start()`` runs ``initdb`` into a temporary directory and
starts a server on 127.0.0.1 on a free port; ``stop()`` shuts it down and
removes the directory. As root the cluster belongs to the ``postgres`` OS user
(PostgreSQL refuses to run as root). If ``VOXPRIVACY_TEST_PG_URL`` names an
existing server (``postgresql+psycopg://user:pw@host:port/postgres``), that
server is used instead and nothing is started.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

ENV_SERVER_URL = "VOXPRIVACY_TEST_PG_URL"
SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """The server binaries (or the OS user to run them) are missing."""


def _version_key(path: str) -> tuple[int, ...]:
    name = Path(path).parent.name  # /usr/lib/postgresql/<version>/bin
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return (0,)


def find_binaries() -> Path:
    """The directory holding initdb and pg_ctl: PATH first, then the newest Debian install."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for directory in candidates:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    raise PostgresUnavailable(
        "The PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in "
        "/usr/lib/postgresql/*/bin; install the Debian package postgresql-15 "
        "(or another PostgreSQL server package)."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PostgresServer:
    """One PostgreSQL cluster (started here, or an external one from the environment)."""

    def __init__(self) -> None:
        self.external: URL | None = None
        raw = os.environ.get(ENV_SERVER_URL)
        if raw:
            self.external = make_url(raw).set(drivername="postgresql+psycopg")
        self.bindir: Path | None = None
        self.basedir: Path | None = None
        self.port = 0
        self._as_root = os.geteuid() == 0
        self._running = False
        # extra postgresql.conf settings for a server started here (a benchmark's, say)
        self.settings: dict[str, str] = {}

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def datadir(self) -> Path:
        assert self.basedir is not None
        return self.basedir / "data"

    @property
    def logfile(self) -> Path:
        assert self.basedir is not None
        return self.basedir / "server.log"

    def _cmd(self, program: str, *args: str) -> list[str]:
        assert self.bindir is not None
        cmd = [str(self.bindir / program), *args]
        if self._as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        return cmd

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._cmd(program, *args),
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            cwd=self.basedir,
        )

    def start(self) -> PostgresServer:
        if self.external is not None:
            self.connect().close()  # the given server answers
            return self
        self.bindir = find_binaries()
        if self._as_root:
            try:
                import pwd

                pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"Running as root, but there is no {SERVER_USER!r} OS user to run the "
                    "server as; install the Debian package postgresql-15, which creates it."
                ) from None
        self.basedir = Path(tempfile.mkdtemp(prefix="voxprivacy-pg-"))
        try:
            if self._as_root:
                shutil.chown(self.basedir, user=SERVER_USER, group=None)
                os.chmod(self.basedir, 0o700)
            self._initdb()
            self._start_on_a_free_port()
        except BaseException:
            self._remove_dir()
            raise
        return self

    def _start_on_a_free_port(self, attempts: int = 5) -> None:
        """Start on a port the kernel just called free. Test workers running in parallel
        each start a server, so another may take the port between the probe and the
        server's bind: then the server starts again on another port (the last ``port``
        line of postgresql.conf wins)."""
        for attempt in range(attempts):
            self.port = _free_port()
            self._write_config()
            try:
                self._pg_ctl_start()
                return
            except RuntimeError as exc:
                if attempt == attempts - 1 or "could not bind" not in str(exc):
                    raise

    def _initdb(self) -> None:
        base = ["-D", str(self.datadir), "--auth=trust", "-U", SERVER_USER, "--encoding=UTF8"]
        result = self._run("initdb", *base, "--locale=C.UTF-8")
        if result.returncode != 0:
            shutil.rmtree(self.datadir, ignore_errors=True)
            result = self._run("initdb", *base, "--no-locale")
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def _write_config(self) -> None:
        assert self.basedir is not None
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.basedir}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "100",
            **self.settings,
        }
        lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
        # the file belongs to the server user; appending as root keeps its owner
        with (self.datadir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# voxprivacy test suite\n" + lines)

    def _pg_ctl_start(self) -> None:
        result = self._run(
            "pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60", "start"
        )
        if result.returncode != 0:
            log = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}")
        self._running = True

    def _pg_ctl_stop(self) -> None:
        if not self._running:
            return
        self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "60", "stop")
        self._running = False

    def restart(self) -> None:
        """Stop (fast) and start again on the same port with the same data."""
        if self.external is not None:
            raise RuntimeError("cannot restart an external PostgreSQL server")
        self._pg_ctl_stop()
        self._pg_ctl_start()

    def stop(self) -> None:
        if self.external is not None:
            return
        try:
            self._pg_ctl_stop()
        finally:
            self._remove_dir()

    def _remove_dir(self) -> None:
        if self.basedir is not None:
            shutil.rmtree(self.basedir, ignore_errors=True)
            self.basedir = None

    # ---- databases -------------------------------------------------------------------------

    def server_url(self, dbname: str = "postgres") -> URL:
        if self.external is not None:
            return self.external.set(database=dbname)
        return URL.create(
            "postgresql+psycopg",
            username=SERVER_USER,
            host="127.0.0.1",
            port=self.port,
            database=dbname,
        )

    def url(self, dbname: str) -> str:
        """A SQLAlchemy URL string (password included for an external server)."""
        return self.server_url(dbname).render_as_string(hide_password=False)

    def connect(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        url = self.server_url(dbname)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname=dbname,
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, name: str | None = None) -> str:
        """Create a database (a unique ``t_…`` name if none is given) and return its name."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
