"""Backups: a consistent, encrypted copy of the database, and restoring one.

A backup file is an envelope: a first line naming the format, a manifest (JSON:
installation, kind of database, time, audit head, erasure journal position) and
the copy itself, encrypted with AES-256-GCM in sealed chunks under a key derived
from the database's master key (the manifest is bound to every chunk, and the
last chunk is marked, so a file cut short or altered does not restore).

The copy is SQLite's online backup of the live database (consistent while others
keep working; an SQLCipher database's copy stays SQLCipher under the same key, a
plain SQLite file's copy is plain inside the envelope, which then is what
encrypts it), or for PostgreSQL ``pg_dump --format=custom``.

Restoring replaces the configured database with the copy, then runs the erasure
journal's check, which carries out again every erasure made since the copy was
taken, before anyone can sign in or search. See docs/backup.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from voxprivacy.domain.roles import Permission
from voxprivacy.errors import BadInput, ConfigurationError
from voxprivacy.i18n import _, in_english, ngettext
from voxprivacy.security.crypto import derive
from voxprivacy.services import audit, erasure_journal
from voxprivacy.services.context import Actor, Context, master_key_name
from voxprivacy.services.guard import writes
from voxprivacy.storage.database import (
    PRIVATE,
    Database,
    create_private,
    pg_password_name,
    sqlcipher_key_name,
)

MAGIC = b"VOXPRIVACY-BACKUP 1\n"
CHUNK = 1 << 20
_LEN = struct.Struct(">I")


@dataclass(frozen=True)
class BackupView:
    path: str
    kind: str  # "sqlcipher", "sqlite" or "pg_dump"
    audit_seq: int
    size: int


@dataclass(frozen=True)
class RestoreView:
    path: str
    taken_at: str
    audit_seq: int
    reapplied: int
    message: str


# --------------------------------------------------------------------------- the envelope


def _key(ctx: Context) -> bytes:
    keys = ctx.keys()
    master = ctx.secrets.get(master_key_name(keys.installation_id))
    assert master is not None  # ctx.keys() refused already
    return derive(master, "backup")


def _aad(manifest: bytes, index: int, final: bool) -> bytes:
    return hashlib.sha256(manifest).digest() + struct.pack(">QB", index, final)


def _seal(out: IO[bytes], source: IO[bytes], key: bytes, manifest: bytes) -> None:
    aead = AESGCM(key)
    out.write(MAGIC)
    out.write(manifest + b"\n")
    index = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        final = not following
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, chunk, _aad(manifest, index, final))
        out.write(_LEN.pack(len(sealed)) + nonce + sealed)
        if final:
            return
        chunk, index = following, index + 1


def _not_a_backup(path: Path, why: str) -> BadInput:
    return BadInput(
        _(
            "{path} is not a backup this database can restore ({why}); give a file made by "
            "'voxprivacy-admin backup create' for this installation."
        ).format(path=path, why=why),
        "file",
    )


def read_manifest(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        with path.open("rb") as src:
            if src.read(len(MAGIC)) != MAGIC:
                raise _not_a_backup(path, _("it does not start like a voxprivacy backup"))
            manifest = src.readline().rstrip(b"\n")
    except OSError as exc:
        raise BadInput(
            _("The backup {path} cannot be read ({strerror}).").format(
                path=path, strerror=exc.strerror
            ),
            "file",
        ) from None
    try:
        data = json.loads(manifest)
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        raise _not_a_backup(path, _("its manifest is damaged")) from None
    return data, manifest


def _open(path: Path, key: bytes, manifest: bytes, out: IO[bytes]) -> None:
    aead = AESGCM(key)
    with path.open("rb") as src:
        src.read(len(MAGIC))
        src.readline()
        index = 0
        while True:
            head = src.read(_LEN.size + 12)
            if len(head) < _LEN.size + 12:
                raise _not_a_backup(path, _("it was cut short"))
            (length,) = _LEN.unpack(head[: _LEN.size])
            sealed = src.read(length)
            for final in (False, True):
                try:
                    plain = aead.decrypt(head[_LEN.size :], sealed, _aad(manifest, index, final))
                except InvalidTag:
                    continue
                out.write(plain)
                if final:
                    if src.read(1):
                        raise _not_a_backup(path, _("it has data after its end"))
                    return
                break
            else:
                raise _not_a_backup(
                    path,
                    _(
                        "it was altered, or made for another installation or with another "
                        "master key"
                    ),
                )
            index += 1


# --------------------------------------------------------------------------- copies


def _kind(db: Database) -> str:
    return {"encrypted": "sqlcipher", "sqlite": "sqlite", "postgresql": "pg_dump"}[db.target.mode]


def _sqlite_connect(db: Database, ctx: Context, path: Path) -> Any:
    if db.target.mode == "encrypted":
        import sqlcipher3

        db_path = db.target.path
        assert db_path is not None
        key = ctx.secrets.get(sqlcipher_key_name(db_path))
        conn = sqlcipher3.connect(str(path))
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        return conn
    return sqlite3.connect(str(path))


def _sqlite_copy(ctx: Context, into: Path) -> None:
    """SQLite's online backup of the live database into ``into`` (same encryption)."""
    db = ctx.db
    dest = _sqlite_connect(db, ctx, into)
    try:
        with db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.backup(dest)
    finally:
        dest.close()


def _pg_env(ctx: Context) -> tuple[list[str], dict[str, str]]:
    url = ctx.db.target.url
    env = dict(os.environ)
    password = url.password or ctx.secrets.get(pg_password_name(url))
    if password:
        env["PGPASSWORD"] = str(password)
    args = ["--dbname", str(url.database or "")]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    return [*args, "--no-password"], env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigurationError(
            _(
                "{name} is not installed on this machine; install the "
                "PostgreSQL client tools of the server's version (they "
                "come with the 'postgresql-client' package) and try again."
            ).format(name=name)
        )
    return found


