"""What a correction does to the customer's running services, before it is saved.

The policy warns that deleting some personal information may prevent the provider
from supplying a service. Each product declares what it needs from the record
(``domain/catalog.py``); an edit that removes or changes something a running
service needs is shown first:

- ``blocked``: the service delivers to what the edit takes away (an SMS service
  without a mobile number, voicemail to email without an email): the edit is
  refused; end the service first;
- ``incomplete``: the service loses registration data it keeps running without
  (a virtual number without a local address): saved only once confirmed;
- ``changed``: the service goes on with the new value (a new address, a new
  name): saved only once confirmed.

The same declarations drive the erasure's preview (``services/erasure.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voxprivacy.domain.catalog import (
    PRODUCTS,
    REQUIREMENT_LABELS,
    Requirement,
    cannot_go_on_without,
)
from voxprivacy.domain.enums import AddressKind, PhoneKind, ServiceStatus
from voxprivacy.errors import BadInput, Refused
from voxprivacy.i18n import N_, Vocabulary, ngettext
from voxprivacy.storage.models import Customer

BLOCKED = "blocked"
INCOMPLETE = "incomplete"
CHANGED = "changed"

OUTCOME_WORDS = Vocabulary(
    {
        BLOCKED: N_("cannot go on without it: end the service first"),
        INCOMPLETE: N_("keeps running without it until the record is completed"),
        CHANGED: N_("goes on with the new value"),
    }
)


def satisfied(customer: Customer) -> set[Requirement]:
    """The requirements the record meets as it stands (in memory, saved or not)."""
    have: set[Requirement] = set()
    if customer.name:
        have.add(Requirement.NAME)
    kinds = {a.kind for a in customer.addresses}
    if kinds & {AddressKind.PRIVATE, AddressKind.BUSINESS}:
        have.add(Requirement.LOCAL_ADDRESS)
    if AddressKind.BUSINESS in kinds:
        have.add(Requirement.BUSINESS_ADDRESS)
    if AddressKind.BILLING in kinds:
        have.add(Requirement.BILLING_ADDRESS)
    if customer.emails:
        have.add(Requirement.EMAIL)
    if customer.phones:
        have.add(Requirement.PHONE)
    if any(p.kind == PhoneKind.MOBILE for p in customer.phones):
        have.add(Requirement.MOBILE_PHONE)
    if customer.cards:
        have.add(Requirement.CARD)
    return have


@dataclass(frozen=True)
class ServiceChange:
    """One running service an edit reaches: what it touches and what happens to it."""

    label: str
    identifier: str
    touches: list[str]  # the requirements' labels, as the erasure preview words them
    outcome: str  # BLOCKED, INCOMPLETE or CHANGED


@dataclass(frozen=True)
class EditImpact:
    services: list[ServiceChange]

    @property
    def blocked(self) -> list[ServiceChange]:
        return [s for s in self.services if s.outcome == BLOCKED]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.services)

    def sentence(self) -> str:
        """The impact in one paragraph: "This change affects 1 service: Virtual number
        +49 30 1234567 (a private or business address): keeps running without it …"."""
        parts = [
            f"{s.label} {s.identifier} ({', '.join(s.touches)}): {OUTCOME_WORDS[s.outcome]}"
            for s in self.services
        ]
        n = len(self.services)
        return ngettext(
            "This change affects {n} service: {services}.",
            "This change affects {n} services: {services}.",
            n,
        ).format(n=n, services="; ".join(parts))


class ImpactNotConfirmed(Refused):
    """The edit reaches running services and was not confirmed; nothing was written."""

    def __init__(self, impact: EditImpact) -> None:
        super().__init__(
            f"{impact.sentence()} Nothing was saved: confirm the impact to save the change."
        )
        self.impact = impact


class ImpactBlocked(BadInput):
    """The edit takes away what a running service delivers to; nothing was written."""

    def __init__(self, impact: EditImpact) -> None:
        names = ", ".join(f"{s.label} {s.identifier}" for s in impact.blocked)
        super().__init__(
            f"{impact.sentence()} Nothing was saved: end {names} first, or keep what "
            "it needs on the record.",
            "services",
        )
        self.impact = impact


def touched(customer: Customer, clean: Mapping[str, Any]) -> set[Requirement]:
    """The requirements whose value on the record ``clean`` changes or removes (adding
    something new touches nothing)."""
    out: set[Requirement] = set()
    primary_email = next((e.address for e in customer.emails if e.is_primary), None)
    primary_phone = next((p for p in customer.phones if p.is_primary), None)
    addresses = {a.kind: a for a in customer.addresses}
    for name, value in clean.items():
        if name in ("name", "company"):
            out.add(Requirement.NAME)
        elif name == "emails.remove" or (
            name == "email" and primary_email and primary_email.casefold() != value.casefold()
        ):
            out.add(Requirement.EMAIL)
        elif name == "phones.remove" or (
            name == "phone" and primary_phone is not None and primary_phone.e164 != value
        ):
            out.add(Requirement.PHONE)
            old = (
                next((p for p in customer.phones if p.e164 == value), None)
                if name == "phones.remove"
                else primary_phone
            )
            if old is not None and old.kind == PhoneKind.MOBILE:
                out.add(Requirement.MOBILE_PHONE)
        elif name.startswith("address."):
            kind = name.split(".")[1]
            existing = addresses.get(kind)
            if existing is None:
                continue
            if name.count(".") == 2 and str(getattr(existing, name.split(".")[2])) == str(value):
                continue
            if kind == AddressKind.BILLING:
                out.add(Requirement.BILLING_ADDRESS)
            else:
                out.add(Requirement.LOCAL_ADDRESS)
                if kind == AddressKind.BUSINESS:
                    out.add(Requirement.BUSINESS_ADDRESS)
    return out


def assess(
    customer: Customer, touches: set[Requirement], before: set[Requirement], after: set[Requirement]
) -> EditImpact:
    """Each running service whose declared needs the edit touches, with its outcome."""
    services: list[ServiceChange] = []
    for sub in customer.subscriptions:
        if sub.status == ServiceStatus.ENDED:
            continue
        product = PRODUCTS.get(sub.product)
        if product is None:
            continue
        reached = sorted(product.requires & (touches | (before - after)))
        if not reached:
            continue
        lost = set(reached) & (before - after)
        if lost & cannot_go_on_without(product.code):
            outcome = BLOCKED
        elif lost:
            outcome = INCOMPLETE
        else:
            outcome = CHANGED
        services.append(
            ServiceChange(
                product.label,
                sub.identifier,
                [REQUIREMENT_LABELS[r] for r in reached],
                outcome,
            )
        )
    return EditImpact(services)
