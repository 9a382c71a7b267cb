"""The gate every service passes: step-up first, then role.

``@writes`` and ``@reads`` register each public service, so a test can
enumerate them all and prove that no write runs without a valid second-factor
check. A missing step-up is refused before anything is read or written.

When the context has a ``remote`` transport (a workstation talking to
voxprivacy-server), the gate sends the call there instead: the server runs the
same gate around the same service, so every caller keeps its call signatures.

Every refusal by role takes one path: a ``RoleForbidden`` raised inside a
registered service (by the permission check here, or by ``refuse_role`` in a
service that checks a section or a field) is audited by the service gate after
its transaction has rolled back, whatever raised it. Front ends do not check
roles themselves; they call a service.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select

from voxprivacy.domain.enums import AuditOutcome, Role
from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import AuthenticationFailed, Refused, RoleForbidden, StepUpRequired
from voxprivacy.i18n import _
from voxprivacy.services.context import FRESH_CHECK, Actor, Context
from voxprivacy.storage.changes import ACTING, SIGNER
from voxprivacy.storage.models import Staff

P = ParamSpec("P")

# How long (seconds) the session lookup's read of the staff row stands in for the gate's.
STAFF_READ_FRESH = 1.0
R = TypeVar("R")


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    kind: str  # "write", "read" or "auth"
    permission: Permission | None
    fresh: bool
    function: Callable[..., Any]


REGISTRY: dict[str, ServiceInfo] = {}


def _register(
    fn: Callable[..., Any], kind: str, permission: Permission | None, fresh: bool
) -> None:
    name = f"{fn.__module__}.{fn.__qualname__}"
    REGISTRY[name] = ServiceInfo(name, kind, permission, fresh, fn)


@functools.cache
def _signature(fn: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(fn)


def _send(
    ctx: Context, name: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """Hand a call to the context's transport: the arguments by name, the actor apart."""
    assert ctx.remote is not None
    params = list(_signature(fn).parameters)
    try:
        bound = _signature(fn).bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{name}: {exc}") from None
    arguments = dict(bound.arguments)
    arguments.pop(params[0])
    actor = arguments.pop("actor") if len(params) > 1 and params[1] == "actor" else None
    return ctx.remote.call(name, fn, actor, arguments)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """What is written meanwhile is the actor's: recorded under them, signed at a branch."""
    staff = ACTING.set(actor.staff_id)
    signer = SIGNER.set(actor.keys)
    try:
        yield
    finally:
        SIGNER.reset(signer)
        ACTING.reset(staff)


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def require_step_up(ctx: Context, actor: Actor, *, fresh: bool = False) -> None:
    now = ctx.now()
    until = actor.step_up_until()
    if until is None or now >= until or actor.checked_at is None or actor.checked_at > now:
        raise StepUpRequired(
            _(
                "This change needs your second factor: enter the current "
                "code from your authenticator app (a check lasts 5 "
                "minutes)."
            )
        )
    if fresh and now - actor.checked_at > FRESH_CHECK:
        raise StepUpRequired(
            _(
                "This operation always asks for a fresh code: enter the "
                "current code from your authenticator app again."
            )
        )


def refuse_role(
    actor: Actor,
    action: str,
    message: str,
    *,
    detail: str | None = None,
    entity_type: str | None = None,
    entity_id: object = None,
    fields: Sequence[str] = (),
) -> RoleForbidden:
    """The refusal of something the actor's role may not do, with the audit event it leaves.

    Raise it inside a registered service: the gate writes the event once the
    service's transaction has rolled back.
    """
    return RoleForbidden(
        message,
        audit={
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "fields": list(fields),
            "detail": detail or f"role {actor.role}",
        },
    )


def require_permission(actor: Actor, permission: Permission, what: str) -> None:
    if may(actor.role, permission):
        return
    raise refuse_role(
        actor,
        what,
        f"Your role ({actor.role}) may not do this ({what.replace('_', ' ')}).",
        detail=f"role {actor.role} lacks {permission}",
    )


