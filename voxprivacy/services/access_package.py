"""The access package: everything we hold about one customer, for the customer.

Built straight from the tables, so a field added to the schema is either in
the package or deliberately listed in ``WITHHELD`` with the reason. Rendered
as machine-readable JSON and as a human-readable HTML report, both written in
the customer's language (``customers.language``; English when we do not speak
it) whatever the language of the staff member who writes them: the package's
keys and values stay as stored, its sentences, headings and dates are the
customer's.
"""

from __future__ import annotations

import html
import json
import uuid
from datetime import date, datetime
from typing import Any

from babel.dates import format_datetime
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from voxprivacy.domain.catalog import PRODUCTS, REQUIREMENT_LABELS
from voxprivacy.domain.enums import AddressKind
from voxprivacy.domain.requests import VERIFICATION_LABELS, VerificationMethod
from voxprivacy.domain.roles import Section
from voxprivacy.domain.validation import display_phone
from voxprivacy.i18n import (
    N_,
    Vocabulary,
    _,
    country_name,
    language_name,
    ngettext,
    speaking,
)
from voxprivacy.services.access_labels import COLUMN_LABELS, column_label
from voxprivacy.services.customers import consent_states
from voxprivacy.storage.models import (
    Address,
    ConsentEvent,
    Customer,
    Disclosure,
    Email,
    Interaction,
    Invoice,
    PaymentCard,
    Phone,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
    Staff,
    Subscription,
)

