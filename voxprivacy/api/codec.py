"""Arguments and results of registered services, to and from JSON.

For every service in ``guard.REGISTRY`` a ``ServiceCodec`` is built from
``typing.get_type_hints`` of the service: one pydantic ``TypeAdapter`` per
parameter after ``(ctx, actor)`` and one for the return type. Dataclasses,
enums, UUIDs, dates, paths, tuples and mappings are validated and serialised by
pydantic; no service has a hand-written ``to_dict`` for the wire. An argument
that fails validation is ``BadInput`` naming the parameter.
"""

from __future__ import annotations

import collections.abc
import functools
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model

from voxprivacy.api import HEALTH_SERVICE as HEALTH_SERVICE
from voxprivacy.errors import BadInput, NotFound, Refused
from voxprivacy.i18n import N_, Vocabulary, _
from voxprivacy.services import guard

PREFIX = "voxprivacy.services."

# Services that never run through the server, each with the reason given to a caller.
LOCAL_ONLY: Vocabulary[str] = Vocabulary(
    {
        "installation.export_master_key": N_(
            "The master key never leaves the server host: export it there with "
            "'voxprivacy-admin key export' against the database, not through the server."
        ),
        "demo.generate_demo": N_(
            "Demo data is generated only into a new local database ('voxprivacy-admin demo'), "
            "never into the head office's database through the server."
        ),
        "backup.create_backup": N_(
            "A backup of the head office's database is made on the server host (docs/backup.md, "
            "docs/server.md), never written to a path a workstation names."
        ),
        "backup.restore_backup": N_(
            "A backup is restored on the server host with the server stopped (docs/backup.md), "
            "never from a path a workstation names."
        ),
        "auth.bootstrap_first_admin": N_(
            "The first admin is created on the server host by 'voxprivacy-admin server init', "
            "not by whoever reaches the server first."
        ),
        "auth.sign_in": N_("Sign in with POST /api/v1/sign-in; it returns the session's token."),
    }
)

# Parameters naming a folder on the caller's machine: the files travel in the answer.
OUT_DIR = "out_dir"


def load_services() -> None:
    """Import every service module, so that the registry is complete."""
    import voxprivacy.services as package

    for module in pkgutil.walk_packages(package.__path__, PREFIX):
        importlib.import_module(module.name)


def wire_name(registry_name: str) -> str:
    """``voxprivacy.services.customers.edit.edit_customer`` → ``customers.edit.edit_customer``."""
    return registry_name.removeprefix(PREFIX)


def remote_services() -> dict[str, guard.ServiceInfo]:
    """Every registered service reachable through the server, by wire name."""
    load_services()
    return {
        wire_name(name): info
        for name, info in sorted(guard.REGISTRY.items())
        if wire_name(name) not in LOCAL_ONLY
    }


@dataclass(frozen=True)
class Parameter:
    name: str
    adapter: TypeAdapter[Any]
    required: bool


