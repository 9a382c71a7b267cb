"""A central PostgreSQL desk and branch replicas of it, for synchronisation tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.engine import make_url

from support.desk import Clock, Desk, Member
from support.postgres import PostgresServer
from support.templates import SchemaTemplates
from voxprivacy.security import passwords, signing, totp
from voxprivacy.security.crypto import FieldCipher
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.search_index import terms_for
from voxprivacy.storage import models as m
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database, open_database, parse_target, pg_password_name
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.schema import upgrade
from voxprivacy.sync import hub, replica
from voxprivacy.sync.recipher import ENCRYPTED


@dataclass
class Branch:
    """One branch office: its replica database and its staff signed in there."""

    name: str
    ctx: Context
    central: Database
    clock: Clock
    actors: dict[str, Actor] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.ctx.db

    def sign_in(self, member: Member) -> Actor:
        """The member signed in and stepped up at this branch (codes never repeat)."""
        actor = self.actors.get(member.username)
        if actor is None:
            actor = auth.sign_in(self.ctx, member.username, member.password)
            self.actors[member.username] = actor
        self.clock.advance(seconds=30)
        auth.step_up(self.ctx, actor, pyotp.TOTP(member.secret).at(self.clock.now))
        return actor

    def sync(self, **kwargs: object) -> replica.SyncReport:
        return replica.sync_once(self.db, self.central, **kwargs)  # type: ignore[arg-type]


def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with minimal cost: service tests hash hundreds of passwords (and recovery codes).

    The command-line tests run the real parameters end to end.
    """
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(
        totp, "_RECOVERY_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    # the key that wraps members' signing keys and TOTP copies (parameters stored with it)
    monkeypatch.setattr(signing, "TIME_COST", 1)
    monkeypatch.setattr(signing, "MEMORY_COST", 1024)
    monkeypatch.setattr(signing, "PARALLELISM", 1)


@contextmanager
def central_desk(
    server: PostgresServer, clock: Clock, templates: SchemaTemplates | None = None
) -> Iterator[Desk]:
    """The head office: a fresh PostgreSQL database with an admin (copied from the
    migrated template when ``templates`` is given).

    Its password goes into the keyring, where branches find it, as in real life.
    """
    name = server.create_database() if templates is None else templates.create_pg_database(server)
    url = make_url(server.url(name))
    if url.password:
        SecretStore().put(pg_password_name(url), url.password)
    db = open_database(parse_target(server.url(name)), SecretStore(), create=True)
    upgrade(db)
    ctx = Context(db, SecretStore(), clock=clock)
    ctx.create_installation()
    try:
        yield Desk(ctx, clock)
    finally:
        db.dispose()
        if server.external is not None:
            server.drop_database(name)


def make_branch(desk: Desk, tmp_path: Path, name: str, *, encrypted: bool = False) -> Branch:
    scheme = "sqlite+pysqlcipher" if encrypted else "sqlite"
    secrets = SecretStore()
    local = open_database(parse_target(f"{scheme}:///{tmp_path}/{name}.db"), secrets, create=True)
    # a plain file lets the tests read a replica's bytes on disk (users get an encrypted one)
    replica.setup_replica(local, desk.ctx.db, secrets, name, allow_unencrypted=not encrypted)
    return Branch(name, Context(local, secrets, clock=desk.clock), desk.ctx.db, desk.clock)


def contents(
    db: Database, cipher: FieldCipher | None = None
) -> dict[str, dict[str, tuple[object, ...]]]:
    """Every synchronised row of a database (synchronised fields and their versions).

    With ``cipher`` (the database's own field cipher), field-encrypted values are compared
    as what they decrypt to: a branch enrolled through the server holds them under its own
    key.
    """
    out: dict[str, dict[str, tuple[object, ...]]] = {}
    with db.read() as session:
        for name, spec in wire.SYNCED.items():
            cols = [spec.table.c[c] for c in spec.columns]
            rows = session.execute(select(*cols, spec.table.c.sync_versions)).all()

            def shown(r: Any, c: str, name: str = name, spec: wire.TableSpec = spec) -> object:
                value = getattr(r, c)
                if cipher is not None and (name, c) in ENCRYPTED and value is not None:
                    return cipher.decrypt(value, name, c, getattr(r, spec.pk))
                return wire.encode_value(spec.columns[c], value)

            out[name] = {
                str(getattr(r, spec.pk)): (*(shown(r, c) for c in spec.columns), r.sync_versions)
                for r in rows
            }
    return out


def raw_bytes(db: Database) -> bytes:
    """The database file and its journals, as stored on disk (plain SQLite only)."""
    path = db.target.path
    assert path is not None and db.target.mode == "sqlite"
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def differences(
    a: dict[str, dict[str, tuple[object, ...]]], b: dict[str, dict[str, tuple[object, ...]]]
) -> list[str]:
    """Readable differences between two ``contents`` snapshots (empty when they agree)."""
    out: list[str] = []
    for table, spec in wire.SYNCED.items():
        names = [*spec.columns, "sync_versions"]
        left, right = a.get(table, {}), b.get(table, {})
        for row_id in sorted(set(left) | set(right)):
            x, y = left.get(row_id), right.get(row_id)
            if x == y:
                continue
            if x is None or y is None:
                out.append(f"{table} {row_id}: only on the {'right' if x is None else 'left'}")
                continue
            fields = [f"{n}: {p!r} != {q!r}" for n, p, q in zip(names, x, y, strict=True) if p != q]
            out.append(f"{table} {row_id}: " + "; ".join(fields))
    return out


def stale_search_terms(
    db: Database,
) -> dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]]]]:
    """Customers whose search terms (with their kinds) differ from their records:
    {id: (missing, extra)}."""
    out: dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]]]] = {}
    with db.read() as session:
        held: dict[object, set[tuple[str, str]]] = {}
        for cid, term, kind in session.execute(
            select(
                m.CustomerSearchTerm.customer_id,
                m.CustomerSearchTerm.term,
                m.CustomerSearchTerm.kind,
            )
        ):
            held.setdefault(cid, set()).add((term, kind))
        emails: dict[object, list[str]] = {}
        for cid, address in session.execute(select(m.Email.customer_id, m.Email.address)):
            emails.setdefault(cid, []).append(address)
        phones: dict[object, list[str]] = {}
        for cid, e164 in session.execute(select(m.Phone.customer_id, m.Phone.e164)):
            phones.setdefault(cid, []).append(e164)
        for cid, account, name, company, status in session.execute(
            select(
                m.Customer.id,
                m.Customer.account_number,
                m.Customer.name,
                m.Customer.company,
                m.Customer.status,
            )
        ):
            wanted = (
                set()
                if status == "erased"
                else terms_for(account, name, company, emails.get(cid, []), phones.get(cid, []))
            )
            have = held.get(cid, set())
            if wanted != have:
                out[str(cid)] = (wanted - have, have - wanted)
    return out


