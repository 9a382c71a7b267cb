"""Counts in words and the spelling of vocabulary values.

A count reads "1 request", "0 requests", "3 services" (never "request(s)"). A
vocabulary value of more than one word is accepted with either separator
("in-person" or "in_person") and printed with a hyphen.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

V = TypeVar("V", bound=StrEnum)


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the right number: counted(1, "invoice") == "1 invoice",
    counted(2, "entry", "entries") == "2 entries"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
