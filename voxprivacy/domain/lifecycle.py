"""Rules of an account's life after registration: cards on file, termination, reactivation.

A card on file is the payment processor's token with the brand, the last four digits
and the expiry; never the number or the security code. A termination takes effect
today or on a later date; a terminated account can be reactivated by a supervisor
within ``REACTIVATION_GRACE_DAYS`` of the day it took effect.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from voxprivacy.domain import validation as v
from voxprivacy.errors import BadInput, Refused
from voxprivacy.i18n import _

REACTIVATION_GRACE_DAYS = 30

CARD_BRANDS = ("Visa", "Mastercard", "Amex", "Discover", "Diners", "JCB", "UnionPay", "Maestro")

TOKEN_LIMIT = 200
_TOKEN = re.compile(r"[A-Za-z0-9_\-.:]+")


def clean_brand(value: str) -> str:
    text = v.clean_text(value, "brand", limit=20)
    for brand in CARD_BRANDS:
        if brand.casefold() == text.casefold():
            return brand
    raise BadInput(
        _("brand: {text!r} is not a card brand we accept; use one of {join_card_brands}.").format(
            text=text, join_card_brands=", ".join(CARD_BRANDS)
        ),
        "brand",
    )


def clean_last4(value: str) -> str:
    text = v.clean_text(value, "last4", limit=40)
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise BadInput(
            _(
                "last4: give exactly the last four digits of the card (for "
                "example 4242), never the whole number."
            ),
            "last4",
        )
    return text


def clean_expiry(month: int, year: int, today: date) -> tuple[int, int]:
    if not 1 <= month <= 12:
        raise BadInput(
            _("expiry: month {month} does not exist; use 1 to 12.").format(month=month), "expiry"
        )
    if year < 100:
        year += 2000
    if not 2000 <= year <= today.year + 30:
        raise BadInput(
            _("expiry: {year} is not a plausible expiry year.").format(year=year), "expiry"
        )
    if (year, month) < (today.year, today.month):
        raise BadInput(
            _(
                "expiry: the card expired in {month:02d}/{year}; record a card that is still valid."
            ).format(month=month, year=year),
            "expiry",
        )
    return month, year


def parse_expiry(text: str, today: date) -> tuple[int, int]:
    """``MM/YY`` or ``MM/YYYY`` as typed."""
    clean = v.clean_text(text, "expiry", limit=20)
    match = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{2}|\d{4})", clean)
    if match is None:
        raise BadInput(
            _("expiry: {clean!r} is not an expiry date; write it as on the card, MM/YY.").format(
                clean=clean
            ),
            "expiry",
        )
    return clean_expiry(int(match.group(1)), int(match.group(2)), today)


def clean_token(value: str) -> str:
    """The processor's token: letters, digits and _ - . : only, and never a card number."""
    text = v.clean_text(value, "token", limit=TOKEN_LIMIT)
    if v.find_card_number(text) is not None:
        raise BadInput(
            _(
                "token: this is a card number, not the processor's token; "
                "never type the card number. Copy the token the payment "
                "processor returned (such as tok_…)."
            ),
            "token",
        )
    if not _TOKEN.fullmatch(text):
        raise BadInput(
            _(
                "token: a processor token has only letters, digits and _ - "
                ". : (no spaces); copy it exactly as the payment processor "
                "returned it."
            ),
            "token",
        )
    return text


def effective_date(value: date | None, today: date) -> date:
    """When a termination takes effect: today (None) or a later day."""
    if value is None:
        return today
    if value < today:
        raise BadInput(
            _(
                "effective date: {value_isoformat} is in the past; a "
                "termination takes effect today or on a later date."
            ).format(value_isoformat=value.isoformat()),
            "effective",
        )
    if value > today + timedelta(days=366):
        raise BadInput(
            _(
                "effective date: {value_isoformat} is more than a year "
                "away; schedule a termination at most a year ahead."
            ).format(value_isoformat=value.isoformat()),
            "effective",
        )
    return value


def reactivation_deadline(terminated_at: datetime) -> datetime:
    return terminated_at + timedelta(days=REACTIVATION_GRACE_DAYS)


def check_reactivation(account: str, terminated_at: datetime | None, now: datetime) -> None:
    if terminated_at is None:
        return
    deadline = reactivation_deadline(terminated_at)
    if now > deadline:
        raise Refused(
            _(
                "Customer {account} was terminated on {isoformat}, more "
                "than {reactivation_grace_days} days ago (the grace period "
                "ended on {deadline_date_isoformat}); the account cannot "
                "be reactivated. Register the customer again instead."
            ).format(
                account=account,
                isoformat=terminated_at.date().isoformat(),
                reactivation_grace_days=REACTIVATION_GRACE_DAYS,
                deadline_date_isoformat=deadline.date().isoformat(),
            )
        )
