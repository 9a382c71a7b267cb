"""The desk's settings: each declared once, stored with QSettings, edited in one dialog.

Only non-secret values live here (QSettings: organisation "voxprivacy",
application "desk"), with the main window's size, place and panels; the
PostgreSQL password goes to the OS keyring. Where the desk works is one of three:
this computer's encrypted database, the head office server (its address and, for a
self-signed certificate, the certificate's SHA-256 fingerprint: nothing secret, the
session token stays in memory), or — only as an explicit "trusted workstation" — a
PostgreSQL database opened directly. Those changes apply on the next start, because
the running desk keeps its connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QObject,
    QSettings,
    Signal,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.errors import BadInput
from voxprivacy.gui.language import resolve as resolve_language
from voxprivacy.gui.messages import error_text
from voxprivacy.gui.operations import Failure, OperationRunner
from voxprivacy.gui.widgets import restyle
from voxprivacy.gui.worker import DbWorker
from voxprivacy.i18n import LANGUAGES

if TYPE_CHECKING:
    from voxprivacy.client.probe import ServerAnswer

T = TypeVar("T", int, str)

ORGANISATION = "voxprivacy"
APPLICATION = "desk"


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: where it is stored, its default and type, and what the user reads."""

    key: str
    default: T
    kind: type[T]
    label: str  # translatable source text (context "settings")
    minimum: int | None = None
    maximum: int | None = None

    def translated_label(self) -> str:
        return QCoreApplication.translate("settings", self.label)


IDLE_LOCK_MINUTES: Setting[int] = Setting(
    "lock/idle_minutes",
    5,
    int,
    str(QT_TRANSLATE_NOOP("settings", "Lock the desk after this many idle minutes")),
    1,
    120,
)
DATABASE_URL: Setting[str] = Setting(
    "database/url",
    "",
    str,
    str(QT_TRANSLATE_NOOP("settings", "Shared PostgreSQL database (empty: this computer)")),
)

SERVER_URL: Setting[str] = Setting(
    "server/url",
    "",
    str,
    str(QT_TRANSLATE_NOOP("settings", "Head office server (https://host:port)")),
)
SERVER_FINGERPRINT: Setting[str] = Setting(
    "server/fingerprint",
    "",
    str,
    str(QT_TRANSLATE_NOOP("settings", "Server certificate's SHA-256 fingerprint")),
)
# A direct PostgreSQL URL from the settings is used only on a workstation marked trusted:
# it holds the database password and the master key, which bypass the second factor.
TRUSTED_WORKSTATION: Setting[int] = Setting(
    "database/trusted_workstation",
    0,
    int,
    str(QT_TRANSLATE_NOOP("settings", "Trusted workstation (opens PostgreSQL directly)")),
    0,
    1,
)

# "" follows the system's locale; otherwise "en", "fr" or "nl" (voxprivacy.i18n.LANGUAGES)
LANGUAGE: Setting[str] = Setting(
    "desk/language", "", str, str(QT_TRANSLATE_NOOP("settings", "Language of the desk"))
)

ALL_SETTINGS: tuple[Setting[int] | Setting[str], ...] = (
    IDLE_LOCK_MINUTES,
    DATABASE_URL,
    SERVER_URL,
    SERVER_FINGERPRINT,
    TRUSTED_WORKSTATION,
    LANGUAGE,
)


# The main window's size, place and demo panel (QMainWindow.saveGeometry/saveState).
WINDOW_GEOMETRY_KEY = "window/geometry"
WINDOW_STATE_KEY = "window/state"


def _as_bytes(value: object) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, bytes):
        return value
    return b""


def default_settings_store() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class DeskSettings(QObject):
    """Typed access to the declared settings; tests pass a QSettings on a temporary file."""

    changed = Signal(str)  # key

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    def get(self, setting: Setting[T]) -> T:
        raw = self._store.value(setting.key, setting.default)
        try:
            value = setting.kind(str(raw))
        except (TypeError, ValueError):
            return setting.default
        if isinstance(value, int) and setting.minimum is not None and setting.maximum is not None:
            return type(value)(min(max(value, setting.minimum), setting.maximum))
        return value

    def window_layout(self) -> tuple[bytes, bytes]:
        """The main window's saved geometry and state (docks), empty when never saved."""
        return (
            _as_bytes(self._store.value(WINDOW_GEOMETRY_KEY)),
            _as_bytes(self._store.value(WINDOW_STATE_KEY)),
        )

    def set_window_layout(self, geometry: bytes, state: bytes) -> None:
        self._store.setValue(WINDOW_GEOMETRY_KEY, QByteArray(geometry))
        self._store.setValue(WINDOW_STATE_KEY, QByteArray(state))
        self._store.sync()

    def set(self, setting: Setting[T], value: T) -> None:
        if self.get(setting) == value and self._store.contains(setting.key):
            return
        self._store.setValue(setting.key, value)
        self._store.sync()
        self.changed.emit(setting.key)


