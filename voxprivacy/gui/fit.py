"""Keeping a window on its screen: within the available area, and all of it visible."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


def fit_on_screen(dialog: QWidget, height: int | None = None) -> None:
    """Resize ``dialog`` to ``height`` (its current height when None) within its screen's
    available area, and move it so that all of it, title bar included, is on the screen."""
    screen = dialog.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = dialog.frameGeometry()
    extra_w = frame.width() - dialog.width()
    extra_h = frame.height() - dialog.height()
    size = QSize(dialog.width(), dialog.height() if height is None else height)
    size = size.boundedTo(QSize(area.width() - extra_w, area.height() - extra_h))
    size = size.expandedTo(dialog.minimumSize())
    if size != dialog.size():
        dialog.resize(size)
    frame = dialog.frameGeometry()
    left = max(area.left(), min(frame.left(), area.right() - frame.width() + 1))
    top = max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1))
    if (left, top) != (frame.left(), frame.top()):
        dialog.move(left, top)
