"""Privacy requests, from the customer's call to the supervisor's approval and the proof.

Opening a request needs a record of how the caller's identity was verified.
Access requests end with the customer's full package written out;
rectifications keep each field's before and after with the request; an
erasure shows its impact first, waits for a supervisor who did not open it
(with a fresh second factor), and when carried out leaves a tombstone: no
personal data anywhere, invoices kept under the pseudonymous billing
reference. Third-party disclosures need the customer's current consent.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import (
    Purpose,
)
from voxprivacy.domain.requests import (
    OPEN_STATUSES,
    VERIFICATION_LABELS,
    WITH_PURPOSES,
    RequestKind,
    RequestStatus,
    check_transition,
    due_after,
    extended_due,
    initial_status,
    kind_word,
    parse_kind,
    parse_verification,
    status_word,
)
from voxprivacy.domain.roles import Permission, sections_for
from voxprivacy.domain.wording import printed
from voxprivacy.errors import BadInput, FourEyesViolation, Refused
from voxprivacy.i18n import _, in_english
from voxprivacy.services import access_package, audit, erasure, erasure_journal, restrictions
from voxprivacy.services.context import WRITTEN_FOR, Actor, Context
from voxprivacy.services.customers import (
    apply_changes,
    check_edit_allowed,
    consent_history,
    consent_states,
    load_full,
    refuse_if_erased,
    resolve,
)
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.services.guard import reads, writes
from voxprivacy.services.request_records import (
    DEADLINE_SETTING,
    ChangeView,
    DisclosureView,
    RequestView,
    TimelineEntry,
    _conclude,
    _event,
    _load,
    _move,
    _new_reference,
    _reason,
    _refuse_if_customer_erased,
    _staff_names,
    _view,
    billing_counts,
    deadline_days,
)
from voxprivacy.storage.models import (
    Customer,
    Disclosure,
    PackageFile,
    PrivacyRequest,
    RectificationChange,
    Setting,
    Staff,
)

__all__ = [
    "DEADLINE_SETTING",
    "ChangeView",
    "DisclosureView",
    "RequestView",
    "TimelineEntry",
    "billing_counts",
    "deadline_days",
]


# ----------------------------------------------------------------------------- opening


@writes(Permission.PROCESS_REQUESTS)
def open_request(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    kind: str,
    verified_by: str,
    note: str | None = None,
    purposes: Sequence[str] = (),
) -> RequestView:
    """Open a request once the caller's identity was verified (how, by whom, when).

    A restriction or an objection names its ``purposes``. A restriction holds from
    now until it is lifted (``lift_restriction``) or cancelled; an objection withdraws
    the customer's consent to each purpose, with the request as evidence, and is
    completed at once."""
    clean_kind = parse_kind(kind)
    named = restrictions.parse_purposes(clean_kind, purposes) if clean_kind in WITH_PURPOSES else []
    if named == [] and purposes and clean_kind not in WITH_PURPOSES:
        raise BadInput(
            _(
                "purposes: only a restriction or an objection names purposes, not {clean_kind}."
            ).format(clean_kind=clean_kind),
            "purposes",
        )
    if not verified_by or not str(verified_by).strip():
        raise BadInput(
            _(
                "Record how the caller's identity was verified before "
                "opening a request: email-code, callback, pin or in-person."
            ),
            "verified_by",
        )
    method = parse_verification(verified_by)
    clean_note = None
    if note:
        clean_note = v.clean_text(note, "note", limit=v.LIMITS["note"], multiline=True)
        v.refuse_card_numbers(clean_note, "note")
    now = ctx.now()
    with ctx.db.write() as session:
        customer = resolve(session, ref)
        refuse_if_erased(customer)
        request = PrivacyRequest(
            reference=_new_reference(session),
            customer_id=customer.id,
            kind=str(clean_kind),
            status=str(initial_status(clean_kind)),
            received_at=now,
            due_at=due_after(now, deadline_days(session)),
            verification_method=str(method),
            verified_by=actor.staff_id,
            verified_at=now,
            note=clean_note,
            opened_by=actor.staff_id,
            purposes=restrictions.stored(named) or None,
        )
        session.add(request)
        session.flush()
        _event(session, ctx, actor, request, "identity_verified", VERIFICATION_LABELS[method])
        about = f" ({', '.join(printed(str(p)) for p in named)})" if named else ""
        _event(session, ctx, actor, request, "opened", f"{clean_kind} request{about}")
        audit.record(
            session,
            ctx,
            actor,
            "request.open",
            entity_type="privacy_request",
            entity_id=request.id,
            fields=["kind", "verification_method", *(["purposes"] if named else [])],
            detail=f"{clean_kind} for customer {customer.id}",
        )
        if clean_kind is RequestKind.OBJECTION:
            restrictions.withdraw_for_objection(session, request, named, actor.staff_id, now)
            request.completed_by, request.completed_at = actor.staff_id, now
            _event(session, ctx, actor, request, "completed", f"consent withdrawn{about}")
            audit.record(
                session,
                ctx,
                actor,
                "consent.set",
                entity_type="customer",
                entity_id=customer.id,
                fields=[f"consent.{p}" for p in named],
                detail=f"withdrawn by objection, request {request.reference}",
            )
        session.flush()
        return _view(session, ctx, request, actor.role)


@reads(Permission.PROCESS_REQUESTS)
def list_requests(
    ctx: Context, actor: Actor, status: str | None = None, customer: str | None = None
) -> list[RequestView]:
    """The queue: overdue first, then by due date."""
    stmt = select(PrivacyRequest)
    if status:
        if status == "open":
            stmt = stmt.where(PrivacyRequest.status.in_([str(s) for s in OPEN_STATUSES]))
        else:
            try:
                stmt = stmt.where(PrivacyRequest.status == str(RequestStatus(status)))
            except ValueError:
                raise BadInput(
                    _(
                        "{status!r} is not a request status; use open or one of {requeststatus}."
                    ).format(
                        status=status, requeststatus=", ".join(s.value for s in RequestStatus)
                    ),
                    "status",
                ) from None
    with ctx.db.read() as session:
        if customer:
            stmt = stmt.where(PrivacyRequest.customer_id == resolve(session, customer).id)
        is_open = case((PrivacyRequest.status.in_([str(s) for s in OPEN_STATUSES]), 0), else_=1)
        rows = session.execute(stmt.order_by(is_open, PrivacyRequest.due_at)).scalars().all()
        names = _staff_names(session)
        session.execute(
            select(Customer).where(Customer.id.in_({r.customer_id for r in rows}))
        ).scalars().all()  # one query loads every customer into the session's identity map
        return [_view(session, ctx, r, actor.role, with_details=False, names=names) for r in rows]


@reads(Permission.PROCESS_REQUESTS)
def show_request(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> RequestView:
    with ctx.db.read() as session:
        return _view(session, ctx, _load(session, ref), actor.role)


@reads(Permission.PROCESS_REQUESTS)
def erasure_impact(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> ErasureImpact:
    """The preview shown before anyone confirms an erasure."""
    with ctx.db.read() as session:
        customer = resolve(session, ref)
        refuse_if_erased(customer)
        return erasure.impact(session, customer, actor.role)


# ----------------------------------------------------------------------------- deciding


@writes(Permission.APPROVE_ERASURE, fresh=True)
def approve_erasure(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> RequestView:
    """A supervisor who did not open the request approves it, with a fresh second factor."""
    with ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _refuse_if_customer_erased(session, request)
        if request.kind != RequestKind.ERASURE:
            raise Refused(
                _(
                    "Request {request_reference} is a {request_kind} request; "
                    "only erasures need an approval."
                ).format(request_reference=request.reference, request_kind=kind_word(request.kind))
            )
        if actor.staff_id in (request.opened_by, request.verified_by):
            raise FourEyesViolation(
                _(
                    "You opened request {request_reference}; another supervisor must approve it."
                ).format(request_reference=request.reference),
                audit={
                    "action": "request.approve",
                    "entity_type": "privacy_request",
                    "entity_id": request.id,
                    "detail": "four-eyes rule",
                },
            )
        _move(request, RequestStatus.APPROVED)
        request.decided_by, request.decided_at = actor.staff_id, ctx.now()
        return _conclude(session, ctx, actor, request, "approved", "request.approve", ["status"])


@writes(Permission.APPROVE_ERASURE, fresh=True)
def deny_request(ctx: Context, actor: Actor, ref: str | uuid.UUID, reason: str) -> RequestView:
    clean = _reason(reason)
    with ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _refuse_if_customer_erased(session, request)
        if actor.staff_id in (request.opened_by, request.verified_by):
            raise FourEyesViolation(
                _(
                    "You opened request {request_reference}; another supervisor must decide it."
                ).format(request_reference=request.reference),
                audit={
                    "action": "request.deny",
                    "entity_type": "privacy_request",
                    "entity_id": request.id,
                    "detail": "four-eyes rule",
                },
            )
        _move(request, RequestStatus.DENIED)
        request.decided_by, request.decided_at = actor.staff_id, ctx.now()
        request.decision_reason = clean
        return _conclude(
            session,
            ctx,
            actor,
            request,
            "denied",
            "request.deny",
            ["status", "decision_reason"],
            detail=clean,
        )


@writes(Permission.PROCESS_REQUESTS)
def extend_request(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, days: int, reason: str
) -> RequestView:
    """Extend the deadline once, by up to two months, with a reason."""
    clean = _reason(reason)
    with ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _refuse_if_customer_erased(session, request)
        if RequestStatus(request.status) not in OPEN_STATUSES:
            raise Refused(
                _(
                    "Request {request_reference} is {request_status}; only "
                    "open requests can be extended."
                ).format(
                    request_reference=request.reference, request_status=status_word(request.status)
                )
            )
        if request.extended:
            raise Refused(
                _(
                    "Request {request_reference} was already extended once; it "
                    "cannot be extended again."
                ).format(request_reference=request.reference)
            )
        request.due_at = extended_due(request.due_at, days)
        request.extended, request.extension_reason = True, clean
        return _conclude(
            session,
            ctx,
            actor,
            request,
            "extended",
            "request.extend",
            ["due_at", "extension_reason"],
            detail=f"by {days} days: {clean}",
        )


@writes(Permission.PROCESS_REQUESTS)
def lift_restriction(ctx: Context, actor: Actor, ref: str | uuid.UUID, reason: str) -> RequestView:
    """End a restriction of processing: the purposes it named may be used again."""
    clean = _reason(reason)
    with ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _refuse_if_customer_erased(session, request)
        if request.kind != RequestKind.RESTRICTION:
            raise BadInput(
                _(
                    "Request {request_reference} is a {request_kind} request; only a "
                    "restriction is lifted."
                ).format(request_reference=request.reference, request_kind=kind_word(request.kind)),
                "request",
            )
        _move(request, RequestStatus.COMPLETED)
        now = ctx.now()
        request.lifted_by, request.lifted_at = actor.staff_id, now
        request.completed_by, request.completed_at = actor.staff_id, now
        request.decision_reason = clean
        return _conclude(
            session,
            ctx,
            actor,
            request,
            "lifted",
            "request.lift_restriction",
            ["status", "lifted_at"],
            detail=clean,
        )


@writes(Permission.PROCESS_REQUESTS)
def cancel_request(ctx: Context, actor: Actor, ref: str | uuid.UUID, reason: str) -> RequestView:
    clean = _reason(reason)
    with ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _refuse_if_customer_erased(session, request)
        _move(request, RequestStatus.CANCELLED)
        request.decision_reason = clean
        return _conclude(
            session, ctx, actor, request, "cancelled", "request.cancel", ["status"], detail=clean
        )


@writes(Permission.CONFIGURE)
def set_deadline_days(ctx: Context, actor: Actor, days: int) -> None:
    if not 1 <= days <= 90:
        raise BadInput(_("days: the deadline must be between 1 and 90 days."), "days")
    with ctx.db.write() as session:
        stored = session.get(Setting, DEADLINE_SETTING)
        if stored is None:
            session.add(Setting(key=DEADLINE_SETTING, value=str(days)))
        else:
            stored.value = str(days)
        audit.record(
            session,
            ctx,
            actor,
            "settings.request_deadline",
            fields=[DEADLINE_SETTING],
            detail=f"{days} days",
        )


# ----------------------------------------------------------------------------- completing


def _open_for_completion(
    session: Session, ref: str | uuid.UUID, kind: RequestKind
) -> PrivacyRequest:
    request = _load(session, ref, for_update=True)
    if request.kind != kind:
        raise Refused(
            _("Request {request_reference} is a {request_kind} request, not {kind}.").format(
                request_reference=request.reference,
                request_kind=kind_word(request.kind),
                kind=kind_word(kind),
            )
        )
    check_transition(
        request.reference, kind, RequestStatus(request.status), RequestStatus.COMPLETED
    )
    return request


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_out_dir(out_dir: str | Path) -> Path:
    target = Path(out_dir).expanduser()
    if not target.is_dir():
        raise BadInput(
            _("{target} is not a folder; create it or choose another with --out.").format(
                target=target
            ),
            "out",
        )
    if not os.access(target, os.W_OK):
        raise BadInput(
            _("The folder {target} is not writable; choose another with --out.").format(
                target=target
            ),
            "out",
        )
    return target


def _write_package(target: Path, stem: str, package: dict[str, Any]) -> list[Path]:
    paths = [target / f"{stem}.json", target / f"{stem}.html"]
    _write_atomically(paths[0], access_package.to_json(package))
    _write_atomically(paths[1], access_package.to_html(package))
    return paths


@contextmanager
def _removed_on_failure(paths: list[Path]) -> Iterator[None]:
    """Files written for a step whose database write then failed are removed again."""
    try:
        yield
    except BaseException:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        raise


def _track_files(
    session: Session, ctx: Context, actor: Actor, request: PrivacyRequest, paths: list[Path]
) -> None:
    """Remember where a package was written, so an erasure can delete it or name it."""
    host = socket.gethostname()
    elsewhere = WRITTEN_FOR.get()  # written through the server, for a workstation
    for path in paths:
        session.add(
            PackageFile(
                customer_id=request.customer_id,
                request_id=request.id,
                host=elsewhere[0] if elsewhere else host,
                path=str(elsewhere[1] / path.name if elsewhere else path.resolve()),
                written_at=ctx.now(),
                written_by=actor.staff_id,
            )
        )


@dataclass
class AccessPackage:
    """The files written for an access request, and what follows separately."""

    paths: list[Path]
    billing_follows: str | None = None  # "1 card, 4 invoices": a finance member releases them


@writes(Permission.PROCESS_REQUESTS)
def complete_access(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, out_dir: str | Path
) -> AccessPackage:
    """Write the customer's package (JSON and HTML) into out_dir and complete the request.

    The package holds what the actor's role may see (domain/roles.py). Billing data
    (payment cards, invoices) is not for agents or supervisors: their package says how
    many cards and invoices follow separately, and a finance member writes that part
    with ``release_billing``.
    """
    target = _check_out_dir(out_dir)
    sections = sections_for(actor.role)
    with ctx.db.read() as session:
        request = _open_for_completion(session, ref, RequestKind.ACCESS)
        customer = session.get(Customer, request.customer_id)
        assert customer is not None
        refuse_if_erased(customer)
        package = access_package.build(session, customer.id, ctx.now(), sections)
        stem = f"{request.reference}-{customer.account_number}"
    paths = _write_package(target, stem, package)
    separately = package.get("sent_separately")
    follows = (
        billing_counts(separately["payment_cards"], separately["invoices"]) if separately else None
    )
    with _removed_on_failure(paths), ctx.db.write() as session:
        request = _open_for_completion(session, ref, RequestKind.ACCESS)
        _track_files(session, ctx, actor, request, paths)
        request.status = str(RequestStatus.COMPLETED)
        request.completed_by, request.completed_at = actor.staff_id, ctx.now()
        detail = "access package handed out"
        if follows:
            detail += f"; billing data ({follows}) to be released by finance"
        _event(session, ctx, actor, request, "completed", detail)
        audit.record(
            session,
            ctx,
            actor,
            "request.access_export",
            entity_type="customer",
            entity_id=request.customer_id,
            fields=sorted(k for k in package if isinstance(package[k], list | dict)),
            detail=f"request {request.reference}",
        )
    return AccessPackage(paths, follows)


@writes(Permission.RELEASE_BILLING)
def release_billing(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, out_dir: str | Path
) -> list[Path]:
    """Finance writes the billing part of an access package (cards, invoices, billing
    address, with the customer's name and account number) into out_dir.

    Allowed for an access request that is open or completed, not for one cancelled or
    denied, nor for an erased customer. Recorded on the request's timeline and in the
    audit trail.
    """
    target = _check_out_dir(out_dir)
    with ctx.db.read() as session:
        request = _load(session, ref)
        if request.kind != RequestKind.ACCESS:
            raise Refused(
                _(
                    "Request {request_reference} is a {request_kind} request; "
                    "billing data is released only for an access request."
                ).format(request_reference=request.reference, request_kind=kind_word(request.kind))
            )
        if request.status not in {str(st) for st in OPEN_STATUSES} | {str(RequestStatus.COMPLETED)}:
            raise Refused(
                _(
                    "Request {request_reference} is {request_status}; nothing is released for it."
                ).format(
                    request_reference=request.reference, request_status=status_word(request.status)
                )
            )
        customer = session.get(Customer, request.customer_id)
        assert customer is not None
        refuse_if_erased(customer)
        package = access_package.build(session, customer.id, ctx.now(), sections_for(actor.role))
        stem = f"{request.reference}-{customer.account_number}-billing"
    paths = _write_package(target, stem, package)
    with _removed_on_failure(paths), ctx.db.write() as session:
        request = _load(session, ref, for_update=True)
        _track_files(session, ctx, actor, request, paths)
        counts = billing_counts(len(package["payment_cards"]), len(package["invoices"]))
        detail = f"billing part released ({counts})"
        _event(session, ctx, actor, request, "billing_released", detail)
        audit.record(
            session,
            ctx,
            actor,
            "request.billing_release",
            entity_type="customer",
            entity_id=request.customer_id,
            fields=sorted(k for k in package if isinstance(package[k], list | dict)),
            detail=f"request {request.reference}",
        )
    return paths


@writes(Permission.PROCESS_REQUESTS)
def rectify(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, changes: dict[str, str]
) -> RequestView:
    """Apply the corrections the customer asked for; keep each before and after."""
    check_edit_allowed(ctx, actor, changes)
    with ctx.db.write() as session:
        request = _open_for_completion(session, ref, RequestKind.RECTIFICATION)
        customer = load_full(session, request.customer_id)
        changed = apply_changes(session, ctx, customer, changes)
        now = ctx.now()
        for name, (before, after) in changed.items():
            session.add(
                RectificationChange(
                    request_id=request.id, field=name, before=before, after=after, at=now
                )
            )
        request.status = str(RequestStatus.COMPLETED)
        request.completed_by, request.completed_at = actor.staff_id, now
        _event(session, ctx, actor, request, "completed", f"corrected {', '.join(sorted(changed))}")
        audit.record(
            session,
            ctx,
            actor,
            "request.rectify",
            entity_type="customer",
            entity_id=customer.id,
            fields=list(changed),
            detail=f"request {request.reference}",
        )
        session.flush()
        return _view(session, ctx, request, actor.role)


@writes(Permission.PROCESS_REQUESTS)
def complete_erasure(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> RequestView:
    """Carry out an approved erasure: the customer becomes a tombstone."""
    with ctx.db.write() as session:
        request = _open_for_completion(session, ref, RequestKind.ERASURE)
        customer = load_full(session, request.customer_id)
        refuse_if_erased(customer)
        impact = erasure.impact(session, customer, actor.role)
        files = erasure.package_files(session, customer.id)
        erasure.erase_customer(session, ctx, customer, request)
        request.status = str(RequestStatus.COMPLETED)
        request.completed_by, request.completed_at = actor.staff_id, ctx.now()
        erased_id, request_id, erased_at = request.customer_id, request.id, request.completed_at
        ended = sum(1 for s in impact.services if s.outcome == "ended")
        _event(
            session,
            ctx,
            actor,
            request,
            "completed",
            in_english(
                "erased; {n} service ended; invoices kept under the billing reference",
                "erased; {n} services ended; invoices kept under the billing reference",
                ended,
            ).format(n=ended),
        )
        audit.record(
            session,
            ctx,
            actor,
            "customer.erase",
            entity_type="customer",
            entity_id=customer.id,
            fields=[
                "name",
                "company",
                "note",
                "addresses",
                "phones",
                "emails",
                "cards",
                "interactions",
                "consents",
                "search_terms",
                "package_files",
            ],
            detail=f"request {request.reference}",
        )
        session.flush()
        view = _view(session, ctx, request, actor.role)
    erasure_journal.record_erasure(ctx, erased_id, request_id, erased_at)
    view.files_deleted, view.files_to_delete = erasure.delete_package_files(ctx.db, files)
    view.not_vacuumed = ctx.db.purge_freed_pages(erasure.ERASURE_TABLES)
    return view


@writes(Permission.RECORD_DISCLOSURES)
def record_disclosure(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, recipient: str, data: str
) -> DisclosureView:
    """Log a disclosure to a third party; refused without the customer's current consent.

    Holds for terminated accounts too: the policy promises no disclosure after the
    relationship ends without consent.
    """
    clean_recipient = v.clean_text(recipient, "recipient", limit=200)
    clean_data = v.clean_text(data, "data", limit=500)
    v.refuse_card_numbers(clean_data, "data")
    with ctx.db.write() as session:
        customer = resolve(session, ref, for_update=True)
        refuse_if_erased(customer)
        restrictions.refuse_if_restricted(
            session, customer, Purpose.THIRD_PARTY_DISCLOSURE, "disclosure.record"
        )
        events = consent_history(session, customer.id)
        state = {c.purpose: c for c in consent_states(events)}
        consent = state[str(Purpose.THIRD_PARTY_DISCLOSURE)]
        if not consent.granted:
            raise Refused(
                _(
                    "Customer {customer_account_number} has not consented to "
                    "disclosure to third parties; nothing may be passed on. "
                    "Record their consent first if they give it."
                ).format(customer_account_number=customer.account_number),
                audit={
                    "action": "disclosure.record",
                    "entity_type": "customer",
                    "entity_id": customer.id,
                    "detail": "no third-party consent",
                },
            )
        latest = next(e for e in events if e.purpose == Purpose.THIRD_PARTY_DISCLOSURE)
        basis = f"consent of {latest.expressed_at.date().isoformat()} ({latest.source})"
        row = Disclosure(
            customer_id=customer.id,
            at=ctx.now(),
            staff_id=actor.staff_id,
            recipient=clean_recipient,
            data=clean_data,
            basis=basis,
            consent_event_id=latest.id,
        )
        session.add(row)
        audit.record(
            session,
            ctx,
            actor,
            "disclosure.record",
            entity_type="customer",
            entity_id=customer.id,
            fields=["recipient", "data"],
        )
    return DisclosureView(row.at, actor.username, clean_recipient, clean_data, basis)


@reads(Permission.PROCESS_REQUESTS)
def list_disclosures(ctx: Context, actor: Actor, ref: str | uuid.UUID) -> list[DisclosureView]:
    with ctx.db.read() as session:
        customer = resolve(session, ref)
        names = dict(session.execute(select(Staff.id, Staff.username)).all())
        rows = (
            session.execute(
                select(Disclosure)
                .where(Disclosure.customer_id == customer.id)
                .order_by(Disclosure.at.desc())
            )
            .scalars()
            .all()
        )
    return [DisclosureView(d.at, names.get(d.staff_id), d.recipient, d.data, d.basis) for d in rows]
