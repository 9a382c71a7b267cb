"""Validation of typed input: every refusal names the field and the fix."""

from __future__ import annotations

import pytest

from voxprivacy.domain import validation as v
from voxprivacy.errors import BadInput


def test_phone_numbers_are_stored_in_e164() -> None:
    assert v.clean_phone("030 1234567", "DE") == "+49301234567"
    assert v.clean_phone("+44 20 7946 0958", None) == "+442079460958"


def test_a_national_number_without_a_country_asks_for_the_country_code() -> None:
    with pytest.raises(BadInput, match="country code"):
        v.clean_phone("030 1234567", None)


def test_email_domain_is_normalised() -> None:
    assert v.clean_email("Anna@Example.ORG") == "Anna@example.org"


@pytest.mark.parametrize("digits", ["4111 1111 1111 1111", "4111-1111-1111-1111",
                                    "5500000000000004"])
def test_card_numbers_in_free_text_are_refused(digits: str) -> None:
    with pytest.raises(BadInput, match="card number"):
        v.refuse_card_numbers(f"customer read {digits} to me", "note")


def test_ordinary_numbers_in_notes_are_fine() -> None:
    v.refuse_card_numbers("ticket 1234567890123 (not a card), call +49 30 1234567", "note")


def test_fold_removes_case_and_accents() -> None:
    assert v.fold("Ærøskøbing STRAßE Łódź") == "æroskobing strasse lodz"


def test_multiline_text_keeps_newlines_but_not_other_controls() -> None:
    assert v.clean_text("line 1\nline 2", "note", multiline=True) == "line 1\nline 2"
    with pytest.raises(BadInput, match="control character"):
        v.clean_text("line 1\nline 2", "name")


def test_undecodable_bytes_are_refused_not_crashed_on() -> None:
    with pytest.raises(BadInput, match="not valid text"):
        v.clean_text("M\udcfcller", "name")


def test_invisible_formatting_is_refused_but_joiners_are_kept() -> None:
    with pytest.raises(BadInput, match="invisible formatting"):
        v.clean_text("X\u200bY", "company")
    assert v.clean_text("\u0645\u200c\u0631", "name") == "\u0645\u200c\u0631"
