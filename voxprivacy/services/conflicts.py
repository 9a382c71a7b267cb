"""The conflict queue: fields that the centre and a branch changed differently.

Synchronisation keeps the central value in the record and both values here.
A supervisor decides: keep the central value, take the branch's, or type the
right one. The decision is an ordinary change (second factor, audit, and it
travels to every branch like any other edit); values are shown only here and
never written to the audit trail.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import CONFLICT_SIDES
from voxprivacy.domain.roles import Permission
from voxprivacy.errors import BadInput, CustomerErased, NotFound, Refused
from voxprivacy.i18n import N_, Vocabulary, _, language, ngettext
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import load_full, reindex
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage import changes as ch
from voxprivacy.storage import checks, wire
from voxprivacy.storage import models as m

KEEP = CONFLICT_SIDES

# What a supervisor reads for table.field (anything else shows as "table field").
LABELS: Vocabulary[tuple[str, str]] = Vocabulary(
    {
        ("customers", "name"): N_("name"),
        ("customers", "company"): N_("company"),
        ("customers", "kind"): N_("customer kind"),
        ("customers", "preferred_channel"): N_("preferred channel"),
        ("customers", "language"): N_("language"),
        ("customers", "note"): N_("note"),
        ("customers", "status"): N_("account status"),
        ("emails", "address"): N_("email address"),
        ("emails", "is_primary"): N_("primary email"),
        ("phones", "e164"): N_("phone number"),
        ("phones", "is_primary"): N_("primary phone"),
        ("addresses", "street"): N_("street"),
        ("addresses", "postal_code"): N_("postal code"),
        ("addresses", "city"): N_("city"),
        ("addresses", "country"): N_("country"),
        ("privacy_requests", "status"): N_("privacy request status"),
        ("staff", "role"): N_("staff role"),
        ("staff", "display_name"): N_("staff display name"),
    }
)

# Fields a supervisor may type a third value for, with the check that value passes.
_TYPED: dict[tuple[str, str], Callable[[str], Any]] = {
    ("customers", "name"): lambda t: v.clean_text(t, "name", limit=200),
    ("customers", "company"): lambda t: (
        v.clean_text(t, "company", limit=200, required=False) or None
    ),
    ("customers", "note"): lambda t: (
        v.clean_text(t, "note", limit=2000, required=False, multiline=True) or None
    ),
    ("emails", "address"): lambda t: v.clean_email(t, "value"),
    ("phones", "e164"): lambda t: v.clean_phone(t, None, "value"),
    ("addresses", "street"): lambda t: v.clean_text(t, "street", limit=200),
    ("addresses", "postal_code"): lambda t: v.clean_text(t, "postal_code", limit=20),
    ("addresses", "city"): lambda t: v.clean_text(t, "city", limit=100),
    ("addresses", "country"): lambda t: v.clean_country(t, "value"),
    ("staff", "display_name"): lambda t: v.clean_text(t, "display_name", limit=200),
}


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    created_at: datetime
    origin: str
    kind: str  # field, deleted, rejected
    table: str
    row_id: str
    field: str
    label: str
    customer_id: uuid.UUID | None
    account_number: str | None
    central: str
    branch: str
    branch_staff: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    may_type_value: bool

    @property
    def open(self) -> bool:
        return self.resolved_at is None


def refusal_text(value: object) -> str:
    """A refusal as head office stored it, in the reader's language: the hub writes it in
    every language it speaks ({"en": …, "fr": …, "nl": …}); a refusal stored as one
    text (before that) reads as it was written."""
    if isinstance(value, dict):
        text = value.get(language()) or value.get("en") or next(iter(value.values()), "")
        return str(text)
    return str(value)


def _show(raw: str | None, kind: str, side: str) -> str:
    if raw is None:
        return _("(none)")
    value = json.loads(raw)
    if kind == "deleted" and value is None:
        return _("(deleted)")
    if kind == "rejected":
        if side == "central":
            return _("not applied: {reason}").format(reason=refusal_text(value))
        n = len(value)
        return ngettext("{n} change from the branch", "{n} changes from the branch", n).format(n=n)
    if wire.is_bytes(value):
        return _("(encrypted value)")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {x}" for k, x in value.items() if k not in ("id", "customer_id"))
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _view(
    row: m.SyncConflict, names: dict[uuid.UUID, str], accounts: dict[uuid.UUID, str]
) -> ConflictView:
    label = LABELS.get((row.tbl, row.field), f"{row.tbl.replace('_', ' ')} {row.field}")
    if row.kind == "deleted":
        label = _("{table} record (deleted on one side)").format(table=row.tbl.replace("_", " "))
    elif row.kind == "rejected":
        label = _("a branch change the centre refused")
    return ConflictView(
        row.id,
        row.created_at,
        row.origin,
        row.kind,
        row.tbl,
        row.row_id,
        row.field,
        label,
        row.customer_id,
        accounts.get(row.customer_id) if row.customer_id else None,
        _show(row.central_value, row.kind, "central"),
        _show(row.branch_value, row.kind, "branch"),
        names.get(row.branch_staff_id) if row.branch_staff_id else None,
        row.resolved_at,
        names.get(row.resolved_by) if row.resolved_by else None,
        row.resolution,
        row.kind == "field" and (row.tbl, row.field) in _TYPED,
    )


def _views(session: Session, rows: list[m.SyncConflict]) -> list[ConflictView]:
    names = dict(session.execute(select(m.Staff.id, m.Staff.username)).all())
    ids = {r.customer_id for r in rows if r.customer_id}
    accounts = (
        dict(
            session.execute(
                select(m.Customer.id, m.Customer.account_number).where(m.Customer.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    return [_view(r, names, accounts) for r in rows]


@reads(Permission.RESOLVE_CONFLICTS)
def list_conflicts(
    ctx: Context, actor: Actor, *, include_resolved: bool = False
) -> list[ConflictView]:
    """Open conflicts, oldest first (with ``include_resolved``, every conflict)."""
    query = select(m.SyncConflict).order_by(m.SyncConflict.created_at, m.SyncConflict.id)
    if not include_resolved:
        query = query.where(m.SyncConflict.resolved_at.is_(None))
    with ctx.db.read() as session:
        return _views(session, list(session.execute(query).scalars()))


def count_open(ctx: Context) -> int:
    """How many conflicts wait (for the status bar; no values)."""
    from sqlalchemy import func

    with ctx.db.read() as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(m.SyncConflict)
                .where(m.SyncConflict.resolved_at.is_(None))
            ).scalar_one()
        )


def find(session: Session, ref: str | uuid.UUID) -> m.SyncConflict:
    text = str(ref).strip()
    try:
        wanted = uuid.UUID(text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a conflict id; 'conflicts list' shows them.").format(text=text),
            "conflict",
        ) from None
    row: m.SyncConflict | None = session.get(m.SyncConflict, wanted, with_for_update=True)
    if row is None:
        raise NotFound(
            _("There is no conflict {text} here; 'conflicts list' shows the open ones.").format(
                text=text
            ),
            "conflict",
        )
    return row


@writes(Permission.RESOLVE_CONFLICTS)
def resolve_conflict(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    *,
    keep: str | None = None,
    value: str | None = None,
) -> ConflictView:
    """Settle a conflict: keep the central value, take the branch's, or set ``value``."""
    if (keep is None) == (value is None):
        raise BadInput(
            _("Say how to settle the conflict: keep 'central' or 'branch', or give a value."),
            "keep",
        )
    if keep is not None and keep not in KEEP:
        raise BadInput(_("keep: {keep!r} is not 'central' or 'branch'.").format(keep=keep), "keep")
    with ctx.db.write() as session:
        row = find(session, ref)
        if row.resolved_at is not None:
            raise Refused(
                _(
                    "Conflict {row_id} was already settled ({row_resolution}); nothing changed."
                ).format(row_id=row.id, row_resolution=row.resolution)
            )
        if row.customer_id is not None:
            customer = session.get(m.Customer, row.customer_id)
            if customer is not None and customer.status == "erased":
                raise CustomerErased(_("The customer was erased; there is nothing to settle."))
        spec = wire.SYNCED.get(row.tbl)
        target = _target(session, row) if spec is not None else None
        if value is not None:
            check = _TYPED.get((row.tbl, row.field))
            if row.kind != "field" or check is None:
                raise BadInput(
                    _(
                        "A typed value is possible only for a text field of a "
                        "record; choose --keep central or --keep branch here."
                    ),
                    "value",
                )
            if target is None:
                raise Refused(_("The record no longer exists; nothing to set."))
            _set(target, row, check(value))
            resolution = "value"
        elif keep == "central":
            resolution = "central"
        else:
            resolution = "branch"
            _take_branch(session, row, target)
        row.resolved_at = ctx.now()
        row.resolved_by = actor.staff_id
        row.resolution = resolution
        if row.customer_id is not None and row.tbl in ("customers", "emails", "phones"):
            session.flush()
            customer = load_full(session, row.customer_id)
            if customer.status != "erased":
                reindex(session, customer)
        audit.record(
            session,
            ctx,
            actor,
            "sync.conflict_resolve",
            entity_type=row.tbl,
            entity_id=row.row_id,
            fields=[row.field],
            detail=f"kept {resolution}",
        )
        session.flush()
        return _views(session, [row])[0]


