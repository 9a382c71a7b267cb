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

from voxprivacy.domain.requests import OPEN_STATUSES, RequestStatus, kind_word
from voxprivacy.domain.wording import (
    ADDRESS_KIND_WORDS,
    CHANNEL_WORDS,
    CONSENT_ACTION_WORDS,
    CONSENT_SOURCE_WORDS,
    CUSTOMER_KIND_WORDS,
    CUSTOMER_STATUS_WORDS,
    INTERACTION_CHANNEL_WORDS,
    INVOICE_STATUS_WORDS,
    PHONE_KIND_WORDS,
    PURPOSE_WORDS,
    SERVICE_STATUS_WORDS,
    said,
)
from voxprivacy.i18n import N_, Vocabulary, _, ngettext

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
        return _("yes") if value else _("no")
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
        (
            _("username"),
            _("name"),
            _("role"),
            _("active"),
            _("locked"),
            _("failures"),
            _("2fa enrolled"),
            _("created"),
        ),
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
        _("Recovery codes for {username} ({role}); each works once, keep them offline:").format(
            username=username, role=role
        ),
        *(f"  {code}" for code in recovery_codes),
        _(
            "Authenticator for {username} (scan it or paste it into the app; it contains the "
            "secret, so do not keep it):"
        ).format(username=username),
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
    lines = [
        _("Customer {account}").format(account=view.account_number),
        _field(_("Name"), view.name),
    ]
    if view.company:
        lines.append(_field(_("Company"), view.company))
    lines += [
        _field(_("Kind"), said(CUSTOMER_KIND_WORDS, view.kind)),
        _field(_("Status"), said(CUSTOMER_STATUS_WORDS, view.status)),
        _field(_("Id"), view.id),
        _field(_("Version"), view.version),
        _field(_("Created"), view.created_at),
    ]
    if view.terminated_at:
        lines.append(_field(_("Terminated"), view.terminated_at))
    if view.termination_due:
        lines.append(_field(_("Terminates on"), view.termination_due))
    if view.emails is not None or view.phones is not None or view.addresses is not None:
        lines += [
            "",
            _("Contact"),
            _field(_("Preferred channel"), said(CHANNEL_WORDS, view.preferred_channel)),
            _field(_("Language"), view.language),
        ]
        for e in view.emails or []:
            email = _("{address} (primary)") if e.primary else "{address}"
            lines.append(_field(_("Email"), email.format(address=e.address)))
        for p in view.phones or []:
            phone = _("{number} ({kind}, primary)") if p.primary else _("{number} ({kind})")
            lines.append(
                _field(
                    _("Phone"), phone.format(number=p.display, kind=said(PHONE_KIND_WORDS, p.kind))
                )
            )
        for a in view.addresses or []:
            lines.append(
                _field(
                    _("Address ({kind})").format(kind=said(ADDRESS_KIND_WORDS, a.kind)), _address(a)
                )
            )
        if view.note:
            lines.append(_field(_("Note"), view.note))
    if view.services is not None:
        lines += ["", _("Services")]
        lines += _table_or_none(
            (_("service"), _("identifier"), _("status"), _("since"), _("needs"), _("id")),
            [
                (
                    s.label,
                    s.identifier,
                    _("{status} {day}, number {number}").format(
                        status=said(SERVICE_STATUS_WORDS, s.status),
                        day=s.ended_at.date(),
                        number=s.number,
                    )
                    if s.ended_at and s.number
                    else said(SERVICE_STATUS_WORDS, s.status),
                    s.started_at.date(),
                    ", ".join(s.requires),
                    s.id,
                )
                for s in view.services
            ],
        )
    if view.consents is not None:
        lines += ["", _("Consents")]
        lines += _indent(
            table(
                consent_headers(),
                [consent_row(c.purpose, c.granted, c.since, c.source) for c in view.consents],
            )
        )
    if view.consent_history is not None:
        lines += ["", _("Consent history")]
        lines += _table_or_none(
            (_("expressed"), _("purpose"), _("action"), _("source"), _("staff"), _("evidence")),
            [
                (
                    h.expressed_at,
                    said(PURPOSE_WORDS, h.purpose),
                    said(CONSENT_ACTION_WORDS, h.action),
                    said(CONSENT_SOURCE_WORDS, h.source),
                    h.staff,
                    h.evidence,
                )
                for h in view.consent_history
            ],
        )
    if view.interactions is not None:
        total = view.interaction_count or 0
        shown = len(view.interactions)
        heading = (
            ngettext(
                "Interactions ({total}, latest {shown} shown)",
                "Interactions ({total}, latest {shown} shown)",
                shown,
            )
            if shown < total
            else _("Interactions ({total})")
        )
        lines += ["", heading.format(total=total, shown=shown)]
        lines += _table_or_none(
            interaction_headers(),
            [(i.at, channel_word(i.channel), i.staff, i.summary) for i in view.interactions],
        )
    if view.cards is not None or view.invoices is not None:
        lines += ["", _("Billing")]
        for c in view.cards or []:
            card = _("{brand} ending {last4}, expires {expiry} (id {id})").format(
                brand=c.brand, last4=c.last4, expiry=c.expiry, id=c.id
            )
            lines.append(_field(_("Card"), card))
        if not view.cards:
            lines.append(_field(_("Card"), _("none on file")))
        for currency, cents in sorted(view.balance_cents.items()):
            lines.append(_field(_("Open balance"), _money(cents, currency)))
        if view.invoices:
            lines += _indent(
                table(
                    (_("invoice"), _("issued"), _("due"), _("amount"), _("paid"), _("status")),
                    [
                        (
                            i.number,
                            i.issued_on,
                            i.due_on,
                            _money(i.amount_cents, i.currency),
                            _money(i.paid_cents, i.currency),
                            said(INVOICE_STATUS_WORDS, i.status),
                        )
                        for i in view.invoices
                    ],
                )
            )
    if view.billing_address is not None:
        lines += ["", _("Billing address"), "  " + safe(_address(view.billing_address))]
    return "\n".join(lines)


