"""How a branch reaches head office: the seam between the replica and the hub.

A ``Transport`` pushes a page of a branch's operations and pulls a page of the
hub's log. Two implement it:

- ``InProcess``: the central PostgreSQL opened directly, ``hub.receive`` called in
  this process (the tests and the benchmarks that measure the hub itself);
- the remote transport (``client/branch.py``): voxprivacy-server over TLS, every
  request signed with the branch's Ed25519 key; what a real branch uses.

What travels is serialised generically (``PUSH``, ``OUTCOMES``, ``ENTRIES``:
pydantic over the hub's own dataclasses), so a field added to ``IncomingOp`` or
``LogEntry`` travels without a change here. The signed message of a request is
defined here too, for both ends.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from pydantic import ConfigDict, TypeAdapter
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from voxprivacy.errors import VoxError
from voxprivacy.i18n import _
from voxprivacy.services.context import Keys
from voxprivacy.storage import models as m
from voxprivacy.storage import schema
from voxprivacy.storage.database import Database
from voxprivacy.sync import hub

Fault = Callable[[str], None]

# bytes travel as base64 inside the JSON (a signature, a key)
_JSON = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")


@dataclass(frozen=True)
class PushRequest:
    __pydantic_config__ = _JSON

    revision: str  # the branch program's schema revision
    ops: list[hub.IncomingOp]


@dataclass(frozen=True)
class PushAnswer:
    __pydantic_config__ = _JSON

    outcomes: list[hub.Outcome]


@dataclass(frozen=True)
class PullRequest:
    __pydantic_config__ = _JSON

    revision: str
    cursor: int
    limit: int


@dataclass(frozen=True)
class PullAnswer:
    __pydantic_config__ = _JSON

    entries: list[hub.LogEntry]


PUSH: TypeAdapter[PushRequest] = TypeAdapter(PushRequest)
PUSHED: TypeAdapter[PushAnswer] = TypeAdapter(PushAnswer)
PULL: TypeAdapter[PullRequest] = TypeAdapter(PullRequest)
PULLED: TypeAdapter[PullAnswer] = TypeAdapter(PullAnswer)


class SyncRefused(VoxError):
    """Synchronisation cannot go ahead (wrong kind of database, schema mismatch, revoked)."""

    exit_status = 2


class Interrupted(Exception):
    """Raised by a fault hook to stop a sync at a safe point on purpose: not an error."""


class Offline(VoxError):
    """Head office cannot be reached; the branch keeps working on its copy."""

    exit_status = 1


class Transport(Protocol):
    """One branch's line to head office."""

    display: str  # where head office is, as messages name it

    def errors(self, carry_on: str) -> AbstractContextManager[None]:
        """Failures of the line become ``Offline`` (the branch carries on) or a refusal."""
        ...

    def check(self, local: Database) -> None:
        """Refuse before anything moves: another head office, another schema, revoked."""
        ...

    def push(self, ops: list[hub.IncomingOp], fault: Fault | None) -> list[hub.Outcome]: ...

    def pull(self, cursor: int, limit: int) -> list[hub.LogEntry]: ...

    def close(self) -> None: ...


# ----------------------------------------------------------------------------- signing


def request_message(method: str, path: str, branch: str, at: str, nonce: str, body: bytes) -> bytes:
    """What a branch signs for one request: the request itself, its time and a nonce."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join(("voxprivacy-sync-1", method.upper(), path, branch, at, nonce, digest)).encode(
        "utf-8", "surrogateescape"
    )


BRANCH_HEADER = "Voxprivacy-Branch"
TIME_HEADER = "Voxprivacy-Time"
NONCE_HEADER = "Voxprivacy-Nonce"
SIGNATURE_HEADER = "Voxprivacy-Signature"


def schema_mismatch(theirs: str | None) -> str:
    return _(
        "Head office is at schema revision {revision} and this program expects "
        "{expected}. Upgrade both to the same version of voxprivacy; the "
        "branch keeps its changes until then."
    ).format(revision=theirs, expected=schema.head_revision())


# ----------------------------------------------------------------------------- in process


def _now() -> datetime:
    return datetime.now(UTC)


def check_schema_in(session: Session) -> None:
    """The schema check that travels with every batch, inside its transaction."""
    theirs = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if theirs != schema.head_revision():
        raise SyncRefused(
            _(
                "The central database changed to schema revision {revision} during the sync; "
                "upgrade this branch to the same version of voxprivacy."
            ).format(revision=theirs)
        )


class InProcess:
    """The central database opened here and the hub's code run in this process.

    For the tests and benchmarks that need the hub itself; a real branch syncs through
    the server (``client/branch.py``) and holds no central database password.
    """

    def __init__(self, central: Database, origin: str, keys: Keys | None = None) -> None:
        self.central = central
        self.origin = origin
        self.display = central.target.display
        self.keys = keys  # the hub's keys; without them, from this host's keyring

    def errors(self, carry_on: str) -> AbstractContextManager[None]:
        from voxprivacy.sync import replica

        return replica.central_errors(self.central, carry_on)

    def check(self, local: Database) -> None:
        from voxprivacy.sync import replica

        replica.check_schema(self.central, local)
        replica.check_same(local, self.central)

    def push(self, ops: list[hub.IncomingOp], fault: Fault | None) -> list[hub.Outcome]:
        return apply_push(self.central, ops, self.origin, _now(), fault, keys=self.keys)

    def pull(self, cursor: int, limit: int) -> list[hub.LogEntry]:
        with self.central.read() as session:
            check_schema_in(session)
            return hub.log_after(session, cursor, limit)

    def close(self) -> None:
        return None


def apply_push(
    central: Database,
    ops: list[hub.IncomingOp],
    origin: str,
    now: datetime,
    fault: Fault | None = None,
    *,
    keys: Keys | None = None,
) -> list[hub.Outcome]:
    """A page applied at the hub in one transaction (again one by one if it must be).

    ``keys`` are the hub's derived keys, for the audit events of the page; without
    them ``hub.receive`` derives them from the master key in this host's keyring
    (a server passes its own: its master key comes from its credentials).
    """
    for careful in (False, True):
        try:
            with central.write() as session:
                check_schema_in(session)
                outcomes = hub.receive(session, ops, origin, now, careful=careful, keys=keys)
                if fault:
                    fault("push:before-commit")
            return outcomes
        except hub.NeedsCareful:
            continue
    raise AssertionError("a careful batch does not ask to be careful")  # pragma: no cover


def new_nonce() -> str:
    return uuid.uuid4().hex


def installation_of(db: Database) -> str | None:
    with db.read() as session:
        found = session.execute(select(m.table_of(m.Installation).c.installation_id)).scalar()
    return str(found) if found is not None else None
