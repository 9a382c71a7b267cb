"""Validation of typed input: every refusal names the field and the fix."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    "digits", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5500000000000004"]
)
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


# ---- card numbers: every layout, and what is not a card

CARD_LAYOUTS = [
    "4111 1111 1111 1111",
    "4111.1111.1111.1111",
    "4111/1111/1111/1111",
    "4111-1111-1111-1111",
    "4111  1111  1111  1111",
    "4111 - 1111 - 1111 - 1111",
    "4111-1111 1111.1111",
    "4111_1111_1111_1111",
    "4111 1111 1111 1111 123",
    "4111 1111 1111 1111/123",
    "4111111111111111123",
    "4111 1111 1111 1111123",
    "4111111111111111 exp 12/27",
    "３７８２ ８２２４６３ １０００５",
    "6011 0009 9013 9424",
    "5500000000000004",
    "+4111 1111 1111 1111",
]


@pytest.mark.parametrize("layout", CARD_LAYOUTS)
def test_a_card_number_is_found_in_any_layout(layout: str) -> None:
    with pytest.raises(BadInput, match=r"^note: looks like it contains a payment card number"):
        v.refuse_card_numbers(f"customer read {layout} to me", "note")


@pytest.mark.parametrize(
    "text",
    [
        "call +49 151 23456789 back",
        "+4915123456789",
        "0049 151 2345 6789 1",
        "030 1234 5678 9012 34",
        "contract from 01.01.2024-31.12.2024",
        "valid 2024-01-01/2025-12-31",
        "between 12/31/2024 and 01/15/2025",
        "IBAN DE89 3704 0044 0532 0130 00",
        "4111 1111 1111 1112",
        "invoice 2026-0001, amount 19.99",
    ],
)
def test_phone_numbers_dates_and_other_digits_are_not_cards(text: str) -> None:
    v.refuse_card_numbers(text, "note")


@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=11, max_size=17),
    st.lists(st.sampled_from([" ", "  ", ".", "-", "/", "_", " - ", ". "]), min_size=19),
    st.integers(min_value=1, max_value=5),
    st.sampled_from(["", " 123", "/27", " 12/27 999"]),
)
def test_every_luhn_valid_number_is_refused_whatever_the_separators(
    body: list[int], seps: list[str], group: int, tail: str
) -> None:
    digits = "1" + "".join(map(str, body))
    check = next(str(d) for d in range(10) if v._luhn_ok(digits + str(d)))
    number = digits + check
    written = "".join(
        c + (seps[i] if (i + 1) % group == 0 and i + 1 < len(number) else "")
        for i, c in enumerate(number)
    )
    assert v.find_card_number(f"card {written}{tail} thanks") is not None


# ---- single-line text and invisible values


@pytest.mark.parametrize("filler", ["\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u200d"])
def test_a_name_of_invisible_fillers_is_refused(filler: str) -> None:
    with pytest.raises(BadInput, match=r"^name: contains no visible character"):
        v.clean_text(filler * 3, "name", multiline=True)
    with pytest.raises(BadInput, match=r"^name: "):
        v.clean_text(filler * 3, "name")


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                "\u3164",
                "\u2800",
                "\u115f",
                "\u1160",
                "\uffa0",
                "\u200c",
                "\u200d",
                "\u034f",
                "\ufe0f",
                "\u17b4",
                " ",
                "\u3000",
                "\u00a0",
            ]
        ),
        min_size=1,
    )
)
def test_no_mix_of_blanks_and_fillers_makes_a_name(value: str) -> None:
    if not value.strip():
        with pytest.raises(BadInput, match=r"^name: may not be empty"):
            v.clean_text(value, "name")
        return
    with pytest.raises(BadInput, match=r"^name: "):
        v.clean_text(value, "name")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\n", "\r", "\t", "\x85"])
def test_a_single_line_field_refuses_line_breaks_of_every_kind(separator: str) -> None:
    with pytest.raises(BadInput, match=r"^street: contains a .*single line"):
        v.clean_text(f"Hauptstraße{separator}1", "street")


def test_a_filler_inside_a_single_line_value_is_refused() -> None:
    with pytest.raises(BadInput, match=r"^street: contains an invisible filler .*U\+3164"):
        v.clean_text("Hauptstraße\u31641", "street")


def test_names_in_every_script_still_pass() -> None:
    names = ["Jürgen Müller", "山田\u3000太郎", "김민준", "می\u200cخواهم", "Ørsted-Ænø", "O'Brien"]
    for name in names:
        assert v.clean_text(name, "name") == name


# ---- email lengths


def test_an_email_local_part_over_64_characters_is_refused() -> None:
    assert v.clean_email("a" * 64 + "@example.com").startswith("a" * 64)
    with pytest.raises(BadInput, match=r"^email: the part before the @ is 65 characters"):
        v.clean_email("a" * 65 + "@example.com")


def test_an_email_over_254_characters_is_refused() -> None:
    domain = ".".join(["d" * 60] * 4) + ".de"  # 246 characters
    with pytest.raises(BadInput, match=r"^email: is 2.. characters long; at most 254"):
        v.clean_email("abcdefghij@" + domain)


def test_an_email_that_folds_past_its_column_is_refused() -> None:
    with pytest.raises(BadInput, match=r"^email: is stored as its search form, which would be"):
        v.clean_email("\ufdfa" * 32 + "@example.com")
