"""Extract, merge and compile the translation catalogues (docs/i18n.md).

    .venv/bin/python packaging/i18n.py extract   # sources -> .ts and .po (new strings unfinished)
    .venv/bin/python packaging/i18n.py compile   # .ts -> .qm, .po -> .mo (both committed)

The desk's strings (gui/, Qt's tr()/translate()/QT_TRANSLATE_NOOP) go through
pyside6-lupdate into resources/i18n/desk_<lang>.ts; the core's (everything outside
gui/, gettext's _()/ngettext()/N_()) through Babel into resources/i18n/core/<lang>.po.
tests/test_i18n_catalogues.py fails when a catalogue misses a string, has an
unfinished one, or when a compiled file is older than its source.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages import frontend

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
CORE = I18N / "core"
TRANSLATED = ("fr", "nl")
# English is the sources' language; its desk catalogue holds only the plural forms ("%n
# request(s)" -> "1 request", "2 requests").
DESK_LANGUAGES = ("en", *TRANSLATED)
KEYWORDS = ["_", "N_", "NC_:1c,2", "ngettext:1,2"]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def desk_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "voxprivacy" / "gui").rglob("*.py"))


def core_sources() -> list[Path]:
    gui = ROOT / "voxprivacy" / "gui"
    return sorted(
        p
        for p in (ROOT / "voxprivacy").rglob("*.py")
        if gui not in p.parents and "migrations" not in p.parts
    )


def ts_path(lang: str) -> Path:
    return I18N / f"desk_{lang}.ts"


def lupdate(targets: list[Path], plural_only: bool = False) -> None:
    """Merge the desk's strings into ``targets`` (no source locations, no obsolete entries)."""
    args = [_bin("pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete"]
    if plural_only:
        args.append("-pluralonly")
    subprocess.run([*args, *desk_sources(), "-ts", *map(str, targets)], cwd=ROOT, check=True)


def extract_core(pot: Path) -> None:
    cmd = frontend.CommandLineInterface()
    keywords = [a for k in KEYWORDS for a in ("-k", k)]
    files = [str(p.relative_to(ROOT)) for p in core_sources()]
    cmd.run(
        [
            "pybabel",
            "-q",
            "extract",
            "--no-default-keywords",
            *keywords,
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(pot),
            *files,
        ]
    )


def extract() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    CORE.mkdir(parents=True, exist_ok=True)
    lupdate([ts_path(lang) for lang in TRANSLATED])
    lupdate([ts_path("en")], plural_only=True)
    pot = CORE / "voxprivacy.pot"
    extract_core(pot)
    for lang in TRANSLATED:
        po = CORE / f"{lang}.po"
        cmd = frontend.CommandLineInterface()
        if po.exists():
            cmd.run(["pybabel", "-q", "update", "--no-fuzzy-matching", "-i", str(pot),
                     "-o", str(po), "-l", lang, "--ignore-obsolete"])  # fmt: skip
        else:
            cmd.run(["pybabel", "-q", "init", "-i", str(pot), "-o", str(po), "-l", lang])
            po.write_text(_header(po.read_text(encoding="utf-8"), lang), encoding="utf-8")


PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "nl": "nplurals=2; plural=(n != 1);"}


def _header(text: str, lang: str) -> str:
    """The header of a new catalogue: the project's name and the language's plural rule."""
    head, sep, body = text.partition("\n\n")
    lines, skipping = [], False
    for line in head.splitlines():
        if line.startswith('"Plural-Forms:'):
            skipping = True
        if skipping:
            skipping = not line.endswith('\\n"')
            continue
        if not line.startswith("#") and "-Date:" not in line:
            lines.append(line.replace("PROJECT VERSION", "voxprivacy"))
    lines.append(f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"')
    return f"# voxprivacy's core messages ({lang}).\n" + "\n".join(lines) + sep + body


def compile_all() -> None:
    for lang in DESK_LANGUAGES:
        ts = ts_path(lang)
        subprocess.run(
            [_bin("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))],
            check=True,
        )
    for lang in TRANSLATED:
        po = CORE / f"{lang}.po"
        frontend.CommandLineInterface().run(
            ["pybabel", "-q", "compile", "-i", str(po), "-o", str(po.with_suffix(".mo"))]
        )


if __name__ == "__main__":
    actions = {"extract": extract, "compile": compile_all}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit("usage: packaging/i18n.py extract|compile")
    actions[sys.argv[1]]()