def _run_tool(argv: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ConfigurationError(
            _("{what} failed ({detail}); nothing was changed.").format(what=what, detail=detail)
        )


@contextlib.contextmanager
def _scratch(near: Path) -> Iterator[Path]:
    """A private temporary file beside ``near``, removed afterwards."""
    fd, name = tempfile.mkstemp(prefix=".voxprivacy-backup-", dir=near.parent)
    os.close(fd)
    os.chmod(name, PRIVATE)
    path = Path(name)
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# --------------------------------------------------------------------------- the services


@writes(Permission.BACKUP, fresh=True)
def create_backup(ctx: Context, actor: Actor, file: str) -> BackupView:
    """Write a consistent, encrypted copy of the database to ``file`` (a new file)."""
    out = Path(file).expanduser().resolve()
    if out.exists():
        raise BadInput(
            _("{out} exists already; give the name of a new file.").format(out=out), "file"
        )
    if not out.parent.is_dir():
        raise BadInput(
            _("The folder {out_parent} does not exist; create it first.").format(
                out_parent=out.parent
            ),
            "file",
        )
    keys = ctx.keys()
    seq, digest = erasure_journal.current_head(ctx)
    kind = _kind(ctx.db)
    journal = erasure_journal.position(ctx)
    manifest = json.dumps(
        {
            "installation": keys.installation_id,
            "kind": kind,
            "created_at": ctx.now().isoformat(timespec="seconds"),
            "audit_seq": seq,
            "audit_hash": digest,
            "journal_lines": journal[0],
            "journal_mac": journal[1],
        },
        sort_keys=True,
    ).encode()
    key = _key(ctx)
    # the clear copy of a plain SQLite file stays beside the database, private
    with _scratch(ctx.db.target.path or out) as copy, _scratch(out) as sealed:
        if kind == "pg_dump":
            args, env = _pg_env(ctx)
            _run_tool(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(copy), *args],
                env,
                "pg_dump",
            )
        else:
            _sqlite_copy(ctx, copy)  # into the empty private file: it keeps its mode
        with copy.open("rb") as src, sealed.open("wb") as dst:
            _seal(dst, src, key, manifest)
            dst.flush()
            os.fsync(dst.fileno())
        if not create_private(out):
            raise BadInput(
                _("{out} exists already; give the name of a new file.").format(out=out), "file"
            )
        os.replace(sealed, out)
    size = out.stat().st_size
    audit.record_alone(
        ctx,
        actor,
        "backup.create",
        detail=f"{kind} copy at audit entry {seq}, {size} bytes",
    )
    return BackupView(str(out), kind, seq, size)


@writes(Permission.BACKUP, fresh=True)
def restore_backup(ctx: Context, actor: Actor, file: str) -> RestoreView:
    """Replace the database with a backup's copy, then re-apply the journal's erasures.

    The copy is decrypted and checked completely before the database is touched.
    """
    path = Path(file).expanduser().resolve()
    if not path.is_file():
        raise BadInput(_("There is no backup file at {path}.").format(path=path), "file")
    manifest, raw = read_manifest(path)
    keys = ctx.keys()
    if manifest.get("installation") != keys.installation_id:
        raise _not_a_backup(path, _("it is a copy of another installation"))
    kind = _kind(ctx.db)
    if manifest.get("kind") != kind:
        raise _not_a_backup(
            path,
            _("it holds a {copy} copy, this is {kind}").format(
                copy=manifest.get("kind"), kind=kind
            ),
        )
    key = _key(ctx)
    db = ctx.db
    target = db.target.path or Path(tempfile.gettempdir()) / "voxprivacy"
    with _scratch(target) as copy:
        with copy.open("wb") as out:
            _open(path, key, raw, out)
        if kind == "pg_dump":
            args, env = _pg_env(ctx)
            restore = _pg_tool("pg_restore")
            _run_tool([restore, "--list", str(copy)], env, "Reading the backup with pg_restore")
            db.dispose()
            _run_tool(
                [
                    restore,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(copy),
                ],
                env,
                "pg_restore",
            )
        else:
            _check_sqlite_copy(ctx, copy, path)
            assert db.target.path is not None
            db.dispose()
            os.replace(copy, db.target.path)
            for extra in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    db.target.path.with_name(db.target.path.name + extra).unlink()
    db.forget_sync_role()
    ctx._keys = None
    check = erasure_journal.check_at_open(ctx)
    taken = str(manifest.get("created_at", ""))
    audit.record_alone(
        ctx,
        actor,
        "backup.restore",
        detail=(
            f"{kind} copy of {taken} (audit entry {manifest.get('audit_seq')}); "
            + in_english(
                "re-applied {n} erasure", "re-applied {n} erasures", check.reapplied
            ).format(n=check.reapplied)
        ),
    )
    erasure_journal.remember_head(ctx)
    message = ngettext(
        "Restored the copy of {taken}. {n} erasure made since was carried out again from the "
        "erasure journal.",
        "Restored the copy of {taken}. {n} erasures made since were carried out again from the "
        "erasure journal.",
        check.reapplied,
    ).format(taken=taken, n=check.reapplied)
    return RestoreView(
        str(path), taken, int(manifest.get("audit_seq", 0)), check.reapplied, message
    )


def _check_sqlite_copy(ctx: Context, copy: Path, backup: Path) -> None:
    try:
        conn = _sqlite_connect(ctx.db, ctx, copy)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except Exception:  # any driver error means the same to the user
        ok = None
    if ok is None or ok[0] != "ok":
        raise _not_a_backup(
            backup, _("its copy does not open with this database's key or is damaged")
        )
