"""The dialogs a privacy request's actions open, and the erasure impact preview.

Each dialog stays open until the service accepted the action; a refusal appears
inside it as the service's sentence, and what was typed stays.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui.messages import money
from voxprivacy.gui.requests_queue import customer_text
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import ActionDialog, error_label, heading, translate
from voxprivacy.services import customers
from voxprivacy.services.customers import CustomerView
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.services.requests import RequestView

# =========================================================================== impact preview


class ImpactPreview(QWidget):
    """What erasing a customer does: services that stop, money still open, what is kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("impactPreview")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.impact: ErasureImpact | None = None

    def set_impact(self, impact: ErasureImpact) -> None:
        self.impact = impact
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        spacing = self.fontMetrics().lineSpacing()

        # A form: each service's name on the left, what happens to it on the right; on a
        # narrow column the description goes under the name instead of wrapping word by word.
        services = QGroupBox(self.tr("Services"))
        grid = QFormLayout(services)
        grid.setHorizontalSpacing(spacing)
        grid.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if not impact.services:
            grid.addRow(QLabel(self.tr("No running services.")))
        for service in impact.services:
            name = QLabel(f"<b>{_escape(service.label)}</b> {_escape(service.identifier)}")
            ended = service.outcome == "ended"
            outcome = QLabel(self.tr("ends") if ended else self.tr("kept"))
            outcome.setObjectName("serviceOutcome")
            outcome.setProperty("role", "error" if ended else "")
            loses = QLabel(
                self.tr("loses {fields}").format(fields=", ".join(service.loses))
                if service.loses
                else self.tr("needs nothing from the record")
            )
            loses.setWordWrap(True)
            loses.setMinimumWidth(self.fontMetrics().averageCharWidth() * 20)
            field = QHBoxLayout()
            field.setSpacing(spacing // 2)
            field.addWidget(outcome, 0, Qt.AlignmentFlag.AlignTop)
            field.addWidget(loses, 1)
            grid.addRow(name, field)
        self._layout.addWidget(services)

        money_box = QGroupBox(self.tr("Billing"))
        money_form = QFormLayout(money_box)
        summary = QLabel(impact.billing)
        summary.setObjectName("impactBilling")
        money_form.addRow(self.tr("Billing data"), summary)
        if impact.open_invoices is not None and impact.balance_cents is not None:
            balance = ", ".join(
                money(cents, currency) for currency, cents in sorted(impact.balance_cents.items())
            )
            if impact.open_invoices:
                invoices = self.tr(
                    "%n open invoice(s); balance {balance}", "", impact.open_invoices
                ).format(balance=balance or money(0, ""))
            else:
                invoices = self.tr("No open invoices")
            open_label = QLabel(invoices)
            open_label.setObjectName("impactInvoices")
            money_form.addRow(self.tr("Open invoices"), open_label)
        self._layout.addWidget(money_box)

        kept_box = QGroupBox(self.tr("Kept under the pseudonym"))
        kept_layout = QVBoxLayout(kept_box)
        for line in impact.kept:
            label = QLabel(f"• {line}")
            label.setWordWrap(True)
            kept_layout.addWidget(label)
        self._layout.addWidget(kept_box)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# =========================================================================== dialogs


class ReasonDialog(ActionDialog):
    """Deny, cancel or extend: a required reason, and for an extension the number of days."""

    def __init__(
        self,
        title: str,
        intro: str,
        action: str,
        *,
        with_days: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, action, parent)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.days: QSpinBox | None = None
        form = QFormLayout()
        if with_days:
            self.days = QSpinBox()
            self.days.setObjectName("extendDays")
            self.days.setRange(1, 62)
            self.days.setValue(30)
            self.days.setSuffix(self.tr(" days"))
            form.addRow(self.tr("Extend by"), self.days)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 12)
        self.reason.setPlaceholderText(self.tr("Required: why, in a sentence"))
        self.reason.textChanged.connect(self._update)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def ready(self) -> bool:
        return bool(self.reason.toPlainText().strip())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


class ConfirmErasureDialog(ActionDialog):
    """The last look at the impact before the customer's personal data is gone for good."""

    def __init__(self, view: RequestView, impact: ErasureImpact, parent: QWidget | None) -> None:
        super().__init__(self.tr("Carry out the erasure"), self.tr("Erase the customer"), parent)
        intro = QLabel(
            self.tr(
                "Request {ref}: erase {customer}. Their personal data is removed from every "
                "table and copy; this cannot be undone."
            ).format(ref=view.reference, customer=customer_text(view))
        )
        intro.setWordWrap(True)
        self.preview = ImpactPreview()
        self.preview.set_impact(impact)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.ok_button.setDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setDefault(True)
            cancel.setFocus()


