"""The dialogs of a customer's services, cards and termination, and the page's account actions.

- ``ServiceDialog``: add a service (a product, then the fields its catalogue declaration
  asks for) or change a running one;
- ``EndServiceDialog``: end a service, saying what becomes of its number;
- ``CardDialog``: record or replace a card (finance): the processor's token, brand, last
  four and expiry; the card number is never typed here;
- ``TerminateDialog``: the impact preview, a reason and the day it takes effect;
- ``ReasonOnlyDialog``: reactivate, or remove a card, with a sentence;
- ``AccountActions``: the page header's Terminate / Reactivate buttons.

Every write goes through ``session.write`` (second factor when needed); the services
decide, and a refusal appears inside the dialog with what was typed kept. A change to a
service asks first how the caller's identity was verified (``_ask_verification``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.catalog import ATTRIBUTES, PRODUCTS, REQUIREMENT_LABELS, fate_text
from voxprivacy.domain.enums import CustomerStatus
from voxprivacy.domain.lifecycle import CARD_BRANDS, REACTIVATION_GRACE_DAYS
from voxprivacy.domain.requests import VERIFICATION_LABELS
from voxprivacy.domain.roles import Permission, may
from voxprivacy.gui.accessibility import chain_tabs
from voxprivacy.gui.customer.common import shown_value
from voxprivacy.gui.fit import fit_on_screen
from voxprivacy.gui.messages import local_date, money
from voxprivacy.gui.operations import alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import ActionDialog, heading, hint_label, scrolling
from voxprivacy.services import cards, customers, subscriptions
from voxprivacy.services.customers import CustomerView, ServiceView, TerminationImpact

# =========================================================================== identity check


class VerificationDialog(ActionDialog):
    """How was the caller's identity verified? Asked before a change to a service is saved."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(self.tr("Identity check"), self.tr("Continue"), parent)
        self.setObjectName("verificationDialog")
        self.method = QComboBox()
        self.method.setObjectName("verificationMethod")
        self.method.addItem(self.tr("Choose how…"), "")
        for method, label in VERIFICATION_LABELS.items():
            self.method.addItem(label[:1].upper() + label[1:], str(method))
        self.method.currentIndexChanged.connect(self._update)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("How did you verify that the caller is the customer?"))
        intro.setWordWrap(True)
        intro.setBuddy(self.method)
        layout.addWidget(intro)
        layout.addWidget(self.method)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def ready(self) -> bool:
        return bool(self.method.currentData())

    def choose(self, method: str) -> None:
        self.method.setCurrentIndex(max(0, self.method.findData(method)))

    def chosen(self) -> str:
        return str(self.method.currentData() or "")


def _ask_verification(parent: QWidget, done: Callable[[str], None]) -> VerificationDialog:
    """Ask how the caller was verified; ``done(method)`` runs once it is chosen (not when
    the question is cancelled)."""
    dialog = VerificationDialog(parent)

    def chosen() -> None:
        method = dialog.chosen()
        dialog.accept()
        done(method)

    dialog.submitted.connect(chosen)
    dialog.open()
    return dialog


# =========================================================================== services