def _check_connection(url: str, password: str) -> str:
    """Runs on the worker: open the database at ``url`` and ask it something trivial."""
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.storage.database import open_database, parse_target, ping

    target = parse_target(url)
    if target.mode != "postgresql":
        raise BadInput("Enter a PostgreSQL URL such as postgresql://user@host/dbname.", "db")
    if password:
        target = type(target)(target.mode, target.url.set(password=password))
    db = open_database(target, SecretStore())
    try:
        ping(db)
    finally:
        db.dispose()
    return target.display


def _database_mode(url: str) -> str:
    """``postgresql``, ``sqlite`` or ``encrypted``; the database code loads only here (the
    desk starts without it)."""
    from voxprivacy.storage.database import parse_target

    return parse_target(url).mode


def _store_password(url: str, password: str) -> None:
    """Runs on the worker: keep the PostgreSQL password in the OS keyring only."""
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.storage.database import parse_target, pg_password_name

    target = parse_target(url)
    SecretStore().put(pg_password_name(target.url), password)


def _check_server(url: str, fingerprint: str) -> ServerAnswer:
    """Runs on the worker: what answers at ``url`` (see client/probe.py)."""
    from voxprivacy.client.probe import check_server

    return check_server(url, fingerprint or None)


def _checked_server(url: str, fingerprint: str) -> tuple[str, str]:
    """The address and the fingerprint as saved, or BadInput naming the field."""
    from voxprivacy.client.remote import check_server_url, normalise_fingerprint, show_fingerprint

    address = check_server_url(url)
    return address, show_fingerprint(normalise_fingerprint(fingerprint)) if fingerprint else ""


