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
from typing import Any

from voxprivacy.services.customers import AddressView, CustomerView
from voxprivacy.services.staff import StaffSummary

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069\ufeff")


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
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def staff_rows(staff: Sequence[StaffSummary]) -> str:
    return table(("username", "name", "role", "active", "locked", "failures", "2fa enrolled",
                  "created"),
                 [(s.username, s.display_name, s.role, s.active, s.locked, s.failed_attempts,
                   s.enrolled, s.created_at) for s in staff])


def enrollment_text(username: str, role: str, recovery_codes: Sequence[str],
                    otpauth_uri: str) -> list[str]:
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
    lines = [f"Customer {view.account_number}",
             _field("Name", view.name)]
    if view.company:
        lines.append(_field("Company", view.company))
    lines += [_field("Kind", view.kind), _field("Status", view.status),
              _field("Id", view.id), _field("Version", view.version),
              _field("Created", view.created_at)]
    if view.terminated_at:
        lines.append(_field("Terminated", view.terminated_at))
    if view.emails is not None or view.phones is not None or view.addresses is not None:
        lines += ["", "Contact",
                  _field("Preferred channel", view.preferred_channel),
                  _field("Language", view.language)]
        for e in view.emails or []:
            lines.append(_field("Email", f"{e.address}{' (primary)' if e.primary else ''}"))
        for p in view.phones or []:
            lines.append(_field("Phone", f"{p.display} ({p.kind}"
                                         f"{', primary' if p.primary else ''})"))
        for a in view.addresses or []:
            lines.append(_field(f"Address ({a.kind})", _address(a)))
        if view.note:
            lines.append(_field("Note", view.note))
    if view.services is not None:
        lines += ["", "Services"]
        lines += _indent(table(("service", "identifier", "status", "since", "needs"),
                               [(s.label, s.identifier, s.status, s.started_at.date(),
                                 ", ".join(s.requires)) for s in view.services])
                         if view.services else "(none)")
    if view.consents is not None:
        lines += ["", "Consents"]
        lines += _indent(table(("purpose", "state", "since", "source"),
                               [(c.purpose, "on" if c.granted else "off", c.since, c.source)
                                for c in view.consents]))
    if view.consent_history is not None:
        lines += ["", "Consent history"]
        lines += _indent(table(
            ("expressed", "purpose", "action", "source", "staff", "evidence"),
            [(h.expressed_at, h.purpose, h.action, h.source, h.staff, h.evidence)
             for h in view.consent_history]) if view.consent_history else "(none)")
    if view.interactions is not None:
        total = view.interaction_count or 0
        shown = len(view.interactions)
        lines += ["", f"Interactions ({total}{f', latest {shown} shown' if shown < total else ''})"]
        lines += _indent(table(("at", "channel", "staff", "summary"),
                               [(i.at, i.channel, i.staff, i.summary)
                                for i in view.interactions]) if view.interactions else "(none)")
    if view.cards is not None or view.invoices is not None:
        lines += ["", "Billing"]
        for c in view.cards or []:
            lines.append(_field("Card", f"{c.brand} ending {c.last4}, expires {c.expiry}"))
        if not view.cards:
            lines.append(_field("Card", "none on file"))
        for currency, cents in sorted(view.balance_cents.items()):
            lines.append(_field("Open balance", _money(cents, currency)))
        if view.invoices:
            lines += _indent(table(("invoice", "issued", "due", "amount", "paid", "status"),
                                   [(i.number, i.issued_on, i.due_on,
                                     _money(i.amount_cents, i.currency),
                                     _money(i.paid_cents, i.currency), i.status)
                                    for i in view.invoices]))
    if view.billing_address is not None:
        lines += ["", "Billing address", "  " + safe(_address(view.billing_address))]
    return "\n".join(lines)


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.splitlines()]


def mapping_lines(values: Mapping[str, Any]) -> str:
    return "\n".join(f"{k}: {safe(v)}" for k, v in values.items())
