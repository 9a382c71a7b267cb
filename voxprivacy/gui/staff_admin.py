"""Staff administration: the team list, adding members with QR enrollment, roles, unlocking.

The staff services decide who may do what; this widget only leaves out the buttons
of operations the signed-in role's permissions (domain.roles) do not include, so a
supervisor sees the list and Unlock, an admin everything. Operations that always
need a fresh code use ``session.write(...).fresh()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import BadInput
from voxprivacy.gui.accessibility import label_fields
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import local_date
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.qr import qr_pixmap
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import ID_ROLE, NUMBER_ALIGNMENT, RowsModel
from voxprivacy.gui.widgets import INK, error_label, role_label
from voxprivacy.services import staff
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.staff import StaffSummary

USERNAME_ROLE = ID_ROLE


class StaffModel(RowsModel[StaffSummary]):
    """The staff list; ``USERNAME_ROLE`` gives the row's user name."""

    USERNAME, NAME, ROLE, STATE, FAILED, SINCE = range(6)

    def member(self, row: int) -> StaffSummary:
        return self._rows[row]

    def row_of(self, username: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.username == username), -1)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("User name"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("State"),
            self.tr("Failed attempts"),
            self.tr("Member since"),
        )

    def state(self, member: StaffSummary) -> str:
        if not member.active:
            return self.tr("deactivated")
        if member.locked:
            return self.tr("locked")
        if not member.enrolled:
            return self.tr("not enrolled")
        return self.tr("active")

    def cell(self, member: StaffSummary, column: int) -> str:
        return [
            member.username,
            member.display_name,
            role_label(member.role),
            self.state(member),
            str(member.failed_attempts),
            local_date(member.created_at),
        ][column]

    def tooltip(self, member: StaffSummary, column: int) -> str | None:
        return None

    def row_id(self, member: StaffSummary) -> str:
        return member.username

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column == self.FAILED else None

    def other_data(self, member: StaffSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE:
            if member.locked or not member.active:
                return INK["error"]
            if not member.enrolled:
                return INK["warning"]
        return None


class AddStaffDialog(QDialog):
    """The new member's details; stays open (values kept) until the service accepts them."""

    submitted = Signal(str, str, str, str)  # username, display name, role, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Add a staff member"))
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("newDisplayName")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role in Role:
            self.role.addItem(role_label(str(role)), str(role))
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("newPasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, editor in (
            ("username", self.tr("User name"), self.username),
            ("display_name", self.tr("Full name"), self.display_name),
            ("role", self.tr("Role"), self.role),
            ("password", self.tr("Initial password"), self.password),
            ("repeat", self.tr("Password again"), self.repeat),
        ):
            error = error_label(f"{key}Error", selectable=False)
            self.errors[key] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            form.addRow(label, box)
        hint = QLabel(
            self.tr(
                "The new member changes the password after the first sign-in. "
                "Adding a member asks for your code; then you get their QR code "
                "to hand over."
            )
        )
        hint.setWordWrap(True)
        self.general_error = error_label("addStaffError", selectable=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(
            self.tr("Add member"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add_button.setDefault(True)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        label_fields(self)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()

    def show_field_error(self, field: str | None, message: str) -> None:
        label = self.errors.get(field or "", self.general_error)
        label.setText(message)
        label.show()
        self.add_button.setEnabled(True)

    def failed(self, failure: Failure | None) -> None:
        self.add_button.setEnabled(True)
        if failure is None:
            return
        exc = failure.error
        field = exc.field if isinstance(exc, BadInput) else None
        self.show_field_error(field, failure.message)

    def _submit(self) -> None:
        self._clear_errors()
        if self.password.text() != self.repeat.text():
            self.show_field_error(
                "repeat", self.tr("The two passwords differ; type the same password twice.")
            )
            return
        self.add_button.setEnabled(False)
        self.submitted.emit(
            self.username.text().strip(),
            self.display_name.text().strip(),
            str(self.role.currentData()),
            self.password.text(),
        )


class EnrollmentDialog(QDialog):
    """What a new (or reset) member needs: QR code, secret as text, recovery codes."""

    def __init__(self, enrollment: Enrollment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Authenticator for {user}").format(user=enrollment.username))
        self._enrollment = enrollment
        side = self.fontMetrics().height() * 14
        self.qr_label = QLabel()
        self.qr_label.setObjectName("enrollmentQr")
        self.qr_label.setPixmap(qr_pixmap(enrollment.otpauth_uri, side))
        self.qr_label.setAccessibleName(self.tr("QR code for the authenticator app"))
        intro = QLabel(
            self.tr(
                "Hand this over to <b>{user}</b> in person. They scan the QR code with their "
                "authenticator app (or type the secret), and keep the recovery codes somewhere "
                "safe: each works once if the phone is lost. This is shown only now."
            ).format(user=enrollment.username)
        )
        intro.setWordWrap(True)
        mono = QFont(self.font())
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFamily("monospace")
        self.secret = QLineEdit(
            " ".join(enrollment.secret[i : i + 4] for i in range(0, len(enrollment.secret), 4))
        )
        self.secret.setObjectName("enrollmentSecret")
        self.secret.setReadOnly(True)
        self.secret.setFont(mono)
        self.codes = QPlainTextEdit("\n".join(enrollment.recovery_codes))
        self.codes.setObjectName("recoveryCodes")
        self.codes.setReadOnly(True)
        self.codes.setFont(mono)
        self.codes.setFixedHeight(
            self.codes.fontMetrics().lineSpacing() * (len(enrollment.recovery_codes) + 1)
        )
        right = QFormLayout()
        right.addRow(intro)
        right.addRow(self.tr("Secret"), self.secret)
        right.addRow(self.tr("Recovery codes"), self.codes)
        top = QHBoxLayout()
        top.addWidget(self.qr_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(
            self.tr("Copy secret and codes"), QDialogButtonBox.ButtonRole.ActionRole
        )
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)

    def _copy(self) -> None:
        e = self._enrollment
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(
            self.tr("User: {user}\nSecret: {secret}\nRecovery codes:\n{codes}").format(
                user=e.username, secret=e.secret, codes="\n".join(e.recovery_codes)
            )
        )


class StaffAdminWidget(QWidget):
    """The team: who can sign in, in which role, and what to do about a locked account."""

    changed = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        role = session.actor.role
        self.can_manage = may(role, Permission.MANAGE_STAFF)
        self.can_unlock = may(role, Permission.UNLOCK_STAFF)
        self.model = StaffModel(self)
        self.last_enrollment: EnrollmentDialog | None = None

        title = QLabel(self.tr("Staff"))
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("staffStatus")
        self.status.setWordWrap(True)

        self.add_button = QPushButton(self.tr("Add member…"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.reset_button = QPushButton(self.tr("Reset second factor…"))
        self.role_button = QPushButton(self.tr("Change role…"))
        self.deactivate_button = QPushButton(self.tr("Deactivate…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.add_button.clicked.connect(self.add_member)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.role_button.clicked.connect(self.change_role_of_selected)
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self.refresh_button.clicked.connect(self.refresh)
        for button in (
            self.add_button,
            self.reset_button,
            self.role_button,
            self.deactivate_button,
        ):
            button.setVisible(self.can_manage)
        self.unlock_button.setVisible(self.can_unlock)
        self.refresh_button.setVisible(self.can_unlock)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setObjectName("staffTable")
        self.table.setAccessibleName(self.tr("Staff"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(StaffModel.NAME, QHeaderView.ResizeMode.Stretch)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        # the buttons wrap onto a second line on a narrow window instead of widening it
        bar_row = QWidget()
        bar = FlowLayout(bar_row)
        for button in (
            self.add_button,
            self.unlock_button,
            self.reset_button,
            self.role_button,
            self.deactivate_button,
            self.refresh_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(bar_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        if self.can_unlock:
            self.refresh()
        else:
            self.table.hide()
            self.status.setText(
                self.tr(
                    "Staff administration is for supervisors and admins; "
                    "your role ({role}) does not include it."
                ).format(role=role_label(str(role)))
            )
        self._update_buttons()

    # -- list ---------------------------------------------------------------------------

    def refresh(self, select: str | None = None, note: str | None = None) -> None:
        """Reload the list; ``note`` (what was just done) stays shown after loading."""
        current = select or self.selected_username()
        self.status.setText(note or self.tr("Loading…"))

        def loaded(rows: list[StaffSummary]) -> None:
            self.model.set_rows(rows)
            self.status.setText(note or self.tr("%n staff member(s)", "", len(rows)))
            if current is not None and self.model.row_of(current) >= 0:
                self.table.selectRow(self.model.row_of(current))

        def failed(failure: Failure) -> None:
            self.status.setText(failure.message)

        self._session.query(staff.list_staff).then(loaded).failed(failed).run(
            owner=self, key="staff"
        )

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(USERNAME_ROLE)) if rows else None

    def _selected(self) -> StaffSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        member = self._selected()
        chosen = member is not None and member.active
        self.unlock_button.setEnabled(bool(chosen and member and member.locked))
        for button in (self.reset_button, self.role_button, self.deactivate_button):
            button.setEnabled(chosen)

    def _done(self, message: str, select: str | None = None) -> None:
        self.refresh(select, message)
        self.changed.emit()

    # -- operations ---------------------------------------------------------------------

    def add_member(self) -> AddStaffDialog:
        dialog = AddStaffDialog(self)
        dialog.setObjectName("addStaffDialog")

        def submit(username: str, display_name: str, role: str, password: str) -> None:
            self._session.write(
                staff.add_staff, username, role, password, display_name or None
            ).fresh().then(lambda e: self._added(dialog, e)).failed(
                lambda failure: dialog.failed(failure) if alive(dialog) else None
            ).cancelled(lambda: dialog.failed(None) if alive(dialog) else None).run(
                owner=self, parent=dialog
            )

        dialog.submitted.connect(submit)
        dialog.open()
        return dialog

    def _added(self, dialog: AddStaffDialog, enrollment: Enrollment) -> None:
        if alive(dialog):
            dialog.accept()
        self._show_enrollment(enrollment)
        self._done(
            self.tr("{user} was added; hand over the authenticator setup.").format(
                user=enrollment.username
            ),
            enrollment.username,
        )

    def _show_enrollment(self, enrollment: Enrollment) -> None:
        dialog = EnrollmentDialog(enrollment, self)
        dialog.setObjectName("enrollmentDialog")
        self.last_enrollment = dialog
        dialog.open()

    def unlock_selected(self) -> None:
        member = self._selected()
        if member is None:
            return
        self._session.write(staff.unlock_staff, member.username).then(
            lambda _: self._done(
                self.tr("{user} is unlocked.").format(user=member.username), member.username
            )
        ).run(owner=self)

    def reset_selected(self) -> None:
        member = self._selected()
        if member is None:
            return
        self._confirm(
            self.tr(
                "Reset the second factor of {user}? Their authenticator and recovery codes "
                "stop working at once; you hand over a new QR code."
            ).format(user=member.username),
            self.tr("Reset"),
            lambda: (
                self._session.write(staff.reset_second_factor, member.username)
                .fresh()
                .then(self._reset_done)
                .run(owner=self)
            ),
        )

    def _reset_done(self, enrollment: Enrollment) -> None:
        self._show_enrollment(enrollment)
        self._done(
            self.tr("The second factor of {user} was reset.").format(user=enrollment.username),
            enrollment.username,
        )

    def change_role_of_selected(self) -> None:
        member = self._selected()
        if member is None:
            return
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.setWindowTitle(self.tr("Change role"))
        dialog.setLabelText(self.tr("New role for {user}:").format(user=member.username))
        roles = [str(r) for r in Role]
        dialog.setComboBoxItems([role_label(r) for r in roles])
        dialog.setTextValue(role_label(member.role))

        def chosen(text: str) -> None:
            role = roles[[role_label(r) for r in roles].index(text)]
            if role == member.role:
                return
            self._session.write(staff.set_role, member.username, role).fresh().then(
                lambda _: self._done(
                    self.tr("{user} is now {role}.").format(
                        user=member.username, role=role_label(role)
                    ),
                    member.username,
                )
            ).run(owner=self)

        dialog.textValueSelected.connect(chosen)
        dialog.open()

    def deactivate_selected(self) -> None:
        member = self._selected()
        if member is None:
            return
        self._confirm(
            self.tr(
                "Deactivate {user}? They can no longer sign in; their name stays in the "
                "audit trail."
            ).format(user=member.username),
            self.tr("Deactivate"),
            lambda: (
                self._session.write(staff.deactivate_staff, member.username)
                .fresh()
                .then(
                    lambda _: self._done(
                        self.tr("{user} was deactivated.").format(user=member.username)
                    )
                )
                .run(owner=self)
            ),
        )

    def _confirm(self, text: str, action: str, then: Any) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Please confirm"),
            text,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_: int) -> None:
            if box.clickedButton() is go:
                then()

        box.finished.connect(answered)
        box.open()
