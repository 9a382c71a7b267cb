"""The spelling of vocabulary values.

A count is written with ``i18n.ngettext`` per noun ("{n} invoice", "{n} invoices"),
in each language's plural rules (never "request(s)"). A vocabulary value of more than
one word is accepted with either separator ("in-person" or "in_person") and printed
with a hyphen.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

V = TypeVar("V", bound=StrEnum)


def _key(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def member_of(vocabulary: type[V], text: str) -> V:
    """The value of ``vocabulary`` that ``text`` spells, with '-', '_' or a space between
    words and in any case; ValueError when it spells none."""
    key = _key(text)
    for member in vocabulary:
        if _key(member.value) == key:
            return member
    raise ValueError(f"{text!r} is not a {vocabulary.__name__}")


def printed(value: str) -> str:
    """A vocabulary value as printed and as offered for input: in-person, unsubscribe-link."""
    return value.replace("_", "-")


def printed_values(vocabulary: type[StrEnum]) -> list[str]:
    return [printed(member.value) for member in vocabulary]
