"""``POST /api/v1/services/<name>``: a registered service, in one hop to a worker thread.

One plain Starlette route serves every service: the name is looked up in a dict of the
services built when the app starts, the body is read on the event loop, and then a
single worker thread does the rest of the request — the session by its hashed token,
the body validated by the service's cached pydantic adapter, the service run, the
answer encoded once (the result by its own adapter straight to JSON bytes). No FastAPI
dependency, no second thread hop, no encoder walking the answer again.

The OpenAPI description is not produced by these routes: ``documentation_routes``
builds, for every service, a FastAPI route that is never mounted, with the call's
typed body and the answer's typed result, and ``create_app`` hands both to FastAPI's
OpenAPI generator. A new service is thus on the API, and in its description, by being
registered.
"""

# no "from __future__ import annotations": FastAPI reads the documentation routes'
# annotations, which are models built at run time

import inspect
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from fastapi import Depends
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model
from pydantic_core import PydanticSerializationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from voxprivacy import i18n
from voxprivacy.api.codec import LOCAL_ONLY, ServiceCodec, codec_for, remote_services
from voxprivacy.api.wire_errors import error_body
from voxprivacy.errors import BadInput, NotFound, Refused, VoxError
from voxprivacy.i18n import _

API = "/api/v1"
SERVICES = f"{API}/services"
JSON = "application/json"


def ascii_json(content: Any) -> bytes:
    """JSON with every non-ASCII character escaped: text a caller sent that is not valid
    Unicode (a terminal's undecodable bytes) comes back in an error without breaking it."""
    return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def error_response(exc: VoxError) -> Response:
    """The one error shape (``api.wire_errors``)."""
    status, body, headers = error_body(exc)
    return Response(ascii_json(body), status_code=status, headers=headers, media_type=JSON)


def request_problem(errors: list[Any], *, skip: int = 0) -> BadInput:
    """The first validation error of a request's own fields (not a service's arguments)
    as one sentence; ``skip``: leading parts of the location that are not the field."""
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ())][skip:]
    where = ".".join(loc) or "body"
    kind = first.get("type", "")
    if kind == "json_invalid":
        return BadInput(
            _(
                "The request body is not JSON; send an object with the service's "
                'arguments under "args".'
            ),
            "body",
        )
    if kind == "extra_forbidden":
        message = _("The request has a field {where!r} that it may not have; remove it.")
    elif kind == "missing":
        message = _("The request needs the field {where!r}.")
    else:
        problem = str(first.get("msg", "not valid")).rstrip(".")
        return BadInput(
            _("The field {where!r} of the request is not valid: {problem}.").format(
                where=where, problem=problem
            ),
            loc[-1] if loc else None,
        )
    return BadInput(message.format(where=where), loc[-1] if loc else None)


def call_model(codec: ServiceCodec) -> type[BaseModel]:
    """The body of a call: ``{"args": {…}}``, ``args`` optional when no argument is."""
    args_model = codec.arguments_model
    required = any(p.required for p in codec.parameters.values())
    default: Any = ... if required else Field(default_factory=args_model)
    model: type[BaseModel] = create_model(
        args_model.__name__.removesuffix("Args") + "Call",
        __config__=ConfigDict(extra="forbid"),
        args=(args_model, default),
    )
    return model


@dataclass(frozen=True)
class Entry:
    """One service as the route serves it."""

    codec: ServiceCodec
    body: TypeAdapter[Any]  # the call model's, built once

    def arguments(self, raw: bytes) -> dict[str, Any]:
        """The body validated (in one pass from the bytes); BadInput naming what is wrong."""
        try:
            try:
                call = self.body.validate_json(raw or b"{}")
            except ValidationError as exc:
                if exc.errors()[0].get("type") != "json_invalid":
                    raise
                # JSON that the fast parser refuses may still be JSON the standard one
                # reads (an escaped lone surrogate: a terminal's undecodable byte, which
                # the service then names as text that is not valid)
                try:
                    loaded = json.loads(raw)
                except ValueError:
                    raise exc from None
                call = self.body.validate_python(loaded)
        except ValidationError as exc:
            errors: list[Any] = list(exc.errors())
            head = tuple(errors[0]["loc"]) if errors else ()
            if head[:1] == ("args",) and len(head) > 1:
                raise self.codec.bad_argument(errors, skip=1) from None
            raise request_problem(errors) from None
        return self.codec.arguments_of(call.args)

    def answer(self, answer: dict[str, Any], result: Any) -> bytes:
        """The answer's JSON: the result dumped once by its adapter, the rest around it."""
        try:
            encoded = self.codec.result.dump_json(result)
        except (PydanticSerializationError, UnicodeEncodeError):
            # text that is not valid Unicode cannot be UTF-8: the slower ASCII way
            return ascii_json({**answer, "result": self.codec.encode_result(result)})
        rest = ascii_json(answer)
        return b'{"result":' + encoded + b"," + rest[1:]


