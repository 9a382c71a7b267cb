"""The retention page: the schedule, what is due now, and what earlier runs removed.

Supervisors and admins read it (``Permission.VIEW_RETENTION``); an admin changes a
period and runs the schedule, each with a fresh code (the services refuse anyone
else, whatever this page shows). Reading what is due changes nothing; the service
records that it was looked at.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.retention import LONGEST_DAYS, RULES, RetentionKind
from voxprivacy.domain.roles import Permission, may
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import NUMBER_ALIGNMENT, RowsModel
from voxprivacy.gui.widgets import captioned, error_label, heading
from voxprivacy.services import retention
from voxprivacy.services.retention import (
    DueKind,
    RetentionPlan,
    RetentionResult,
    RetentionRule,
    RunView,
)


def kind_name(kind: str) -> str:
    """A kind of data in the desk's language ("interactions" -> "Interactions")."""
    try:
        return RULES[RetentionKind(kind)].name
    except ValueError:
        return kind


class ScheduleModel(RowsModel[tuple[RetentionRule, DueKind | None]]):
    """Each kind: its period, default and floor, and what is due of it now."""

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Kind of data"),
            self.tr("Kept (days)"),
            self.tr("Default"),
            self.tr("At least"),
            self.tr("Due now"),
            self.tr("Held back"),
        )

    def cell(self, row: tuple[RetentionRule, DueKind | None], column: int) -> str:
        rule, due = row
        if column == 0:
            return rule.label
        if column in (1, 2, 3):
            return str((rule.days, rule.default_days, rule.minimum_days)[column - 1])
        if due is None:
            return ""
        return str(due.count if column == 4 else len(due.held))

    def tooltip(self, row: tuple[RetentionRule, DueKind | None], column: int) -> str | None:
        rule, _ = row
        if column in (1, 3):
            return self.tr("Counted from {start}; at least {n} days: {why}.").format(
                start=rule.counted_from, n=rule.minimum_days, why=rule.minimum_reason
            )
        return super().tooltip(row, column)

    def alignment(self, column: int) -> object:
        return NUMBER_ALIGNMENT if column else None


class RunsModel(RowsModel[RunView]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("By"), self.tr("Removed"))

    def cell(self, row: RunView, column: int) -> str:
        if column == 0:
            return local_time(row.at)
        if column == 1:
            return row.by
        went = [f"{kind_name(kind)} {n}" for kind, n in row.counts.items() if n]
        return ", ".join(went) or self.tr("nothing was due")