class ServiceDialog(ActionDialog):
    """Add a service (``service`` None) or change a running one. The fields are those the
    product's catalogue declaration lists; what it needs from the record is shown and
    checked by the service on save."""

    def __init__(
        self,
        session: DeskSession,
        customer: CustomerView,
        service: ServiceView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Add a service") if service is None else self.tr("Change a service")
        action = self.tr("Add") if service is None else self.tr("Save")
        super().__init__(title, action, parent)
        self.setObjectName("serviceDialog")
        self._session = session
        self._customer = customer
        self._service = service
        self.fields: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{customer.account_number} · {customer.name}"))
        top = QFormLayout()
        self.product = QComboBox()
        self.product.setObjectName("serviceProduct")
        for code, product in PRODUCTS.items():
            self.product.addItem(product.label, code)
        if service is not None:
            self.product.setCurrentIndex(self.product.findData(service.product))
            self.product.setEnabled(False)
        top.addRow(self.tr("Product"), self.product)
        self.needs = QLabel()
        self.needs.setObjectName("serviceNeeds")
        self.needs.setWordWrap(True)
        top.addRow(self.tr("Needs from the record"), self.needs)
        layout.addLayout(top)
        self.box = QGroupBox(self.tr("Service details"))
        self.form = QFormLayout(self.box)
        layout.addWidget(self.box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.product.currentIndexChanged.connect(self._build_fields)
        self._build_fields()
        self.submitted.connect(self._ask)

    def product_code(self) -> str:
        return str(self.product.currentData())

    def _build_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        spec = PRODUCTS[self.product_code()]
        self.needs.setText(
            ", ".join(REQUIREMENT_LABELS[r] for r in sorted(spec.requires))
            or self.tr("nothing from the record")
        )
        for name in spec.attributes:
            label, kind = ATTRIBUTES[name]
            edit = QLineEdit()
            edit.setObjectName(f"attribute:{name}")
            if self._service is not None and name in self._service.attributes:
                edit.setText(shown_value(self._service.attributes[name]))
            placeholder = {
                "phone": self.tr("+49 30 1234567"),
                "email": self.tr("name@example.org"),
                "count": self.tr("a whole number"),
                "amount": self.tr("in cents, e.g. 2000"),
            }.get(str(kind), "")
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._update)
            self.form.addRow(label, edit)
            self.fields[name] = edit
        # the new fields joined the Tab order at its end, after the buttons: after the product
        chain_tabs([self.product, *self.fields.values()])
        self.error.hide()
        self._update()

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def ready(self) -> bool:
        if self._service is not None:
            return True
        return all(edit.text().strip() for edit in self.fields.values())

    def _ask(self) -> None:
        _ask_verification(self, self._save).rejected.connect(lambda: self.failed(None))

    def _save(self, method: str) -> None:
        if self._service is None:
            operation = self._session.write(
                subscriptions.add_subscription,
                self._customer.id,
                self.product_code(),
                self.values(),
                method,
            )
        else:
            original = {k: shown_value(v) for k, v in self._service.attributes.items()}
            changed = {k: v for k, v in self.values().items() if v != original.get(k)}
            operation = self._session.write(
                subscriptions.change_subscription, self._service.id, changed, method
            )
        operation.then(lambda _view: self.accept()).failed(
            lambda failure: self.failed(failure.message)
        ).cancelled(lambda: self.failed(None)).run(owner=self)


class EndServiceDialog(ActionDialog):
    """End a service: what becomes of its number, chosen where the product allows a choice."""

    def __init__(
        self, session: DeskSession, service: ServiceView, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("End a service"), self.tr("End the service"), parent)
        self.setObjectName("endServiceDialog")
        self._session = session
        self._service = service
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{service.label} {shown_value(service.identifier)}"))
        form = QFormLayout()
        self.fate = QComboBox()
        self.fate.setObjectName("serviceFate")
        spec = PRODUCTS.get(service.product)
        for fate in spec.on_end if spec else ():
            self.fate.addItem(fate_text(fate)[:1].upper() + fate_text(fate)[1:], str(fate))
        form.addRow(self.tr("Its number"), self.fate)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr(
                    "The service stops now. A released number rests before anyone else can "
                    "get it; a ported number goes to the customer's new provider."
                )
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.submitted.connect(self._ask)

    def _ask(self) -> None:
        _ask_verification(self, self._save).rejected.connect(lambda: self.failed(None))

    def _save(self, method: str) -> None:
        self._session.write(
            subscriptions.end_subscription,
            self._service.id,
            method,
            str(self.fate.currentData() or "") or None,
        ).then(lambda _view: self.accept()).failed(
            lambda failure: self.failed(failure.message)
        ).cancelled(lambda: self.failed(None)).run(owner=self)


# =========================================================================== cards


class CardDialog(ActionDialog):
    """Record a card (``card_id`` None) or replace one: the processor's token, brand, last
    four and expiry. The token is typed hidden and never shown again."""

    def __init__(
        self,
        session: DeskSession,
        customer: CustomerView,
        card_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Record a card") if card_id is None else self.tr("Replace a card")
        super().__init__(title, self.tr("Record"), parent)
        self.setObjectName("cardDialog")
        self._session = session
        self._customer = customer
        self._card_id = card_id
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{customer.account_number} · {customer.name}"))
        form = QFormLayout()
        self.token = QLineEdit()
        self.token.setObjectName("cardToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("tok_… as the payment processor returned it"))
        self.brand = QComboBox()
        self.brand.setObjectName("cardBrand")
        self.brand.addItems(list(CARD_BRANDS))
        self.last4 = QLineEdit()
        self.last4.setObjectName("cardLast4")
        self.last4.setMaxLength(4)
        self.last4.setPlaceholderText(self.tr("4242"))
        self.expiry = QLineEdit()
        self.expiry.setObjectName("cardExpiry")
        self.expiry.setPlaceholderText(self.tr("MM/YY"))
        form.addRow(self.tr("Processor token"), self.token)
        form.addRow(self.tr("Brand"), self.brand)
        form.addRow(self.tr("Last four digits"), self.last4)
        form.addRow(self.tr("Expiry"), self.expiry)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Never type the card number or the security code: the payment processor "
                    "keeps the card and gives us a token."
                )
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.token, self.last4, self.expiry):
            edit.textChanged.connect(self._update)
        self.submitted.connect(self._save)
        self._update()

    def ready(self) -> bool:
        return all(e.text().strip() for e in (self.token, self.last4, self.expiry))

    def _save(self) -> None:
        args = (self.token.text(), self.brand.currentText(), self.last4.text(), self.expiry.text())
        if self._card_id is None:
            operation = self._session.write(cards.record_card, self._customer.id, *args)
        else:
            operation = self._session.write(cards.replace_card, self._card_id, *args)
        operation.then(lambda _view: self.accept()).failed(
            lambda failure: self.failed(failure.message)
        ).cancelled(lambda: self.failed(None)).run(owner=self)


class ReasonOnlyDialog(ActionDialog):
    """A sentence before an action: reactivating (a reason required) or removing a card."""

    def __init__(
        self,
        title: str,
        intro: str,
        action: str,
        *,
        with_reason: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, action, parent)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setObjectName("dialogIntro")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason: QPlainTextEdit | None = None
        if with_reason:
            self.reason = QPlainTextEdit()
            self.reason.setObjectName("reason")
            self.reason.setTabChangesFocus(True)
            self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 12)
            self.reason.setPlaceholderText(self.tr("Required: why, in a sentence"))
            self.reason.setAccessibleName(self.tr("Reason"))
            self.reason.setAccessibleDescription(intro)
            self.reason.textChanged.connect(self._update)
            layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def ready(self) -> bool:
        return self.reason is None or bool(self.reason.toPlainText().strip())

    def reason_text(self) -> str:
        return self.reason.toPlainText() if self.reason is not None else ""


