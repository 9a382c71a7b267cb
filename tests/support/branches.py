"""A central PostgreSQL desk and branch replicas of it, for synchronisation tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyotp

from support.desk import Clock, Desk, Member
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Actor, Context
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
