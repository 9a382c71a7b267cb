"""The HTTP API of voxprivacy-server: the service registry, one route per service.

``POST /api/v1/sign-in`` checks a user name and password and starts a session
(its token is returned once). ``POST /api/v1/services/<name>`` runs a registered
service (``<name>`` is its registry name without ``voxprivacy.services.``) for
the session's staff member, with ``{"args": {…}}`` validated from the service's
own signature. The answer is ``{"result", "actor", "token", "files"}``; every
error is ``{"error": {…}}`` (``api.wire_errors``). ``GET /api/v1/health`` says
whether the server and its database answer, with the program's name (so a desk
tells it from another server), and nothing else.

The step-up lives on the session row: ``auth.step_up`` verifies the code here
and the time is stored with the session; nothing the client sends sets it.
"""

# no "from __future__ import annotations": FastAPI reads the handlers' annotations,
# some of which are models built at run time

import asyncio
import base64
import contextlib
import inspect
import json
import logging
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

import voxprivacy
from voxprivacy import i18n
from voxprivacy.api.codec import (
    HEALTH_SERVICE,
    LOCAL_ONLY,
    ServiceCodec,
    codec_for,
    map_paths,
    remote_services,
)
from voxprivacy.api.wire_errors import error_body
from voxprivacy.errors import AuthenticationFailed, BadInput, NotFound, Refused, VoxError
from voxprivacy.i18n import _
from voxprivacy.server import chainlog, sync_api
from voxprivacy.server.config import ServerSettings
from voxprivacy.server.ratelimit import RateLimiter
from voxprivacy.services import auth, sessions
from voxprivacy.services.context import WRITTEN_FOR, Actor, Context
from voxprivacy.storage.models import StaffSession

log = logging.getLogger("voxprivacy.server")

