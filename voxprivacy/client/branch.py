"""A branch office's line to head office through voxprivacy-server.

Enrolment (``enrol``): the branch makes its own identity — an installation id, a
master key, an Ed25519 key pair — keeps the private parts in its keyring, and sends
the server the one-time token, its public key and its field key (derived from its
own master key). The server's certificate fingerprint is pinned then, and the
address, the pin and the central installation are kept in ``sync_state`` with a
seal (an HMAC under a key derived from the branch's master key): an address
changed in the file makes every later sync refuse, and nothing is ever sent to
another address or certificate than the enrolled ones.

``RemoteSync`` is the ``Transport`` of such a branch: every request is signed over
the request, the time and a nonce; the initial copy arrives as a stream of chunks
and is written in one local transaction with the log position it was taken at.
The branch holds no central database password and no central master key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import delete, insert, select, update

from voxprivacy.api.wire_errors import rebuild
from voxprivacy.client.pinned_tls import fingerprint_of
from voxprivacy.client.remote import (
    API,
    RemoteTransport,
    check_server_url,
    normalise_fingerprint,
    show_fingerprint,
)
from voxprivacy.errors import DatabaseUnavailable, KeyringUnavailable
from voxprivacy.i18n import _
from voxprivacy.security.crypto import derive, new_master_key
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services.context import master_key_name
from voxprivacy.storage import changes as ch
from voxprivacy.storage import models as m
from voxprivacy.storage import schema, wire
from voxprivacy.storage.database import Database
from voxprivacy.sync import hub, replica
from voxprivacy.sync import transport as tr

SYNC = f"{API}/sync"
COPY_TIMEOUT = 600.0
NOT_SET_UP = "Nothing was set up here; run the same command again when the server answers."
NOT_COPIED = -1  # sync_state.cursor of a branch enrolled whose initial copy has not arrived


def branch_key_name(installation_id: str) -> str:
    """The keyring entry of a branch's Ed25519 private key."""
    return f"voxprivacy-branch-key:{installation_id}"


