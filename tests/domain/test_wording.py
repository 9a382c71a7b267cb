"""Vocabulary values in either spelling, and in the words of the language."""

from __future__ import annotations

import pytest

from voxprivacy.domain.enums import ConsentSource, InteractionChannel, Purpose
from voxprivacy.domain.requests import (
    RequestStatus,
    VerificationMethod,
    parse_verification,
    verification_method,
)
from voxprivacy.domain.wording import member_of, printed, printed_values
from voxprivacy.errors import BadInput
from voxprivacy.services.consents import parse_source


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


def test_a_value_reads_in_the_words_of_the_language_and_of_what_it_qualifies() -> None:
    from voxprivacy.domain.wording import (
        ADDRESS_KIND_WORDS,
        CONSENT_SOURCE_WORDS,
        CUSTOMER_KIND_WORDS,
        said,
    )
    from voxprivacy.i18n import speaking

    assert said(CONSENT_SOURCE_WORDS, "in_person") == "in-person"  # English: the code
    with speaking("fr"):
        assert said(CUSTOMER_KIND_WORDS, "private") == "particulier"
        assert said(ADDRESS_KIND_WORDS, "private") == "privée"
        assert said(CONSENT_SOURCE_WORDS, "in-person") == "en personne"
        assert said(CONSENT_SOURCE_WORDS, "carrier_pigeon") == "carrier-pigeon"  # unknown
    with speaking("nl"):
        assert said(CUSTOMER_KIND_WORDS, "business") == "zakelijk"


def test_the_help_lists_each_code_with_its_word() -> None:
    from voxprivacy.domain.wording import CUSTOMER_KIND_WORDS, PURPOSE_WORDS, with_words
    from voxprivacy.i18n import speaking

    assert with_words(PURPOSE_WORDS) == "newsletter, product-updates, third-party-disclosure"
    with speaking("nl"):
        assert with_words(CUSTOMER_KIND_WORDS) == "private (particulier), business (zakelijk)"
