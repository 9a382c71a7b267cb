"""Registering a customer: the form, the duplicates warning, then ``create_customer``.

Register first asks ``find_duplicates`` whether the same email, phone, or name and
postal code is already on file. Matches are listed with "Open existing" each, and the
button becomes "Register anyway"; otherwise (or then) the customer is registered as a
``session.write`` with the second factor. Whatever the service refuses appears next
to the field concerned (a card number typed into a free-text field among them) and
what was typed stays.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import Channel, ConsentSource, Purpose
from voxprivacy.errors import BadInput
from voxprivacy.gui.accessibility import label_fields
from voxprivacy.gui.fit import fit_on_screen
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import banner, error_label, heading, hint_label, scrolling
from voxprivacy.services import customers
from voxprivacy.services.customers import CustomerView, DuplicateHit, PossibleDuplicates

__all__ = ["RegisterCustomerDialog"]

PURPOSES = {
    "newsletter": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Newsletter")),
    "product_updates": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Product updates")),
    "third_party_disclosure": str(
        QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Disclosure to third parties")
    ),
}
SOURCES = {
    "phone": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Phone")),
    "email": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Email")),
    "web": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Web")),
    "letter": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Letter")),
    "in_person": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "In person")),
    "signup": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Sign-up")),
}
CHANNELS = {
    "email": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Email")),
    "phone": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Phone")),
    "sms": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "SMS")),
    "post": str(QT_TRANSLATE_NOOP("RegisterCustomerDialog", "Post")),
}


def _word(owner: QWidget, words: dict[str, str], code: str) -> str:
    if code not in words:
        return code
    return str(QCoreApplication.translate("RegisterCustomerDialog", words[code]))


def _plain(name: str, message: str) -> str:
    """'email: not a valid address.' next to the email field reads 'Not a valid address.'"""
    prefix = f"{name}: "
    if message.startswith(prefix):
        rest = message[len(prefix) :]
        return rest[:1].upper() + rest[1:]
    return message


ADDRESS_PARTS = ("street", "postal_code", "city", "country")

# A field the flush-time check names by its column, and the form's field it means.
COLUMN_FIELDS = {
    "street": "address.street",
    "postal_code": "address.postal_code",
    "city": "address.city",
    "evidence": "consent_evidence",
}


class RegisterCustomerDialog(QDialog):
    """The registration form; ``registered`` carries the new record, ``open_requested``
    the id of an existing record the user chose to open instead."""

    registered = Signal(object)  # CustomerView
    open_requested = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._hits: list[DuplicateHit] = []
        self._busy = False
        self.setObjectName("registerCustomer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Register customer"))
        em = self.fontMetrics().averageCharWidth()

        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        # -- who ------------------------------------------------------------------------------
        who = QGroupBox(self.tr("Customer"))
        who_form = QFormLayout(who)
        kind_row = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.private_button = QRadioButton(self.tr("&Private"))
        self.private_button.setObjectName("kind:private")
        self.business_button = QRadioButton(self.tr("&Business"))
        self.business_button.setObjectName("kind:business")
        for button in (self.private_button, self.business_button):
            self.kind_group.addButton(button)
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        self.private_button.setChecked(True)
        who_form.addRow(self.tr("Kind"), kind_row)
        self.name = self._line("name", self.tr("full name (of the contact person)"))
        who_form.addRow(self.tr("&Name"), self._with_error("name"))
        self.company = self._line("company", self.tr("business customers only"))
        who_form.addRow(self.tr("Com&pany"), self._with_error("company"))
        self.language = self._line("language", self.tr("e.g. en, de, fr-CH"))
        who_form.addRow(self.tr("Language"), self._with_error("language"))
        self.channel = QComboBox()
        self.channel.setObjectName("field:preferred_channel")
        for channel in Channel:
            self.channel.addItem(_word(self, CHANNELS, str(channel)), str(channel))
        self.editors["preferred_channel"] = self.channel
        who_form.addRow(self.tr("Preferred channel"), self._with_error("preferred_channel"))
        self.note = QPlainTextEdit()
        self.note.setObjectName("field:note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("optional; never a card number"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 12)
        self.editors["note"] = self.note
        who_form.addRow(self.tr("Note"), self._with_error("note"))

        # -- how to reach them ----------------------------------------------------------------
        contact = QGroupBox(self.tr("Contact"))
        contact_form = QFormLayout(contact)
        self.email = self._line("email", self.tr("the primary email address"))
        contact_form.addRow(self.tr("&Email"), self._with_error("email"))
        self.email2 = self._line("emails.1", self.tr("optional: another address"))
        contact_form.addRow(self.tr("Another email"), self._with_error("emails.1"))
        self.phone = self._line("phone", self.tr("with country code, e.g. +49 30 1234567"))
        contact_form.addRow(self.tr("P&hone"), self._with_error("phone"))
        self.phone2 = self._line("phones.1", self.tr("optional: another number"))
        contact_form.addRow(self.tr("Another phone"), self._with_error("phones.1"))
        self.address_title = QLabel()
        contact_form.addRow(self.address_title)
        self.street = self._line("address.street", self.tr("street and number"))
        contact_form.addRow(self.tr("Street"), self._with_error("address.street"))
        self.postal_code = self._line("address.postal_code", "")
        self.city = self._line("address.city", "")
        place = QHBoxLayout()
        self.postal_code.setMinimumWidth(em * 10)
        place.addWidget(self._with_error("address.postal_code"), 2)
        place.addWidget(self._with_error("address.city"), 3)
        contact_form.addRow(self.tr("Postal code, city"), place)
        self.country = self._line("address.country", self.tr("two letters, e.g. DE"))
        self.country.setMaxLength(2)
        contact_form.addRow(self.tr("Country"), self._with_error("address.country"))

        # -- consents -------------------------------------------------------------------------
        consent_box = QGroupBox(self.tr("Initial consents"))
        consent_layout = QVBoxLayout(consent_box)
        boxes = QHBoxLayout()
        self.consent_boxes: dict[str, QCheckBox] = {}
        for purpose in Purpose:
            box = QCheckBox(_word(self, PURPOSES, str(purpose)))
            box.setObjectName(f"consent:{purpose}")
            self.consent_boxes[str(purpose)] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        consent_layout.addLayout(boxes)
        consent_form = QFormLayout()
        self.consent_source = QComboBox()
        self.consent_source.setObjectName("field:consent_source")
        for src in ConsentSource:
            if src is not ConsentSource.UNSUBSCRIBE_LINK:
                self.consent_source.addItem(_word(self, SOURCES, str(src)), str(src))
        self.consent_source.setCurrentIndex(self.consent_source.findData(str(ConsentSource.PHONE)))
        self.editors["consent_source"] = self.consent_source
        consent_form.addRow(self.tr("How the customer said it"), self._with_error("consent_source"))
        self.consent_evidence = self._line(
            "consent_evidence", self.tr("optional: form number, call reference, …")
        )
        consent_form.addRow(self.tr("Evidence"), self._with_error("consent_evidence"))
        consent_layout.addLayout(consent_form)
        consent_layout.addWidget(
            hint_label(self.tr("A purpose left unticked is recorded as not asked."))
        )

        # -- possible duplicates --------------------------------------------------------------
        self.duplicates = banner("warning")
        self.duplicates.setObjectName("duplicatesBanner")
        self.duplicates_layout = QVBoxLayout(self.duplicates)
        self.duplicates.hide()

        self.error = error_label("dialogError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.register_button: QPushButton = buttons.addButton(
            self.tr("Register"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.register_button.setObjectName("registerButton")
        self.register_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        inner = QWidget()
        columns = QHBoxLayout()
        columns.addWidget(who, 1)
        columns.addWidget(contact, 1)
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addLayout(columns)
        inner_layout.addWidget(consent_box)
        inner_layout.addStretch(1)
        self._inner = inner
        area = scrolling(inner)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Register a new customer"), 1.2))
        layout.addWidget(area, 1)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(em * 100)

        self.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())
        for key in ("name", "email", "emails.1", "phone", "phones.1", "address.postal_code"):
            editor = self.editors[key]
            assert isinstance(editor, QLineEdit)
            editor.textEdited.connect(self._details_changed)
        self.postal_code.setAccessibleName(self.tr("Postal code"))
        self.city.setAccessibleName(self.tr("City"))
        label_fields(self)
        self._kind_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """As tall as the form wants, but never past the screen: the form scrolls."""
        if not alive(self):
            return
        extra = self.fontMetrics().lineSpacing() * 7 + self.duplicates.sizeHint().height()
        fit_on_screen(self, max(self.height(), self._inner.sizeHint().height() + extra))

    # -- building -------------------------------------------------------------------------------

    def _line(self, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field:{key}")
        edit.setPlaceholderText(placeholder)
        self.editors[key] = edit
        return edit

    def _with_error(self, key: str) -> QWidget:
        holder = QWidget()
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.editors[key])
        label = error_label(f"error:{key}")
        self.errors[key] = label
        box.addWidget(label)
        return holder

    def _kind_changed(self) -> None:
        business = self.business_button.isChecked()
        self.company.setEnabled(business)
        self.address_title.setText(
            self.tr("<b>Business address</b>") if business else self.tr("<b>Private address</b>")
        )

    def _details_changed(self) -> None:
        """A changed email, phone, name or postal code needs a new duplicates check."""
        if self._hits:
            self._hits = []
            self._show_hits()

    # -- what was typed -------------------------------------------------------------------------

    def kind(self) -> str:
        return "business" if self.business_button.isChecked() else "private"

    def _address_kind(self) -> str:
        return self.kind()

    def fields(self) -> dict[str, str]:
        """create_customer's FIELD=VALUE pairs (emails and phones go separately)."""
        values: dict[str, str] = {"preferred_channel": str(self.channel.currentData())}
        if self.kind() == "business":
            values["company"] = self.company.text()
        if self.language.text().strip():
            values["language"] = self.language.text()
        if self.note.toPlainText().strip():
            values["note"] = self.note.toPlainText()
        parts = {p: self.editors[f"address.{p}"] for p in ADDRESS_PARTS}
        typed = {p: e.text() for p, e in parts.items() if isinstance(e, QLineEdit)}
        if any(v.strip() for v in typed.values()):
            for part, value in typed.items():
                values[f"address.{self._address_kind()}.{part}"] = value
        return values

    def emails(self) -> list[str]:
        return [e.text() for e in (self.email, self.email2) if e.text().strip()]

    def phones(self) -> list[str]:
        return [p.text() for p in (self.phone, self.phone2) if p.text().strip()]

    def consents(self) -> dict[str, bool]:
        return {p: True for p, box in self.consent_boxes.items() if box.isChecked()}

    # -- registering ----------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        if not self.name.text().strip():
            self._show_field_error("name", self.tr("Enter the customer's name."))
            return
        self._set_busy(True)
        if self._hits:  # the user saw the matches and registers anyway
            self._register(even_if_duplicate=True)
            return
        self._session.query(
            customers.find_duplicates,
            self.name.text(),
            self.emails(),
            self.phones(),
            [self.postal_code.text()],
            self.country.text() or None,
        ).then(self._duplicates_known).failed(self._failed).run(owner=self, key="duplicates")

    def _duplicates_known(self, hits: list[DuplicateHit]) -> None:
        if hits:
            self._hits = hits
            self._set_busy(False)
            self._show_hits()
            return
        self._register(even_if_duplicate=False)

    def _register(self, *, even_if_duplicate: bool) -> None:
        self._session.write(
            customers.create_customer,
            self.kind(),
            self.name.text(),
            self.fields(),
            emails=self.emails(),
            phones=self.phones(),
            consents=self.consents(),
            consent_source=str(self.consent_source.currentData()) if self.consents() else None,
            consent_evidence=self.consent_evidence.text() or None,
            even_if_duplicate=even_if_duplicate,
        ).then(self._registered).failed(self._failed).cancelled(lambda: self._failed(None)).run(
            owner=self, parent=self
        )

    def _registered(self, view: CustomerView) -> None:
        self._set_busy(False)
        self.registered.emit(view)
        self.accept()

    def _failed(self, failure: Failure | None) -> None:
        self._set_busy(False)
        if failure is None:
            self._show_error(
                self.tr("Not registered: it needs your second factor. Press Register to try again.")
            )
            return
        exc = failure.error
        if isinstance(exc, PossibleDuplicates):
            self._hits = exc.hits
            self._show_hits()
        elif isinstance(exc, customers.InvalidFields):
            unplaced = [m for k, m in exc.errors.items() if not self._place(k, m)]
            self._show_error(
                " ".join([self.tr("Not registered: please correct the marked fields."), *unplaced])
            )
        elif isinstance(exc, BadInput) and exc.field and self._place(exc.field, exc.message):
            self._show_error(self.tr("Not registered: please correct the marked field."))
        else:
            self._show_error(self.tr("Not registered: {reason}").format(reason=failure.message))

    def _place(self, field: str, message: str) -> bool:
        """Show a refusal next to the form's field it names; False when none matches."""
        key = field
        if field.startswith("address."):
            key = "address." + field.split(".")[-1]
        key = COLUMN_FIELDS.get(key, key)
        if key not in self.errors:
            return False
        self._show_field_error(key, _plain(field, message))
        return True

    def _show_field_error(self, key: str, text: str) -> None:
        label = self.errors[key]
        label.setText(text)
        label.show()
        self.editors[key].setFocus()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.error.hide()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.register_button.setEnabled(not busy)
        self.register_button.setText(
            self.tr("Registering…")
            if busy
            else (self.tr("Register anyway") if self._hits else self.tr("Register"))
        )

    def _show_hits(self) -> None:
        while self.duplicates_layout.count():
            item = self.duplicates_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._set_busy(self._busy)
        if not self._hits:
            self.duplicates.hide()
            return
        title = QLabel(
            self.tr(
                "<b>Possibly already a customer.</b> Open the existing record, or "
                "register anyway if this is someone else."
            )
        )
        title.setWordWrap(True)
        self.duplicates_layout.addWidget(title)
        for hit in self._hits:
            row = QFrame()
            row.setObjectName(f"duplicate:{hit.account_number}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            who = QLabel(
                f"{hit.account_number} · {hit.name}"
                + (f" ({hit.company})" if hit.company else "")
                + f" — {', '.join(hit.reasons)}"
            )
            who.setWordWrap(True)
            line.addWidget(who, 1)
            open_button = QPushButton(self.tr("Open existing"))
            open_button.setObjectName(f"open:{hit.account_number}")
            open_button.clicked.connect(lambda _=False, cid=hit.id: self._open_existing(cid))
            line.addWidget(open_button)
            self.duplicates_layout.addWidget(row)
        self.duplicates.show()
        QTimer.singleShot(0, self._fit)

    def _open_existing(self, customer_id: str) -> None:
        self.open_requested.emit(customer_id)
        self.reject()
