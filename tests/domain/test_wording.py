"""Counts in words, and vocabulary values in either spelling."""

from __future__ import annotations

import pytest

from voxprivacy.domain.enums import ConsentSource, InteractionChannel, Purpose
from voxprivacy.domain.requests import (
    RequestStatus,
    VerificationMethod,
    parse_verification,
    verification_method,
)
from voxprivacy.domain.wording import counted, member_of, printed, printed_values
from voxprivacy.errors import BadInput
from voxprivacy.services.consents import parse_source


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 requests"), (1, "1 request"), (2, "2 requests"), (31, "31 requests")],
)
def test_counts_use_the_singular_only_for_one(n: int, expected: str) -> None:
    assert counted(n, "request") == expected


def test_irregular_plurals_are_given() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"
    assert counted(1, "line is", "lines are") == "1 line is"
    assert counted(4, "line is", "lines are") == "4 lines are"


@pytest.mark.parametrize("spelling", ["in-person", "in_person", "In Person", " IN-PERSON "])
def test_in_person_is_accepted_in_every_spelling_by_every_vocabulary(spelling: str) -> None:
    assert member_of(ConsentSource, spelling) is ConsentSource.IN_PERSON
    assert member_of(InteractionChannel, spelling) is InteractionChannel.IN_PERSON
    assert member_of(VerificationMethod, spelling) is VerificationMethod.IN_PERSON
    assert parse_source(spelling) is ConsentSource.IN_PERSON
    assert parse_verification(spelling) is VerificationMethod.IN_PERSON


def test_other_multiword_values_take_either_separator() -> None:
    assert member_of(Purpose, "third-party-disclosure") is Purpose.THIRD_PARTY_DISCLOSURE
    assert member_of(ConsentSource, "unsubscribe-link") is ConsentSource.UNSUBSCRIBE_LINK
    assert member_of(VerificationMethod, "email_code") is VerificationMethod.EMAIL_CODE
    assert member_of(RequestStatus, "pending approval") is RequestStatus.PENDING_APPROVAL


def test_values_print_with_hyphens_and_unknown_ones_are_refused_by_name() -> None:
    assert printed("in_person") == "in-person"
    assert printed_values(ConsentSource)[-3:] == ["in-person", "unsubscribe-link", "signup"]
    with pytest.raises(ValueError, match="'inperson' is not a ConsentSource"):
        member_of(ConsentSource, "inperson")
    with pytest.raises(BadInput) as refused:
        parse_source("inperson")
    assert str(refused.value) == (
        "'inperson' is not a consent source; use phone, email, web, letter, in-person, "
        "unsubscribe-link, signup."
    )


@pytest.mark.parametrize(
    ("spelling", "stored"),
    [
        ("written request", "written-request"),
        ("written_request", "written-request"),
        ("In-Branch", "in-branch"),
        ("in_branch", "in-branch"),
        (" callback ", "callback"),
    ],
)
def test_verification_method_takes_the_new_methods_in_either_spelling(
    spelling: str, stored: str
) -> None:
    assert verification_method(spelling) == stored


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_a_missing_verification_method_is_refused_naming_the_methods(missing: str | None) -> None:
    with pytest.raises(BadInput) as refused:
        verification_method(missing)
    assert str(refused.value) == (
        "verified_by: say how the caller's identity was verified (email-code, callback, pin, "
        "in-person, written-request, in-branch)."
    )
    assert refused.value.field == "verified_by"


def test_an_unknown_verification_method_is_refused_naming_the_methods() -> None:
    with pytest.raises(BadInput, match=r"'trust me' is not a verification method; use .*in-branch"):
        verification_method("trust me")
