"""A member at a branch who writes the replica file directly, past every service.

What they hold is what a user of that workstation holds: the file, the key of an
encrypted file from the workstation's keyring (the branch's own secret store), and
their own password, which opens their own wrapped signing key. They use the
driver alone (sqlcipher3 or sqlite3), no voxprivacy code in between.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from support.branches import Branch
from support.desk import Member
from voxprivacy.security import signing
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database, sqlcipher_key_name
from voxprivacy.storage.ids import uuid7


@contextmanager
def raw_file(db: Database, secrets: SecretStore) -> Iterator[Any]:
    """A replica's file through its driver alone, each statement committed as it runs (an
    encrypted file opened with the key ``secrets`` holds for it, as the keyring does)."""
    path = db.target.path
    assert path is not None
    db.dispose()  # the desk is closed: the file is to ourselves
    if db.target.mode == "encrypted":
        key = secrets.get(sqlcipher_key_name(path))
        assert key is not None, f"the keyring holds no key for {db.target.display}"
        conn: Any = sqlcipher3.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def replica_file(branch: Branch) -> AbstractContextManager[Any]:
    """The branch's file, with the key the workstation's keyring holds for it."""
    return raw_file(branch.db, branch.ctx.secrets)


def hex_id(value: uuid.UUID) -> str:
    return value.hex  # how SQLAlchemy stores a UUID in SQLite


class Insider:
    """What ``member`` can do at ``branch`` with the file, the keyring and their password."""

    def __init__(self, branch: Branch, member: Member) -> None:
        self.branch = branch
        self.member = member
        with replica_file(branch) as conn:
            row = conn.execute(
                "SELECT public_key, salt, kdf, wrapped_key, wrapped_totp FROM staff_keys "
                "WHERE staff_id = ?",
                (hex_id(member.actor.staff_id),),
            ).fetchone()
        assert row is not None, f"{member.username} has no signing key at {branch.name}"
        self.keys = signing.unwrap(member.actor.staff_id, member.password, signing.Wrapped(*row))

    def queue(
        self,
        changes: list[wire.Change] | str,
        *,
        name: uuid.UUID | None = None,
        sign: bool | Ed25519PrivateKey = True,
    ) -> uuid.UUID:
        """An outbox row in the name of ``name`` (default: the insider): signed with the
        insider's own key, with ``sign`` when it is another key, or not at all when False.
        A string is queued as the payload's text itself."""
        payload = (
            changes if isinstance(changes, str) else wire.encode(wire.Operation(tuple(changes)))
        )
        staff_id = name or self.member.actor.staff_id
        op_id = uuid7()
        made_at = datetime.now(UTC)
        message = signing.operation_bytes(op_id, staff_id, made_at, payload)
        if isinstance(sign, Ed25519PrivateKey):
            signature: bytes | None = sign.sign(message)
        else:
            signature = self.keys.sign(message) if sign else None
        with replica_file(self.branch) as conn:
            conn.execute(
                "INSERT INTO sync_outbox (op_id, staff_id, made_at, customers, payload, erased, "
                "signature) VALUES (?, ?, ?, '', ?, 0, ?)",
                (
                    hex_id(op_id),
                    hex_id(staff_id),
                    made_at.replace(tzinfo=None).isoformat(sep=" "),
                    payload,
                    signature,
                ),
            )
        return op_id

    def execute(self, statement: str, *params: object) -> None:
        """Any statement on the file (sqlite3's own prompt would do the same)."""
        with replica_file(self.branch) as conn:
            conn.execute(statement, params)

    def query(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        with replica_file(self.branch) as conn:
            return list(conn.execute(statement, params).fetchall())