# Columns not handed out, and why (the package says so too).
WITHHELD: Vocabulary[str] = Vocabulary(
    {
        "payment_cards.token": N_(
            "the payment processor's reference for your card; it is not your "
            "card number and can only be used by the processor"
        ),
    }
)
INTERNAL = {"version", "sync_versions", "customer_id", "address_folded", "request_id"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(obj: Any, table: str, names: dict[uuid.UUID, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in inspect(obj).mapper.column_attrs:
        key = column.key
        if key in INTERNAL or f"{table}.{key}" in WITHHELD:
            continue
        value = getattr(obj, key)
        if key.endswith("staff_id") or key in (
            "opened_by",
            "verified_by",
            "decided_by",
            "completed_by",
        ):
            value = names.get(value) if value else None
        out[key] = _plain(value)
    return out


# Which part of the record each list of the package is; a package holds the parts the
# role of the staff member who writes it may see (domain/roles.py).
PART_SECTIONS: dict[str, Section] = {
    "addresses": Section.CONTACT,
    "phones": Section.CONTACT,
    "emails": Section.CONTACT,
    "services": Section.SERVICES,
    "payment_cards": Section.BILLING,
    "invoices": Section.BILLING,
    "interactions": Section.INTERACTIONS,
    "consents": Section.CONSENTS,
    "consent_history": Section.CONSENTS,
    "disclosures": Section.REQUESTS,
    "privacy_requests": Section.REQUESTS,
}
IDENTITY_COLUMNS = ("id", "account_number", "kind", "name", "company", "status")
BILLING_FOLLOWS = N_(
    "Your payment cards and invoices are not in this package: our finance department "
    "sends them to you separately."
)
BILLING_PART = N_(
    "The billing part of your access package: your payment cards and invoices, sent by "
    "our finance department. The rest of what we hold about you is in the package sent "
    "by our customer service."
)


def billing_counts(session: Session, customer_id: uuid.UUID) -> tuple[int, int]:
    """How many payment cards and invoices the customer has (existence, not details)."""
    cards = session.execute(
        select(func.count()).select_from(PaymentCard).where(PaymentCard.customer_id == customer_id)
    ).scalar_one()
    invoices = session.execute(
        select(func.count()).select_from(Invoice).where(Invoice.customer_id == customer_id)
    ).scalar_one()
    return int(cards), int(invoices)


def build(
    session: Session,
    customer_id: uuid.UUID,
    generated_at: datetime,
    sections: frozenset[Section],
) -> dict[str, Any]:
    """The package as the holder of ``sections`` may release it.

    A part outside ``sections`` is left out; when it holds data the package says
    so under ``sent_separately`` (how many cards and invoices) without the data.
    """
    customer = session.get(Customer, customer_id)
    assert customer is not None
    with speaking(customer.language) as language:
        package = _build_for(session, customer, generated_at, sections)
        package["labels"] = _labels(package)
    package["language"] = language
    return package


def _build_for(
    session: Session, customer: Customer, generated_at: datetime, sections: frozenset[Section]
) -> dict[str, Any]:
    customer_id = customer.id
    names = dict(session.execute(select(Staff.id, Staff.username)).all())

    def rows(model: Any, *order: Any) -> list[Any]:
        stmt = select(model).where(model.customer_id == customer_id)
        return list(session.execute(stmt.order_by(*order)).scalars())

    full = _build_all(session, customer, generated_at, names, rows)
    if Section.CONTACT not in sections:
        shown = IDENTITY_COLUMNS + (("billing_reference",) if Section.BILLING in sections else ())
        full["customer"] = {k: v for k, v in full["customer"].items() if k in shown}
    for key, section in PART_SECTIONS.items():
        if section in sections:
            continue
        if key == "addresses" and Section.BILLING_ADDRESS in sections:
            full[key] = [a for a in full[key] if a["kind"] == AddressKind.BILLING]
            continue
        del full[key]
    if Section.BILLING not in sections:
        full["customer"].pop("billing_reference", None)  # the invoices' pseudonym
        cards, invoices = billing_counts(session, customer_id)
        full["withheld"] = {
            k: v for k, v in full["withheld"].items() if not k.startswith("payment_cards.")
        }
        if cards or invoices:
            full["sent_separately"] = {
                "payment_cards": cards,
                "invoices": invoices,
                "note": _(BILLING_FOLLOWS),
            }
    elif Section.CONTACT not in sections:
        full["about"] = _(BILLING_PART)
    return full


def _build_all(
    session: Session,
    customer: Customer,
    generated_at: datetime,
    names: dict[uuid.UUID, str],
    rows: Any,
) -> dict[str, Any]:
    requests = rows(PrivacyRequest, PrivacyRequest.received_at)
    consent_events = rows(ConsentEvent, ConsentEvent.expressed_at)
    package: dict[str, Any] = {
        "generated_at": generated_at.isoformat(),
        "about": _(
            "Everything voxprivacy holds about this customer, as requested under the "
            "privacy policy (Your Choices)."
        ),
        "withheld": dict(WITHHELD),
        "customer": _row(customer, "customers", names),
        "addresses": [_row(a, "addresses", names) for a in rows(Address, Address.kind)],
        "phones": [
            _row(p, "phones", names) | {"display": display_phone(p.e164)}
            for p in rows(Phone, Phone.e164)
        ],
        "emails": [_row(e, "emails", names) for e in rows(Email, Email.address)],
        "services": [
            _row(s, "subscriptions", names)
            | {
                "label": PRODUCTS[s.product].label if s.product in PRODUCTS else s.product,
                "needs": [REQUIREMENT_LABELS[r] for r in sorted(PRODUCTS[s.product].requires)]
                if s.product in PRODUCTS
                else [],
            }
            for s in rows(Subscription, Subscription.started_at)
        ],
        "payment_cards": [_row(c, "payment_cards", names) for c in rows(PaymentCard)],
        "invoices": [_row(i, "invoices", names) for i in rows(Invoice, Invoice.issued_on)],
        "interactions": [_row(i, "interactions", names) for i in rows(Interaction, Interaction.at)],
        "consents": {c.purpose: c.granted for c in consent_states(consent_events[::-1])},
        "consent_history": [_row(e, "consent_events", names) for e in consent_events],
        "disclosures": [_row(d, "disclosures", names) for d in rows(Disclosure, Disclosure.at)],
        "privacy_requests": [],
    }
    for request in requests:
        entry = _row(request, "privacy_requests", names)
        entry["verification"] = VERIFICATION_LABELS.get(
            VerificationMethod(request.verification_method), request.verification_method
        )
        entry["timeline"] = [
            _row(e, "request_events", names)
            for e in session.execute(
                select(RequestEvent)
                .where(RequestEvent.request_id == request.id)
                .order_by(RequestEvent.at)
            ).scalars()
        ]
        entry["changes"] = [
            _row(c, "rectification_changes", names)
            for c in session.execute(
                select(RectificationChange)
                .where(RectificationChange.request_id == request.id)
                .order_by(RectificationChange.at)
            ).scalars()
        ]
        package["privacy_requests"].append(entry)
    return package


def _keys(value: Any) -> set[str]:
    """Every key of the package's records (its rows' columns, at any depth)."""
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values()))
    return set()


def _labels(package: dict[str, Any]) -> dict[str, str]:
    """What each column of the package means, in the package's language."""
    found: set[str] = set()
    for key in (*_TITLES, "customer"):
        found |= _keys(package.get(key))
    found |= set(package.get("consents") or {})
    return {k: column_label(k) for k in sorted(found) if k in COLUMN_LABELS}


def _withheld_label(key: str) -> str:
    """ "payment_cards.token" -> "Payment cards: Payment token", in the current language."""
    table, _dot, column = key.partition(".")
    title = _TITLES.get(table) if table in _TITLES else table.replace("_", " ")
    return f"{title}: {column_label(column)}" if column else str(title)


def to_json(package: dict[str, Any]) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False)