def _seal(master: str, url: str, fingerprint: str, central: str, branch: str) -> str:
    key = derive(master, "server-pin")
    text = "\n".join((url, fingerprint, central, branch)).encode("utf-8", "surrogateescape")
    return hmac.new(key, text, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Pin:
    url: str
    fingerprint: str


def pin_of(url: str, fingerprint: str | None) -> Pin:
    """The address and the certificate a branch enrols with: the fingerprint given, or that
    of the certificate the system's trust store accepts now."""
    base = check_server_url(url)
    if fingerprint:
        return Pin(base, normalise_fingerprint(fingerprint))
    probe = RemoteTransport(base)
    try:
        # verified against the system's trust store; the pin is the certificate of this
        # very connection, not of another one opened to read it
        try:
            response = probe.client().get(f"{API}/health")
        except httpx.TransportError as exc:
            raise probe._unreachable(exc.__cause__ or exc) from None
        stream = response.extensions.get("network_stream")
        tls = stream.get_extra_info("ssl_object") if stream is not None else None
        der = tls.getpeercert(binary_form=True) if tls is not None else None
    finally:
        probe.close()
    if not der:
        parts = urlsplit(base)
        raise DatabaseUnavailable(
            _("The server at {host}:{port} sent no certificate.").format(
                host=parts.hostname, port=parts.port or 443
            )
        )
    return Pin(base, fingerprint_of(der))


# ----------------------------------------------------------------------------- requests


class _Line:
    """Signed HTTPS requests to one pinned server."""

    def __init__(self, pin: Pin, branch: str, key: Ed25519PrivateKey | None) -> None:
        self.pin = pin
        self.branch = branch
        self.key = key
        self.http = RemoteTransport(pin.url, fingerprint=pin.fingerprint, timeout=COPY_TIMEOUT)

    def close(self) -> None:
        self.http.close()

    def headers(self, path: str, body: bytes) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.key is None:
            return headers
        at = datetime.now(UTC).isoformat()
        nonce = uuid.uuid4().hex
        message = tr.request_message("POST", path, self.branch, at, nonce, body)
        signature = base64.b64encode(self.key.sign(message)).decode("ascii")
        headers.update(
            {
                tr.BRANCH_HEADER: self.branch,
                tr.TIME_HEADER: at,
                tr.NONCE_HEADER: nonce,
                tr.SIGNATURE_HEADER: signature,
            }
        )
        return headers

    def post(self, endpoint: str, body: bytes) -> bytes:
        path = f"{SYNC}/{endpoint}"
        with self._errors():
            response = self.http.client().post(path, content=body, headers=self.headers(path, body))
        self._check(response)
        return response.content

    @contextmanager
    def stream(self, endpoint: str, body: bytes) -> Iterator[Iterator[bytes]]:
        path = f"{SYNC}/{endpoint}"
        with (
            self._errors(),
            self.http.client().stream(
                "POST", path, content=body, headers=self.headers(path, body)
            ) as response,
        ):
            if response.status_code >= 400:
                response.read()
                self._check(response)
            yield response.iter_lines()  # type: ignore[misc]

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException:
            raise DatabaseUnavailable(
                _("The head office server at {url} did not answer in time.").format(
                    url=self.pin.url
                )
            ) from None
        except httpx.TransportError as exc:
            cause = exc.__cause__ or exc.__context__ or exc
            raise self.http._unreachable(cause if isinstance(cause, Exception) else exc) from None

    def _check(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        try:
            data = response.json()
        except ValueError:
            data = None
        raise rebuild(data, response.status_code)


# ----------------------------------------------------------------------------- enrolment


def enrol(
    local: Database,
    secrets: SecretStore,
    url: str,
    fingerprint: str | None,
    token: str,
    *,
    allow_unencrypted: bool = False,
) -> str:
    """Enrol an empty local database as a branch; returns the branch's name.

    The initial copy follows with ``RemoteSync.copy`` (``setup`` does both).
    """
    if not allow_unencrypted:
        replica.refuse_unencrypted(local)
    if not replica.is_empty(local):
        raise tr.SyncRefused(
            _("{database} already holds data; a branch is set up on a new, empty database.").format(
                database=local.target.display
            )
        )
    secrets.ensure_usable()
    with _offline(NOT_SET_UP):
        pin = pin_of(url, fingerprint)
    own = str(uuid.uuid4())
    master = new_master_key()
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    line = _Line(pin, "", None)
    try:
        body = json.dumps(
            {
                "token": token.strip(),
                "public_key": base64.b64encode(public).decode("ascii"),
                "field_key": base64.b64encode(derive(master, "field-encryption")).decode(),
            }
        ).encode()
        with _offline(NOT_SET_UP):
            answer = json.loads(line.post("enrol", body))
    finally:
        line.close()
    branch = str(answer["branch"])
    central = str(answer["installation_id"])
    if answer.get("revision") != schema.head_revision():
        raise tr.SyncRefused(tr.schema_mismatch(answer.get("revision")))
    secrets.put(master_key_name(own), master)
    private = key.private_bytes_raw()
    secrets.put(branch_key_name(own), base64.b64encode(private).decode("ascii"))
    schema.upgrade(local)
    now = datetime.now(UTC)
    with local.write() as session:
        session.info[ch.APPLYING] = True
        conn = session.connection()
        conn.execute(delete(m.table_of(m.Installation)))
        conn.execute(
            insert(m.table_of(m.Installation)).values(
                id=1, installation_id=own, created_at=now, branch=branch
            )
        )
        conn.execute(
            update(m.table_of(m.SyncState))
            .where(m.table_of(m.SyncState).c.id == 1)
            .values(
                role="replica",
                central=pin.url,
                central_fingerprint=pin.fingerprint,
                central_installation=central,
                central_seal=_seal(master, pin.url, pin.fingerprint, central, branch),
                cursor=NOT_COPIED,
                last_attempt_at=now,
                last_error=None,
            )
        )
    local.forget_sync_role()
    return branch


# ----------------------------------------------------------------------------- the transport


class RemoteSync:
    """``Transport`` of a branch enrolled through the server (see the module's text)."""

    def __init__(self, local: Database, secrets: SecretStore) -> None:
        with local.read() as session:
            state = session.get(m.SyncState, 1)
            inst = session.execute(select(m.Installation)).scalar_one_or_none()
        if state is None or inst is None or not state.central_fingerprint:
            raise tr.SyncRefused(
                _(
                    "{database} was not enrolled through the head office server; "
                    "set a branch up with 'voxprivacy-admin sync --server URL --enrol TOKEN' on "
                    "a new, empty database."
                ).format(database=local.target.display)
            )
        master = secrets.get(master_key_name(inst.installation_id))
        private = secrets.get(branch_key_name(inst.installation_id))
        if master is None or private is None:
            raise KeyringUnavailable(
                _(
                    "This branch's keyring has lost its keys (its own master key or its signing "
                    "key); nothing was sent. The branch must be enrolled again on a new "
                    "database; its queued changes are kept in this one for an admin."
                )
            )
        url = state.central or ""
        fingerprint = state.central_fingerprint
        central = state.central_installation or ""
        expected = _seal(master, url, fingerprint, central, inst.branch)
        self.sealed = hmac.compare_digest(expected, state.central_seal or "")
        self.display = url
        self.pin = Pin(url, fingerprint)
        self.branch = inst.branch
        self.installation = central
        try:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private))
        except ValueError:
            raise KeyringUnavailable(
                _("This branch's signing key in the keyring is damaged; enrol the branch again.")
            ) from None
        self._line: _Line | None = None
        self._key = key

    @property
    def line(self) -> _Line:
        if self._line is None:
            if not self.sealed:
                raise self._tampered()
            self._line = _Line(self.pin, self.branch, self._key)
        return self._line

    def _tampered(self) -> tr.SyncRefused:
        return tr.SyncRefused(
            _(
                "The head office address recorded in this branch's database ({url}, "
                "certificate {fingerprint}) is not the one this branch was enrolled with; "
                "nothing was sent or received. Someone changed the branch's file: the "
                "branch keeps its changes; ask IT to enrol it again."
            ).format(url=self.pin.url, fingerprint=show_fingerprint(self.pin.fingerprint))
        )

    def errors(self, carry_on: str) -> AbstractContextManager[None]:
        return _offline(carry_on)

    def check(self, local: Database) -> None:
        if not self.sealed:
            raise self._tampered()
        if schema.current_revision(local) != schema.head_revision():
            raise tr.SyncRefused(
                _(
                    "This branch's database has an older schema; run 'voxprivacy-admin init' on "
                    "it first. Its changes are kept until then."
                )
            )

    def push(self, ops: list[hub.IncomingOp], fault: tr.Fault | None) -> list[hub.Outcome]:
        body = tr.PUSH.dump_json(tr.PushRequest(schema.head_revision(), ops))
        return tr.PUSHED.validate_json(self.line.post("push", body)).outcomes

    def pull(self, cursor: int, limit: int) -> list[hub.LogEntry]:
        body = tr.PULL.dump_json(tr.PullRequest(schema.head_revision(), cursor, limit))
        return tr.PULLED.validate_json(self.line.post("pull", body)).entries

    def copy(self, local: Database) -> dict[str, int]:
        """Fetch the initial copy and write it in one local transaction with its cursor."""
        body = json.dumps({"revision": schema.head_revision()}).encode()
        tables = {t.name: t for t in _copied_tables()}
        counts: dict[str, int] = {}
        with self.line.stream("copy", body) as lines, local.write() as session:
            session.info[ch.APPLYING] = True
            conn = session.connection()
            header: dict[str, Any] | None = None
            finished = False
            for raw in lines:
                if not raw.strip():
                    continue
                item = json.loads(raw)
                if header is None:
                    header = item
                    if str(item.get("installation_id")) != self.installation:
                        raise tr.SyncRefused(
                            _(
                                "The server at {url} now serves another central "
                                "database than the one this branch enrolled with; nothing was "
                                "copied."
                            ).format(url=self.pin.url)
                        )
                    continue
                if item.get("end"):
                    finished = True
                    break
                table = tables[item["table"]]
                rows = [
                    {c: wire.decode_value(table.c[c], v) for c, v in row.items()}
                    for row in item["rows"]
                ]
                if rows:
                    conn.execute(insert(table), rows)
                counts[table.name] = counts.get(table.name, 0) + len(rows)
            if header is None or not finished:
                raise DatabaseUnavailable(
                    _(
                        "The initial copy from {url} stopped before its end; nothing of "
                        "it was kept."
                    ).format(url=self.pin.url)
                )
            conn.execute(
                update(m.table_of(m.SyncState))
                .where(m.table_of(m.SyncState).c.id == 1)
                .values(cursor=int(header["cursor"]), last_success_at=datetime.now(UTC))
            )
        return counts

    def close(self) -> None:
        if self._line is not None:
            self._line.close()
            self._line = None


