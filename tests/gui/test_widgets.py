"""The widget kit: its pieces look as desk.qss says, and no helper or colour lives twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

import voxprivacy.gui
from voxprivacy.gui import look
from voxprivacy.gui.requests_queue import RequestsModel
from voxprivacy.gui.widgets import (
    ActionDialog,
    ToggleSwitch,
    badge,
    banner,
    error_label,
    role_label,
    rows_table,
)

GUI = Path(voxprivacy.gui.__file__).parent
# Files allowed a colour literal: the colours item models paint with (a stylesheet cannot
# reach a model's cells), the monochrome icons' ink and its light variant on the lock screen.
COLOUR_LITERALS_ALLOWED = {"widgets.py", "look.py", "lock.py"}


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    qapp.setStyleSheet(look.stylesheet())
    yield qapp
    qapp.setStyleSheet("")


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.ensurePolished()
    return widget


def test_an_error_label_takes_its_colour_from_the_stylesheet(
    qtbot: QtBot, styled: QApplication
) -> None:
    label = error_label("someError")
    assert label.isHidden() and label.wordWrap()
    _shown(qtbot, label)
    assert label.property("role") == "error"
    assert label.styleSheet() == ""
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == "#b3261e"


def test_a_badge_follows_its_kind_and_can_be_cleared(qtbot: QtBot, styled: QApplication) -> None:
    label = QLabel("overdue by 2 days")
    _shown(qtbot, label)
    plain = label.palette().color(QPalette.ColorRole.WindowText).name()
    badge(label, "days-urgent")
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == "#9c1c14"
    badge(label, "approved")
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == "#1e6b34"
    badge(label, "")
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == plain


def test_a_banners_text_is_dark_on_its_colour(qtbot: QtBot, styled: QApplication) -> None:
    frame = banner("warning")
    text = QLabel("This customer asked to be erased.", frame)
    _shown(qtbot, frame)
    assert frame.objectName() == "warningBanner"
    assert text.palette().color(QPalette.ColorRole.WindowText).name() == "#202020"


def test_the_toggle_switch_takes_its_track_from_the_stylesheet(
    qtbot: QtBot, styled: QApplication
) -> None:
    switch = ToggleSwitch()
    _shown(qtbot, switch)
    assert switch.trackOn.name() == "#2e7d32"
    assert switch.trackOff.name() == "#9e9e9e"
    switch.click()
    assert switch.isChecked()


def test_without_a_stylesheet_the_toggle_switch_follows_the_palette(qtbot: QtBot) -> None:
    switch = ToggleSwitch()
    _shown(qtbot, switch)
    assert switch.trackOn == switch.palette().highlight().color()


def test_an_action_dialog_shows_a_refusal_and_lets_the_user_retry(qtbot: QtBot) -> None:
    dialog = ActionDialog("Deny the erasure", "Deny")
    qtbot.addWidget(dialog)
    submitted: list[int] = []
    dialog.submitted.connect(lambda: submitted.append(1))
    dialog.show()
    dialog.ok_button.click()
    assert submitted == [1] and not dialog.ok_button.isEnabled()
    dialog.failed("Only a supervisor may deny an erasure.")
    assert dialog.error.text() == "Only a supervisor may deny an erasure."
    assert dialog.error.isVisible() and dialog.ok_button.isEnabled()


def test_a_wrapping_table_keeps_room_for_its_rows(qtbot: QtBot) -> None:
    table = rows_table(RequestsModel(), [RequestsModel.CUSTOMER], wrap=True, min_rows=4)
    qtbot.addWidget(table)
    assert table.wordWrap()
    assert table.minimumHeight() == table.verticalHeader().defaultSectionSize() * 4
    assert not rows_table(RequestsModel()).wordWrap()


def test_roles_have_one_name_on_every_screen() -> None:
    assert [role_label(r) for r in ("agent", "supervisor", "finance", "admin")] == [
        "Agent",
        "Supervisor",
        "Finance",
        "Admin",
    ]


def _top_level_names(path: Path) -> set[str]:
    return set(re.findall(r"^(?:def|class) (\w+)", path.read_text(encoding="utf-8"), re.M))


def test_no_gui_helper_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    twice: list[str] = []
    for path in sorted(GUI.rglob("*.py")):
        for name in _top_level_names(path):
            if name in seen:
                twice.append(f"{name}: {seen[name]} and {path.name}")
            seen[name] = path.name
    # messages and the status bar each translate in their own context; a customer's status
    # and a request's status are different vocabularies
    assert [t for t in twice if not t.startswith(("_tr:", "status_label:"))] == []


def test_colours_live_in_the_stylesheet() -> None:
    literal = re.compile(r"""["']#[0-9a-fA-F]{3,8}["']""")
    with_colours = sorted(
        path.name for path in GUI.rglob("*.py") if literal.search(path.read_text("utf-8"))
    )
    assert set(with_colours) <= COLOUR_LITERALS_ALLOWED, with_colours
