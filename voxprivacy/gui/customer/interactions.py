"""The Interactions tab: adding what was asked and done, and the timeline, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import InteractionChannel
from voxprivacy.errors import BadInput
from voxprivacy.gui.customer.common import channel_label, plain_message
from voxprivacy.gui.customer.models import InteractionModel
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import error_label, heading, rows_table
from voxprivacy.services import customers
from voxprivacy.services.customers import CustomerView, InteractionView


@dataclass
class InteractionDraft:
    channel: str
    summary: str


class InteractionsTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().lineSpacing()
        add_box = QGroupBox(self.tr("Add an interaction"))
        add = QGridLayout(add_box)
        self.channel = QComboBox()
        self.channel.setObjectName("interactionChannel")
        for c in InteractionChannel:
            self.channel.addItem(channel_label(self, str(c)), str(c))
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("interactionSummary")
        self.summary.setPlaceholderText(self.tr("What was asked, what was done…"))
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 3 + 12)
        self.add_button = QPushButton(self.tr("Add interaction"))
        self.add_button.setObjectName("addInteraction")
        self.add_button.clicked.connect(self.add_interaction)
        self.add_error = error_label("fieldError")
        add.addWidget(QLabel(self.tr("Channel")), 0, 0)
        add.addWidget(self.channel, 1, 0, Qt.AlignmentFlag.AlignTop)
        add.addWidget(QLabel(self.tr("Summary")), 0, 1)
        add.addWidget(self.summary, 1, 1)
        add.addWidget(self.add_button, 1, 2, Qt.AlignmentFlag.AlignTop)
        add.addWidget(self.add_error, 2, 1)
        add.setColumnStretch(1, 1)
        layout.addWidget(add_box)
        layout.addSpacing(spacing // 2)
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Timeline")))
        self.count_label = QLabel()
        head.addWidget(self.count_label)
        head.addStretch(1)
        layout.addLayout(head)
        self.interaction_model = InteractionModel(self)
        self.interaction_model.set_rows(view.interactions or [])
        self.interaction_table = rows_table(self.interaction_model, (InteractionModel.SUMMARY,))
        self.interaction_table.setObjectName("interactions")
        layout.addWidget(self.interaction_table, 1)
        self.older_button = QPushButton(self.tr("Load older interactions"))
        self.older_button.clicked.connect(self.load_older_interactions)
        layout.addWidget(self.older_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._total = view.interaction_count or 0
        self._update_count()

    def title(self) -> str:
        return self.tr("Interactions")

    # -- the draft --------------------------------------------------------------------------

    def draft(self) -> InteractionDraft | None:
        text = self.summary.toPlainText()
        return InteractionDraft(str(self.channel.currentData()), text) if text.strip() else None

    def restore_draft(self, draft: object) -> None:
        if isinstance(draft, InteractionDraft):
            self.channel.setCurrentIndex(max(0, self.channel.findData(draft.channel)))
            self.summary.setPlainText(draft.summary)

    def discard_draft(self) -> None:
        self.summary.clear()

    # -- adding -----------------------------------------------------------------------------

    def add_interaction(self) -> None:
        summary = self.summary.toPlainText()
        channel = str(self.channel.currentData())
        self.add_error.hide()
        self.add_button.setEnabled(False)
        self.session.write(customers.record_interaction, self.view.id, channel, summary).then(
            self._added
        ).failed(self._failed).cancelled(lambda: self._failed(None)).run(owner=self)

    def _added(self, row: InteractionView) -> None:
        self.summary.clear()
        self.add_button.setEnabled(True)
        self.interaction_model.insert_first(row)
        self._total += 1
        self._update_count()

    def _failed(self, failure: Failure | None) -> None:
        self.add_button.setEnabled(True)
        if failure is not None:
            message = failure.message
            exc = failure.error
            if isinstance(exc, BadInput) and exc.field:
                message = plain_message(exc.field, message)
            self.add_error.setText(message)
            self.add_error.show()

    # -- older rows -------------------------------------------------------------------------

    def load_older_interactions(self) -> None:
        if not self.interaction_model.rowCount():
            return
        oldest = self.interaction_model.row_at(self.interaction_model.rowCount() - 1)
        self.older_button.setEnabled(False)
        self.session.query(
            customers.list_interactions, self.view.id, before=oldest.at, limit=100
        ).then(self._older_loaded).failed(self._older_failed).run(owner=self, key="older")

    def _older_loaded(self, rows: list[InteractionView]) -> None:
        self.interaction_model.append_rows(rows)
        if not rows:
            self._total = self.interaction_model.rowCount()
        self.older_button.setEnabled(True)
        self._update_count()

    def _older_failed(self, failure: Failure) -> None:
        self.older_button.setEnabled(True)
        self.add_error.setText(failure.message)
        self.add_error.show()

    def _update_count(self) -> None:
        shown = self.interaction_model.rowCount()
        total = max(self._total, shown)
        self.count_label.setText(self.tr("{shown} of {total}").format(shown=shown, total=total))
        self.older_button.setVisible(shown < total)