_TITLES: Vocabulary[str] = Vocabulary(
    {
        "addresses": N_("Addresses"),
        "phones": N_("Phone numbers"),
        "emails": N_("Email addresses"),
        "services": N_("Services"),
        "payment_cards": N_("Payment cards"),
        "invoices": N_("Invoices"),
        "interactions": N_("Contacts with us"),
        "consent_history": N_("Your consent choices"),
        "disclosures": N_("Disclosures to third parties"),
        "privacy_requests": N_("Your privacy requests"),
    }
)


def _cell(value: Any, column: str = "") -> str:
    if isinstance(value, str) and column == "country":  # "BE" -> "Belgique", "België"
        return html.escape(country_name(value))
    if isinstance(value, str) and column == "language":
        return html.escape(language_name(value))
    if isinstance(value, list | dict):
        return html.escape(json.dumps(value, ensure_ascii=False))
    return html.escape("" if value is None else str(value))


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p class='none'>{}</p>".format(html.escape(_("None.")))
    columns = list(dict.fromkeys(k for r in rows for k in r if k not in ("timeline", "changes")))
    head = "".join(f"<th>{html.escape(column_label(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(c), c)}</td>" for c in columns) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(package: dict[str, Any]) -> str:
    """The readable report, in the language the package was written in."""
    with speaking(package.get("language")) as language:
        return _html(package, language)


def _generated(package: dict[str, Any], language: str) -> str:
    try:
        at = datetime.fromisoformat(package["generated_at"])
    except (KeyError, ValueError):
        return str(package.get("generated_at", ""))
    return str(format_datetime(at, "long", locale=language))


def _html(package: dict[str, Any], language: str) -> str:
    customer = package["customer"]
    title = _("Your data — {account}").format(account=customer["account_number"])
    parts = [
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;color:#1d2733}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}"
        "th,td{border:1px solid #c9d2dc;padding:.3em .6em;text-align:left;font-size:.9em}"
        "th{background:#eef2f6}.none{color:#6b7785}</style></head><body>",
        _heading(1, _("What we hold about you")),
        "<p>{about} {generated}</p>".format(
            about=html.escape(package["about"]),
            generated=html.escape(
                _("Generated {when}.").format(when=_generated(package, language))
            ),
        ),
        _heading(2, _("You")),
        _table([customer]),
    ]
    consents = package.get("consents")
    if consents is not None:
        parts += [
            _heading(2, _("Your current choices")),
            _table([{k: _("yes") if v else _("no") for k, v in consents.items()}]),
        ]
    separately = package.get("sent_separately")
    if separately:
        parts += [
            _heading(2, _("Sent separately")),
            "<p>{note} ({cards}, {invoices}.)</p>".format(
                note=html.escape(separately["note"]),
                cards=html.escape(
                    ngettext("{n} payment card", "{n} payment cards", separately["payment_cards"])
                ).format(n=separately["payment_cards"]),
                invoices=html.escape(
                    ngettext("{n} invoice", "{n} invoices", separately["invoices"])
                ).format(n=separately["invoices"]),
            ),
        ]
    for key, title in _TITLES.items():
        if key not in package:
            continue
        parts += [_heading(2, title), _table(package[key])]
        if key == "privacy_requests":
            for request in package[key]:
                heading = _("Request {reference}: timeline").format(reference=request["reference"])
                parts += [_heading(3, heading), _table(request["timeline"])]
                if request["changes"]:
                    parts += [
                        _heading(3, _("Corrections made")),
                        _table(request["changes"]),
                    ]
    parts.append(_heading(2, _("Not included")) + "<ul>")
    parts += [
        f"<li>{html.escape(_withheld_label(k))}: {html.escape(v)}</li>"
        for k, v in package["withheld"].items()
    ]
    parts.append("</ul></body></html>")
    return "\n".join(parts)
