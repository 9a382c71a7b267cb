"""Correcting a record: the editable fields, their validation and the edit service.

Every change is validated before anything is written, and audited with the field
names involved.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy.orm import Session

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import AddressKind, Channel, CustomerKind, PhoneKind, Role
from voxprivacy.domain.fields import ADDRESS_PARTS, EDITABLE_FIELDS
from voxprivacy.domain.requests import verification_method
from voxprivacy.domain.roles import Permission, Section, may
from voxprivacy.errors import BadInput, InvalidFields, StaleEdit
from voxprivacy.i18n import _
from voxprivacy.services import audit, search_index
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.impact import (
    EditImpact,
    ImpactBlocked,
    ImpactNotConfirmed,
    assess,
    satisfied,
    touched,
)
from voxprivacy.services.customers.lookup import load_full, refuse_if_erased
from voxprivacy.services.customers.views import (
    AddressView,
    CardView,
    ConsentHistoryRow,
    ConsentView,
    CustomerView,
    EmailView,
    InteractionView,
    InvoiceView,
    PhoneView,
    ServiceView,
    build_view,
)
from voxprivacy.services.guard import reads, refuse_role, writes
from voxprivacy.storage.models import Address, Customer, Email, Phone


class StaleCustomerEdit(StaleEdit):
    """The record changed since the editor read it; ``view`` is the record as it is now,
    as the editor's role may see it. Nothing was written."""

    def __init__(self, message: str, view: CustomerView) -> None:
        super().__init__(message, view.to_dict())
        self.view = view


def view_from_dict(data: Mapping[str, Any]) -> CustomerView:
    """Rebuild a CustomerView from ``CustomerView.to_dict()``, which leaves out every field
    that was None (a record read back from JSON)."""
    d: dict[str, Any] = {f.name: data.get(f.name) for f in dataclass_fields(CustomerView)}
    d["balance_cents"] = dict(data.get("balance_cents") or {})
    nested: dict[str, type] = {
        "addresses": AddressView,
        "phones": PhoneView,
        "emails": EmailView,
        "services": ServiceView,
        "consents": ConsentView,
        "consent_history": ConsentHistoryRow,
        "interactions": InteractionView,
        "cards": CardView,
        "invoices": InvoiceView,
    }
    for key, cls in nested.items():
        if d.get(key) is not None:
            d[key] = [cls(**item) for item in d[key]]
    if d.get("billing_address") is not None:
        d["billing_address"] = AddressView(**d["billing_address"])
    return CustomerView(**d)


def field_values(view: CustomerView) -> dict[str, str]:
    """The editable fields' values in ``view``, keyed by the names in EDITABLE_FIELDS; a
    field the view's role does not see is left out."""
    values = {"name": view.name, "company": view.company or "", "kind": view.kind}
    if view.emails is not None:
        primary = next((e for e in view.emails if e.primary), None)
        values["email"] = primary.address if primary else ""
        values["emails.add"] = values["emails.remove"] = ""
    if view.phones is not None:
        phone = next((p for p in view.phones if p.primary), None)
        values["phone"] = phone.display if phone else ""
        values["phones.add"] = values["phones.remove"] = ""
    if Section.CONTACT in view.sections:
        values["preferred_channel"] = view.preferred_channel or ""
        values["language"] = view.language or ""
        values["note"] = view.note or ""
    addresses: dict[str, AddressView] = {a.kind: a for a in view.addresses or []}
    kinds = [str(k) for k in AddressKind] if view.addresses is not None else []
    if view.billing_address is not None:
        addresses[view.billing_address.kind] = view.billing_address
    if Section.BILLING_ADDRESS in view.sections and "billing" not in kinds:
        kinds.append("billing")
    for kind in kinds:
        found = addresses.get(kind)
        values[f"address.{kind}"] = ""
        for part in ADDRESS_PARTS:
            values[f"address.{kind}.{part}"] = str(getattr(found, part)) if found else ""
    return values


