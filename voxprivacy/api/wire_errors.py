"""Every error travels in one shape, and comes back as the same exception class.

``{"error": {"kind", "type", "message", "field", "current", "errors", "hits"}}``: ``kind``
is the category a caller branches on (and sets the HTTP status), ``type`` the
exception's own class (``voxprivacy.errors.FourEyesViolation``,
``voxprivacy.services.customers.edit.StaleCustomerEdit`` …), so the command
line's exit statuses and the desk's messages are the same through the server.
"""

from __future__ import annotations

import importlib
from typing import Any

from voxprivacy.errors import (
    AuthenticationFailed,
    BadInput,
    ConfigurationError,
    DatabaseBusy,
    DatabaseUnavailable,
    NotFound,
    RateLimited,
    Refused,
    RoleForbidden,
    StaleEdit,
    StepUpRequired,
    VoxError,
)
from voxprivacy.i18n import _

STATUS: dict[str, int] = {
    "bad_input": 400,
    "not_found": 404,
    "stale_edit": 409,
    "refused": 403,
    "role_forbidden": 403,
    "step_up_required": 403,
    "authentication_failed": 401,
    "busy": 503,
    "rate_limited": 429,
    "unavailable": 503,
    "internal": 500,
}

# When the class named by "type" cannot be used, the kind's own class.
KIND_CLASS: dict[str, type[VoxError]] = {
    "bad_input": BadInput,
    "not_found": NotFound,
    "stale_edit": StaleEdit,
    "refused": Refused,
    "role_forbidden": RoleForbidden,
    "step_up_required": StepUpRequired,
    "authentication_failed": AuthenticationFailed,
    "busy": DatabaseBusy,
    "rate_limited": RateLimited,
    "unavailable": DatabaseUnavailable,
    "internal": VoxError,
}

BUSY_RETRY_SECONDS = 2


def kind_of(exc: VoxError) -> str:
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, BadInput):
        return "bad_input"
    if isinstance(exc, StaleEdit):
        return "stale_edit"
    if isinstance(exc, RateLimited):
        return "rate_limited"
    if isinstance(exc, AuthenticationFailed):
        return "authentication_failed"
    if isinstance(exc, StepUpRequired):
        return "step_up_required"
    if isinstance(exc, RoleForbidden):
        return "role_forbidden"
    if isinstance(exc, Refused):
        return "refused"
    if isinstance(exc, DatabaseBusy):
        return "busy"
    if isinstance(exc, ConfigurationError):
        return "unavailable"
    return "internal"


def error_body(exc: VoxError) -> tuple[int, dict[str, Any], dict[str, str]]:
    """The HTTP status, the JSON body and the headers of an error."""
    from pydantic_core import to_jsonable_python  # the server's side only

    kind = kind_of(exc)
    cls = type(exc)
    body: dict[str, Any] = {
        "kind": kind,
        "type": f"{cls.__module__}.{cls.__qualname__}" if kind != "internal" else "",
        "message": exc.message,
        "field": getattr(exc, "field", None),
        "current": None,
        "errors": None,
        "hits": None,
    }
    if isinstance(exc, StaleEdit):
        body["current"] = to_jsonable_python(exc.current, fallback=str)
    hits = getattr(exc, "hits", None)  # the records a registration may duplicate
    if isinstance(hits, list):
        body["hits"] = to_jsonable_python(hits, fallback=str)
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict):
        body["errors"] = {str(k): str(v) for k, v in errors.items()}
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(max(1, exc.retry_after))
    elif kind in ("busy", "unavailable"):
        headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return STATUS[kind], {"error": body}, headers


def _class_named(name: object, kind: str) -> type[VoxError]:
    fallback = KIND_CLASS.get(kind, VoxError)
    if not isinstance(name, str):
        return fallback
    module_name, _, qualname = name.rpartition(".")
    # only the shared errors and the services' own: a client never imports the server
    if module_name != "voxprivacy.errors" and not module_name.startswith("voxprivacy.services."):
        return fallback
    try:
        found = getattr(importlib.import_module(module_name), qualname, None)
    except ImportError:
        return fallback
    if isinstance(found, type) and issubclass(found, fallback):
        return found
    return fallback


def rebuild(body: object, status: int) -> VoxError:
    """The exception an error body describes, of the same class as on the server."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return DatabaseUnavailable(
            _(
                "The head office server answered with status {status} and no error this "
                "client understands; ask IT to check the server's log."
            ).format(status=status)
        )
    kind = str(error.get("kind"))
    cls = _class_named(error.get("type"), kind)
    message: str = error["message"]
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message = message
    if isinstance(exc, BadInput):
        field = error.get("field")
        exc.field = field if isinstance(field, str) else None
    if isinstance(exc, StaleEdit):
        current = error.get("current")
        exc.current = current if isinstance(current, dict) else {}
    if isinstance(exc, Refused):
        exc.audit = None
        exc.audited = True  # the server recorded it
    if isinstance(exc, RateLimited):
        exc.retry_after = 1
    if isinstance(error.get("hits"), list):
        exc.hits = list(error["hits"])  # type: ignore[attr-defined]
    if isinstance(error.get("errors"), dict):
        exc.errors = dict(error["errors"])  # type: ignore[attr-defined]
    return exc
