"""The spelling of vocabulary values.

A count is written with ``i18n.ngettext`` per noun ("{n} invoice", "{n} invoices"),
in each language's plural rules (never "request(s)"). A vocabulary value of more than
one word is accepted with either separator ("in-person" or "in_person") and printed
with a hyphen.

The values a record holds (a customer's status and kind, a consent's purpose and source,
an interaction's channel…) are stored as their codes and shown through one vocabulary
per kind of value below, read in the current language; ``--json`` and what a user types
back keep the codes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from voxprivacy.domain.enums import (
    AddressKind,
    Channel,
    ConsentAction,
    ConsentSource,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
    InvoiceStatus,
    PhoneKind,
    Purpose,
    ServiceStatus,
)
from voxprivacy.i18n import NC_, Vocabulary

V = TypeVar("V", bound=StrEnum)


def _key(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def member_of(vocabulary: type[V], text: str) -> V:
    """The value of ``vocabulary`` that ``text`` spells, with '-', '_' or a space between
    words and in any case; ValueError when it spells none."""
    key = _key(text)
    for member in vocabulary:
        if _key(member.value) == key:
            return member
    raise ValueError(f"{text!r} is not a {vocabulary.__name__}")


def printed(value: str) -> str:
    """A vocabulary value as printed and as offered for input: in-person, unsubscribe-link."""
    return value.replace("_", "-")


def printed_values(vocabulary: type[StrEnum]) -> list[str]:
    return [printed(member.value) for member in vocabulary]


# --------------------------------------------------------------------------- values in words
# The English word of each value is the code as the command line has always printed it
# (what a user types back); French and Dutch say it in words. Each vocabulary has its own
# context: "private" is "particulier" for a customer, "privée" for an address.

CUSTOMER_STATUS_WORDS: Vocabulary[str] = Vocabulary(
    {
        CustomerStatus.ACTIVE: NC_("customer status", "active"),
        CustomerStatus.TERMINATED: NC_("customer status", "terminated"),
        CustomerStatus.ERASED: NC_("customer status", "erased"),
    },
    context="customer status",
)
CUSTOMER_KIND_WORDS: Vocabulary[str] = Vocabulary(
    {
        CustomerKind.PRIVATE: NC_("customer kind", "private"),
        CustomerKind.BUSINESS: NC_("customer kind", "business"),
    },
    context="customer kind",
)
ADDRESS_KIND_WORDS: Vocabulary[str] = Vocabulary(
    {
        AddressKind.PRIVATE: NC_("address kind", "private"),
        AddressKind.BUSINESS: NC_("address kind", "business"),
        AddressKind.BILLING: NC_("address kind", "billing"),
    },
    context="address kind",
)
# how the customer prefers to be reached
CHANNEL_WORDS: Vocabulary[str] = Vocabulary(
    {
        Channel.EMAIL: NC_("preferred channel", "email"),
        Channel.PHONE: NC_("preferred channel", "phone"),
        Channel.SMS: NC_("preferred channel", "sms"),
        Channel.POST: NC_("preferred channel", "post"),
    },
    context="preferred channel",
)
PHONE_KIND_WORDS: Vocabulary[str] = Vocabulary(
    {
        PhoneKind.MOBILE: NC_("phone kind", "mobile"),
        PhoneKind.LANDLINE: NC_("phone kind", "landline"),
        PhoneKind.WORK: NC_("phone kind", "work"),
    },
    context="phone kind",
)
PURPOSE_WORDS: Vocabulary[str] = Vocabulary(
    {
        Purpose.NEWSLETTER: NC_("consent purpose", "newsletter"),
        Purpose.PRODUCT_UPDATES: NC_("consent purpose", "product_updates"),
        Purpose.THIRD_PARTY_DISCLOSURE: NC_("consent purpose", "third_party_disclosure"),
    },
    context="consent purpose",
)
CONSENT_ACTION_WORDS: Vocabulary[str] = Vocabulary(
    {
        ConsentAction.GRANTED: NC_("consent action", "granted"),
        ConsentAction.WITHDRAWN: NC_("consent action", "withdrawn"),
    },
    context="consent action",
)
# how the customer gave or withdrew a consent
CONSENT_SOURCE_WORDS: Vocabulary[str] = Vocabulary(
    {
        ConsentSource.PHONE: NC_("consent source", "phone"),
        ConsentSource.EMAIL: NC_("consent source", "email"),
        ConsentSource.WEB: NC_("consent source", "web"),
        ConsentSource.LETTER: NC_("consent source", "letter"),
        ConsentSource.IN_PERSON: NC_("consent source", "in-person"),
        ConsentSource.UNSUBSCRIBE_LINK: NC_("consent source", "unsubscribe-link"),
        ConsentSource.SIGNUP: NC_("consent source", "signup"),
    },
    context="consent source",
)
# how an interaction with the customer took place
INTERACTION_CHANNEL_WORDS: Vocabulary[str] = Vocabulary(
    {
        InteractionChannel.PHONE: NC_("interaction channel", "phone"),
        InteractionChannel.EMAIL: NC_("interaction channel", "email"),
        InteractionChannel.CHAT: NC_("interaction channel", "chat"),
        InteractionChannel.LETTER: NC_("interaction channel", "letter"),
        InteractionChannel.IN_PERSON: NC_("interaction channel", "in-person"),
        InteractionChannel.WEB: NC_("interaction channel", "web"),
    },
    context="interaction channel",
)
SERVICE_STATUS_WORDS: Vocabulary[str] = Vocabulary(
    {
        ServiceStatus.ACTIVE: NC_("service status", "active"),
        ServiceStatus.SUSPENDED: NC_("service status", "suspended"),
        ServiceStatus.ENDED: NC_("service status", "ended"),
    },
    context="service status",
)
INVOICE_STATUS_WORDS: Vocabulary[str] = Vocabulary(
    {
        InvoiceStatus.OPEN: NC_("invoice status", "open"),
        InvoiceStatus.PAID: NC_("invoice status", "paid"),
        InvoiceStatus.OVERDUE: NC_("invoice status", "overdue"),
        InvoiceStatus.VOID: NC_("invoice status", "void"),
    },
    context="invoice status",
)


def said(words: Vocabulary[str], code: str | None) -> str:
    """The stored ``code`` in the words of the current language; a code the vocabulary
    does not know (a newer version's, or already free text) is printed as it is."""
    if not code:
        return ""
    key = _key(code)
    return words[key] if key in words else printed(code)


def with_words(words: Vocabulary[str]) -> str:
    """The codes a user may type, each with its word, for a help text:
    'private (particulier), business (entreprise)'; a code alone where the word is the code."""
    shown = []
    for code in words:
        word = words[code]
        same = printed(word) == printed(code)
        shown.append(printed(code) if same else f"{printed(code)} ({word})")
    return ", ".join(shown)
