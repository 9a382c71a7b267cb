"""What every service receives: the database, the keyring, the clock, the keys.

Imports no SQLAlchemy, storage or cryptography at load: a workstation talking to the
server builds its ``Context`` and ``Actor`` from here before any database code loads
(docs/architecture.md, "A workstation's start"); the keys load them when first asked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from voxprivacy.domain.enums import Role
from voxprivacy.errors import ConfigurationError, KeyringUnavailable
from voxprivacy.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from voxprivacy.security.crypto import FieldCipher
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.security.signing import MemberKeys
    from voxprivacy.storage.database import Database


def system_clock() -> datetime:
    return datetime.now(UTC)


STEP_UP_LIFETIME = timedelta(minutes=5)
# Operations that always ask afresh (roles, resetting a second factor, approvals)
# accept only a check made within this window.
FRESH_CHECK = timedelta(seconds=90)


def master_key_name(installation_id: str) -> str:
    return f"master:{installation_id}"


@dataclass
class Keys:
    installation_id: str
    branch: str
    cipher: FieldCipher
    audit_key: bytes


# Set by voxprivacy-server while a service writes files for a workstation: the files are
# written into a temporary folder on the server and travel back in the answer, and
# where they end up is (workstation host, folder there) — what the records must name.
WRITTEN_FOR: ContextVar[tuple[str, Path] | None] = ContextVar("written_for", default=None)


def load_keys(session: Session, secrets: SecretStore) -> Keys:
    """The database's derived keys: its installation record, its master key from ``secrets``."""
    from sqlalchemy import select

    from voxprivacy.security.crypto import FieldCipher, derive
    from voxprivacy.storage.models import Installation

    inst = session.execute(select(Installation)).scalar_one_or_none()
    if inst is None:
        raise ConfigurationError(
            _("The database has no installation record; run 'voxprivacy-admin init'.")
        )
    master = secrets.get(master_key_name(inst.installation_id))
    if master is None:
        raise KeyringUnavailable(
            _(
                "This workstation's keyring has no master key for database "
                "{inst_installation_id}. On a workstation that has it run "
                "'voxprivacy-admin key export' and import it here with "
                "'voxprivacy-admin key import'."
            ).format(inst_installation_id=inst.installation_id)
        )
    return Keys(
        inst.installation_id,
        inst.branch,
        FieldCipher(derive(master, "field-encryption")),
        derive(master, "audit-chain"),
    )


class ServiceTransport(Protocol):
    """Where a registered service runs when it does not run in this process.

    Set as ``Context.remote`` (the workstation of a head office talking to
    voxprivacy-server); the service gate then hands every call to it instead of
    running the service here. ``actor`` is None for a service that takes none
    (sign-in); ``arguments`` are the service's own, by parameter name.
    """

    def call(
        self,
        name: str,
        function: Callable[..., Any],
        actor: Actor | None,
        arguments: Mapping[str, Any],
    ) -> Any: ...


@dataclass
class Context:
    """Dependencies of the services, passed in explicitly (no globals).

    ``remote``: when set, every registered service is sent to it (a server runs
    it); the context then has no database of its own.
    """

    db: Database
    secrets: SecretStore
    clock: Callable[[], datetime] = system_clock
    _keys: Keys | None = field(default=None, repr=False)
    remote: ServiceTransport | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def keys(self) -> Keys:
        if self._keys is None:
            with self.db.read() as session:
                self._keys = load_keys(session, self.secrets)
        return self._keys

    def create_installation(self, branch: str = "central") -> Keys:
        """Give a new database its identity and master key (called by init)."""
        from voxprivacy.security.crypto import new_master_key
        from voxprivacy.storage.models import Installation

        installation_id = str(uuid.uuid4())
        self.secrets.put(master_key_name(installation_id), new_master_key())
        with self.db.write() as session:
            session.add(
                Installation(
                    id=1, installation_id=installation_id, branch=branch, created_at=self.now()
                )
            )
        self._keys = None
        return self.keys()


@dataclass
class SearchTally:
    """This sign-in's customer searches not yet added to the database's daily count."""

    pending: int = 0
    day: date | None = None  # the UTC day of the count last written
    known: int = 0  # that day's count as last written
    written_at: datetime | None = None


@dataclass(frozen=True)
class StaffRead:
    """A staff member's active, locked and role columns, read at ``at`` (monotonic)."""

    active: bool
    locked: bool
    role: str
    at: float


@dataclass
class Actor:
    """A signed-in staff member. Created only by services.auth.sign_in."""

    staff_id: uuid.UUID
    username: str
    role: Role
    checked_at: datetime | None = None  # last successful second-factor check
    searches: SearchTally = field(default_factory=SearchTally)
    # on a workstation talking to voxprivacy-server: the session's bearer token (its
    # checked_at is then only a mirror of the server's, for the countdown)
    token: str | None = field(default=None, repr=False, compare=False)
    # on the server: the session this actor's request came in on
    session_id: uuid.UUID | None = field(default=None, repr=False, compare=False)
    # on the server: the staff row as the session lookup read it for this request, which
    # the first service gate uses instead of reading it again (guard.current_role)
    staff_read: StaffRead | None = field(default=None, repr=False, compare=False)
    # on a branch: the signing key and TOTP secret opened with the password at sign-in,
    # held in this process only until sign-out or lock
    keys: MemberKeys | None = field(default=None, repr=False, compare=False)

    def step_up_until(self) -> datetime | None:
        return self.checked_at + STEP_UP_LIFETIME if self.checked_at else None

    def step_up_left(self, now: datetime) -> timedelta:
        until = self.step_up_until()
        return max(until - now, timedelta(0)) if until else timedelta(0)

    def end_step_up(self) -> None:
        self.checked_at = None

    def forget_keys(self) -> None:
        """Drop the secrets opened at sign-in (sign-out, lock)."""
        self.keys = None