def _table(model: QAbstractTableModel, name: str, stretch: int = 0) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class RetentionPage(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        role = session.actor.role
        self.allowed = may(role, Permission.VIEW_RETENTION)
        self.manages = may(role, Permission.MANAGE_RETENTION)
        self.plan: RetentionPlan | None = None
        self.rules: list[RetentionRule] = []

        self.schedule = ScheduleModel(self)
        self.schedule_table = _table(self.schedule, "retentionSchedule")
        self.schedule_table.setAccessibleName(self.tr("Schedule and what is due now"))
        self.schedule_table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.details = QPlainTextEdit()
        self.details.setObjectName("retentionDetails")
        self.details.setAccessibleName(self.tr("What is due"))
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("Choose a kind of data to see what is due."))
        self.details.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.runs = RunsModel(self)
        self.runs_table = _table(self.runs, "retentionRuns", stretch=2)
        self.runs_table.setAccessibleName(self.tr("Runs"))

        self.kind_choice = QComboBox()
        self.kind_choice.setObjectName("retentionKind")
        self.kind_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.days_edit = QSpinBox()
        self.days_edit.setObjectName("retentionDays")
        self.days_edit.setRange(1, LONGEST_DAYS)
        self.days_edit.setSuffix(self.tr(" days"))
        self.kind_choice.currentIndexChanged.connect(self._kind_chosen)
        self.set_button = QPushButton(self.tr("Set period…"))
        self.set_button.setToolTip(self.tr("Asks for a fresh code"))
        self.set_button.clicked.connect(self.set_period)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.run_button = QPushButton(self.tr("Run now…"))
        self.run_button.setObjectName("retentionRun")
        self.run_button.setToolTip(self.tr("Removes what is due; asks for a fresh code"))
        self.run_button.clicked.connect(self.run_now)

        controls = QWidget()
        flow = FlowLayout(controls)
        kind_label, days_label = QLabel(self.tr("Kind")), QLabel(self.tr("Keep for"))
        kind_label.setBuddy(self.kind_choice)
        days_label.setBuddy(self.days_edit)
        self._admin_boxes = [
            captioned(kind_label, self.kind_choice),
            captioned(days_label, self.days_edit),
            captioned(QLabel(""), self.set_button),
        ]
        for box in self._admin_boxes:
            flow.addWidget(box)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.refresh_button)
        row.addWidget(self.run_button)
        flow.addWidget(captioned(QLabel(""), buttons))
        for widget in (*self._admin_boxes, self.run_button):
            widget.setVisible(self.manages)

        self.status_label = QLabel()
        self.status_label.setObjectName("retentionStatus")
        self.status_label.setWordWrap(True)
        self.error = error_label("retentionError")

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Retention"), 1.4))
        layout.addWidget(controls)
        layout.addWidget(self.error)
        layout.addWidget(heading(self.tr("Schedule and what is due now")))
        layout.addWidget(self.schedule_table, 1)
        layout.addWidget(self.details)
        layout.addWidget(heading(self.tr("Runs")))
        layout.addWidget(self.runs_table, 1)
        layout.addWidget(self.status_label)

        if not self.allowed:
            for widget in (self.schedule_table, self.runs_table, self.refresh_button):
                widget.setEnabled(False)
            self.status_label.setText(self.tr("Retention is for supervisors and admins."))
        else:
            self.refresh()

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.allowed:
            return
        self.error.hide()
        self.status_label.setText(self.tr("Looking for what is due…"))

        def rules_done(rules: list[RetentionRule]) -> None:
            self.rules = rules
            current = self.kind_choice.currentData()
            self.kind_choice.blockSignals(True)
            self.kind_choice.clear()
            for rule in rules:
                self.kind_choice.addItem(rule.name or rule.kind, rule.kind)
            index = self.kind_choice.findData(current)
            self.kind_choice.setCurrentIndex(max(index, 0))
            self.kind_choice.blockSignals(False)
            self._kind_chosen()
            self._session.query(retention.retention_due).then(self._show_plan).failed(
                self._failed
            ).run(owner=self, key="retention-due")

        self._session.query(retention.retention_schedule).then(rules_done).failed(self._failed).run(
            owner=self, key="retention-schedule"
        )

    def _show_plan(self, plan: RetentionPlan) -> None:
        self.plan = plan
        due = {d.kind: d for d in plan.due}
        self.schedule.set_rows([(rule, due.get(rule.kind)) for rule in self.rules])
        self.runs.set_rows(plan.runs)
        self.details.clear()
        if plan.total:
            self.status_label.setText(
                self.tr("{n} due now (as of {at}).").format(n=plan.total, at=local_time(plan.at))
            )
        else:
            self.status_label.setText(
                self.tr("Nothing is due (as of {at}).").format(at=local_time(plan.at))
            )
        self.run_button.setEnabled(bool(plan.total))
        if self.rules:
            self.schedule_table.selectRow(0)

    def _row_chosen(self) -> None:
        index = self.schedule_table.currentIndex()
        if not index.isValid() or self.plan is None:
            return
        rule, due = self.schedule.row_at(index.row())
        if due is None:
            return
        lines = [
            self.tr("{label}: kept {days} days after {start}.").format(
                label=rule.label, days=rule.days, start=rule.counted_from
            )
        ]
        if due.count and not due.items:
            lines.append(self.tr("{n} due (finance sees which).").format(n=due.count))
        lines += due.items
        lines += [self.tr("Held back: {why}").format(why=held) for held in due.held]
        if not due.count and not due.held:
            lines.append(self.tr("Nothing of this kind is due."))
        self.details.setPlainText("\n".join(lines))

    def _kind_chosen(self) -> None:
        kind = self.kind_choice.currentData()
        rule = next((r for r in self.rules if r.kind == kind), None)
        if rule is not None:
            self.days_edit.setMinimum(rule.minimum_days)
            self.days_edit.setValue(rule.days)

    def _failed(self, failure: Failure) -> None:
        self.status_label.setText("")
        self.error.setText(failure.message)
        self.error.show()

    # -- changing --------------------------------------------------------------------------

    def set_period(self) -> None:
        kind = str(self.kind_choice.currentData())
        days = self.days_edit.value()

        def done(rule: RetentionRule) -> None:
            self.refresh()
            self.status_label.setText(
                self.tr("{kind}: kept {days} days.").format(
                    kind=rule.name or rule.kind, days=rule.days
                )
            )

        self.error.hide()
        self._session.write(retention.set_retention, kind, days).fresh().then(done).failed(
            self._failed
        ).run(owner=self)

    def run_now(self) -> None:
        total = self.plan.total if self.plan else 0
        answer = QMessageBox.question(
            self,
            self.tr("Run the retention schedule"),
            self.tr(
                "Remove the {n} items due now? Terminated customers are anonymised as an "
                "erasure is; this cannot be undone."
            ).format(n=total),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.run_confirmed()

    def run_confirmed(self) -> None:
        def done(result: RetentionResult) -> None:
            self.refresh()
            note = self.tr("Removed {n}.").format(n=result.total)
            if result.files_to_delete:
                note += " " + self.tr("Delete by hand: {files}").format(
                    files=", ".join(result.files_to_delete)
                )
            self.status_label.setText(note)

        self.error.hide()
        self._session.write(retention.run_retention).fresh().then(done).failed(self._failed).run(
            owner=self
        )
