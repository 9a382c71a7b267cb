"""Validation of everything a person types: names, addresses, phones, emails.

Every function returns the clean value or raises BadInput with a sentence that
names the field, the problem and the fix. Nothing here touches a database.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

from voxprivacy.errors import BadInput
from voxprivacy.i18n import _

# phonenumbers and email_validator (about 60 ms to import) are imported where a number or
# an address is checked or shown: a program that does neither (``voxprivacy-admin
# --version``, a command's --help) does not load them.
if TYPE_CHECKING:
    import phonenumbers

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

# Characters that render as nothing (or as a blank) yet are letters or symbols to
# Unicode, so a value made of them passes "not empty": Hangul and halfwidth
# fillers, the blank Braille pattern, Khmer inherent vowels, the combining
# grapheme joiner, variation selectors, the Mongolian vowel separator.
_FILLERS = frozenset(
    {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u17b4", "\u17b5", "\u034f"}
    | {"\u180e", "\u180b", "\u180c", "\u180d", "\u180f"}
    | {chr(c) for c in range(0xFE00, 0xFE10)}
    | {chr(c) for c in range(0xE0100, 0xE01F0)}
)


def _is_visible(ch: str) -> bool:
    """A character that shows something: a letter, digit, mark on a base, punctuation or symbol."""
    if ch in _FILLERS:
        return False
    return unicodedata.category(ch)[0] in "LNPS"


def clean_text(
    value: str,
    field: str,
    *,
    limit: int | None = None,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """NFC-normalise, trim and check one text field.

    Every field refuses text-direction controls, invisible formatting characters
    (zero-width joiners excepted) and control characters, and a value with no
    visible character at all. A single-line field (``multiline=False``) also
    refuses line and paragraph separators and blank fillers anywhere in it.
    """
    if not isinstance(value, str):
        raise BadInput(_("{field}: expected text.").format(field=field), field)
    text = unicodedata.normalize("NFC", value).strip()
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _BIDI_CONTROLS:
            raise BadInput(
                _(
                    "{field}: contains an invisible text-direction control "
                    "character (U+{ord_ch:04X}); retype the value without it."
                ).format(field=field, ord_ch=ord(ch)),
                field,
            )
        if category == "Cf" and ch not in _JOINERS:
            raise BadInput(
                _(
                    "{field}: contains an invisible formatting character "
                    "(U+{ord_ch:04X}); retype the value without it."
                ).format(field=field, ord_ch=ord(ch)),
                field,
            )
        if category == "Cs":
            raise BadInput(
                _(
                    "{field}: contains bytes that are not valid text "
                    "(U+{ord_ch:04X}); retype the value or check the "
                    "terminal's character encoding."
                ).format(field=field, ord_ch=ord(ch)),
                field,
            )
        if ch == "\x00" or (category == "Cc" and not (multiline and ch in "\n\t")):
            raise BadInput(
                f"{field}: contains a control character (U+{ord(ch):04X}); "
                "retype the value without it"
                + ("." if multiline else " (this field is a single line)."),
                field,
            )
        if not multiline and category in ("Zl", "Zp"):
            raise BadInput(
                _(
                    "{field}: contains a line or paragraph separator "
                    "(U+{ord_ch:04X}); this field is a single line: retype the "
                    "value on one line."
                ).format(field=field, ord_ch=ord(ch)),
                field,
            )
        if not multiline and ch in _FILLERS:
            raise BadInput(
                _(
                    "{field}: contains an invisible filler character "
                    "(U+{ord_ch:04X}) that looks like a blank; retype the "
                    "value with ordinary spaces."
                ).format(field=field, ord_ch=ord(ch)),
                field,
            )
    if text and not any(_is_visible(ch) for ch in text):
        raise BadInput(
            _(
                "{field}: contains no visible character (only blanks or "
                "invisible characters); type the value in letters or "
                "digits."
            ).format(field=field),
            field,
        )
    if required and not text:
        raise BadInput(_("{field}: may not be empty.").format(field=field), field)
    max_len = limit if limit is not None else LIMITS.get(field, 200)
    if len(text) > max_len:
        raise BadInput(
            _("{field}: is {len_text} characters long; at most {max_len} are allowed.").format(
                field=field, len_text=len(text), max_len=max_len
            ),
            field,
        )
    return text


def check_length(
    field: str,
    value: str,
    limit: int,
    *,
    stored_as: str | None = None,
    fix: str = "Shorten the value.",
) -> None:
    """Refuse a value longer than the column that keeps it.

    ``stored_as`` names what is stored when it is not the typed value itself
    (the search form of an email, a timeline entry built around a reason).
    """
    if len(value) <= limit:
        return
    if stored_as is None:
        raise BadInput(
            _("{field}: is {len_value} characters long; at most {limit} are allowed.").format(
                field=field, len_value=len(value), limit=limit
            ),
            field,
        )
    raise BadInput(
        _(
            "{field}: is stored as {stored_as}, which would be "
            "{len_value} characters long; at most {limit} fit. {fix}"
        ).format(field=field, stored_as=stored_as, len_value=len(value), limit=limit, fix=fix),
        field,
    )


# ----------------------------------------------------------------------------- card numbers
#
# A card number is 13 to 19 digits passing the Luhn check. People write it in
# groups joined by anything: spaces (one or several), dots, dashes, slashes,
# underscores, commas, or a mix, and often follow it with the CVV or the expiry.
# The check reads the text as runs of digit groups joined by at most three such
# separator characters, and refuses the text when any stretch of digits that
# starts at the beginning of a group and holds 13 to 19 digits passes Luhn
# (so "4111.1111.1111.1111 123" and "4111111111111111123" are both caught).
# Not cards: a stretch starting with 0 (no issuer number does: national
# phone numbers, "0049 …"), a run of at most 15 digits written right after "+"
# (an international phone number; E.164 allows no more), and dates
# (31.12.2024, 2024-12-31, 12/31/2024), which split runs instead of joining them.

_SEPARATORS = r"[\s.\-/_,\\\u00b7\u2010-\u2015\u2212]"
_DIGIT_RUN = re.compile(rf"\d+(?:{_SEPARATORS}{{1,3}}\d+)*")
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)\d\d"
    r")(?!\d)"
)
_GROUP = re.compile(r"\d+")
_E164_MAX = 15


def find_card_number(text: str) -> str | None:
    """The first card-like stretch of ``text`` (as written), or None."""
    plain = _DATE.sub(lambda m: "#" * len(m.group()), unicodedata.normalize("NFKC", text))
    for run in _DIGIT_RUN.finditer(plain):
        groups = list(_GROUP.finditer(run.group()))
        digits = "".join(str(unicodedata.digit(c)) for c in run.group() if c.isdigit())
        phone = run.start() > 0 and plain[run.start() - 1] == "+" and len(digits) <= _E164_MAX
        start = 0
        for index, group in enumerate(groups):
            if index > 0 or not phone:
                for size in range(13, 20):
                    stretch = digits[start : start + size]
                    if len(stretch) < size:
                        break
                    if stretch[0] != "0" and _luhn_ok(stretch):
                        return run.group()
            start += len(group.group())
    return None


def refuse_card_numbers(text: str | None, field: str) -> None:
    """Free text must not carry a payment card number (PCI DSS 3.4)."""
    if text and find_card_number(text) is not None:
        raise BadInput(
            _(
                "{field}: looks like it contains a payment card number; "
                "card numbers are never stored in free text. Remove it and "
                "keep only the last four digits if needed."
            ).format(field=field),
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
    import phonenumbers

    text = clean_text(value, field, limit=40)
    if any(unicodedata.category(c) == "Nd" and not ("0" <= c <= "9") for c in text):
        raise BadInput(_("{field}: use the digits 0-9 only.").format(field=field), field)
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise BadInput(
            _(
                "{field}: {text!r} is not a phone number; enter it with "
                "the country code, for example +49 30 1234567."
            ).format(field=field, text=text),
            field,
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise BadInput(
            _(
                "{field}: {text!r} is not a valid phone number for its "
                "country; check the digits and the country code."
            ).format(field=field, text=text),
            field,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_is_mobile(e164: str) -> bool:
    import phonenumbers

    kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _stored_number(e164: str) -> phonenumbers.PhoneNumber | None:
    """A stored number ("+", calling code, national number) taken apart without parsing.

    Calling codes are prefix-free, so the first one to three digits that form a known
    code are it; the rest, leading zeros counted, is the national significant number.
    This is what ``phonenumbers.parse`` finds for such a number, at a fraction of the
    cost (a search shows a hundred numbers as one types). None: not in that form.
    """
    import phonenumbers

    digits = e164[1:]
    if not e164.startswith("+") or not digits.isdigit() or not digits.isascii():
        return None
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            nsn = digits[size:]
            if not nsn:
                return None
            zeros = len(nsn) - len(nsn.lstrip("0"))
            return phonenumbers.PhoneNumber(
                country_code=code,
                national_number=int(nsn),
                italian_leading_zero=True if zeros else None,
                number_of_leading_zeros=zeros if zeros > 1 else None,
            )
    return None


@functools.lru_cache(maxsize=8192)
def display_phone(e164: str) -> str:
    import phonenumbers

    number = _stored_number(e164)
    try:
        if number is None:
            number = phonenumbers.parse(e164, None)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


EMAIL_MAX = 254  # RFC 5321: a path holds at most 256 octets, "<" and ">" included
EMAIL_LOCAL_MAX = 64  # RFC 5321 4.5.3.1.1


def clean_email(value: str, field: str = "email") -> str:
    """Check an email address's syntax (no DNS lookup) and normalise its domain.

    The local part holds at most 64 characters and the address 254 (RFC 5321);
    the address's search form (``fold``) must fit the same 254, which refuses
    the few characters that unfold into many (U+FDFA is 18 letters).
    """
    from email_validator import EmailNotValidError, validate_email

    text = clean_text(value, field, limit=EMAIL_MAX)
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise BadInput(
            _("{field}: {text!r} is not a valid email address: {exc}").format(
                field=field, text=text, exc=exc
            ),
            field,
        ) from None
    address = str(result.normalized)
    local = address.rpartition("@")[0]
    if len(local) > EMAIL_LOCAL_MAX:
        raise BadInput(
            _(
                "{field}: the part before the @ is {len_local} characters "
                "long; at most {email_local_max} are allowed."
            ).format(field=field, len_local=len(local), email_local_max=EMAIL_LOCAL_MAX),
            field,
        )
    if len(address) > EMAIL_MAX:
        raise BadInput(
            _("{field}: is {len_address} characters long; at most {email_max} are allowed.").format(
                field=field, len_address=len(address), email_max=EMAIL_MAX
            ),
            field,
        )
    check_length(
        field,
        fold(address),
        EMAIL_MAX,
        stored_as="its search form",
        fix="Some characters (such as \ufdfa or \u33af) unfold into several letters there; "
        "type the address in plain letters.",
    )
    return address


def clean_country(value: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    text = clean_text(value, field, limit=2).upper()
    if text not in _iso_countries():
        raise BadInput(
            _(
                "{field}: {text!r} is not an ISO 3166-1 country code; use "
                "two letters such as DE, FR or GB."
            ).format(field=field, text=text),
            field,
        )
    return text


def require_aware(moment: datetime | None, field: str) -> None:
    """Times given to services carry their time zone; a naive one is a caller's mistake."""
    if moment is not None and moment.tzinfo is None:
        raise BadInput(
            _("{field}: give the time with its time zone (for example UTC).").format(field=field),
            field,
        )


def region_for_country(country: str | None) -> str | None:
    return country if country in _iso_countries() else None


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for searching."""
    if text.isascii():  # no accents to strip: most names, every email and account number
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


# phonenumbers knows the regions it can dial; ISO 3166-1 adds a few territories
# it does not, so both lists are joined.
@functools.cache
def _iso_countries() -> frozenset[str]:
    import phonenumbers

    return frozenset(
        set(phonenumbers.SUPPORTED_REGIONS) | {"AQ", "BV", "GS", "HM", "PN", "TF", "UM"}
    ) - {"001"}
