"""A user-visible string added outside the translation machinery fails here.

The desk (gui/): a string literal passed to a call that puts text on screen or
before a screen reader (setText, QLabel(...), setToolTip, addAction, QMessageBox…)
must come through tr(), translate("context", …) or QT_TRANSLATE_NOOP; a helper
taking its owner (``tr(owner, "…")``, ``owner.tr("…")``) hides the string from
pyside6-lupdate and lands in the wrong context. The core (everything else): the
message of a raised error is marked with gettext's ``_()``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "voxprivacy" / "gui"

# Calls whose string arguments reach the screen or a screen reader.
SHOWN_METHODS = {
    "setText",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setWindowTitle",
    "setTitle",
    "setSubTitle",
    "setLabelText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "setButtonText",
    "setInformativeText",
    "setDetailedText",
    "showMessage",
    "addAction",
    "addMenu",
    "addTab",
    "addItem",
    "addButton",
    "addRow",
    "setHorizontalHeaderLabels",
    "setHeaderLabels",
    "information",
    "warning",
    "question",
    "critical",
    "getText",
}
SHOWN_CLASSES = {
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMessageBox",
    "QMenu",
    "QCommandLinkButton",
}
MARKERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "_"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


NOT_WORDS = {"voxprivacy"}  # the product's name reads the same in every language


def _words_in(text: str) -> bool:
    text = re.sub(r"<[^>]*>", "", text)  # markup around a translated value
    return any(ch.isalpha() for ch in text) and text.strip() not in NOT_WORDS


def _is_words(node: ast.expr) -> bool:
    """A literal a translator has to see: it holds letters (not "×", "…", markup or a code
    such as "open" or "in_person" passed as item data)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _words_in(node.value) and not re.fullmatch(r"[a-z0-9_.]+", node.value)
    if isinstance(node, ast.JoinedStr):
        return _words_in("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
    return False


def _is_logger(func: ast.expr) -> bool:
    """log.warning(...) writes to the log file, which stays in English."""
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("log", "_log", "logger", "logging")
    )


def _files(where: Path) -> Iterator[Path]:
    yield from sorted(where.rglob("*.py"))


def unmarked_desk_strings(paths: Iterator[Path]) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            # a tr() on an object other than self, or the owner-taking helper
            if name == "tr" and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                    found.append(f"{where}: tr() on {ast.unparse(owner)} (context mismatch)")
            if name == "tr" and isinstance(node.func, ast.Name) and len(node.args) == 2:
                found.append(f"{where}: tr(owner, …) is not extracted; use translate(ctx, …)")
            if name not in SHOWN_METHODS and name not in SHOWN_CLASSES:
                continue
            if _is_logger(node.func):
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if _is_words(arg):
                    found.append(f"{where}: {name}({ast.unparse(arg)[:60]}) not in tr()")
    return found


