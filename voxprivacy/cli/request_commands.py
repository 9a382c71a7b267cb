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
from voxprivacy.domain.requests import VerificationMethod
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import requests
from voxprivacy.services.context import Actor
from voxprivacy.services.requests import RequestView

METHODS = [m.value for m in VerificationMethod]
NO_VERIFICATION = (
    "Record how the caller's identity was verified before opening a request: "
    f"--verified-by {'|'.join(METHODS)} (a code sent to the email on file, a "
    "call back to the number on file, the account PIN or security answer, in "
    "person with an identity document, a signed written request, at a branch counter)."
)


def _view_json(inv: Invocation, view: RequestView) -> int:
    inv.print(output.to_json(dataclasses.asdict(view)))
    return OK


# --------------------------------------------------------------------------- opening, reading


def request_open(inv: Invocation) -> int:
    if not inv.args.verified_by:  # checked before signing in: no code is used up
        raise BadInput(NO_VERIFICATION, "verified_by")
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
    inv.print(
        f"{view.kind.capitalize()} request opened for customer "
        f"{output.safe(view.account_number)} ({output.safe(view.customer_name)}); "
        f"identity verified by {view.verification}."
    )
    if view.purposes:
        named = ", ".join(p.replace("_", "-") for p in view.purposes)
        if view.in_force:
            inv.print(f"Restricted from now until lifted: {named}.")
        elif view.kind == "objection":
            inv.print(f"Consent withdrawn, with this request as evidence: {named}.")
    if view.status not in ("completed", "cancelled"):
        inv.print(f"Due {output.due_text(view)}.")
    if view.impact is not None:
        for line in output.impact_lines(view.impact):
            inv.print(line)
        inv.print(
            f"A supervisor who did not open it must approve it: 'request approve {view.reference}'."
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
        inv.print("No privacy requests match.")
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
        f"Erasure request {view.reference} approved; carry it out with 'request "
        f"complete {view.reference}'."
    )
    return OK


def request_deny(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.deny_request(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(f"Request {view.reference} denied.")
    return OK


def request_extend(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.extend_request(
        inv.context(), actor, inv.args.request, inv.args.days, inv.args.reason
    )
    if inv.json:
        return _view_json(inv, view)
    inv.print(
        f"Request {view.reference} extended by {inv.args.days} days; now due "
        f"{output.due_text(view)}."
    )
    return OK


def request_lift(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.lift_restriction(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(f"Restriction {view.reference} lifted.")
    return OK


def request_cancel(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = requests.cancel_request(inv.context(), actor, inv.args.request, inv.args.reason)
    if inv.json:
        return _view_json(inv, view)
    inv.print(f"Request {view.reference} cancelled.")
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
        inv.print(f"Access request {before.reference} completed; the customer's package:")
        for path in written.paths:
            inv.print(f"  {path}")
        if written.billing_follows:
            inv.print(
                f"Billing data ({written.billing_follows}) is not in this package; a finance "
                f"member releases it with 'request release-billing {before.reference} --out DIR'."
            )
        return OK
    if before.kind == "rectification":
        view = requests.rectify(ctx, actor, before.reference, changes)
        if inv.json:
            return _view_json(inv, view)
        inv.print(
            f"Rectification {view.reference} completed for customer "
            f"{output.safe(view.account_number)}:"
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
        f"Erasure {view.reference} carried out: customer {before.account_number} is "
        f"now the tombstone {view.account_number} (status erased, no personal data)."
    )
    if impact is not None:
        ended = [s for s in impact.services if s.outcome == "ended"]
        kept = [s for s in impact.services if s.outcome != "ended"]
        inv.print(f"Services ended: {len(ended)}")
        for s in ended:
            inv.print(
                f"  {output.safe(s.label)} {output.safe(s.identifier)} (needed "
                f"{'; '.join(s.loses)})"
            )
        if kept:
            inv.print(f"Services the preview marked as kept: {len(kept)}")
            for s in kept:
                inv.print(f"  {output.safe(s.label)} {output.safe(s.identifier)}")
        for line in impact.kept:
            inv.print(f"Kept: {output.safe(line)}")
    if view.files_deleted:
        inv.print(f"Access package files deleted: {len(view.files_deleted)}")
        for deleted in view.files_deleted:
            inv.print(f"  {output.safe(deleted)}")
    if view.files_to_delete:
        inv.print(
            f"Delete these access package files by hand ({len(view.files_to_delete)}; this "
            "workstation cannot reach them):"
        )
        for left in view.files_to_delete:
            inv.print(f"  {output.safe(left)}")
    if view.not_vacuumed:
        inv.print(
            "Not vacuumed (old row versions remain until VACUUM runs): "
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
    inv.print("The billing part of the customer's access package:")
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
        f"Disclosure to {output.safe(record.recipient)} recorded; basis: "
        f"{output.safe(record.basis)}."
    )
    return OK


def disclosure_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    records = requests.list_disclosures(inv.context(), actor, inv.args.customer)
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(d) for d in records]))
    elif not records:
        inv.print("No disclosures recorded for this customer.")
    else:
        inv.print(output.disclosure_rows(records))
    return OK


# --------------------------------------------------------------------------- settings


def settings_request_deadline(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    requests.set_deadline_days(inv.context(), actor, inv.args.days)
    message = (
        f"New privacy requests are due {inv.args.days} days after receipt; open "
        "requests keep their due dates."
    )
    if inv.json:
        inv.print(output.to_json({"ok": True, "message": message, "days": inv.args.days}))
    else:
        inv.print(message)
    return OK
