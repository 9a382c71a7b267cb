"""Walk a window's Tab order with real key presses and judge it against reading order.

``tab_order_problems(top, controls)`` presses Tab from the first control in reading order
until focus comes back to it, then Shift+Tab the same way, and reports in plain sentences:

- a control shown, enabled and taking Tab that the cycle never reaches, or reaches twice;
- a control that keeps the Tab key (focus does not move on);
- a step that goes against reading order: top to bottom, and left to right within a row,
  by the controls' places on the screen (a few pixels of tolerance; columns side by side,
  such as a list beside its page, are read one after the other);
- in a dialog, a control after its default or accept button other than the buttons of the
  same button row;
- Shift+Tab not walking the same cycle backwards.

Reading order is found by cutting the controls' rectangles recursively (the "XY cut"):
first across, into bands no control straddles, top to bottom; then within a band down,
into columns, left to right; a set that cannot be cut is read by its rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

TOLERANCE = 4  # pixels a control may stick out of its row or column
LIMIT = 400  # Tab presses before a cycle counts as endless
SECTIONS = 4  # Tab presses a control may keep (a date's day, month, year) before it traps


def rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _spans(rects: Sequence[QRect], across: bool) -> list[tuple[int, int]]:
    """Each rectangle's extent on the cut's axis, shrunk by the tolerance."""
    out = []
    for r in rects:
        lo, hi = (r.top(), r.bottom()) if across else (r.left(), r.right())
        if hi - lo > 2 * TOLERANCE:
            lo, hi = lo + TOLERANCE, hi - TOLERANCE
        out.append((lo, hi))
    return out


def _cut(items: list[int], rects: Sequence[QRect], across: bool) -> list[list[int]]:
    """Split ``items`` where no rectangle straddles a line across (or down) the set."""
    spans = _spans([rects[i] for i in items], across)
    order = sorted(range(len(items)), key=lambda k: spans[k])
    groups: list[list[int]] = []
    end = None
    for k in order:
        lo, hi = spans[k]
        if end is None or lo > end:
            groups.append([])
            end = hi
        else:
            end = max(end, hi)
        groups[-1].append(items[k])
    return groups


def _xy_cut(rects: Sequence[QRect]) -> list[int]:
    """The indexes of ``rects`` in reading order."""

    def read(items: list[int], across: bool, failed: bool) -> list[int]:
        if len(items) <= 1:
            return items
        groups = _cut(items, rects, across)
        if len(groups) == 1:
            if failed:  # neither way cuts: read by rows, left to right
                return sorted(items, key=lambda i: (rects[i].center().y(), rects[i].left()))
            return read(items, not across, True)
        return [i for g in groups for i in read(g, not across, False)]

    return read(list(range(len(rects))), True, False)


def reading_order(widgets: Sequence[QWidget]) -> list[QWidget]:
    """``widgets`` in reading order: a panel (a widget holding several of them) is read
    whole, where it stands among its siblings; a control that holds others (a scroll
    area) comes before what it holds."""
    if not widgets:
        return []
    stops = list(widgets)
    top = stops[0].window()

    def child_of(container: QWidget, w: QWidget) -> QWidget:
        while w.parentWidget() is not None and w.parentWidget() is not container:
            w = w.parentWidget()
        return w

    def read(container: QWidget, inside: list[QWidget]) -> list[QWidget]:
        first = [w for w in inside if w is container]
        groups: dict[int, list[QWidget]] = {}
        heads: dict[int, QWidget] = {}
        for w in inside:
            if w is container:
                continue
            head = child_of(container, w)
            groups.setdefault(id(head), []).append(w)
            heads[id(head)] = head
        keys = list(groups)
        order = _xy_cut([rect(heads[k]) for k in keys])
        out = first
        for i in order:
            head, members = heads[keys[i]], groups[keys[i]]
            out += members if members == [head] else read(head, members)
        return out

    return read(top, stops)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton):
        text = widget.text() or widget.toolTip()
    elif isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    text = text or widget.accessibleName()
    return f"{type(widget).__name__} {widget.objectName() or ''} {text[:30]!r}".replace("  ", " ")


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


def _stop(widget: QWidget | None, owners: dict[int, QWidget]) -> QWidget | None:
    """The control that owns the focused widget (a spin box for its line edit)."""
    w = widget
    while w is not None:
        found = owners.get(shiboken6.getCppPointer(w)[0])
        if found is not None:
            return found
        w = w.parentWidget()
    return widget


def walk(top: QWidget, first: QWidget, owners: dict[int, QWidget], back: bool) -> list[QWidget]:
    """Press Tab (Shift+Tab when ``back``) from ``first`` until focus returns to it, keeps
    its place, or loops; the stops in order, ``first`` included (and the repeated stop at
    the end when the walk loops or stalls)."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    _settle()
    start = _stop(QApplication.focusWidget(), owners)
    stops = [start] if start is not None else []
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier
    stayed = 0
    for _ in range(LIMIT):
        focused = QApplication.focusWidget()
        if focused is None or (not top.isAncestorOf(focused) and focused is not top):
            break
        before = _stop(focused, owners)
        QTest.keyClick(focused, key, modifier)
        _settle()
        now = _stop(QApplication.focusWidget(), owners)
        if now is before and now is not None:
            # a date edit's Tab moves through its day, month and year first
            stayed += 1
            if stayed < SECTIONS:
                continue
            stops.append(now)
            break
        stayed = 0
        if now is None or now is start:
            break
        stops.append(now)
        if now in stops[:-1]:
            break
    return [s for s in stops if s is not None]


