"""Branch offices' synchronisation through voxprivacy-server.

- ``POST /api/v1/sync/enrol`` (a one-time token, no session): the branch's public
  key and field key are kept under the branch name the token was issued for;
- ``POST /api/v1/sync/push``, ``/pull`` and ``/copy``: signed by the branch's
  Ed25519 key over the request, a time and a nonce (``sync/transport.py``
  defines the message). The branch name ``hub.receive`` records as the origin is
  the one whose key verified the signature, never a name the body claims.

``/copy`` streams a new branch's initial copy as lines of JSON (a header with the
central installation and the log position of the snapshot, then chunks of rows,
then an end line with the counts), read in one REPEATABLE READ transaction.
Field-encrypted values are re-encrypted under the branch's own key in everything
sent to it (``sync/recipher.py``): a branch never holds the central master key.
Pushed operations are applied exactly as the branch sent them.
"""

# no "from __future__ import annotations": FastAPI reads the handlers' annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from voxprivacy.errors import AuthenticationFailed, BadInput, Refused
from voxprivacy.i18n import _
from voxprivacy.security.crypto import FieldCipher
from voxprivacy.services import branches
from voxprivacy.services.context import Context
from voxprivacy.storage import models as m
from voxprivacy.storage import schema, wire
from voxprivacy.storage.models import Branch
from voxprivacy.sync import hub, recipher
from voxprivacy.sync import transport as tr

SYNC = "/api/v1/sync"
CHUNK = 2000  # rows per line of an initial copy
LONGEST_PAGE = 5000
_HEADERS = (tr.BRANCH_HEADER, tr.TIME_HEADER, tr.NONCE_HEADER, tr.SIGNATURE_HEADER)


class Enrolment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(max_length=200)
    public_key: str = Field(max_length=100)  # base64 of the 32 raw bytes
    field_key: str = Field(max_length=100)  # base64 of the branch's 32-byte field key


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput(_("The {what} is not base64.").format(what=what), what) from None


def _bad_body(exc: ValidationError) -> BadInput:
    errors = exc.errors()
    first: dict[str, Any] = dict(errors[0]) if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ())) or "body"
    problem = str(first.get("msg", "not valid")).rstrip(".")
    return BadInput(
        _("The sync request's {where!r} is not valid: {problem}.").format(
            where=where, problem=problem
        ),
        where,
    )


