"""The Consents tab: one switch a purpose, and the ledger of every decision."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from voxprivacy.gui.customer.common import (
    ToggleSwitch,
    heading,
    purpose_label,
    source_label,
)
from voxprivacy.gui.customer.consent_dialog import ConsentChangeDialog
from voxprivacy.gui.customer.models import ConsentHistoryModel
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.messages import error_text, local_time
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import run_write
from voxprivacy.gui.tables import rows_table
from voxprivacy.services import consents
from voxprivacy.services.consents import ConsentChange
from voxprivacy.services.customers import ConsentView, CustomerView


class ConsentsTab(CustomerTab):
    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, view, parent)
        self.switches: dict[str, ToggleSwitch] = {}
        self._states: dict[str, QLabel] = {}
        self._rows: list[ConsentView] = []
        layout = QVBoxLayout(self)
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
            self.switches[consent.purpose] = switch
            self._states[consent.purpose] = state
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(title)
            texts.addWidget(state)
            grid.addWidget(switch, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addLayout(texts, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self._show_states(view.consents or [])
        layout.addSpacing(spacing)
        layout.addWidget(heading(self.tr("History")))
        self.history_model = ConsentHistoryModel(self)
        self.history_model.set_rows(view.consent_history or [])
        self.history_table = rows_table(self.history_model, (ConsentHistoryModel.EVIDENCE,))
        self.history_table.setObjectName("consentHistory")
        layout.addWidget(self.history_table, 1)

    def title(self) -> str:
        return self.tr("Consents")

    def _show_states(self, states: list[ConsentView]) -> None:
        self._rows = list(states)
        for consent in states:
            switch = self.switches.get(consent.purpose)
            label = self._states.get(consent.purpose)
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

    def _consent_clicked(self, purpose: str, wanted: bool) -> None:
        switch = self.switches[purpose]
        switch.setChecked(not wanted)  # shows the record until the decision is recorded
        current = next((c for c in self._rows if c.purpose == purpose), None)
        if current is not None and current.granted == wanted:
            return
        dialog = ConsentChangeDialog(purpose, wanted, self)
        dialog.setObjectName("consentDialog")
        customer_id = self.view.id

        def submit(source: str, evidence: str) -> None:
            run_write(
                self.session,
                dialog,
                consents.set_consent,
                customer_id,
                purpose,
                wanted,
                source,
                evidence or None,
                on_done=lambda change: self._recorded(dialog, change),
                on_error=lambda exc: (
                    dialog.failed(error_text(exc)) if shiboken6.isValid(dialog) else None
                ),
                on_cancel=lambda: dialog.failed(None) if shiboken6.isValid(dialog) else None,
            )

        dialog.submitted.connect(submit)
        dialog.open()

    def _recorded(self, dialog: ConsentChangeDialog, change: ConsentChange) -> None:
        if shiboken6.isValid(dialog):
            dialog.accept()
        if not shiboken6.isValid(self):
            return
        self._show_states(change.states)
        self.history_model.insert_first(change.row)
