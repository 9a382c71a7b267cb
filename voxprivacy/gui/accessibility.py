"""What a screen reader and the keyboard need from a form: each field named by its label.

A QFormLayout row whose field is a layout or a holder widget (the editor with its error
line under it) leaves the label without a buddy: a screen reader announces the editor
without a name and the label's mnemonic (Alt+N for "&Name") goes nowhere. ``label_fields``
gives each such row's first control the label's text as its accessible name (unless it
has one) and makes it the label's buddy.

Tab follows Qt's focus chain, which is the order widgets joined their window: a part built
later (a record's tabs, a dialog's fields for the product chosen) joins at the end, after
the buttons that should follow it. ``chain_tabs`` puts such a part's widgets after the one
they follow. (The chain is not walked from Python to relink it: it runs through Qt's own
parts, scroll bars and the like, whose wrappers can outlive them and crash the desk.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)


def plain_label(text: str) -> str:
    """A label's text as a name: no mnemonic ampersands, no trailing colon."""
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


def _controls(item: QLayoutItem | None) -> list[QWidget]:
    if item is None:
        return []
    widget = item.widget()
    if widget is not None:
        if isinstance(widget, INTERACTIVE):
            return [widget]
        return [w for w in widget.findChildren(QWidget) if isinstance(w, INTERACTIVE)]
    layout = item.layout()
    if isinstance(layout, QLayout):
        found: list[QWidget] = []
        for i in range(layout.count()):
            found += _controls(layout.itemAt(i))
        return found
    return []


def label_fields(top: QWidget) -> None:
    """Name every form row's first control after its label and make it the label's buddy."""
    for form in top.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = label_item.widget() if label_item is not None else None
            if not isinstance(label, QLabel) or not plain_label(label.text()):
                continue
            controls = _controls(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
            if not controls:
                continue
            first = controls[0]
            if not first.accessibleName():
                first.setAccessibleName(plain_label(label.text()))
            buddy = label.buddy()
            if buddy is None or not isinstance(buddy, INTERACTIVE):
                label.setBuddy(first)


def chain_tabs(widgets: Sequence[QWidget]) -> None:
    """Tab goes from each of ``widgets`` to the next."""
    for first, second in pairwise(widgets):
        if not second.isAncestorOf(first):
            QWidget.setTabOrder(first, second)
