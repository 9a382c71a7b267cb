"""A layout that places its items left to right and wraps onto a new line when the width
runs out, so a row of filters or buttons never makes its page wider than the screen.

Items keep their size hints; the layout's minimum width is that of its widest item,
and its height follows the width it is given (height-for-width), so a window narrow
enough to wrap grows the row downwards instead of sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    """Left-to-right items that wrap; ``stretch_last`` lets the last item of the layout
    take what is left of its line (a search box after its filters, for example)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = -1,
        line_spacing: int = -1,
        margins: QMargins | None = None,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(margins if margins is not None else QMargins(0, 0, 0, 0))

    # -- the item list ----------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # -- sizes --------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        margins = self.contentsMargins()
        width = 0
        height = 0
        visible = [item for item in self._items if not item.isEmpty()]
        for index, item in enumerate(visible):
            hint = item.sizeHint()
            width += hint.width() + (self._horizontal() if index else 0)
            height = max(height, hint.height())
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """The widest single item: anything wider wraps."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    # -- placing ------------------------------------------------------------------------------

    def _horizontal(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        return self._style_spacing(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)

    def _vertical(self) -> int:
        if self._line_spacing >= 0:
            return self._line_spacing
        return self._style_spacing(QStyle.PixelMetric.PM_LayoutVerticalSpacing)

    def _style_spacing(self, metric: QStyle.PixelMetric) -> int:
        parent = self.parentWidget()
        if parent is None:
            return 6
        value = parent.style().pixelMetric(metric, None, parent)
        return value if value >= 0 else 6

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        gap = self._horizontal()
        line_gap = self._vertical()
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().expandedTo(item.minimumSize())
            width = min(hint.width(), max(area.width(), 1))
            if lines[-1] and x + gap + width > area.width():
                lines.append([])
                x = 0
            x += (gap if lines[-1] else 0) + width
            lines[-1].append((item, QSize(width, hint.height())))
        y = area.y()
        for number, line in enumerate(lines):
            if not line:
                continue
            height = max(size.height() for _, size in line)
            if move:
                used = sum(size.width() for _, size in line) + gap * (len(line) - 1)
                spare = max(area.width() - used, 0)
                x = area.x()
                for index, (item, size) in enumerate(line):
                    width = size.width()
                    last = index == len(line) - 1
                    grows = bool(item.expandingDirections() & Qt.Orientation.Horizontal) or _grows(
                        item
                    )
                    if last and grows:
                        width += spare
                    top = y + (height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, size.height())))
                    x += width + gap
            y += height + (line_gap if number < len(lines) - 1 else 0)
        return y - area.y() + margins.top() + margins.bottom()


def _grows(item: QLayoutItem) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    policy = widget.sizePolicy().horizontalPolicy()
    return policy in (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
