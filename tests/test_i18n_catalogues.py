"""The catalogues hold every string the sources mark, finished, and the shipped files match.

The desk's strings are extracted afresh with pyside6-lupdate and the core's with
Babel, exactly as packaging/i18n.py does; each translation must hold the same
messages, none unfinished, empty or fuzzy, every plural form written, the same
placeholders as its source; the compiled .qm and .mo (package data) must give
the translations their sources hold.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from voxprivacy import i18n

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGS = ("fr", "nl")
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?:![rsa])?(?::[^}]*)?\}|%n|%\d")

_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
assert _spec and _spec.loader
tool: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def extracted_plurals(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    fresh = tmp_path_factory.mktemp("ts") / "plurals.ts"
    tool.lupdate([fresh], plural_only=True)
    return ts_messages(fresh)


def test_english_catalogue_holds_every_plural_form(
    extracted_plurals: dict[tuple[str, str], ET.Element],
) -> None:
    shipped = ts_messages(tool.ts_path("en"))
    assert set(shipped) == set(extracted_plurals), "run packaging/i18n.py extract"
    for key, message in shipped.items():
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2 and all("%n" in f for f in forms), key


@pytest.fixture(scope="module")
def extracted_desk(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    if shutil.which("pyside6-lupdate", path=str(Path(tool._bin("pyside6-lupdate")).parent)) is None:
        pytest.fail("pyside6-lupdate (PySide6-Essentials) is missing from this environment")
    fresh = tmp_path_factory.mktemp("ts") / "fresh.ts"
    tool.lupdate([fresh])
    return ts_messages(fresh)


@pytest.mark.parametrize("lang", LANGS)
def test_desk_translation_holds_every_extracted_string_finished(
    lang: str, extracted_desk: dict[tuple[str, str], ET.Element]
) -> None:
    shipped = ts_messages(tool.ts_path(lang))
    missing = sorted(set(extracted_desk) - set(shipped))
    stale = sorted(set(shipped) - set(extracted_desk))
    assert not missing, f"not in desk_{lang}.ts (run packaging/i18n.py extract): {missing[:10]}"
    assert not stale, f"no longer in the sources: {stale[:10]}"
    problems = []
    for key, message in shipped.items():
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{key}: {translation.get('type')}")
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")]
        if message.get("numerus") == "yes":
            if len(forms) < 2 or not all(f.strip() for f in forms):
                problems.append(f"{key}: a plural form is empty")
            texts = forms
        else:
            texts = [translation.text or ""]
            if not texts[0].strip():
                problems.append(f"{key}: empty")
        for text in texts:
            if placeholders(text) != placeholders(key[1]):
                problems.append(f"{key}: placeholders {placeholders(text)} in {text!r}")
    assert not problems, "\n".join(problems[:30])


def _core_catalogue(lang: str) -> Any:
    with (I18N / "core" / f"{lang}.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def _key(message: Any) -> tuple[str | None, str]:
    """A message's context and (singular) source: 'private' the customer kind and
    'private' the address kind are two messages."""
    source = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, source)


def test_core_translations_hold_every_extracted_message_finished(tmp_path: Path) -> None:
    pot = tmp_path / "fresh.pot"
    tool.extract_core(pot)
    with pot.open("rb") as fp:
        wanted = {_key(m) for m in read_po(fp) if m.id}
    assert len(wanted) > 300  # validation, refusals, errors and the command line's words
    for lang in LANGS:
        catalogue = _core_catalogue(lang)
        have = {_key(m) for m in catalogue if m.id}
        assert not sorted(wanted - have), f"{lang}.po misses {sorted(wanted - have)[:5]}"
        assert not sorted(have - wanted), f"{lang}.po holds old {sorted(have - wanted)[:5]}"
        problems = []
        for m in catalogue:
            if not m.id:
                continue
            strings = list(m.string) if isinstance(m.string, tuple) else [m.string]
            source = m.id if isinstance(m.id, str) else m.id[0]
            if m.fuzzy or not all(s.strip() for s in strings):
                problems.append(f"{lang}: {source!r} unfinished")
            for s in strings:
                if isinstance(m.id, tuple):
                    ok = set(placeholders(s)) <= set(placeholders(" ".join(m.id)))
                else:
                    ok = placeholders(s) == placeholders(source)
                if not ok:
                    problems.append(f"{lang}: {source!r} -> {s!r}: placeholders differ")
        assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGS)
def test_shipped_mo_is_compiled_from_its_po(lang: str) -> None:
    """The .mo the package ships (i18n.catalogue reads it) says what the .po says."""
    i18n.catalogue.cache_clear()
    compiled = i18n.catalogue(lang)
    assert isinstance(compiled, gettext.GNUTranslations)
    for m in _core_catalogue(lang):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            for n in (1, 5):
                assert compiled.ngettext(m.id[0], m.id[1], n) == m.string[_plural_index(lang, n)]
        elif m.context:  # a word read in its context (NC_, Vocabulary(context=…))
            said = compiled.pgettext(m.context, m.id)
            assert said == m.string, f"{lang}.mo is older than {lang}.po"
        else:
            assert compiled.gettext(m.id) == m.string, f"{lang}.mo is older than {lang}.po"


def _plural_index(lang: str, n: int) -> int:
    return 1 if (n > 1 if lang == "fr" else n != 1) else 0


@pytest.mark.gui
@pytest.mark.parametrize("lang", ("en", *LANGS))
def test_shipped_qm_is_compiled_from_its_ts(lang: str, qapp: Any) -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(tool.ts_path(lang).with_suffix(".qm")))
    for (context, source), message in ts_messages(tool.ts_path(lang)).items():
        translation = message.find("translation")
        assert translation is not None
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in translation.iter("numerusform")]
            assert translator.translate(context, source, None, 1) == forms[0], source
            assert translator.translate(context, source, None, 5) == forms[-1], source
        else:
            assert translator.translate(context, source) == (translation.text or ""), (
                f"desk_{lang}.qm is older than desk_{lang}.ts: {source!r}"
            )
