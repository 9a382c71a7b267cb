"""Asking how the caller's identity was verified, before an everyday change is saved.

The policy has staff verify a customer's identity before access or corrections. Every
screen that saves a change to a customer's contact data, consents or services calls
:func:`ask_verification` on save: the dialog offers the methods of
``domain.requests.VERIFICATION_LABELS`` and hands the one chosen to the callback, which
passes it to the service as ``verified_by``; Cancel saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.requests import VERIFICATION_LABELS
from voxprivacy.gui.widgets import heading, hint_label

__all__ = ["IdentityCheckDialog", "ask_verification"]


class IdentityCheckDialog(QDialog):
    """One choice among the verification methods; ``verified`` carries it on OK."""

    verified = Signal(str)

    def __init__(self, parent: QWidget | None = None, what: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("identityCheck")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Identity check"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("How did you verify the caller's identity?")))
        layout.addWidget(
            hint_label(
                what
                or self.tr(
                    "The change is saved with the method you choose (never with any value "
                    "the caller gave). If you could not verify them, cancel: nothing is saved."
                )
            )
        )
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for method, label in VERIFICATION_LABELS.items():
            button = QRadioButton(label[:1].upper() + label[1:])
            button.setObjectName(f"verify:{method}")
            self.group.addButton(button)
            self.buttons[str(method)] = button
            layout.addWidget(button)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = box.addButton(
            self.tr("Verified: save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("identityOk")
        self.ok_button.setEnabled(False)
        box.accepted.connect(self._accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.group.buttonToggled.connect(lambda *_: self.ok_button.setEnabled(bool(self.method())))

    def method(self) -> str | None:
        return next((m for m, b in self.buttons.items() if b.isChecked()), None)

    def choose(self, method: str) -> None:
        """Pick ``method`` and press OK (keyboard users and tests)."""
        self.buttons[method].setChecked(True)
        self.ok_button.click()

    def _accept(self) -> None:
        method = self.method()
        if method is None:
            return
        self.accept()
        self.verified.emit(method)


def ask_verification(
    parent: QWidget, on_verified: Callable[[str], None], what: str = ""
) -> IdentityCheckDialog:
    """Open the identity check over ``parent`` (without blocking); ``on_verified(method)``
    runs once a method was chosen, nothing runs on Cancel."""
    dialog = IdentityCheckDialog(parent, what)
    dialog.verified.connect(on_verified)
    dialog.open()
    return dialog
