"""Asking how the customer expressed a consent decision before it is recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from voxprivacy.domain.enums import ConsentSource
from voxprivacy.gui.customer.common import purpose_label, source_label
from voxprivacy.gui.widgets import ActionDialog


class ConsentChangeDialog(ActionDialog):
    """Asks how the customer expressed their decision; stays open until it is recorded.

    Record emits ``submitted``; the caller reads ``source_value`` and ``evidence_text``,
    runs the write and accepts the dialog, or calls ``failed``."""

    def __init__(self, purpose: str, granted: bool, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Record a consent decision"), self.tr("Record"), parent)
        self.record_button = self.ok_button
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
        form = QFormLayout()
        form.addRow(self.tr("How the customer said it"), self.source)
        form.addRow(self.tr("Evidence"), self.evidence)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def source_value(self) -> str:
        return str(self.source.currentData())

    def evidence_text(self) -> str:
        return self.evidence.text().strip()
