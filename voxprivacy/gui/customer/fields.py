"""The editable values of a customer record: one class per kind of editor, and the set of
fields a tab owns.

A field is read-only text until the page enters edit mode; its ``original`` is the value
the record had when it was shown, and a change is whatever differs from it. The names are
``edit_customer``'s field names (``customers.EDITABLE_FIELDS``); whether the signed-in
role may change one is the service's table, asked through ``customers.may_edit_field``.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import Role
from voxprivacy.gui.customer.common import country_name
from voxprivacy.gui.widgets import error_label, restyle, translate
from voxprivacy.services import customers


class Field(abc.ABC):
    """One editable value: its editor, the red message under it, and the value the record
    had when it was shown."""

    def __init__(
        self, name: str, label: str, editor: QWidget, editable: bool, edit_only: bool = False
    ) -> None:
        self.name = name
        self.label = label
        self.editor = editor
        self.editable = editable
        self.edit_only = edit_only
        self.original = ""
        self.form: QFormLayout | None = None  # the form holding the row (edit-only rows hide)
        self._description: str | None = None  # the editor's own, while no error is shown
        self.error = error_label("fieldError")
        small = QFont(self.error.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.error.setFont(small)
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self.error)

    @abc.abstractmethod
    def value(self) -> str: ...

    @abc.abstractmethod
    def set_value(self, value: str) -> None: ...

    @abc.abstractmethod
    def set_editing(self, on: bool) -> None: ...

    def load(self, value: str) -> None:
        self.original = value
        self.set_value(value)

    def changed(self) -> bool:
        return self.editable and self.value() != self.original

    def show_error(self, message: str | None) -> None:
        """The message under the field, in red; a screen reader hears it with the field
        (its accessible description), and the words say it was refused, not only the red."""
        if self._description is None:
            self._description = self.editor.accessibleDescription()
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.editor.setAccessibleDescription(
            translate("Field", "Not accepted: {message}").format(message=message)
            if message
            else self._description
        )


def show_as_text(widget: QWidget, as_text: bool) -> None:
    """Read-only values look like text, not like empty boxes: no base colour behind them
    (desk.qss says the same for the styled desk)."""
    palette = QPalette(widget.palette())
    base = QApplication.palette(widget).color(QPalette.ColorRole.Base)
    palette.setColor(
        QPalette.ColorRole.Base, QColor(Qt.GlobalColor.transparent) if as_text else base
    )
    widget.setPalette(palette)


class LineField(Field):
    """A one-line value. ``shown`` turns a stored code into what a reader sees while the
    field is read-only (``pl`` → Polish); while editing the code itself is typed."""

    def __init__(
        self,
        name: str,
        label: str,
        editable: bool,
        edit_only: bool = False,
        width_chars: int = 30,
        shown: Callable[[str], str] | None = None,
    ) -> None:
        self.line = QLineEdit()
        self.line.setObjectName(f"field:{name}")
        self.line.setAccessibleName(label)
        self.line.setMinimumWidth(self.line.fontMetrics().averageCharWidth() * width_chars)
        self._shown = shown
        self._stored = ""
        self._editing = False
        super().__init__(name, label, self.line, editable, edit_only)
        self.set_editing(False)

    def value(self) -> str:
        return self.line.text() if self._editing else self._stored

    def set_value(self, value: str) -> None:
        self._stored = value
        self._show()

    def _show(self) -> None:
        raw = self._stored
        text = raw if self._editing or self._shown is None else self._shown(raw)
        self.line.setText(text)
        self.line.setToolTip(raw if text != raw else "")
        self.line.setCursorPosition(0)

    def set_editing(self, on: bool) -> None:
        editing = on and self.editable
        if self._editing and not editing:
            self._stored = self.line.text()
        self._editing = editing
        self.line.setReadOnly(not editing)
        self.line.setFrame(editing)
        show_as_text(self.line, not editing)
        self.line.setPlaceholderText("" if editing else "—")
        self.line.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if editing else Qt.FocusPolicy.ClickFocus
        )
        self._show()


class TextField(Field):
    def __init__(self, name: str, label: str, editable: bool, lines: int = 3) -> None:
        self.text = QPlainTextEdit()
        self.text.setObjectName(f"field:{name}")
        self.text.setAccessibleName(label)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * lines + 12)
        super().__init__(name, label, self.text, editable)
        self.set_editing(False)

    def value(self) -> str:
        return self.text.toPlainText()

    def set_value(self, value: str) -> None:
        self.text.setPlainText(value)

    def set_editing(self, on: bool) -> None:
        editing = on and self.editable
        self.text.setReadOnly(not editing)
        self.text.setFrameShape(QFrame.Shape.StyledPanel if editing else QFrame.Shape.NoFrame)
        show_as_text(self.text, not editing)
        restyle(self.text)  # desk.qss selects on readOnly: apply it again
        self.text.setPlaceholderText("" if editing else "—")


class ChoiceField(Field):
    """A closed choice: a plain read-only text until Edit, a combo box while editing."""

    def __init__(
        self,
        name: str,
        label: str,
        editable: bool,
        choices: list[tuple[str, str]],
        edit_only: bool = False,
    ) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName(f"field:{name}")
        self.combo.setAccessibleName(label)
        for value, text in choices:
            self.combo.addItem(text, value)
        self.shown = QLineEdit()
        self.shown.setReadOnly(True)
        self.shown.setFrame(False)
        self.shown.setPlaceholderText("—")
        self.shown.setAccessibleName(label)
        show_as_text(self.shown, True)
        self.shown.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.shown)
        self.stack.addWidget(self.combo)
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        super().__init__(name, label, self.stack, editable, edit_only)
        self.set_editing(False)

    def value(self) -> str:
        data = self.combo.currentData()
        return str(data) if data is not None else ""

    def set_value(self, value: str) -> None:
        index = self.combo.findData(value)
        if index < 0 and value:
            self.combo.addItem(value, value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))
        self.shown.setText(self.combo.currentText() if value else "")

    def set_editing(self, on: bool) -> None:
        editing = on and self.editable
        self.stack.setCurrentIndex(1 if editing else 0)
        if not editing:
            self.shown.setText(self.combo.currentText() if self.value() else "")


class FlagField(Field):
    """A check box whose value is ``on_value`` when ticked (e.g. remove this address)."""

    def __init__(self, name: str, label: str, editable: bool, on_value: str) -> None:
        self.box = QCheckBox(label)
        self.box.setObjectName(f"field:{name}")
        self.on_value = on_value
        super().__init__(name, label, self.box, editable, edit_only=True)

    def value(self) -> str:
        return self.on_value if self.box.isChecked() else ""

    def set_value(self, value: str) -> None:
        self.box.setChecked(value == self.on_value)

    def set_editing(self, on: bool) -> None:
        self.box.setEnabled(on and self.editable)


class FieldSet:
    """The fields one tab owns, and the forms that lay them out."""

    def __init__(self, owner: QWidget, role: Role) -> None:
        self._owner = owner
        self._role = role
        self._fields: dict[str, Field] = {}
        self._absent: list[tuple[QLabel, QWidget]] = []  # "None on record" / empty parts

    def __iter__(self) -> Iterator[Field]:
        return iter(self._fields.values())

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def get(self, name: str) -> Field | None:
        return self._fields.get(name)

    def may_edit(self, name: str) -> bool:
        return customers.may_edit_field(self._role, name)

    def add(self, field: Field) -> Field:
        self._fields[field.name] = field
        return field

    def line(
        self,
        name: str,
        label: str,
        width: int = 30,
        edit_only: bool = False,
        shown: Callable[[str], str] | None = None,
    ) -> Field:
        return self.add(LineField(name, label, self.may_edit(name), edit_only, width, shown))

    def choice(
        self, name: str, label: str, choices: list[tuple[str, str]], edit_only: bool = False
    ) -> Field:
        return self.add(ChoiceField(name, label, self.may_edit(name), choices, edit_only))

    def form(self) -> QFormLayout:
        form = QFormLayout()
        spacing = self._owner.fontMetrics().lineSpacing()
        form.setHorizontalSpacing(spacing)
        form.setVerticalSpacing(max(2, spacing // 4))
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def add_row(self, form: QFormLayout, field: Field) -> None:
        label = QLabel("" if isinstance(field, FlagField) else field.label)
        label.setBuddy(field.editor)
        form.addRow(label, field.container)
        field.form = form

    def address_box(self, kind: str, exists: bool) -> QGroupBox:
        titles = {
            "private": translate("address_fields", "Private address"),
            "business": translate("address_fields", "Business address"),
            "billing": translate("address_fields", "Billing address"),
        }
        box = QGroupBox(titles.get(kind, kind))
        box.setObjectName(f"address:{kind}")
        parts_widget = QWidget()
        form = self.form()
        form.setContentsMargins(0, 0, 0, 0)
        parts_widget.setLayout(form)
        parts: dict[str, tuple[str, int, Callable[[str], str] | None]] = {
            "street": (translate("address_fields", "Street"), 28, None),
            "postal_code": (translate("address_fields", "Postal code"), 10, None),
            "city": (translate("address_fields", "City"), 20, None),
            "country": (translate("address_fields", "Country"), 4, country_name),
        }
        for part, (label, width, shown) in parts.items():
            self.add_row(form, self.line(f"address.{kind}.{part}", label, width, shown=shown))
        layout = QVBoxLayout(box)
        layout.addWidget(parts_widget)
        if exists:
            flag = FlagField(
                f"address.{kind}",
                translate("address_fields", "Remove this address"),
                self.may_edit(f"address.{kind}"),
                "remove",
            )
            self.add(flag)
            self.add_row(form, flag)
        else:
            # No address of this kind: say so, and offer the empty fields only while editing.
            none = QLabel(translate("address_fields", "None on record"))
            none.setEnabled(False)
            layout.addWidget(none)
            self._absent.append((none, parts_widget))
        return box

    def load(self, values: dict[str, str]) -> None:
        for field in self._fields.values():
            field.load(values.get(field.name, ""))
            field.show_error(None)

    def set_editing(self, on: bool) -> None:
        for field in self._fields.values():
            field.set_editing(on)
            if field.edit_only and field.form is not None:
                field.form.setRowVisible(field.container, on and field.editable)
        for none, parts_widget in self._absent:
            none.setVisible(not on)
            parts_widget.setVisible(on)
