"""Asking how the customer expressed a consent decision before it is recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import ConsentSource
from voxprivacy.gui.customer.common import error_label, purpose_label, source_label


class ConsentChangeDialog(QDialog):
    """Asks how the customer expressed their decision; stays open until it is recorded."""

    submitted = Signal(str, str)  # source, evidence

    def __init__(self, purpose: str, granted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Record a consent decision"))
        name = purpose_label(self, purpose)
        text = (
            self.tr("The customer <b>grants</b> consent to: {purpose}.")
            if granted
            else self.tr("The customer <b>withdraws</b> consent to: {purpose}.")
        )
        intro = QLabel(text.format(purpose=name))
        intro.setWordWrap(True)
        self.source = QComboBox()
        self.source.setObjectName("consentSource")
        for src in ConsentSource:
            self.source.addItem(source_label(self, str(src)), str(src))
        self.source.setCurrentIndex(self.source.findData(str(ConsentSource.PHONE)))
        self.evidence = QLineEdit()
        self.evidence.setObjectName("consentEvidence")
        self.evidence.setPlaceholderText(self.tr("optional: call reference, letter date, …"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("How the customer said it"), self.source)
        form.addRow(self.tr("Evidence"), self.evidence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = buttons.addButton(
            self.tr("Record"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _submit(self) -> None:
        self.error.hide()
        self.record_button.setEnabled(False)
        self.submitted.emit(str(self.source.currentData()), self.evidence.text().strip())

    def failed(self, message: str | None) -> None:
        self.record_button.setEnabled(True)
        if message:
            self.error.setText(message)
            self.error.show()
