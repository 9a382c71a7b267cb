"""A central PostgreSQL and two branches through random work, partitions and faults.

Each seed runs a random mix of edits, email additions and removals, interactions,
consent switches and erasures at random places (approved at head office, where an
approval counts, and carried out where they were opened), with syncs that fail at
random points (before the hub commits, after it answered, between reading and
applying a page) and an occasional restart of the PostgreSQL server. Then the
network heals and every branch syncs until nothing moves, and the run checks:

- every copy agrees, row for row and field for field;
- every operation a branch made is in the hub's log exactly once, the log has
  no gaps, and no outbox still holds anything;
- every pair of concurrent edits of the same field (neither place had seen the
  other's) with different values left a conflict in the queue;
- no value ever typed for an erased customer remains in any database.

The run through a real voxprivacy-server adds an insider at north who writes the
replica file directly (``PartitionInsider``); see its text for what it forges and
what head office must do about each.

A few seeds run with the suite; ``VOXPRIVACY_PARTITION_SEEDS=500`` (and
optionally ``VOXPRIVACY_PARTITION_STEPS``) runs a nightly-sized search.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from support.branches import Branch, assert_agree, make_branch, raw_bytes
from support.desk import Desk, Member
from support.insider import Insider
from support.postgres import PostgresServer
from support.server import ServerProcess, SharedClock

from voxprivacy.client import branch as remote
from voxprivacy.domain.enums import Role
from voxprivacy.errors import VoxError
from voxprivacy.security import passwords
from voxprivacy.security.crypto import FieldCipher
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import branches, consents, customers, requests
from voxprivacy.services.context import Context
from voxprivacy.storage import models as m
from voxprivacy.storage import wire
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.wire import Action, Erasure, RowChange
from voxprivacy.sync import hub, replica
from voxprivacy.sync.transport import SyncRefused

SEEDS = int(os.environ.get("VOXPRIVACY_PARTITION_SEEDS", "3"))
STEPS = int(os.environ.get("VOXPRIVACY_PARTITION_STEPS", "45"))
FAULT_POINTS = ["push:before-commit", "push:answered", "pull:read", "pull:before-commit"]
FIELDS = ["name", "note"]


class LinkDown(Exception):
    """The line to head office dropped."""


@dataclass
class Edit:
    site: str
    customer: str
    field: str
    value: str
    op_id: uuid.UUID
    knew_until: int  # the hub's log position this site had seen when it edited
    earlier_here: list[Edit] = field(default_factory=list)


@dataclass
class World:
    rng: random.Random
    central: Desk
    branches: dict[str, Branch]
    agent: Member
    supervisor: Member
    pg: PostgresServer
    restart: Callable[[], None] | None = None  # the fault's restart (default: PostgreSQL)
    ciphers: list[FieldCipher] | None = None  # each place's own, to compare encrypted values
    customers: list[str] = field(default_factory=list)
    tokens: dict[str, list[str]] = field(default_factory=dict)  # customer -> values typed
    edits: list[Edit] = field(default_factory=list)
    made: dict[uuid.UUID, str] = field(default_factory=dict)  # op id -> branch
    erased: set[str] = field(default_factory=set)
    counter: int = 0
    insider: PartitionInsider | None = None  # a member at north writing its file directly
    kept: set[str] = field(default_factory=set)  # never erased: the insider's forgeries about
    # them are checked in full (an erased customer's queue entries go with its data)

    def token(self, customer: str) -> str:
        self.counter += 1
        value = f"Tok{self.counter}x{self.rng.randrange(10**6)}q"
        self.tokens.setdefault(customer, []).append(value)
        return value

    # ---- places

    def ctx_and_actor(self, site: str, member: Member) -> tuple[object, object]:
        if site == "central":
            self.central.step_up(member)
            return self.central.ctx, member.actor
        branch = self.branches[site]
        return branch.ctx, branch.sign_in(member)

    def log_position(self) -> int:
        with self.central.ctx.db.read() as session:
            return int(session.execute(select(m.SyncCounter.seq)).scalar_one())

    def outbox(self, site: str) -> set[uuid.UUID]:
        with self.branches[site].db.read() as session:
            return set(session.execute(select(m.Outbox.op_id)).scalars())

    def seen_by(self, site: str) -> int:
        if site == "central":
            return self.log_position()
        return replica.status(self.branches[site].db).cursor

    def recorded(self, site: str, before: set[uuid.UUID] | int) -> list[uuid.UUID]:
        """Operations the last action made at a site."""
        if site == "central":
            assert isinstance(before, int)
            with self.central.ctx.db.read() as session:
                return list(
                    session.execute(
                        select(m.ChangeLog.op_id).where(m.ChangeLog.seq > before)
                    ).scalars()
                )
        assert isinstance(before, set)
        new = sorted(self.outbox(site) - before)
        for op in new:
            self.made[op] = site
        return new

    def snapshot(self, site: str) -> set[uuid.UUID] | int:
        return self.log_position() if site == "central" else self.outbox(site)

    # ---- actions

    def edit(self, site: str) -> None:
        customer = self.rng.choice(self.customers)
        name = self.rng.choice(FIELDS)
        value = self.token(customer)
        ctx, actor = self.ctx_and_actor(site, self.agent)
        knew = self.seen_by(site)
        before = self.snapshot(site)
        try:
            customers.edit_customer(ctx, actor, customer, {name: value}, verified_by="callback")  # type: ignore[arg-type]
        except VoxError:
            return
        (op,) = self.recorded(site, before)
        mine = [
            e for e in self.edits if e.site == site and (e.customer, e.field) == (customer, name)
        ]
        self.edits.append(Edit(site, customer, name, value, op, knew, mine))

    def add_email(self, site: str) -> None:
        customer = self.rng.choice(self.customers)
        ctx, actor = self.ctx_and_actor(site, self.agent)
        before = self.snapshot(site)
        address = f"{self.token(customer).lower()}@example.org"
        try:
            customers.edit_customer(
                ctx, actor, customer, {"emails.add": address}, verified_by="callback"
            )  # type: ignore[arg-type]
        except VoxError:
            return
        self.recorded(site, before)

    def remove_email(self, site: str) -> None:
        customer = self.rng.choice(self.customers)
        ctx, actor = self.ctx_and_actor(site, self.agent)
        with ctx.db.read() as session:  # type: ignore[attr-defined]
            on_file = sorted(
                session.execute(
                    select(m.Email.address).where(m.Email.customer_id == uuid.UUID(customer))
                ).scalars()
            )
        if not on_file:
            return
        before = self.snapshot(site)
        try:
            customers.edit_customer(  # type: ignore[arg-type]
                ctx,
                actor,
                customer,
                {"emails.remove": self.rng.choice(on_file)},
                verified_by="callback",
            )
        except VoxError:
            return
        self.recorded(site, before)

    def interaction(self, site: str) -> None:
        customer = self.rng.choice(self.customers)
        ctx, actor = self.ctx_and_actor(site, self.agent)
        before = self.snapshot(site)
        try:
            customers.record_interaction(ctx, actor, customer, "phone", self.token(customer))  # type: ignore[arg-type]
        except VoxError:
            return
        self.recorded(site, before)

    def consent(self, site: str) -> None:
        customer = self.rng.choice(self.customers)
        ctx, actor = self.ctx_and_actor(site, self.agent)
        before = self.snapshot(site)
        purpose = self.rng.choice(["newsletter", "product_updates", "third_party_disclosure"])
        try:
            consents.set_consent(
                ctx,  # type: ignore[arg-type]
                actor,  # type: ignore[arg-type]
                customer,
                purpose,
                self.rng.random() < 0.5,
                "phone",
                self.token(customer),
                verified_by="callback",
            )
        except VoxError:
            return
        self.recorded(site, before)

    def erase(self, site: str) -> None:
        """Open an erasure here, have a second supervisor approve it at head office (the only
        place an approval counts), and carry it out here."""
        customer = self.rng.choice([c for c in self.customers if c not in self.kept])
        before = self.snapshot(site)
        try:
            ctx, actor = self.ctx_and_actor(site, self.agent)
            opened = requests.open_request(ctx, actor, customer, "erasure", "in-person")  # type: ignore[arg-type]
            if site != "central":
                self.recorded(site, before)
                self.branches[site].sync()
            ctx, boss = self.ctx_and_actor("central", self.supervisor)
            requests.approve_erasure(ctx, boss, opened.reference)  # type: ignore[arg-type]
            if site != "central":
                self.branches[site].sync()
                before = self.snapshot(site)
            ctx, actor = self.ctx_and_actor(site, self.agent)
            requests.complete_erasure(ctx, actor, opened.reference)  # type: ignore[arg-type]
        except (VoxError, LinkDown):
            self.recorded(site, before)
            return
        self.recorded(site, before)
        self.erased.add(customer)

    def sync(self, site: str) -> None:
        point = self.rng.choice([None, None, *FAULT_POINTS])
        page = self.rng.choice([1, 2, 3, 1000])

        def fault(where: str) -> None:
            if where == point:
                if self.rng.random() < 0.1:
                    (self.restart or self.pg.restart)()  # a server goes away mid-sync
                else:
                    raise LinkDown(where)

        with contextlib.suppress(LinkDown, replica.Offline):
            self.branches[site].sync(fault=fault, page=page)

    def forge(self, site: str) -> None:
        if self.insider is not None:
            self.insider.act()

    def step(self) -> None:
        site = self.rng.choice(["central", "north", "south"])
        action = self.rng.choices(
            [
                "edit",
                "add_email",
                "remove_email",
                "interaction",
                "consent",
                "erase",
                "sync",
                "forge",
            ],
            weights=[8, 2, 2, 2, 2, 1, 6, 3 if self.insider is not None else 0],
        )[0]
        if action == "sync":
            site = self.rng.choice(["north", "south"])
        getattr(self, action)(site)

    def heal(self) -> None:
        for _round in range(4):
            for branch in self.branches.values():
                branch.sync()
        for branch in self.branches.values():
            assert replica.status(branch.db).waiting == 0
            assert replica.status(branch.db).cursor == self.log_position()


def _all_text(db: Database) -> str:
    """Every value of every table, as text (the encrypted file cannot be scanned raw)."""
    parts: list[str] = []
    with db.read() as session:
        for table in m.Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _check(world: World) -> None:
    central_db = world.central.ctx.db
    places = [central_db, *(b.db for b in world.branches.values())]
    assert_agree(*places, ciphers=world.ciphers)

    with central_db.read() as session:
        log = session.execute(
            select(m.ChangeLog.seq, m.ChangeLog.op_id, m.ChangeLog.outcome).order_by(
                m.ChangeLog.seq
            )
        ).all()
        conflicts = session.execute(select(m.SyncConflict)).scalars().all()
    assert [r.seq for r in log] == list(range(1, len(log) + 1)), "the log has gaps"
    outcome = {r.op_id: r.outcome for r in log}
    assert len(outcome) == len(log), "an operation is in the log twice"
    lost = [op for op in world.made if op not in outcome]
    assert lost == [], f"operations made at branches never reached the hub: {lost}"
    assert {outcome[op] for op in world.made} <= {"applied", "rejected_erased", "rejected"}

    seq_of = {r.op_id: r.seq for r in log}
    conflicted = {(c.op_id, c.row_id, c.field) for c in conflicts}
    missed = []
    for i, first in enumerate(world.edits):
        for second in world.edits[i + 1 :]:
            if (first.customer, first.field) != (second.customer, second.field):
                continue
            if first.site == second.site or first.customer in world.erased:
                continue
            if _knew(second, first, seq_of) or _knew(first, second, seq_of):
                continue
            ops = {first.op_id, second.op_id}
            if not any((op, first.customer, first.field) in conflicted for op in ops):
                missed.append((first, second))
    assert missed == [], f"concurrent edits without a conflict: {missed}"

    for customer in world.erased:
        typed = world.tokens.get(customer, [])
        for db in places:
            text = _all_text(db)
            left = [t for t in typed if t in text or t.lower() in text]
            assert left == [], f"{db.target.display} still holds {left} of erased {customer}"
    south = world.branches["south"].db
    south.purge_freed_pages()
    raw = raw_bytes(south)
    for customer in world.erased:
        left = [t for t in world.tokens.get(customer, []) if t.encode() in raw]
        assert left == [], f"the south file still holds {left}"


def _knew(later: Edit, earlier: Edit, seq_of: dict[uuid.UUID, int]) -> bool:
    """Had ``later``'s site seen ``earlier`` when it made ``later``?"""
    if earlier in later.earlier_here:
        return True
    seq = seq_of.get(earlier.op_id)
    return seq is not None and seq <= later.knew_until and later.site != earlier.site


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(SEEDS))
def test_random_work_partitions_and_faults_converge(
    seed: int,
    central: Desk,
    agent: Member,
    supervisor: Member,
    tmp_path: Path,
    pg_server: PostgresServer,
) -> None:
    rng = random.Random(seed)
    people = [
        central.customer(agent, f"Person{n} Base{seed}", email=f"p{n}.s{seed}@example.org")
        for n in range(4)
    ]
    branches = {
        "north": make_branch(central, tmp_path, "north", encrypted=True),
        "south": make_branch(central, tmp_path, "south"),
    }
    world = World(rng, central, branches, agent, supervisor, pg_server)
    world.customers = [p.id for p in people]
    try:
        for _ in range(STEPS):
            world.step()
        world.heal()
        _check(world)
    finally:
        for branch in branches.values():
            branch.db.dispose()


