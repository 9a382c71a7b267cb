"""The words the desk shows when something goes wrong, and how it shows times and money.

Errors the user can act on carry their own sentence (VoxError.message); anything
unexpected becomes one calm sentence that names the exception type, never a
traceback, and says that the work on screen is kept.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QObject, Qt, QTime
from PySide6.QtWidgets import QMessageBox, QWidget

from voxprivacy import i18n
from voxprivacy.errors import VoxError


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate`` as a plain str; lupdate extracts ``translate("ctx", "text")``
    (a helper taking its owner's ``tr`` hides the string from extraction); ``n`` picks the
    plural form of a text with ``%n``."""
    return str(QCoreApplication.translate(context, text, disambiguation, n))


def error_text(exc: BaseException) -> str:
    """One plain sentence for any exception; VoxError subclasses speak for themselves."""
    if isinstance(exc, VoxError):
        return exc.message
    return translate(
        "messages",
        "Something went wrong ({kind}). The work on screen is kept; try again, and tell "
        "IT if it keeps happening.",
    ).format(kind=type(exc).__name__)


class Counts(QObject):
    """Counted words of the module-level helpers. pyside6-lupdate gives a text its plural
    forms only from ``self.tr("%n …", "", n)``, so they live here (context "Counts")."""

    def days(self, n: int) -> str:
        return str(self.tr("%n day(s)", "", n))

    def days_overdue(self, n: int) -> str:
        return str(self.tr("overdue by %n day(s)", "", n))

    def changes_waiting(self, n: int) -> str:
        return str(self.tr("%n change(s) waiting", "", n))

    def sync_conflicts(self, n: int) -> str:
        return str(self.tr("%n sync conflict(s)", "", n))


_COUNTS: list[Counts] = []


def counts() -> Counts:
    if not _COUNTS:
        _COUNTS.append(Counts())
    return _COUNTS[0]


_OPEN_BOXES: set[QMessageBox] = set()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A warning box with the error's sentence; it opens without blocking the caller."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("messages", "voxprivacy"),
        error_text(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if parent is None:
        # nothing else owns a parentless box: keep it alive until it is closed
        _OPEN_BOXES.add(box)
        box.finished.connect(lambda _result: _OPEN_BOXES.discard(box))
    box.open()
    return box


def _localised() -> bool:
    """English keeps the desk's ISO dates and 1,234.50 amounts; French and Dutch read
    them as their locale writes them (QLocale's default, set with the language)."""
    return i18n.language() != i18n.SOURCE_LANGUAGE


def local_time(at: datetime | None) -> str:
    """A timestamp in the workstation's time zone, to the minute."""
    if at is None:
        return ""
    local = at.astimezone()
    if _localised():
        moment = QDateTime(
            QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
        )
        return str(QLocale().toString(moment, "dd/MM/yyyy HH:mm"))
    return local.strftime("%Y-%m-%d %H:%M")


def local_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    if _localised():
        return str(QLocale().toString(QDate(day.year, day.month, day.day), "dd/MM/yyyy"))
    return day.isoformat()


def money(cents: int, currency: str) -> str:
    if _localised():
        return str(QLocale().toString(cents / 100, "f", 2)) + (f" {currency}" if currency else "")
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d} {currency}"
