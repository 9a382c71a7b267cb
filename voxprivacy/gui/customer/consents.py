"""The Consents tab: one switch a purpose, and the ledger of every decision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from voxprivacy.gui.customer.common import purpose_label, source_label
from voxprivacy.gui.customer.consent_dialog import ConsentChangeDialog
from voxprivacy.gui.customer.models import ConsentHistoryModel
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.identity_check import ask_verification
from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import ToggleSwitch, heading, restyle, rows_table
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
            title.setWordWrap(True)  # a longer French or Dutch blurb wraps on a small screen
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
                text = self.tr("Off: the customer was never asked")
            elif consent.granted:
                text = self.tr("On: granted {when} via {source}")
            else:
                text = self.tr("Off: withdrawn {when} via {source}")
            label.setText(
                text.format(
                    when=local_time(consent.since), source=source_label(self, consent.source)
                )
            )
            label.setProperty("consent", "granted" if consent.granted else "off")
            restyle(label)

    def _consent_clicked(self, purpose: str, wanted: bool) -> None:
        switch = self.switches[purpose]
        switch.setChecked(not wanted)  # shows the record until the decision is recorded
        current = next((c for c in self._rows if c.purpose == purpose), None)
        if current is not None and current.granted == wanted:
            return
        dialog = ConsentChangeDialog(purpose, wanted, self)
        dialog.setObjectName("consentDialog")
        customer_id = self.view.id

        def record(method: str) -> None:
            evidence = dialog.evidence_text()
            self.session.write(
                consents.set_consent,
                customer_id,
                purpose,
                wanted,
                dialog.source_value(),
                evidence or None,
                verified_by=method,
            ).then(lambda change: self._recorded(dialog, change)).failed(
                lambda failure: self._refused(dialog, failure)
            ).cancelled(lambda: self._refused(dialog, None)).run(owner=self, parent=dialog)

        def verify_first() -> None:
            check = ask_verification(dialog, record)
            check.rejected.connect(lambda: self._refused(dialog, None))

        dialog.submitted.connect(verify_first)
        dialog.open()

    def _refused(self, dialog: ConsentChangeDialog, failure: Failure | None) -> None:
        if alive(dialog):
            dialog.failed(failure.message if failure is not None else None)

    def _recorded(self, dialog: ConsentChangeDialog, change: ConsentChange) -> None:
        if alive(dialog):
            dialog.accept()
        self._show_states(change.states)
        self.history_model.insert_first(change.row)
