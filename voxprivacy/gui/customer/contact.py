"""The Identity & contact tab: name, kind, contact details, addresses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import AddressKind, Channel, CustomerKind
from voxprivacy.domain.roles import Section
from voxprivacy.gui.customer.common import channel_label, language_name
from voxprivacy.gui.customer.fields import TextField, show_as_text
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import local_date
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import heading, scrolling
from voxprivacy.services.customers import CustomerView


class ContactTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(self._build(view)))

    def title(self) -> str:
        return self.tr("Identity && contact")

    def _build(self, view: CustomerView) -> QWidget:
        f = self.fields
        page = QWidget()
        grid = QGridLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        grid.setHorizontalSpacing(spacing * 2)
        grid.setVerticalSpacing(spacing)

        left = QVBoxLayout()
        form = f.form()
        form.addRow(heading(self.tr("Identity")))
        f.add_row(form, f.line("name", self.tr("Name")))
        f.add_row(form, f.line("company", self.tr("Company")))
        f.add_row(
            form,
            f.choice(
                "kind",
                self.tr("Kind"),
                [
                    (str(CustomerKind.PRIVATE), self.tr("Private customer")),
                    (str(CustomerKind.BUSINESS), self.tr("Business customer")),
                ],
            ),
        )
        since = QLineEdit(local_date(view.created_at))  # read-only: aligned with the fields
        since.setObjectName("customerSince")
        since.setReadOnly(True)
        since.setFrame(False)
        since.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        show_as_text(since, True)
        form.addRow(self.tr("Customer since"), since)

        if Section.CONTACT in view.sections:
            form.addItem(QSpacerItem(0, spacing // 2))
            form.addRow(heading(self.tr("Contact")))
            f.add_row(form, f.line("email", self.tr("Email (primary)")))
            others = [e.address for e in view.emails or [] if not e.primary]
            if others:
                form.addRow(self.tr("Other emails"), self._list_label(others))
            f.add_row(form, f.line("emails.add", self.tr("Add an email"), edit_only=True))
            if others:
                f.add_row(
                    form,
                    f.choice(
                        "emails.remove",
                        self.tr("Remove an email"),
                        [("", self.tr("(keep all)"))] + [(e, e) for e in others],
                        edit_only=True,
                    ),
                )
            f.add_row(form, f.line("phone", self.tr("Phone (primary)")))
            other_phones = [p for p in view.phones or [] if not p.primary]
            if other_phones:
                form.addRow(
                    self.tr("Other phones"),
                    self._list_label([f"{p.display} ({p.kind})" for p in other_phones]),
                )
            f.add_row(form, f.line("phones.add", self.tr("Add a phone"), edit_only=True))
            if other_phones:
                f.add_row(
                    form,
                    f.choice(
                        "phones.remove",
                        self.tr("Remove a phone"),
                        [("", self.tr("(keep all)"))] + [(p.e164, p.display) for p in other_phones],
                        edit_only=True,
                    ),
                )
            f.add_row(
                form,
                f.choice(
                    "preferred_channel",
                    self.tr("Preferred channel"),
                    [(str(c), channel_label(self, str(c))) for c in Channel],
                ),
            )
            f.add_row(form, f.line("language", self.tr("Language"), width=8, shown=language_name))
            f.add_row(form, f.add(TextField("note", self.tr("Note"), f.may_edit("note"))))
        left.addLayout(form)
        left.addStretch(1)
        grid.addLayout(left, 0, 0)

        if view.addresses is not None:
            right = QVBoxLayout()
            right.addWidget(heading(self.tr("Addresses")))
            existing = {a.kind for a in view.addresses}
            for kind in AddressKind:
                right.addWidget(f.address_box(str(kind), str(kind) in existing))
            right.addStretch(1)
            grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return page

    def _list_label(self, items: list[str]) -> QLabel:
        label = QLabel("\n".join(items))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
