"""Privacy requests, third-party disclosures and the request deadline: one function per
command. The rules (identity check, four-eyes approval, transitions, consent) live in
``voxprivacy.services.requests``; these functions parse, call and print."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from voxprivacy.cli import output
from voxprivacy.cli.commands import OK
from voxprivacy.cli.customer_commands import parse_changes
from voxprivacy.cli.session import Invocation
from voxprivacy.domain.requests import RequestKind, VerificationMethod
from voxprivacy.domain.wording import PURPOSE_WORDS, printed, said
from voxprivacy.errors import BadInput
from voxprivacy.i18n import N_, Vocabulary, _, ngettext
from voxprivacy.services import requests
from voxprivacy.services.context import Actor
from voxprivacy.services.requests import RequestView

METHODS = [m.value for m in VerificationMethod]


def _no_verification() -> str:
    return _(
        "Record how the caller's identity was verified before opening a request: "
        "--verified-by {methods} (a code sent to the email on file, a "
        "call back to the number on file, the account PIN or security answer, in "
        "person with an identity document, a signed written request, at a branch counter)."
    ).format(methods="|".join(METHODS))


def _view_json(inv: Invocation, view: RequestView) -> int:
    inv.print(output.to_json(dataclasses.asdict(view)))
    return OK


# --------------------------------------------------------------------------- opening, reading


OPENED: Vocabulary[str] = Vocabulary(
    {
        RequestKind.ACCESS: N_(
            "Access request opened for customer {account_number} ({customer_name}); "
            "identity verified by {verification}."
        ),
        RequestKind.RECTIFICATION: N_(
            "Rectification request opened for customer {account_number} ({customer_name}); "
            "identity verified by {verification}."
        ),
        RequestKind.ERASURE: N_(
            "Erasure request opened for customer {account_number} ({customer_name}); "
            "identity verified by {verification}."
        ),
        RequestKind.RESTRICTION: N_(
            "Restriction request opened for customer {account_number} ({customer_name}); "
            "identity verified by {verification}."
        ),
        RequestKind.OBJECTION: N_(
            "Objection request opened for customer {account_number} ({customer_name}); "
            "identity verified by {verification}."
        ),
    }
)


def request_open(inv: Invocation) -> int:
    if not inv.args.verified_by:  # checked before signing in: no code is used up
        raise BadInput(_no_verification(), "verified_by")
    actor = inv.sign_in_for_write()
    view = requests.open_request(
        inv.context(),
        actor,
        inv.args.customer,
        inv.args.kind,
        inv.args.verified_by,
        inv.args.note,
        purposes=inv.args.purposes,
    )
    if inv.json:
        return _view_json(inv, view)
    # one sentence per kind, so that each language names the request its own way
    inv.print(
        OPENED[view.kind].format(
            account_number=output.safe(view.account_number),
            customer_name=output.safe(view.customer_name),
            verification=view.verification,
        )
    )
    if view.purposes:
        named = ", ".join(printed(said(PURPOSE_WORDS, p)) for p in view.purposes)
        if view.in_force:
            inv.print(_("Restricted from now until lifted: {named}.").format(named=named))
        elif view.kind == "objection":
            inv.print(
                _("Consent withdrawn, with this request as evidence: {named}.").format(named=named)
            )
    if view.status not in ("completed", "cancelled"):
        inv.print(_("Due {due}.").format(due=output.due_text(view)))
    if view.impact is not None:
        for line in output.impact_lines(view.impact):
            inv.print(line)
        inv.print(
            _(
                "A supervisor who did not open it must approve it: 'request approve {reference}'."
            ).format(reference=view.reference)
        )
    inv.print(view.reference)
    return OK


def request_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    views = requests.list_requests(
        inv.context(), actor, status=inv.args.status, customer=inv.args.customer
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(v) for v in views]))
    elif not views:
        inv.print(_("No privacy requests match."))
    else:
        inv.print(output.request_rows(views))
    return OK


def request_show(inv: Invocation) -> int:
    actor = inv.sign_in()
    view = requests.show_request(inv.context(), actor, inv.args.request)
    if inv.json:
        return _view_json(inv, view)
    inv.print(output.request_text(view))
    return OK


# --------------------------------------------------------------------------- deciding


def request_approve(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.approve_erasure(inv.context(), actor, inv.args.request)
    if inv.json:
        return _view_json(inv, view)
    inv.print(
        _(
            "Erasure request {reference} approved; carry it out with 'request "
            "complete {reference}'."
        ).format(reference=view.reference)
    )
    return OK


def request_deny(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.deny_request(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(_("Request {reference} denied.").format(reference=view.reference))
    return OK


def request_extend(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.extend_request(
        inv.context(), actor, inv.args.request, inv.args.days, inv.args.reason
    )
    if inv.json:
        return _view_json(inv, view)
    inv.print(
        ngettext(
            "Request {reference} extended by {days} day; now due {due}.",
            "Request {reference} extended by {days} days; now due {due}.",
            inv.args.days,
        ).format(reference=view.reference, days=inv.args.days, due=output.due_text(view))
    )
    return OK


def request_lift(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.lift_restriction(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(_("Restriction {reference} lifted.").format(reference=view.reference))
    return OK


def request_cancel(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.cancel_request(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(_("Request {reference} cancelled.").format(reference=view.reference))
    return OK


# --------------------------------------------------------------------------- completing


def _check_out_dir(raw: str) -> Path:
    target = Path(raw).expanduser()
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


def request_complete(inv: Invocation) -> int:
    """Access: the package into --out; rectification: the FIELD=VALUE corrections;
    erasure: carry out an approved erasure."""
    changes = parse_changes(inv.args.changes, "request complete") if inv.args.changes else {}
    out_dir: str | None = inv.args.out
    found: list[RequestView] = []

    def check(actor: Actor) -> None:
        """What the request's kind needs, refused before the code is used up."""
        view = requests.show_request(inv.context(), actor, inv.args.request)
        ref = view.reference
        if view.kind == "access":
            if changes:
                raise BadInput(
                    _(
                        "Request {ref} is an access request; it takes no FIELD=VALUE corrections."
                    ).format(ref=ref),
                    "changes",
                )
            if not out_dir:
                raise BadInput(
                    _(
                        "Request {ref} is an access request: name the folder for "
                        "the customer's package with --out DIR."
                    ).format(ref=ref),
                    "out",
                )
            _check_out_dir(out_dir)
        elif view.kind == "rectification":
            if out_dir:
                raise BadInput(
                    _(
                        "Request {ref} is a rectification; --out is only for access requests."
                    ).format(ref=ref),
                    "out",
                )
            if not changes:
                raise BadInput(
                    _(
                        "Request {ref} is a rectification: give the corrections as "
                        "FIELD=VALUE ('request complete --help' lists the fields)."
                    ).format(ref=ref),
                    "changes",
                )
        elif view.kind == "restriction":
            raise BadInput(
                _(
                    "Request {ref} is a restriction: it ends when it is "
                    "lifted, with 'request lift {ref} --reason TEXT'."
                ).format(ref=ref),
                "request",
            )
        elif view.kind == "objection":
            raise BadInput(
                _("Request {ref} is an objection: it was carried out when it was opened.").format(
                    ref=ref
                ),
                "request",
            )
        else:
            if out_dir or changes:
                raise BadInput(
                    _(
                        "Request {ref} is an erasure; it takes neither --out nor FIELD=VALUE."
                    ).format(ref=ref),
                    "out" if out_dir else "changes",
                )
        found.append(view)

    actor = inv.sign_in_for_write(check)
    before = found[0]
    ctx = inv.context()
    if before.kind == "access":
        assert out_dir is not None
        written = requests.complete_access(ctx, actor, before.reference, out_dir)
        if inv.json:
            inv.print(
                output.to_json(
                    {
                        "reference": before.reference,
                        "status": "completed",
                        "files": [str(p) for p in written.paths],
                        "billing_follows": written.billing_follows,
                    }
                )
            )
            return OK
        inv.print(
            _("Access request {reference} completed; the customer's package:").format(
                reference=before.reference
            )
        )
        for path in written.paths:
            inv.print(f"  {path}")
        if written.billing_follows:
            inv.print(
                _(
                    "Billing data ({billing_follows}) is not in this package; a finance "
                    "member releases it with 'request release-billing {reference} --out DIR'."
                ).format(billing_follows=written.billing_follows, reference=before.reference)
            )
        return OK
    if before.kind == "rectification":
        view = requests.rectify(ctx, actor, before.reference, changes)
        if inv.json:
            return _view_json(inv, view)
        inv.print(
            _("Rectification {reference} completed for customer {account_number}:").format(
                reference=view.reference, account_number=output.safe(view.account_number)
            )
        )
        for line in output.change_lines(view):
            inv.print(line)
        return OK
    view = requests.complete_erasure(ctx, actor, before.reference)
    impact = before.impact
    if inv.json:
        data = dataclasses.asdict(view)
        data["impact"] = dataclasses.asdict(impact) if impact is not None else None
        data["previous_account_number"] = before.account_number
        inv.print(output.to_json(data))
        return OK
    inv.print(
        _(
            "Erasure {reference} carried out: customer {account_number} is now the "
            "tombstone {account_number2} (status erased, no personal data)."
        ).format(
            reference=view.reference,
            account_number=before.account_number,
            account_number2=view.account_number,
        )
    )
    if impact is not None:
        ended = [s for s in impact.services if s.outcome == "ended"]
        kept = [s for s in impact.services if s.outcome != "ended"]
        inv.print(_("Services ended: {ended}").format(ended=len(ended)))
        for s in ended:
            inv.print(
                "  "
                + _("{label} {identifier} (needed {loses})").format(
                    label=output.safe(s.label),
                    identifier=output.safe(s.identifier),
                    loses="; ".join(s.loses),
                )
            )
        if kept:
            inv.print(_("Services the preview marked as kept: {kept}").format(kept=len(kept)))
            for s in kept:
                inv.print(f"  {output.safe(s.label)} {output.safe(s.identifier)}")
        for line in impact.kept:
            inv.print(_("Kept: {line}").format(line=output.safe(line)))
    if view.files_deleted:
        inv.print(
            _("Access package files deleted: {files_deleted}").format(
                files_deleted=len(view.files_deleted)
            )
        )
        for deleted in view.files_deleted:
            inv.print(f"  {output.safe(deleted)}")
    if view.files_to_delete:
        inv.print(
            _(
                "Delete these access package files by hand ({files_to_delete}; this "
                "workstation cannot reach them):"
            ).format(files_to_delete=len(view.files_to_delete))
        )
        for left in view.files_to_delete:
            inv.print(f"  {output.safe(left)}")
    if view.not_vacuumed:
        inv.print(
            _("Not vacuumed (old row versions remain until VACUUM runs): ")
            + ", ".join(view.not_vacuumed)
        )
    return OK