# =========================================================================== termination


class TerminationPreview(QWidget):
    """What terminating does: services that end and their numbers, billing, what is kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("terminationPreview")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(QLabel(self.tr("Working out what ends…")))
        self.impact: TerminationImpact | None = None

    def set_impact(self, impact: TerminationImpact) -> None:
        self.impact = impact
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        services = QGroupBox(self.tr("Services that end"))
        rows = QVBoxLayout(services)
        if not impact.services:
            rows.addWidget(QLabel(self.tr("No running services.")))
        for service in impact.services:
            name = QLabel(f"{service.label} {shown_value(service.identifier)}".strip())
            name.setObjectName("endingService")
            bold = name.font()
            bold.setBold(True)
            name.setFont(bold)
            number = QLabel(self.tr("ends; its number is {fate}").format(fate=service.number))
            number.setObjectName("endingNumber")
            number.setWordWrap(True)
            rows.addWidget(name)
            rows.addWidget(number)
        self._layout.addWidget(services)
        billing = QGroupBox(self.tr("Billing"))
        billing_form = QFormLayout(billing)
        summary = QLabel(impact.billing)
        summary.setObjectName("terminationBilling")
        billing_form.addRow(self.tr("Billing data"), summary)
        if impact.open_invoices is not None and impact.balance_cents is not None:
            balance = ", ".join(money(c, cur) for cur, c in sorted(impact.balance_cents.items()))
            billing_form.addRow(
                self.tr("Open invoices"),
                QLabel(
                    self.tr("{n} open; balance {balance}").format(
                        n=impact.open_invoices, balance=balance or money(0, "")
                    )
                ),
            )
        self._layout.addWidget(billing)
        kept = QGroupBox(self.tr("Kept"))
        kept_layout = QVBoxLayout(kept)
        for line in impact.kept:
            label = QLabel(f"• {line}")
            label.setWordWrap(True)
            kept_layout.addWidget(label)
        self._layout.addWidget(kept)
        self._layout.addStretch(1)  # the groups keep their height; the space goes below


class TerminateDialog(ActionDialog):
    """Terminate an account: the impact first, then a reason and the day it takes effect
    (today, or a later day: then it is scheduled)."""

    def __init__(
        self, session: DeskSession, customer: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Terminate the account"), self.tr("Terminate"), parent)
        self.setObjectName("terminateDialog")
        self._session = session
        self._customer = customer
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{customer.account_number} · {customer.name}"))
        self.preview = TerminationPreview()
        self._preview_area = scrolling(self.preview)  # a long list of services scrolls
        layout.addWidget(self._preview_area, 1)
        form = QFormLayout()
        self.effective = QDateEdit()
        self.effective.setObjectName("terminationDate")
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        today = QDate.currentDate()
        self.effective.setMinimumDate(today)
        self.effective.setDate(today)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 12)
        self.reason.setPlaceholderText(self.tr("Required: why the customer leaves"))
        self.reason.textChanged.connect(self._update)
        form.addRow(self.tr("Takes effect"), self.effective)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr(
                    "A later day schedules the termination; the services run until then. A "
                    "supervisor can reactivate the account within {days} days."
                ).format(days=REACTIVATION_GRACE_DAYS)
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.submitted.connect(self._save)
        self._update()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        session.query(customers.termination_impact, customer.id).then(self._impact_loaded).failed(
            lambda failure: self.failed(failure.message)
        ).run(owner=self, key="impact")

    def _impact_loaded(self, impact: TerminationImpact) -> None:
        self.preview.set_impact(impact)
        self._update()
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Grow to what the preview's wrapped lines need, as far as the screen allows, and
        stay wholly on the screen (the preview scrolls beyond that)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        area = self._preview_area
        chrome = self.sizeHint().height() - area.sizeHint().height()
        width = area.viewport().width()
        inner = (
            self.preview.heightForWidth(width)
            if self.preview.hasHeightForWidth()
            else self.preview.sizeHint().height()
        )
        wanted = chrome + inner + 2 * area.frameWidth()
        fit_on_screen(self, max(self.height(), wanted))

    def ready(self) -> bool:
        return self.preview.impact is not None and bool(self.reason.toPlainText().strip())

    def _save(self) -> None:
        chosen = self.effective.date()
        day = date(chosen.year(), chosen.month(), chosen.day())
        self._session.write(
            customers.terminate_account, self._customer.id, self.reason.toPlainText(), day
        ).then(lambda _view: self.accept()).failed(
            lambda failure: self.failed(failure.message)
        ).cancelled(lambda: self.failed(None)).run(owner=self)


class AccountActions(QWidget):
    """Terminate (roles that may) and Reactivate (supervisors) in the page's header."""

    changed = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view: CustomerView | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.terminate_button = QPushButton(self.tr("Terminate…"))
        self.terminate_button.setObjectName("terminateAccount")
        self.terminate_button.setToolTip(self.tr("End the relationship: today or on a later day"))
        self.terminate_button.clicked.connect(self.terminate)
        self.reactivate_button = QPushButton(self.tr("Reactivate…"))
        self.reactivate_button.setObjectName("reactivateAccount")
        self.reactivate_button.clicked.connect(self.reactivate)
        layout.addWidget(self.terminate_button)
        layout.addWidget(self.reactivate_button)
        self.dialog: ActionDialog | None = None
        self.show_for(None)

    def show_for(self, view: CustomerView | None) -> None:
        self._view = view
        role = self._session.actor.role
        active = view is not None and view.status == CustomerStatus.ACTIVE
        terminated = view is not None and view.status == CustomerStatus.TERMINATED
        scheduled = active and view is not None and view.termination_due is not None
        self.terminate_button.setVisible(active and may(role, Permission.TERMINATE_ACCOUNTS))
        self.reactivate_button.setVisible(
            (terminated or scheduled) and may(role, Permission.REACTIVATE_ACCOUNTS)
        )
        self.reactivate_button.setText(
            self.tr("Withdraw termination…") if scheduled else self.tr("Reactivate…")
        )

    def terminate(self) -> None:
        if self._view is None:
            return
        dialog = TerminateDialog(self._session, self._view, self.window())
        dialog.accepted.connect(self.changed.emit)
        self.dialog = dialog
        dialog.open()

    def reactivate(self) -> None:
        view = self._view
        if view is None:
            return
        if view.termination_due is not None and view.status == CustomerStatus.ACTIVE:
            intro = self.tr(
                "The termination scheduled for {day} is withdrawn; the account stays active."
            ).format(day=local_date(view.termination_due))
        else:
            intro = self.tr(
                "The account becomes active again. Services that ended stay ended (their "
                "numbers may be gone): add them again if the customer wants them. Possible "
                "within {days} days of the termination."
            ).format(days=REACTIVATION_GRACE_DAYS)
        dialog = ReasonOnlyDialog(
            self.tr("Reactivate the account"), intro, self.tr("Reactivate"), parent=self.window()
        )
        dialog.setObjectName("reactivateDialog")

        def submit() -> None:
            self._session.write(customers.reactivate_account, view.id, dialog.reason_text()).then(
                lambda _view: dialog.accept()
            ).failed(
                lambda failure: dialog.failed(failure.message) if alive(dialog) else None
            ).cancelled(lambda: dialog.failed(None)).run(owner=dialog)

        dialog.submitted.connect(submit)
        dialog.accepted.connect(self.changed.emit)
        self.dialog = dialog
        dialog.open()


def action_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    row.addStretch(1)
    return row


__all__ = [
    "AccountActions",
    "CardDialog",
    "EndServiceDialog",
    "ReasonOnlyDialog",
    "ServiceDialog",
    "TerminateDialog",
    "VerificationDialog",
]