@dataclass(frozen=True)
class ServiceCodec:
    """How one service's arguments and result travel."""

    name: str  # the wire name
    info: guard.ServiceInfo
    takes_actor: bool
    parameters: dict[str, Parameter]
    result: TypeAdapter[Any]
    arguments_model: type[BaseModel]  # the body's "args", for validation and OpenAPI

    @property
    def writes_files(self) -> bool:
        return OUT_DIR in self.parameters

    def decode_arguments(self, raw: object) -> dict[str, Any]:
        """Arguments sent by a caller, validated; unknown or missing ones are refused."""
        if not isinstance(raw, Mapping):
            raise BadInput(
                _('The request body needs "args": an object of the service\'s arguments.'), "args"
            )
        try:
            model = self.arguments_model.model_validate(dict(raw))
        except ValidationError as exc:
            raise self.bad_argument(exc.errors()) from None
        return self.arguments_of(model)

    def arguments_of(self, model: BaseModel) -> dict[str, Any]:
        """The validated arguments the caller gave (the service's defaults apply to the rest)."""
        return {name: getattr(model, name) for name in model.model_fields_set}

    def bad_argument(self, errors: Any, skip: int = 0) -> BadInput:
        """The first validation error as BadInput naming the argument.

        ``skip``: leading parts of the error's location that are not the argument
        (FastAPI's "body", "args").
        """
        first = errors[0] if errors else {}
        loc = [str(part) for part in first.get("loc", ())][skip:]
        name = loc[0] if loc else "args"
        kind = first.get("type", "")
        if kind == "extra_forbidden":
            takes = ", ".join(self.parameters)
            return BadInput(
                (
                    _("{service} has no argument {name!r}; it takes {arguments}.").format(
                        service=self.name, name=name, arguments=takes
                    )
                    if takes
                    else _("{service} has no argument {name!r}; it takes none.").format(
                        service=self.name, name=name
                    )
                ),
                name,
            )
        if kind == "missing":
            return BadInput(
                _("{service} needs the argument {name!r}.").format(service=self.name, name=name),
                name,
            )
        problem = str(first.get("msg", "not valid")).rstrip(".")
        where = ".".join(loc) or name
        return BadInput(
            _("The argument {where!r} of {service} is not valid: {problem}.").format(
                where=where, service=self.name, problem=problem
            ),
            name,
        )

    def encode_arguments(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: self.parameters[name].adapter.dump_python(value, mode="json")
            for name, value in arguments.items()
            if name in self.parameters
        }

    def encode_result(self, value: Any) -> Any:
        return self.result.dump_python(value, mode="json")

    def decode_result(self, raw: Any) -> Any:
        return self.result.validate_python(raw)


@functools.cache
def codec_for(name: str) -> ServiceCodec:
    """The codec of a registered service by wire name; NotFound for any other name."""
    if name in LOCAL_ONLY:
        raise Refused(LOCAL_ONLY[name])
    services = remote_services()
    info = services.get(name)
    if info is None:
        raise NotFound(
            _(
                "There is no service {name!r}; the services are listed in /api/v1/openapi.json."
            ).format(name=name),
            "service",
        )
    return build_codec(name, info)


def build_codec(name: str, info: guard.ServiceInfo) -> ServiceCodec:
    fn: Callable[..., Any] = info.function
    hints = typing.get_type_hints(fn)
    signature = inspect.signature(fn)
    names = list(signature.parameters)
    takes_actor = len(names) > 1 and names[1] == "actor"
    skip = 2 if takes_actor else 1
    own = list(signature.parameters.values())[skip:]
    types = {p.name: _wire_type(hints.get(p.name, Any)) for p in own}
    parameters = {
        p.name: Parameter(p.name, TypeAdapter(types[p.name]), p.default is inspect.Parameter.empty)
        for p in own
    }
    definitions: dict[str, Any] = {
        p.name: (
            types[p.name],
            ... if p.default is inspect.Parameter.empty else p.default,
        )
        for p in own
    }
    model = create_model(
        _model_name(name, "Args"),
        __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True),
        **definitions,
    )
    return ServiceCodec(
        name, info, takes_actor, parameters, TypeAdapter(hints.get("return", Any)), model
    )


def _wire_type(hint: Any) -> Any:
    """An argument's type on the wire: an ``Iterable``/``Iterator`` of X travels as a list
    of X (a JSON array; the service takes any iterable)."""
    if typing.get_origin(hint) in (collections.abc.Iterable, collections.abc.Iterator):
        (item,) = typing.get_args(hint) or (Any,)
        return list[item]  # type: ignore[valid-type]
    return hint


def _model_name(name: str, suffix: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", ".").split(".")) + (
        suffix
    )


def map_paths(value: Any, change: Callable[[Path], Path]) -> Any:
    """The same value with every Path in it (in lists, tuples, dataclasses) changed."""
    if isinstance(value, Path):
        return change(value)
    if isinstance(value, list):
        return [map_paths(v, change) for v in value]
    if isinstance(value, tuple):
        return tuple(map_paths(v, change) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        updates = {
            f.name: map_paths(getattr(value, f.name), change) for f in fields(value) if f.init
        }
        return replace(value, **updates)
    return value