def request_release_billing(inv: Invocation) -> int:
    """Finance: the billing part of an access package into --out."""
    _check_out_dir(inv.args.out)
    actor = inv.sign_in_for_write()
    paths = requests.release_billing(inv.context(), actor, inv.args.request, inv.args.out)
    if inv.json:
        inv.print(output.to_json({"request": inv.args.request, "files": [str(p) for p in paths]}))
        return OK
    inv.print(_("The billing part of the customer's access package:"))
    for path in paths:
        inv.print(f"  {path}")
    return OK


# --------------------------------------------------------------------------- disclosures


def disclosure_record(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    record = requests.record_disclosure(
        inv.context(), actor, inv.args.customer, inv.args.to, inv.args.data
    )
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(record)))
        return OK
    inv.print(
        _("Disclosure to {recipient} recorded; basis: {basis}.").format(
            recipient=output.safe(record.recipient), basis=output.safe(record.basis)
        )
    )
    return OK


def disclosure_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    records = requests.list_disclosures(inv.context(), actor, inv.args.customer)
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(d) for d in records]))
    elif not records:
        inv.print(_("No disclosures recorded for this customer."))
    else:
        inv.print(output.disclosure_rows(records))
    return OK


# --------------------------------------------------------------------------- settings


def settings_request_deadline(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    requests.set_deadline_days(inv.context(), actor, inv.args.days)
    message = ngettext(
        "New privacy requests are due {days} day after receipt; open requests "
        "keep their due dates.",
        "New privacy requests are due {days} days after receipt; open requests "
        "keep their due dates.",
        inv.args.days,
    ).format(days=inv.args.days)
    if inv.json:
        inv.print(output.to_json({"ok": True, "message": message, "days": inv.args.days}))
    else:
        inv.print(message)
    return OK
