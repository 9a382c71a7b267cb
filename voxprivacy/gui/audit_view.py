"""The audit viewer: filtered events, newest first, older ones on demand, and the chain's state.

Events are fetched on the worker a page at a time (``before_seq`` paging), so a
long trail never loads at once; the chain is verified on the worker right after
the newest events are loaded (the worker runs jobs in order, so both see the same
trail), and its verdict stays visible above the table. Both are loaded again each
time the page is opened and after the desk wrote something while it is shown.
Customers appear by account number and staff by name, and the entity filter takes
either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QDate,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.roles import Permission, may
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import ID_ROLE, NUMBER_ALIGNMENT, RowsModel
from voxprivacy.gui.widgets import INK, captioned, restyle
from voxprivacy.services import audit
from voxprivacy.services.audit import AuditEntry, ChainReport

SEQ_ROLE = ID_ROLE
PAGE_SIZE = 200


class AuditModel(RowsModel[AuditEntry]):
    """Audit events, newest first; ``SEQ_ROLE`` gives an event's sequence number."""

    SEQ, TIME, STAFF, ROLE, ACTION, ENTITY, FIELDS, OUTCOME, DETAIL = range(9)

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def oldest_seq(self) -> int | None:
        return self._rows[-1].seq if self._rows else None

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("#"),
            self.tr("Time"),
            self.tr("Staff"),
            self.tr("Role"),
            self.tr("Action"),
            self.tr("Entity"),
            self.tr("Fields"),
            self.tr("Outcome"),
            self.tr("Detail"),
        )

    def entity_text(self, e: AuditEntry) -> str:
        """What a person recognises: the customer's account number, the staff member's
        name; other entities (or ones that no longer exist) by their id."""
        if e.entity_type == "customer" and e.account_number:
            return self.tr("customer {account}").format(account=e.account_number)
        if e.entity_type == "staff" and e.staff_name:
            return self.tr("staff {name}").format(name=e.staff_name)
        if e.entity_type and e.entity_id:
            return f"{e.entity_type} {e.entity_id}"
        return e.entity_type or e.entity_id or ""

    def cell(self, e: AuditEntry, column: int) -> str:
        entity = self.entity_text(e)
        return [
            str(e.seq),
            local_time(e.at),
            e.username or "",
            e.role or "",
            e.action,
            entity,
            ", ".join(e.fields),
            e.outcome,
            e.detail or "",
        ][column]

    def tooltip(self, e: AuditEntry, column: int) -> str | None:
        if column == self.ENTITY and e.entity_id:
            return f"{self.entity_text(e)}\n{e.entity_type or ''} id {e.entity_id}".strip()
        if column in (self.ENTITY, self.FIELDS, self.DETAIL):
            return super().tooltip(e, column)
        return None

    def row_id(self, e: AuditEntry) -> int:
        return e.seq

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column == self.SEQ else None

    def other_data(self, e: AuditEntry, column: int, role: int) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and e.outcome != "ok"
            and column in (self.ACTION, self.OUTCOME)
        ):
            return INK["error"]
        return None


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def arguments(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "action": self.action,
            "entity": self.entity,
            "since": self.since,
            "until": self.until,
        }


def _start_of_day(day: QDate) -> datetime:
    """Local midnight of ``day`` as an aware datetime (the services compare in UTC)."""
    return datetime.combine(day.toPython(), time()).astimezone()  # type: ignore[arg-type]


