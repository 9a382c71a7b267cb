"""One customer's record as the signed-in role may see it, and correcting it.

The page shows what ``show_customer`` returned and nothing else: a section the
service left out (None) gets no tab at all. Editing is read-only until Edit;
Save runs ``edit_customer`` through ``run_write`` (second factor when needed).
Whatever the service refuses - invalid fields, a stale record, a cancelled
code, a lost connection - the typed values stay on screen until the user
cancels or chooses the current values.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import (
    AddressKind,
    Channel,
    ConsentSource,
    CustomerKind,
    CustomerStatus,
    InteractionChannel,
)
from voxprivacy.domain.roles import Section
from voxprivacy.errors import BadInput, StaleEdit
from voxprivacy.gui.messages import error_text, local_date, local_time, money
from voxprivacy.gui.requests_view import CustomerRequestsTab
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import run_write
from voxprivacy.gui.tables import NUMBER_ALIGNMENT, RowsModel
from voxprivacy.services import consents, customers
from voxprivacy.services.customers import (
    AddressView,
    CardView,
    ConsentHistoryRow,
    ConsentView,
    CustomerView,
    EmailView,
    InteractionView,
    InvoiceView,
    PhoneView,
    ServiceView,
)

ADDRESS_PARTS = customers.ADDRESS_PARTS
ERROR_COLOR = "#b3261e"


# =========================================================================== item models


class InvoiceModel(RowsModel[InvoiceView]):
    NUMBER, ISSUED, DUE, AMOUNT, PAID, STATUS = range(6)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Invoice"),
            self.tr("Issued"),
            self.tr("Due"),
            self.tr("Amount"),
            self.tr("Paid"),
            self.tr("Status"),
        )

    def cell(self, row: InvoiceView, column: int) -> str:
        return [
            row.number,
            local_date(row.issued_on),
            local_date(row.due_on),
            money(row.amount_cents, row.currency),
            money(row.paid_cents, row.currency),
            invoice_status_label(self, row.status),
        ][column]

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column in (self.AMOUNT, self.PAID) else None


class ConsentHistoryModel(RowsModel[ConsentHistoryRow]):
    WHEN, PURPOSE, ACTION, SOURCE, EVIDENCE, STAFF = range(6)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Purpose"),
            self.tr("Decision"),
            self.tr("Source"),
            self.tr("Evidence"),
            self.tr("Recorded by"),
        )

    def cell(self, row: ConsentHistoryRow, column: int) -> str:
        return [
            local_time(row.expressed_at),
            purpose_label(self, row.purpose),
            self.tr("Granted") if row.action == "granted" else self.tr("Withdrawn"),
            source_label(self, row.source),
            row.evidence or "",
            row.staff or self.tr("system"),
        ][column]


class InteractionModel(RowsModel[InteractionView]):
    WHEN, CHANNEL, STAFF, SUMMARY = range(4)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Channel"), self.tr("Staff"), self.tr("Summary"))

    def cell(self, row: InteractionView, column: int) -> str:
        return [local_time(row.at), channel_label(self, row.channel), row.staff or "", row.summary][
            column
        ]


# =========================================================================== vocabulary


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


# =========================================================================== small widgets


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


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    small = QFont(label.font())
    small.setPointSizeF(small.pointSizeF() * 0.9)
    label.setFont(small)
    label.hide()
    return label


def _banner(kind: str) -> QFrame:
    colors = {
        "warning": ("#fff4ce", "#8a6d00"),
        "error": ("#fde7e9", ERROR_COLOR),
        "info": ("#e8f0fe", "#1a4fa0"),
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


def _table(model: QAbstractTableModel, stretch_column: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


# =========================================================================== editable fields


class _Field(abc.ABC):
    """One editable value on the page: its editor, the red message under it, and the value
    the record had when it was shown (changes are what differs from that)."""

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
        self.error = _error_label()
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
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


def _show_as_text(widget: QWidget, as_text: bool) -> None:
    """Read-only values look like text, not like empty boxes: no base colour behind them."""
    palette = QPalette(widget.palette())
    base = QApplication.palette(widget).color(QPalette.ColorRole.Base)
    palette.setColor(
        QPalette.ColorRole.Base, QColor(Qt.GlobalColor.transparent) if as_text else base
    )
    widget.setPalette(palette)


class _LineField(_Field):
    def __init__(
        self, name: str, label: str, editable: bool, edit_only: bool = False, width_chars: int = 30
    ) -> None:
        self.line = QLineEdit()
        self.line.setObjectName(f"field:{name}")
        self.line.setAccessibleName(label)
        self.line.setMinimumWidth(self.line.fontMetrics().averageCharWidth() * width_chars)
        super().__init__(name, label, self.line, editable, edit_only)
        self.set_editing(False)

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: str) -> None:
        self.line.setText(value)
        self.line.setCursorPosition(0)

    def set_editing(self, on: bool) -> None:
        editing = on and self.editable
        self.line.setReadOnly(not editing)
        self.line.setFrame(editing)
        _show_as_text(self.line, not editing)
        self.line.setPlaceholderText("" if editing else "—")
        self.line.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if editing else Qt.FocusPolicy.ClickFocus
        )


class _TextField(_Field):
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
        _show_as_text(self.text, not editing)
        self.text.setPlaceholderText("" if editing else "—")


class _ChoiceField(_Field):
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
        _show_as_text(self.shown, True)
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


class _FlagField(_Field):
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


# =========================================================================== dialogs


class ConsentChangeDialog(QDialog):
    """Asks how the customer expressed their decision; stays open until it is recorded."""

    submitted = Signal(str, str)  # source, evidence

    def __init__(self, purpose: str, granted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Record a consent decision"))
        name = purpose_label(self, purpose)
        text = (
            self.tr("The customer <b>grants</b> consent to: {purpose}.")
            if granted
            else self.tr("The customer <b>withdraws</b> consent to: {purpose}.")
        )
        intro = QLabel(text.format(purpose=name))
        intro.setWordWrap(True)
        self.source = QComboBox()
        self.source.setObjectName("consentSource")
        for src in ConsentSource:
            self.source.addItem(source_label(self, str(src)), str(src))
        self.source.setCurrentIndex(self.source.findData(str(ConsentSource.PHONE)))
        self.evidence = QLineEdit()
        self.evidence.setObjectName("consentEvidence")
        self.evidence.setPlaceholderText(self.tr("optional: call reference, letter date, …"))
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("How the customer said it"), self.source)
        form.addRow(self.tr("Evidence"), self.evidence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = buttons.addButton(
            self.tr("Record"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _submit(self) -> None:
        self.error.hide()
        self.record_button.setEnabled(False)
        self.submitted.emit(str(self.source.currentData()), self.evidence.text().strip())

    def failed(self, message: str | None) -> None:
        self.record_button.setEnabled(True)
        if message:
            self.error.setText(message)
            self.error.show()


# =========================================================================== the page


@dataclass
class _Draft:
    channel: str
    summary: str


def _plain_message(name: str, message: str) -> str:
    """'email: not a valid address.' next to the email field reads 'Not a valid address.'"""
    prefix = f"{name}: "
    if message.startswith(prefix):
        rest = message[len(prefix) :]
        return rest[:1].upper() + rest[1:]
    return message


def view_from_dict(data: Mapping[str, Any]) -> CustomerView:
    """Rebuild a CustomerView from ``CustomerView.to_dict()`` (StaleEdit.current), which
    leaves out every field that was None."""
    d: dict[str, Any] = {f.name: data.get(f.name) for f in fields(CustomerView)}
    d["balance_cents"] = dict(data.get("balance_cents") or {})
    nested: dict[str, type] = {
        "addresses": AddressView,
        "phones": PhoneView,
        "emails": EmailView,
        "services": ServiceView,
        "consents": ConsentView,
        "consent_history": ConsentHistoryRow,
        "interactions": InteractionView,
        "cards": CardView,
        "invoices": InvoiceView,
    }
    for key, cls in nested.items():
        if d.get(key) is not None:
            d[key] = [cls(**item) for item in d[key]]
    if d.get("billing_address") is not None:
        d["billing_address"] = AddressView(**d["billing_address"])
    return CustomerView(**d)


def field_values(view: CustomerView) -> dict[str, str]:
    """The editable fields' values in ``view``, keyed by edit_customer's field names."""
    values = {"name": view.name, "company": view.company or "", "kind": view.kind}
    if view.emails is not None:
        primary = next((e for e in view.emails if e.primary), None)
        values["email"] = primary.address if primary else ""
        values["emails.add"] = values["emails.remove"] = ""
    if view.phones is not None:
        phone = next((p for p in view.phones if p.primary), None)
        values["phone"] = phone.display if phone else ""
        values["phones.add"] = values["phones.remove"] = ""
    if Section.CONTACT in view.sections:
        values["preferred_channel"] = view.preferred_channel or ""
        values["language"] = view.language or ""
        values["note"] = view.note or ""
    addresses: dict[str, AddressView] = {a.kind: a for a in view.addresses or []}
    kinds = [str(k) for k in AddressKind] if view.addresses is not None else []
    if view.billing_address is not None:
        addresses[view.billing_address.kind] = view.billing_address
    if Section.BILLING_ADDRESS in view.sections and "billing" not in kinds:
        kinds.append("billing")
    for kind in kinds:
        found = addresses.get(kind)
        values[f"address.{kind}"] = ""
        for part in ADDRESS_PARTS:
            values[f"address.{kind}.{part}"] = str(getattr(found, part)) if found else ""
    return values


class CustomerPage(QWidget):
    """The record of one customer: header, one tab per visible section, editing."""

    back_requested = Signal()
    saved = Signal(object)  # the CustomerView after a successful save

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view: CustomerView | None = None
        self._ref: str | None = None
        self._request = 0
        self._editing = False
        self._saving = False
        self._expected_version: int | None = None
        self._fields: dict[str, _Field] = {}
        self._absent: list[tuple[QLabel, QWidget]] = []
        self._stale: CustomerView | None = None
        self._consent_switches: dict[str, ToggleSwitch] = {}
        self._consent_states: dict[str, QLabel] = {}
        self._consent_rows: list[ConsentView] = []
        self._summary: QPlainTextEdit | None = None
        self._channel: QComboBox | None = None
        self._add_error: QLabel | None = None
        self._add_button: QPushButton | None = None
        self._older_button: QPushButton | None = None
        self._count_label: QLabel | None = None
        self.invoice_model = InvoiceModel(self)
        self.history_model = ConsentHistoryModel(self)
        self.interaction_model = InteractionModel(self)
        self.requests_tab: CustomerRequestsTab | None = None
        self._reload_when_shown = False
        self._build()
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self._escape,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self._save_shortcut,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    # -- skeleton ---------------------------------------------------------------------------

    def _build(self) -> None:
        spacing = self.fontMetrics().lineSpacing()
        outer = QVBoxLayout(self)
        outer.setSpacing(spacing // 2)

        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.back_button.clicked.connect(self._escape)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(spacing)

        titles = QVBoxLayout()
        titles.setSpacing(2)
        name_row = QHBoxLayout()
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.name_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.name_label.setFont(big)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        name_row.addWidget(self.name_label)
        name_row.addSpacing(spacing // 2)
        name_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("customerSubtitle")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        titles.addLayout(name_row)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)

        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Correct this record"))
        self.edit_button.clicked.connect(self.start_editing)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_editing)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the changes (asks for your code when needed)"))
        self.save_button.clicked.connect(self.save)
        for button in (self.edit_button, self.cancel_button, self.save_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        self.status_banner = _banner("muted")
        self.status_text = QLabel()
        self.status_text.setWordWrap(True)
        QVBoxLayout(self.status_banner).addWidget(self.status_text)
        outer.addWidget(self.status_banner)

        self.stale_banner = _banner("warning")
        self.stale_text = QLabel()
        self.stale_text.setObjectName("staleText")
        self.stale_text.setWordWrap(True)
        self.use_current_button = QPushButton(self.tr("Use current values"))
        self.use_current_button.clicked.connect(self.use_current_values)
        self.keep_mine_button = QPushButton(self.tr("Keep my changes"))
        self.keep_mine_button.setToolTip(
            self.tr("Keep what you typed and save it over the other change")
        )
        self.keep_mine_button.clicked.connect(self.keep_my_changes)
        stale_layout = QHBoxLayout(self.stale_banner)
        stale_layout.addWidget(self.stale_text, 1)
        stale_layout.addWidget(self.use_current_button)
        stale_layout.addWidget(self.keep_mine_button)
        outer.addWidget(self.stale_banner)

        self.error_banner = _banner("error")
        self.error_text = QLabel()
        self.error_text.setObjectName("pageError")
        self.error_text.setWordWrap(True)
        QVBoxLayout(self.error_banner).addWidget(self.error_text)
        outer.addWidget(self.error_banner)

        self.stack = QStackedWidget()
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.tabs)
        outer.addWidget(self.stack, 1)
        self._clear()

    def _clear(self) -> None:
        self.name_label.setText("")
        self.subtitle.setText("")
        self.status_badge.hide()
        for widget in (
            self.status_banner,
            self.stale_banner,
            self.error_banner,
            self.edit_button,
            self.cancel_button,
            self.save_button,
        ):
            widget.hide()

    # -- loading ----------------------------------------------------------------------------

    @property
    def view(self) -> CustomerView | None:
        return self._view

    @property
    def is_editing(self) -> bool:
        return self._editing

    def open_customer(self, ref: str) -> None:
        """Show the customer with this account number or id (loaded on the worker)."""
        self._request += 1
        request = self._request
        self._ref = ref
        self._reload_when_shown = False
        self._editing = False
        self._view = None
        self._clear()
        self.message.setText(self.tr("Opening the customer…"))
        self.stack.setCurrentWidget(self.message)
        s = self._session
        s.worker.submit(
            customers.show_customer,
            s.ctx,
            s.actor,
            ref,
            on_done=lambda view: self._loaded(request, view),
            on_error=lambda exc: self._load_failed(request, exc),
        )

    def reload(self) -> None:
        """Show the open record as it is now, after changes made elsewhere (a branch office's
        synchronisation). Editing, saving and open dialogs are left alone; a record that is
        not on screen is loaded again when it is shown."""
        if self._view is None:
            return
        if not self.isVisible():
            self._reload_when_shown = True
            return
        if self._editing or self._saving or QApplication.activeModalWidget() is not None:
            return
        self._reload_when_shown = False
        self._request += 1
        request = self._request
        s = self._session
        s.worker.submit(
            customers.show_customer,
            s.ctx,
            s.actor,
            self._view.id,
            on_done=lambda view: self._reloaded(request, view),
            # the record on screen stays; the status bar reports a database that stopped
            # answering, and the next change from elsewhere loads it again
            on_error=lambda _exc: None,
        )

    def _reloaded(self, request: int, view: CustomerView) -> None:
        if request != self._request or not shiboken6.isValid(self):
            return
        if self._editing or self._saving:
            return  # a save notices the newer record itself
        self._show_view(view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._reload_when_shown:
            self.reload()

    def _loaded(self, request: int, view: CustomerView) -> None:
        if request != self._request or not shiboken6.isValid(self):
            return
        self._show_view(view)

    def _load_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request or not shiboken6.isValid(self):
            return
        self.message.setText(
            self.tr("The customer could not be opened.\n{reason}").format(reason=error_text(exc))
        )
        self.stack.setCurrentWidget(self.message)

    def _show_view(self, view: CustomerView) -> None:
        draft = self._draft()
        current_tab = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        self._view = view
        self._ref = view.id
        self._expected_version = view.version
        self._stale = None
        self._editing = False
        self._saving = False
        self._show_header(view)
        self._rebuild_tabs(view)
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == current_tab:
                self.tabs.setCurrentIndex(i)
        if draft is not None:
            self._restore_draft(draft)
        self.stale_banner.hide()
        self.error_banner.hide()
        self._update_buttons()
        self.stack.setCurrentWidget(self.tabs if self.tabs.count() else self.message)

    def _show_header(self, view: CustomerView) -> None:
        erased = view.status == CustomerStatus.ERASED
        self.name_label.setText(self.tr("Erased customer") if erased else view.name)
        kind = (
            self.tr("Business customer")
            if view.kind == CustomerKind.BUSINESS
            else self.tr("Private customer")
        )
        parts = [p for p in (None if erased else view.company, view.account_number, kind) if p]
        self.subtitle.setText("  ·  ".join(parts))
        status = {
            "active": self.tr("Active"),
            "terminated": self.tr("Terminated"),
            "erased": self.tr("Erased"),
        }.get(view.status, view.status)
        colors = {
            "active": ("#e6f4ea", "#1e6b34"),
            "terminated": ("#fff4ce", "#7a5d00"),
            "erased": ("#e0e0e0", "#424242"),
        }
        background, foreground = colors.get(view.status, ("#e0e0e0", "#424242"))
        pad = max(2, self.fontMetrics().height() // 6)
        self.status_badge.setText(status)
        self.status_badge.setProperty("status", view.status)
        self.status_badge.setStyleSheet(
            f"QLabel#statusBadge {{ background: {background}; color: {foreground}; "
            f"border-radius: {pad * 2}px; padding: {pad}px {pad * 3}px; font-weight: bold; }}"
        )
        self.status_badge.show()
        if erased:
            self.status_text.setText(
                self.tr(
                    "This customer's personal data was erased. Only the account number and the "
                    "dates remain: customer since {created}, relationship ended {ended}."
                ).format(
                    created=local_date(view.created_at),
                    ended=local_date(view.terminated_at) or self.tr("(unknown)"),
                )
            )
            self.status_banner.show()
        elif view.status == CustomerStatus.TERMINATED:
            self.status_text.setText(
                self.tr(
                    "This account was terminated on {ended}. Its services have ended; the record "
                    "and its consents are kept, and nothing is disclosed to third parties without "
                    "the customer's consent."
                ).format(ended=local_date(view.terminated_at))
            )
            self.status_banner.show()
        else:
            self.status_banner.hide()

    # -- tabs -------------------------------------------------------------------------------

    def _rebuild_tabs(self, view: CustomerView) -> None:
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None:
                page.deleteLater()
        self._fields = {}
        self._absent = []
        self._consent_switches = {}
        self._consent_states = {}
        self._summary = self._channel = None
        self._add_error = self._add_button = self._older_button = None
        self._count_label = None
        self.requests_tab = None
        if view.status == CustomerStatus.ERASED:
            self.message.setText(self.tr("Nothing else is kept about this customer."))
            return
        sections = set(view.sections)
        if view.emails is not None or Section.IDENTITY in sections:
            self.tabs.addTab(self._contact_tab(view), self.tr("Identity && contact"))
        if view.services is not None:
            self.tabs.addTab(_scrolling(self._services_tab(view.services)), self.tr("Services"))
        if view.cards is not None or view.invoices is not None:
            self.tabs.addTab(self._billing_tab(view), self.tr("Billing"))
        if view.consents is not None:
            self.tabs.addTab(self._consents_tab(view), self.tr("Consents"))
        if view.interactions is not None:
            self.tabs.addTab(self._interactions_tab(view), self.tr("Interactions"))
        if Section.REQUESTS in sections:
            self.requests_tab = CustomerRequestsTab(
                self._session, view.id, f"{view.account_number} · {view.name}"
            )
            self.requests_tab.record_changed.connect(self._reload_after_request)
            self.tabs.addTab(self.requests_tab, self.tr("Privacy requests"))
        values = field_values(view)
        for name, field in self._fields.items():
            field.load(values.get(name, ""))
            field.show_error(None)
        self._apply_editing()

    def _reload_after_request(self) -> None:
        """A completed rectification or erasure changed the record: show it as it is now."""
        if self._view is not None and not self._editing:
            self.open_customer(self._view.id)

    def may_edit_field(self, name: str) -> bool:
        # The table of who may change which field lives in the service; ask it.
        return customers.may_edit_field(self._session.actor.role, name)

    def _line(self, name: str, label: str, width: int = 30, edit_only: bool = False) -> _Field:
        field = _LineField(name, label, self.may_edit_field(name), edit_only, width)
        self._fields[name] = field
        return field

    def _choice(
        self, name: str, label: str, choices: list[tuple[str, str]], edit_only: bool = False
    ) -> _Field:
        field = _ChoiceField(name, label, self.may_edit_field(name), choices, edit_only)
        self._fields[name] = field
        return field

    def _add_row(self, form: QFormLayout, field: _Field) -> None:
        label = QLabel("" if isinstance(field, _FlagField) else field.label)
        label.setBuddy(field.editor)
        form.addRow(label, field.container)
        field.form = form

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        spacing = self.fontMetrics().lineSpacing()
        form.setHorizontalSpacing(spacing)
        form.setVerticalSpacing(max(2, spacing // 4))
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _contact_tab(self, view: CustomerView) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        grid.setHorizontalSpacing(spacing * 2)
        grid.setVerticalSpacing(spacing)

        left = QVBoxLayout()
        form = self._form()
        form.addRow(_heading(self.tr("Identity")))
        self._add_row(form, self._line("name", self.tr("Name")))
        self._add_row(form, self._line("company", self.tr("Company")))
        self._add_row(
            form,
            self._choice(
                "kind",
                self.tr("Kind"),
                [
                    (str(CustomerKind.PRIVATE), self.tr("Private customer")),
                    (str(CustomerKind.BUSINESS), self.tr("Business customer")),
                ],
            ),
        )
        since = QLabel(local_date(view.created_at))
        form.addRow(self.tr("Customer since"), since)

        if Section.CONTACT in view.sections:
            form.addItem(QSpacerItem(0, spacing // 2))
            form.addRow(_heading(self.tr("Contact")))
            self._add_row(form, self._line("email", self.tr("Email (primary)")))
            others = [e.address for e in view.emails or [] if not e.primary]
            if others:
                form.addRow(self.tr("Other emails"), self._list_label(others))
            self._add_row(form, self._line("emails.add", self.tr("Add an email"), edit_only=True))
            if others:
                self._add_row(
                    form,
                    self._choice(
                        "emails.remove",
                        self.tr("Remove an email"),
                        [("", self.tr("(keep all)"))] + [(e, e) for e in others],
                        edit_only=True,
                    ),
                )
            self._add_row(form, self._line("phone", self.tr("Phone (primary)")))
            other_phones = [p for p in view.phones or [] if not p.primary]
            if other_phones:
                form.addRow(
                    self.tr("Other phones"),
                    self._list_label([f"{p.display} ({p.kind})" for p in other_phones]),
                )
            self._add_row(form, self._line("phones.add", self.tr("Add a phone"), edit_only=True))
            if other_phones:
                self._add_row(
                    form,
                    self._choice(
                        "phones.remove",
                        self.tr("Remove a phone"),
                        [("", self.tr("(keep all)"))] + [(p.e164, p.display) for p in other_phones],
                        edit_only=True,
                    ),
                )
            self._add_row(
                form,
                self._choice(
                    "preferred_channel",
                    self.tr("Preferred channel"),
                    [(str(c), channel_label(self, str(c))) for c in Channel],
                ),
            )
            self._add_row(form, self._line("language", self.tr("Language"), width=8))
            note = _TextField("note", self.tr("Note"), self.may_edit_field("note"))
            self._fields["note"] = note
            self._add_row(form, note)
        left.addLayout(form)
        left.addStretch(1)
        grid.addLayout(left, 0, 0)

        if view.addresses is not None:
            right = QVBoxLayout()
            right.addWidget(_heading(self.tr("Addresses")))
            existing = {a.kind for a in view.addresses}
            for kind in AddressKind:
                right.addWidget(self._address_box(str(kind), str(kind) in existing))
            right.addStretch(1)
            grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return _scrolling(page)

    def _list_label(self, items: list[str]) -> QLabel:
        label = QLabel("\n".join(items))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _address_box(self, kind: str, exists: bool) -> QGroupBox:
        titles = {
            "private": self.tr("Private address"),
            "business": self.tr("Business address"),
            "billing": self.tr("Billing address"),
        }
        box = QGroupBox(titles.get(kind, kind))
        box.setObjectName(f"address:{kind}")
        parts_widget = QWidget()
        form = self._form()
        form.setContentsMargins(0, 0, 0, 0)
        parts_widget.setLayout(form)
        parts = {
            "street": (self.tr("Street"), 28),
            "postal_code": (self.tr("Postal code"), 10),
            "city": (self.tr("City"), 20),
            "country": (self.tr("Country"), 4),
        }
        for part, (label, width) in parts.items():
            self._add_row(form, self._line(f"address.{kind}.{part}", label, width))
        layout = QVBoxLayout(box)
        layout.addWidget(parts_widget)
        if exists:
            flag = _FlagField(
                f"address.{kind}",
                self.tr("Remove this address"),
                self.may_edit_field(f"address.{kind}"),
                "remove",
            )
            self._fields[flag.name] = flag
            self._add_row(form, flag)
        else:
            # No address of this kind: say so, and offer the empty fields only while editing.
            none = QLabel(self.tr("None on record"))
            none.setEnabled(False)
            layout.addWidget(none)
            self._absent.append((none, parts_widget))
        return box

    def _services_tab(self, services: list[ServiceView]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        if not services:
            layout.addWidget(QLabel(self.tr("This customer has no services.")))
        status = {
            "active": self.tr("Active"),
            "suspended": self.tr("Suspended"),
            "ended": self.tr("Ended"),
        }
        for service in services:
            box = QGroupBox(f"{service.label} — {service.identifier}")
            form = self._form()
            form.addRow(self.tr("Status"), QLabel(status.get(service.status, service.status)))
            form.addRow(self.tr("Since"), QLabel(local_date(service.started_at)))
            for key, value in sorted(service.attributes.items()):
                shown = QLabel(str(value))
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(key.replace("_", " ").capitalize(), shown)
            needs = QLabel(", ".join(service.requires) or self.tr("nothing from the record"))
            needs.setWordWrap(True)
            needs.setToolTip(self.tr("Removing any of these from the record stops the service"))
            form.addRow(self.tr("Needs"), needs)
            box.setLayout(form)
            layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _billing_tab(self, view: CustomerView) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        top = QHBoxLayout()
        top.setSpacing(spacing * 2)
        cards = QVBoxLayout()
        form = self._form()
        form.addRow(_heading(self.tr("Payment")))
        for card in view.cards or []:
            line = QLabel(
                self.tr("{brand}  •••• {last4}   expires {expiry}").format(
                    brand=card.brand, last4=card.last4, expiry=card.expiry
                )
            )
            line.setObjectName("cardLine")
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.tr("Card on file"), line)
        if not view.cards:
            form.addRow(self.tr("Card on file"), QLabel(self.tr("None")))
        balance = ", ".join(
            money(c, cur) for cur, c in sorted(view.balance_cents.items()) if c
        ) or self.tr("Nothing open")
        self.balance_label = QLabel(balance)
        self.balance_label.setObjectName("balance")
        if any(c > 0 for c in view.balance_cents.values()):
            bold = QFont(self.balance_label.font())
            bold.setBold(True)
            self.balance_label.setFont(bold)
        form.addRow(self.tr("Open balance"), self.balance_label)
        cards.addLayout(form)
        cards.addStretch(1)
        top.addLayout(cards, 1)
        if Section.BILLING_ADDRESS in view.sections:
            top.addWidget(self._address_box("billing", view.billing_address is not None), 1)
        layout.addLayout(top)
        layout.addSpacing(spacing // 2)
        layout.addWidget(_heading(self.tr("Invoices")))
        self.invoice_model.set_rows(view.invoices or [])
        self.invoice_table = _table(self.invoice_model)
        self.invoice_table.setObjectName("invoices")
        layout.addWidget(self.invoice_table, 1)
        return page

    def _consents_tab(self, view: CustomerView) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        grid = QGridLayout()
        grid.setHorizontalSpacing(spacing)
        grid.setVerticalSpacing(spacing // 2)
        blurbs = {
            "newsletter": self.tr("The newsletter by email"),
            "product_updates": self.tr("News about features, coverage and other products"),
            "third_party_disclosure": self.tr("Passing personal data to a third party"),
        }
        for row, consent in enumerate(view.consents or []):
            switch = ToggleSwitch()
            switch.setObjectName(f"consent:{consent.purpose}")
            switch.setAccessibleName(purpose_label(self, consent.purpose))
            switch.clicked.connect(
                lambda checked, p=consent.purpose: self._consent_clicked(p, checked)
            )
            title = QLabel(
                f"<b>{purpose_label(self, consent.purpose)}</b>"
                f"<span style='color: palette(placeholder-text)'> — "
                f"{blurbs.get(consent.purpose, '')}</span>"
            )
            title.setBuddy(switch)
            state = QLabel()
            state.setObjectName(f"consentState:{consent.purpose}")
            self._consent_switches[consent.purpose] = switch
            self._consent_states[consent.purpose] = state
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(title)
            texts.addWidget(state)
            grid.addWidget(switch, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addLayout(texts, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self._show_consents(view.consents or [])
        layout.addSpacing(spacing)
        layout.addWidget(_heading(self.tr("History")))
        self.history_model.set_rows(view.consent_history or [])
        self.history_table = _table(self.history_model, ConsentHistoryModel.EVIDENCE)
        self.history_table.setObjectName("consentHistory")
        layout.addWidget(self.history_table, 1)
        return page

    def _show_consents(self, states: list[ConsentView]) -> None:
        self._consent_rows = list(states)
        for consent in states:
            switch = self._consent_switches.get(consent.purpose)
            label = self._consent_states.get(consent.purpose)
            if switch is None or label is None:
                continue
            switch.setChecked(consent.granted)
            if consent.since is None:
                text, color = self.tr("Off: the customer was never asked"), "#555555"
            elif consent.granted:
                text, color = self.tr("On: granted {when} via {source}"), "#1e6b34"
            else:
                text, color = self.tr("Off: withdrawn {when} via {source}"), "#555555"
            label.setText(
                text.format(
                    when=local_time(consent.since), source=source_label(self, consent.source)
                )
            )
            label.setStyleSheet(f"color: {color};")

    def _interactions_tab(self, view: CustomerView) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        add_box = QGroupBox(self.tr("Add an interaction"))
        add = QGridLayout(add_box)
        self._channel = QComboBox()
        self._channel.setObjectName("interactionChannel")
        for c in InteractionChannel:
            self._channel.addItem(channel_label(self, str(c)), str(c))
        self._summary = QPlainTextEdit()
        self._summary.setObjectName("interactionSummary")
        self._summary.setPlaceholderText(self.tr("What was asked, what was done…"))
        self._summary.setTabChangesFocus(True)
        self._summary.setFixedHeight(self._summary.fontMetrics().lineSpacing() * 3 + 12)
        self._add_button = QPushButton(self.tr("Add interaction"))
        self._add_button.setObjectName("addInteraction")
        self._add_button.clicked.connect(self.add_interaction)
        self._add_error = _error_label()
        add.addWidget(QLabel(self.tr("Channel")), 0, 0)
        add.addWidget(self._channel, 1, 0, Qt.AlignmentFlag.AlignTop)
        add.addWidget(QLabel(self.tr("Summary")), 0, 1)
        add.addWidget(self._summary, 1, 1)
        add.addWidget(self._add_button, 1, 2, Qt.AlignmentFlag.AlignTop)
        add.addWidget(self._add_error, 2, 1)
        add.setColumnStretch(1, 1)
        layout.addWidget(add_box)
        layout.addSpacing(spacing // 2)
        head = QHBoxLayout()
        head.addWidget(_heading(self.tr("Timeline")))
        self._count_label = QLabel()
        head.addWidget(self._count_label)
        head.addStretch(1)
        layout.addLayout(head)
        self.interaction_model.set_rows(view.interactions or [])
        self.interaction_table = _table(self.interaction_model, InteractionModel.SUMMARY)
        self.interaction_table.setObjectName("interactions")
        self.interaction_model.rowsInserted.connect(
            lambda *_: self.interaction_table.resizeRowsToContents()
        )
        self.interaction_model.modelReset.connect(self.interaction_table.resizeRowsToContents)
        self.interaction_table.resizeRowsToContents()
        layout.addWidget(self.interaction_table, 1)
        self._older_button = QPushButton(self.tr("Load older interactions"))
        self._older_button.clicked.connect(self.load_older_interactions)
        layout.addWidget(self._older_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._total_interactions = view.interaction_count or 0
        self._update_interaction_count()
        return page

    def _update_interaction_count(self) -> None:
        shown = self.interaction_model.rowCount()
        total = max(self._total_interactions, shown)
        if self._count_label is not None:
            self._count_label.setText(
                self.tr("{shown} of {total}").format(shown=shown, total=total)
            )
        if self._older_button is not None:
            self._older_button.setVisible(shown < total)

    # -- editing ----------------------------------------------------------------------------

    @property
    def has_unsaved_changes(self) -> bool:
        if self._editing and self.changes():
            return True
        return self._summary is not None and bool(self._summary.toPlainText().strip())

    def changes(self) -> dict[str, str]:
        """What the user changed, as edit_customer's FIELD=VALUE pairs."""
        result: dict[str, str] = {}
        removed: list[str] = []
        for name, field in self._fields.items():
            if not field.changed():
                continue
            if isinstance(field, _FlagField):
                result[name] = ""
                removed.append(name + ".")
            else:
                result[name] = field.value()
        return {k: v for k, v in result.items() if not any(k.startswith(r) for r in removed)}

    def field(self, name: str) -> _Field:
        return self._fields[name]

    def field_names(self) -> list[str]:
        return list(self._fields)

    def _editable_here(self) -> bool:
        view = self._view
        if view is None or view.status == CustomerStatus.ERASED:
            return False
        return any(f.editable for f in self._fields.values())

    def _update_buttons(self) -> None:
        editable = self._editable_here()
        self.edit_button.setVisible(editable and not self._editing)
        self.cancel_button.setVisible(self._editing)
        self.save_button.setVisible(self._editing)
        self.save_button.setEnabled(not self._saving)
        self.cancel_button.setEnabled(not self._saving)
        self.save_button.setText(self.tr("Saving…") if self._saving else self.tr("Save"))

    def _apply_editing(self) -> None:
        for field in self._fields.values():
            field.set_editing(self._editing)
            if field.edit_only and field.form is not None:
                field.form.setRowVisible(field.container, self._editing and field.editable)
        for none, parts_widget in self._absent:
            none.setVisible(not self._editing)
            parts_widget.setVisible(self._editing)
        self._update_buttons()

    def start_editing(self) -> None:
        if not self._editable_here() or self._editing:
            return
        self._editing = True
        self._apply_editing()
        first = next((f for f in self._fields.values() if f.editable and not f.edit_only), None)
        if first is not None:
            self.tabs.setCurrentIndex(0)
            first.editor.setFocus()

    def cancel_editing(self) -> None:
        """Leave editing and show the record's values again."""
        for field in self._fields.values():
            field.set_value(field.original)
            field.show_error(None)
        if self._view is not None:
            self._expected_version = self._view.version
        self._editing = False
        self._stale = None
        self.stale_banner.hide()
        self.error_banner.hide()
        self._apply_editing()

    def _save_shortcut(self) -> None:
        if self._editing and not self._saving:
            self.save()

    def save(self) -> None:
        if self._view is None or not self._editing or self._saving:
            return
        for field in self._fields.values():
            field.show_error(None)
        self.error_banner.hide()
        changes = self.changes()
        if not changes:
            self.cancel_editing()
            return
        self._saving = True
        self._update_buttons()
        run_write(
            self._session,
            self,
            customers.edit_customer,
            self._view.id,
            changes,
            expected_version=self._expected_version,
            on_done=self._saved,
            on_error=self._save_failed,
            on_cancel=self._save_cancelled,
        )

    def _saved(self, view: CustomerView) -> None:
        if not shiboken6.isValid(self):
            return
        self._show_view(view)
        self.saved.emit(view)

    def _save_cancelled(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self._update_buttons()
        self._show_page_error(
            self.tr(
                "Not saved: the change needs your second factor. Your "
                "changes are still here; press Save to try again."
            )
        )

    def _save_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self._update_buttons()
        if isinstance(exc, customers.InvalidFields):
            unplaced = []
            for name, message in exc.errors.items():
                target = self._fields.get(name)
                if target is not None:
                    target.show_error(_plain_message(name, message))
                else:
                    unplaced.append(message)
            self._show_page_error(
                " ".join([self.tr("Not saved: please correct the marked fields."), *unplaced])
            )
            self._reveal_first_error()
        elif isinstance(exc, BadInput) and exc.field in self._fields:
            self._fields[exc.field].show_error(_plain_message(exc.field, exc.message))
            self._show_page_error(self.tr("Not saved: please correct the marked field."))
            self._reveal_first_error()
        elif isinstance(exc, StaleEdit):
            self._show_stale(view_from_dict(exc.current))
        else:
            self._show_page_error(
                self.tr("Not saved: {reason} Your changes are still here.").format(
                    reason=error_text(exc)
                )
            )

    def _reveal_first_error(self) -> None:
        for field in self._fields.values():
            if not field.error.isHidden():
                for i in range(self.tabs.count()):
                    tab = self.tabs.widget(i)
                    if tab is not None and tab.isAncestorOf(field.editor):
                        self.tabs.setCurrentIndex(i)
                field.editor.setFocus()
                return

    def _show_page_error(self, text: str) -> None:
        self.error_text.setText(text)
        self.error_banner.show()

    # -- someone else changed the record ----------------------------------------------------

    def _show_stale(self, current: CustomerView) -> None:
        self._stale = current
        now = field_values(current)
        lines = []
        for name, field in self._fields.items():
            value = now.get(name, "")
            if value != field.original and not isinstance(field, _FlagField):
                lines.append(
                    self.tr("{field} is now “{value}”").format(
                        field=field.label, value=value or self.tr("(empty)")
                    )
                )
        if current.status != (self._view.status if self._view else current.status):
            lines.append(self.tr("the status is now {status}").format(status=current.status))
        details = "; ".join(lines) if lines else self.tr("other parts of the record changed")
        self.stale_text.setText(
            self.tr(
                "Changed by someone else meanwhile: {details}. Nothing was saved; your changes are "
                "still here. Use the current values, or keep your changes and save again."
            ).format(details=details)
        )
        self.stale_banner.show()

    def use_current_values(self) -> None:
        """Drop the user's edits and show the record as it is now."""
        current = self._stale
        if current is None:
            return
        self._show_view(current)

    def keep_my_changes(self) -> None:
        """Rebase the typed values on the current record; the next Save replaces it."""
        current = self._stale
        if current is None:
            return
        now = field_values(current)
        for name, field in self._fields.items():
            fresh = now.get(name, "")
            if not field.changed():
                field.set_value(fresh)
            field.original = fresh
        self._expected_version = current.version
        self._stale = None
        self.stale_banner.hide()
        self._show_page_error(
            self.tr("Your changes are kept. Save again to replace the other change.")
        )

    # -- consents ---------------------------------------------------------------------------

    def _consent_clicked(self, purpose: str, wanted: bool) -> None:
        switch = self._consent_switches[purpose]
        switch.setChecked(not wanted)  # shows the record until the decision is recorded
        current = next((c for c in self._consent_rows if c.purpose == purpose), None)
        if current is not None and current.granted == wanted:
            return
        dialog = ConsentChangeDialog(purpose, wanted, self)
        dialog.setObjectName("consentDialog")

        def submit(source: str, evidence: str) -> None:
            if self._view is None:
                return
            run_write(
                self._session,
                dialog,
                consents.set_consent,
                self._view.id,
                purpose,
                wanted,
                source,
                evidence or None,
                on_done=lambda states: self._consent_recorded(dialog, purpose, states),
                on_error=lambda exc: (
                    dialog.failed(error_text(exc)) if shiboken6.isValid(dialog) else None
                ),
                on_cancel=lambda: dialog.failed(None) if shiboken6.isValid(dialog) else None,
            )

        dialog.submitted.connect(submit)
        dialog.open()

    def _consent_recorded(
        self, dialog: ConsentChangeDialog, purpose: str, states: list[ConsentView]
    ) -> None:
        if shiboken6.isValid(dialog):
            source = str(dialog.source.currentData())
            evidence = dialog.evidence.text().strip() or None
            dialog.accept()
        else:
            source, evidence = "", None
        if not shiboken6.isValid(self):
            return
        self._show_consents(states)
        state = next((c for c in states if c.purpose == purpose), None)
        if state is not None and state.since is not None:
            self.history_model.insert_first(
                ConsentHistoryRow(
                    purpose,
                    "granted" if state.granted else "withdrawn",
                    state.source or source,
                    evidence,
                    self._session.actor.username,
                    state.since,
                    state.since,
                )
            )

    # -- interactions -----------------------------------------------------------------------

    def _draft(self) -> _Draft | None:
        if self._summary is None or self._channel is None:
            return None
        text = self._summary.toPlainText()
        return _Draft(str(self._channel.currentData()), text) if text.strip() else None

    def _restore_draft(self, draft: _Draft) -> None:
        if self._summary is not None and self._channel is not None:
            self._channel.setCurrentIndex(max(0, self._channel.findData(draft.channel)))
            self._summary.setPlainText(draft.summary)

    def add_interaction(self) -> None:
        if self._view is None or self._summary is None or self._channel is None:
            return
        summary = self._summary.toPlainText()
        channel = str(self._channel.currentData())
        if self._add_error is not None:
            self._add_error.hide()
        if self._add_button is not None:
            self._add_button.setEnabled(False)
        run_write(
            self._session,
            self,
            customers.record_interaction,
            self._view.id,
            channel,
            summary,
            on_done=self._interaction_added,
            on_error=self._interaction_failed,
            on_cancel=lambda: self._interaction_failed(None),
        )

    def _interaction_added(self, row: InteractionView) -> None:
        if not shiboken6.isValid(self) or self._summary is None:
            return
        self._summary.clear()
        if self._add_button is not None:
            self._add_button.setEnabled(True)
        self.interaction_model.insert_first(row)
        self._total_interactions += 1
        self._update_interaction_count()

    def _interaction_failed(self, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        if self._add_button is not None:
            self._add_button.setEnabled(True)
        if exc is not None and self._add_error is not None:
            message = error_text(exc)
            if isinstance(exc, BadInput) and exc.field:
                message = _plain_message(exc.field, message)
            self._add_error.setText(message)
            self._add_error.show()

    def load_older_interactions(self) -> None:
        if self._view is None or not self.interaction_model.rowCount():
            return
        oldest: InteractionView = self.interaction_model.row_at(
            self.interaction_model.rowCount() - 1
        )
        s = self._session
        view_id = self._view.id
        if self._older_button is not None:
            self._older_button.setEnabled(False)

        def loaded(rows: list[InteractionView]) -> None:
            if not shiboken6.isValid(self) or self._view is None or self._view.id != view_id:
                return
            self.interaction_model.append_rows(rows)
            if not rows:
                self._total_interactions = self.interaction_model.rowCount()
            if self._older_button is not None:
                self._older_button.setEnabled(True)
            self._update_interaction_count()

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self) and self._older_button is not None:
                self._older_button.setEnabled(True)
                if self._add_error is not None:
                    self._add_error.setText(error_text(exc))
                    self._add_error.show()

        s.worker.submit(
            customers.list_interactions,
            s.ctx,
            s.actor,
            view_id,
            before=oldest.at,
            limit=100,
            on_done=loaded,
            on_error=failed,
        )

    # -- leaving ----------------------------------------------------------------------------

    def _escape(self) -> None:
        if not self.has_unsaved_changes:
            self.back_requested.emit()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("You have changes that are not saved. Leave this customer and discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("discardQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Discard:
                self.cancel_editing()
                if self._summary is not None:
                    self._summary.clear()
                self.back_requested.emit()

        box.finished.connect(answered)
        box.open()
