"""The Services tab: what the customer subscribes to and what each service needs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from voxprivacy.gui.customer.common import shown_value
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import local_date
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import scrolling
from voxprivacy.services.customers import CustomerView, ServiceView


class ServicesTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(self._build(view.services or [])))

    def title(self) -> str:
        return self.tr("Services")

    def _build(self, services: list[ServiceView]) -> QWidget:
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
            box = QGroupBox(f"{service.label} — {shown_value(service.identifier)}")
            box.setObjectName(f"service:{service.id}")
            form = self.fields.form()
            form.addRow(self.tr("Status"), QLabel(status.get(service.status, service.status)))
            form.addRow(self.tr("Since"), QLabel(local_date(service.started_at)))
            for key, value in sorted(service.attributes.items()):
                shown = QLabel(shown_value(value))
                shown.setObjectName(f"attribute:{key}")
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
