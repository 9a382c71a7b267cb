"""Synchronisation conflicts: fields that the central database and a branch changed differently.

Supervisors see what ``list_conflicts`` returned (oldest first), the selected
conflict's two values beside it, and settle it: keep the central value, take the
branch's, or type the right one where the service allows a typed value. Settling
is a write, so it goes through ``session.write`` (the second factor when the check
has run out); the outcome appears under the buttons as a sentence and the list
loads again. The values are shown here only; the audit trail records that a
conflict was settled, never what the values were.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import RowsModel
from voxprivacy.gui.widgets import INK, ActionDialog, error_label, heading, rows_table, translate
from voxprivacy.services import conflicts
from voxprivacy.services.conflicts import ConflictView

# Conflicts arrive whenever a branch synchronises; an open page looks again this often.
POLL_MS = 60_000


def what_text(view: ConflictView) -> str:
    """The conflict's label with a capital letter: "Email address", "Name"."""
    return view.label[:1].upper() + view.label[1:]


def customer_ref(owner: Any, view: ConflictView) -> str:
    if view.account_number:
        return translate("conflicts", "customer {account}").format(account=view.account_number)
    if view.customer_id is not None:
        return translate("conflicts", "a customer no longer on file")
    return translate("conflicts", "no customer")


def where_text(owner: Any, view: ConflictView) -> str:
    if view.origin == "central":
        return translate("conflicts", "the central database")
    return translate("conflicts", "branch {name}").format(name=view.origin)


def resolution_text(owner: Any, resolution: str | None) -> str:
    return {
        "central": translate("conflicts", "kept the central value"),
        "branch": translate("conflicts", "took the branch's value"),
        "value": translate("conflicts", "set a typed value"),
    }.get(resolution or "", resolution or "")


def settled_text(owner: Any, view: ConflictView) -> str:
    if view.open:
        return ""
    return translate("conflicts", "{resolution} ({who}, {when})").format(
        resolution=resolution_text(owner, view.resolution),
        who=view.resolved_by or translate("conflicts", "unknown"),
        when=local_time(view.resolved_at),
    )


# =========================================================================== the model