Runner = Callable[[ServiceCodec, dict[str, Any], Any, Request], dict[str, Any]]


class ServiceRoute:
    """The endpoint of every service: ``authenticate`` gives the request's actor (or
    refuses), ``run`` calls the service for it and returns the answer without its result
    (under ``"result"``: the service's return value, encoded here)."""

    def __init__(
        self,
        authenticate: Callable[[ServiceCodec, Request], Any],
        run: Runner,
        guarded: Callable[[Callable[[], Any]], Any],
    ) -> None:
        self.authenticate = authenticate
        self.run = run
        self.guarded = guarded
        self.entries = {
            name: Entry(codec, TypeAdapter(call_model(codec)))
            for name, codec in ((name, codec_for(name)) for name in remote_services())
        }

    def route(self) -> Route:
        return Route(
            SERVICES + "/{name:path}", self.endpoint, methods=["POST"], include_in_schema=False
        )

    async def endpoint(self, request: Request) -> Response:
        name = request.path_params["name"]
        entry = self.entries.get(name)
        language = request.headers.get("Accept-Language")
        if entry is None:
            with i18n.speaking(language):
                return error_response(unknown_service(name))
        body = await request.body()
        return await anyio.to_thread.run_sync(self.serve, entry, request, body, language)

    def serve(self, entry: Entry, request: Request, body: bytes, language: str | None) -> Response:
        """On the worker thread: the whole request after its body was read."""
        with i18n.speaking(language):
            try:
                response: Response = self.guarded(lambda: self._serve(entry, request, body))
                return response
            except VoxError as exc:
                return error_response(exc)

    def _serve(self, entry: Entry, request: Request, body: bytes) -> Response:
        actor = self.authenticate(entry.codec, request)  # before the body is looked at
        arguments = entry.arguments(body)
        answer = self.run(entry.codec, arguments, actor, request)
        result = answer.pop("result")
        return Response(entry.answer(answer, result), media_type=JSON)


def unknown_service(name: str) -> VoxError:
    if name in LOCAL_ONLY:
        return Refused(LOCAL_ONLY[name])
    return NotFound(
        _("There is no service {name!r}; the services are listed in /api/v1/openapi.json.").format(
            name=name
        ),
        "service",
    )


class ActorState(BaseModel):
    """Who the request ran as (the desk mirrors the step-up time from it)."""

    staff_id: str
    username: str
    role: str
    checked_at: str | None


class WrittenFile(BaseModel):
    """A file the service wrote for the caller, to be saved in the folder it named."""

    name: str
    data: str  # base64


def _answer_model(name: str, codec: ServiceCodec, result: Any) -> Any:
    fields: dict[str, Any] = {
        "result": (result, ...),
        "actor": (ActorState, ...),
        "token": (str | None, None),
    }
    if codec.writes_files:
        fields["files"] = (list[WrittenFile], ...)
    return create_model(_model_name(name) + "Answer", **fields)


def _model_name(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", ".").split("."))


def documentation_routes(route: ServiceRoute) -> list[APIRoute]:
    """For OpenAPI only (never mounted): one route per service with its typed body, its
    typed answer and the bearer token it needs."""
    bearer = HTTPBearer(auto_error=False, description="The token returned by sign-in.")
    routes = []
    for name, entry in route.entries.items():
        codec = entry.codec
        body_model = call_model(codec)

        def described(call: Any) -> Any:  # pragma: no cover - never mounted, never called
            raise NotImplementedError

        described.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter(
                    "call", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=body_model
                )
            ]
        )
        described.__name__ = name.replace(".", "_")
        result = typing.get_type_hints(codec.info.function).get("return", Any)
        common: dict[str, Any] = {
            "methods": ["POST"],
            "name": name,
            "summary": (inspect.getdoc(codec.info.function) or name).split("\n", 1)[0],
            "dependencies": [Depends(bearer)],
            "tags": [name.split(".", 1)[0]],
        }
        try:
            codec.result.json_schema(mode="serialization")
            described_route = APIRoute(
                f"{SERVICES}/{name}",
                described,
                response_model=_answer_model(name, codec, result),
                **common,
            )
        except Exception:  # a result pydantic cannot describe: the answer untyped
            described_route = APIRoute(f"{SERVICES}/{name}", described, **common)
        routes.append(described_route)
    return routes
