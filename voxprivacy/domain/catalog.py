"""The products a customer can subscribe to and what each needs from the record.

The erasure-impact preview and the record view work from these declarations,
never from a hard-coded list of consequences: a product that needs a local
address loses it when the address goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Requirement(StrEnum):
    """A part of the customer record a service cannot run without."""

    NAME = "name"
    LOCAL_ADDRESS = "local_address"  # a private or business address
    BUSINESS_ADDRESS = "business_address"
    BILLING_ADDRESS = "billing_address"
    EMAIL = "email"
    MOBILE_PHONE = "mobile_phone"
    PHONE = "phone"
    CARD = "card"


REQUIREMENT_LABELS: dict[Requirement, str] = {
    Requirement.NAME: "the customer's name",
    Requirement.LOCAL_ADDRESS: "a private or business address",
    Requirement.BUSINESS_ADDRESS: "a business address",
    Requirement.BILLING_ADDRESS: "a billing address",
    Requirement.EMAIL: "an email address",
    Requirement.MOBILE_PHONE: "a mobile phone number",
    Requirement.PHONE: "a phone number",
    Requirement.CARD: "a payment card on file",
}


@dataclass(frozen=True)
class Product:
    code: str
    label: str
    requires: frozenset[Requirement]
    attributes: tuple[str, ...]  # typed, free-form service attributes


PRODUCTS: dict[str, Product] = {
    p.code: p
    for p in (
        Product(
            "virtual_number",
            "Virtual number",
            frozenset({Requirement.NAME, Requirement.LOCAL_ADDRESS}),
            ("number", "area"),
        ),
        Product(
            "origination_trunk",
            "SIP origination trunk",
            frozenset({Requirement.NAME, Requirement.BUSINESS_ADDRESS, Requirement.EMAIL}),
            ("trunk_id", "channels"),
        ),
        Product(
            "sms",
            "SMS messaging",
            frozenset({Requirement.MOBILE_PHONE}),
            ("sender_id",),
        ),
        Product(
            "voicemail_to_email",
            "Voicemail to email",
            frozenset({Requirement.EMAIL}),
            ("mailbox",),
        ),
        Product(
            "call_forwarding",
            "Call forwarding",
            frozenset({Requirement.PHONE}),
            ("forward_to",),
        ),
        Product(
            "prepaid_credit",
            "Prepaid call credit",
            frozenset({Requirement.CARD, Requirement.BILLING_ADDRESS}),
            ("top_up_amount",),
        ),
    )
}


def product(code: str) -> Product:
    try:
        return PRODUCTS[code]
    except KeyError:
        known = ", ".join(sorted(PRODUCTS))
        raise ValueError(f"Unknown product {code!r}; known products: {known}.") from None


# What a service delivers to: without it the service cannot go on at all, so an everyday
# edit that takes it away is refused (end the service first). Every other requirement is
# registration data the service keeps running without until the record is completed: an
# edit that takes it away is saved only once staff confirmed the impact.
DELIVERS_TO: dict[str, frozenset[Requirement]] = {
    "sms": frozenset({Requirement.MOBILE_PHONE}),
    "voicemail_to_email": frozenset({Requirement.EMAIL}),
    "call_forwarding": frozenset({Requirement.PHONE}),
    "prepaid_credit": frozenset({Requirement.CARD}),
}


def cannot_go_on_without(code: str) -> frozenset[Requirement]:
    """The requirements of product ``code`` that an edit may not take away."""
    return DELIVERS_TO.get(code, frozenset())