API = "/api/v1"


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    client_label: str | None = Field(default=None, max_length=sessions.LABEL_LIMIT)


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: text a caller sent that is not valid
    Unicode (a terminal's undecodable bytes) comes back in an error without breaking it."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


WORKSTATION_HEADER = "Voxprivacy-Workstation"


def _error_response(exc: VoxError) -> JSONResponse:
    status, body, headers = error_body(exc)
    return AsciiJSONResponse(body, status_code=status, headers=headers)


def _workstation(request: Request) -> str:
    """The caller's host name as it says (for the records of files written for it)."""
    raw = request.headers.get(WORKSTATION_HEADER, "")
    name = "".join(ch for ch in raw if ch.isalnum() or ch in "-._")[:255]
    return name or _source(request)


def _source(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed(
            _(
                "This needs a signed-in session: sign in first (POST "
                "/api/v1/sign-in) and send its token as 'Authorization: "
                "Bearer <token>'."
            )
        )
    return token.strip()


def _actor_state(actor: Actor) -> dict[str, Any]:
    return {
        "staff_id": str(actor.staff_id),
        "username": actor.username,
        "role": str(actor.role),
        "checked_at": actor.checked_at.isoformat() if actor.checked_at else None,
    }


class Server:
    """The services of one context behind HTTP."""

    def __init__(self, ctx: Context, settings: ServerSettings) -> None:
        self.ctx = ctx
        self.settings = settings
        limits = settings.rate_limits
        self.limiter = RateLimiter(limits.per_account, limits.per_source, limits.window_seconds)

    def resolve(self, request: Request, *, allow_locked: bool = False) -> Actor:
        return sessions.resolve(
            self.ctx,
            _bearer(request),
            lifetimes=self.settings.lifetimes,
            allow_locked=allow_locked,
        )

    def sign_in(self, body: SignIn, request: Request) -> dict[str, Any]:
        source = _source(request)
        self.limiter.attempt("sign-in", body.username, source)
        actor = auth.sign_in(self.ctx, body.username, body.password)
        token = sessions.start_session(self.ctx, actor, source=source, label=body.client_label)
        return {"token": token, "actor": _actor_state(actor)}

    def authenticate(self, codec: ServiceCodec, request: Request) -> None:
        """Before the body is even read: the session, or a refusal."""
        actor = self.resolve(request, allow_locked=codec.name == "auth.check_password")
        request.state.actor = actor

    def call(self, codec: ServiceCodec, arguments: dict[str, Any], request: Request) -> Any:
        name = codec.name
        source = _source(request)
        actor: Actor = request.state.actor
        assert actor.session_id is not None
        session_id = actor.session_id
        if name == "auth.step_up":
            self.limiter.attempt("second-factor", actor.username, source)
        elif name == "auth.check_password":
            self.limiter.attempt("unlock", actor.username, source)
        out: Path | None = None
        files: list[dict[str, str]] = []
        written_for = None
        if codec.writes_files:
            out = Path(tempfile.mkdtemp(prefix="voxprivacy-out-"))
            there = Path(str(arguments.get("out_dir") or "."))
            written_for = WRITTEN_FOR.set((_workstation(request), there))
            arguments["out_dir"] = out
        try:
            fn: Callable[..., Any] = codec.info.function
            result = fn(self.ctx, actor, **arguments) if codec.takes_actor else fn(self.ctx)
            if out is not None:
                for path in sorted(out.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        data = base64.b64encode(path.read_bytes()).decode("ascii")
                        files.append({"name": path.name, "data": data})
                folder = out
                result = map_paths(result, lambda p: Path(p.name) if p.parent == folder else p)
        finally:
            if out is not None:
                shutil.rmtree(out, ignore_errors=True)
            if written_for is not None:
                WRITTEN_FOR.reset(written_for)
        token: str | None = None
        if name == "auth.step_up":
            sessions.record_step_up(self.ctx, session_id, actor.checked_at)
        elif name == "auth.lock":
            sessions.end_session(self.ctx, session_id, sessions.LOCKED)
        elif name == "auth.sign_out":
            sessions.end_session(self.ctx, session_id, sessions.SIGNED_OUT)
        elif name == "auth.check_password":
            token = self._after_unlock(session_id, actor, source)
        answer: dict[str, Any] = {
            "result": codec.encode_result(result),
            "actor": _actor_state(actor),
            "token": token,
        }
        if codec.writes_files:
            answer["files"] = files
        return answer

    def _after_unlock(self, session_id: uuid.UUID, actor: Actor, source: str) -> str | None:
        """A desk locked and unlocked with the password gets a new session."""
        with self.ctx.db.read() as session:
            row = session.get(StaffSession, session_id)
            locked = row is not None and row.end_reason == sessions.LOCKED
        if not locked:
            return None
        return sessions.reopen_after_unlock(self.ctx, session_id, actor, source=source)


class ServerFault(VoxError):
    """Something the server did not expect; the caller gets an id to quote, not a traceback."""


def guarded(work: Callable[[], Any]) -> Any:
    """Run a request's work; an unexpected exception is logged with an id and answered
    with a sentence naming that id."""
    try:
        return work()
    except VoxError:
        raise
    except Exception as exc:
        error_id = uuid.uuid4().hex[:12]
        log.error("error %s: %s", error_id, type(exc).__name__, exc_info=exc)
        raise ServerFault(
            _(
                "The server could not complete this (error id {error_id}); "
                "ask IT to look the id up in the server's log."
            ).format(error_id=error_id)
        ) from None


def _call_model(codec: ServiceCodec) -> type[BaseModel]:
    args_model = codec.arguments_model
    required = any(p.required for p in codec.parameters.values())
    default: Any = ... if required else Field(default_factory=args_model)
    model: type[BaseModel] = create_model(
        args_model.__name__.removesuffix("Args") + "Call",
        __config__=ConfigDict(extra="forbid"),
        args=(args_model, default),
    )
    return model


def _route(server: Server, codec: ServiceCodec) -> Callable[..., Any]:
    call_model = _call_model(codec)

    def handler(request: Request, call: Any) -> Any:
        # the answer is JSON-ready already (the codec dumped it): sent as it is, not walked
        # again by FastAPI's encoder
        with i18n.speaking(request.headers.get("Accept-Language")):
            answer = guarded(lambda: server.call(codec, codec.arguments_of(call.args), request))
        return AsciiJSONResponse(answer)

    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request
            ),
            inspect.Parameter(
                "call", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=call_model
            ),
        ]
    )
    handler.__name__ = codec.name.replace(".", "_")
    return handler


def _authenticator(server: Server, codec: ServiceCodec) -> Callable[[Request], None]:
    def authenticate(request: Request) -> None:
        with i18n.speaking(request.headers.get("Accept-Language")):
            guarded(lambda: server.authenticate(codec, request))

    return authenticate


def _codec_from_path(path: str) -> ServiceCodec | None:
    prefix = f"{API}/services/"
    if not path.startswith(prefix):
        return None
    try:
        return codec_for(path.removeprefix(prefix))
    except VoxError:
        return None


