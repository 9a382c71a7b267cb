"""Validation of everything a person types: names, addresses, phones, emails.

Every function returns the clean value or raises BadInput with a sentence that
names the field, the problem and the fix. Nothing here touches a database.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from voxprivacy.errors import BadInput

# Bidirectional overrides and isolates let a name display as something other
# than what is stored ("Trojan Source"); they have no place in a customer record.
_BIDI_CONTROLS = {
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
}

# Zero-width (non-)joiners shape Persian, Arabic and Indic names; other invisible
# formatting characters only make two different values look the same.
_JOINERS = {"\u200c", "\u200d"}

LIMITS: dict[str, int] = {
    "name": 200,
    "company": 200,
    "street": 200,
    "city": 100,
    "postal_code": 20,
    "note": 2000,
    "summary": 2000,
    "evidence": 500,
    "reason": 500,
}

_CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)")


def clean_text(
    value: str,
    field: str,
    *,
    limit: int | None = None,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """NFC-normalise, trim and check one text field."""
    if not isinstance(value, str):
        raise BadInput(f"{field}: expected text.", field)
    text = unicodedata.normalize("NFC", value).strip()
    for ch in text:
        if ch in _BIDI_CONTROLS:
            raise BadInput(
                f"{field}: contains an invisible text-direction control character "
                f"(U+{ord(ch):04X}); retype the value without it.",
                field,
            )
        if unicodedata.category(ch) == "Cf" and ch not in _JOINERS:
            raise BadInput(
                f"{field}: contains an invisible formatting character (U+{ord(ch):04X}); "
                "retype the value without it.",
                field,
            )
        if unicodedata.category(ch) == "Cs":
            raise BadInput(
                f"{field}: contains bytes that are not valid text (U+{ord(ch):04X}); "
                "retype the value or check the terminal's character encoding.",
                field,
            )
        if ch == "\x00" or (unicodedata.category(ch) == "Cc" and not (multiline and ch in "\n\t")):
            raise BadInput(
                f"{field}: contains a control character (U+{ord(ch):04X}); "
                "retype the value without it.",
                field,
            )
    if required and not text:
        raise BadInput(f"{field}: may not be empty.", field)
    max_len = limit if limit is not None else LIMITS.get(field, 200)
    if len(text) > max_len:
        raise BadInput(
            f"{field}: is {len(text)} characters long; at most {max_len} are allowed.", field
        )
    return text


def refuse_card_numbers(text: str, field: str) -> None:
    """Free text must not carry a payment card number (PCI DSS 3.4)."""
    for match in _CARD_LIKE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn_ok(digits):
            raise BadInput(
                f"{field}: looks like it contains a payment card number; card numbers are "
                "never stored in notes. Remove it and keep only the last four digits if needed.",
                field,
            )


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def clean_phone(value: str, default_region: str | None, field: str = "phone") -> str:
    """Parse a phone number and return it in E.164 (``+4930123456``)."""
    text = clean_text(value, field, limit=40)
    if any(unicodedata.category(c) == "Nd" and not ("0" <= c <= "9") for c in text):
        raise BadInput(f"{field}: use the digits 0-9 only.", field)
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise BadInput(
            f"{field}: {text!r} is not a phone number; enter it with the country code, "
            "for example +49 30 1234567.",
            field,
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise BadInput(
            f"{field}: {text!r} is not a valid phone number for its country; check the digits "
            "and the country code.",
            field,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_is_mobile(e164: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


@functools.lru_cache(maxsize=8192)
def display_phone(e164: str) -> str:
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def clean_email(value: str, field: str = "email") -> str:
    """Check an email address's syntax (no DNS lookup) and normalise its domain."""
    text = clean_text(value, field, limit=254)
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise BadInput(f"{field}: {text!r} is not a valid email address: {exc}", field) from None
    return str(result.normalized)


def clean_country(value: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    text = clean_text(value, field, limit=2).upper()
    if text not in _ISO_COUNTRIES:
        raise BadInput(
            f"{field}: {text!r} is not an ISO 3166-1 country code; use two letters such as "
            "DE, FR or GB.",
            field,
        )
    return text


def require_aware(moment: datetime | None, field: str) -> None:
    """Times given to services carry their time zone; a naive one is a caller's mistake."""
    if moment is not None and moment.tzinfo is None:
        raise BadInput(f"{field}: give the time with its time zone (for example UTC).", field)


def region_for_country(country: str | None) -> str | None:
    return country if country in _ISO_COUNTRIES else None


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for searching."""
    if text.isascii():  # no accents to strip: most names, every email and account number
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


# phonenumbers knows the regions it can dial; ISO 3166-1 adds a few territories
# it does not, so both lists are joined.
_ISO_COUNTRIES: frozenset[str] = frozenset(
    set(phonenumbers.SUPPORTED_REGIONS) | {"AQ", "BV", "GS", "HM", "PN", "TF", "UM"}
) - {"001"}