def hidden_in_fstrings(paths: Iterator[Path]) -> list[str]:
    """A marker inside an f-string's braces is invisible to pybabel and pyside6-lupdate
    (on Python 3.11 an f-string is one token): the text is never extracted."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and _name(inner.func) in MARKERS | {"ngettext"}
                    and inner.args
                    and _is_words(
                        inner.args[0] if _name(inner.func) != "translate" else inner.args[-1]
                    )
                ):
                    found.append(
                        f"{path.relative_to(ROOT)}:{inner.lineno}: {ast.unparse(inner)[:60]}"
                    )
    return found


def test_no_marked_string_hides_inside_an_f_string() -> None:
    found = hidden_in_fstrings(_files(ROOT / "voxprivacy"))
    assert not found, "\n".join(found)


def test_every_desk_string_goes_through_the_translator() -> None:
    found = unmarked_desk_strings(_files(GUI))
    assert not found, "\n".join(found)


def test_the_desk_check_catches_an_unwrapped_string(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "class W:\n"
        "    def build(self, owner):\n"
        "        self.label.setText('Saved.')\n"
        "        QPushButton(f'Open {name}')\n"
        "        owner.tr('Choose a field')\n"
        "        self.ok.setText(self.tr('Saved.'))\n"
        "        self.remove.setText('×')\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_desk_strings(iter([sample]))
    finally:
        ROOT = saved
    assert [f.split(":")[1] for f in found] == ["3", "4", "5"], found


# ---- the core -------------------------------------------------------------------------------

NOT_SHOWN = {
    "ValueError",
    "TypeError",
    "KeyError",
    "NotImplementedError",
    "RuntimeError",
    "AssertionError",
}


def unmarked_core_messages(paths: Iterator[Path]) -> list[str]:
    found = []
    for path in paths:
        if GUI in path.parents or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if _name(node.exc.func) in NOT_SHOWN or not node.exc.args:
                continue
            message = node.exc.args[0]
            if _is_words(message):
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: "
                    f"{ast.unparse(message)[:70]} is not marked with _()"
                )
    return found


def test_every_core_error_message_is_marked_for_gettext() -> None:
    found = unmarked_core_messages(_files(ROOT / "voxprivacy"))
    assert not found, "\n".join(found)


def test_the_core_check_catches_an_unmarked_message(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise BadInput(f'{field}: may not be empty.', field)\n"
        "raise BadInput(_('{field}: may not be empty.').format(field=field), field)\n"
        "raise ValueError('internal')\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_core_messages(iter([sample]))
    finally:
        ROOT = saved
    assert len(found) == 1 and found[0].startswith("sample.py:1:"), found


# ---- sentences the core builds from parts ---------------------------------------------------

# Modules whose functions build what a user reads from parts (an impact preview, a queue's
# refusal, a schedule's summary): a part with words is marked there, not only raised errors.
SENTENCE_MODULES = (
    "voxprivacy/services/erasure.py",
    "voxprivacy/services/customers/lifecycle.py",
    "voxprivacy/services/customers/impact.py",
    "voxprivacy/services/conflicts.py",
    "voxprivacy/services/retention.py",
    "voxprivacy/services/access_package.py",
    "voxprivacy/sync/hub.py",
)
# Where a text is stored in English on purpose (the audit trail, a request's timeline).
ENGLISH_KEYWORDS = {"detail", "summary", "username", "fields", "entity_type"}


def _words_outside_markers(node: ast.expr) -> bool:
    """A literal or f-string with words that is not the argument of a marker."""
    if isinstance(node, ast.IfExp):
        return _words_outside_markers(node.body) or _words_outside_markers(node.orelse)
    if isinstance(node, ast.Tuple):
        return any(_words_outside_markers(e) for e in node.elts)
    if isinstance(node, ast.JoinedStr):  # words, not a code such as f"BR-{token}"
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return _words_in(text) and " " in text.strip()
    return _is_words(node) and " " in str(getattr(node, "value", ""))


def unmarked_sentence_parts(paths: Iterator[Path]) -> list[str]:
    """``counted(n, "invoice")`` (English plurals by suffix), and a sentence part with words
    returned or appended by a sentence builder outside ``_()``/``ngettext()``."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and _name(node.func) == "counted":
                found.append(f"{where}: counted() pluralises English only; use ngettext")
                continue
            if (
                isinstance(node, ast.Return)
                and node.value is not None
                and _words_outside_markers(node.value)
            ):
                found.append(f"{where}: returns {ast.unparse(node.value)[:60]} unmarked")
            if (
                isinstance(node, ast.Call)
                and _name(node.func) == "append"
                and node.args
                and _words_outside_markers(node.args[0])
            ):
                found.append(f"{where}: appends {ast.unparse(node.args[0])[:60]} unmarked")
    return found


def test_sentences_built_from_parts_are_marked_for_gettext() -> None:
    found = unmarked_sentence_parts(ROOT / p for p in SENTENCE_MODULES)
    assert not found, "\n".join(found)


def test_counted_is_gone_from_the_core_and_the_command_line() -> None:
    found = [
        f
        for f in unmarked_sentence_parts(_files(ROOT / "voxprivacy"))
        if "counted()" in f and "/gui/" not in f
    ]
    assert not found, "\n".join(found)


def test_the_sentence_check_catches_an_unmarked_part(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def summary(cards, name):\n"
        "    parts = []\n"
        "    parts.append(f'{counted(cards, \"card\")} removed')\n"
        "    parts.append(ngettext('{n} card kept', '{n} cards kept', cards).format(n=cards))\n"
        "    if not name:\n"
        "        return f'it is signed by {name}, whose account is deactivated'\n"
        "    if cards:\n"
        "        return None, 'the operation is malformed'\n"
        "    return _('no billing data') if not parts else ', '.join(parts)\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_sentence_parts(iter([sample]))
    finally:
        ROOT = saved
    assert sorted({f.split(":")[1] for f in found}) == ["3", "6", "8"], found


def _error_classes() -> set[str]:
    """The project's own errors (voxprivacy/errors.py): their message reaches a user."""
    tree = ast.parse((ROOT / "voxprivacy" / "errors.py").read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)} | {"Offline"}


def unmarked_error_values(paths: Iterator[Path], classes: set[str]) -> list[str]:
    """An error built as a value (returned, stored, raised later) with an unmarked message."""
    found = []
    for path in paths:
        if GUI in path.parents or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in classes
                and node.args
                and _is_words(node.args[0])
            ):
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: "
                    f"{ast.unparse(node.args[0])[:70]} is not marked with _()"
                )
    return found


def test_every_error_built_as_a_value_has_a_marked_message() -> None:
    found = unmarked_error_values(_files(ROOT / "voxprivacy"), _error_classes())
    assert not found, "\n".join(found)


def test_the_error_value_check_catches_an_unmarked_message(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def bad(where):\n"
        "    return BadInput(f'The request needs the field {where!r}.', where)\n"
        "def good(where):\n"
        "    return BadInput(_('The request needs the field {where!r}.').format(where=where))\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_error_values(iter([sample]), {"BadInput"})
    finally:
        ROOT = saved
    assert len(found) == 1 and found[0].startswith("sample.py:2:"), found
