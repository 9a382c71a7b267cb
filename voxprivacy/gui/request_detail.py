"""One privacy request: what was asked, by whom it was verified, what happened, what comes next.

The detail shows what ``show_request`` returned: header, identity verification,
timeline, the before and after of a rectification, the impact preview of an
open erasure, and the actions whose transition exists for the request's status.
Whether this staff member may take an action is the service's call: a refusal
appears as its own sentence under the actions, and a dialog keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.requests import (
    OPEN_STATUSES,
    RequestKind,
    RequestStatus,
    check_transition,
)
from voxprivacy.domain.roles import Permission, may
from voxprivacy.errors import Refused
from voxprivacy.gui.fit import fit_on_screen
from voxprivacy.gui.flow import FlowLayout
from voxprivacy.gui.messages import local_date, local_time
from voxprivacy.gui.operations import Failure, alive, supersede
from voxprivacy.gui.request_dialogs import (
    ConfirmErasureDialog,
    ImpactPreview,
    ReasonDialog,
    RectifyDialog,
)
from voxprivacy.gui.requests_queue import (
    RequestChanges,
    customer_text,
    days_left_text,
    kind_label,
    status_label,
)
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.tables import RowsModel
from voxprivacy.gui.widgets import ActionDialog, badge, error_label, heading, rows_table, translate
from voxprivacy.services import customers, requests
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.services.requests import ChangeView, RequestView, TimelineEntry


def action_label(owner: Any, action: str) -> str:
    return {
        "identity_verified": translate("request_detail", "Identity verified"),
        "opened": translate("request_detail", "Opened"),
        "approved": translate("request_detail", "Approved"),
        "denied": translate("request_detail", "Denied"),
        "extended": translate("request_detail", "Deadline extended"),
        "cancelled": translate("request_detail", "Cancelled"),
        "completed": translate("request_detail", "Completed"),
        "billing_released": translate("request_detail", "Billing part released"),
    }.get(action, action.replace("_", " ").capitalize())


# =========================================================================== models


class TimelineModel(RowsModel[TimelineEntry]):
    WHEN, WHO, WHAT, DETAIL = range(4)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Detail"))

    def cell(self, row: TimelineEntry, column: int) -> str:
        return [
            local_time(row.at),
            row.staff or self.tr("system"),
            action_label(self, row.action),
            row.detail or "",
        ][column]


class ChangesModel(RowsModel[ChangeView]):
    FIELD, BEFORE, AFTER, WHEN = range(4)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Field"), self.tr("Before"), self.tr("After"), self.tr("When"))

    def cell(self, row: ChangeView, column: int) -> str:
        return [row.field, row.before or "—", row.after or "—", local_time(row.at)][column]


# =========================================================================== the detail


APPROVE_SHORTCUT = QKeySequence("Ctrl+Shift+A")
# below this width (in average characters) the impact preview goes under the request
SIDE_BY_SIDE_CHARS = 100
DENY_SHORTCUT = QKeySequence("Ctrl+Shift+D")


class RequestDetailWidget(QWidget):
    """One request: header, verification, timeline, changes or impact, and its actions."""

    open_customer_requested = Signal(str)  # customer id
    shown = Signal(object)  # the RequestView now on screen
    acted = Signal(object)  # the RequestView after an action succeeded

    def __init__(
        self,
        session: DeskSession,
        parent: QWidget | None = None,
        *,
        customer_link: bool = True,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._view: RequestView | None = None
        self._busy = False
        self._folder: Path | None = None
        # Where an access package goes; tests replace it so no dialog blocks.
        self.choose_folder: Callable[[], str | None] = self._ask_folder
        self._build(customer_link)
        RequestChanges.of(session).changed.connect(self._request_changed)

    # -- skeleton ---------------------------------------------------------------------------

    def _build(self, customer_link: bool) -> None:
        spacing = self.fontMetrics().lineSpacing()
        self.stack = QStackedWidget()
        self.placeholder = QLabel(self.tr("Choose a request in the queue to see it here."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(spacing // 2)

        top = QHBoxLayout()
        self.reference_label = heading("", 1.5)
        self.reference_label.setObjectName("requestReference")
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("requestKind")
        self.status_badge = QLabel()
        self.status_badge.setObjectName("requestStatus")
        top.addWidget(self.reference_label)
        top.addWidget(self.kind_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.customer_button = QPushButton(self.tr("Open customer"))
        self.customer_button.setVisible(customer_link)
        self.customer_button.clicked.connect(self._open_customer)
        layout.addLayout(top)

        form = QFormLayout()
        form.setHorizontalSpacing(spacing)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.customer_label = QLabel()
        self.customer_label.setObjectName("requestCustomer")
        self.due_label = QLabel()
        self.due_label.setObjectName("requestDue")
        self.days_badge = QLabel()
        self.days_badge.setObjectName("requestDaysLeft")
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_label)
        due_row.addWidget(self.days_badge)
        due_row.addStretch(1)
        self.extension_label = QLabel()
        self.extension_label.setObjectName("requestExtension")
        self.verification_label = QLabel()
        self.verification_label.setObjectName("requestVerification")
        self.decision_label = QLabel()
        self.decision_label.setObjectName("requestDecision")
        self.note_label = QLabel()
        self.note_label.setObjectName("requestNote")
        for label in (
            self.customer_label,
            self.extension_label,
            self.verification_label,
            self.decision_label,
            self.note_label,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Customer"), self.customer_label)
        form.addRow(self.tr("Due"), due_row)
        form.addRow(self.tr("Deadline"), self.extension_label)
        form.addRow(self.tr("Identity"), self.verification_label)
        form.addRow(self.tr("Decision"), self.decision_label)
        form.addRow(self.tr("Note"), self.note_label)
        self._form = form
        # What the request is and what can be done on the left; what it does on the right.
        # side by side when there is room, the impact or corrections under the request when not
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(spacing)
        self._columns = columns
        left = QVBoxLayout()
        left.addLayout(form)
        columns.addLayout(left, 1)
        layout.addLayout(columns)

        # The actions sit right under the header, where they are in view however small
        # the detail is; they wrap rather than widen the page.
        action_row = QWidget()
        actions = FlowLayout(action_row)
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.approve_button.setShortcut(APPROVE_SHORTCUT)
        self.approve_button.setToolTip(
            self.tr("Approve the erasure (asks for a fresh code) — {keys}").format(
                keys=APPROVE_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.approve_button.clicked.connect(self.approve)
        self.deny_button = QPushButton(self.tr("Deny…"))
        self.deny_button.setShortcut(DENY_SHORTCUT)
        self.deny_button.setToolTip(
            self.tr("Deny the erasure and tell the customer why — {keys}").format(
                keys=DENY_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.deny_button.clicked.connect(self.deny)
        self.complete_button = QPushButton(self.tr("Complete…"))
        self.complete_button.clicked.connect(self.complete)
        self.extend_button = QPushButton(self.tr("Extend…"))
        self.extend_button.setToolTip(self.tr("Extend the deadline once, by up to two months"))
        self.extend_button.clicked.connect(self.extend)
        self.cancel_button = QPushButton(self.tr("Cancel request…"))
        self.cancel_button.clicked.connect(self.cancel)
        self._actions = (
            self.approve_button,
            self.deny_button,
            self.complete_button,
            self.extend_button,
            self.cancel_button,
        )
        for button in self._actions:
            actions.addWidget(button)
        actions.addWidget(self.customer_button)
        layout.insertWidget(layout.indexOf(top) + 1, action_row)
        self.action_error = error_label()
        layout.insertWidget(layout.indexOf(action_row) + 1, self.action_error)

        self.result_box = QFrame()
        self.result_box.setObjectName("accessResult")
        result_layout = QHBoxLayout(self.result_box)
        self.result_label = QLabel()
        self.result_label.setObjectName("accessPaths")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.clicked.connect(self.open_folder)
        result_layout.addWidget(self.result_label, 1)
        result_layout.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)
        self.result_box.hide()
        left.addWidget(self.result_box)
        left.addStretch(1)

        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        self.impact_heading = heading(self.tr("What erasing this customer does"))
        self.impact = ImpactPreview()
        side.addWidget(self.impact_heading)
        side.addWidget(self.impact)

        self.changes_heading = heading(self.tr("Corrections"))
        self.changes_model = ChangesModel(self)
        self.changes_table = rows_table(
            self.changes_model, [ChangesModel.AFTER], wrap=True, min_rows=4
        )
        self.changes_table.setObjectName("requestChanges")
        side.addWidget(self.changes_heading)
        side.addWidget(self.changes_table)
        side.addStretch(1)
        columns.addWidget(self.side, 1)

        layout.addWidget(heading(self.tr("Timeline")))
        self.timeline_model = TimelineModel(self)
        self.timeline_table = rows_table(
            self.timeline_model, [TimelineModel.DETAIL], wrap=True, min_rows=4
        )
        self.timeline_table.setObjectName("requestTimeline")
        self.timeline_table.setAccessibleName(self.tr("Timeline"))
        layout.addWidget(self.timeline_table, 1)

        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        # everything wraps to the width it gets; only a very long request scrolls, downwards
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        self.stack.addWidget(area)
        self._page = area
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    # -- loading ----------------------------------------------------------------------------

    @property
    def view(self) -> RequestView | None:
        return self._view

    def show_request(self, ref: str) -> None:
        """Load and show the request with this reference or id ("" clears the detail)."""
        if not ref:
            supersede(self, "request")
            self._view = None
            self.placeholder.setText(self.tr("Choose a request in the queue to see it here."))
            self.stack.setCurrentWidget(self.placeholder)
            return
        if self._view is None or self._view.reference != ref:
            self.result_box.hide()
            self.action_error.hide()
        self._session.query(requests.show_request, ref).then(self._show).failed(
            self._load_failed
        ).run(owner=self, key="request")

    def _load_failed(self, failure: Failure) -> None:
        self._view = None
        self.placeholder.setText(failure.message)
        self.stack.setCurrentWidget(self.placeholder)

    def _request_changed(self, view: object) -> None:
        if (
            alive(self)
            and isinstance(view, RequestView)
            and self._view is not None
            and view is not self._view
            and view.reference == self._view.reference
            and not self._busy
        ):
            self.show_request(view.reference)

    def _show(self, view: RequestView) -> None:
        if self._view is None or self._view.reference != view.reference:
            self.result_box.hide()
            self.action_error.hide()
        self._view = view
        self.reference_label.setText(view.reference)
        kind_text = self.tr("{kind} request").format(kind=kind_label(self, view.kind))
        if view.purposes:
            kind_text += " · " + ", ".join(p.replace("_", " ") for p in view.purposes)
        if view.in_force:
            kind_text += " · " + self.tr("in force until lifted")
        self.kind_label.setText(kind_text)
        self.status_badge.setText(status_label(self, view.status))
        self.status_badge.setProperty("status", view.status)
        badge(self.status_badge, view.status)
        self.customer_label.setText(customer_text(view))
        self.due_label.setText(local_date(view.due_at))
        is_open = RequestStatus(view.status) in OPEN_STATUSES
        self.days_badge.setVisible(is_open)
        self.days_badge.setText(days_left_text(self, view))
        self.days_badge.setProperty("urgency", view.urgency)
        badge(self.days_badge, f"days-{view.urgency}")
        if view.extended:
            self.extension_label.setText(
                self.tr("Extended once: {reason}").format(reason=view.extension_reason or "")
            )
        else:
            self.extension_label.setText(
                self.tr("Not extended (received {received})").format(
                    received=local_date(view.received_at)
                )
            )
        self.verification_label.setText(
            self.tr("Verified by {who} via {how}, {when}").format(
                who=view.verified_by or self.tr("(unknown)"),
                how=view.verification,
                when=local_time(view.verified_at),
            )
        )
        self._show_decision(view)
        self.note_label.setText(view.note or "")
        self._form.setRowVisible(self.note_label, bool(view.note))

        self.impact_heading.setVisible(view.impact is not None)
        self.impact.setVisible(view.impact is not None)
        if view.impact is not None:
            self.impact.set_impact(view.impact)
        has_changes = view.kind == RequestKind.RECTIFICATION and bool(view.changes)
        self.changes_heading.setVisible(has_changes)
        self.changes_table.setVisible(has_changes)
        self.changes_model.set_rows(view.changes)
        self.side.setVisible(view.impact is not None or has_changes)
        self.timeline_model.set_rows(view.timeline)
        self.timeline_table.resizeRowsToContents()
        self._update_actions()
        self.stack.setCurrentWidget(self._page)
        self.shown.emit(view)

    def _show_decision(self, view: RequestView) -> None:
        lines = []
        if view.decided_by and view.status == RequestStatus.DENIED:
            lines.append(
                self.tr("Denied by {who} on {when}: {reason}").format(
                    who=view.decided_by,
                    when=local_date(view.decided_at),
                    reason=view.decision_reason or "",
                )
            )
        elif view.decided_by:
            lines.append(
                self.tr("Approved by {who} on {when}").format(
                    who=view.decided_by, when=local_date(view.decided_at)
                )
            )
        elif view.status == RequestStatus.PENDING_APPROVAL:
            lines.append(
                self.tr("Waiting for a supervisor who did not open it (opened by {who})").format(
                    who=view.opened_by or self.tr("(unknown)")
                )
            )
        if view.status == RequestStatus.CANCELLED:
            lines.append(self.tr("Cancelled: {reason}").format(reason=view.decision_reason or ""))
        if view.completed_by:
            lines.append(
                self.tr("Completed by {who} on {when}").format(
                    who=view.completed_by, when=local_date(view.completed_at)
                )
            )
        self.decision_label.setText("\n".join(lines))
        self._form.setRowVisible(self.decision_label, bool(lines))

    # -- actions ----------------------------------------------------------------------------

    def _can_become(self, target: RequestStatus) -> bool:
        """Whether the transition exists at all; who may take it is for the service to say."""
        view = self._view
        if view is None:
            return False
        try:
            check_transition(
                view.reference, RequestKind(view.kind), RequestStatus(view.status), target
            )
        except Refused:
            return False
        return True

    def _update_actions(self) -> None:
        view = self._view
        deciding = may(self._session.actor.role, Permission.APPROVE_ERASURE)
        self.approve_button.setVisible(deciding and self._can_become(RequestStatus.APPROVED))
        self.deny_button.setVisible(deciding and self._can_become(RequestStatus.DENIED))
        self.complete_button.setVisible(self._can_become(RequestStatus.COMPLETED))
        if view is not None:
            self.complete_button.setText(
                {
                    "access": self.tr("Complete: write the package…"),
                    "rectification": self.tr("Complete: correct the data…"),
                    "erasure": self.tr("Complete: erase the customer…"),
                    "restriction": self.tr("Lift the restriction…"),
                }.get(view.kind, self.tr("Complete…"))
            )
        is_open = view is not None and RequestStatus(view.status) in OPEN_STATUSES
        self.extend_button.setVisible(is_open and view is not None and not view.extended)
        self.cancel_button.setVisible(self._can_become(RequestStatus.CANCELLED))
        for button in self._actions:
            button.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.action_error.hide()
        self._update_actions()

    def _done(self, view: RequestView, dialog: QDialog | None = None) -> None:
        if dialog is not None and alive(dialog):
            dialog.accept()
        self._busy = False
        supersede(self, "request")  # a load that started before the action is out of date
        self._show(view)
        files = self._erasure_files_text(view)
        if files:
            self.result_label.setText(files)
            self.open_folder_button.hide()
            self.result_box.show()
        self.acted.emit(view)
        RequestChanges.of(self._session).changed.emit(view)

    def _erasure_files_text(self, view: RequestView) -> str:
        """What an erasure did with the customer's access package files, and what is left."""
        lines = []
        if view.files_deleted:
            lines.append(
                self.tr("Access package files deleted:\n{paths}").format(
                    paths="\n".join(view.files_deleted)
                )
            )
        if view.files_to_delete:
            lines.append(
                self.tr(
                    "Delete these access package files by hand; this workstation cannot "
                    "reach them:\n{paths}"
                ).format(paths="\n".join(view.files_to_delete))
            )
        if view.not_vacuumed:
            lines.append(
                self.tr("Ask IT to run VACUUM on: {tables}").format(
                    tables=", ".join(view.not_vacuumed)
                )
            )
        return "\n\n".join(lines)

    def _failed(self, failure: Failure | None, dialog: ActionDialog | None = None) -> None:
        exc = failure.error if failure is not None else None
        if dialog is not None and alive(dialog):
            dialog.failed(failure.message if failure is not None else None)
            if isinstance(exc, customers.InvalidFields) and isinstance(dialog, RectifyDialog):
                dialog.failed_fields(exc.errors)
        self._set_busy(False)
        if dialog is None and failure is not None:
            self.action_error.setText(failure.message)
            self.action_error.show()

    def _run(
        self, fn: Callable[..., Any], *args: Any, dialog: ActionDialog | None, fresh: bool = False
    ) -> None:
        if self._view is None:
            return
        self._set_busy(True)
        self._session.write(fn, self._view.reference, *args).fresh(fresh).then(
            lambda view: self._done(view, dialog)
        ).failed(lambda failure: self._failed(failure, dialog)).cancelled(
            lambda: self._failed(None, dialog)
        ).run(owner=self, parent=dialog)

    def approve(self) -> None:
        self._run(requests.approve_erasure, dialog=None, fresh=True)

    def deny(self) -> None:
        if self._view is None:
            return
        dialog = ReasonDialog(
            self.tr("Deny the erasure"),
            self.tr(
                "Deny request {ref}? The customer's data stays; tell them why. The reason is "
                "kept with the request."
            ).format(ref=self._view.reference),
            self.tr("Deny"),
            parent=self,
        )
        dialog.setObjectName("denyDialog")
        dialog.submitted.connect(
            lambda: self._run(
                requests.deny_request, dialog.reason_text(), dialog=dialog, fresh=True
            )
        )
        dialog.open()

    def extend(self) -> None:
        if self._view is None:
            return
        dialog = ReasonDialog(
            self.tr("Extend the deadline"),
            self.tr(
                "Request {ref} is due {due}. A deadline can be extended once, by up to two "
                "months; the customer must be told why."
            ).format(ref=self._view.reference, due=local_date(self._view.due_at)),
            self.tr("Extend"),
            with_days=True,
            parent=self,
        )
        dialog.setObjectName("extendDialog")

        def submit() -> None:
            days = dialog.days.value() if dialog.days is not None else 0
            self._run(requests.extend_request, days, dialog.reason_text(), dialog=dialog)

        dialog.submitted.connect(submit)
        dialog.open()

    def cancel(self) -> None:
        if self._view is None:
            return
        dialog = ReasonDialog(
            self.tr("Cancel the request"),
            self.tr("Cancel request {ref}, for example because the customer withdrew it?").format(
                ref=self._view.reference
            ),
            self.tr("Cancel request"),
            parent=self,
        )
        dialog.setObjectName("cancelDialog")
        dialog.submitted.connect(
            lambda: self._run(requests.cancel_request, dialog.reason_text(), dialog=dialog)
        )
        dialog.open()

    def complete(self) -> None:
        view = self._view
        if view is None:
            return
        if view.kind == RequestKind.ACCESS:
            self._complete_access(view)
        elif view.kind == RequestKind.RESTRICTION:
            self._lift(view)
        elif view.kind == RequestKind.RECTIFICATION:
            dialog = RectifyDialog(self._session, view.customer_id, self)
            dialog.setObjectName("rectifyDialog")
            dialog.submitted.connect(
                lambda: self._run(requests.rectify, dialog.changes(), dialog=dialog)
            )
            dialog.open()
        else:
            self._confirm_erasure(view)

    def _lift(self, view: RequestView) -> None:
        dialog = ReasonDialog(
            self.tr("Lift the restriction"),
            self.tr(
                "Lift restriction {ref}? The customer's data may be used again for: {purposes}."
            ).format(ref=view.reference, purposes=", ".join(view.purposes)),
            self.tr("Lift restriction"),
            parent=self,
        )
        dialog.setObjectName("liftDialog")
        dialog.submitted.connect(
            lambda: self._run(requests.lift_restriction, dialog.reason_text(), dialog=dialog)
        )
        dialog.open()

    # -- access packages --------------------------------------------------------------------

    def _ask_folder(self) -> str | None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Where should the customer's package be written?")
        )
        return chosen or None

    def _complete_access(self, view: RequestView) -> None:
        folder = self.choose_folder()
        if not folder:
            return
        self._folder = Path(folder)
        self._set_busy(True)
        self._session.write(requests.complete_access, view.reference, folder).then(
            lambda written: self._written(view.reference, written)
        ).failed(self._failed).cancelled(lambda: self._failed(None)).run(owner=self)

    def _written(self, reference: str, written: requests.AccessPackage) -> None:
        self.open_folder_button.show()
        text = self.tr("The package was written:\n{paths}").format(
            paths="\n".join(str(p) for p in written.paths)
        )
        if written.billing_follows:
            text += "\n" + self.tr(
                "Billing data ({what}) is not in it: a finance member releases it with "
                "'voxprivacy-admin request release-billing {reference} --out DIR'."
            ).format(what=written.billing_follows, reference=reference)
        self.result_label.setText(text)
        self.result_box.show()
        self._session.query(requests.show_request, reference).then(self._done).failed(
            self._failed
        ).run(owner=self)

    def open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))

    # -- erasure ----------------------------------------------------------------------------

    def _confirm_erasure(self, view: RequestView) -> None:
        self._set_busy(True)
        self._session.query(requests.erasure_impact, view.customer_id).then(
            lambda impact: self._ask_erasure(view, impact)
        ).failed(self._failed).run(owner=self)

    def _ask_erasure(self, view: RequestView, impact: ErasureImpact) -> None:
        self._set_busy(False)
        dialog = ConfirmErasureDialog(view, impact, self)
        dialog.setObjectName("erasureDialog")
        dialog.submitted.connect(lambda: self._run(requests.complete_erasure, dialog=dialog))
        dialog.open()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    def _open_customer(self) -> None:
        if self._view is not None:
            self.open_customer_requested.emit(self._view.customer_id)


class RequestDetailDialog(QDialog):
    """A request's detail in its own window, opened from a customer's requests tab."""

    def __init__(self, session: DeskSession, reference: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Privacy request {ref}").format(ref=reference))
        self.detail = RequestDetailWidget(session, self, customer_link=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 48, line * 40)
        self.detail.show_request(reference)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_on_screen(self)  # a short screen gets a shorter window; the detail scrolls
