"""RowsModel and rows_table: what every list in the desk answers Qt, and how it is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from voxprivacy.gui.tables import ID_ROLE, NUMBER_ALIGNMENT, RowsModel, rows_table

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


@dataclass
class Invoice:
    number: str
    customer: str
    amount: int


class InvoicesModel(RowsModel[Invoice]):
    def headers(self) -> tuple[str, ...]:
        return ("Invoice", "Customer", "Amount")

    def cell(self, row: Invoice, column: int) -> str:
        return (row.number, row.customer, f"{row.amount / 100:.2f}")[column]

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column == 2 else None

    def row_id(self, row: Invoice) -> Any:
        return row.number

    def other_data(self, row: Invoice, column: int, role: int) -> Any:
        if role == BACKGROUND and row.amount < 0:
            return QColor("#fde7e9")
        return None


ROWS = [Invoice("INV-1", "Ada", 1999), Invoice("INV-2", "", -500), Invoice("INV-3", "Bo", 0)]


def test_rows_columns_and_headers(qtbot: QtBot) -> None:
    model = InvoicesModel()
    assert (model.rowCount(), model.columnCount()) == (0, 3)
    model.set_rows(ROWS)
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(3)] == ["Invoice", "Customer", "Amount"]
    assert model.headerData(3, horizontal) is None
    assert model.headerData(-1, horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, horizontal, TOOLTIP) is None
    # a table has no children: a valid parent has no rows or columns
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0


def test_each_role_of_a_cell(qtbot: QtBot) -> None:
    model = InvoicesModel()
    model.set_rows(ROWS)
    first, second = model.index(0, 2), model.index(1, 1)
    assert model.data(model.index(0, 0)) == "INV-1"
    assert first.data(DISPLAY) == "19.99"
    assert first.data(TOOLTIP) == "19.99"  # the whole text, for a cut-off cell
    assert second.data(TOOLTIP) is None  # an empty cell has no tool tip
    assert first.data(ALIGN) == NUMBER_ALIGNMENT
    assert model.index(0, 0).data(ALIGN) is None
    assert [model.index(r, 1).data(ID_ROLE) for r in range(3)] == ["INV-1", "INV-2", "INV-3"]
    assert model.index(1, 0).data(BACKGROUND) == QColor("#fde7e9")
    assert model.index(0, 0).data(BACKGROUND) is None
    assert model.data(QModelIndex()) is None
    assert model.row_at(2) is ROWS[2]


def test_set_rows_keeps_its_own_list_and_resets(qtbot: QtBot) -> None:
    model = InvoicesModel()
    rows = list(ROWS)
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], timeout=1000):
        model.set_rows(rows)
    rows.clear()
    assert model.rowCount() == 3


def test_inserting_first_and_appending_tell_the_view_which_rows_are_new(qtbot: QtBot) -> None:
    model = InvoicesModel()
    model.set_rows(ROWS[1:2])
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.insert_first(ROWS[0])
    model.append_rows([ROWS[2], Invoice("INV-4", "Cy", 100)])
    model.append_rows([])  # nothing to add, nothing announced
    assert inserted == [(0, 0), (2, 3)]
    assert [model.index(r, 0).data() for r in range(4)] == ["INV-1", "INV-2", "INV-3", "INV-4"]


def test_the_model_passes_qts_model_checks(qtmodeltester: ModelTester) -> None:
    model = InvoicesModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model, force_py=True)


def test_a_model_that_forgets_its_columns_says_so() -> None:
    class Forgetful(RowsModel[Invoice]):
        pass

    with pytest.raises(NotImplementedError, match="Forgetful must name its columns"):
        Forgetful().columnCount()
    model = Forgetful()
    with pytest.raises(NotImplementedError, match="Forgetful must say what a cell shows"):
        model.cell(ROWS[0], 0)


def test_rows_table_is_a_read_only_list_of_whole_rows(qtbot: QtBot) -> None:
    model = InvoicesModel()
    model.set_rows(ROWS)
    table = rows_table(model, stretch=[1])
    qtbot.addWidget(table)
    assert table.model() is model
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not table.wordWrap() and table.verticalHeader().isHidden()
    header = table.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.ResizeToContents
    table.selectRow(0)
    table.selectRow(2)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]
