"""Branches through a real voxprivacy-server: enrolment, signed requests, revocation,
the pinned address, and values a branch holds under its own key."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import sqlite3
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from support.desk import Desk, Member
from support.server import ServerProcess, SharedClock, self_signed

from voxprivacy.client import branch as remote
from voxprivacy.client.remote import show_fingerprint
from voxprivacy.domain.enums import Role
from voxprivacy.errors import AuthenticationFailed, Refused
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, branches, customers
from voxprivacy.services.context import Actor, Context, master_key_name
from voxprivacy.storage import models as m
from voxprivacy.storage import schema
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.sync import replica
from voxprivacy.sync import transport as tr


class Place:
    """A branch enrolled through the server: its plain replica file and its own keyring."""

    def __init__(self, name: str, db: Database, secrets: ProcessOnlySecrets, clock: SharedClock):
        self.name = name
        self.db = db
        self.secrets = secrets
        self.ctx = Context(db, secrets, clock=clock)
        self.clock = clock

    def sign_in(self, member: Member) -> Actor:
        actor = auth.sign_in(self.ctx, member.username, member.password)
        self.clock.advance(seconds=30)
        auth.step_up(self.ctx, actor, pyotp.TOTP(member.secret).at(self.clock.now))
        return actor

    def sync(self) -> replica.SyncReport:
        return remote.sync(self.db, self.secrets)

    @property
    def path(self) -> Path:
        assert self.db.target.path is not None
        return self.db.target.path


def _token(desk: Desk, name: str, hours: float = 24.0) -> str:
    desk.step_up(desk.admin)
    return branches.issue_enrolment(desk.ctx, desk.admin.actor, name, lifetime_hours=hours).token


def _empty(tmp_path: Path, label: str) -> tuple[Database, ProcessOnlySecrets]:
    secrets = ProcessOnlySecrets()
    db = open_database(parse_target(f"sqlite:///{tmp_path}/{label}.db"), secrets, create=True)
    return db, secrets


def _enrol(desk: Desk, server: ServerProcess, tmp_path: Path, name: str) -> Place:
    db, secrets = _empty(tmp_path, name)
    remote.setup(
        db, secrets, server.url, server.fingerprint, _token(desk, name), allow_unencrypted=True
    )
    assert isinstance(desk.clock, SharedClock)
    return Place(name, db, secrets, desk.clock)


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


def test_a_branch_enrols_copies_and_syncs_without_the_central_keys(
    desk: Desk, agent: Member, server: ServerProcess, hub: Context, tmp_path: Path
) -> None:
    view = desk.customer(agent, "Grace Hopper")
    desk.card_and_invoice(str(view.id), "tok_live_4242", "INV-1")
    north = _enrol(desk, server, tmp_path, "north")
    # the branch holds neither the central master key nor any database password
    assert north.secrets.get(master_key_name(server.installation_id)) is None
    own = north.ctx.keys().installation_id
    assert own != server.installation_id
    assert sorted(north.secrets._values) == sorted(  # everything the branch's keyring holds
        [master_key_name(own), remote.branch_key_name(own)]
    )
    # its staff sign in with their own codes there: the secret came under the branch's key
    actor = north.sign_in(agent)
    assert customers.show_customer(north.ctx, actor, view.id).name == "Grace Hopper"
    with north.db.read() as session:
        card = session.execute(select(m.PaymentCard)).scalar_one()
    assert north.ctx.keys().cipher.decrypt(card.token, "payment_cards", "token", card.id) == (
        "tok_live_4242"
    )
    customers.edit_customer(
        north.ctx, actor, view.id, {"name": "Grace B. Hopper"}, verified_by="callback"
    )
    report = north.sync()
    assert report.applied >= 1 and report.rejected == 0
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Grace B. Hopper"
    with hub.db.read() as session:
        origins = set(session.execute(select(m.ChangeLog.origin)).scalars())
    assert "north" in origins  # the name the server authenticated
    desk.step_up(agent)
    customers.edit_customer(
        desk.ctx, agent.actor, view.id, {"name": "Admiral Hopper"}, verified_by="callback"
    )
    north.sync()
    seen = customers.show_customer(north.ctx, north.sign_in(agent), view.id)
    assert seen.name == "Admiral Hopper"


def test_an_enrolment_token_works_once_and_only_as_issued(
    desk: Desk, server: ServerProcess, tmp_path: Path, clock: SharedClock
) -> None:
    token = _token(desk, "east")
    db, secrets = _empty(tmp_path, "east")
    name, _ = remote.setup(
        db, secrets, server.url, server.fingerprint, token, allow_unencrypted=True
    )
    assert name == "east"
    again, again_secrets = _empty(tmp_path, "east-again")
    with pytest.raises(AuthenticationFailed, match="already used"):
        remote.enrol(
            again, again_secrets, server.url, server.fingerprint, token, allow_unencrypted=True
        )
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(AuthenticationFailed, match="not one head office issued"):
        remote.enrol(
            again, again_secrets, server.url, server.fingerprint, altered, allow_unencrypted=True
        )
    late = _token(desk, "west", hours=1)
    clock.advance(hours=2)
    with pytest.raises(AuthenticationFailed, match="expired"):
        remote.enrol(
            again, again_secrets, server.url, server.fingerprint, late, allow_unencrypted=True
        )
    # nothing of a refused enrolment was kept on the branch, and head office knows one branch
    assert not schema.has_schema(again) and not again_secrets._values
    desk.step_up(desk.admin)
    assert [b.name for b in branches.list_branches(desk.ctx, desk.admin.actor)] == ["east"]


def test_enrolling_and_revoking_need_an_admin_with_a_fresh_code(
    desk: Desk, agent: Member, clock: SharedClock
) -> None:
    with pytest.raises(Refused):
        branches.issue_enrolment(desk.ctx, agent.actor, "north")
    desk.step_up(desk.admin)
    clock.advance(minutes=3)  # the step-up is still valid, but not fresh
    with pytest.raises(Refused, match="fresh code"):
        branches.issue_enrolment(desk.ctx, desk.admin.actor, "north")


def test_a_revoked_branch_is_refused_and_keeps_its_queued_changes(
    desk: Desk, agent: Member, server: ServerProcess, hub: Context, tmp_path: Path
) -> None:
    view = desk.customer(agent, "Alan Turing")
    north = _enrol(desk, server, tmp_path, "north")
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "A. M. Turing"}, verified_by="callback"
    )
    waiting = replica.status(north.db).waiting
    assert waiting >= 1
    desk.step_up(desk.admin)
    revoked = branches.revoke_branch(desk.ctx, desk.admin.actor, "north")
    assert not revoked.active
    with pytest.raises(Refused, match=r"'north' was revoked .* queued changes are kept"):
        north.sync()
    state = replica.status(north.db)
    assert state.waiting == waiting and "was revoked" in (state.last_error or "")
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Alan Turing"


def _signed(place: Place, path: str, body: bytes) -> dict[str, str]:
    line = remote.RemoteSync(place.db, place.secrets).line
    try:
        return line.headers(path, body)
    finally:
        line.close()


def test_a_request_signed_by_an_unknown_key_or_sent_twice_is_refused(
    desk: Desk, server: ServerProcess, raw: httpx.Client, tmp_path: Path
) -> None:
    north = _enrol(desk, server, tmp_path, "north")
    path = f"{remote.SYNC}/pull"
    body = json.dumps({"revision": "x", "cursor": 0, "limit": 10}).encode()
    headers = _signed(north, path, body)
    first = raw.post(path, content=body, headers=headers)
    assert first.status_code == 403  # signed correctly: refused for its schema revision only
    replayed = raw.post(path, content=body, headers=headers)
    assert replayed.status_code == 401
    assert "sent before" in replayed.json()["error"]["message"]
    # the same headers over another body: the signature does not match
    other = json.dumps({"revision": "x", "cursor": 5, "limit": 10}).encode()
    tampered = raw.post(path, content=other, headers=_signed(north, path, body))
    assert tampered.status_code == 401
    assert "no enrolled branch 'north' with this key" in tampered.json()["error"]["message"]
    # a key head office never saw, under an enrolled branch's name
    stranger = Ed25519PrivateKey.generate()
    headers = _signed(north, path, body)
    message = tr.request_message(
        "POST", path, "north", headers[tr.TIME_HEADER], headers[tr.NONCE_HEADER], body
    )
    headers[tr.SIGNATURE_HEADER] = base64.b64encode(stranger.sign(message)).decode()
    refused = raw.post(path, content=body, headers=headers)
    assert refused.status_code == 401
    unsigned = raw.post(path, content=body)
    assert unsigned.status_code == 401 and "signed by an enrolled branch" in unsigned.text
    # a revoked branch's correctly signed request
    desk.step_up(desk.admin)
    branches.revoke_branch(desk.ctx, desk.admin.actor, "north")
    gone = raw.post(path, content=body, headers=_signed(north, path, body))
    assert gone.status_code == 403 and "was revoked" in gone.json()["error"]["message"]


def test_a_changed_address_in_the_replica_makes_sync_refuse(
    desk: Desk, agent: Member, server: ServerProcess, hub: Context, tmp_path: Path
) -> None:
    view = desk.customer(agent, "Ada Lovelace")
    north = _enrol(desk, server, tmp_path, "north")
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "Ada King"}, verified_by="callback"
    )
    north.db.dispose()
    for column, value in (
        ("central", "https://127.0.0.1:1"),
        ("central_fingerprint", "00" * 32),
    ):
        with sqlite3.connect(north.path) as conn:  # what an insider with the file does
            before = conn.execute(f"SELECT {column} FROM sync_state").fetchone()[0]
            conn.execute(f"UPDATE sync_state SET {column} = ?", (value,))
        with pytest.raises(replica.SyncRefused, match="not the one this branch was enrolled"):
            north.sync()
        with sqlite3.connect(north.path) as conn:
            conn.execute(f"UPDATE sync_state SET {column} = ?", (before,))
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Ada Lovelace"
    assert north.sync().applied >= 1
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Ada King"


def test_an_idle_sync_moves_nothing_and_the_log_origin_is_never_claimed(
    desk: Desk, server: ServerProcess, hub: Context, tmp_path: Path
) -> None:
    north = _enrol(desk, server, tmp_path, "north")
    report = north.sync()
    assert not report.moved
    with hub.db.read() as session:
        assert session.execute(select(func.count()).select_from(m.BranchNonce)).scalar_one() >= 2


class Relay:
    """An address in front of the server, as a network path is: it passes connections
    through, or (``intercepting``) answers them itself with another certificate, as an
    interceptor would, and keeps every byte it is sent."""

    def __init__(self, upstream: int, folder: Path) -> None:
        cert, pem, self.fingerprint = self_signed(folder)
        key = folder / "server.key"
        key.write_bytes(pem)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.upstream = upstream
        self.intercepting = False
        self.handshakes = 0
        self.received = bytearray()
        self.done = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            work = self._intercept if self.intercepting else self._pass
            threading.Thread(target=work, args=(conn,), daemon=True).start()

    def _intercept(self, conn: socket.socket) -> None:
        try:
            with self.tls.wrap_socket(conn, server_side=True) as tls:
                self.handshakes += 1
                tls.settimeout(10)
                while data := tls.recv(65536):
                    self.received += data
        except (OSError, ssl.SSLError):
            pass
        finally:
            self.done.set()

    def _pass(self, conn: socket.socket) -> None:
        far = socket.create_connection(("127.0.0.1", self.upstream))

        def pump(a: socket.socket, b: socket.socket) -> None:
            try:
                while data := a.recv(65536):
                    b.sendall(data)
            except OSError:
                pass
            finally:
                for s in (a, b):
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)

        threading.Thread(target=pump, args=(far, conn), daemon=True).start()
        pump(conn, far)

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def relay(server: ServerProcess, tmp_path: Path) -> Iterator[Relay]:
    folder = tmp_path / "interceptor"
    folder.mkdir()
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    line = Relay(port, folder)
    yield line
    line.close()


def test_another_certificate_at_the_pinned_address_gets_nothing_of_the_push(
    desk: Desk, agent: Member, server: ServerProcess, hub: Context, tmp_path: Path, relay: Relay
) -> None:
    view = desk.customer(agent, "Ada Lovelace")
    db, secrets = _empty(tmp_path, "north")
    remote.setup(
        db, secrets, relay.url, server.fingerprint, _token(desk, "north"), allow_unencrypted=True
    )
    assert isinstance(desk.clock, SharedClock)
    north = Place("north", db, secrets, desk.clock)
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "Ada King"}, verified_by="callback"
    )
    queued = replica.status(north.db).waiting
    assert queued >= 1
    relay.intercepting = True  # the same address now answers with another certificate
    with pytest.raises(tr.Offline) as refused:
        north.sync()
    message = refused.value.message
    assert "presented a certificate with the fingerprint" in message
    assert show_fingerprint(relay.fingerprint) in message
    assert show_fingerprint(server.fingerprint) in message
    assert relay.done.wait(10)
    # the connection that would have carried the push was opened and its handshake
    # done, and not one byte of the request was written on it
    assert relay.handshakes == 1
    assert bytes(relay.received) == b""
    assert replica.status(north.db).waiting == queued
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Ada Lovelace"
    relay.intercepting = False  # the real server again: the kept change goes through
    assert north.sync().applied == queued
    assert replica.status(north.db).waiting == 0
    assert customers.show_customer(hub, desk.admin.actor, view.id).name == "Ada King"