class ConflictsModel(RowsModel[ConflictView]):
    """Conflicts in the service's order; ``ID_ROLE`` gives a row's conflict id (text)."""

    WHEN, BRANCH, ACCOUNT, WHAT, CENTRAL, BRANCH_VALUE, STAFF, SETTLED = range(8)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Branch"),
            self.tr("Customer"),
            self.tr("What"),
            self.tr("Central value"),
            self.tr("Branch value"),
            self.tr("Changed at the branch by"),
            self.tr("Settled"),
        )

    def cell(self, view: ConflictView, column: int) -> str:
        return [
            local_time(view.created_at),
            view.origin,
            view.account_number or "—",
            what_text(view),
            view.central,
            view.branch,
            view.branch_staff or "—",
            settled_text(self, view),
        ][column]

    def row_id(self, view: ConflictView) -> str:
        return str(view.id)

    def row_of(self, conflict_id: uuid.UUID) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == conflict_id), None)

    def other_data(self, view: ConflictView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not view.open:
            return INK["muted"]
        return None


# =========================================================================== typing a value


class SetValueDialog(ActionDialog):
    """The right value for a conflicting field, typed by the supervisor."""

    def __init__(self, view: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set the value"), self.tr("Set value"), parent)
        self.setObjectName("setValueDialog")
        intro = QLabel(
            self.tr(
                "Type the right {what} for {customer}. It replaces the value at the central "
                "database and at every branch."
            ).format(what=view.label, customer=customer_ref(self, view))
        )
        intro.setWordWrap(True)
        central = QLabel(view.central)
        branch = QLabel(view.branch)
        for label in (central, branch):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._multiline = view.field == "note"
        self.value_edit: QLineEdit | QPlainTextEdit
        if self._multiline:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 4 + 12)
            self.value_edit = editor
        else:
            self.value_edit = QLineEdit()
        self.value_edit.setObjectName("conflictValue")
        self.value_edit.setAccessibleName(self.tr("New value"))
        form = QFormLayout()
        form.addRow(self.tr("Central value"), central)
        form.addRow(self.tr("Branch value"), branch)
        form.addRow(self.tr("New value"), self.value_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.value_edit.setFocus()

    def value(self) -> str:
        if isinstance(self.value_edit, QPlainTextEdit):
            return self.value_edit.toPlainText()
        return self.value_edit.text()


# =========================================================================== the detail


class ConflictDetail(QWidget):
    """One conflict: both values, who changed what where, and the three ways to settle it."""

    settled = Signal(object)  # the ConflictView after it was settled
    open_customer_requested = Signal(str)  # customer id

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view: ConflictView | None = None
        self._busy = False
        spacing = self.fontMetrics().lineSpacing()

        self.placeholder = QLabel(self.tr("Choose a conflict in the list to settle it."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.body = QWidget()
        top = QHBoxLayout()
        self.title = heading("", 1.3)
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        self.customer_button = QPushButton(self.tr("Open customer"))
        self.customer_button.setToolTip(self.tr("Show this customer's record"))
        self.customer_button.clicked.connect(self._open_customer)
        top.addWidget(self.title, 1)
        top.addWidget(self.customer_button, 0, Qt.AlignmentFlag.AlignTop)

        self.where_label = QLabel()
        self.where_label.setObjectName("conflictWhere")
        self.central_label = QLabel()
        self.central_label.setObjectName("conflictCentral")
        self.branch_label = QLabel()
        self.branch_label.setObjectName("conflictBranch")
        self.state_label = QLabel()
        self.state_label.setObjectName("conflictState")
        for label in (self.where_label, self.central_label, self.branch_label, self.state_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.setHorizontalSpacing(spacing)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Changed at"), self.where_label)
        form.addRow(self.tr("Central value"), self.central_label)
        form.addRow(self.tr("Branch value"), self.branch_label)
        form.addRow(self.tr("State"), self.state_label)

        self.keep_central_button = QPushButton(self.tr("Keep central"))
        self.keep_central_button.setObjectName("keepCentral")
        self.keep_central_button.setToolTip(
            self.tr("The record keeps the value it has at the central database")
        )
        self.keep_central_button.clicked.connect(self.keep_central)
        self.keep_branch_button = QPushButton(self.tr("Keep branch"))
        self.keep_branch_button.setObjectName("keepBranch")
        self.keep_branch_button.clicked.connect(self.keep_branch)
        self.set_value_button = QPushButton(self.tr("Set value…"))
        self.set_value_button.setObjectName("setValue")
        self.set_value_button.setToolTip(self.tr("Type the right value yourself"))
        self.set_value_button.clicked.connect(self.set_value)
        self._buttons = (self.keep_central_button, self.keep_branch_button, self.set_value_button)
        actions = QHBoxLayout()
        for button in self._buttons:
            actions.addWidget(button)
        actions.addStretch(1)

        self.result_label = QLabel()
        self.result_label.setObjectName("conflictResult")
        self.result_label.setWordWrap(True)
        self.result_label.setProperty("role", "success")
        self.result_label.hide()
        self.error = error_label("conflictError")

        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(spacing // 2)
        body.addLayout(top)
        body.addLayout(form)
        body.addLayout(actions)
        body.addWidget(self.result_label)
        body.addWidget(self.error)
        body.addStretch(1)

        frame = QFrame()
        frame.setObjectName("conflictDetail")
        frame_layout = QVBoxLayout(frame)
        frame_layout.addWidget(self.placeholder)
        frame_layout.addWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.body.hide()

    @property
    def view(self) -> ConflictView | None:
        return self._view

    @property
    def busy(self) -> bool:
        return self._busy

    def show_conflict(self, view: ConflictView | None) -> None:
        """Show a conflict (None clears the detail); the last outcome stays for the same one."""
        if view is None or self._view is None or view.id != self._view.id:
            self.result_label.hide()
            self.error.hide()
        self._view = view
        if view is None:
            self.body.hide()
            self.placeholder.show()
            return
        self.title.setText(
            self.tr("{what} of {customer}").format(
                what=what_text(view), customer=customer_ref(self, view)
            )
        )
        when = local_time(view.created_at)
        if view.branch_staff:
            self.where_label.setText(
                self.tr("{where}, by {who} (noticed {when})").format(
                    where=where_text(self, view), who=view.branch_staff, when=when
                )
            )
        else:
            self.where_label.setText(
                self.tr("{where} (noticed {when})").format(where=where_text(self, view), when=when)
            )
        self.central_label.setText(view.central)
        self.branch_label.setText(view.branch)
        if view.open:
            self.state_label.setText(
                self.tr("Open: the record holds the central value until a supervisor decides.")
            )
        else:
            self.state_label.setText(
                self.tr("Settled {when} by {who}: {resolution}.").format(
                    when=local_time(view.resolved_at),
                    who=view.resolved_by or self.tr("unknown"),
                    resolution=resolution_text(self, view.resolution),
                )
            )
        self.customer_button.setVisible(view.customer_id is not None and bool(view.account_number))
        self.placeholder.hide()
        self.body.show()
        self._update_buttons()

    def _update_buttons(self) -> None:
        view = self._view
        open_ = view is not None and view.open and not self._busy
        self.keep_central_button.setEnabled(open_)
        # a refused branch change cannot be taken over; it must be entered again by hand
        refused = view is not None and view.kind == "rejected"
        self.keep_branch_button.setEnabled(open_ and not refused)
        self.keep_branch_button.setToolTip(
            self.tr(
                "The central database refused this change: enter it again by hand if it is "
                "still wanted, then keep the central value"
            )
            if refused
            else self.tr("The branch's value replaces it, at the centre and at every branch")
        )
        self.set_value_button.setEnabled(open_ and view is not None and view.may_type_value)
        if view is not None and not view.may_type_value:
            self.set_value_button.setToolTip(
                self.tr("A typed value is possible only for a text field of a record")
            )
        else:
            self.set_value_button.setToolTip(self.tr("Type the right value yourself"))

    # -- settling ---------------------------------------------------------------------------

    def keep_central(self) -> None:
        self._settle(keep="central")

    def keep_branch(self) -> None:
        self._settle(keep="branch")

    def set_value(self) -> None:
        view = self._view
        if view is None or not view.may_type_value or self._busy:
            return
        dialog = SetValueDialog(view, self)
        dialog.submitted.connect(lambda: self._settle(value=dialog.value(), dialog=dialog))
        dialog.open()

    def _settle(
        self,
        *,
        keep: str | None = None,
        value: str | None = None,
        dialog: SetValueDialog | None = None,
    ) -> None:
        view = self._view
        if view is None or self._busy:
            return
        self._busy = True
        self.result_label.hide()
        self.error.hide()
        self._update_buttons()
        self._session.write(conflicts.resolve_conflict, view.id, keep=keep, value=value).then(
            lambda settled: self._settled(settled, dialog)
        ).failed(lambda failure: self._failed(failure, dialog)).cancelled(
            lambda: self._failed(None, dialog)
        ).run(owner=self, parent=dialog)

    def _settled(self, view: ConflictView, dialog: SetValueDialog | None) -> None:
        if dialog is not None and alive(dialog):
            dialog.accept()
        self._busy = False
        self.show_conflict(view)
        self.result_label.setText(
            self.tr("Settled: {resolution} for the {what} of {customer}.").format(
                resolution=resolution_text(self, view.resolution),
                what=view.label,
                customer=customer_ref(self, view),
            )
        )
        self.result_label.show()
        self.settled.emit(view)

    def _failed(self, failure: Failure | None, dialog: SetValueDialog | None) -> None:
        if dialog is not None and alive(dialog):
            dialog.failed(failure.message if failure is not None else None)
        self._busy = False
        self._update_buttons()
        if dialog is not None:
            return  # the dialog shows the refusal and keeps what was typed
        if failure is None:
            self.error.setText(self.tr("Not settled: it needs your second factor."))
        else:
            self.error.setText(self.tr("Not settled: {reason}").format(reason=failure.message))
        self.error.show()

    def _open_customer(self) -> None:
        if self._view is not None and self._view.customer_id is not None:
            self.open_customer_requested.emit(str(self._view.customer_id))


# =========================================================================== the page


class ConflictsPage(QWidget):
    """The conflict list above the selected conflict's detail: one widget for the main window."""

    loaded = Signal()
    settled = Signal(object)  # the ConflictView after it was settled
    open_customer_requested = Signal(str)  # customer id

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._loaded_once = False
        self.model = ConflictsModel(self)

        title = heading(self.tr("Synchronisation conflicts"), 1.3)
        self.count_label = QLabel()
        self.count_label.setObjectName("conflictsCount")
        explanation = QLabel(
            self.tr(
                "The central database and a branch changed the same thing differently. The "
                "record keeps the central value until you decide; your decision reaches every "
                "branch."
            )
        )
        explanation.setWordWrap(True)
        explanation.setProperty("role", "hint")

        self.show_settled = QCheckBox(self.tr("Show &settled conflicts too"))
        self.show_settled.setObjectName("showSettled")
        self.show_settled.toggled.connect(self._settled_toggled)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Load the conflicts again"))
        self.refresh_button.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(self.show_settled)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)

        self.message = QLabel()
        self.message.setObjectName("conflictsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.table = rows_table(
            self.model, stretch=[ConflictsModel.CENTRAL, ConflictsModel.BRANCH_VALUE]
        )
        self.table.setObjectName("conflictsTable")
        self.table.setAccessibleName(self.tr("Synchronisation conflicts"))
        self.table.setColumnHidden(ConflictsModel.SETTLED, True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = ConflictDetail(session)
        self.detail.settled.connect(self._detail_settled)
        self.detail.open_customer_requested.connect(self.open_customer_requested)

        top = QWidget()
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(head)
        top_layout.addWidget(explanation)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.message)
        top_layout.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_now)

    # -- loading ----------------------------------------------------------------------------

    @property
    def loaded_once(self) -> bool:
        return self._loaded_once

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()
        self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._poll.stop()

    def _poll_now(self) -> None:
        if not self._session.worker.busy and not self.detail.busy:
            self.refresh()

    def _settled_toggled(self, checked: bool) -> None:
        self.table.setColumnHidden(ConflictsModel.SETTLED, not checked)
        self.refresh()

    def refresh(self) -> None:
        """Load the conflicts on the worker; a newer refresh wins over an older one."""
        self._loaded_once = True
        self.refresh_button.setEnabled(False)
        self._session.query(
            conflicts.list_conflicts, include_resolved=self.show_settled.isChecked()
        ).then(self._loaded).failed(self._failed).run(owner=self, key="conflicts")

    def _loaded(self, rows: list[ConflictView]) -> None:
        keep = self.detail.view
        self.model.set_rows(rows)
        self.refresh_button.setEnabled(True)
        waiting = sum(1 for r in rows if r.open)
        self.count_label.setText(self.tr("%n open conflict(s)", "", waiting))
        if rows:
            self.message.hide()
        else:
            self.message.setText(
                self.tr("No conflicts are waiting: the central database and the branches agree.")
                if not self.show_settled.isChecked()
                else self.tr("There have been no synchronisation conflicts.")
            )
            self.message.show()
        if keep is None:
            if rows:
                self.select_row(0)
        else:
            row = self.model.row_of(keep.id)
            if row is not None:
                self.select_row(row)
            # else a conflict settled a moment ago stays in the detail with its outcome
        self.loaded.emit()

    def _failed(self, failure: Failure) -> None:
        self.refresh_button.setEnabled(True)
        self.message.setText(failure.message)
        self.message.show()
        self.loaded.emit()

    # -- selection --------------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, ConflictsModel.WHAT))

    def current_conflict(self) -> ConflictView | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        view = self.current_conflict()
        if view is not None:
            self.detail.show_conflict(view)

    def _detail_settled(self, view: object) -> None:
        self.settled.emit(view)
        self.refresh()
