"""Finding a customer: search as you type, a status filter, and a lazily loaded list.

The model asks the search service as an operation of the signed-in session (the
context and staff member bound there), never on the GUI thread; a newer search
supersedes an older one and answers to older ones are dropped,
so fast typing never shows stale results. The first page (100 rows) comes
back quickly; scrolling to the end reveals more, 100 rows at a time, fetching
up to the service's limit of 1000 once. Beyond that the list says to refine
the search.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.roles import Section
from voxprivacy.gui import look
from voxprivacy.gui.operations import Executor, Failure, Operation, OperationRunner, supersede
from voxprivacy.gui.session import DeskSession
from voxprivacy.services import customers
from voxprivacy.services.customers import CustomerHit

PAGE = 100
MAX_ROWS = 1000  # the search service's own limit
DEBOUNCE_MS = 150

SearchFunction = Callable[..., list[CustomerHit]]  # (text, *, statuses, limit)
AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "active": str(QT_TRANSLATE_NOOP("customer_list", "Active")),
    "terminated": str(QT_TRANSLATE_NOOP("customer_list", "Terminated")),
    "erased": str(QT_TRANSLATE_NOOP("customer_list", "Erased")),
}


def status_label(status: str) -> str:
    return QCoreApplication.translate("customer_list", STATUS_LABELS.get(status, status))


class CustomerListModel(QAbstractTableModel):
    """Search results as table rows; ``CUSTOMER_ID_ROLE`` gives a row's customer id."""

    ACCOUNT, NAME, COMPANY, EMAIL, PHONE, STATUS = range(6)
    COLUMN_TITLES: ClassVar[tuple[str, ...]] = (
        str(QT_TRANSLATE_NOOP("customer_list", "Account")),
        str(QT_TRANSLATE_NOOP("customer_list", "Name")),
        str(QT_TRANSLATE_NOOP("customer_list", "Company")),
        str(QT_TRANSLATE_NOOP("customer_list", "Email")),
        str(QT_TRANSLATE_NOOP("customer_list", "Phone")),
        str(QT_TRANSLATE_NOOP("customer_list", "Status")),
    )
    CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    searching_changed = Signal(bool)
    results_changed = Signal()  # a search or a further page arrived
    search_failed = Signal(object)  # the operations.Failure

    def __init__(
        self,
        runner: DeskSession | OperationRunner | Executor,
        search: SearchFunction | None = None,
        parent: QObject | None = None,
    ) -> None:
        """With the signed-in ``DeskSession`` the search service runs as its query; with a
        runner or an executor, ``search(text, *, statuses, limit)`` runs on it as it is."""
        super().__init__(parent)
        if not isinstance(runner, DeskSession) and search is None:
            raise ValueError("a search function is needed without a signed-in session")
        self._session = runner if isinstance(runner, DeskSession) else None
        self._runner = (
            runner.runner
            if isinstance(runner, DeskSession)
            else runner
            if isinstance(runner, OperationRunner)
            else OperationRunner(runner)
        )
        self._search = search
        self._hits: list[CustomerHit] = []  # everything the service returned
        self._shown = 0  # rows the view has been given
        self._more_on_server = False
        self._fetching = False
        self._text = ""
        self._statuses: tuple[str, ...] | None = None
        self._searching = False

    # ---- searching --------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def searching(self) -> bool:
        return self._searching

    @property
    def fetching_more(self) -> bool:
        return self._fetching

    @property
    def truncated(self) -> bool:
        """True when the service had more matches than it returns (refine the search)."""
        return len(self._hits) >= MAX_ROWS

    def search(self, text: str, statuses: Sequence[str] | None = None) -> None:
        """Start a search; an earlier one still running is superseded."""
        supersede(self, "search")
        supersede(self, "more")
        self._text = text.strip()
        self._statuses = tuple(statuses) if statuses else None
        self._fetching = False
        if not self._text:
            self._set_searching(False)
            self._replace([], more=False)
            return
        self._set_searching(True)
        self._searching_for(PAGE + 1).then(self._first_page).failed(self._failed).run(
            owner=self, key="search"
        )

    def _searching_for(self, limit: int) -> Operation[list[CustomerHit]]:
        """The search for the current text and statuses, up to ``limit`` hits."""
        if self._session is not None:
            return self._session.query(
                customers.search_customers, self._text, statuses=self._statuses, limit=limit
            )
        assert self._search is not None
        return self._runner.call(self._search, self._text, statuses=self._statuses, limit=limit)

    def refresh(self) -> None:
        self.search(self._text, self._statuses)

    def _first_page(self, hits: list[CustomerHit]) -> None:
        self._set_searching(False)
        more = len(hits) > PAGE
        self._replace(hits[:PAGE], more=more)

    def _failed(self, failure: Failure) -> None:
        self._fetching = False
        self._set_searching(False)
        self.search_failed.emit(failure)

    def _set_searching(self, searching: bool) -> None:
        if searching != self._searching:
            self._searching = searching
            self.searching_changed.emit(searching)

    def _replace(self, hits: list[CustomerHit], *, more: bool) -> None:
        self.beginResetModel()
        self._hits = hits
        self._shown = min(PAGE, len(hits))
        self._more_on_server = more
        self.endResetModel()
        self.results_changed.emit()

    # ---- lazy loading -----------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._shown < len(self._hits) or (self._more_on_server and not self._fetching)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        if self._shown < len(self._hits):
            self._reveal()
        elif self._more_on_server and not self._fetching:
            self._fetching = True
            everything = self._searching_for(MAX_ROWS)
            everything.then(self._all_rows).failed(self._failed).run(owner=self, key="more")

    def _reveal(self) -> None:
        start = self._shown
        end = min(len(self._hits), start + PAGE)
        if end <= start:
            return
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self._shown = end
        self.endInsertRows()
        self.results_changed.emit()

    def _all_rows(self, hits: list[CustomerHit]) -> None:
        self._fetching = False
        self._more_on_server = False
        shown = self._shown
        if len(hits) < shown:  # records changed meanwhile; start over with what is there
            self._replace(hits, more=False)
            return
        self._hits = hits
        if shown:
            self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, self.STATUS))
        self._reveal()

    # ---- the table --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMN_TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMN_TITLES)
        ):
            return QCoreApplication.translate("customer_list", self.COLUMN_TITLES[section])
        return None

    def hit(self, row: int) -> CustomerHit | None:
        return self._hits[row] if 0 <= row < self._shown else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hit(index.row())
        if hit is None:
            return None
        column = index.column()
        if role == self.CUSTOMER_ID_ROLE:
            return hit.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.ACCOUNT:
                return hit.account_number
            if column == self.NAME:
                return hit.name
            if column == self.COMPANY:
                return hit.company or ""
            if column == self.EMAIL:
                return hit.email or ""
            if column == self.PHONE:
                return hit.phone or ""
            if column == self.STATUS:
                return status_label(hit.status)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class _SearchKeys(QObject):
    """Arrow keys and Enter in the search box work on the result list."""

    def __init__(self, owner: CustomerListWidget) -> None:
        super().__init__(owner)
        self._owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self._owner.focus_results()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._owner.open_current()
                return True
        return False


