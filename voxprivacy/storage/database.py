"""Opening the database: which backend, where, with which key.

Three modes share one code path:

* ``encrypted`` (default): a local SQLite file encrypted with SQLCipher in the
  platform's user data directory; its key is created on first use and kept
  in the OS keyring.
* ``sqlite``: a plain ``sqlite:///…`` file (tests, throwaway work).
* ``postgresql``: a shared server; a password missing from the URL comes
  from the keyring.

SQLite connections get foreign keys, WAL, ``secure_delete`` (freed pages are
zeroed, so erased data does not linger) and a busy timeout; write
transactions begin IMMEDIATE so two processes never deadlock on upgrade.
PostgreSQL connections get a lock timeout and a statement timeout, so a write
never waits for ever behind a lock another session holds. Either way, a
database that stays busy is reported as ``DatabaseBusy`` (retryable; nothing
was written).
"""

from __future__ import annotations

import logging
import os
import secrets as pysecrets
import select
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Executable,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from voxprivacy.errors import BadInput, DatabaseBusy, DatabaseUnavailable, KeyringUnavailable
from voxprivacy.i18n import _
from voxprivacy.security.keyring_store import SecretStore

_log = logging.getLogger("voxprivacy.storage")

ENV_URL = "VOXPRIVACY_DB"

# How long a statement waits for a lock another session holds before it gives up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_LOCK_TIMEOUT_MS = 10_000
# The longest a single PostgreSQL statement may run (schema upgrades are exempt).
PG_STATEMENT_TIMEOUT_MS = 300_000

# SQLSTATEs of a PostgreSQL statement that gave up on a busy database: lock_not_available,
# query_canceled (the statement timeout), deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir("voxprivacy", appauthor=False)) / "voxprivacy.db"


def default_url() -> str:
    return f"sqlite+pysqlcipher:///{default_database_path()}"


def sqlcipher_key_name(path: Path) -> str:
    return f"sqlcipher:{path.resolve()}"


def pg_password_name(url: URL) -> str:
    return f"db-password:{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