class ServerBranch(Branch):
    """A branch enrolled through the server: every sync goes over TLS, signed."""

    secrets: ProcessOnlySecrets

    def sync(self, **kwargs: object) -> replica.SyncReport:
        line = remote.RemoteSync(self.db, self.secrets)
        try:
            return replica.sync_once(self.db, line, **kwargs)  # type: ignore[arg-type]
        finally:
            line.close()


def _enrolled(desk: Desk, server: ServerProcess, tmp_path: Path, name: str, scheme: str) -> Branch:
    desk.step_up(desk.admin)
    token = branches.issue_enrolment(desk.ctx, desk.admin.actor, name).token
    secrets = ProcessOnlySecrets()
    db = open_database(parse_target(f"{scheme}:///{tmp_path}/{name}.db"), secrets, create=True)
    remote.setup(db, secrets, server.url, server.fingerprint, token, allow_unencrypted=True)
    branch = ServerBranch(name, Context(db, secrets, clock=desk.clock), server.db, desk.clock)
    branch.secrets = secrets
    return branch


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(SEEDS))
def test_random_work_converges_with_the_server_in_the_path(
    seed: int, remote_server: ServerProcess, tmp_path: Path
) -> None:
    """The same run with both branches enrolled through a real voxprivacy-server: the
    faults are a link dropping after the server answered or between reading and applying
    a page, and now and then the server process itself restarting.

    And an insider at north, the agent, writes north's file directly at random points
    (``PartitionInsider``): none of it is applied at head office, each forged operation is
    refused in the queue and in the audit trail with its reason, the changed address
    receives nothing, and the honest work around it converges all the same."""
    server = remote_server
    server.reset()
    clock = SharedClock(server.clock_file)
    central = Desk(Context(server.db, server.secrets, clock=clock), clock)
    agent = central.member(Role.AGENT, "agent")
    supervisor = central.member(Role.SUPERVISOR, "super")
    rng = random.Random(1000 + seed)
    people = [
        central.customer(agent, f"Person{n} Base{seed}", email=f"p{n}.s{seed}@example.org")
        for n in range(4)
    ]
    kept = central.customer(agent, f"Kept Always{seed}", email=f"kept.s{seed}@example.org")
    gone = central.customer(agent, f"Gone Before{seed}")
    _erase_at_head_office(central, agent, supervisor, str(gone.id))
    places = {
        "north": _enrolled(central, server, tmp_path, "north", "sqlite+pysqlcipher"),
        "south": _enrolled(central, server, tmp_path, "south", "sqlite"),
    }

    def restart() -> None:
        server.stop()
        server.start()

    world = World(rng, central, places, agent, supervisor, server.pg, restart=restart)
    world.ciphers = [central.ctx.keys().cipher, *(b.ctx.keys().cipher for b in places.values())]
    world.customers = [p.id for p in (*people, kept)]
    world.kept.add(str(kept.id))
    world.erased.add(str(gone.id))
    with server.db.read() as session:
        staff_before = _staff_rows(session)
    world.insider = PartitionInsider(world, "north", supervisor, str(gone.id))
    try:
        for _ in range(STEPS):
            world.step()
        world.insider.finish()
        world.heal()
        _check(world)
        world.insider.check(staff_before)
        with server.db.read() as session:
            origins = set(session.execute(select(m.ChangeLog.origin)).scalars())
        assert origins <= {"central", "north", "south"}
    finally:
        for branch in places.values():
            branch.db.dispose()
        if server.process is None:
            server.start()