class BranchSync:
    """The signed endpoints of one server process."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ---- authentication ---------------------------------------------------------------

    def authenticate(self, request: Request, body: bytes) -> Branch:
        values = [request.headers.get(h, "").strip() for h in _HEADERS]
        name, at_text, nonce, signature = values
        if not all(values):
            raise AuthenticationFailed(
                _(
                    "A sync request is signed by an enrolled branch (headers "
                    "{headers}); enrol the branch first with "
                    "'voxprivacy-admin sync --server URL --enrol TOKEN'."
                ).format(headers=", ".join(_HEADERS))
            )
        try:
            at = datetime.fromisoformat(at_text)
        except ValueError:
            raise AuthenticationFailed(
                _("{header} is not a time.").format(header=tr.TIME_HEADER)
            ) from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        if len(nonce) > 64:
            raise AuthenticationFailed(
                _("{header} is longer than 64 characters.").format(header=tr.NONCE_HEADER)
            )
        message = tr.request_message(request.method, request.url.path, name, at_text, nonce, body)
        return branches.verify_request(
            self.ctx, name, message, _b64(signature, "signature"), nonce, at
        )

    def _ciphers(self, branch: Branch) -> tuple[FieldCipher, FieldCipher]:
        """(head office's field cipher, the branch's)."""
        return self.ctx.keys().cipher, FieldCipher(branches.field_key(self.ctx, branch))

    @staticmethod
    def _check_revision(revision: str) -> None:
        if revision != schema.head_revision():
            raise Refused(
                _(
                    "This branch runs schema revision {revision} and head office "
                    "{central}. Upgrade both to the same version of voxprivacy; "
                    "the branch keeps its changes until then."
                ).format(revision=revision, central=schema.head_revision())
            )

    # ---- the endpoints ----------------------------------------------------------------

    def enrol(self, body: bytes) -> dict[str, Any]:
        try:
            call = Enrolment.model_validate_json(body)
        except ValidationError as exc:
            raise _bad_body(exc) from None
        done = branches.enrol(
            self.ctx,
            call.token,
            _b64(call.public_key, "public_key"),
            _b64(call.field_key, "field_key"),
        )
        return {
            "branch": done.branch,
            "installation_id": done.installation_id,
            "revision": schema.head_revision(),
        }

    def push(self, branch: Branch, body: bytes) -> bytes:
        try:
            call = tr.PUSH.validate_json(body)
        except ValidationError as exc:
            raise _bad_body(exc) from None
        self._check_revision(call.revision)
        # applied as sent: the members' signatures cover the payloads (a value a branch
        # encrypted itself stays under its key, which head office holds wrapped)
        outcomes = tr.apply_push(
            self.ctx.db, call.ops, branch.name, self.ctx.now(), keys=self.ctx.keys()
        )
        return tr.PUSHED.dump_json(tr.PushAnswer(outcomes))

    def pull(self, branch: Branch, body: bytes) -> bytes:
        try:
            call = tr.PULL.validate_json(body)
        except ValidationError as exc:
            raise _bad_body(exc) from None
        self._check_revision(call.revision)
        limit = max(1, min(call.limit, LONGEST_PAGE))
        with self.ctx.db.read() as session:
            tr.check_schema_in(session)
            entries = hub.log_after(session, call.cursor, limit)
        if any(e.effects.rows and _encrypted(e) for e in entries):
            central, own = self._ciphers(branch)
            entries = [
                e._replace(effects=recipher.operation(e.effects, central, own)) for e in entries
            ]
        return tr.PULLED.dump_json(tr.PullAnswer(entries))

    def copy(self, branch: Branch, body: bytes) -> Iterator[bytes]:
        """The initial copy as lines of JSON, from one snapshot of the central database."""
        try:
            revision = json.loads(body or b"{}").get("revision")
        except (ValueError, AttributeError):
            raise BadInput(_("The copy request is not a JSON object."), "body") from None
        self._check_revision(str(revision))
        central, own = self._ciphers(branch)
        installation = self.ctx.keys().installation_id
        db = self.ctx.db

        def lines() -> Iterator[bytes]:
            with db.engine.connect() as source:
                source = source.execution_options(isolation_level="REPEATABLE READ")
                with source.begin():
                    counter = m.table_of(m.SyncCounter)
                    cursor = source.execute(
                        select(counter.c.seq).where(counter.c.id == 1)
                    ).scalar_one()
                    yield _line({"installation_id": installation, "cursor": cursor})
                    counts: dict[str, int] = {}
                    for table in copied_tables():
                        pk = next(iter(table.primary_key.columns)).name
                        columns = list(table.columns)
                        result = source.execution_options(yield_per=CHUNK).execute(select(table))
                        count = 0
                        for part in result.partitions():
                            rows = [
                                recipher.row(
                                    table.name,
                                    {
                                        c.name: wire.encode_value(c, r[i])
                                        for i, c in enumerate(columns)
                                    },
                                    pk,
                                    central,
                                    own,
                                )
                                for r in part
                            ]
                            count += len(rows)
                            yield _line({"table": table.name, "rows": rows})
                        counts[table.name] = count
                    yield _line({"end": True, "counts": counts})

        return lines()


def copied_tables() -> list[Any]:
    """What a branch's initial copy holds: every synchronised table, then the search terms."""
    return [*(spec.table for spec in wire.SYNCED.values()), m.table_of(m.CustomerSearchTerm)]


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def _encrypted(entry: hub.LogEntry) -> bool:
    return any(c.table in recipher.TABLES for c in entry.effects.rows)


def mount(app: FastAPI, ctx: Context, guarded: Callable[[Callable[[], Any]], Any]) -> None:
    """Add the sync endpoints to the server's app (``guarded`` turns faults into sentences)."""
    sync = BranchSync(ctx)
    limiter = app.state.server.limiter

    async def in_thread(work: Callable[[], Any]) -> Any:
        return await run_in_threadpool(guarded, work)

    @app.post(f"{SYNC}/enrol", name="sync.enrol")
    async def enrol(request: Request) -> Any:
        body = await request.body()
        source = request.client.host if request.client else "unknown"
        limiter.attempt("enrol", "branch enrolment", source)
        return await in_thread(lambda: sync.enrol(body))

    def signed(work: Callable[[Branch, bytes], bytes]) -> Callable[[Request], Any]:
        async def handler(request: Request) -> Any:
            body = await request.body()
            data = await in_thread(lambda: work(sync.authenticate(request, body), body))
            return Response(data, media_type="application/json")

        return handler

    app.add_api_route(f"{SYNC}/push", signed(sync.push), methods=["POST"], name="sync.push")
    app.add_api_route(f"{SYNC}/pull", signed(sync.pull), methods=["POST"], name="sync.pull")

    @app.post(f"{SYNC}/copy", name="sync.copy")
    async def copy(request: Request) -> Any:
        body = await request.body()
        lines = await in_thread(lambda: sync.copy(sync.authenticate(request, body), body))
        return StreamingResponse(lines, media_type="application/x-ndjson")