@dataclass(frozen=True)
class DatabaseTarget:
    """A parsed ``--db`` argument: the mode and a URL safe to print."""

    mode: str  # "encrypted", "sqlite" or "postgresql"
    url: URL

    @property
    def display(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        if self.mode in ("encrypted", "sqlite") and self.url.database:
            return Path(self.url.database)
        return None


def parse_target(raw: str | None) -> DatabaseTarget:
    text_url = raw or os.environ.get(ENV_URL) or default_url()
    try:
        url = make_url(text_url)
        url.port  # noqa: B018 - a malformed port only shows when it is read
    except (ArgumentError, ValueError):
        raise BadInput(
            _(
                "{text_url!r} is not a database URL; use for example "
                "'sqlite:///path/to/file.db' or "
                "'postgresql+psycopg://user@host/dbname'."
            ).format(text_url=text_url),
            "db",
        ) from None
    # read the names from the URL itself: asking SQLAlchemy would load an unknown dialect
    backend, _plus, driver = url.drivername.partition("+")
    if backend == "sqlite" and driver == "pysqlcipher":
        mode = "encrypted"
    elif backend == "sqlite":
        mode = "sqlite"
    elif backend == "postgresql":
        mode = "postgresql"
        if driver != "psycopg":
            url = url.set(drivername="postgresql+psycopg")
    else:
        raise BadInput(
            _(
                "The database type {backend!r} is not supported; use "
                "SQLite (sqlite:///…, or sqlite+pysqlcipher:///… for an "
                "encrypted file) or PostgreSQL (postgresql+psycopg://…)."
            ).format(backend=backend),
            "db",
        )
    if mode in ("encrypted", "sqlite"):
        if not url.database or url.database == ":memory:":
            raise BadInput(
                _("An SQLite database URL needs a file path, e.g. sqlite:///desk.db."), "db"
            )
        url = url.set(database=str(Path(url.database).expanduser().resolve()))
    return DatabaseTarget(mode, url)


# session.info flag of a write outside the synchronisation log (``Database.write``)
OUTSIDE_LOG = "vox_outside_log"


class Database:
    """An engine with read and write sessions, for one of the three modes."""

    def __init__(self, target: DatabaseTarget, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        self._write = sessionmaker(bind=writer, expire_on_commit=False)
        self._sync: tuple[str, str] | None = None
        from voxprivacy.storage import changes, checks

        changes.install(self, self._write)
        checks.install(self._write)

    @property
    def is_sqlite(self) -> bool:
        return self.target.mode in ("encrypted", "sqlite")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _translate_errors(self.target), self._read() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection (schema work), with the same error translation as sessions."""
        with _translate_errors(self.target), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def read_one(self) -> Iterator[Connection]:
        """A connection for one read-only statement, outside a transaction on PostgreSQL:
        one round trip instead of three (BEGIN, the statement, ROLLBACK). Only for a
        single statement, whose own snapshot is all it needs."""
        with _translate_errors(self.target), self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    @contextmanager
    def write(self, *, logged: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        ``logged=False``: a transaction that writes only tables outside the
        synchronisation log (server sessions, search counts, the audit trail). On a
        hub it does not take the log's counter first (``changes._lock_log_first``), so
        such writes — one per search through the server — neither queue behind each
        other nor behind a branch's push; a synchronised row written in it is refused
        at commit (a programming error, rolled back)."""
        with _translate_errors(self.target), self._write() as session, session.begin():
            if not logged:
                session.info[OUTSIDE_LOG] = True
            yield session

    def sync_role(self) -> str:
        """``hub``, ``replica`` or ``standalone`` (read once, then remembered)."""
        return self._sync_identity()[0]

    def branch_name(self) -> str:
        """The name this database's changes carry in a hub's log."""
        return self._sync_identity()[1]

    def forget_sync_role(self) -> None:
        self._sync = None

    def _sync_identity(self) -> tuple[str, str]:
        if self._sync is not None:
            return self._sync
        with self.engine.connect() as conn:
            tables = inspect(conn)
            if not tables.has_table("sync_state"):
                return ("standalone", "central")  # an older schema: not remembered
            role = conn.execute(text("SELECT role FROM sync_state WHERE id = 1")).scalar()
            branch = conn.execute(text("SELECT branch FROM installation WHERE id = 1")).scalar()
        self._sync = (str(role or "standalone"), str(branch or "central"))
        return self._sync

    def purge_freed_pages(self, tables: Sequence[str] = ()) -> list[str]:
        """After an erasure (committed): drop the old copies of the erased rows.

        SQLite: ``secure_delete`` already zeroed the freed space in the main file;
        the write-ahead log still holds the old pages until it is checkpointed, so it
        is folded into the main file and truncated. PostgreSQL: the deleted and
        updated row versions stay in the table files until vacuumed, so ``tables``
        are vacuumed (each in its own autocommit statement: VACUUM cannot run in a
        transaction). What PostgreSQL's WAL and backups keep: docs/erasure.md.

        Returns the tables that could not be vacuumed (the erasure itself is done).
        """
        if not self.is_sqlite:
            failed = self._may_not_vacuum(tables)
            preparer = self.engine.dialect.identifier_preparer
            for table in tables:
                if table in failed:
                    continue
                try:
                    with self.engine.connect() as conn:
                        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
                        auto.exec_driver_sql(f"VACUUM {preparer.quote(table)}")
                except SQLAlchemyError:
                    _log.warning("VACUUM of %s after an erasure failed", table, exc_info=True)
                    failed.append(table)
            return failed
        for _attempt in range(50):
            with self.engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if busy is not None and busy[0] == 0:
                return []
            time.sleep(0.1)
        raise DatabaseUnavailable(
            _(
                "The erasure is done, but {target_display} is busy and old "
                "copies of the erased data remain in its write-ahead log "
                "until every other program using the database closes it."
            ).format(target_display=self.target.display)
        )

    def _may_not_vacuum(self, tables: Sequence[str]) -> list[str]:
        """PostgreSQL skips, with only a warning, a VACUUM by a role that neither owns the
        table nor (from PostgreSQL 17) holds MAINTAIN on it — the server's application role
        (docs/server.md). Those tables are reported as not vacuumed instead."""
        if not tables:
            return []
        try:
            with self.engine.connect() as conn:
                version = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
                maintain = "OR has_table_privilege(c.oid, 'MAINTAIN') " if version >= 170000 else ""
                rows = conn.execute(
                    text(
                        "SELECT c.relname FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = current_schema() AND c.relname = ANY(:tables) "
                        "AND NOT ((SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                        "OR pg_has_role(current_user, c.relowner, 'USAGE') "
                        f"{maintain})"
                    ),
                    {"tables": list(tables)},
                ).scalars()
                refused = set(rows)
        except SQLAlchemyError:
            _log.warning("could not tell which tables may be vacuumed", exc_info=True)
            return []
        return [table for table in tables if table in refused]

    def dispose(self) -> None:
        self.engine.dispose()


def is_busy(exc: BaseException) -> bool:
    """Did a statement give up because another session held a lock (or ran too long)?"""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    detail = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and any(text in detail for text in _BUSY_SQLITE)


def busy_error(where: str) -> DatabaseBusy:
    """The one message for a database that stayed busy (the desk and the command line)."""
    return DatabaseBusy(
        _(
            "The database {where} is busy: another program or session holds a lock on "
            "what this needs and did not let go in time. Nothing was written; try again "
            "in a moment."
        ).format(where=where)
        if where
        else _(
            "The database is busy: another program or session holds a lock on what this "
            "needs and did not let go in time. Nothing was written; try again in a moment."
        )
    )


@contextmanager
def _translate_errors(target: DatabaseTarget) -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        if is_busy(exc):
            raise busy_error(target.display) from None
        if isinstance(exc, OperationalError):
            raise DatabaseUnavailable(_explain(target, exc)) from None
        if isinstance(exc, ProgrammingError) and (
            "does not exist" in str(exc.orig) or "no such table" in str(exc.orig)
        ):
            raise DatabaseUnavailable(
                _(
                    "The database {display} has no voxprivacy schema or an old "
                    "one; run 'voxprivacy-admin init' to create or upgrade it."
                ).format(display=target.display)
            ) from None
        if exc.connection_invalidated or "file is not a database" in str(exc.orig):
            raise DatabaseUnavailable(_explain(target, exc)) from None
        raise


def _explain(target: DatabaseTarget, exc: DBAPIError) -> str:
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if "file is not a database" in detail:
        return (
            f"The database {target.display} cannot be opened with the key in this "
            "keyring (or it is not a voxprivacy database)."
        )
    if target.mode == "postgresql":
        return (
            f"The PostgreSQL server at {target.display} cannot be reached or refused the "
            f"connection ({detail}). Check the URL, the network and the password "
            "stored in the keyring."
        )
    return f"The database {target.display} cannot be used ({detail})."


def _pg_options(url: URL) -> str:
    """The server settings every PostgreSQL session gets (after any the URL gives)."""
    given = url.query.get("options", "")
    given = given if isinstance(given, str) else " ".join(given)
    ours = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}"
    return f"{given} {ours}".strip()


# A pooled PostgreSQL connection back in use after this long is tested first.
PING_AFTER_IDLE = 5.0


def _socket_quiet(dbapi_connection: Any) -> bool:
    """Nothing waiting on an idle connection's socket (no round trip). A server that
    restarted or ended the session has sent its goodbye and closed it: readable."""
    try:
        fd = dbapi_connection.pgconn.socket
        readable, _, _ = select.select([fd], [], [], 0)
    except Exception:  # closed already, or not a psycopg connection
        return False
    return not readable


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use when it sat idle a while or looks closed.

    SQLAlchemy's ``pool_pre_ping`` sends a round trip at every checkout, and a server
    request checks out a connection several times (session, the service, its count)
    while a busy pool's connections were in use moments ago. Here a connection is
    pinged only if it sat idle for ``PING_AFTER_IDLE`` (a firewall may have dropped
    it) or its socket has something to read (the database restarted or ended it); a
    dead one is replaced before anyone sees an error (``DisconnectionError`` makes
    the pool retry with a new connection).
    """

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None:
            return  # just connected
        if time.monotonic() - since < PING_AFTER_IDLE and _socket_quiet(dbapi_connection):
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:  # the driver's own error: the connection is gone
            raise DisconnectionError(
                _("a pooled connection was lost ({error})").format(error=type(exc).__name__)
            ) from exc


def open_database(
    target: DatabaseTarget,
    secrets: SecretStore,
    *,
    create: bool = False,
    echo: bool = False,
    key_path: Path | None = None,
    building: bool = False,
    pool_size: int | None = None,
) -> Database:
    """Create the engine for a target; ``create`` allows a new encrypted key and file.

    ``pool_size``: PostgreSQL connections kept open (the server's, one per worker
    thread); as many again may open when a service holds two at once.

    ``key_path``: an encrypted file built under a temporary name uses the key of the
    path it will be moved to. ``building``: the file is built in one transaction under a
    temporary name and moved into place only when complete (the demo), so nothing needs
    a journal or a sync on the way: ``BUILD_PRAGMAS`` replace the journal, the syncs and
    the small page cache (see there).
    """
    if target.mode == "postgresql":
        url = target.url
        if url.password is None:
            stored = secrets.get(pg_password_name(url))
            if stored is not None:
                url = url.set(password=stored)
        sizes = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"connect_timeout": 10, "options": _pg_options(url)},
            **sizes,
        )
        _ping_when_idle(engine)
        return Database(target, engine)

    path = target.path
    assert path is not None
    if not create and (
        not path.exists() or (target.mode == "encrypted" and path.stat().st_size == 0)
    ):
        raise DatabaseUnavailable(
            _(
                "There is no database at {path}; create it with "
                "'voxprivacy-admin init' (or start the desk, which offers "
                "to set one up)."
            ).format(path=path)
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if target.mode == "encrypted":
        key_name = sqlcipher_key_name(key_path or path)
        key = secrets.get(key_name)
        if key is None:
            if path.exists() and path.stat().st_size > 0:
                raise KeyringUnavailable(
                    _(
                        "The keyring has no key for the encrypted database {path}; "
                        "it was created on another account or machine. Restore the "
                        "key into this keyring, or point --db at another database."
                    ).format(path=path)
                )
            key = pysecrets.token_hex(32)
            secrets.put(key_name, key)
        url = URL.create("sqlite+pysqlcipher", password=f"x'{key}'", database=str(path))
    else:
        url = URL.create("sqlite", database=str(path))
    # QueuePool for both drivers: the pysqlcipher dialect would default to one connection
    # per thread, which nests transactions when a service reads while it writes.
    engine = create_engine(
        url,
        echo=echo,
        poolclass=QueuePool,
        pool_size=4,
        pool_use_lifo=True,  # reuse the connection whose page cache is warm
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _configure_sqlite(engine, path, BUILD_PRAGMAS if building else ())
    return Database(target, engine)


PRIVATE = 0o600  # database files: the owner's account only


def create_private(path: Path) -> bool:
    """Create an empty file readable and writable by its owner only; False if it exists.

    SQLite gives its -wal, -shm and -journal files the mode of the database file, so a
    database created this way keeps all of its files private.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


# A file being built beside its place (``open_database(building=True)``): a crash or a
# failure anywhere removes the file, so it keeps no rollback journal and never waits for
# the disk (it is synced once, complete, before it is moved into place); its pages stay
# decrypted in a cache of up to 1 GB (a million customers' search terms, the one table
# loaded out of key order, fit in it), temporary sorts stay in memory, and an index is
# sorted on two threads.
BUILD_PRAGMAS = (
    "journal_mode=OFF",
    "synchronous=OFF",
    "cache_size=-1048576",
    "temp_store=MEMORY",
    "threads=2",
)


def _configure_sqlite(engine: Engine, path: Path, building: Sequence[str]) -> None:
    @event.listens_for(engine, "do_connect")
    def _before_connect(_dialect: Any, _record: Any, _args: Any, _params: Any) -> None:
        create_private(path)  # before the driver would create the file with the umask's mode

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # manage transactions ourselves (pysqlite's implicit BEGIN is unreliable)
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in (
            "foreign_keys=ON",
            "secure_delete=ON",
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            *(
                building
                or (
                    "cache_size=-32768",  # 32 MB: large indexes stay decrypted in memory
                    "journal_mode=WAL",
                    "synchronous=NORMAL",
                )
            ),
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def ping(db: Database) -> None:
    with db.read() as session:
        session.execute(text("SELECT 1"))


def changed_rows(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and return how many rows it changed (for conditional updates)."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