def assert_agree(*places: Database, ciphers: Sequence[FieldCipher] | None = None) -> None:
    """Every copy holds the same rows and versions, and each one's search index is current.

    ``ciphers``: each place's field cipher, to compare encrypted values by what they hold.
    """
    keys: list[FieldCipher | None] = list(ciphers) if ciphers else [None] * len(places)
    first = contents(places[0], keys[0])
    for other, key in zip(places[1:], keys[1:], strict=True):
        diff = differences(first, contents(other, key))
        assert diff == [], f"{places[0].target.display} vs {other.target.display}: {diff}"
    for place in places:
        stale = stale_search_terms(place)
        assert stale == {}, f"{place.target.display}: search terms not current: {stale}"


def keys_of(desk: Desk, member: Member) -> signing.MemberKeys:
    """A member's signing key, opened from head office's row with their password."""
    with desk.ctx.db.read() as session:
        row = session.get(m.StaffKey, member.actor.staff_id)
        assert row is not None, f"{member.username} has no signing key"
        stored = signing.Wrapped(
            row.public_key, row.salt, row.kdf, row.wrapped_key, row.wrapped_totp
        )
    return signing.unwrap(member.actor.staff_id, member.password, stored)


def signed_op(
    keys: signing.MemberKeys,
    staff_id: uuid.UUID,
    payload: str,
    *,
    erased: bool = False,
    made_at: datetime | None = None,
) -> hub.IncomingOp:
    """An operation as a branch pushes it, signed with ``keys`` in the name of ``staff_id``."""
    op_id = uuid7()
    when = made_at or datetime.now(UTC)
    signature = keys.sign(signing.operation_bytes(op_id, staff_id, when, payload))
    return hub.IncomingOp(op_id, staff_id, when, payload, erased, signature)
