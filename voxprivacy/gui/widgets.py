"""The desk's widget kit: the small pieces every screen builds with.

Colours live in resources/desk.qss: a widget here gets an object name or a dynamic property
(``role``, ``badge``, ``banner``) and the stylesheet says how it looks, so a screen never
carries a colour of its own. The one exception is :data:`INK`: item models answer
``Qt.ForegroundRole``/``BackgroundRole`` with colours, which a stylesheet cannot reach.

- :func:`tr` — translate a screen's text in its owner's context; :func:`role_label`;
- :func:`heading`, :func:`error_label`, :func:`hint_label`, :func:`badge`, :func:`banner`;
- :func:`restyle` — apply a changed dynamic property;
- :class:`ToggleSwitch` — an on/off switch whose track colours come from desk.qss;
- :class:`ActionDialog` — a dialog that stays open until the service accepted the action;
- :func:`rows_table` — a read-only list (from gui/tables.py);
- :func:`scrolling` — a frameless scroll area around a form.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui.messages import translate
from voxprivacy.gui.tables import rows_table

__all__ = [
    "INK",
    "ActionDialog",
    "ToggleSwitch",
    "badge",
    "banner",
    "captioned",
    "error_label",
    "heading",
    "hint_label",
    "restyle",
    "role_label",
    "rows_table",
    "scrolling",
    "translate",
]

# Colours for item models only (a stylesheet cannot colour a model's cells); keep them in
# step with the matching rules in desk.qss.
INK: dict[str, QColor] = {
    "error": QColor("#b3261e"),
    "warning": QColor("#8a6d00"),
    "muted": QColor("#6b7885"),
    "warningBackground": QColor("#fff4ce"),
    "warningText": QColor("#5c4600"),
    "urgentBackground": QColor("#fde7e9"),
    "urgentText": QColor("#9c1c14"),
}


ROLE_LABELS = {
    "agent": str(QT_TRANSLATE_NOOP("roles", "Agent")),
    "supervisor": str(QT_TRANSLATE_NOOP("roles", "Supervisor")),
    "finance": str(QT_TRANSLATE_NOOP("roles", "Finance")),
    "admin": str(QT_TRANSLATE_NOOP("roles", "Admin")),
}


def role_label(role: str) -> str:
    """A staff role as the desk names it ("Supervisor")."""
    return QCoreApplication.translate("roles", ROLE_LABELS.get(str(role), str(role)))


def restyle(widget: QWidget) -> None:
    """Apply the stylesheet again after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def heading(text: str, scale: float = 1.1) -> QLabel:
    """Bold text, ``scale`` times the font size."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def error_label(object_name: str = "actionError", *, selectable: bool = True) -> QLabel:
    """A hidden, word-wrapped label for a refusal; desk.qss colours ``role="error"``."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def hint_label(text: str) -> QLabel:
    """A quieter word-wrapped explanation (``role="hint"``)."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def badge(label: QLabel, kind: str) -> None:
    """Show ``label`` as a rounded badge in the colours desk.qss gives ``badge=kind``
    (a request status, an urgency, ``conflicts``); ``""`` makes it plain text again."""
    label.setProperty("badge", kind)
    restyle(label)


def banner(kind: str) -> QFrame:
    """A framed strip for a notice: ``warning``, ``error``, ``info``, ``success`` or ``muted``."""
    frame = QFrame()
    frame.setObjectName(f"{kind}Banner")
    frame.setProperty("banner", kind)
    return frame


def scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


class ToggleSwitch(QAbstractButton):
    """An on/off switch, sized from the font; desk.qss sets ``qproperty-trackOn`` and
    ``qproperty-trackOff`` (without a stylesheet it follows the palette)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._track_on = QColor()
        self._track_off = QColor()

    def _get_track_on(self) -> QColor:
        return self._track_on if self._track_on.isValid() else self.palette().highlight().color()

    def _set_track_on(self, color: QColor) -> None:
        self._track_on = QColor(color)
        self.update()

    def _get_track_off(self) -> QColor:
        return self._track_off if self._track_off.isValid() else self.palette().mid().color()

    def _set_track_off(self, color: QColor) -> None:
        self._track_off = QColor(color)
        self.update()

    trackOn = Property(QColor, _get_track_on, _set_track_on)
    trackOff = Property(QColor, _get_track_off, _set_track_off)

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().height() + 4
        return QSize(int(h * 1.9), h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 2
        on = self.isChecked()
        track = QColor(self._get_track_on() if on else self._get_track_off())
        if not self.isEnabled():
            track.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, radius, radius)
        knob = rect.height() - 4
        x = rect.right() - knob - 2 if on else rect.left() + 2
        painter.setBrush(self.palette().base().color())
        painter.drawEllipse(QRectF(x, rect.top() + 2, knob, knob))
        if self.hasFocus():
            painter.setPen(self.palette().highlight().color())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, radius, radius)
        painter.end()


class ActionDialog(QDialog):
    """A dialog that stays open until the service accepted it; a refusal appears inside.

    Subclasses add their fields above ``error`` and ``buttons``, override ``ready`` and
    emit nothing themselves: OK emits ``submitted``, the caller runs the write and calls
    ``failed`` (or accepts the dialog)."""

    submitted = Signal()

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(title)
        self.error = error_label("dialogError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def ready(self) -> bool:
        return True

    def _update(self) -> None:
        self.ok_button.setEnabled(self.ready())

    def _submit(self) -> None:
        if not self.ready():
            return
        self.error.hide()
        self.ok_button.setEnabled(False)
        self.submitted.emit()

    def failed(self, message: str | None) -> None:
        self._update()
        if message:
            self.error.setText(message)
            self.error.show()


def captioned(caption: QWidget, editor: QWidget) -> QWidget:
    """A filter: its caption above its field, kept together when a row of them wraps."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(caption)
    column.addWidget(editor)
    return box
