"""The gate every service passes: step-up first, then role.

``@writes`` and ``@reads`` register each public service, so a test can
enumerate them all and prove that no write runs without a valid second-factor
check. A missing step-up is refused before anything is read or written; a role
refusal is audited.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select

from voxprivacy.domain.enums import AuditOutcome, Role
from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import AuthenticationFailed, Refused, RoleForbidden, StepUpRequired
from voxprivacy.services.context import FRESH_CHECK, Actor, Context
from voxprivacy.storage.changes import ACTING
from voxprivacy.storage.models import Staff

P = ParamSpec("P")
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


def require_step_up(ctx: Context, actor: Actor, *, fresh: bool = False) -> None:
    now = ctx.now()
    until = actor.step_up_until()
    if until is None or now >= until or actor.checked_at is None or actor.checked_at > now:
        raise StepUpRequired(
            "This change needs your second factor: enter the current code from your "
            "authenticator app (a check lasts 5 minutes)."
        )
    if fresh and now - actor.checked_at > FRESH_CHECK:
        raise StepUpRequired(
            "This operation always asks for a fresh code: enter the current code from your "
            "authenticator app again."
        )


def require_permission(ctx: Context, actor: Actor, permission: Permission, what: str) -> None:
    if may(actor.role, permission):
        return
    from voxprivacy.services import audit

    audit.record_alone(
        ctx,
        actor,
        what,
        outcome=AuditOutcome.REFUSED,
        detail=f"role {actor.role} lacks {permission}",
    )
    raise RoleForbidden(f"Your role ({actor.role}) may not do this ({what.replace('_', ' ')}).")


def current_role(ctx: Context, actor: Actor) -> Role:
    """Re-read the staff member: a deactivated, locked or re-roled account stops at once."""
    with ctx.db.read() as session:
        staff = (
            session.connection()
            .execute(
                select(Staff.active, Staff.locked, Staff.role).where(Staff.id == actor.staff_id)
            )
            .first()
        )
    if staff is None or not staff.active:
        raise AuthenticationFailed("Your staff account no longer exists or was deactivated.")
    if staff.locked:
        raise AuthenticationFailed("Your staff account is locked; ask a supervisor to unlock it.")
    if Role(staff.role) is not actor.role:
        actor.role = Role(staff.role)
    return actor.role


def _audit_refusals(
    ctx: Context, actor: Actor, fn: Callable[..., R], *args: Any, **kwargs: Any
) -> R:
    """Run a service; a refusal that asks to be audited is recorded after its rollback."""
    try:
        return fn(ctx, actor, *args, **kwargs)
    except Refused as exc:
        if exc.audit is not None:
            from voxprivacy.services import audit

            audit.record_alone(ctx, actor, outcome=AuditOutcome.REFUSED, **exc.audit)
        raise


def writes(
    permission: Permission | None, *, fresh: bool = False
) -> Callable[
    [Callable[Concatenate[Context, Actor, P], R]], Callable[Concatenate[Context, Actor, P], R]
]:
    def decorate(
        fn: Callable[Concatenate[Context, Actor, P], R],
    ) -> Callable[Concatenate[Context, Actor, P], R]:
        @functools.wraps(fn)
        def guarded(ctx: Context, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            require_step_up(ctx, actor, fresh=fresh)
            current_role(ctx, actor)
            if permission is not None:
                require_permission(ctx, actor, permission, fn.__name__)
            token = ACTING.set(actor.staff_id)
            try:
                return _audit_refusals(ctx, actor, fn, *args, **kwargs)
            finally:
                ACTING.reset(token)

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
        @functools.wraps(fn)
        def guarded(ctx: Context, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            current_role(ctx, actor)
            if permission is not None:
                require_permission(ctx, actor, permission, fn.__name__)
            return fn(ctx, actor, *args, **kwargs)

        _register(guarded, "read", permission, False)
        return guarded

    return decorate


def authenticates(fn: Callable[P, R]) -> Callable[P, R]:
    """Sign-in, second-factor checks and bootstrapping: they vouch for themselves."""
    _register(fn, "auth", None, False)
    return fn
