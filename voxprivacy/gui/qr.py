"""QR codes for authenticator enrollment, drawn from segno's module matrix.

segno computes the code; we paint its modules ourselves into a QImage with the
standard quiet zone of four modules, so no image plug-in or file round trip is
needed and the result stays crisp (whole pixels per module) at any size.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_matrix(uri: str) -> list[list[bool]]:
    """Rows of dark (True) and light modules for ``uri``, without the quiet zone."""
    code = segno.make(uri, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in code.matrix]


def qr_image(uri: str, size_px: int) -> QImage:
    """A square image of at most ``size_px`` pixels (at least one pixel per module)."""
    matrix = qr_matrix(uri)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = max(1, size_px // modules)
    side = max(size_px, modules * scale)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    offset = (side - modules * scale) // 2 + QUIET_ZONE * scale
    painter = QPainter(image)
    try:
        black = QColor(Qt.GlobalColor.black)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(offset + x * scale, offset + y * scale, scale, scale, black)
    finally:
        painter.end()
    return image


def qr_pixmap(uri: str, size_px: int) -> QPixmap:
    """The QR code of ``uri`` as a pixmap for a QLabel (needs a QGuiApplication)."""
    return QPixmap.fromImage(qr_image(uri, size_px))