def may_edit_field(role: Role, name: str) -> bool:
    spec = EDITABLE_FIELDS[name]
    if spec.permission is Permission.EDIT_BILLING:
        return may(role, Permission.EDIT_BILLING) or may(role, Permission.EDIT_CUSTOMERS)
    return may(role, spec.permission)


def _validate(changes: Mapping[str, str], region: str | None) -> dict[str, Any]:
    """Validate every change up front; returns clean values or raises InvalidFields."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in changes.items():
        try:
            if name not in EDITABLE_FIELDS:
                raise BadInput(
                    _(
                        "{name}: is not a field that can be edited; 'customer edit "
                        "--help' lists them."
                    ).format(name=name),
                    name,
                )
            clean[name] = _clean_one(name, raw, region)
        except BadInput as exc:
            errors[name] = exc.message
    if errors:
        raise InvalidFields(errors)
    return clean


def _clean_one(name: str, raw: str, region: str | None) -> Any:
    if name == "name":
        return v.clean_text(raw, name, limit=v.LIMITS["name"])
    if name == "company":
        return v.clean_text(raw, name, required=False) or None
    if name == "kind":
        try:
            return CustomerKind(raw.strip().lower())
        except ValueError:
            raise BadInput(_("kind: use private or business."), name) from None
    if name == "preferred_channel":
        try:
            return Channel(raw.strip().lower())
        except ValueError:
            raise BadInput(_("preferred_channel: use email, phone, sms or post."), name) from None
    if name == "language":
        text = v.clean_text(raw, name, limit=10, required=False)
        if text and not all(p.isalpha() and p.isascii() for p in text.split("-")):
            raise BadInput(_("language: use a language tag such as en, de or fr-CH."), name)
        return text or None
    if name == "note":
        text = v.clean_text(raw, name, limit=v.LIMITS["note"], required=False, multiline=True)
        v.refuse_card_numbers(text, name)
        return text or None
    if name in ("email", "emails.add", "emails.remove"):
        return v.clean_email(raw, name)
    if name in ("phone", "phones.add", "phones.remove"):
        return v.clean_phone(raw, region, name)
    if name.startswith("address."):
        parts = name.split(".")
        if len(parts) == 2:
            if raw.strip():
                raise BadInput(
                    _(
                        "{name}: give an empty value to remove the address, or set "
                        "its parts with {name}.street=… and so on."
                    ).format(name=name),
                    name,
                )
            return None
        part = parts[2]
        if part == "country":
            return v.clean_country(raw, name)
        return v.clean_text(raw, name, limit=v.LIMITS.get(part, 100))
    raise BadInput(
        _("{name}: cannot be edited.").format(name=name), name
    )  # pragma: no cover - table and code agree


def _region(customer: Customer) -> str | None:
    for address in customer.addresses:
        return v.region_for_country(address.country)
    return None


def _apply(customer: Customer, clean: dict[str, Any]) -> None:
    for name, value in clean.items():
        if name in ("name", "company", "language", "note"):
            setattr(customer, name, value)
        elif name in ("kind", "preferred_channel"):
            setattr(customer, name, str(value))
        elif name == "email":
            _set_primary_email(customer, value)
        elif name == "emails.add":
            if not any(e.address.casefold() == value.casefold() for e in customer.emails):
                customer.emails.append(
                    Email(
                        address=value, address_folded=v.fold(value), is_primary=not customer.emails
                    )
                )
        elif name == "emails.remove":
            _remove_email(customer, value)
        elif name == "phone":
            _set_primary_phone(customer, value)
        elif name == "phones.add":
            if not any(p.e164 == value for p in customer.phones):
                customer.phones.append(
                    Phone(e164=value, kind=_phone_kind(value), is_primary=not customer.phones)
                )
        elif name == "phones.remove":
            _remove_phone(customer, value)
    _apply_addresses(customer, clean)
    if customer.kind == CustomerKind.BUSINESS and not customer.company:
        raise InvalidFields({"company": "company: a business customer needs a company name."})


def _phone_kind(e164: str) -> str:
    return str(PhoneKind.MOBILE if v.phone_is_mobile(e164) else PhoneKind.LANDLINE)


def _set_primary_email(customer: Customer, value: str) -> None:
    same = next((e for e in customer.emails if e.address.casefold() == value.casefold()), None)
    primary = next((e for e in customer.emails if e.is_primary), None)
    if same is not None:
        for e in customer.emails:
            e.is_primary = e is same
    elif primary is not None:
        primary.address, primary.address_folded = value, v.fold(value)
    else:
        customer.emails.append(Email(address=value, address_folded=v.fold(value), is_primary=True))


def _remove_email(customer: Customer, value: str) -> None:
    found = next((e for e in customer.emails if e.address.casefold() == value.casefold()), None)
    if found is None:
        raise InvalidFields({"emails.remove": f"emails.remove: {value} is not on the record."})
    customer.emails.remove(found)
    if found.is_primary and customer.emails:
        customer.emails[0].is_primary = True


def _set_primary_phone(customer: Customer, value: str) -> None:
    same = next((p for p in customer.phones if p.e164 == value), None)
    primary = next((p for p in customer.phones if p.is_primary), None)
    if same is not None:
        for p in customer.phones:
            p.is_primary = p is same
    elif primary is not None:
        primary.e164, primary.kind = value, _phone_kind(value)
    else:
        customer.phones.append(Phone(e164=value, kind=_phone_kind(value), is_primary=True))


def _remove_phone(customer: Customer, value: str) -> None:
    found = next((p for p in customer.phones if p.e164 == value), None)
    if found is None:
        raise InvalidFields({"phones.remove": f"phones.remove: {value} is not on the record."})
    customer.phones.remove(found)
    if found.is_primary and customer.phones:
        customer.phones[0].is_primary = True


def _apply_addresses(customer: Customer, clean: dict[str, Any]) -> None:
    for kind in AddressKind:
        prefix = f"address.{kind}"
        existing = next((a for a in customer.addresses if a.kind == kind), None)
        if prefix in clean:
            if existing is not None:
                customer.addresses.remove(existing)
            continue
        parts = {p: clean[f"{prefix}.{p}"] for p in ADDRESS_PARTS if f"{prefix}.{p}" in clean}
        if not parts:
            continue
        if existing is None:
            missing = [p for p in ADDRESS_PARTS if p not in parts]
            if missing:
                needed = ", ".join(missing)
                raise InvalidFields(
                    {f"{prefix}.{missing[0]}": f"{prefix}: a new address needs {needed} too."}
                )
            customer.addresses.append(Address(kind=str(kind), **parts))
        else:
            for part, value in parts.items():
                setattr(existing, part, value)


def reindex(session: Session, customer: Customer) -> None:
    search_index.replace_terms(
        session,
        customer.id,
        search_index.terms_for(
            customer.account_number,
            customer.name,
            customer.company,
            [e.address for e in customer.emails],
            [p.e164 for p in customer.phones],
        ),
    )


def check_edit_allowed(ctx: Context, actor: Actor, changes: Mapping[str, str]) -> None:
    """Refuse (and audit) fields the actor's role may not change."""
    if not changes:
        raise BadInput(_("Name at least one FIELD=VALUE to change."), "changes")
    refused = [n for n in changes if n in EDITABLE_FIELDS and not may_edit_field(actor.role, n)]
    if refused:
        raise refuse_role(
            actor,
            "customer.edit",
            f"Your role ({actor.role}) may not change {', '.join(refused)}.",
            entity_type="customer",
            fields=refused,
        )


