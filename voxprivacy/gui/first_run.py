"""The first-run assistant: a new database gets its first admin and their authenticator.

Explains what happens, asks for the admin's user name and password, creates
the schema, the installation and the admin (on the worker), shows the QR code
and the secret for the authenticator app with the recovery codes, and accepts
the first code, which confirms the enrollment. Afterwards the admin is signed in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from voxprivacy.gui import look
from voxprivacy.gui.bootstrap import confirm_enrollment, create_first_admin
from voxprivacy.gui.operations import Failure, OperationRunner
from voxprivacy.gui.qr import qr_pixmap
from voxprivacy.gui.widgets import error_label
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Actor, Context


class _IntroPage(QWizardPage):
    def __init__(self, database: str) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to the privacy desk"))
        text = QLabel(
            self.tr(
                "<p>This database is new: <b>{0}</b></p>"
                "<p>The assistant creates its first administrator. You need:</p>"
                "<ul><li>a user name and a password of your choice;</li>"
                "<li>an authenticator app on your phone (for example FreeOTP, Aegis or Google "
                "Authenticator) to scan a QR code.</li></ul>"
                "<p>Every change to customer data later asks for a code from that app.</p>"
            ).format(database)
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(text)


class _AdminPage(QWizardPage):
    """User name and password twice; Next creates the admin on the worker."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("The first administrator"))
        self.setSubTitle(
            self.tr("Administrators add staff, reset second factors and read the audit trail.")
        )
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("adminUsername")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("adminPasswordRepeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(self.tr("Choose a long password you do not use anywhere else."))
        hint.setProperty("role", "hint")
        self.error_label = error_label("firstRunError", selectable=False)
        form = QFormLayout(self)
        form.addRow(self.tr("&User name"), self.username_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow(self.tr("&Repeat password"), self.repeat_edit)
        form.addRow(hint)
        form.addRow(self.error_label)
        self.setCommitPage(True)  # once created, there is no going back
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create administrator"))
        for edit in (self.username_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self.completeChanged)
        self._busy = False

    def isComplete(self) -> bool:
        return (
            not self._busy
            and bool(self.username_edit.text().strip())
            and bool(self.password_edit.text())
            and bool(self.repeat_edit.text())
        )

    def validatePage(self) -> bool:
        if self._wizard.enrollment is not None:
            return True
        if self.password_edit.text() != self.repeat_edit.text():
            self._show_error(self.tr("The two passwords differ; type the same password twice."))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return False
        self._set_busy(True)
        self._wizard.runner.call(
            create_first_admin,
            self._wizard.ctx,
            self.username_edit.text().strip(),
            self.password_edit.text(),
        ).then(self._created).failed(self._refused).run(owner=self)
        return False

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for edit in (self.username_edit, self.password_edit, self.repeat_edit):
            edit.setEnabled(not busy)
        if busy:
            self.error_label.hide()
        self.completeChanged.emit()

    def _created(self, enrollment: Enrollment) -> None:
        self._wizard.enrollment = enrollment
        self._wizard.password = self.password_edit.text()
        self._set_busy(False)
        self._wizard.next()

    def _refused(self, failure: Failure) -> None:
        self._set_busy(False)
        self._show_error(failure.message)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class _AuthenticatorPage(QWizardPage):
    """The QR code, the secret as text and the recovery codes."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Set up your authenticator app"))
        self.setSubTitle(
            self.tr(
                "Scan the code with the app, or type the secret into it. "
                "Write the recovery codes down and keep them somewhere safe: "
                "each one replaces a code once if you lose your phone."
            )
        )
        self.qr_label = QLabel()
        self.qr_label.setObjectName("enrollmentQr")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret_label = QLabel()
        self.secret_label.setObjectName("enrollmentSecret")
        self.secret_label.setProperty("role", "secret")
        self.secret_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret_label.setWordWrap(True)
        copy = QPushButton(self.tr("Copy secret"))
        copy.clicked.connect(self._copy_secret)
        self.codes_grid = QGridLayout()

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("<b>Secret</b> (if you cannot scan):")))
        right.addWidget(self.secret_label)
        right.addWidget(copy, 0, Qt.AlignmentFlag.AlignLeft)
        right.addSpacing(look.em(self, 0.5))
        right.addWidget(QLabel(self.tr("<b>Recovery codes</b>")))
        right.addLayout(self.codes_grid)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.qr_label)
        layout.addLayout(right, 1)

    def initializePage(self) -> None:
        enrollment = self._wizard.enrollment
        if enrollment is None:
            return
        self.qr_label.setPixmap(qr_pixmap(enrollment.otpauth_uri, look.em(self, 13)))
        self.qr_label.setToolTip(enrollment.otpauth_uri)
        secret = enrollment.secret
        self.secret_label.setText(" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)))
        for i, code in enumerate(enrollment.recovery_codes):
            label = QLabel(code)
            label.setProperty("role", "secret")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.codes_grid.addWidget(label, i // 2, i % 2)

    def _copy_secret(self) -> None:
        if self._wizard.enrollment is not None:
            QGuiApplication.clipboard().setText(self._wizard.enrollment.secret)


class _ConfirmPage(QWizardPage):
    """The first code from the app: checked by the auth service, which confirms enrollment."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Confirm with a first code"))
        self.setSubTitle(
            self.tr(
                "Enter the six digits the app shows now. This proves the app "
                "is set up and signs you in."
            )
        )
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("firstCode")
        self.code_edit.setMaxLength(7)
        self.code_edit.setPlaceholderText(self.tr("6-digit code"))
        self.code_edit.textChanged.connect(self.completeChanged)
        self.error_label = error_label("firstRunError", selectable=False)
        form = QFormLayout(self)
        form.addRow(self.tr("&Code"), self.code_edit)
        form.addRow(self.error_label)
        self._busy = False

    def isComplete(self) -> bool:
        return not self._busy and bool(self.code_edit.text().strip())

    def validatePage(self) -> bool:
        wizard = self._wizard
        if wizard.actor is not None:
            return True
        enrollment = wizard.enrollment
        if enrollment is None:
            return False
        self._busy = True
        self.code_edit.setEnabled(False)
        self.error_label.hide()
        self.completeChanged.emit()
        wizard.runner.call(
            confirm_enrollment,
            wizard.ctx,
            enrollment.username,
            wizard.password,
            self.code_edit.text().strip(),
        ).then(self._confirmed).failed(self._refused).run(owner=self)
        return False

    def _confirmed(self, actor: Actor) -> None:
        self._wizard.actor = actor
        self._wizard.password = ""
        self._busy = False
        self.completeChanged.emit()
        self._wizard.accept()

    def _refused(self, failure: Failure) -> None:
        self._busy = False
        self.code_edit.setEnabled(True)
        self.code_edit.clear()
        self.code_edit.setFocus()
        self.error_label.setText(failure.message)
        self.error_label.show()
        self.completeChanged.emit()


class FirstRunWizard(QWizard):
    """Creates the first admin of an empty database; ``actor`` is them, signed in."""

    def __init__(
        self, ctx: Context, worker: DbWorker, *, database: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = worker
        self.runner = OperationRunner(worker)
        self.enrollment: Enrollment | None = None
        self.actor: Actor | None = None
        self.password = ""  # kept only until the first code signs the admin in
        self.setWindowTitle(self.tr("Set up voxprivacy"))
        self.setWindowIcon(look.app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, look.app_icon().pixmap(look.em(self, 3)))
        self.intro_page = _IntroPage(database)
        self.admin_page = _AdminPage(self)
        self.authenticator_page = _AuthenticatorPage(self)
        self.confirm_page = _ConfirmPage(self)
        for page in (self.intro_page, self.admin_page, self.authenticator_page, self.confirm_page):
            self.addPage(page)
        self.setMinimumSize(look.em_size(self, 46, 34))