def on_off(granted: bool) -> str:
    """A consent's state as printed in a table."""
    return _("on") if granted else _("off")


def consent_row(
    purpose: str, granted: bool, since: object, source: str | None
) -> tuple[object, ...]:
    """A consent as a row under ``consent_headers``: purpose, state, since, source."""
    return (
        said(PURPOSE_WORDS, purpose),
        on_off(granted),
        since,
        said(CONSENT_SOURCE_WORDS, source),
    )


def customer_status(status: str) -> str:
    """A customer's status in words: 'active', « actif »."""
    return said(CUSTOMER_STATUS_WORDS, status)


def channel_word(channel: str) -> str:
    """An interaction's channel in words: 'in-person', « en personne »."""
    return said(INTERACTION_CHANNEL_WORDS, channel)


def consent_headers() -> tuple[str, ...]:
    return (_("purpose"), _("state"), _("since"), _("source"))


def interaction_headers() -> tuple[str, ...]:
    return (_("at"), _("channel"), _("staff"), _("summary"))


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.splitlines()]


def _table_or_none(headers: Sequence[str], rows: list[Sequence[object]]) -> list[str]:
    """A section's table, indented; "(none)" when it has no rows."""
    return _indent(table(headers, rows) if rows else _("(none)"))


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


def _days_left_note(view: RequestView) -> str:
    """'30 days left', or the overdue text."""
    if view.days_left < 0:
        return days_left_text(view)
    return ngettext("{n} day left", "{n} days left", view.days_left).format(n=view.days_left)


# how near the deadline is, in words (calm: 10 days or more left, nothing is added)
URGENCY_WORDS = Vocabulary({"warning": N_("due soon"), "urgent": N_("urgent")})


def due_text(view: RequestView) -> str:
    """The due moment with what is left and, near the deadline, how urgent it is:
    '2026-12-26 10:00:00+00:00 (30 days left)', '… (4 days left; urgent)'."""
    text = safe(view.due_at)
    if is_open(view):
        notes = [_days_left_note(view)]
        if view.urgency in URGENCY_WORDS and view.days_left >= 0:
            notes.append(URGENCY_WORDS[view.urgency])
        text += f" ({'; '.join(notes)})"
    return text


# a request's status in words, in the language of the moment
STATUS_WORDS = Vocabulary(
    {
        "received": N_("received"),
        "pending_approval": N_("pending approval"),
        "approved": N_("approved"),
        "denied": N_("denied"),
        "completed": N_("completed"),
        "cancelled": N_("cancelled"),
    }
)


def status_text(status: str) -> str:
    """A request's status in words: 'pending approval', 'received'."""
    return STATUS_WORDS[status] if status in STATUS_WORDS else status.replace("_", " ")