def field_value(customer: Customer, name: str) -> str | None:
    """The current value behind an editable field name, as text (None when absent)."""
    if name in ("name", "company", "kind", "preferred_channel", "language", "note"):
        value = getattr(customer, name)
        return None if value is None else str(value)
    if name == "email":
        return next((e.address for e in customer.emails if e.is_primary), None)
    if name == "phone":
        return next((p.e164 for p in customer.phones if p.is_primary), None)
    if name.startswith("address."):
        parts = name.split(".")
        address = next((a for a in customer.addresses if a.kind == parts[1]), None)
        if address is None:
            return None
        if len(parts) == 2:
            return f"{address.street}, {address.postal_code} {address.city}, {address.country}"
        return str(getattr(address, parts[2]))
    return None  # emails.add/remove, phones.add/remove: the value itself is the change


def _apply_assessed(customer: Customer, clean: dict[str, Any]) -> EditImpact:
    """Apply validated changes to the loaded record (in memory) and say which running
    services they reach."""
    touches = touched(customer, clean)
    had = satisfied(customer)
    _apply(customer, clean)
    return assess(customer, touches, had, satisfied(customer))


def apply_changes(
    session: Session,
    ctx: Context,
    customer: Customer,
    changes: Mapping[str, str],
    *,
    confirm_impact: bool | None = None,
) -> dict[str, tuple[str | None, str | None]]:
    """Validate and apply changes to a loaded record; returns each field's before and after.

    With ``confirm_impact`` given, a change that reaches a running service is refused
    (ImpactBlocked) when the service cannot go on without what it takes away, and
    otherwise refused (ImpactNotConfirmed) unless ``confirm_impact`` is True.
    """
    refuse_if_erased(customer)
    clean = _validate(changes, _region(customer))
    before = {name: field_value(customer, name) for name in clean}
    with session.no_autoflush:
        impact = _apply_assessed(customer, clean)
    if confirm_impact is not None and impact.services:
        if impact.blocked:
            raise ImpactBlocked(impact)
        if not confirm_impact:
            raise ImpactNotConfirmed(impact)
    customer.updated_at = ctx.now()
    session.flush()
    reindex(session, customer)
    result: dict[str, tuple[str | None, str | None]] = {}
    for name, value in clean.items():
        if name.endswith(".remove"):
            result[name] = (str(value), None)
        elif name.endswith(".add"):
            result[name] = (None, str(value))
        else:
            result[name] = (before[name], field_value(customer, name))
    return result


