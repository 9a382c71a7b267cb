"""Privacy requests in the desk: the requests page, opening a request, a customer's requests tab.

``RequestsPage`` puts the queue (``requests_queue``) next to a request's detail
(``request_detail``), so the main window adds one widget. ``OpenRequestDialog``
records how the caller's identity was verified and, for an erasure, shows the
impact before anyone confirms. ``CustomerRequestsTab`` is the customer page's
"Privacy requests" tab: the customer's requests and third-party disclosures.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
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
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import Purpose
from voxprivacy.domain.requests import (
    VERIFICATION_LABELS,
    WITH_PURPOSES,
    RequestKind,
    RequestStatus,
)
from voxprivacy.gui.fit import fit_on_screen
from voxprivacy.gui.messages import local_time
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.request_detail import RequestDetailDialog, RequestDetailWidget
from voxprivacy.gui.request_dialogs import ImpactPreview
from voxprivacy.gui.requests_queue import (
    REFERENCE_ROLE,
    RequestChanges,
    RequestsModel,
    RequestsQueueWidget,
    requests_table,
)
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import RowsModel
from voxprivacy.gui.widgets import error_label, heading, hint_label, rows_table
from voxprivacy.services import requests
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.services.requests import DisclosureView, RequestView

__all__ = [
    "CustomerRequestsTab",
    "OpenRequestDialog",
    "RecordDisclosureDialog",
    "RequestDetailWidget",
    "RequestsPage",
    "RequestsQueueWidget",
]


# =========================================================================== the page


class RequestsPage(QWidget):
    """The queue beside the selected request's detail: one widget for the main window."""

    open_customer_requested = Signal(str)  # customer id

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = RequestsQueueWidget(session)
        self.detail = RequestDetailWidget(session)
        # The queue's columns and the detail's two columns each want the full width.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(self.detail)
        # The detail is what is worked on: it gets most of the height, the queue a third.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.queue.current_request_changed.connect(self.detail.show_request)
        self.queue.open_request_requested.connect(self._open_request)
        self.queue.open_customer_requested.connect(self.open_customer_requested)
        self.detail.open_customer_requested.connect(self.open_customer_requested)

    def _open_request(self, reference: str) -> None:
        self.detail.show_request(reference)
        self.detail.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            # the splitter has its height once the window's layout has run
            QTimer.singleShot(0, self.size_splitter)

    def size_splitter(self) -> None:
        """About a third of the height for the queue (a few rows at least), the rest for the
        request, so its actions are in view without dragging the divider."""
        if not alive(self):
            return
        total = max(self.splitter.height(), 1)
        rows = self.queue.table.verticalHeader().defaultSectionSize() * 4
        queue = max(total * 3 // 10, min(total // 2, self.queue.minimumSizeHint().height() + rows))
        self.splitter.setSizes([queue, max(total - queue, 1)])


# =========================================================================== opening


class OpenRequestDialog(QDialog):
    """Kind, how the caller's identity was verified, an optional note; then open_request."""

    opened = Signal(object)  # the RequestView

    def __init__(
        self,
        session: DeskSession,
        customer_id: str,
        customer_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._customer_id = customer_id
        self._impact: ErasureImpact | None = None
        self._impact_state = "none"  # none, loading, shown, failed
        self._busy = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("New privacy request"))
        spacing = self.fontMetrics().lineSpacing()

        title = heading(
            self.tr("New privacy request for {customer}").format(customer=customer_label)
            if customer_label
            else self.tr("New privacy request"),
            1.2,
        )
        title.setWordWrap(True)

        kind_box = QGroupBox(self.tr("What does the customer ask for?"))
        kind_layout = QVBoxLayout(kind_box)
        self.kind_group = QButtonGroup(self)
        explanations = {
            RequestKind.ACCESS: (
                self.tr("&Access"),
                self.tr("A copy of everything we hold about them, as JSON and a readable report."),
            ),
            RequestKind.RECTIFICATION: (
                self.tr("&Rectification"),
                self.tr("Correct data that is wrong; each before and after is kept."),
            ),
            RequestKind.ERASURE: (
                self.tr("&Erasure"),
                self.tr(
                    "Delete their personal data. A supervisor who did not open it must approve."
                ),
            ),
            RequestKind.RESTRICTION: (
                self.tr("Re&striction"),
                self.tr(
                    "Keep their data but stop using it for the purposes below until it is lifted."
                ),
            ),
            RequestKind.OBJECTION: (
                self.tr("&Objection"),
                self.tr("Their consent to the purposes below is withdrawn, with this request."),
            ),
        }
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind, (label, explanation) in explanations.items():
            button = QRadioButton(label)
            button.setObjectName(f"kind:{kind}")
            button.setProperty("kind", str(kind))
            self.kind_group.addButton(button)
            self.kind_buttons[str(kind)] = button
            note = hint_label(explanation)
            note.setIndent(button.sizeHint().height())
            kind_layout.addWidget(button)
            kind_layout.addWidget(note)
        kind_layout.addStretch(1)
        self.kind_buttons[str(RequestKind.ACCESS)].setChecked(True)
        self.kind_group.buttonToggled.connect(self._kind_toggled)

        verify_box = QGroupBox(self.tr("How did you verify the caller's identity?"))
        verify_layout = QVBoxLayout(verify_box)
        why = hint_label(
            self.tr(
                "Required: a request is opened only for a verified caller. You are recorded "
                "as the person who verified them, now."
            )
        )
        verify_layout.addWidget(why)
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[str, QRadioButton] = {}
        for method, label in VERIFICATION_LABELS.items():
            button = QRadioButton(label[:1].upper() + label[1:])
            button.setObjectName(f"method:{method}")
            button.setProperty("method", str(method))
            self.method_group.addButton(button)
            self.method_buttons[str(method)] = button
            verify_layout.addWidget(button)
        verify_layout.addStretch(1)
        self.method_group.buttonToggled.connect(lambda *_: self._update())

        self.purposes_box = QGroupBox(self.tr("Which purposes?"))
        purposes_row = QHBoxLayout(self.purposes_box)
        self.purpose_checks: dict[str, QCheckBox] = {}
        for purpose, label in (
            (Purpose.NEWSLETTER, self.tr("&Newsletter")),
            (Purpose.PRODUCT_UPDATES, self.tr("&Product updates")),
            (Purpose.THIRD_PARTY_DISCLOSURE, self.tr("&Disclosure to third parties")),
        ):
            check = QCheckBox(label)
            check.setObjectName(f"purpose:{purpose}")
            check.toggled.connect(lambda *_: self._update())
            self.purpose_checks[str(purpose)] = check
            purposes_row.addWidget(check)
        purposes_row.addStretch(1)
        self.purposes_box.hide()

        self.note = QPlainTextEdit()
        self.note.setObjectName("requestNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Optional: what exactly was asked, call reference…"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 12)

        self.impact_box = QGroupBox(self.tr("What erasing this customer would do"))
        impact_layout = QVBoxLayout(self.impact_box)
        self.impact_message = QLabel()
        self.impact_message.setWordWrap(True)
        self.impact = ImpactPreview()
        # the preview scrolls inside the dialog when the screen is too short for all of it
        self.impact_area = QScrollArea()
        self.impact_area.setObjectName("impactArea")
        self.impact_area.setWidgetResizable(True)
        self.impact_area.setFrameShape(QFrame.Shape.NoFrame)
        self.impact_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.impact_area.setWidget(self.impact)
        impact_layout.addWidget(self.impact_message)
        impact_layout.addWidget(self.impact_area, 1)
        self.impact_box.hide()

        self.error = error_label("dialogError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(
            self.tr("Open request"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(spacing // 2)
        layout.addWidget(title)
        choices = QHBoxLayout()
        choices.addWidget(kind_box, 1)
        choices.addWidget(verify_box, 1)
        layout.addLayout(choices)
        layout.addWidget(self.purposes_box)
        note_form = QFormLayout()
        note_form.addRow(self.tr("Note"), self.note)
        layout.addLayout(note_form)
        layout.addWidget(self.impact_box, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)
        self._update()

    # -- state ------------------------------------------------------------------------------

    def kind(self) -> str:
        button = self.kind_group.checkedButton()
        return str(button.property("kind")) if button is not None else ""

    def method(self) -> str:
        button = self.method_group.checkedButton()
        return str(button.property("method")) if button is not None else ""

    def purposes(self) -> list[str]:
        if self.kind() not in WITH_PURPOSES:
            return []
        return [purpose for purpose, check in self.purpose_checks.items() if check.isChecked()]

    def choose(
        self,
        *,
        kind: str | None = None,
        method: str | None = None,
        purposes: tuple[str, ...] = (),
    ) -> None:
        """Pick a kind, a verification method and purposes, as clicks would."""
        if kind is not None:
            self.kind_buttons[kind].setChecked(True)
        if method is not None:
            self.method_buttons[method].setChecked(True)
        for purpose in purposes:
            self.purpose_checks[purpose].setChecked(True)

    def _update(self) -> None:
        waiting = self.kind() == RequestKind.ERASURE and self._impact_state == "loading"
        named = self.kind() not in WITH_PURPOSES or bool(self.purposes())
        self.ok_button.setEnabled(
            bool(self.kind() and self.method()) and named and not waiting and not self._busy
        )
        self.ok_button.setText(
            self.tr("Open erasure request")
            if self.kind() == RequestKind.ERASURE
            else self.tr("Open request")
        )

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        erasure = self.kind() == RequestKind.ERASURE
        self.impact_box.setVisible(erasure)
        self.purposes_box.setVisible(self.kind() in WITH_PURPOSES)
        if erasure and self._impact_state in ("none", "failed"):
            self._load_impact()
        self._update()
        # The layout shows new children on the next turn of the event loop; size after that.
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Grow to show what was added, but never past the screen: the dialog moves up
        to stay on it, and the impact preview scrolls when the screen is too short."""
        if not alive(self):
            return
        wanted = max(self.height(), self.sizeHint().height())
        if self.impact_area.isVisible():
            inner = self.impact.sizeHint().height() - self.impact_area.viewport().height()
            wanted = max(wanted, self.height() + max(inner, 0))
        fit_on_screen(self, wanted)

    def _load_impact(self) -> None:
        self._impact_state = "loading"
        self.impact_message.setText(self.tr("Working out what erasing would do…"))
        self.impact_message.show()
        self.impact_area.hide()
        self._session.query(requests.erasure_impact, self._customer_id).then(
            self._impact_loaded
        ).failed(self._impact_failed).run(owner=self, key="impact")

    def _impact_loaded(self, impact: ErasureImpact) -> None:
        self._impact = impact
        self._impact_state = "shown"
        self.impact_message.setText(
            self.tr(
                "Nothing is erased yet: this is what carrying out the request would do, once "
                "approved."
            )
        )
        self.impact.set_impact(impact)
        self.impact_area.show()
        self._update()
        # The layout shows new children on the next turn of the event loop; size after that.
        QTimer.singleShot(0, self._fit)

    def _impact_failed(self, failure: Failure) -> None:
        self._impact_state = "failed"
        self.impact_message.setText(failure.message)
        self._update()

    @property
    def impact_preview(self) -> ErasureImpact | None:
        return self._impact

    # -- opening ----------------------------------------------------------------------------

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self._busy = True
        self.error.hide()
        self._update()
        self._session.write(
            requests.open_request,
            self._customer_id,
            self.kind(),
            self.method(),
            self.note.toPlainText().strip() or None,
            purposes=self.purposes(),
        ).then(self._opened).failed(self._failed).cancelled(lambda: self._failed(None)).run(
            owner=self
        )

    def _opened(self, view: RequestView) -> None:
        RequestChanges.of(self._session).changed.emit(view)
        self.opened.emit(view)
        self.accept()

    def _failed(self, failure: Failure | None) -> None:
        self._busy = False
        self._update()
        if failure is not None:
            self.error.setText(failure.message)
            self.error.show()


# =========================================================================== disclosures


class DisclosureModel(RowsModel[DisclosureView]):
    WHEN, STAFF, RECIPIENT, DATA, BASIS = range(5)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Recorded by"),
            self.tr("Recipient"),
            self.tr("Data"),
            self.tr("Basis"),
        )

    def cell(self, row: DisclosureView, column: int) -> str:
        return [local_time(row.at), row.staff or "", row.recipient, row.data, row.basis][column]


class RecordDisclosureDialog(QDialog):
    """Recipient and data passed on; stays open with the typed text when the service refuses."""

    submitted = Signal(str, str)  # recipient, data

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Record a disclosure to a third party"))
        intro = hint_label(
            self.tr(
                "Only with the customer's current consent to disclosure to third parties. "
                "The consent that allowed it is recorded as the basis."
            )
        )
        self.recipient = QLineEdit()
        self.recipient.setObjectName("disclosureRecipient")
        self.recipient.setPlaceholderText(self.tr("e.g. Swiss Post, debt collection agency"))
        self.data = QPlainTextEdit()
        self.data.setObjectName("disclosureData")
        self.data.setTabChangesFocus(True)
        self.data.setPlaceholderText(self.tr("Which data was passed on, and why"))
        self.data.setFixedHeight(self.data.fontMetrics().lineSpacing() * 3 + 12)
        self.error = error_label("dialogError")
        form = QFormLayout()
        form.addRow(self.tr("Recipient"), self.recipient)
        form.addRow(self.tr("Data"), self.data)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = buttons.addButton(
            self.tr("Record"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.recipient.textChanged.connect(self._update)
        self.data.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._update()

    def _update(self) -> None:
        self.record_button.setEnabled(
            bool(self.recipient.text().strip() and self.data.toPlainText().strip())
        )

    def _submit(self) -> None:
        if not self.record_button.isEnabled():
            return
        self.error.hide()
        self.record_button.setEnabled(False)
        self.submitted.emit(self.recipient.text().strip(), self.data.toPlainText().strip())

    def failed(self, message: str | None) -> None:
        self._update()
        if message:
            self.error.setText(message)
            self.error.show()


# =========================================================================== the customer's tab


class CustomerRequestsTab(QWidget):
    """One customer's privacy requests and disclosures, with "New request…" and
    "Record disclosure…"."""

    record_changed = Signal()  # a completed rectification or erasure changed the record

    def __init__(
        self,
        session: DeskSession,
        customer_id: str,
        customer_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerRequests")
        self._session = session
        self._customer_id = customer_id
        self._customer_label = customer_label
        spacing = self.fontMetrics().lineSpacing()

        self.requests_model = RequestsModel(self)
        self.requests_table = requests_table(self.requests_model)
        self.requests_table.setObjectName("customerRequestsTable")
        self.requests_table.hideColumn(RequestsModel.CUSTOMER)
        self.requests_table.horizontalHeader().setSectionResizeMode(
            RequestsModel.DAYS_LEFT, self.requests_table.horizontalHeader().ResizeMode.Stretch
        )
        self.requests_table.activated.connect(self._open_detail)
        self.new_button = QPushButton(self.tr("New request…"))
        self.new_button.setObjectName("newRequest")
        self.new_button.clicked.connect(self.new_request)
        self.requests_message = QLabel()
        self.requests_message.setWordWrap(True)

        self.disclosure_model = DisclosureModel(self)
        self.disclosure_table = rows_table(
            self.disclosure_model, [DisclosureModel.DATA], wrap=True, min_rows=4
        )
        self.disclosure_table.setObjectName("disclosures")
        self.disclose_button = QPushButton(self.tr("Record disclosure…"))
        self.disclose_button.setObjectName("recordDisclosure")
        self.disclose_button.clicked.connect(self.record_disclosure)
        self.disclosure_message = QLabel()
        self.disclosure_message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setSpacing(spacing // 2)
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Privacy requests")))
        head.addStretch(1)
        head.addWidget(self.new_button)
        layout.addLayout(head)
        layout.addWidget(self.requests_message)
        layout.addWidget(self.requests_table, 3)
        layout.addSpacing(spacing // 2)
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Disclosures to third parties")))
        head.addStretch(1)
        head.addWidget(self.disclose_button)
        layout.addLayout(head)
        layout.addWidget(self.disclosure_message)
        layout.addWidget(self.disclosure_table, 2)

        RequestChanges.of(session).changed.connect(self._request_changed)
        self.refresh()

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        s = self._session
        s.query(requests.list_requests, customer=self._customer_id).then(
            self._requests_loaded
        ).failed(lambda failure: self._show_message(self.requests_message, failure)).run(
            owner=self, key="requests"
        )
        s.query(requests.list_disclosures, self._customer_id).then(self._disclosures_loaded).failed(
            lambda failure: self._show_message(self.disclosure_message, failure)
        ).run(owner=self, key="disclosures")

    def _requests_loaded(self, rows: list[RequestView]) -> None:
        self.requests_model.set_rows(rows)
        self.requests_message.setText(
            "" if rows else self.tr("No privacy requests from this customer.")
        )
        self.requests_message.setVisible(not rows)

    def _disclosures_loaded(self, rows: list[DisclosureView]) -> None:
        self.disclosure_model.set_rows(rows)
        self.disclosure_message.setText(
            "" if rows else self.tr("Nothing was disclosed to third parties.")
        )
        self.disclosure_message.setVisible(not rows)

    def _show_message(self, label: QLabel, failure: Failure) -> None:
        label.setText(failure.message)
        label.show()

    def _request_changed(self, view: object) -> None:
        if not alive(self) or not isinstance(view, RequestView):
            return
        if view.customer_id != self._customer_id:
            return
        self.refresh()
        if view.status == RequestStatus.COMPLETED and view.kind in (
            RequestKind.RECTIFICATION,
            RequestKind.ERASURE,
        ):
            self.record_changed.emit()

    # -- actions ----------------------------------------------------------------------------

    def new_request(self) -> OpenRequestDialog:
        dialog = OpenRequestDialog(
            self._session, self._customer_id, self._customer_label, self.window()
        )
        dialog.setObjectName("openRequestDialog")
        dialog.open()
        return dialog

    def open_detail(self, reference: str) -> RequestDetailDialog:
        # The page rebuilds its tabs after an erasure; the window outlives this tab.
        dialog = RequestDetailDialog(self._session, reference, self.window())
        dialog.setObjectName("requestDetailDialog")
        dialog.open()
        return dialog

    def _open_detail(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_detail(str(index.data(REFERENCE_ROLE)))

    def record_disclosure(self) -> RecordDisclosureDialog:
        dialog = RecordDisclosureDialog(self.window())
        dialog.setObjectName("disclosureDialog")

        def submit(recipient: str, data: str) -> None:
            self._session.write(
                requests.record_disclosure, self._customer_id, recipient, data
            ).then(lambda row: self._disclosed(dialog, row)).failed(
                lambda failure: dialog.failed(failure.message)
            ).cancelled(lambda: dialog.failed(None)).run(owner=dialog)

        dialog.submitted.connect(submit)
        dialog.open()
        return dialog

    def _disclosed(self, dialog: RecordDisclosureDialog, row: DisclosureView) -> None:
        dialog.accept()
        if alive(self):
            self.disclosure_model.insert_first(row)
            self.disclosure_message.hide()