def _log_head_once(ctx: Context, where: Path) -> None:
    try:
        chainlog.log_chain_head(ctx, where)
    except Exception as exc:  # the next interval tries again
        log.error(
            "the audit chain's head could not be logged to %s (%s); trying again at the "
            "next interval",
            where,
            type(exc).__name__,
        )


async def log_chain_heads(ctx: Context, where: Path, every: float) -> None:
    """Append the chain's head to ``where`` now and then every ``every`` seconds."""
    while True:
        await asyncio.to_thread(_log_head_once, ctx, where)
        await asyncio.sleep(every)


def _lifespan(ctx: Context, settings: ServerSettings) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the services run on worker threads (they block on the database): as many as
        # the database pool holds connections, so no thread waits for one
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        where = settings.chain_log
        if where is None:
            yield
            return
        every = settings.chain_log_interval.total_seconds()
        task = asyncio.create_task(log_chain_heads(ctx, where, every))
        log.info("logging the audit chain's head to %s every %g s", where, every)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan


def create_app(ctx: Context, settings: ServerSettings | None = None) -> FastAPI:
    """The API over the services of ``ctx`` (a context with the database and the keys)."""
    settings = settings or ServerSettings(database_url=ctx.db.target.display)
    server = Server(ctx, settings)
    app = FastAPI(
        lifespan=_lifespan(ctx, settings),
        title="voxprivacy-server",
        default_response_class=AsciiJSONResponse,
        version=getattr(voxprivacy, "__version__", "0"),
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.server = server

    @app.exception_handler(VoxError)
    def vox_error(request: Request, exc: VoxError) -> JSONResponse:
        return _error_response(exc)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        codec = _codec_from_path(request.url.path)
        if codec is not None:
            head = tuple((errors[0] if errors else {}).get("loc", ()))
            if head[:2] == ("body", "args") and len(head) > 2:
                return _error_response(codec.bad_argument(errors, skip=2))
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p != "body"]
        where = ".".join(loc) or "body"
        kind = first.get("type", "")
        if kind == "extra_forbidden":
            message = _(
                "The request has a field {where!r} that it may not have; remove it."
            ).format(where=where)
        elif kind == "missing":
            message = _("The request needs the field {where!r}.").format(where=where)
        else:
            problem = str(first.get("msg", "not valid")).rstrip(".")
            message = _("The field {where!r} of the request is not valid: {problem}.").format(
                where=where, problem=problem
            )
        return _error_response(BadInput(message, loc[-1] if loc else None))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            name = request.url.path.removeprefix(f"{API}/services/")
            if request.url.path.startswith(f"{API}/services/"):
                if name in LOCAL_ONLY:
                    return _error_response(Refused(LOCAL_ONLY[name]))
                return _error_response(
                    NotFound(
                        _(
                            "There is no service {name!r}; the services are listed in "
                            "{api}/openapi.json."
                        ).format(name=name, api=API),
                        "service",
                    )
                )
            return _error_response(
                NotFound(_("There is nothing at {path}.").format(path=request.url.path), "path")
            )
        if exc.status_code == 405:
            return _error_response(
                BadInput(
                    _("{method} is not accepted at {path}.").format(
                        method=request.method, path=request.url.path
                    ),
                    "method",
                )
            )
        return _error_response(BadInput(str(exc.detail), None))

    @app.get(f"{API}/health")
    def health() -> Any:
        def ping() -> dict[str, str]:
            with ctx.db.connect() as connection:
                connection.execute(text("SELECT 1"))
            # that this is a voxprivacy server (a desk's "Check connection"); no version
            return {"status": "ok", "service": HEALTH_SERVICE}

        return guarded(ping)

    @app.post(f"{API}/sign-in")
    def sign_in(body: SignIn, request: Request) -> Any:
        with i18n.speaking(request.headers.get("Accept-Language")):
            return AsciiJSONResponse(guarded(lambda: server.sign_in(body, request)))

    sync_api.mount(app, ctx, guarded)

    bearer = HTTPBearer(auto_error=False, description="The token returned by sign-in.")
    for name in remote_services():
        codec = codec_for(name)
        app.add_api_route(
            f"{API}/services/{name}",
            _route(server, codec),
            methods=["POST"],
            name=name,
            summary=(inspect.getdoc(codec.info.function) or name).split("\n", 1)[0],
            dependencies=[Depends(bearer), Depends(_authenticator(server, codec))],
            tags=[name.split(".", 1)[0]],
        )
    return app
