"""The language the Qt-free core speaks: gettext catalogues, and who picks the language.

The core's messages (validation, refusals, errors, the command line's output) are
marked with ``_()`` (and ``ngettext`` where a count decides the form); their
catalogues are ``resources/i18n/core/<language>.po``, compiled to ``.mo`` next to
them and shipped as package data (docs/i18n.md has the commands).

The caller decides the language: the desk sets it from its language setting
before any window opens, the command line from ``--language`` or the locale
environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), voxprivacy-server per request
from the client's ``Accept-Language``; what is written for a customer (the access
package) is written inside ``speaking(customer.language)``. Unknown languages fall
back to English, the language of the sources.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from babel import Locale

K = TypeVar("K")

SOURCE_LANGUAGE = "en"
# The languages the desk and the command line speak, each named in itself.
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "nl": "Nederlands"}
DOMAIN = "voxprivacy"

_process_language = SOURCE_LANGUAGE
_override: ContextVar[str | None] = ContextVar("voxprivacy_language", default=None)


def supported(code: str | None) -> str | None:
    """The supported language a locale name or language tag means, or None.

    "fr_BE.UTF-8", "fr-BE", "FR", "nl-BE,nl;q=0.9" -> the language; "de_DE", "C" -> None.
    """
    if not code:
        return None
    first = re.split(r"[,;\s]", code.strip())[0]  # an Accept-Language list: its first
    head = first.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return head if head in LANGUAGES else None


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language the locale environment asks for, as gettext reads it; English otherwise."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            found = supported(part)
            if found:
                return found
        if name != "LANGUAGE":
            break  # the first set variable of LC_ALL/LC_MESSAGES/LANG decides
    return SOURCE_LANGUAGE


def set_language(code: str) -> str:
    """Make ``code`` the process's language (an unsupported one means English); returns it."""
    global _process_language
    _process_language = supported(code) or SOURCE_LANGUAGE
    return _process_language


def language() -> str:
    """The language messages are written in here and now."""
    return _override.get() or _process_language


@contextmanager
def speaking(code: str | None) -> Iterator[str]:
    """Within the block, messages are in ``code`` (for a customer, a request's caller)."""
    chosen = supported(code) or SOURCE_LANGUAGE
    token = _override.set(chosen)
    try:
        yield chosen
    finally:
        _override.reset(token)


def catalogue_path(code: str) -> str:
    return f"i18n/core/{code}.mo"


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``code``; English (the sources) needs none."""
    if code == SOURCE_LANGUAGE or code not in LANGUAGES:
        return gettext.NullTranslations()
    path = resources.files("voxprivacy.resources").joinpath(catalogue_path(code))
    with path.open("rb") as fp:
        return gettext.GNUTranslations(fp)


def _(message: str) -> str:
    """``message`` in the current language (the gettext marker the extraction looks for)."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` in the current language's plural rules."""
    return catalogue(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as it reads in ``context``."""
    return catalogue(language()).pgettext(context, message)


def in_english(singular: str, plural: str, n: int) -> str:
    """The English form of a counted text that stays in English whatever the language:
    the audit trail and the logs (not extracted, never translated)."""
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Marks ``message`` for extraction only; it is translated where it is shown (``_(x)``)."""
    return message


def NC_(context: str, message: str) -> str:
    """Marks ``message`` for extraction in ``context``: a word whose translation depends on
    what it qualifies ("private" customer, "private" address); a ``Vocabulary`` made with
    the same ``context`` translates it where it is shown."""
    return message


def in_every_language(make: Callable[[], str | None]) -> dict[str, str] | None:
    """What ``make`` says in each language we speak, English first, or None when it says
    nothing in English (then it is not asked again).

    For a text written once and read later by someone whose language is not known
    yet: head office's refusal of a branch's change, built from parts each translated
    where it is made, is stored this way and read in the reader's language.
    """
    with speaking(SOURCE_LANGUAGE):
        first = make()
    if first is None:
        return None
    said = {SOURCE_LANGUAGE: first}
    for code in LANGUAGES:
        if code != SOURCE_LANGUAGE:
            with speaking(code):
                said[code] = make() or first
    return said


@cache
def _locale(code: str) -> Locale:
    from babel import Locale  # loaded when a name is asked for, not on every start

    return Locale.parse(code)


def language_name(tag: str | None, code: str | None = None) -> str:
    """A language tag named in ``code`` (the current language by default), from Babel's
    CLDR data: "pl" -> "Polonais" in French, "fr-CH" -> "Frans (Zwitserland)" in Dutch,
    "nl-BE" -> "Dutch (Belgium)" in English. A tag Babel does not know reads as it is."""
    if not tag or not tag.strip():
        return ""
    from babel import Locale, UnknownLocaleError

    try:
        named = Locale.parse(tag.strip().replace("-", "_")).get_display_name(
            _locale(code or language())
        )
    except (ValueError, TypeError, UnknownLocaleError):
        return tag
    return named[:1].upper() + named[1:] if named else tag


def country_name(country: str | None, code: str | None = None) -> str:
    """An ISO 3166 country code named in ``code`` (the current language by default):
    "BE" -> "Belgique" in French, "België" in Dutch, "Belgium" in English. A code
    Babel does not know reads as it is."""
    if not country or not country.strip():
        return ""
    wanted = country.strip().upper()
    return str(_locale(code or language()).territories.get(wanted, country))


class Vocabulary(Mapping[K, str]):
    """Texts marked with ``N_`` by key, read in the current language at each lookup.

    ``REQUIREMENT_LABELS[r]``, ``.get()``, ``.items()`` and ``.values()`` give the
    translation the moment they are asked, so a constant defined at import time still
    speaks the caller's language (the desk's, the command line's, the customer's).
    With a ``context``, the texts are marked ``NC_(context, ...)`` and read in it.
    """

    def __init__(
        self, texts: Mapping[K, str], *, context: str | None = None, **values: object
    ) -> None:
        self._texts = dict(texts)
        self._context = context  # the texts are marked NC_(context, ...)
        self._values = values  # placeholders the texts share: {days}

    def __getitem__(self, key: K) -> str:
        source = self._texts[key]
        text = pgettext(self._context, source) if self._context else _(source)
        return text.format(**self._values) if self._values else text

    def __iter__(self) -> Iterator[K]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def source(self, key: K) -> str:
        """The English source text (for logs and the audit trail)."""
        return self._texts[key]