@reads(None)
def edit_impact(
    ctx: Context, actor: Actor, ref: str | uuid.UUID, changes: Mapping[str, str]
) -> EditImpact:
    """Which running services a correction would reach, and what happens to each; nothing
    is written. The preview the desk and the command line show before asking to confirm."""
    check_edit_allowed(ctx, actor, changes)
    with ctx.db.read() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        clean = _validate(changes, _region(customer))
        try:
            with session.no_autoflush:
                return _apply_assessed(customer, clean)
        finally:
            session.rollback()


@writes(None)
def edit_customer(
    ctx: Context,
    actor: Actor,
    ref: str | uuid.UUID,
    changes: Mapping[str, str],
    *,
    verified_by: str,
    expected_version: int | None = None,
    confirm_impact: bool = False,
) -> CustomerView:
    """Correct fields of a record; all are validated first and written together or not at all.

    ``verified_by`` is how the caller's identity was verified (``domain.requests``'
    methods); it is recorded in the audit event. ``expected_version`` is the version the
    editor saw; if someone saved in between, the edit is refused with StaleCustomerEdit
    carrying the current view, so nothing is overwritten. A change that reaches a running
    service is saved only with ``confirm_impact`` (see ``edit_impact``), and never when the
    service cannot go on without what it takes away.
    """
    method = verification_method(verified_by)
    check_edit_allowed(ctx, actor, changes)
    with ctx.db.write() as session:
        customer = load_full(session, ref)
        refuse_if_erased(customer)
        if expected_version is not None and customer.version != expected_version:
            raise StaleCustomerEdit(
                _(
                    "Customer {customer_account_number} was changed by someone "
                    "else while you were editing; review the current values "
                    "and apply your change again."
                ).format(customer_account_number=customer.account_number),
                build_view(session, customer, actor.role),
            )
        changed = apply_changes(session, ctx, customer, changes, confirm_impact=confirm_impact)
        audit.record(
            session,
            ctx,
            actor,
            "customer.edit",
            entity_type="customer",
            entity_id=customer.id,
            fields=list(changed),
            detail=f"verified by {method}" + ("; impact confirmed" if confirm_impact else ""),
        )
        session.flush()
        session.refresh(customer)
        return build_view(session, load_full(session, customer.id), actor.role)
