"""Signing in: user name and password, checked by the auth service on the worker.

A refusal stays in the dialog as a sentence under the fields; the password is
cleared and the focus returns to it. In a demo the panel of demo accounts sits
beside the form and can fill it in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui import look
from voxprivacy.gui.operations import Failure, OperationRunner
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services.context import Actor, Context


class SignInDialog(QDialog):
    """Asks for user name and password; ``actor`` holds the signed-in staff member."""

    signed_in = Signal(object)  # Actor

    def __init__(
        self,
        ctx: Context,
        worker: DbWorker,
        *,
        database: str,
        side_panel: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = OperationRunner(worker)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in — voxprivacy"))
        self.setWindowIcon(look.app_icon())

        logo = QLabel()
        logo.setPixmap(look.app_icon().pixmap(look.em(self, 3.5)))
        title = QLabel(self.tr("Privacy desk"))
        title.setProperty("role", "title")
        where = QLabel(database)
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(where)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(heading, 1)

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.username_edit)
        form.addRow(self.tr("&Password"), self.password_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("signInError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        # otherwise the dialog makes Cancel the default when shown, and Return would cancel
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        form_column = QVBoxLayout()
        form_column.addLayout(top)
        form_column.addSpacing(look.em(self, 0.8))
        form_column.addLayout(form)
        form_column.addWidget(self.error_label)
        form_column.addStretch(1)
        form_column.addWidget(buttons)
        form_widget = QWidget()
        form_widget.setLayout(form_column)
        form_widget.setMinimumWidth(look.em(self, 20))

        layout = QHBoxLayout(self)
        layout.addWidget(form_widget, 1)
        if side_panel is not None:
            layout.addWidget(side_panel, 2)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.username_edit.setFocus()

    def fill(self, username: str, password: str) -> None:
        """Put credentials into the form (the demo panel's "Use" buttons)."""
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        self.error_label.hide()
        self.sign_in_button.setFocus()

    def submit(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self._show_error(self.tr("Enter your user name and password."))
            (self.password_edit if username else self.username_edit).setFocus()
            return
        self._set_busy(True)
        self._runner.call(_sign_in, self._ctx, username, password).then(self._accepted).failed(
            self._refused
        ).run(owner=self)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.sign_in_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))

    def _accepted(self, actor: Actor) -> None:
        self.actor = actor
        self._set_busy(False)
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, failure: Failure) -> None:
        self._set_busy(False)
        self._show_error(failure.message)
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


def _sign_in(ctx: Context, username: str, password: str) -> Actor:
    """Runs on the worker. The services load with the first sign-in, not before the dialog
    shows (a workstation through the server starts without them)."""
    from voxprivacy.services import auth

    return auth.sign_in(ctx, username, password)
