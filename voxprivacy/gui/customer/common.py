"""What the customer tabs share: the words for stored codes.

Stored values are codes (``in_person``, ``pl``, ``PL``, ``+48126604358``); the desk
shows them as words a person reads: labels, language and country names, phone
numbers in international format. Names of languages and countries come from
Qt's own locale data (CLDR), so every code the validation accepts has a name
without a table to keep up to date.
"""

from __future__ import annotations

import re
from typing import Any

from voxprivacy import i18n
from voxprivacy.domain import validation as v
from voxprivacy.gui.widgets import translate

_PHONE = re.compile(r"^\+\d{6,15}$")


def purpose_label(owner: Any, purpose: str) -> str:
    return {
        "newsletter": translate("customer", "Newsletter"),
        "product_updates": translate("customer", "Product updates"),
        "third_party_disclosure": translate("customer", "Disclosure to third parties"),
    }.get(purpose, purpose)


def source_label(owner: Any, source: str | None) -> str:
    return {
        "phone": translate("customer", "Phone"),
        "email": translate("customer", "Email"),
        "web": translate("customer", "Web"),
        "letter": translate("customer", "Letter"),
        "in_person": translate("customer", "In person"),
        "unsubscribe_link": translate("customer", "Unsubscribe link"),
        "signup": translate("customer", "Sign-up"),
    }.get(source or "", source or "")


def channel_label(owner: Any, channel: str | None) -> str:
    return {
        "phone": translate("customer", "Phone"),
        "email": translate("customer", "Email"),
        "chat": translate("customer", "Chat"),
        "letter": translate("customer", "Letter"),
        "in_person": translate("customer", "In person"),
        "web": translate("customer", "Web"),
        "sms": translate("customer", "SMS"),
        "post": translate("customer", "Post"),
    }.get(channel or "", channel or "")


def invoice_status_label(owner: Any, status: str) -> str:
    return {
        "open": translate("customer", "Open"),
        "paid": translate("customer", "Paid"),
        "overdue": translate("customer", "Overdue"),
        "void": translate("customer", "Void"),
    }.get(status, status)


def language_name(tag: str) -> str:
    """``pl`` → Polish, ``fr-CH`` → French (Switzerland), in the desk's language (the
    core's names, from Babel); an unknown tag is shown as it is."""
    return i18n.language_name(tag)


def country_name(code: str) -> str:
    """``PL`` → Poland, Pologne, Polen; an unknown code is shown as it is."""
    return i18n.country_name(code)


def shown_value(value: object) -> str:
    """A stored value as the desk shows it: phone numbers in international format."""
    text = str(value)
    return v.display_phone(text) if _PHONE.match(text) else text


def plain_message(name: str, message: str) -> str:
    """'email: not a valid address.' next to the email field reads 'Not a valid address.'"""
    prefix = f"{name}: "
    if message.startswith(prefix):
        rest = message[len(prefix) :]
        return rest[:1].upper() + rest[1:]
    return message
