"""Read-only table models the desk's lists share: rows held in memory, shown as they came.

A model names its columns (``headers``) and formats a cell (``cell``); the base
answers Qt's questions about rows, columns, headers and the roles every table
has: display text, tool tips, alignment and ``ID_ROLE``, the row's own id (a
sequence number, a reference, a user name). Anything else a model shows
(colours, fonts, further ids) it answers in ``other_data``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROOT = QModelIndex()
ModelIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's own id; see ``RowsModel.row_id``
NUMBER_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of rows; subclasses name the columns and format the cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    # ---- what a model says about its rows ------------------------------------------------------

    # Every model overrides these two (Qt's metaclass rules out abc.ABC here).

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError(f"{type(self).__name__} must name its columns")

    def cell(self, row: Row, column: int) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say what a cell shows")

    def tooltip(self, row: Row, column: int) -> str | None:
        """A cell's tool tip: by default its whole text, so a cut-off cell can be read."""
        return self.cell(row, column) or None

    def alignment(self, column: int) -> Any:
        return None

    def row_id(self, row: Row) -> Any:
        """What ``ID_ROLE`` gives for a row; None where rows have no id of their own."""
        return None

    def other_data(self, row: Row, column: int, role: int) -> Any:
        """Roles beyond text, tool tip, alignment and id (colours, fonts, further ids)."""
        return None

    # ---- changing the rows -------------------------------------------------------------------

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def insert_first(self, row: Row) -> None:
        self.beginInsertRows(ROOT, 0, 0)
        self._rows.insert(0, row)
        self.endInsertRows()

    def append_rows(self, rows: list[Row]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(ROOT, first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    # ---- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == ID_ROLE:
            return self.row_id(row)
        return self.other_data(row, column, role)


def rows_table(
    model: QAbstractTableModel,
    stretch: Iterable[int] = (),
    *,
    wrap: bool = False,
    min_rows: int = 0,
) -> QTableView:
    """A list as the desk shows one: whole rows, one selected at a time, read-only, one line
    a row (``wrap``: long cells wrap); columns fit their contents, and the ``stretch``
    columns share what is left; ``min_rows`` keeps room for that many rows."""
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move in it
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    row_height = table.fontMetrics().lineSpacing() + 8
    table.verticalHeader().setDefaultSectionSize(row_height)
    if min_rows:
        table.setMinimumHeight(row_height * min_rows)
    stretch_columns(table, stretch)
    return table


def stretch_columns(table: QTableView, stretch: Iterable[int] = ()) -> None:
    """Columns fit their contents, and the ``stretch`` columns share what is left; on a
    narrow screen that can be nothing, so a stretching column keeps at least its heading's
    width (the list scrolls sideways instead)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    model = table.model()
    widest = 0
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
        widest = max(widest, header.fontMetrics().horizontalAdvance(title))
    if widest:
        header.setMinimumSectionSize(max(header.minimumSectionSize(), widest + 24))
