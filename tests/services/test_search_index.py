"""The search index's terms, checked against what phonenumbers itself would say."""

from __future__ import annotations

import contextlib
import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from voxprivacy.services.search_index import phone_terms, terms_for


def _parsed_terms(e164: str) -> set[str]:
    """The digits and the national number, the slow way: parsing the number."""
    terms = {e164.lstrip("+")}
    with contextlib.suppress(phonenumbers.NumberParseException):
        terms.add(str(phonenumbers.parse(e164, None).national_number))
    return terms


def _valid_numbers(per_example: int) -> list[str]:
    """Example numbers of every region and kind, and valid neighbours of each."""
    rnd = random.Random(7)
    found: set[str] = set()
    examples = [
        phonenumbers.example_number_for_type(region, kind)
        for region in phonenumbers.SUPPORTED_REGIONS
        for kind in (
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.MOBILE,
            PhoneNumberType.TOLL_FREE,
            PhoneNumberType.VOIP,
        )
    ]
    examples += [
        phonenumbers.example_number_for_non_geo_entity(code)
        for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS
    ]
    for example in filter(None, examples):
        base = phonenumbers.format_number(example, PhoneNumberFormat.E164)
        for k in range(per_example):
            text = base if k == 0 else base[:-2] + f"{rnd.randrange(100):02d}"
            number = phonenumbers.parse(text, None)
            if phonenumbers.is_valid_number(number):
                found.add(phonenumbers.format_number(number, PhoneNumberFormat.E164))
    return sorted(found)


def test_phone_terms_match_the_national_number_phonenumbers_parses() -> None:
    numbers = _valid_numbers(per_example=4)
    assert len(numbers) > 1500  # every region, Italy's leading zeros included
    assert [n for n in numbers if phone_terms(n) != _parsed_terms(n)] == []


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+4930901820", {"4930901820", "30901820"}),
        ("+390612345678", {"390612345678", "612345678"}),  # Italy keeps its 0 in E.164
        ("+12025550143", {"12025550143", "2025550143"}),
        ("+999123", {"999123"}),  # no such country code: the digits only
    ],
)
def test_phone_terms_are_the_digits_and_the_number_dialled_at_home(
    e164: str, expected: set[str]
) -> None:
    assert phone_terms(e164) == expected


def test_terms_hold_every_searched_field() -> None:
    terms = terms_for(
        "VX20830283", "Casey Weber-Scott", None, ["casey.w@example.org"], ["+4930901820"]
    )
    assert {
        ("vx20830283", "account"),
        ("casey", "name"),
        ("weber-scott", "name"),
        ("weber", "name"),
        ("scott", "name"),
        ("30901820", "phone"),
        ("4930901820", "phone"),
    } <= terms
    # a word of the email's local part is an email term, even when it is also a name
    assert {("casey.w@example.org", "email"), ("w", "email"), ("casey", "email")} <= terms