def _target(session: Session, row: m.SyncConflict) -> Any:
    spec = wire.SYNCED[row.tbl]
    model = next(
        mapper.class_ for mapper in m.Base.registry.mappers if mapper.local_table is spec.table
    )
    key = wire.decode_value(spec.columns[spec.pk], row.row_id)
    return session.get(model, key)


def _take_branch(session: Session, row: m.SyncConflict, target: Any) -> None:
    if row.kind == "rejected":
        raise Refused(
            _(
                "The centre could not apply that branch change (see the "
                "reason shown); enter the change again by hand, then "
                "settle this conflict with --keep central."
            )
        )
    if row.kind == "deleted":
        if target is None:
            raise Refused(
                _(
                    "The record was deleted at the centre; add the value again "
                    "as a new edit, then settle this conflict with --keep "
                    "central."
                )
            )
        session.delete(target)
        return
    if target is None:
        raise Refused(_("The record no longer exists; nothing to set."))
    spec = wire.SYNCED[row.tbl]
    raw = json.loads(row.branch_value) if row.branch_value is not None else None
    value = wire.decode_value(spec.columns[row.field], raw)
    try:
        checks.check_value(spec.table, spec.columns[row.field], value)
    except BadInput as exc:
        raise BadInput(
            _(
                "The branch's value cannot be kept: {message} Settle this "
                "conflict with --keep central, or type the value to keep "
                "with --value."
            ).format(message=exc.message),
            "keep",
        ) from None
    _set(target, row, value)


def _set(target: Any, row: m.SyncConflict, value: Any) -> None:
    """Set the field, and what is derived from it (folded email, search terms)."""
    setattr(target, row.field, value)
    for (tbl, derived), source in ch.DERIVED.items():
        if tbl == row.tbl and source == row.field:
            setattr(target, derived, v.fold(value))
