"""A central PostgreSQL desk and branch replicas of it, for synchronisation tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyotp
from sqlalchemy import select

from support.desk import Clock, Desk, Member
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage import changes
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.sync import replica


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


def make_branch(desk: Desk, tmp_path: Path, name: str, *, encrypted: bool = False) -> Branch:
    scheme = "sqlite+pysqlcipher" if encrypted else "sqlite"
    secrets = SecretStore()
    local = open_database(parse_target(f"{scheme}:///{tmp_path}/{name}.db"), secrets, create=True)
    replica.setup_replica(local, desk.ctx.db, secrets, name)
    return Branch(name, Context(local, secrets, clock=desk.clock), desk.ctx.db, desk.clock)


def contents(db: Database) -> dict[str, dict[str, tuple[object, ...]]]:
    """Every synchronised row of a database (synchronised fields and their versions)."""
    out: dict[str, dict[str, tuple[object, ...]]] = {}
    with db.read() as session:
        for name, spec in changes.SYNCED.items():
            cols = [spec.table.c[c] for c in spec.columns]
            rows = session.execute(select(*cols, spec.table.c.sync_versions)).all()
            out[name] = {
                str(getattr(r, spec.pk)): (
                    *(changes.encode(spec.columns[c], getattr(r, c)) for c in spec.columns),
                    r.sync_versions,
                )
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
    for table, spec in changes.SYNCED.items():
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


def assert_agree(*places: Database) -> None:
    first = contents(places[0])
    for other in places[1:]:
        diff = differences(first, contents(other))
        assert diff == [], f"{places[0].target.display} vs {other.target.display}: {diff}"
