"""The Services tab: what the customer subscribes to, what each service needs, and adding,
changing and ending a service (roles that manage services)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from voxprivacy.domain.enums import CustomerStatus, ServiceStatus
from voxprivacy.domain.roles import Permission, may
from voxprivacy.gui.customer.common import shown_value
from voxprivacy.gui.customer.lifecycle import EndServiceDialog, ServiceDialog, action_row
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import local_date
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import ActionDialog, scrolling
from voxprivacy.services.customers import CustomerView, ServiceView


class ServicesTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        self.dialog: ActionDialog | None = None
        self.can_manage = (
            may(session.actor.role, Permission.MANAGE_SERVICES)
            and view.status == CustomerStatus.ACTIVE
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add a service…"), self)
        self.add_button.setObjectName("addService")
        self.add_button.clicked.connect(self.add_service)
        if self.can_manage:
            outer.addLayout(action_row(self.add_button))
        else:
            self.add_button.hide()
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
            shown_status = QLabel(status.get(service.status, service.status))
            shown_status.setObjectName("serviceStatus")
            form.addRow(self.tr("Status"), shown_status)
            form.addRow(self.tr("Since"), QLabel(local_date(service.started_at)))
            if service.ended_at is not None:
                ended = QLabel(
                    self.tr("{day}; its number was {fate}").format(
                        day=local_date(service.ended_at), fate=service.number or ""
                    )
                    if service.number
                    else local_date(service.ended_at)
                )
                ended.setObjectName("serviceEnded")
                ended.setWordWrap(True)
                form.addRow(self.tr("Ended"), ended)
            for key, value in sorted(service.attributes.items()):
                shown = QLabel(shown_value(value))
                shown.setObjectName(f"attribute:{key}")
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(key.replace("_", " ").capitalize(), shown)
            needs = QLabel(", ".join(service.requires) or self.tr("nothing from the record"))
            needs.setWordWrap(True)
            needs.setToolTip(self.tr("Removing any of these from the record stops the service"))
            form.addRow(self.tr("Needs"), needs)
            if self.can_manage and service.status != ServiceStatus.ENDED:
                change = QPushButton(self.tr("Change…"))
                change.setObjectName("changeService")
                change.clicked.connect(lambda _=False, s=service: self.change_service(s))
                end = QPushButton(self.tr("End…"))
                end.setObjectName("endService")
                end.clicked.connect(lambda _=False, s=service: self.end_service(s))
                form.addRow(action_row(change, end))
            box.setLayout(form)
            layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        dialog.accepted.connect(self.record_changed.emit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_service(self) -> ActionDialog:
        return self._open(ServiceDialog(self.session, self.view, None, self.window()))

    def change_service(self, service: ServiceView) -> ActionDialog:
        return self._open(ServiceDialog(self.session, self.view, service, self.window()))

    def end_service(self, service: ServiceView) -> ActionDialog:
        return self._open(EndServiceDialog(self.session, service, self.window()))
