"""The Billing tab: card on file (brand, last four, expiry; finance records, replaces and
removes cards), open balance, billing address, invoices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from voxprivacy.domain.roles import Permission, Section, may
from voxprivacy.gui.customer.lifecycle import CardDialog, ReasonOnlyDialog, action_row
from voxprivacy.gui.customer.models import InvoiceModel
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import money
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import ActionDialog, heading, rows_table
from voxprivacy.services import cards
from voxprivacy.services.customers import CardView, CustomerView


class BillingTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        self.dialog: ActionDialog | None = None
        self.can_edit = may(session.actor.role, Permission.EDIT_BILLING)
        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().lineSpacing()
        top = QHBoxLayout()
        top.setSpacing(spacing * 2)
        cards = QVBoxLayout()
        form = self.fields.form()
        form.addRow(heading(self.tr("Payment")))
        for card in view.cards or []:
            line = QLabel(
                self.tr("{brand}  •••• {last4}   expires {expiry}").format(
                    brand=card.brand, last4=card.last4, expiry=card.expiry
                )
            )
            line.setObjectName("cardLine")
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.tr("Card on file"), line)
            if self.can_edit:
                replace = QPushButton(self.tr("Replace…"))
                replace.setObjectName("replaceCard")
                replace.clicked.connect(lambda _=False, c=card: self.replace_card(c))
                remove = QPushButton(self.tr("Remove…"))
                remove.setObjectName("removeCard")
                remove.clicked.connect(lambda _=False, c=card: self.remove_card(c))
                form.addRow("", action_row(replace, remove))
        if not view.cards:
            form.addRow(self.tr("Card on file"), QLabel(self.tr("None")))
        if self.can_edit:
            self.record_button = QPushButton(self.tr("Record a card…"))
            self.record_button.setObjectName("recordCard")
            self.record_button.clicked.connect(self.record_card)
            form.addRow("", action_row(self.record_button))
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
            top.addWidget(self.fields.address_box("billing", view.billing_address is not None), 1)
        layout.addLayout(top)
        layout.addSpacing(spacing // 2)
        layout.addWidget(heading(self.tr("Invoices")))
        self.invoice_model = InvoiceModel(self)
        self.invoice_model.set_rows(view.invoices or [])
        self.invoice_table = rows_table(self.invoice_model)
        self.invoice_table.horizontalHeader().setStretchLastSection(True)
        self.invoice_table.setObjectName("invoices")
        layout.addWidget(self.invoice_table, 1)

    def title(self) -> str:
        return self.tr("Billing")

    # -- cards on file (finance) ------------------------------------------------------------

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        dialog.accepted.connect(self.record_changed.emit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def record_card(self) -> ActionDialog:
        return self._open(CardDialog(self.session, self.view, None, self.window()))

    def replace_card(self, card: CardView) -> ActionDialog:
        return self._open(CardDialog(self.session, self.view, card.id, self.window()))

    def remove_card(self, card: CardView) -> ActionDialog:
        dialog = ReasonOnlyDialog(
            self.tr("Remove a card"),
            self.tr("Remove {brand} ending {last4} from file?").format(
                brand=card.brand, last4=card.last4
            ),
            self.tr("Remove"),
            with_reason=False,
            parent=self.window(),
        )
        dialog.setObjectName("removeCardDialog")
        dialog.submitted.connect(
            lambda: (
                self.session.write(cards.remove_card, card.id)
                .then(lambda _none: dialog.accept())
                .failed(lambda failure: dialog.failed(failure.message))
                .cancelled(lambda: dialog.failed(None))
                .run(owner=dialog)
            )
        )
        return self._open(dialog)
