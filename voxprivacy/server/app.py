"""The HTTP API of voxprivacy-server: the service registry, one path per service.

``POST /api/v1/sign-in`` checks a user name and password and starts a session
(its token is returned once). ``POST /api/v1/services/<name>`` runs a registered
service (``<name>`` is its registry name without ``voxprivacy.services.``) for
the session's staff member, with ``{"args": {…}}`` validated from the service's
own signature (``server.service_route``: one plain route for all of them, one hop
to a worker thread per request; the OpenAPI description lists each with its types).
The answer is ``{"result", "actor", "token", "files"}``; every error is
``{"error": {…}}`` (``api.wire_errors``). ``GET /api/v1/health`` says whether the
server and its database answer, with the program's name (so a desk tells it from
another server), and nothing else.

The step-up lives on the session row: ``auth.step_up`` verifies the code here
and the time is stored with the session; nothing the client sends sets it.
"""

# no "from __future__ import annotations": FastAPI reads the handlers' annotations

import asyncio
import base64
import contextlib
import logging
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

import voxprivacy
from voxprivacy import i18n
from voxprivacy.api.codec import HEALTH_SERVICE, ServiceCodec, map_paths
from voxprivacy.errors import AuthenticationFailed, BadInput, NotFound, VoxError
from voxprivacy.i18n import _
from voxprivacy.server import chainlog, sync_api
from voxprivacy.server.config import ServerSettings
from voxprivacy.server.ratelimit import RateLimiter
from voxprivacy.server.service_route import (
    SERVICES,
    ServiceRoute,
    ascii_json,
    documentation_routes,
    error_response,
    request_problem,
    unknown_service,
)
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
    """JSON with every non-ASCII character escaped (``service_route.ascii_json``)."""

    def render(self, content: Any) -> bytes:
        return ascii_json(content)


WORKSTATION_HEADER = "Voxprivacy-Workstation"


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

    def authenticate(self, codec: ServiceCodec, request: Request) -> Actor:
        """Before the body is looked at: the session's actor, or a refusal."""
        return self.resolve(request, allow_locked=codec.name == "auth.check_password")

    def call(
        self, codec: ServiceCodec, arguments: dict[str, Any], actor: Actor, request: Request
    ) -> dict[str, Any]:
        """Run the service for ``actor``; the answer, its ``"result"`` not yet encoded."""
        name = codec.name
        source = _source(request)
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
            "result": result,
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
    def vox_error(request: Request, exc: VoxError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        # the sign-in's body (the services' bodies are validated by their own route)
        errors = [dict(e, loc=[p for p in e.get("loc", ()) if p != "body"]) for e in exc.errors()]
        with i18n.speaking(request.headers.get("Accept-Language")):
            return error_response(request_problem(errors))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        with i18n.speaking(request.headers.get("Accept-Language")):
            if exc.status_code == 404 and path.startswith(f"{SERVICES}/"):
                return error_response(unknown_service(path.removeprefix(f"{SERVICES}/")))
            if exc.status_code == 404:
                return error_response(
                    NotFound(_("There is nothing at {path}.").format(path=path), "path")
                )
            if exc.status_code == 405:
                return error_response(
                    BadInput(
                        _("{method} is not accepted at {path}.").format(
                            method=request.method, path=path
                        ),
                        "method",
                    )
                )
            return error_response(BadInput(str(exc.detail), None))

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

    services = ServiceRoute(server.authenticate, server.call, guarded)
    app.router.routes.insert(0, services.route())  # the busiest path is matched first
    described = documentation_routes(services)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = get_openapi(
                title=app.title,
                version=app.version,
                routes=[*app.routes, *described],
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
