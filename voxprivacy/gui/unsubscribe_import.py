"""Importing the mail system's newsletter unsubscribe list in the desk.

Pick the file; ``preview_unsubscribes`` says how many addresses would be withdrawn,
are off already and are not on file, and nothing is written until Apply, which runs
``import_unsubscribes`` as a ``session.write`` (second factor when needed). A file
with a line that is not an address is refused whole, with the lines named.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.errors import BadInput
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import error_label, heading, hint_label
from voxprivacy.services import consents
from voxprivacy.services.consents import UnsubscribeResult

__all__ = ["UnsubscribeImportDialog", "read_list"]


def read_list(path: Path) -> list[str]:
    """The file's lines (UTF-8, with or without a byte order mark); BadInput when it
    cannot be read, saying why."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}.", "file") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.", "file") from None
    except OSError as exc:
        raise BadInput(f"The file {path} cannot be read ({exc.strerror}).", "file") from None
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path.name} is not UTF-8 text (byte {exc.start + 1} is not); save it as UTF-8 "
            "and choose it again.",
            "file",
        ) from None


class UnsubscribeImportDialog(QDialog):
    """Choose a file, see what it would do, apply it; ``applied`` carries the result."""

    applied = Signal(object)  # UnsubscribeResult

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._lines: list[str] | None = None
        self.setObjectName("unsubscribeImport")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Import newsletter unsubscribes"))

        self.file_label = QLabel(self.tr("No file chosen."))
        self.file_label.setObjectName("unsubscribeFile")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.counts = QFormLayout()
        self.applied_label = QLabel("–")
        self.applied_label.setObjectName("countApplied")
        self.already_label = QLabel("–")
        self.already_label.setObjectName("countAlreadyOff")
        self.unknown_label = QLabel("–")
        self.unknown_label.setObjectName("countUnknown")
        self.counts.addRow(self.tr("Newsletter withdrawn"), self.applied_label)
        self.counts.addRow(self.tr("Already off"), self.already_label)
        self.counts.addRow(self.tr("Not on file"), self.unknown_label)

        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.error = error_label("dialogError")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton(
            self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyUnsubscribes")
        self.apply_button.setDefault(True)
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Newsletter unsubscribe list"), 1.2))
        layout.addWidget(
            hint_label(
                self.tr(
                    "The mail system's list of addresses that used the unsubscribe link: "
                    "a UTF-8 text file, one address a line. You see what it does before "
                    "anything is changed."
                )
            )
        )
        layout.addLayout(file_row)
        layout.addLayout(self.counts)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the unsubscribe list"),
            "",
            self.tr("Text files (*.txt *.csv);;All files (*)"),
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Read ``path`` and ask what importing it would do."""
        self._lines = None
        self.apply_button.setEnabled(False)
        self.error.hide()
        self.status.clear()
        for label in (self.applied_label, self.already_label, self.unknown_label):
            label.setText("–")
        self.file_label.setText(str(path))
        try:
            lines = read_list(path)
        except BadInput as exc:
            self._show_error(exc.message)
            return
        self.status.setText(self.tr("Checking the list…"))
        self._session.query(consents.preview_unsubscribes, lines).then(
            lambda result: self._previewed(lines, result)
        ).failed(self._failed).run(owner=self, key="preview")

    def _show_counts(self, result: UnsubscribeResult) -> None:
        self.applied_label.setText(str(result.applied))
        self.already_label.setText(str(result.already_off))
        self.unknown_label.setText(str(result.unknown))

    def _previewed(self, lines: list[str], result: UnsubscribeResult) -> None:
        self._show_counts(result)
        self._lines = lines
        if result.applied:
            self.status.setText(self.tr("Nothing is changed until you press Apply."))
            self.apply_button.setEnabled(True)
        else:
            self.status.setText(self.tr("Nothing to apply: no customer on the list gets it."))

    def apply(self) -> None:
        if not self._lines:
            return
        self.apply_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._session.write(consents.import_unsubscribes, self._lines).then(self._applied).failed(
            self._failed
        ).cancelled(self._cancelled).run(owner=self, parent=self)

    def _applied(self, result: UnsubscribeResult) -> None:
        self._lines = None
        self._show_counts(result)
        self.choose_button.setEnabled(True)
        self.status.setText(self.tr("Applied."))
        self.applied.emit(result)

    def _cancelled(self) -> None:
        self.choose_button.setEnabled(True)
        self.apply_button.setEnabled(self._lines is not None)
        self._show_error(self.tr("Not applied: it needs your second factor."))

    def _failed(self, failure: Failure) -> None:
        self.status.clear()
        self.choose_button.setEnabled(True)
        self.apply_button.setEnabled(False)
        self._lines = None
        self._show_error(failure.message)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
