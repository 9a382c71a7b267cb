"""The desk's settings: each declared once, stored with QSettings, edited in one dialog.

Only non-secret values live here (QSettings: organisation "voxprivacy",
application "desk"), with the main window's size, place and panels; the
PostgreSQL password goes to the OS keyring. Database changes apply on the next
start, because the running desk keeps its connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

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
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target, pg_password_name, ping

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

# "" follows the system's locale; otherwise "en", "fr" or "nl" (voxprivacy.i18n.LANGUAGES)
LANGUAGE: Setting[str] = Setting(
    "desk/language", "", str, str(QT_TRANSLATE_NOOP("settings", "Language of the desk"))
)

ALL_SETTINGS: tuple[Setting[int] | Setting[str], ...] = (IDLE_LOCK_MINUTES, DATABASE_URL, LANGUAGE)


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


def _store_password(url: str, password: str) -> None:
    """Runs on the worker: keep the PostgreSQL password in the OS keyring only."""
    target = parse_target(url)
    SecretStore().put(pg_password_name(target.url), password)


class SettingsDialog(QDialog):
    """Database (this computer or a shared PostgreSQL server), the idle lock time, the language."""

    def __init__(
        self, settings: DeskSettings, worker: DbWorker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = OperationRunner(worker)
        self.setWindowTitle(self.tr("Settings"))

        database = QGroupBox(self.tr("Database"))
        self.local_choice = QRadioButton(self.tr("This computer (encrypted local database)"))
        self.shared_choice = QRadioButton(self.tr("Shared PostgreSQL server"))
        choices = QButtonGroup(self)
        choices.addButton(self.local_choice)
        choices.addButton(self.shared_choice)
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
        self._shared_box = QWidget()
        self._shared_box.setLayout(shared_form)
        applies = QLabel(self.tr("Database changes apply the next time the desk starts."))
        applies.setProperty("role", "hint")
        database_layout = QVBoxLayout(database)
        database_layout.addWidget(self.local_choice)
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
        self.url_edit.setText(url)
        (self.shared_choice if url else self.local_choice).setChecked(True)
        self.idle_minutes.setValue(settings.get(IDLE_LOCK_MINUTES))
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(settings.get(LANGUAGE)))
        )
        self.shared_choice.toggled.connect(self._update_enabled)
        self.test_button.clicked.connect(self._test)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self._shared_box.setEnabled(self.shared_choice.isChecked())

    def _test(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setProperty("role", "hint")
        self.test_result.setText(self.tr("Connecting…"))
        restyle(self.test_result)
        self._runner.call(
            _check_connection, self.url_edit.text().strip(), self.password_edit.text()
        ).then(self._tested).failed(self._test_failed).run(owner=self, key="test")

    def _tested(self, display: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setProperty("role", "hint")
        self.test_result.setText(self.tr("Connected to {0}.").format(display))
        restyle(self.test_result)

    def _test_failed(self, failure: Failure) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setProperty("role", "error")
        self.test_result.setText(failure.message)
        restyle(self.test_result)

    def _save(self) -> None:
        self._settings.set(IDLE_LOCK_MINUTES, self.idle_minutes.value())
        self._settings.set(LANGUAGE, str(self.language_combo.currentData() or ""))
        url = self.url_edit.text().strip() if self.shared_choice.isChecked() else ""
        if url:
            try:
                if parse_target(url).mode != "postgresql":
                    raise BadInput(
                        self.tr("Enter a PostgreSQL URL such as postgresql://user@host/dbname."),
                        "db",
                    )
            except BadInput as exc:
                self._show_error(exc)
                return
        self._settings.set(DATABASE_URL, url)
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
