"""The reports page: the data protection officer's reports in a read-only table, exported
as CSV or JSON, and requests per month drawn as a chart.

A report runs on the worker when the officer asks for it (each run is audited by
the service), never on a timer. The chart is painted with QPainter: bars of the
requests opened, completed and overdue each month, and beneath them the median
days to complete.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import VoxError
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import NUMBER_ALIGNMENT, RowsModel
from voxprivacy.gui.widgets import INK, captioned, error_label, heading
from voxprivacy.services import reports
from voxprivacy.services.reports import Report

ReportRow = tuple[object, ...]


class ReportModel(RowsModel[ReportRow]):
    """One report's rows, with its own columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()

    def show_report(self, report: Report) -> None:
        self.beginResetModel()
        self._columns = report.columns
        self._rows = list(report.rows)
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        return tuple(reports.column_label(c) for c in self._columns)

    def cell(self, row: ReportRow, column: int) -> str:
        value = row[column]
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, datetime):
            return local_time(value)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def alignment(self, column: int) -> object:
        numbers = [r[column] for r in self._rows if r[column] is not None]
        if numbers and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
            return NUMBER_ALIGNMENT
        return None


class RequestsChart(QWidget):
    """Requests per month as bars (opened, completed, overdue) over the median days to
    complete, painted with QPainter."""

    SERIES = ("opened", "completed", "overdue")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsChart")
        self.report: Report | None = None
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 11)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            self.tr("Requests opened, completed and overdue each month; below, the median days")
            + self.tr(" a completed request took.")
        )

    def colours(self) -> dict[str, QColor]:
        palette = self.palette()
        return {
            "opened": palette.color(QPalette.ColorRole.Highlight),
            "completed": INK["muted"],
            "overdue": INK["error"],
            "median": palette.color(QPalette.ColorRole.Text),
        }

    def show_report(self, report: Report | None) -> None:
        self.report = report
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self.report is None or not self.report.rows:
            return
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        colours = self.colours()
        months = [str(m) for m in self.report.column("month")]
        series = {s: [int(str(v)) for v in self.report.column(s)] for s in self.SERIES}
        medians = [
            float(str(v)) if v is not None else None
            for v in self.report.column("median_days_to_complete")
        ]
        left, right = metrics.horizontalAdvance("0000") + 8, 8
        width = max(1, self.width() - left - right)
        legend_y = line
        top = line * 2
        bars_bottom = top + (self.height() - top - line * 2) * 0.62
        median_top = bars_bottom + line * 1.2
        median_bottom = self.height() - line * 1.2
        text = palette.color(QPalette.ColorRole.Text)

        # legend
        x = float(left)
        for name, label in (
            ("opened", self.tr("Opened")),
            ("completed", self.tr("Completed")),
            ("overdue", self.tr("Overdue")),
            ("median", self.tr("Median days to complete")),
        ):
            painter.fillRect(
                QRectF(x, legend_y - line * 0.7, line * 0.7, line * 0.7), colours[name]
            )
            painter.setPen(text)
            painter.drawText(int(x + line), int(legend_y), label)
            x += line * 1.6 + metrics.horizontalAdvance(label)

        highest = max([1, *(v for values in series.values() for v in values)])
        slot = width / len(months)
        bar = max(1.0, slot * 0.8 / len(self.SERIES))
        grid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(grid)
        painter.drawLine(left, int(bars_bottom), left + width, int(bars_bottom))
        painter.setPen(text)
        painter.drawText(0, int(top + line * 0.5), str(highest))
        painter.drawText(0, int(bars_bottom), "0")
        for i, month in enumerate(months):
            x0 = left + slot * i + slot * 0.1
            for j, name in enumerate(self.SERIES):
                value = series[name][i]
                height = (bars_bottom - top) * value / highest
                painter.fillRect(
                    QRectF(x0 + bar * j, bars_bottom - height, bar * 0.9, height), colours[name]
                )
            label = month[2:] if slot < metrics.horizontalAdvance(month) + 4 else month
            if slot >= metrics.horizontalAdvance(label) + 2 or i % 2 == 0:
                painter.setPen(text)
                painter.drawText(
                    QRectF(left + slot * i, bars_bottom, slot, line),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    label,
                )

        known = [m for m in medians if m is not None]
        most = max([1.0, *known])
        painter.setPen(grid)
        painter.drawLine(left, int(median_bottom), left + width, int(median_bottom))
        for i, median in enumerate(medians):
            if median is None:
                continue
            height = (median_bottom - median_top) * median / most
            rect = QRectF(left + slot * i + slot * 0.3, median_bottom - height, slot * 0.4, height)
            painter.fillRect(rect, colours["median"])
            painter.setPen(text)
            painter.drawText(
                QRectF(left + slot * i, median_bottom, slot, line),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                f"{median:g}",
            )


