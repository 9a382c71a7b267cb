"""The products a customer can subscribe to and what each needs from the record.

The erasure-impact preview, the record view and the subscription form work from
these declarations, never from a hard-coded list of consequences: a product
that needs a local address loses it when the address goes, and cannot be added
to a record without one. Each product also says what becomes of its number or
identifier when the service ends (``NumberFate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from voxprivacy.i18n import N_, Vocabulary, _


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


REQUIREMENT_LABELS: Vocabulary[Requirement] = Vocabulary(
    {
        Requirement.NAME: N_("the customer's name"),
        Requirement.LOCAL_ADDRESS: N_("a private or business address"),
        Requirement.BUSINESS_ADDRESS: N_("a business address"),
        Requirement.BILLING_ADDRESS: N_("a billing address"),
        Requirement.EMAIL: N_("an email address"),
        Requirement.MOBILE_PHONE: N_("a mobile phone number"),
        Requirement.PHONE: N_("a phone number"),
        Requirement.CARD: N_("a payment card on file"),
    }
)


REQUIREMENT_FIXES: Vocabulary[Requirement] = Vocabulary(
    {
        Requirement.NAME: N_("add the customer's name to the record first"),
        Requirement.LOCAL_ADDRESS: N_("add a private or business address to the record first"),
        Requirement.BUSINESS_ADDRESS: N_("add a business address to the record first"),
        Requirement.BILLING_ADDRESS: N_("add a billing address to the record first (finance)"),
        Requirement.EMAIL: N_("add an email address to the record first"),
        Requirement.MOBILE_PHONE: N_("add a mobile phone number to the record first"),
        Requirement.PHONE: N_("add a phone number to the record first"),
        Requirement.CARD: N_("ask finance to record the customer's card first"),
    }
)


class AttributeKind(StrEnum):
    """How a service attribute is typed and checked."""

    PHONE = "phone"  # a phone number, stored E.164
    EMAIL = "email"
    TEXT = "text"  # one line of text
    COUNT = "count"  # a whole number from 1 to 1000
    AMOUNT = "amount"  # money in cents, 1 to 100000


ATTRIBUTES: dict[str, tuple[str, AttributeKind]] = {
    "number": ("Number", AttributeKind.PHONE),
    "area": ("Area", AttributeKind.TEXT),
    "trunk_id": ("Trunk id", AttributeKind.TEXT),
    "channels": ("Channels", AttributeKind.COUNT),
    "sender_id": ("Sender id", AttributeKind.TEXT),
    "mailbox": ("Mailbox", AttributeKind.EMAIL),
    "forward_to": ("Forward to", AttributeKind.PHONE),
    "top_up_amount": ("Top-up amount (cents)", AttributeKind.AMOUNT),
}


class NumberFate(StrEnum):
    """What becomes of a service's number or identifier when the service ends."""

    RELEASED = "released"  # back to the pool after NUMBER_QUARANTINE_DAYS
    PORTED = "ported"  # moved to another provider at the customer's request
    RETIRED = "retired"  # an identifier of ours that is never given out again
    KEPT = "kept"  # the customer's own number: nothing of ours to release


# A released number rests this long before anyone else can get it, so that calls meant
# for the old holder do not reach a stranger.
NUMBER_QUARANTINE_DAYS = 90


@dataclass(frozen=True)
class Product:
    code: str
    source_label: str  # N_()-marked English; ``label`` reads it in the current language
    requires: frozenset[Requirement]
    attributes: tuple[str, ...]  # typed, free-form service attributes (ATTRIBUTES)
    # the attribute whose value names the service (its number, trunk, sender id); None:
    # the service is named "<prefix>-<account digits>"
    identifier_from: str | None
    on_end: tuple[NumberFate, ...]  # what ending may do to its number; the first is the default
    prefix: str = ""
    exclusive: bool = False  # its identifier is ours and held by one running service at a time

    @property
    def label(self) -> str:
        return _(self.source_label)


PRODUCTS: dict[str, Product] = {
    p.code: p
    for p in (
        Product(
            "virtual_number",
            N_("Virtual number"),
            frozenset({Requirement.NAME, Requirement.LOCAL_ADDRESS}),
            ("number", "area"),
            "number",
            (NumberFate.RELEASED, NumberFate.PORTED),
            exclusive=True,
        ),
        Product(
            "origination_trunk",
            N_("SIP origination trunk"),
            frozenset({Requirement.NAME, Requirement.BUSINESS_ADDRESS, Requirement.EMAIL}),
            ("trunk_id", "channels"),
            "trunk_id",
            (NumberFate.RETIRED,),
            exclusive=True,
        ),
        Product(
            "sms",
            N_("SMS messaging"),
            frozenset({Requirement.MOBILE_PHONE}),
            ("sender_id",),
            "sender_id",
            (NumberFate.RETIRED,),
        ),
        Product(
            "voicemail_to_email",
            N_("Voicemail to email"),
            frozenset({Requirement.EMAIL}),
            ("mailbox",),
            None,
            (NumberFate.RETIRED,),
            "VM",
        ),
        Product(
            "call_forwarding",
            N_("Call forwarding"),
            frozenset({Requirement.PHONE}),
            ("forward_to",),
            None,
            (NumberFate.KEPT,),
            "CF",
        ),
        Product(
            "prepaid_credit",
            N_("Prepaid call credit"),
            frozenset({Requirement.CARD, Requirement.BILLING_ADDRESS}),
            ("top_up_amount",),
            None,
            (NumberFate.RETIRED,),
            "PPC",
        ),
    )
}


def product(code: str) -> Product:
    try:
        return PRODUCTS[code]
    except KeyError:
        known = ", ".join(sorted(PRODUCTS))
        raise ValueError(f"Unknown product {code!r}; known products: {known}.") from None


FATE_TEXT: Vocabulary[NumberFate] = Vocabulary(
    {
        NumberFate.RELEASED: N_("released to the pool after {days} days"),
        NumberFate.PORTED: N_("ported out to the customer's new provider"),
        NumberFate.RETIRED: N_("retired (never given to anyone else)"),
        NumberFate.KEPT: N_(
            "left with the customer (their own number; nothing of ours to release)"
        ),
    },
    days=NUMBER_QUARANTINE_DAYS,
)


def fate_text(fate: str) -> str:
    """What ending a service did or does to its number, as a sentence part."""
    try:
        return FATE_TEXT[NumberFate(fate)]
    except ValueError:
        return fate


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