def _primary(top: QWidget) -> list[QWidget]:
    """A dialog's accept buttons; its default button when it has no button box (an
    auto-default button is the default only while it has focus)."""
    if not isinstance(top, QDialog):
        return []
    primary: list[QWidget] = []
    boxes = [b for b in top.findChildren(QDialogButtonBox) if b.window() is top]
    for box in boxes:
        for button in box.buttons():
            role = box.buttonRole(button)
            if role in (
                QDialogButtonBox.ButtonRole.AcceptRole,
                QDialogButtonBox.ButtonRole.YesRole,
            ):
                primary.append(button)
    if not boxes:
        primary += [b for b in top.findChildren(QPushButton) if b.isDefault()]
    return [b for b in primary if b.isVisible() and b.window() is top]


def tab_order_problems(name: str, top: QWidget, controls: Sequence[QWidget]) -> list[str]:
    """What is wrong with ``top``'s Tab order; ``controls`` are the controls a user sees
    there that take Tab."""
    if not controls:
        return []
    owners = {shiboken6.getCppPointer(w)[0]: w for w in controls}
    top.activateWindow()
    _settle()
    expected = reading_order(controls)
    primary = _primary(top)
    problems: list[str] = []
    forward = walk(top, expected[0], owners, back=False)
    if not forward or forward[0] is not expected[0]:
        return [f"{name}: {_name(expected[0])} does not take focus"]
    if len(forward) > 1 and forward[-1] in forward[:-1]:
        kind = "keeps the Tab key" if forward[-1] is forward[-2] else "Tab loops back to it"
        problems.append(f"{name}: {_name(forward[-1])} {kind}")
        forward = forward[:-1]
    order = reading_order(forward)
    at = forward.index(order[0])  # the cycle as a reader meets it: from the first stop read
    forward = forward[at:] + forward[:at]
    reached = set(map(id, forward))
    missed = [w for w in expected if id(w) not in reached]
    if missed:
        problems.append(f"{name}: Tab never reaches " + "; ".join(_name(w) for w in missed))
    if forward != order:
        problems.append(
            f"{name}: Tab goes "
            + " → ".join(_name(w) for w in forward)
            + "; reading order is "
            + " → ".join(_name(w) for w in order)
        )
    primary = [b for b in primary if b in forward]
    if primary:
        # only the buttons of the same row (a button box, a wizard's buttons) may follow
        at = min(forward.index(b) for b in primary)
        row = forward[at].parentWidget()
        after = [
            w
            for w in forward[at + 1 :]
            if not (isinstance(w, QAbstractButton) and w.parentWidget() is row)
        ]
        if after:
            problems.append(
                f"{name}: after {_name(forward[at])} Tab goes on to "
                + "; ".join(_name(w) for w in after)
            )
    backward = walk(top, forward[0], owners, back=True)
    if backward and backward[-1] in backward[:-1]:
        backward = backward[:-1]
    if backward != [forward[0], *reversed(forward[1:])]:
        problems.append(
            f"{name}: Shift+Tab goes "
            + " → ".join(_name(w) for w in backward)
            + ", not the Tab order backwards"
        )
    return problems
