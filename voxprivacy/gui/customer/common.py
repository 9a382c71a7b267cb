"""What the customer tabs share: the words for stored codes, and a few small widgets.

Stored values are codes (``in_person``, ``pl``, ``PL``, ``+48126604358``); the desk
shows them as words a person reads: labels, language and country names, phone
numbers in international format. Names of languages and countries come from
Qt's own locale data (CLDR), so every code the validation accepts has a name
without a table to keep up to date.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QScrollArea, QWidget

from voxprivacy.domain import validation as v

ERROR_COLOR = "#b3261e"
_PHONE = re.compile(r"^\+\d{6,15}$")


def _tr(owner: Any, text: str) -> str:
    return str(owner.tr(text))


def purpose_label(owner: Any, purpose: str) -> str:
    return {
        "newsletter": _tr(owner, "Newsletter"),
        "product_updates": _tr(owner, "Product updates"),
        "third_party_disclosure": _tr(owner, "Disclosure to third parties"),
    }.get(purpose, purpose)


def source_label(owner: Any, source: str | None) -> str:
    return {
        "phone": _tr(owner, "Phone"),
        "email": _tr(owner, "Email"),
        "web": _tr(owner, "Web"),
        "letter": _tr(owner, "Letter"),
        "in_person": _tr(owner, "In person"),
        "unsubscribe_link": _tr(owner, "Unsubscribe link"),
        "signup": _tr(owner, "Sign-up"),
    }.get(source or "", source or "")


def channel_label(owner: Any, channel: str | None) -> str:
    return {
        "phone": _tr(owner, "Phone"),
        "email": _tr(owner, "Email"),
        "chat": _tr(owner, "Chat"),
        "letter": _tr(owner, "Letter"),
        "in_person": _tr(owner, "In person"),
        "web": _tr(owner, "Web"),
        "sms": _tr(owner, "SMS"),
        "post": _tr(owner, "Post"),
    }.get(channel or "", channel or "")


def invoice_status_label(owner: Any, status: str) -> str:
    return {
        "open": _tr(owner, "Open"),
        "paid": _tr(owner, "Paid"),
        "overdue": _tr(owner, "Overdue"),
        "void": _tr(owner, "Void"),
    }.get(status, status)


def language_name(tag: str) -> str:
    """``pl`` → Polish, ``fr-CH`` → French (Switzerland); an unknown tag is shown as it is."""
    if not tag:
        return ""
    parts = tag.replace("_", "-").split("-")
    language = QLocale.codeToLanguage(parts[0].lower())
    if language == QLocale.Language.AnyLanguage:
        return tag
    name = QLocale.languageToString(language)
    if len(parts) > 1:
        territory = QLocale.codeToTerritory(parts[1].upper())
        if territory != QLocale.Country.AnyTerritory:
            name = f"{name} ({QLocale.territoryToString(territory)})"
    return name


def country_name(code: str) -> str:
    """``PL`` → Poland; an unknown code is shown as it is."""
    if not code:
        return ""
    territory = QLocale.codeToTerritory(code.strip().upper())
    if territory == QLocale.Country.AnyTerritory:
        return code
    return QLocale.territoryToString(territory)


def shown_value(value: object) -> str:
    """A stored value as the desk shows it: phone numbers in international format."""
    text = str(value)
    return v.display_phone(text) if _PHONE.match(text) else text


def plain_message(name: str, message: str) -> str:
    """'email: not a valid address.' next to the email field reads 'Not a valid address.'"""
    prefix = f"{name}: "
    if message.startswith(prefix):
        rest = message[len(prefix) :]
        return rest[:1].upper() + rest[1:]
    return message


# --------------------------------------------------------------------------- small widgets


class ToggleSwitch(QAbstractButton):
    """An on/off switch; sized from the font so it scales with the desktop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().height() + 4
        return QSize(int(h * 1.9), h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 2
        on = self.isChecked()
        track = QColor("#2e7d32") if on else QColor("#9e9e9e")
        if not self.isEnabled():
            track.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, radius, radius)
        knob = rect.height() - 4
        x = rect.right() - knob - 2 if on else rect.left() + 2
        painter.setBrush(QColor("white"))
        painter.drawEllipse(QRectF(x, rect.top() + 2, knob, knob))
        if self.hasFocus():
            painter.setPen(self.palette().highlight().color())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, radius, radius)
        painter.end()


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    small = QFont(label.font())
    small.setPointSizeF(small.pointSizeF() * 0.9)
    label.setFont(small)
    label.hide()
    return label


def banner(kind: str) -> QFrame:
    colors = {
        "warning": ("#fff4ce", "#8a6d00"),
        "error": ("#fde7e9", ERROR_COLOR),
        "info": ("#e8f0fe", "#1a4fa0"),
        "success": ("#e6f4ea", "#1e6b34"),
        "muted": ("#eeeeee", "#555555"),
    }
    background, border = colors[kind]
    frame = QFrame()
    frame.setObjectName(f"{kind}Banner")
    frame.setStyleSheet(
        f"QFrame#{kind}Banner {{ background: {background}; "
        f"border: 1px solid {border}; border-radius: 4px; }}"
        f"QFrame#{kind}Banner QLabel {{ color: #202020; }}"
    )
    return frame


def scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label