def _copied_tables() -> list[Any]:
    return [*(spec.table for spec in wire.SYNCED.values()), m.table_of(m.CustomerSearchTerm)]


@contextmanager
def _offline(carry_on: str) -> Iterator[None]:
    try:
        yield
    except DatabaseUnavailable as exc:
        raise tr.Offline(
            _("{message} {carry_on}").format(message=exc.message, carry_on=_(carry_on))
        ) from None


def needs_copy(local: Database) -> bool:
    return replica.status(local).cursor == NOT_COPIED


def first_copy(local: Database, secrets: SecretStore) -> replica.SyncReport:
    """The initial copy of a branch just enrolled."""
    line = RemoteSync(local, secrets)
    report = replica.SyncReport(line.display, cloned=True)
    try:
        line.check(local)
        with line.errors("The branch is enrolled; run 'voxprivacy-admin sync' to fetch its copy."):
            report.copied = line.copy(local)
    finally:
        line.close()
    report.cursor = replica.status(local).cursor
    return report


def setup(
    local: Database,
    secrets: SecretStore,
    url: str,
    fingerprint: str | None,
    token: str,
    *,
    allow_unencrypted: bool = False,
) -> tuple[str, replica.SyncReport]:
    """Enrol and copy: a new branch (its name and what was copied), ready to sync."""
    branch = enrol(local, secrets, url, fingerprint, token, allow_unencrypted=allow_unencrypted)
    return branch, first_copy(local, secrets)


def sync(local: Database, secrets: SecretStore) -> replica.SyncReport:
    """One sync of an enrolled branch: its initial copy first if it has not arrived yet."""
    line = RemoteSync(local, secrets)
    try:
        if needs_copy(local):
            line.check(local)
            with line.errors(replica.CARRY_ON_TEXT):
                copied = line.copy(local)
            report = replica.sync_once(local, line)
            report.cloned, report.copied = True, copied
            return report
        return replica.sync_once(local, line)
    finally:
        line.close()