def current_role(ctx: Context, actor: Actor) -> Role:
    """Re-read the staff member: a deactivated, locked or re-roled account stops at once.

    On the server the session lookup has just read the same row for this request; the
    first gate of the request uses that read (once, and only while it is fresh), the
    next ones read again.
    """
    staff: Any = None
    given, actor.staff_read = actor.staff_read, None
    if given is not None and time.monotonic() - given.at < STAFF_READ_FRESH:
        staff = given
    else:
        with ctx.db.read_one() as connection:
            staff = connection.execute(
                select(Staff.active, Staff.locked, Staff.role).where(Staff.id == actor.staff_id)
            ).first()
    if staff is None or not staff.active:
        raise AuthenticationFailed(_("Your staff account no longer exists or was deactivated."))
    if staff.locked:
        raise AuthenticationFailed(
            _("Your staff account is locked; ask a supervisor to unlock it.")
        )
    if Role(staff.role) is not actor.role:
        actor.role = Role(staff.role)
    return actor.role


def _audit_refusals(
    ctx: Context, actor: Actor, fn: Callable[..., R], *args: Any, **kwargs: Any
) -> R:
    """Run a service; a refusal that asks to be audited is recorded after its rollback.

    A refusal by role is always recorded, even one raised without an event of its own.
    """
    try:
        return fn(ctx, actor, *args, **kwargs)
    except Refused as exc:
        event = exc.audit
        if event is None and isinstance(exc, RoleForbidden):
            event = {"action": fn.__name__, "detail": f"role {actor.role}: {exc.message}"}
        if event is not None and not exc.audited:  # once, if services are nested
            from voxprivacy.services import audit

            audit.record_alone(ctx, actor, outcome=AuditOutcome.REFUSED, **event)
            exc.audited = True
        raise


def _checked(
    ctx: Context,
    actor: Actor,
    permission: Permission | None,
    fn: Callable[..., R],
    *args: Any,
    **kwargs: Any,
) -> R:
    """The role check, then the service, both under the one refusal path."""

    def run(ctx: Context, actor: Actor, *args: Any, **kwargs: Any) -> R:
        if permission is not None:
            require_permission(actor, permission, fn.__name__)
        return fn(ctx, actor, *args, **kwargs)

    run.__name__ = fn.__name__
    return _audit_refusals(ctx, actor, run, *args, **kwargs)


def writes(
    permission: Permission | None, *, fresh: bool = False
) -> Callable[
    [Callable[Concatenate[Context, Actor, P], R]], Callable[Concatenate[Context, Actor, P], R]
]:
    def decorate(
        fn: Callable[Concatenate[Context, Actor, P], R],
    ) -> Callable[Concatenate[Context, Actor, P], R]:
        name = _name(fn)

        @functools.wraps(fn)
        def guarded(ctx: Context, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if ctx.remote is not None:
                return _send(ctx, name, fn, (ctx, actor, *args), kwargs)  # type: ignore[no-any-return]
            require_step_up(ctx, actor, fresh=fresh)
            current_role(ctx, actor)
            with acting(actor):
                return _checked(ctx, actor, permission, fn, *args, **kwargs)

        _register(guarded, "write", permission, fresh)
        return guarded

    return decorate


def reads(
    permission: Permission | None,
) -> Callable[
    [Callable[Concatenate[Context, Actor, P], R]], Callable[Concatenate[Context, Actor, P], R]
]:
    def decorate(
        fn: Callable[Concatenate[Context, Actor, P], R],
    ) -> Callable[Concatenate[Context, Actor, P], R]:
        name = _name(fn)

        @functools.wraps(fn)
        def guarded(ctx: Context, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if ctx.remote is not None:
                return _send(ctx, name, fn, (ctx, actor, *args), kwargs)  # type: ignore[no-any-return]
            current_role(ctx, actor)
            return _checked(ctx, actor, permission, fn, *args, **kwargs)

        _register(guarded, "read", permission, False)
        return guarded

    return decorate


def authenticates(fn: Callable[P, R]) -> Callable[P, R]:
    """Sign-in, second-factor checks and bootstrapping: they vouch for themselves.

    Each takes the context first; with a remote transport the call goes there.
    """
    name = _name(fn)

    @functools.wraps(fn)
    def gate(*args: P.args, **kwargs: P.kwargs) -> R:
        ctx = args[0] if args else kwargs.get("ctx")
        if isinstance(ctx, Context) and ctx.remote is not None:
            return _send(ctx, name, fn, tuple(args), dict(kwargs))  # type: ignore[no-any-return]
        return fn(*args, **kwargs)

    _register(gate, "auth", None, False)
    return gate
