"""The Billing tab: card on file (brand, last four, expiry), open balance, billing address,
invoices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from voxprivacy.domain.roles import Section
from voxprivacy.gui.customer.models import InvoiceModel
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import money
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import heading, rows_table
from voxprivacy.services.customers import CustomerView


class BillingTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
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