class AuditViewWidget(QWidget):
    """Filter, page through and verify the tamper-evident audit trail."""

    chain_checked = Signal(object)  # ChainReport

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._filter = AuditFilter()
        self._loading = False
        self._exhausted = False
        self.chain_verified = False
        self.last_report: ChainReport | None = None
        self.model = AuditModel(self)
        self.allowed = may(session.actor.role, Permission.READ_AUDIT)

        title = QLabel(self.tr("Audit trail"))
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)

        self.chain_label = QLabel()
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.clicked.connect(self.verify)

        self.staff_edit = QLineEdit()
        self.staff_edit.setObjectName("filterStaff")
        self.staff_edit.setPlaceholderText(self.tr("user name"))
        self.action_edit = QLineEdit()
        self.action_edit.setObjectName("filterAction")
        self.action_edit.setPlaceholderText(self.tr("e.g. customer."))
        self.entity_edit = QLineEdit()
        self.entity_edit.setObjectName("filterEntity")
        self.entity_edit.setPlaceholderText(self.tr("account number or user name"))
        self.entity_edit.setToolTip(
            self.tr(
                "What happened to one customer or staff member: their account number, "
                "user name or id"
            )
        )
        chars = self.fontMetrics().averageCharWidth()
        self.staff_edit.setMinimumWidth(chars * 14)
        self.action_edit.setMinimumWidth(chars * 18)
        self.entity_edit.setMinimumWidth(chars * 24)
        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = QDateEdit(today.addDays(-30))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = QDateEdit(today)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.apply_button = QPushButton(self.tr("Apply filters"))
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear_filters)
        for line in (self.staff_edit, self.action_edit, self.entity_edit):
            line.returnPressed.connect(self.apply_filters)

        # The filters wrap onto a second line when the page is narrow (a 1024-pixel
        # screen with the demo panel open) instead of widening the window.
        filter_row = QWidget()
        filters = FlowLayout(filter_row)
        for caption, editor in (
            (QLabel(self.tr("Staff")), self.staff_edit),
            (QLabel(self.tr("Action starts with")), self.action_edit),
            (QLabel(self.tr("Customer account or staff")), self.entity_edit),
            (self.from_check, self.from_date),
            (self.to_check, self.to_date),
        ):
            if isinstance(caption, QLabel):
                caption.setBuddy(editor)
            filters.addWidget(captioned(caption, editor))
        buttons = QWidget()
        button_row = QHBoxLayout(buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        button_row.addWidget(self.apply_button)
        button_row.addWidget(self.clear_button)
        filters.addWidget(captioned(QLabel(""), buttons))

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        samples = {
            AuditModel.SEQ: "0000000",
            AuditModel.TIME: "2026-12-31 23:59",
            AuditModel.STAFF: "Demo Supervisor",
            AuditModel.ROLE: "supervisor",
            AuditModel.ACTION: "customer.reveal_billing",
            AuditModel.ENTITY: "customer VX00000000",
            AuditModel.FIELDS: "identity, contact, services",
            AuditModel.OUTCOME: "refused",
        }
        titles = header.fontMetrics()
        for column, sample in samples.items():
            # wide enough for a typical value and for the column's own title (the header's
            # font is bold): a title is never cut to "Dutcome"
            column_title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), titles.horizontalAdvance(column_title))
            header.resizeSection(column, width + chars * 3)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)

        self.older_button = QPushButton(self.tr("Load older events"))
        self.older_button.clicked.connect(self.load_older)
        self.count_label = QLabel()

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        chain = QHBoxLayout()
        chain.addWidget(self.chain_label, 1)
        chain.addWidget(self.verify_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.older_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(chain)
        layout.addWidget(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._stale = False
        if self.allowed:
            self.refresh()
            session.wrote.connect(self._data_changed)
            session.locked.connect(self._data_changed)
        else:
            for widget in (
                self.table,
                self.verify_button,
                self.older_button,
                self.apply_button,
                self.clear_button,
            ):
                widget.setEnabled(False)
            self._set_chain_text(self.tr("The audit trail is for supervisors and admins."), None)

    # -- keeping current ------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the newest events, then verify the chain. The worker runs jobs in order, so
        the chain is counted over the same events the list shows."""
        self._stale = False
        self.reload()
        self.verify()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.allowed and self._stale:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # whatever happens while the page is away shows when it is opened again
        self._stale = True

    def _data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    # -- filters and paging -------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        since = _start_of_day(self.from_date.date()) if self.from_check.isChecked() else None
        until = (
            _start_of_day(self.to_date.date()) + timedelta(days=1)
            if self.to_check.isChecked()
            else None
        )
        return AuditFilter(
            self.staff_edit.text().strip() or None,
            self.action_edit.text().strip() or None,
            self.entity_edit.text().strip() or None,
            since,
            until,
        )

    def apply_filters(self) -> None:
        self._filter = self.current_filter()
        self.reload()

    def clear_filters(self) -> None:
        for line in (self.staff_edit, self.action_edit, self.entity_edit):
            line.clear()
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.apply_filters()

    def reload(self) -> None:
        self._fetch(None)

    def load_older(self) -> None:
        if self._loading or self._exhausted:
            return
        oldest = self.model.oldest_seq()
        if oldest is not None:
            self._fetch(oldest)

    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if value and value >= bar.maximum():
            self.load_older()

    def _fetch(self, before_seq: int | None) -> None:
        self._loading = True
        self.older_button.setEnabled(False)
        self.count_label.setText(self.tr("Loading…"))

        def loaded(rows: list[AuditEntry]) -> None:
            self._loading = False
            if before_seq is None:
                self.model.set_rows(rows)
            else:
                self.model.append_rows(rows)
            self._exhausted = len(rows) < PAGE_SIZE
            self.older_button.setEnabled(not self._exhausted)
            n = self.model.rowCount()
            if n == 0:
                self.count_label.setText(
                    self.tr("No events match these filters.")
                    if self._filter != AuditFilter()
                    else self.tr("The audit trail is empty.")
                )
            elif self._exhausted:
                self.count_label.setText(self.tr("%n event(s) shown", "", n))
            else:
                self.count_label.setText(self.tr("%n newest event(s) shown", "", n))

        def failed(failure: Failure) -> None:
            self._loading = False
            self.older_button.setEnabled(True)
            self.count_label.setText(failure.message)

        self._session.query(
            audit.list_events, **self._filter.arguments(), limit=PAGE_SIZE, before_seq=before_seq
        ).then(loaded).failed(failed).run(owner=self, key="events")

    # -- chain ----------------------------------------------------------------------------

    def _set_chain_text(self, text: str, ok: bool | None) -> None:
        self.chain_label.setText(text)
        self.chain_label.setProperty("state", {True: "ok", False: "broken", None: ""}[ok])
        restyle(self.chain_label)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self._set_chain_text(self.tr("Verifying the audit chain…"), None)

        def done(report: ChainReport) -> None:
            self.verify_button.setEnabled(True)
            self.last_report = report
            self.chain_verified = True
            if report.ok:
                self._set_chain_text(
                    self.tr("Chain intact: %n entry(s)", "", report.events),
                    True,
                )
            else:
                self._set_chain_text(
                    self.tr("Chain BROKEN at entry {seq}: {problem}").format(
                        seq=report.first_bad_seq, problem=report.problem
                    ),
                    False,
                )
            self.chain_checked.emit(report)

        def failed(failure: Failure) -> None:
            self.verify_button.setEnabled(True)
            self._set_chain_text(
                self.tr("The chain could not be verified: {reason}").format(reason=failure.message),
                False,
            )

        self._session.query(audit.verify_chain).then(done).failed(failed).run(
            owner=self, key="chain"
        )