class ReportsPage(QWidget):
    """Pick a report and its filters, run it, read it, export it."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.allowed = may(session.actor.role, Permission.VIEW_REPORTS)
        self.report: Report | None = None
        self.model = ReportModel(self)

        self.choice = QComboBox()
        self.choice.setObjectName("reportChoice")
        for name, label in (
            ("requests", self.tr("Privacy requests per month")),
            ("disclosures", self.tr("Register of disclosures")),
            ("consents", self.tr("Consent statistics")),
            ("consent-ledger", self.tr("Consent ledger")),
            ("audit", self.tr("Audit trail")),
        ):
            self.choice.addItem(label, name)
        self.choice.currentIndexChanged.connect(self._choice_changed)

        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = QDateEdit(today.addMonths(-11).addDays(1 - today.day()))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = QDateEdit(today)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.staff_edit = QLineEdit()
        self.staff_edit.setPlaceholderText(self.tr("user name"))
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(self.tr("e.g. request."))
        self.customer_edit = QLineEdit()
        self.customer_edit.setPlaceholderText(self.tr("account number"))
        chars = self.fontMetrics().averageCharWidth()
        for line_edit, width in (
            (self.staff_edit, 12),
            (self.action_edit, 14),
            (self.customer_edit, 14),
        ):
            line_edit.setMinimumWidth(chars * width)
            line_edit.returnPressed.connect(self.run_report)
        self.run_button = QPushButton(self.tr("Run report"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_report)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the report shown as CSV or JSON"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)

        filter_row = QWidget()
        filters = FlowLayout(filter_row)
        self._audit_filters: list[QWidget] = []
        self._date_filters: list[QWidget] = []
        for caption, editor, kind in (
            (QLabel(self.tr("Report")), self.choice, ""),
            (self.from_check, self.from_date, "date"),
            (self.to_check, self.to_date, "date"),
            (QLabel(self.tr("Staff")), self.staff_edit, "audit"),
            (QLabel(self.tr("Action starts with")), self.action_edit, "audit"),
            (QLabel(self.tr("Customer account")), self.customer_edit, "audit"),
        ):
            if isinstance(caption, QLabel):
                caption.setBuddy(editor)
            box = captioned(caption, editor)
            filters.addWidget(box)
            if kind == "audit":
                self._audit_filters.append(box)
            elif kind == "date":
                self._date_filters.append(box)
        buttons = QWidget()
        button_row = QHBoxLayout(buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        button_row.addWidget(self.run_button)
        button_row.addWidget(self.export_button)
        filters.addWidget(captioned(QLabel(""), buttons))

        self.chart = RequestsChart()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setObjectName("reportTable")
        self.table.setAccessibleName(self.tr("Report"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("reportStatus")
        self.status_label.setWordWrap(True)
        self.error = error_label("reportError")

        title = heading(self.tr("Reports"), 1.4)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(filter_row)
        layout.addWidget(self.error)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        self._choice_changed()
        if not self.allowed:
            for widget in (self.choice, self.run_button, self.table):
                widget.setEnabled(False)
            self.status_label.setText(self.tr("Reports are for supervisors and admins."))
        else:
            self.run_report()

    # -- running ----------------------------------------------------------------------------

    def current_name(self) -> str:
        return str(self.choice.currentData())

    def _choice_changed(self) -> None:
        name = self.current_name()
        takes = reports.filters_for(name)
        for box in self._audit_filters:
            box.setVisible("staff" in takes)
        for box in self._date_filters:
            box.setVisible("from" in takes)
        self.chart.setVisible(name == "requests" and self.report is not None)

    def _dates(self) -> tuple[date | None, date | None]:
        start = self.from_date.date().toPython() if self.from_check.isChecked() else None
        end = self.to_date.date().toPython() if self.to_check.isChecked() else None
        return start, end  # type: ignore[return-value]

    def run_report(self) -> None:
        if not self.allowed:
            return
        name = self.current_name()
        start, end = self._dates()
        self.run_button.setEnabled(False)
        self.error.hide()
        self.status_label.setText(self.tr("Running the report…"))

        def done(report: Report) -> None:
            self.run_button.setEnabled(True)
            self.report = report
            self.model.show_report(report)
            self.table.resizeColumnsToContents()
            self.chart.show_report(report if report.name == "requests" else None)
            self.chart.setVisible(report.name == "requests")
            self.export_button.setEnabled(True)
            n = len(report.rows)
            self.status_label.setText(
                self.tr("{title}: %n row(s)", "", n).format(title=report.title)
            )

        def failed(failure: Failure) -> None:
            self.run_button.setEnabled(True)
            self.status_label.setText("")
            self.error.setText(failure.message)
            self.error.show()

        self._session.query(
            reports.run,
            name,
            start,
            end,
            staff=self.staff_edit.text().strip() or None,
            action=self.action_edit.text().strip() or None,
            customer=self.customer_edit.text().strip() or None,
        ).then(done).failed(failed).run(owner=self, key="report")

    # -- export -----------------------------------------------------------------------------

    def export(self) -> None:
        if self.report is None:
            return
        csv_filter, json_filter = self.tr("CSV (*.csv)"), self.tr("JSON (*.json)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export report"),
            f"{self.report.name}.csv",
            f"{csv_filter};;{json_filter}",
        )
        if not path:
            return
        fmt = "json" if chosen == json_filter or path.lower().endswith(".json") else "csv"
        self.export_to(path, fmt)

    def export_to(self, path: str, fmt: str) -> bool:
        """Write the report shown to ``path`` as ``fmt``; say where, or why not."""
        if self.report is None:
            return False
        try:
            written = reports.write_export(path, reports.render(self.report, fmt))
        except (VoxError, OSError) as exc:
            reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
            self.error.setText(self.tr("The report was not saved: {reason}").format(reason=reason))
            self.error.show()
            return False
        self.error.hide()
        self.status_label.setText(self.tr("Saved to {path}").format(path=str(written)))
        return True
