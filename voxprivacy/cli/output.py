"""Printing results: JSON for scripts, plain tables and sections for people.

Text from the database is shown with control and bidirectional-override
characters escaped, so a crafted name cannot rewrite the terminal or reorder
what staff read.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from voxprivacy.domain.requests import OPEN_STATUSES, RequestStatus
from voxprivacy.domain.wording import printed
from voxprivacy.i18n import ngettext

if TYPE_CHECKING:  # the views are only named here: importing output loads no service
    from voxprivacy.services.conflicts import ConflictView
    from voxprivacy.services.customers import AddressView, CustomerView, TerminationImpact
    from voxprivacy.services.erasure import ErasureImpact
    from voxprivacy.services.requests import DisclosureView, RequestView
    from voxprivacy.services.staff import StaffSummary
    from voxprivacy.sync.replica import SyncReport, SyncStatus


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def to_json(value: object) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, indent=2)


def safe(value: object) -> str:
    """One line of text fit for a terminal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ", timespec="seconds")
    else:
        text = str(value)
    out = []
    for ch in text:
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if ch not in "\n\t" else " ")
        else:
            out.append(ch)
    return "".join(out)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[safe(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def staff_rows(staff: Sequence[StaffSummary]) -> str:
    return table(
        ("username", "name", "role", "active", "locked", "failures", "2fa enrolled", "created"),
        [
            (
                s.username,
                s.display_name,
                s.role,
                s.active,
                s.locked,
                s.failed_attempts,
                s.enrolled,
                s.created_at,
            )
            for s in staff
        ],
    )


def enrollment_text(
    username: str, role: str, recovery_codes: Sequence[str], otpauth_uri: str
) -> list[str]:
    """Recovery codes, then the authenticator URI as the last line."""
    return [
        f"Recovery codes for {username} ({role}); each works once, keep them offline:",
        *(f"  {code}" for code in recovery_codes),
        f"Authenticator for {username} (scan it or paste it into the app; it contains the "
        "secret, so do not keep it):",
        otpauth_uri,
    ]


def _address(a: AddressView) -> str:
    return f"{a.street}, {a.postal_code} {a.city}, {a.country}"


def _money(cents: int, currency: str) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{currency} {abs(cents) // 100}.{abs(cents) % 100:02d}"


def _field(label: str, value: object) -> str:
    return f"  {label + ':':<20} {safe(value)}"


def customer_text(view: CustomerView) -> str:
    """The record as sections; only what the view holds (the role decided that)."""
    lines = [f"Customer {view.account_number}", _field("Name", view.name)]
    if view.company:
        lines.append(_field("Company", view.company))
    lines += [
        _field("Kind", view.kind),
        _field("Status", view.status),
        _field("Id", view.id),
        _field("Version", view.version),
        _field("Created", view.created_at),
    ]
    if view.terminated_at:
        lines.append(_field("Terminated", view.terminated_at))
    if view.termination_due:
        lines.append(_field("Terminates on", view.termination_due))
    if view.emails is not None or view.phones is not None or view.addresses is not None:
        lines += [
            "",
            "Contact",
            _field("Preferred channel", view.preferred_channel),
            _field("Language", view.language),
        ]
        for e in view.emails or []:
            lines.append(_field("Email", f"{e.address}{' (primary)' if e.primary else ''}"))
        for p in view.phones or []:
            lines.append(
                _field("Phone", f"{p.display} ({p.kind}{', primary' if p.primary else ''})")
            )
        for a in view.addresses or []:
            lines.append(_field(f"Address ({a.kind})", _address(a)))
        if view.note:
            lines.append(_field("Note", view.note))
    if view.services is not None:
        lines += ["", "Services"]
        lines += _table_or_none(
            ("service", "identifier", "status", "since", "needs", "id"),
            [
                (
                    s.label,
                    s.identifier,
                    f"{s.status} {s.ended_at.date()}, number {s.number}"
                    if s.ended_at and s.number
                    else s.status,
                    s.started_at.date(),
                    ", ".join(s.requires),
                    s.id,
                )
                for s in view.services
            ],
        )
    if view.consents is not None:
        lines += ["", "Consents"]
        lines += _indent(
            table(
                ("purpose", "state", "since", "source"),
                [
                    (c.purpose, "on" if c.granted else "off", c.since, word(c.source))
                    for c in view.consents
                ],
            )
        )
    if view.consent_history is not None:
        lines += ["", "Consent history"]
        lines += _table_or_none(
            ("expressed", "purpose", "action", "source", "staff", "evidence"),
            [
                (h.expressed_at, h.purpose, h.action, word(h.source), h.staff, h.evidence)
                for h in view.consent_history
            ],
        )
    if view.interactions is not None:
        total = view.interaction_count or 0
        shown = len(view.interactions)
        lines += ["", f"Interactions ({total}{f', latest {shown} shown' if shown < total else ''})"]
        lines += _table_or_none(
            ("at", "channel", "staff", "summary"),
            [(i.at, word(i.channel), i.staff, i.summary) for i in view.interactions],
        )
    if view.cards is not None or view.invoices is not None:
        lines += ["", "Billing"]
        for c in view.cards or []:
            lines.append(
                _field("Card", f"{c.brand} ending {c.last4}, expires {c.expiry} (id {c.id})")
            )
        if not view.cards:
            lines.append(_field("Card", "none on file"))
        for currency, cents in sorted(view.balance_cents.items()):
            lines.append(_field("Open balance", _money(cents, currency)))
        if view.invoices:
            lines += _indent(
                table(
                    ("invoice", "issued", "due", "amount", "paid", "status"),
                    [
                        (
                            i.number,
                            i.issued_on,
                            i.due_on,
                            _money(i.amount_cents, i.currency),
                            _money(i.paid_cents, i.currency),
                            i.status,
                        )
                        for i in view.invoices
                    ],
                )
            )
    if view.billing_address is not None:
        lines += ["", "Billing address", "  " + safe(_address(view.billing_address))]
    return "\n".join(lines)


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.splitlines()]


def _table_or_none(headers: Sequence[str], rows: list[Sequence[object]]) -> list[str]:
    """A section's table, indented; "(none)" when it has no rows."""
    return _indent(table(headers, rows) if rows else "(none)")


def mapping_lines(values: Mapping[str, Any]) -> str:
    return "\n".join(f"{k}: {safe(v)}" for k, v in values.items())


# --------------------------------------------------------------------------- privacy requests


def is_open(view: RequestView) -> bool:
    return RequestStatus(view.status) in OPEN_STATUSES


def days_left_text(view: RequestView) -> str:
    """'12 days', '1 day', 'overdue 3 days', or '-' for a request that is no longer open."""
    if not is_open(view):
        return "-"
    if view.days_left < 0:
        late = -view.days_left
        return ngettext("overdue {n} day", "overdue {n} days", late).format(n=late)
    return ngettext("{n} day", "{n} days", view.days_left).format(n=view.days_left)


# how near the deadline is, in words (calm: 10 days or more left, nothing is added)
URGENCY_WORDS = {"warning": "due soon", "urgent": "urgent"}


def due_text(view: RequestView) -> str:
    """The due moment with what is left and, near the deadline, how urgent it is:
    '2026-12-26 10:00:00+00:00 (30 days left)', '… (4 days left; urgent)'."""
    text = safe(view.due_at)
    if is_open(view):
        left = days_left_text(view)
        notes = [left if view.days_left < 0 else f"{left} left"]
        if view.urgency in URGENCY_WORDS and view.days_left >= 0:
            notes.append(URGENCY_WORDS[view.urgency])
        text += f" ({'; '.join(notes)})"
    return text


def status_text(status: str) -> str:
    """A request's status in words: 'pending approval', 'received'."""
    return status.replace("_", " ")


def word(value: str | None) -> str | None:
    """A vocabulary value (consent source, channel) as printed: in-person, unsubscribe-link."""
    return printed(value) if value else value


def request_rows(views: Sequence[RequestView]) -> str:
    return table(
        ("reference", "kind", "status", "customer account", "received", "due", "days left"),
        [
            (
                r.reference,
                r.kind,
                status_text(r.status),
                r.account_number,
                r.received_at.date(),
                r.due_at.date(),
                days_left_text(r),
            )
            for r in views
        ],
    )


def impact_lines(impact: ErasureImpact) -> list[str]:
    """The erasure-impact preview: services, open invoices, balance, what is kept."""
    lines = ["Impact of the erasure"]
    if impact.services:
        lines += _indent(
            table(
                ("service", "identifier", "outcome", "loses"),
                [(s.label, s.identifier, s.outcome, "; ".join(s.loses)) for s in impact.services],
            )
        )
    else:
        lines.append("  no active services")
    lines.append(_field("Billing data", impact.billing))
    if impact.open_invoices is not None and impact.balance_cents is not None:
        lines.append(_field("Open invoices", impact.open_invoices))
        for currency, cents in sorted(impact.balance_cents.items()):
            lines.append(_field("Open balance", _money(cents, currency)))
    else:
        lines.append("  (the cards, invoices and balance are for finance; you see that they exist)")
    for kept in impact.kept:
        lines.append(_field("Kept", kept))
    return lines


def termination_lines(impact: TerminationImpact) -> list[str]:
    """The termination preview: services that end and their numbers, billing, what is kept."""
    lines = ["Impact of the termination"]
    if impact.services:
        lines += _indent(
            table(
                ("service", "identifier", "its number"),
                [(s.label, s.identifier, s.number) for s in impact.services],
            )
        )
    else:
        lines.append("  no active services")
    lines.append(_field("Billing data", impact.billing))
    if impact.open_invoices is not None and impact.balance_cents is not None:
        lines.append(_field("Open invoices", impact.open_invoices))
        for currency, cents in sorted(impact.balance_cents.items()):
            lines.append(_field("Open balance", _money(cents, currency)))
    for kept in impact.kept:
        lines.append(_field("Kept", kept))
    return lines


def request_text(view: RequestView) -> str:
    """One request as sections: its fields, timeline, changes and impact preview."""
    due = due_text(view)
    lines = [
        f"Request {view.reference}",
        _field("Kind", view.kind),
        _field("Status", status_text(view.status)),
        _field("Customer", f"{view.account_number} {view.customer_name}".strip()),
        _field("Customer id", view.customer_id),
        _field("Id", view.id),
        _field("Received", view.received_at),
        _field("Due", due),
        _field("Extended", view.extended),
    ]
    if view.extension_reason:
        lines.append(_field("Extension reason", view.extension_reason))
    lines += [
        _field("Identity verified", f"{view.verification} ({view.verification_method})"),
        _field("Verified by", f"{view.verified_by or '?'} at {safe(view.verified_at)}"),
        _field("Opened by", view.opened_by),
    ]
    if view.decided_by or view.decided_at:
        lines.append(_field("Decided by", f"{view.decided_by or '?'} at {safe(view.decided_at)}"))
    if view.decision_reason:
        lines.append(_field("Reason", view.decision_reason))
    if view.completed_by or view.completed_at:
        lines.append(
            _field("Completed by", f"{view.completed_by or '?'} at {safe(view.completed_at)}")
        )
    if view.note:
        lines.append(_field("Note", view.note))
    lines += ["", "Timeline"]
    lines += _table_or_none(
        ("at", "staff", "action", "detail"),
        [(t.at, t.staff, t.action, t.detail) for t in view.timeline],
    )
    if view.changes or view.kind == "rectification":
        lines += ["", "Changes"]
        lines += _indent(
            table(
                ("field", "before", "after", "at"),
                [(c.field, c.before, c.after, c.at) for c in view.changes],
            )
            if view.changes
            else "(none yet)"
        )
    if view.impact is not None:
        lines += ["", *impact_lines(view.impact)]
    return "\n".join(lines)


def change_lines(view: RequestView) -> list[str]:
    """Each corrected field as 'field: before -> after'."""

    def shown(value: str | None) -> str:
        return "(empty)" if value is None or value == "" else safe(value)

    return [f"  {safe(c.field)}: {shown(c.before)} -> {shown(c.after)}" for c in view.changes]


def disclosure_rows(disclosures: Sequence[DisclosureView]) -> str:
    return table(
        ("at", "staff", "recipient", "data", "basis"),
        [(d.at, d.staff, d.recipient, d.data, d.basis) for d in disclosures],
    )


# --------------------------------------------------------------------------- branch offices


def setup_lines(branch: str, where: str, report: SyncReport) -> list[str]:
    """What a branch's set-up copied, table by table (empty tables left out)."""
    copied = [(name, rows) for name, rows in report.copied.items() if rows]
    return [
        f"Branch {safe(branch)} set up: {safe(where)} is now a replica of "
        f"{safe(report.central)} at log position {report.cursor}.",
        "Copied:",
        *_indent(table(("table", "rows"), copied) if copied else "(nothing)"),
        "From now on run 'voxprivacy-admin sync' (no options) to synchronise.",
    ]


def sync_lines(report: SyncReport, open_conflicts: int) -> list[str]:
    """What one sync moved, or that there was nothing to do."""
    if not report.moved:
        lines = [
            "Nothing to do: no changes were waiting here and none came from the central "
            f"database; log position {report.cursor}."
        ]
    else:
        sent = f"pushed {report.pushed}"
        if report.pushed or report.repeated:
            outcomes = [
                f"applied {report.applied}",
                f"conflicts {report.conflicts}",
                f"rejected {report.rejected}",
            ]
            if report.repeated:
                outcomes.append(f"already there {report.repeated}")
            sent += f" ({', '.join(outcomes)})"
        lines = [
            f"{sent}; pulled {report.pulled} (erased {report.erased}); log position {report.cursor}"
        ]
    if open_conflicts:
        lines.append(
            ngettext(
                "{n} conflict waits for a supervisor: "
                "'voxprivacy-admin --user NAME conflicts list'.",
                "{n} conflicts wait for a supervisor: "
                "'voxprivacy-admin --user NAME conflicts list'.",
                open_conflicts,
            ).format(n=open_conflicts)
        )
    return lines


def sync_status_text(state: SyncStatus, branch: str | None, open_conflicts: int) -> str:
    role = {
        "replica": f"replica (branch {safe(branch)})",
        "hub": "hub (the central database; branches synchronise with it)",
        "standalone": "standalone (not a branch; enrol one with 'sync --server URL --enrol TOKEN')",
    }.get(state.role, state.role)
    rows = [
        ("role", role),
        ("central", state.central or "-"),
        ("changes waiting", state.waiting),
        ("log position", state.cursor),
        ("last success", state.last_success_at or "never"),
        ("last attempt", state.last_attempt_at or "never"),
        ("last error", state.last_error or "none"),
        ("open conflicts", open_conflicts),
    ]
    return "\n".join(f"{label}: {safe(value)}" for label, value in rows)


def _conflict_lines(view: ConflictView) -> list[str]:
    by = f", by {view.branch_staff}" if view.branch_staff else ""
    lines = [
        f"Conflict {view.id}",
        _field("Customer", view.account_number or view.customer_id or "-"),
        _field("What", view.label),
        _field("Central value", view.central),
        _field("Branch value", f"{view.branch} (branch {view.origin}{by})"),
        _field("Since", view.created_at),
    ]
    if view.open:
        choices = "--keep central, --keep branch" + (
            " or --value TEXT" if view.may_type_value else ""
        )
        lines.append(_field("Settle with", choices))
    else:
        lines.append(
            _field(
                "Settled",
                f"{view.resolution} by {view.resolved_by or '?'} at {safe(view.resolved_at)}",
            )
        )
    return lines


def conflicts_text(views: Sequence[ConflictView]) -> str:
    lines: list[str] = []
    for view in views:
        if lines:
            lines.append("")
        lines += _conflict_lines(view)
    waiting = sum(1 for v in views if v.open)
    lines += [
        "",
        ngettext(
            "{n} open conflict; settle one with 'voxprivacy-admin --user NAME "
            "conflicts resolve ID --keep central|branch' (or --value TEXT).",
            "{n} open conflicts; settle one with 'voxprivacy-admin --user NAME "
            "conflicts resolve ID --keep central|branch' (or --value TEXT).",
            waiting,
        ).format(n=waiting)
        if waiting
        else "No open conflicts.",
    ]
    return "\n".join(lines)


def resolved_text(view: ConflictView) -> str:
    kept = {
        "central": f"kept the central value ({safe(view.central)})",
        "branch": f"took the branch's value ({safe(view.branch)})",
        "value": "set the value you typed",
    }.get(view.resolution or "", safe(view.resolution))
    where = f" of customer {safe(view.account_number)}" if view.account_number else ""
    return (
        f"Conflict {view.id} settled: {kept} for {safe(view.label)}{where}. "
        "It travels to the other copies with the syncs, like any other change."
    )