class _Resized(QObject):
    """Calls ``then`` whenever the watched widget changed its size."""

    def __init__(self, owner: QObject, then: Callable[[], None]) -> None:
        super().__init__(owner)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._then()
        return False


class CustomerListWidget(QWidget):
    """Search box, status filter, results, and a line saying what the list shows."""

    open_requested = Signal(str)  # customer id

    STATUS_FILTERS: ClassVar[tuple[tuple[str, tuple[str, ...] | None], ...]] = (
        (str(QT_TRANSLATE_NOOP("customer_list", "All")), None),
        (str(QT_TRANSLATE_NOOP("customer_list", "Active")), ("active",)),
        (str(QT_TRANSLATE_NOOP("customer_list", "Terminated")), ("terminated",)),
        (str(QT_TRANSLATE_NOOP("customer_list", "Erased")), ("erased",)),
    )

    # What a column likes to have, in lines of text. When the list is short of room the
    # columns in GIVE_WAY's order narrow first, down to the width of their title; Name
    # takes what is left and gets room for the names shown before any other column.
    WIDTHS: ClassVar[dict[int, float]] = {
        CustomerListModel.ACCOUNT: 7.0,
        CustomerListModel.COMPANY: 10.0,
        CustomerListModel.EMAIL: 13.0,
        CustomerListModel.PHONE: 9.0,
        CustomerListModel.STATUS: 6.0,
    }
    GIVE_WAY: ClassVar[tuple[int, ...]] = (
        CustomerListModel.COMPANY,
        CustomerListModel.STATUS,
        CustomerListModel.ACCOUNT,
        CustomerListModel.EMAIL,
        CustomerListModel.PHONE,
    )
    NAME_WIDTH = (8.0, 22.0)  # Name's least and most width it asks for, in lines

    def __init__(
        self,
        runner: DeskSession | OperationRunner | Executor,
        search: SearchFunction | None = None,
        parent: QWidget | None = None,
        *,
        sections: Collection[Section] | None = None,
    ) -> None:
        """``sections`` are the parts of a record the signed-in role sees (roles.sections_for);
        the Email and Phone columns are hidden from a role that does not see contact data."""
        super().__init__(parent)
        self.model = CustomerListModel(runner, search, self)
        self._contact = sections is None or Section.CONTACT in sections

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Search customers: name, email, phone or account number (Ctrl+F)")
            if self._contact
            else self.tr("Search customers: name, company or account number (Ctrl+F)")
        )
        self.search_edit.setAccessibleName(self.tr("Search customers"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(look.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.installEventFilter(_SearchKeys(self))

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setAccessibleName(self.tr("Status"))
        for title, statuses in self.STATUS_FILTERS:
            self.status_combo.addItem(QCoreApplication.translate("customer_list", title), statuses)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setObjectName("customerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(look.em(self, 1.7))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        shown = set(sections) if sections is not None else set(Section)
        if Section.CONTACT not in shown:  # a role that does not see contact data
            self.table.setColumnHidden(CustomerListModel.EMAIL, True)
            self.table.setColumnHidden(CustomerListModel.PHONE, True)
        self.table.viewport().installEventFilter(_Resized(self, self.fit_columns))
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setProperty("role", "emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.results = QStackedWidget()
        self.results.addWidget(self.empty_label)
        self.results.addWidget(self.table)

        self.problem = QFrame()
        self.problem.setObjectName("problemBanner")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemText")
        self.problem_label.setWordWrap(True)
        warning = QLabel()
        warning.setPixmap(look.icon("warning").pixmap(look.em(self, 1.2)))
        problem_layout = QHBoxLayout(self.problem)
        problem_layout.addWidget(warning, 0, Qt.AlignmentFlag.AlignTop)
        problem_layout.addWidget(self.problem_label, 1)
        self.problem.hide()

        self.summary_label = QLabel()
        self.summary_label.setObjectName("resultSummary")
        self.summary_label.setProperty("role", "hint")

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.status_combo.currentIndexChanged.connect(self._run_search)
        self._reselect: str | None = None  # the customer to select again after a refresh
        self.model.results_changed.connect(self._update_state)
        self.model.results_changed.connect(self.fit_columns)
        self.model.results_changed.connect(self._restore_selection)
        self.model.searching_changed.connect(self._update_state)
        self.model.search_failed.connect(self._show_problem)
        self._update_state()

    # ---- columns ----------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Give Name room for the names shown (within NAME_WIDTH), narrowing the other
        columns in GIVE_WAY's order down to their titles' width, and Name whatever is left."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        widths = {
            column: look.em(self, wanted)
            for column, wanted in self.WIDTHS.items()
            if not self.table.isColumnHidden(column)
        }
        least, most = (look.em(self, w) for w in self.NAME_WIDTH)
        name_needs = max(least, min(most, self.table.sizeHintForColumn(CustomerListModel.NAME)))
        short = sum(widths.values()) + name_needs - available
        for column in self.GIVE_WAY:
            if short <= 0:
                break
            if column not in widths:
                continue
            cut = min(short, widths[column] - header.sectionSizeHint(column))
            if cut > 0:
                widths[column] -= cut
                short -= cut
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.resizeSection(
            CustomerListModel.NAME, max(look.em(self, 3), available - sum(widths.values()))
        )

    # ---- actions ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, CustomerListModel.NAME))

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0, CustomerListModel.NAME)
        if index.isValid():
            self._open_index(index)

    def selected_statuses(self) -> tuple[str, ...] | None:
        value = self.status_combo.currentData()
        return tuple(value) if value else None

    def _open_index(self, index: QModelIndex) -> None:
        customer_id = self.model.data(index, CustomerListModel.CUSTOMER_ID_ROLE)
        if customer_id:
            self.open_requested.emit(str(customer_id))

    def _run_search(self) -> None:
        self._debounce.stop()
        self.problem.hide()
        self.model.search(self.search_edit.text(), self.selected_statuses())

    def refresh(self) -> None:
        """Search again (e.g. after a record changed); the selected customer stays selected."""
        self.problem.hide()
        index = self.table.currentIndex()
        chosen = self.model.data(index, CustomerListModel.CUSTOMER_ID_ROLE)
        self._reselect = str(chosen) if chosen else None
        self.model.refresh()

    def _restore_selection(self) -> None:
        wanted, self._reselect = self._reselect, None
        if wanted is None or self.model.searching:
            return
        for row in range(self.model.rowCount()):
            hit = self.model.hit(row)
            if hit is not None and str(hit.id) == wanted:
                self.table.setCurrentIndex(self.model.index(row, CustomerListModel.NAME))
                return

    def _show_problem(self, failure: object) -> None:
        assert isinstance(failure, Failure)
        self.problem_label.setText(failure.message)
        self.problem.show()
        self._update_state()

    def _update_state(self) -> None:
        model = self.model
        rows = model.rowCount()
        if not model.text:
            self.empty_label.setText(
                self.tr("Type a name, email, phone or account number")
                if self._contact
                else self.tr("Type a name, company or account number")
            )
            self.results.setCurrentWidget(self.empty_label)
        elif rows == 0 and not model.searching:
            self.empty_label.setText(self.tr("No customer matches “{0}”.").format(model.text))
            self.results.setCurrentWidget(self.empty_label)
        elif rows:
            self.results.setCurrentWidget(self.table)
        if model.searching:
            self.summary_label.setText(self.tr("Searching…"))
        elif not model.text:
            self.summary_label.setText("")
        elif model.canFetchMore():
            self.summary_label.setText(
                self.tr("Showing the first {0} customers — scroll for more.").format(rows)
            )
        elif model.truncated:
            self.summary_label.setText(
                self.tr(
                    "Showing the first {0} customers — refine the search to find others."
                ).format(rows)
            )
        else:
            self.summary_label.setText(self.tr("Customers found: {0}").format(rows))