def request_rows(views: Sequence[RequestView]) -> str:
    return table(
        (
            _("reference"),
            _("kind"),
            _("status"),
            _("customer account"),
            _("received"),
            _("due"),
            _("days left"),
        ),
        [
            (
                r.reference,
                kind_word(r.kind),
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
    lines = [_("Impact of the erasure")]
    if impact.services:
        lines += _indent(
            table(
                (_("service"), _("identifier"), _("outcome"), _("loses")),
                [(s.label, s.identifier, s.outcome, "; ".join(s.loses)) for s in impact.services],
            )
        )
    else:
        lines.append("  " + _("no active services"))
    lines.append(_field(_("Billing data"), impact.billing))
    if impact.open_invoices is not None and impact.balance_cents is not None:
        lines.append(_field(_("Open invoices"), impact.open_invoices))
        for currency, cents in sorted(impact.balance_cents.items()):
            lines.append(_field(_("Open balance"), _money(cents, currency)))
    else:
        lines.append(
            "  " + _("(the cards, invoices and balance are for finance; you see that they exist)")
        )
    for kept in impact.kept:
        lines.append(_field(_("Kept"), kept))
    return lines


def termination_lines(impact: TerminationImpact) -> list[str]:
    """The termination preview: services that end and their numbers, billing, what is kept."""
    lines = [_("Impact of the termination")]
    if impact.services:
        lines += _indent(
            table(
                (_("service"), _("identifier"), _("its number")),
                [(s.label, s.identifier, s.number) for s in impact.services],
            )
        )
    else:
        lines.append("  " + _("no active services"))
    lines.append(_field(_("Billing data"), impact.billing))
    if impact.open_invoices is not None and impact.balance_cents is not None:
        lines.append(_field(_("Open invoices"), impact.open_invoices))
        for currency, cents in sorted(impact.balance_cents.items()):
            lines.append(_field(_("Open balance"), _money(cents, currency)))
    for kept in impact.kept:
        lines.append(_field(_("Kept"), kept))
    return lines


def request_text(view: RequestView) -> str:
    """One request as sections: its fields, timeline, changes and impact preview."""
    due = due_text(view)
    lines = [
        _("Request {reference}").format(reference=view.reference),
        _field(_("Kind"), kind_word(view.kind)),
        _field(_("Status"), status_text(view.status)),
        _field(_("Customer"), f"{view.account_number} {view.customer_name}".strip()),
        _field(_("Customer id"), view.customer_id),
        _field(_("Id"), view.id),
        _field(_("Received"), view.received_at),
        _field(_("Due"), due),
        _field(_("Extended"), view.extended),
    ]
    if view.extension_reason:
        lines.append(_field(_("Extension reason"), view.extension_reason))
    lines += [
        _field(_("Identity verified"), f"{view.verification} ({view.verification_method})"),
        _field(_("Verified by"), _by_at(view.verified_by, view.verified_at)),
        _field(_("Opened by"), view.opened_by),
    ]
    if view.decided_by or view.decided_at:
        lines.append(_field(_("Decided by"), _by_at(view.decided_by, view.decided_at)))
    if view.decision_reason:
        lines.append(_field(_("Reason"), view.decision_reason))
    if view.completed_by or view.completed_at:
        lines.append(_field(_("Completed by"), _by_at(view.completed_by, view.completed_at)))
    if view.note:
        lines.append(_field(_("Note"), view.note))
    lines += ["", _("Timeline")]
    lines += _table_or_none(
        (_("at"), _("staff"), _("action"), _("detail")),
        [(t.at, t.staff, t.action, t.detail) for t in view.timeline],
    )
    if view.changes or view.kind == "rectification":
        lines += ["", _("Changes")]
        lines += _indent(
            table(
                (_("field"), _("before"), _("after"), _("at")),
                [(c.field, c.before, c.after, c.at) for c in view.changes],
            )
            if view.changes
            else _("(none yet)")
        )
    if view.impact is not None:
        lines += ["", *impact_lines(view.impact)]
    return "\n".join(lines)


def _by_at(who: str | None, when: object) -> str:
    """'alice at 2026-12-08 10:00:00+00:00' ('?' for someone unknown)."""
    return _("{who} at {when}").format(who=who or "?", when=safe(when))


def change_lines(view: RequestView) -> list[str]:
    """Each corrected field as 'field: before -> after'."""

    def shown(value: str | None) -> str:
        return _("(empty)") if value is None or value == "" else safe(value)

    return [f"  {safe(c.field)}: {shown(c.before)} -> {shown(c.after)}" for c in view.changes]


def disclosure_rows(disclosures: Sequence[DisclosureView]) -> str:
    return table(
        (_("at"), _("staff"), _("recipient"), _("data"), _("basis")),
        [(d.at, d.staff, d.recipient, d.data, d.basis) for d in disclosures],
    )


# --------------------------------------------------------------------------- branch offices


def setup_lines(branch: str, where: str, report: SyncReport) -> list[str]:
    """What a branch's set-up copied, table by table (empty tables left out)."""
    copied = [(name, rows) for name, rows in report.copied.items() if rows]
    return [
        _(
            "Branch {branch} set up: {where} is now a replica of {central} at log position "
            "{cursor}."
        ).format(
            branch=safe(branch),
            where=safe(where),
            central=safe(report.central),
            cursor=report.cursor,
        ),
        _("Copied:"),
        *_indent(table((_("table"), _("rows")), copied) if copied else _("(nothing)")),
        _("From now on run 'voxprivacy-admin sync' (no options) to synchronise."),
    ]


def sync_lines(report: SyncReport, open_conflicts: int) -> list[str]:
    """What one sync moved, or that there was nothing to do."""
    if not report.moved:
        lines = [
            _(
                "Nothing to do: no changes were waiting here and none came from the central "
                "database; log position {cursor}."
            ).format(cursor=report.cursor)
        ]
    else:
        sent = _("pushed {n}").format(n=report.pushed)
        if report.pushed or report.repeated:
            outcomes = [
                _("applied {n}").format(n=report.applied),
                _("conflicts {n}").format(n=report.conflicts),
                _("rejected {n}").format(n=report.rejected),
            ]
            if report.repeated:
                outcomes.append(_("already there {n}").format(n=report.repeated))
            sent += f" ({', '.join(outcomes)})"
        pulled = _("pulled {pulled} (erased {erased}); log position {cursor}").format(
            pulled=report.pulled, erased=report.erased, cursor=report.cursor
        )
        lines = [f"{sent}; {pulled}"]
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
        "replica": _("replica (branch {branch})").format(branch=safe(branch)),
        "hub": _("hub (the central database; branches synchronise with it)"),
        "standalone": _(
            "standalone (not a branch; enrol one with 'sync --server URL --enrol TOKEN')"
        ),
    }.get(state.role, state.role)
    rows = [
        (_("role"), role),
        (_("central"), state.central or "-"),
        (_("changes waiting"), state.waiting),
        (_("log position"), state.cursor),
        (_("last success"), state.last_success_at or _("never")),
        (_("last attempt"), state.last_attempt_at or _("never")),
        (_("last error"), state.last_error or _("none")),
        (_("open conflicts"), open_conflicts),
    ]
    return "\n".join(f"{label}: {safe(value)}" for label, value in rows)


def _conflict_lines(view: ConflictView) -> list[str]:
    branch_value = (
        _("{value} (branch {origin}, by {staff})")
        if view.branch_staff
        else _("{value} (branch {origin})")
    ).format(value=view.branch, origin=view.origin, staff=view.branch_staff)
    lines = [
        _("Conflict {id}").format(id=view.id),
        _field(_("Customer"), view.account_number or view.customer_id or "-"),
        _field(_("What"), view.label),
        _field(_("Central value"), view.central),
        _field(_("Branch value"), branch_value),
        _field(_("Since"), view.created_at),
    ]
    if view.open:
        choices = (
            _("--keep central, --keep branch or --value TEXT")
            if view.may_type_value
            else _("--keep central, --keep branch")
        )
        lines.append(_field(_("Settle with"), choices))
    else:
        settled = _("{resolution} by {who} at {when}").format(
            resolution=view.resolution, who=view.resolved_by or "?", when=safe(view.resolved_at)
        )
        lines.append(_field(_("Settled"), settled))
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
            "{n} open conflict; settle it with 'voxprivacy-admin --user NAME "
            "conflicts resolve ID --keep central|branch' (or --value TEXT).",
            "{n} open conflicts; settle one with 'voxprivacy-admin --user NAME "
            "conflicts resolve ID --keep central|branch' (or --value TEXT).",
            waiting,
        ).format(n=waiting)
        if waiting
        else _("No open conflicts."),
    ]
    return "\n".join(lines)


def resolved_text(view: ConflictView) -> str:
    kept = {
        "central": _("kept the central value ({value})").format(value=safe(view.central)),
        "branch": _("took the branch's value ({value})").format(value=safe(view.branch)),
        "value": _("set the value you typed"),
    }.get(view.resolution or "", safe(view.resolution))
    settled = (
        _("Conflict {id} settled: {kept} for {what} of customer {account}.")
        if view.account_number
        else _("Conflict {id} settled: {kept} for {what}.")
    ).format(id=view.id, kept=kept, what=safe(view.label), account=safe(view.account_number))
    return (
        settled + " " + _("It travels to the other copies with the syncs, like any other change.")
    )