def _erase_at_head_office(central: Desk, agent: Member, supervisor: Member, cid: str) -> None:
    central.step_up(agent)
    opened = requests.open_request(central.ctx, agent.actor, cid, "erasure", "in-person")
    central.step_up(supervisor)
    requests.approve_erasure(central.ctx, supervisor.actor, opened.reference)
    central.step_up(agent)
    requests.complete_erasure(central.ctx, agent.actor, opened.reference)


# ----------------------------------------------------------------------------- the insider


@dataclass
class Forgery:
    """One thing the insider wrote into the branch's file, and what head office must say."""

    what: str
    op_id: uuid.UUID
    reason: str  # a part of the reason head office gives
    customer: str | None = None  # the customer it touches
    named: uuid.UUID | None = None  # the member it claims; None: the insider, who signed it
    typed: str | None = None  # the value it carries, which head office must never hold


class PartitionInsider:
    """The agent at north, holding the replica file, the workstation's keyring and their own
    password, writes the file directly at random points of the run (``act``): operations
    in the supervisor's name (unsigned, signed with the insider's own key, signed with a
    key nobody registered), a role change and a password change, an erasure without a
    request, an un-erasure, a row of a table that is not synchronised, and a changed head
    office address. ``finish`` does what the run did not reach."""

    KINDS = (
        "unsigned",
        "own key",
        "stranger's key",
        "role",
        "password",
        "erasure",
        "un-erasure",
        "unknown table",
        "address",
    )

    def __init__(self, world: World, site: str, colleague: Member, gone: str) -> None:
        self.world = world
        self.site = site
        self.colleague = colleague
        self.gone = gone  # a customer erased at head office before the run
        self.file = Insider(world.branches[site], world.agent)
        self.todo = list(self.KINDS)
        world.rng.shuffle(self.todo)
        self.forged: list[Forgery] = []
        self.refusals: list[str] = []  # what the sync said when the address was changed
        self.decoy_connections = 0
        self.sessions: list[uuid.UUID] = []  # the sessions it tried to add at head office

    def act(self) -> None:
        if self.todo:
            self.do(self.todo.pop())

    def finish(self) -> None:
        while self.todo:
            self.do(self.todo.pop())

    def do(self, kind: str) -> None:
        world, me = self.world, self.world.agent
        cid = world.rng.choice(sorted(world.kept))
        named = self.colleague.actor.staff_id

        def rename() -> tuple[list[wire.Change], str]:
            value = world.token(cid)
            field_name = world.rng.choice(FIELDS)
            return [RowChange("customers", cid, Action.UPDATE, {field_name: value}, cid, {})], value

        if kind in ("unsigned", "own key", "stranger's key"):
            changes, value = rename()
            keys: dict[str, bool | Ed25519PrivateKey] = {
                "unsigned": False,
                "own key": True,
                "stranger's key": Ed25519PrivateKey.generate(),
            }
            key = keys[kind]
            reason = "it carries no signature of" if kind == "unsigned" else "its signature is not"
            op = self.file.queue(changes, name=named, sign=key)
            self.forged.append(Forgery(kind, op, reason, cid, named, value))
        elif kind == "role":
            change = RowChange("staff", str(me.actor.staff_id), Action.UPDATE, {"role": "admin"})
            op = self.file.queue([change])
            self.forged.append(Forgery(kind, op, "staff.role may not come from a branch"))
        elif kind == "password":
            wanted = passwords.hash_password("the insider chose this one")
            change = RowChange(
                "staff", str(named), Action.UPDATE, {"password_hash": wanted}, base={}
            )
            op = self.file.queue([change])
            self.forged.append(Forgery(kind, op, "staff.password_hash may not come from a branch"))
        elif kind == "erasure":
            op = self.file.queue([Erasure(cid, datetime.now(UTC), str(uuid7()))])
            reason = "an erasure without an erasure request known at head office"
            self.forged.append(Forgery(kind, op, reason, cid))
        elif kind == "un-erasure":
            gone = world.rng.choice(sorted(world.erased))
            value = world.token(gone)
            back = {"status": "active", "name": value}
            op = self.file.queue([RowChange("customers", gone, Action.UPDATE, back, gone, {})])
            self.forged.append(Forgery(kind, op, "erased at head office", gone, None, value))
        elif kind == "unknown table":
            session = uuid7()
            self.sessions.append(session)
            row = {"id": str(session), "staff_id": str(named), "token_hash": "00" * 32}
            payload = json.dumps([{"t": "staff_sessions", "id": str(session), "a": "i", "v": row}])
            op = self.file.queue(payload)
            self.forged.append(Forgery(kind, op, "unknown table 'staff_sessions'"))
        else:
            self.change_address()

    def change_address(self) -> None:
        """Point the replica at another server: nothing may reach it. The insider then puts
        the enrolled address back (as IT would, enrolling again), so the run goes on."""
        branch = self.world.branches[self.site]
        ((url, fingerprint),) = self.file.query(
            "SELECT central, central_fingerprint FROM sync_state"
        )
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as decoy:
            decoy.bind(("127.0.0.1", 0))
            decoy.listen(8)
            decoy.setblocking(False)
            port = decoy.getsockname()[1]
            self.file.execute(
                "UPDATE sync_state SET central = ?, central_fingerprint = ?",
                f"https://127.0.0.1:{port}",
                hashlib.sha256(b"the insider's own server").hexdigest(),
            )
            waiting = self.world.outbox(self.site)
            with pytest.raises(SyncRefused) as refused:
                branch.sync()
            self.refusals.append(refused.value.message)
            assert self.world.outbox(self.site) == waiting, "the refused sync moved the outbox"
            with contextlib.suppress(BlockingIOError):
                while True:
                    decoy.accept()[0].close()
                    self.decoy_connections += 1
        self.file.execute(
            "UPDATE sync_state SET central = ?, central_fingerprint = ?", url, fingerprint
        )

    def check(self, before: dict[str, tuple[object, ...]]) -> None:
        """After the network healed: nothing forged is applied at head office, each forged
        operation is refused in the log, in the queue with its reason and in head office's
        audit trail under the branch, and the changed address received nothing."""
        world = self.world
        central = world.central.ctx.db
        assert sorted(f.what for f in self.forged) == sorted(set(self.KINDS) - {"address"})
        assert self.decoy_connections == 0, "the changed address received a connection"
        assert len(self.refusals) == 1
        assert "is not the one this branch was enrolled with" in self.refusals[0]
        assert "nothing was sent or received" in self.refusals[0]

        ops = [f.op_id for f in self.forged]
        with central.read() as session:
            outcomes = dict(
                session.execute(
                    select(m.ChangeLog.op_id, m.ChangeLog.outcome).where(m.ChangeLog.op_id.in_(ops))
                ).all()
            )
            queue = dict(
                session.execute(
                    select(m.SyncConflict.op_id, m.SyncConflict.central_value).where(
                        m.SyncConflict.kind == "rejected", m.SyncConflict.op_id.in_(ops)
                    )
                ).all()
            )
            events = {
                e.entity_id: e
                for e in session.execute(
                    select(m.AuditEvent).where(m.AuditEvent.entity_id.in_([str(o) for o in ops]))
                ).scalars()
            }
            session.expunge_all()
            staff_now = _staff_rows(session)
            held = session.execute(select(m.Customer.id, m.Customer.name, m.Customer.note)).all()
            statuses = dict(session.execute(select(m.Customer.id, m.Customer.status)).all())
            sessions = session.execute(
                select(m.StaffSession.id).where(m.StaffSession.id.in_(self.sessions))
            ).all()
        assert staff_now == before, "a forged operation changed a member at head office"
        assert sessions == [], "a session was added at head office"
        values = {str(v) for r in held for v in (r.name, r.note)}
        for f in self.forged:
            erased = f.customer in world.erased
            outcome = outcomes.get(f.op_id)
            assert outcome is not None, f"{f.what}: not in head office's log"
            event = events.get(str(f.op_id))
            assert event is not None, f"{f.what}: not in head office's audit trail"
            assert (event.action, event.outcome) == ("sync.rejected", "refused"), f.what
            assert f"from branch {self.site}" in (event.detail or ""), (f.what, event.detail)
            assert f.reason in (event.detail or ""), (f.what, event.detail)
            if erased:  # the un-erasure: nothing of it kept, so no queue entry either
                assert outcome == hub.REJECTED_ERASED, (f.what, outcome)
            else:
                assert outcome == hub.REJECTED, (f.what, outcome)
                assert f.op_id in queue, f"{f.what}: not in the queue"
                stored = json.loads(queue[f.op_id] or "{}")  # in every language: its English
                assert f.reason in stored.get("en", ""), (f.what, queue[f.op_id])
            if f.named is None:
                assert (event.username, event.role) == (world.agent.username, "agent"), f.what
            else:  # in the colleague's name: under nobody, the claimed member in the detail
                assert event.username is None, (f.what, event.username)
                assert str(f.named) in (event.detail or ""), (f.what, event.detail)
            if f.typed is not None:
                assert f.typed not in values, f"{f.what}: its value is in a customer's record"
            if f.what == "erasure":
                assert statuses[uuid.UUID(f.customer or "")] == "active", f.what
        assert statuses[uuid.UUID(self.gone)] == "erased", "the erased customer came back"


def _staff_rows(session: Any) -> dict[str, tuple[object, ...]]:
    """What a forged staff change would move: each member's role, password and activity."""
    rows = session.execute(
        select(m.Staff.username, m.Staff.role, m.Staff.password_hash, m.Staff.active)
    ).all()
    return {r.username: (r.role, r.password_hash, r.active) for r in rows}
