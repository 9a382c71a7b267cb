"""The Tab-order check fit_screen.py runs on every page and dialog catches what a keyboard
user would trip over: a scrambled order, a field after the dialog's accept button, a list
that keeps the Tab key; and the kit's remedies hold."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from tab_order import reading_order, tab_order_problems

from voxprivacy.gui.tables import rows_table

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def form_dialog(qtbot: QtBot, names: list[str], *, shown: list[str] | None = None) -> QDialog:
    """A dialog with a form of line edits, created in the order ``names`` and laid out in
    the order ``shown``, and OK/Cancel under it."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edits = {}
    for name in names:
        edit = QLineEdit(dialog)
        edit.setObjectName(name)
        edits[name] = edit
    layout = QVBoxLayout(dialog)
    form = QFormLayout()
    for name in shown or names:
        form.addRow(name, edits[name])
    layout.addLayout(form)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    layout.addWidget(buttons)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def stops(top: QWidget) -> list[QWidget]:
    return [
        w
        for w in top.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPushButton | QTableView) and w.isVisible()
    ]


def test_a_form_read_top_to_bottom_then_its_buttons_passes(qtbot: QtBot) -> None:
    dialog = form_dialog(qtbot, ["name", "email", "phone"])
    assert tab_order_problems("form", dialog, stops(dialog)) == []


def test_a_scrambled_order_is_caught(qtbot: QtBot) -> None:
    # created phone, name, email but shown name, email, phone: Tab jumps about
    dialog = form_dialog(qtbot, ["phone", "name", "email"], shown=["name", "email", "phone"])
    problems = tab_order_problems("scrambled", dialog, stops(dialog))
    assert any("reading order is" in p for p in problems)
    assert "scrambled: after QPushButton 'OK' Tab goes on to QLineEdit phone ''" in problems


def test_a_field_after_the_accept_button_is_caught(qtbot: QtBot) -> None:
    dialog = form_dialog(qtbot, ["name"])
    late = QLineEdit()
    late.setObjectName("late")
    layout = dialog.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, late)  # shown above the buttons, joins the Tab order at the end
    qtbot.wait(10)
    problems = tab_order_problems("late field", dialog, stops(dialog))
    assert "late field: after QPushButton 'OK' Tab goes on to QLineEdit late ''" in problems


ROOT = QModelIndex()


class Cells(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 3

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 3

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return f"{index.row()},{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None


def table_window(qtbot: QtBot, table: QTableView) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(QLineEdit())
    layout.addWidget(table)
    layout.addWidget(QPushButton("After the list"))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setCurrentIndex(table.model().index(0, 0))
    return window


def test_a_list_that_keeps_the_tab_key_is_caught_and_the_kit_list_lets_it_go(
    qtbot: QtBot,
) -> None:
    plain = QTableView()
    plain.setModel(Cells(plain))
    window = table_window(qtbot, plain)
    problems = tab_order_problems("plain table", window, stops(window))
    assert any("keeps the Tab key" in p for p in problems)

    model = Cells()
    kit = rows_table(model)
    window = table_window(qtbot, kit)
    assert tab_order_problems("kit table", window, stops(window)) == []


def test_columns_side_by_side_are_read_one_after_the_other(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    columns = []
    for side in ("left", "right"):
        column = QWidget()
        inner = QVBoxLayout(column)
        for i in range(3):
            edit = QLineEdit()
            edit.setObjectName(f"{side}{i}")
            inner.addWidget(edit)
        row.addWidget(column)
        columns.append(column)
    window.show()
    qtbot.waitExposed(window)
    edits = window.findChildren(QLineEdit)
    names = [w.objectName() for w in reading_order(list(reversed(edits)))]
    assert names == ["left0", "left1", "left2", "right0", "right1", "right2"]
