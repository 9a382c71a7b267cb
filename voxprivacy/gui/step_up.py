"""Asking for the second factor before a write (``session.write`` opens this dialog).

Services decide whether a write needs a check (and a fresh one); the desk only
asks for the code when the session's check has run out, when the caller says the
operation always wants a fresh code, or when the service refuses with
StepUpRequired anyway (operations.py). The code is checked on the worker like any
other service call; nothing the user typed elsewhere is touched when they cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui.widgets import error_label

if TYPE_CHECKING:
    from voxprivacy.gui.operations import Failure
    from voxprivacy.gui.session import DeskSession


class StepUpDialog(QDialog):
    """Six digits from the authenticator (or a recovery code), checked on the worker."""

    verified = Signal()

    def __init__(
        self, session: DeskSession, parent: QWidget | None = None, *, fresh: bool = False
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._recovery = False
        self.setWindowTitle(self.tr("Confirm with your second factor"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        title = QLabel(self.tr("Enter the code from your authenticator app"))
        title_font = QFont(title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        title.setFont(title_font)

        if fresh:
            why = self.tr(
                "This operation always asks for a fresh code, even if you confirmed a moment ago."
            )
        else:
            why = self.tr(
                "Changes to records need your second factor. After this check you "
                "can keep working without a code for 5 minutes; the status bar "
                "shows the time left."
            )
        self._explanation = QLabel(why)
        self._explanation.setWordWrap(True)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("stepUpCode")
        self.code_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_font = QFont(self.code_edit.font())
        code_font.setPointSizeF(code_font.pointSizeF() * 1.6)
        code_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 120)
        code_font.setStyleHint(QFont.StyleHint.Monospace)
        self.code_edit.setFont(code_font)
        self.code_edit.setMinimumWidth(self.code_edit.fontMetrics().horizontalAdvance("0") * 16)
        self.code_edit.textChanged.connect(self._text_changed)

        self.error_label = error_label("fieldError", selectable=False)

        self._toggle = QPushButton()
        self._toggle.setFlat(True)
        self._toggle.setAutoDefault(False)
        self._toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self._toggle.setProperty("role", "link")
        self._toggle.clicked.connect(self._switch_mode)

        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self._buttons.addButton(
            self.tr("Confirm"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setAutoDefault(False)
        self.confirm_button.setDefault(True)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().lineSpacing()
        layout.setSpacing(spacing // 2)
        layout.addWidget(title)
        layout.addWidget(self._explanation)
        layout.addSpacing(spacing // 2)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self._toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(spacing // 2)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self._apply_mode()

    # -- modes ------------------------------------------------------------------------------

    def _apply_mode(self) -> None:
        if self._recovery:
            self.code_edit.setValidator(
                QRegularExpressionValidator(
                    QRegularExpression(r"[A-Za-z0-9 -]{0,14}"), self.code_edit
                )
            )
            self.code_edit.setPlaceholderText(self.tr("xxxxx-xxxxx"))
            self.code_edit.setAccessibleName(self.tr("Recovery code"))
            self._toggle.setText(self.tr("Use the code from the authenticator app instead"))
        else:
            self.code_edit.setValidator(
                QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,7}"), self.code_edit)
            )
            self.code_edit.setPlaceholderText(self.tr("6-digit code"))
            self.code_edit.setAccessibleName(self.tr("Authenticator code"))
            self._toggle.setText(self.tr("Lost your phone? Use a recovery code"))
        self.code_edit.clear()
        self._text_changed("")
        self.code_edit.setFocus()

    def _switch_mode(self) -> None:
        self._recovery = not self._recovery
        self.error_label.hide()
        self._apply_mode()

    def _text_changed(self, text: str) -> None:
        self.confirm_button.setEnabled(bool(text.strip()))

    @property
    def recovery_mode(self) -> bool:
        return self._recovery

    # -- checking ---------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.code_edit.setEnabled(not busy)
        self.confirm_button.setEnabled(not busy and bool(self.code_edit.text().strip()))
        self._toggle.setEnabled(not busy)
        self.confirm_button.setText(self.tr("Checking…") if busy else self.tr("Confirm"))

    def _submit(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            return
        self.error_label.hide()
        self._set_busy(True)
        from voxprivacy.services import auth  # loaded since the sign-in

        self._session.query(auth.step_up, code).then(self._checked).failed(self._refused).run(
            owner=self
        )

    def _checked(self, _: object) -> None:
        self._session.note_step_up()
        self.verified.emit()
        self.accept()

    def _refused(self, failure: Failure) -> None:
        self._set_busy(False)
        self.error_label.setText(failure.message)
        self.error_label.show()
        self.code_edit.clear()
        self.code_edit.setFocus()
