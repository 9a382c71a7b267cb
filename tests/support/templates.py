"""Databases with the current schema, made by copying one migrated per test session.

Running every Alembic migration costs a tenth of a second on SQLite and more on
PostgreSQL; hundreds of tests need a database at the newest revision and nothing
else. Each backend is migrated once per test process (an xdist worker has its
own), by the same ``upgrade()`` the application runs, and each test gets a copy:

- plain SQLite: the file's bytes, written to a new file created private (0600);
- SQLCipher: the encrypted file's bytes, and the template's key stored in the
  test's keyring under the new path's name, where ``open_database`` looks for it;
- PostgreSQL: ``CREATE DATABASE … TEMPLATE …``, the server's own copy.

The copy is a database at the head revision like any other: ``upgrade()`` on it
finds nothing to do. The migrations themselves are tested from an empty database
in ``tests/storage/test_migrations.py`` and by every ``init`` the command-line
tests run.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from psycopg import sql

from support.memory_keyring import MemoryKeyring
from support.postgres import PostgresServer
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import (
    create_private,
    open_database,
    parse_target,
    sqlcipher_key_name,
)
from voxprivacy.storage.schema import upgrade


class SchemaTemplates:
    """One migrated database per backend, made on first use and copied for each test."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._files: dict[str, tuple[bytes, str | None]] = {}  # scheme -> (bytes, key)
        self._pg: dict[int, tuple[PostgresServer, str]] = {}  # id(server) -> template name

    # ---- SQLite and SQLCipher ----------------------------------------------------------

    def _file(self, scheme: str) -> tuple[bytes, str | None]:
        if scheme not in self._files:
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix="voxprivacy-templates-"))
            path = self._dir / f"{scheme.replace('+', '-')}.db"
            keys = MemoryKeyring()
            db = open_database(parse_target(f"{scheme}:///{path}"), SecretStore(keys), create=True)
            try:
                upgrade(db)
            finally:
                db.dispose()  # the last connection checkpoints the write-ahead log
            for leftover in ("-wal", "-journal"):
                extra = path.with_name(path.name + leftover)
                assert not extra.exists() or extra.stat().st_size == 0, extra
            key = keys.get_password("voxprivacy", sqlcipher_key_name(path))
            assert (key is not None) == (scheme == "sqlite+pysqlcipher"), scheme
            self._files[scheme] = (path.read_bytes(), key)
        return self._files[scheme]

    def copy_file(self, url: str, secrets: SecretStore) -> None:
        """Put a database at the head revision at a ``sqlite:`` or ``sqlite+pysqlcipher:``
        URL's path (which must not exist yet); an encrypted one's key goes into ``secrets``."""
        scheme, _, rest = url.partition(":///")
        path = Path(rest)
        data, key = self._file(scheme)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not create_private(path):
            raise FileExistsError(f"{path} exists; a template copy needs a new file")
        with path.open("r+b") as out:
            out.write(data)
        if key is not None:
            secrets.put(sqlcipher_key_name(path), key)

    # ---- PostgreSQL --------------------------------------------------------------------

    def create_pg_database(self, server: PostgresServer) -> str:
        """A new database on ``server`` at the head revision; returns its name."""
        template = self._pg_template(server)
        name = f"t_{uuid.uuid4().hex[:12]}"
        with server.connect() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return name

    def _pg_template(self, server: PostgresServer) -> str:
        if id(server) not in self._pg:
            # unique: test processes may share an external server
            name = server.create_database(f"template_{uuid.uuid4().hex[:12]}")
            db = open_database(parse_target(server.url(name)), SecretStore(MemoryKeyring()))
            try:
                upgrade(db)
            finally:
                db.dispose()  # a template must have no connections when it is copied
            self._pg[id(server)] = (server, name)
        return self._pg[id(server)][1]

    def close(self) -> None:
        for server, name in self._pg.values():
            if server.external is not None:  # our own cluster is thrown away whole
                server.drop_database(name)
        self._pg.clear()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        self._files.clear()
