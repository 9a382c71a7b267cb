"""The privacy-requests queue: which requests are open, whose they are and how much time is left.

The queue shows what ``list_requests`` returned, in its order (overdue first,
then by due date); the model only decides how a row looks. Days left are
coloured by the urgency the service worked out. Every requests widget of one
desk session hears about a changed request through ``RequestChanges``, so the
queue, a request's detail and the customer's tab agree without reloading by hand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.requests import OPEN_STATUSES, RequestStatus, Urgency
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import counts, local_date
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import ID_ROLE, NUMBER_ALIGNMENT, RowsModel
from voxprivacy.gui.widgets import INK, rows_table, translate
from voxprivacy.services import requests
from voxprivacy.services.requests import RequestView

REFERENCE_ROLE = ID_ROLE  # the request's reference (PR-…)
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 2  # the customer's id
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3  # calm, warning or urgent
# Requests changed at other desks and days running out show up without a click.
POLL_MS = 60_000

# (background, text) per urgency; calm rows keep the table's own colours
URGENCY_COLORS: dict[str, tuple[str, str]] = {
    Urgency.WARNING: (INK["warningBackground"].name(), INK["warningText"].name()),
    Urgency.URGENT: (INK["urgentBackground"].name(), INK["urgentText"].name()),
}


# =========================================================================== vocabulary


def kind_label(owner: Any, kind: str) -> str:
    return {
        "access": translate("requests_queue", "Access"),
        "rectification": translate("requests_queue", "Rectification"),
        "erasure": translate("requests_queue", "Erasure"),
        "restriction": translate("requests_queue", "Restriction"),
        "objection": translate("requests_queue", "Objection"),
    }.get(kind, kind)


def status_label(owner: Any, status: str) -> str:
    return {
        "received": translate("requests_queue", "Received"),
        "pending_approval": translate("requests_queue", "Pending approval"),
        "approved": translate("requests_queue", "Approved"),
        "denied": translate("requests_queue", "Denied"),
        "completed": translate("requests_queue", "Completed"),
        "cancelled": translate("requests_queue", "Cancelled"),
    }.get(status, status)


def days_left_text(owner: Any, view: RequestView) -> str:
    """'12 days', '8 days · due soon', '3 days · urgent', 'due today · urgent', 'overdue by
    3 days': the words say what the cell's colour says; a closed request has no time left."""
    if RequestStatus(view.status) not in OPEN_STATUSES:
        return "—"
    left = view.days_left
    if left < 0:
        return counts().days_overdue(-left)
    text = translate("requests_queue", "due today") if left == 0 else counts().days(left)
    if view.urgency == Urgency.URGENT:
        return translate("requests_queue", "{days} · urgent").format(days=text)
    if view.urgency == Urgency.WARNING:
        return translate("requests_queue", "{days} · due soon").format(days=text)
    return text


def customer_text(view: RequestView) -> str:
    return (
        f"{view.account_number} · {view.customer_name}"
        if view.customer_name
        else (view.account_number)
    )


# =========================================================================== change notices


class RequestChanges(QObject):
    """One per desk session: tells every requests widget that a request changed."""

    changed = Signal(object)  # the RequestView after the change

    @classmethod
    def of(cls, session: DeskSession) -> RequestChanges:
        found = session.findChild(
            RequestChanges, "requestChanges", Qt.FindChildOption.FindDirectChildrenOnly
        )
        if found is None:
            found = cls(session)
            found.setObjectName("requestChanges")
        return found


# =========================================================================== the model


class RequestsModel(RowsModel[RequestView]):
    """Privacy requests in the service's order; ``REFERENCE_ROLE`` gives a row's reference."""

    REFERENCE, CUSTOMER, KIND, STATUS, RECEIVED, DUE, DAYS_LEFT = range(7)

    def request(self, row: int) -> RequestView:
        return self._rows[row]

    def row_of(self, reference: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.reference == reference), None)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Reference"),
            self.tr("Customer"),
            self.tr("Kind"),
            self.tr("Status"),
            self.tr("Received"),
            self.tr("Due"),
            self.tr("Days left"),
        )

    def cell(self, view: RequestView, column: int) -> str:
        return [
            view.reference,
            customer_text(view),
            kind_label(self, view.kind),
            status_label(self, view.status),
            local_date(view.received_at),
            local_date(view.due_at),
            days_left_text(self, view),
        ][column]

    def tooltip(self, view: RequestView, column: int) -> str | None:
        return self.cell(view, column) if column == self.CUSTOMER else None

    def row_id(self, view: RequestView) -> str:
        return view.reference

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column == self.DAYS_LEFT else None

    def other_data(self, view: RequestView, column: int, role: int) -> Any:
        if role == CUSTOMER_ROLE:
            return view.customer_id
        if role == URGENCY_ROLE:
            return view.urgency
        colors = URGENCY_COLORS.get(view.urgency)
        if colors is not None and column == self.DAYS_LEFT:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(colors[0])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(colors[1])
            if role == Qt.ItemDataRole.FontRole and view.urgency == Urgency.URGENT:
                font = QFont()
                font.setBold(True)
                return font
        return None


def requests_table(model: RequestsModel) -> QTableView:
    return rows_table(model, stretch=[RequestsModel.CUSTOMER])


# =========================================================================== the queue


class RequestsQueueWidget(QWidget):
    """The queue of privacy requests, filtered by status and optionally by customer."""

    current_request_changed = Signal(str)  # reference of the selected request ("" for none)
    open_request_requested = Signal(str)  # Enter or double-click on a request
    open_customer_requested = Signal(str)  # customer id
    loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._loaded_once = False
        self.model = RequestsModel(self)

        title = QLabel(self.tr("Privacy requests"))
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("requestStatusFilter")
        self.status_filter.setAccessibleName(self.tr("Show requests"))
        self.status_filter.addItem(self.tr("Open"), "open")
        self.status_filter.addItem(self.tr("All"), "")
        for status in RequestStatus:
            self.status_filter.addItem(status_label(self, str(status)), str(status))
        self.status_filter.currentIndexChanged.connect(self.refresh)

        self.customer_filter = QLineEdit()
        self.customer_filter.setObjectName("requestCustomerFilter")
        self.customer_filter.setPlaceholderText(self.tr("Customer account"))
        self.customer_filter.setAccessibleName(self.tr("Customer account"))
        self.customer_filter.setClearButtonEnabled(True)
        self.customer_filter.setToolTip(
            self.tr("Only this customer's requests (account number); empty shows everyone's")
        )
        self.customer_filter.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.customer_filter.returnPressed.connect(self.refresh)
        self.customer_filter.textChanged.connect(lambda text: None if text else self.refresh())

        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Load the queue again (F5)"))
        self.refresh_button.setShortcut(Qt.Key.Key_F5)
        self.refresh_button.clicked.connect(self.refresh)
        self.customer_button = QPushButton(self.tr("Open customer"))
        self.customer_button.setToolTip(self.tr("Show the selected request's customer"))
        self.customer_button.setEnabled(False)
        self.customer_button.clicked.connect(self._open_customer)

        # the filters wrap onto a second line on a narrow window instead of widening it
        filter_row = QWidget()
        filters = FlowLayout(filter_row)
        show = QLabel(self.tr("&Show"))
        show.setBuddy(self.status_filter)
        filters.addWidget(show)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.customer_filter)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.customer_button)

        self.message = QLabel()
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")

        self.table = requests_table(self.model)
        self.table.setObjectName("requestsQueue")
        self.table.setAccessibleName(self.tr("Privacy requests"))
        self.table.activated.connect(self._activated)  # Enter, and double-click
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(filter_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.message.hide()

        RequestChanges.of(session).changed.connect(self._request_changed)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_now)

    # -- loading ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
        self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._poll.stop()

    def _poll_now(self) -> None:
        if not self._session.worker.busy:
            self.refresh()

    def set_customer_filter(self, ref: str) -> None:
        self.customer_filter.setText(ref)
        self.refresh()

    def set_status_filter(self, status: str) -> None:
        """``open``, ``""`` (all) or a request status."""
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(status)))
        self.refresh()

    def refresh(self) -> None:
        """Load the queue on the worker; a newer refresh wins over an older one."""
        self._loaded_once = True
        status = str(self.status_filter.currentData() or "") or None
        customer = self.customer_filter.text().strip() or None
        self.refresh_button.setEnabled(False)
        self._session.query(requests.list_requests, status=status, customer=customer).then(
            self._loaded
        ).failed(self._failed).run(owner=self, key="requests")

    def _loaded(self, rows: list[RequestView]) -> None:
        keep = self.current_reference()
        self.model.set_rows(rows)
        self.refresh_button.setEnabled(True)
        self.message.hide()
        overdue = sum(
            1 for r in rows if r.days_left < 0 and RequestStatus(r.status) in OPEN_STATUSES
        )
        count = self.tr("%n request(s)", "", len(rows))
        if overdue:
            count += self.tr(", {n} overdue").format(n=overdue)
        self.count_label.setText(count)
        if not rows:
            self.message.setText(self.tr("No requests match."))
            self.message.show()
        if keep:
            self.select(keep)
        self.loaded.emit()

    def _failed(self, failure: Failure) -> None:
        self.refresh_button.setEnabled(True)
        self.message.setText(failure.message)
        self.message.show()
        self.loaded.emit()

    def _request_changed(self, _view: object) -> None:
        if alive(self) and self._loaded_once:
            self.refresh()

    # -- selection --------------------------------------------------------------------------

    def current_reference(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return ""
        return str(index.data(REFERENCE_ROLE))

    def select(self, reference: str) -> bool:
        row = self.model.row_of(reference)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, RequestsModel.REFERENCE))
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        reference = self.current_reference()
        self.customer_button.setEnabled(bool(reference))
        self.current_request_changed.emit(reference)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_request_requested.emit(str(index.data(REFERENCE_ROLE)))

    def _open_customer(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_customer_requested.emit(str(index.data(CUSTOMER_ROLE)))