class SettingsDialog(QDialog):
    """Where the desk works (this computer, the head office server, or a trusted
    workstation's direct PostgreSQL), the idle lock time and the language."""

    def __init__(
        self, settings: DeskSettings, worker: DbWorker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = OperationRunner(worker)
        self.setWindowTitle(self.tr("Settings"))

        database = QGroupBox(self.tr("Database"))
        self.local_choice = QRadioButton(self.tr("This computer (encrypted local database)"))
        self.server_choice = QRadioButton(self.tr("Head office server"))
        self.shared_choice = QRadioButton(
            self.tr("PostgreSQL opened directly (trusted workstation only)")
        )
        choices = QButtonGroup(self)
        for choice in (self.local_choice, self.server_choice, self.shared_choice):
            choices.addButton(choice)

        self.server_url_edit = QLineEdit()
        self.server_url_edit.setObjectName("serverUrl")
        self.server_url_edit.setPlaceholderText(self.tr("https://privacy.example.org:8443"))
        self.server_url_edit.setAccessibleName(self.tr("Head office server address"))
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setObjectName("serverFingerprint")
        self.fingerprint_edit.setPlaceholderText(
            self.tr("only for a self-signed certificate: AB:CD:…")
        )
        self.fingerprint_edit.setAccessibleName(self.tr("Server certificate fingerprint"))
        self.check_button = QPushButton(self.tr("Check connection"))
        self.check_button.setObjectName("checkServer")
        self.check_result = QLabel()
        self.check_result.setObjectName("serverCheckResult")
        self.check_result.setWordWrap(True)
        server_form = QFormLayout()
        server_form.addRow(self.tr("Address"), self.server_url_edit)
        server_form.addRow(self.tr("SHA-256 fingerprint"), self.fingerprint_edit)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        server_form.addRow(check_row)
        server_hint = QLabel(
            self.tr(
                "The desk signs in through the server; this computer keeps no database "
                "password and no keys."
            )
        )
        server_hint.setProperty("role", "hint")
        server_hint.setWordWrap(True)
        server_form.addRow(server_hint)
        self._server_box = QWidget()
        self._server_box.setLayout(server_form)

        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("postgresql://user@host/dbname"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("kept in the system keyring"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        shared_form = QFormLayout()
        shared_form.addRow(self.tr("URL"), self.url_edit)
        shared_form.addRow(self.tr("Password"), self.password_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        shared_form.addRow(test_row)
        trusted_hint = QLabel(
            self.tr(
                "Unsafe: this computer then holds the database password and the master key, "
                "with which its user can bypass the second factor and the audit trail "
                "('voxprivacy-admin doctor' reports it). Use the head office server instead."
            )
        )
        trusted_hint.setProperty("role", "error")
        trusted_hint.setWordWrap(True)
        shared_form.addRow(trusted_hint)
        self._shared_box = QWidget()
        self._shared_box.setLayout(shared_form)
        applies = QLabel(self.tr("Database changes apply the next time the desk starts."))
        applies.setProperty("role", "hint")
        database_layout = QVBoxLayout(database)
        database_layout.addWidget(self.local_choice)
        database_layout.addWidget(self.server_choice)
        database_layout.addWidget(self._server_box)
        database_layout.addWidget(self.shared_choice)
        database_layout.addWidget(self._shared_box)
        database_layout.addWidget(applies)

        system_name = LANGUAGES.get(resolve_language(""), "English")
        security = QGroupBox(self.tr("Security"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(IDLE_LOCK_MINUTES.minimum or 1, IDLE_LOCK_MINUTES.maximum or 120)
        self.idle_minutes.setSuffix(self.tr(" min"))
        security_form = QFormLayout(security)
        security_form.addRow(IDLE_LOCK_MINUTES.translated_label(), self.idle_minutes)

        language_box = QGroupBox(self.tr("Language"))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(LANGUAGE.translated_label())
        self.language_combo.addItem(self.tr("As the system (%1)").replace("%1", system_name), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        language_hint = QLabel(self.tr("The language changes the next time the desk starts."))
        language_hint.setProperty("role", "hint")
        language_form = QFormLayout(language_box)
        language_form.addRow(LANGUAGE.translated_label(), self.language_combo)
        language_form.addRow(language_hint)

        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(database)
        layout.addWidget(security)
        layout.addWidget(language_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        url = settings.get(DATABASE_URL)
        server = settings.get(SERVER_URL)
        self.url_edit.setText(url)
        self.server_url_edit.setText(server)
        self.fingerprint_edit.setText(settings.get(SERVER_FINGERPRINT))
        chosen = self.server_choice if server else self.shared_choice if url else self.local_choice
        chosen.setChecked(True)
        self.idle_minutes.setValue(settings.get(IDLE_LOCK_MINUTES))
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(settings.get(LANGUAGE)))
        )
        choices.buttonToggled.connect(lambda *_: self._update_enabled())
        self.test_button.clicked.connect(self._test)
        self.check_button.clicked.connect(self._check)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self._shared_box.setVisible(self.shared_choice.isChecked())
        self._server_box.setEnabled(self.server_choice.isChecked())

    def _check(self) -> None:
        self.check_button.setEnabled(False)
        self._show_result(self.check_result, self.tr("Connecting…"), "hint")
        self._runner.call(
            _check_server, self.server_url_edit.text().strip(), self.fingerprint_edit.text()
        ).then(self._checked).failed(self._check_failed).run(owner=self, key="check")

    def _checked(self, answer: ServerAnswer) -> None:
        self.check_button.setEnabled(True)
        if answer.fingerprint:
            text = self.tr(
                "A voxprivacy server answers at {0}; its certificate matches {1}."
            ).format(answer.url, answer.fingerprint)
        else:
            text = self.tr(
                "A voxprivacy server answers at {0} (its certificate is trusted by this computer)."
            ).format(answer.url)
        self._show_result(self.check_result, text, "hint")

    def _check_failed(self, failure: Failure) -> None:
        self.check_button.setEnabled(True)
        self._show_result(self.check_result, failure.message, "error")

    def _show_result(self, label: QLabel, text: str, role: str) -> None:
        label.setProperty("role", role)
        label.setText(text)
        restyle(label)

    def _test(self) -> None:
        self.test_button.setEnabled(False)
        self._show_result(self.test_result, self.tr("Connecting…"), "hint")
        self._runner.call(
            _check_connection, self.url_edit.text().strip(), self.password_edit.text()
        ).then(self._tested).failed(self._test_failed).run(owner=self, key="test")

    def _tested(self, display: str) -> None:
        self.test_button.setEnabled(True)
        self._show_result(self.test_result, self.tr("Connected to {0}.").format(display), "hint")

    def _test_failed(self, failure: Failure) -> None:
        self.test_button.setEnabled(True)
        self._show_result(self.test_result, failure.message, "error")

    def _save(self) -> None:
        self._settings.set(LANGUAGE, str(self.language_combo.currentData() or ""))
        url = self.url_edit.text().strip() if self.shared_choice.isChecked() else ""
        server, fingerprint = "", ""
        try:
            if self.server_choice.isChecked():
                server, fingerprint = _checked_server(
                    self.server_url_edit.text(), self.fingerprint_edit.text()
                )
            elif self.shared_choice.isChecked() and _database_mode(url) != "postgresql":
                raise BadInput(
                    self.tr("Enter a PostgreSQL URL such as postgresql://user@host/dbname."),
                    "db",
                )
        except BadInput as exc:
            self._show_error(exc)
            return
        self._settings.set(IDLE_LOCK_MINUTES, self.idle_minutes.value())
        self._settings.set(SERVER_URL, server)
        self._settings.set(SERVER_FINGERPRINT, fingerprint)
        self._settings.set(DATABASE_URL, url)
        self._settings.set(TRUSTED_WORKSTATION, 1 if url else 0)
        password = self.password_edit.text()
        if url and password:
            self._save_button.setEnabled(False)
            self._runner.call(_store_password, url, password).then(lambda _: self.accept()).failed(
                self._save_failed
            ).run(owner=self)
        else:
            self.accept()

    def _save_failed(self, failure: Failure) -> None:
        self._save_button.setEnabled(True)
        self._show_error(failure.error)

    def _show_error(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