class _ChangeRow:
    def __init__(self, owner: RectifyDialog) -> None:
        self.field = QComboBox()
        self.field.setObjectName("rectifyField")
        self.field.addItem(translate("rectify_change", "Choose a field…"), "")
        for name, spec in customers.EDITABLE_FIELDS.items():
            if customers.may_edit_field(owner.role, name):
                self.field.addItem(spec.label, name)
                self.field.setItemData(
                    self.field.count() - 1, spec.help, Qt.ItemDataRole.ToolTipRole
                )
        self.current = QLabel()
        self.current.setObjectName("rectifyCurrent")
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setMinimumWidth(owner.fontMetrics().averageCharWidth() * 18)
        self.value = QLineEdit()
        self.value.setObjectName("rectifyValue")
        self.value.setAccessibleName(translate("rectify_change", "Corrected value"))
        self.value.setMinimumWidth(owner.fontMetrics().averageCharWidth() * 24)
        self.remove = QToolButton()
        self.remove.setText("×")
        self.remove.setToolTip(translate("rectify_change", "Remove this change"))
        self.error = error_label("rectifyError")


class RectifyDialog(ActionDialog):
    """Field and corrected value pairs, with the value the record holds now."""

    def __init__(self, session: DeskSession, customer_id: str, parent: QWidget | None) -> None:
        super().__init__(
            self.tr("Correct the customer's data"), self.tr("Correct and complete"), parent
        )
        self.role = session.actor.role
        self._current: dict[str, str] = {}
        self.rows: list[_ChangeRow] = []
        intro = QLabel(
            self.tr(
                "Enter each correction the customer asked for. The values before and after "
                "are kept with the request; an empty value clears the field."
            )
        )
        intro.setWordWrap(True)
        self._grid = QGridLayout()
        for column, text in enumerate((self.tr("Field"), self.tr("Now"), self.tr("Correct to"))):
            self._grid.addWidget(heading(text, 1.0), 0, column)
        self._grid.setColumnStretch(2, 1)
        self.add_button = QPushButton(self.tr("Add another field"))
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.add_row()
        session.query(customers.show_customer, customer_id).then(self._record_loaded).failed(
            lambda failure: self.failed(failure.message)
        ).run(owner=self, key="record")

    def _record_loaded(self, view: CustomerView) -> None:
        self._current = customers.field_values(view)
        for row in self.rows:
            self._show_current(row)

    def add_row(self) -> _ChangeRow:
        row = _ChangeRow(self)
        self.rows.append(row)
        line = len(self.rows) * 2 - 1
        self._grid.addWidget(row.field, line, 0)
        self._grid.addWidget(row.current, line, 1)
        self._grid.addWidget(row.value, line, 2)
        self._grid.addWidget(row.remove, line, 3)
        self._grid.addWidget(row.error, line + 1, 0, 1, 4)
        row.field.currentIndexChanged.connect(lambda _i, r=row: self._field_chosen(r))
        row.remove.clicked.connect(lambda _c=False, r=row: self._remove_row(r))
        self._update()
        return row

    def _remove_row(self, row: _ChangeRow) -> None:
        for widget in (row.field, row.current, row.value, row.remove, row.error):
            widget.hide()
        row.field.setCurrentIndex(0)
        self.rows.remove(row)
        self._update()

    def _field_chosen(self, row: _ChangeRow) -> None:
        self._show_current(row)
        self._update()

    def _show_current(self, row: _ChangeRow) -> None:
        name = str(row.field.currentData() or "")
        current = self._current.get(name, "") if name else ""
        row.current.setText(current or ("—" if name else ""))
        if name and not row.value.text():
            row.value.setText(current)
            row.value.selectAll()

    def changes(self) -> dict[str, str]:
        return {
            str(row.field.currentData()): row.value.text()
            for row in self.rows
            if row.field.currentData()
        }

    def ready(self) -> bool:
        return bool(self.changes())

    def failed_fields(self, errors: dict[str, str]) -> None:
        for row in self.rows:
            message = errors.get(str(row.field.currentData() or ""))
            row.error.setText(message or "")
            row.error.setVisible(bool(message))
