"""The desk's look: icons, the stylesheet and sizes that follow the font.

Resources are read through importlib.resources so the source tree, an
installed wheel and a frozen build behave alike. Sizes are expressed in
multiples of the font's line height, so 100 % to 200 % scaling keeps proportions.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

_RESOURCES = "voxprivacy.resources"


def resource_bytes(name: str) -> bytes:
    return (resources.files(_RESOURCES) / name).read_bytes()


def stylesheet() -> str:
    return resource_bytes("desk.qss").decode("utf-8")


ICON_INK = "#3b4a5a"  # the colour the monochrome icons are drawn in


@cache
def _svg(name: str) -> bytes:
    return resource_bytes(f"icons/{name}.svg")


def icon(name: str, color: str | None = None) -> QIcon:
    """An icon drawn from resources/icons/<name>.svg, crisp at any size; ``color``
    replaces the ink of the monochrome icons (for dark backgrounds)."""
    svg = _svg(name)
    if color is not None:
        svg = svg.replace(ICON_INK.encode(), color.encode())
    renderer = QSvgRenderer(QByteArray(svg))
    result = QIcon()
    for side in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    return icon("voxprivacy")


def line_height(widget: QWidget) -> int:
    """One line of the widget's font, in device-independent pixels."""
    return widget.fontMetrics().height()


def em(widget: QWidget, factor: float) -> int:
    """A length of ``factor`` lines of text, for sizes that scale with the font."""
    return round(line_height(widget) * factor)


def em_size(widget: QWidget, width: float, height: float) -> QSize:
    return QSize(em(widget, width), em(widget, height))
