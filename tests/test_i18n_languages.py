"""Who picks the core's language: the caller (desk setting, --language/LANG, the customer)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from voxprivacy import i18n
from voxprivacy.domain import validation
from voxprivacy.domain.catalog import REQUIREMENT_LABELS, Requirement
from voxprivacy.errors import BadInput


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("fr_BE.UTF-8", "fr"),
        ("nl-BE", "nl"),
        ("NL", "nl"),
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("de_DE.UTF-8", None),
        ("C", None),
        ("", None),
    ],
)
def test_a_locale_or_language_tag_names_a_supported_language(
    name: str, language: str | None
) -> None:
    assert i18n.supported(name) == language


def test_the_environment_decides_like_gettext() -> None:
    assert i18n.system_language({"LANG": "nl_BE.UTF-8"}) == "nl"
    assert i18n.system_language({"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE.UTF-8"}) == "fr"
    assert i18n.system_language({"LANGUAGE": "de:fr", "LANG": "C.UTF-8"}) == "fr"
    assert i18n.system_language({"LANG": "C.UTF-8"}) == "en"
    assert i18n.system_language({}) == "en"


def test_validation_refuses_in_the_callers_language() -> None:
    i18n.set_language("fr")
    with pytest.raises(BadInput) as refused:
        validation.clean_text("   ", "name")
    assert refused.value.message.startswith("name : ")
    i18n.set_language("nl")
    with pytest.raises(BadInput) as refused:
        validation.clean_text("", "name")
    assert refused.value.message == "name: mag niet leeg zijn."


def test_speaking_overrides_for_a_block_and_vocabulary_follows() -> None:
    i18n.set_language("en")
    with i18n.speaking("nl-BE") as language:
        assert language == "nl"
        assert REQUIREMENT_LABELS[Requirement.MOBILE_PHONE] == "een gsm-nummer"
    assert REQUIREMENT_LABELS[Requirement.MOBILE_PHONE] == "a mobile phone number"
    assert i18n.language() == "en"


def test_plural_forms_follow_each_language() -> None:
    for language, one, many in (
        ("en", "1 invoice", "2 invoices"),
        ("fr", "1 facture", "2 factures"),
        ("nl", "1 factuur", "2 facturen"),
    ):
        i18n.set_language(language)
        assert i18n.ngettext("{n} invoice", "{n} invoices", 1).format(n=1) == one
        assert i18n.ngettext("{n} invoice", "{n} invoices", 2).format(n=2) == many
    i18n.set_language("fr")
    assert i18n.ngettext("{n} invoice", "{n} invoices", 0).format(n=0) == "0 facture"
