"""One customer's record as the signed-in role may see it, and correcting it.

The page shows what ``show_customer`` returned and nothing else: a section the
service left out (None) gets no tab at all. Each tab is a widget of its own
(``CustomerTab``) owning its fields and its draft; the page holds the header,
the banners and the edit state. Editing is read-only until Edit (Ctrl+E); Save
(Ctrl+S) runs ``edit_customer`` as a ``session.write`` (second factor when
needed), and Esc ends editing, asking first when something was changed.
Whatever the service refuses - invalid fields, a stale record, a cancelled
code, a lost connection - the typed values stay on screen until the user
cancels or chooses the current values.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPropertyAnimation, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.domain.enums import CustomerKind, CustomerStatus
from voxprivacy.domain.roles import Section
from voxprivacy.errors import BadInput
from voxprivacy.gui.customer.billing import BillingTab
from voxprivacy.gui.customer.common import plain_message
from voxprivacy.gui.customer.consents import ConsentsTab
from voxprivacy.gui.customer.contact import ContactTab
from voxprivacy.gui.customer.fields import Field, FlagField
from voxprivacy.gui.customer.interactions import InteractionsTab
from voxprivacy.gui.customer.lifecycle import AccountActions
from voxprivacy.gui.customer.services import ServicesTab
from voxprivacy.gui.customer.tab import CustomerTab
from voxprivacy.gui.identity_check import ask_verification
from voxprivacy.gui.messages import local_date
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.requests_view import CustomerRequestsTab
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import badge, banner
from voxprivacy.services import customers
from voxprivacy.services.customers import CustomerView, field_values

TabWidget = TypeVar("TabWidget", bound=QWidget)

EDIT_KEY = "Ctrl+E"
SAVE_KEY = "Ctrl+S"


def _key_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class CustomerPage(QWidget):
    """The record of one customer: header, one tab per visible section, editing."""

    back_requested = Signal()
    saved = Signal(object)  # the CustomerView after a successful save

    SAVED_NOTICE_MS = 4000  # how long "Saved" stays before it fades
    FADE_MS = 600

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view: CustomerView | None = None
        self._editing = False
        self._saving = False
        self._expected_version: int | None = None
        self._stale: CustomerView | None = None
        self._reload_when_shown = False
        self._build()
        shortcuts = (
            (QKeySequence(Qt.Key.Key_Escape), self._escape),
            (QKeySequence(SAVE_KEY), self._save_shortcut),
            (QKeySequence(EDIT_KEY), self.start_editing),
        )
        for key, slot in shortcuts:
            QShortcut(key, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- skeleton ---------------------------------------------------------------------------

    def _build(self) -> None:
        spacing = self.fontMetrics().lineSpacing()
        outer = QVBoxLayout(self)
        outer.setSpacing(spacing // 2)

        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.back_button.clicked.connect(self._leave)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(spacing)

        titles = QVBoxLayout()
        titles.setSpacing(2)
        name_row = QHBoxLayout()
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.name_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.name_label.setFont(big)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        name_row.addWidget(self.name_label)
        name_row.addSpacing(spacing // 2)
        name_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("customerSubtitle")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        titles.addLayout(name_row)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)

        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setObjectName("editCustomer")
        self.edit_button.setToolTip(
            self.tr("Correct this record ({key})").format(key=_key_text(EDIT_KEY))
        )
        self.edit_button.clicked.connect(self.start_editing)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelEdit")
        self.cancel_button.setToolTip(self.tr("Stop editing and drop the changes (Esc)"))
        self.cancel_button.clicked.connect(self.cancel_editing)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveCustomer")
        self.save_button.setToolTip(
            self.tr("Save the changes ({key}); asks for your code when needed").format(
                key=_key_text(SAVE_KEY)
            )
        )
        self.save_button.clicked.connect(self.save)
        for button in (self.edit_button, self.cancel_button, self.save_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.account_actions = AccountActions(self._session)
        self.account_actions.changed.connect(self._reload_after_request)
        top.addWidget(self.account_actions, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        self.status_banner = banner("muted")
        self.status_text = QLabel()
        self.status_text.setWordWrap(True)
        QVBoxLayout(self.status_banner).addWidget(self.status_text)
        outer.addWidget(self.status_banner)

        self.saved_banner = banner("success")
        self.saved_text = QLabel()
        self.saved_text.setObjectName("savedText")
        self.saved_text.setWordWrap(True)
        QVBoxLayout(self.saved_banner).addWidget(self.saved_text)
        self._saved_opacity = QGraphicsOpacityEffect(self.saved_banner)
        self._saved_opacity.setOpacity(1.0)
        self.saved_banner.setGraphicsEffect(self._saved_opacity)
        self._saved_fade = QPropertyAnimation(self._saved_opacity, b"opacity", self)
        self._saved_fade.setDuration(self.FADE_MS)
        self._saved_fade.setStartValue(1.0)
        self._saved_fade.setEndValue(0.0)
        self._saved_fade.finished.connect(self.saved_banner.hide)
        self._saved_timer = QTimer(self)
        self._saved_timer.setSingleShot(True)
        self._saved_timer.timeout.connect(self._saved_fade.start)
        outer.addWidget(self.saved_banner)

        self.stale_banner = banner("warning")
        self.stale_text = QLabel()
        self.stale_text.setObjectName("staleText")
        self.stale_text.setWordWrap(True)
        self.use_current_button = QPushButton(self.tr("Use current values"))
        self.use_current_button.clicked.connect(self.use_current_values)
        self.keep_mine_button = QPushButton(self.tr("Keep my changes"))
        self.keep_mine_button.setToolTip(
            self.tr("Keep what you typed and save it over the other change")
        )
        self.keep_mine_button.clicked.connect(self.keep_my_changes)
        stale_layout = QHBoxLayout(self.stale_banner)
        stale_layout.addWidget(self.stale_text, 1)
        stale_layout.addWidget(self.use_current_button)
        stale_layout.addWidget(self.keep_mine_button)
        outer.addWidget(self.stale_banner)

        self.error_banner = banner("error")
        self.error_text = QLabel()
        self.error_text.setObjectName("pageError")
        self.error_text.setWordWrap(True)
        QVBoxLayout(self.error_banner).addWidget(self.error_text)
        outer.addWidget(self.error_banner)

        self.stack = QStackedWidget()
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.tabs)
        outer.addWidget(self.stack, 1)
        self._clear()

    def _clear(self) -> None:
        self.name_label.setText("")
        self.subtitle.setText("")
        self.status_badge.hide()
        self.account_actions.show_for(None)
        self._hide_saved()
        for widget in (
            self.status_banner,
            self.stale_banner,
            self.error_banner,
            self.edit_button,
            self.cancel_button,
            self.save_button,
        ):
            widget.hide()

    # -- loading ----------------------------------------------------------------------------

    @property
    def view(self) -> CustomerView | None:
        return self._view

    @property
    def is_editing(self) -> bool:
        return self._editing

    def tab(self, kind: type[TabWidget]) -> TabWidget | None:
        """The open record's tab of this class; None when the role does not see it."""
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if isinstance(widget, kind):
                return widget
        return None

    def _customer_tabs(self) -> list[CustomerTab]:
        tabs = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [t for t in tabs if isinstance(t, CustomerTab)]

    def open_customer(self, ref: str) -> None:
        """Show the customer with this account number or id (loaded on the worker)."""
        self._reload_when_shown = False
        self._editing = False
        self._view = None
        self._clear()
        self.message.setText(self.tr("Opening the customer…"))
        self.stack.setCurrentWidget(self.message)
        self._session.query(customers.show_customer, ref).then(self._show_view).failed(
            self._load_failed
        ).run(owner=self, key="record")

    def reload(self) -> None:
        """Show the open record as it is now, after changes made elsewhere (a branch office's
        synchronisation). Editing, saving and open dialogs are left alone; a record that is
        not on screen is loaded again when it is shown."""
        if self._view is None:
            return
        if not self.isVisible():
            self._reload_when_shown = True
            return
        if self._editing or self._saving or QApplication.activeModalWidget() is not None:
            return
        self._reload_when_shown = False
        # a failure leaves the record on screen: the status bar reports a database that
        # stopped answering, and the next change from elsewhere loads it again
        self._session.query(customers.show_customer, self._view.id).then(self._reloaded).failed(
            lambda _failure: None
        ).run(owner=self, key="record")

    def _reloaded(self, view: CustomerView) -> None:
        if self._editing or self._saving:
            return  # a save notices the newer record itself
        self._show_view(view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._reload_when_shown:
            self.reload()

    def _load_failed(self, failure: Failure) -> None:
        self.message.setText(
            self.tr("The customer could not be opened.\n{reason}").format(reason=failure.message)
        )
        self.stack.setCurrentWidget(self.message)

    def _show_view(self, view: CustomerView) -> None:
        # what was typed and not saved stays with its customer, not with the next one opened
        drafts = {
            type(t): d
            for t in self._customer_tabs()
            if t.view.id == view.id and (d := t.draft()) is not None
        }
        current_tab = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        self._view = view
        self._expected_version = view.version
        self._stale = None
        self._editing = False
        self._saving = False
        self._show_header(view)
        self._rebuild_tabs(view)
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == current_tab:
                self.tabs.setCurrentIndex(i)
        for tab in self._customer_tabs():
            if type(tab) in drafts:
                tab.restore_draft(drafts[type(tab)])
        self.stale_banner.hide()
        self.error_banner.hide()
        self._update_buttons()
        self.stack.setCurrentWidget(self.tabs if self.tabs.count() else self.message)

    def _show_header(self, view: CustomerView) -> None:
        erased = view.status == CustomerStatus.ERASED
        self.name_label.setText(self.tr("Erased customer") if erased else view.name)
        kind = (
            self.tr("Business customer")
            if view.kind == CustomerKind.BUSINESS
            else self.tr("Private customer")
        )
        parts = [p for p in (None if erased else view.company, view.account_number, kind) if p]
        self.subtitle.setText("  ·  ".join(parts))
        status = {
            "active": self.tr("Active"),
            "terminated": self.tr("Terminated"),
            "erased": self.tr("Erased"),
        }.get(view.status, view.status)
        self.status_badge.setText(status)
        badge(self.status_badge, str(view.status))
        self.status_badge.show()
        if erased:
            self.status_text.setText(
                self.tr(
                    "This customer's personal data was erased. Only the account number and the "
                    "dates remain: customer since {created}, relationship ended {ended}."
                ).format(
                    created=local_date(view.created_at),
                    ended=local_date(view.terminated_at) or self.tr("(unknown)"),
                )
            )
            self.status_banner.show()
        elif view.status == CustomerStatus.TERMINATED:
            self.status_text.setText(
                self.tr(
                    "This account was terminated on {ended}. Its services have ended; the record "
                    "and its consents are kept, and nothing is disclosed to third parties without "
                    "the customer's consent."
                ).format(ended=local_date(view.terminated_at))
            )
            self.status_banner.show()
        elif view.termination_due is not None:
            self.status_text.setText(
                self.tr(
                    "This account is to be terminated on {day}: its services run until then "
                    "and end that day."
                ).format(day=local_date(view.termination_due))
            )
            self.status_banner.show()
        else:
            self.status_banner.hide()
        self.account_actions.show_for(view)

    # -- tabs -------------------------------------------------------------------------------

    def _rebuild_tabs(self, view: CustomerView) -> None:
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None:
                page.deleteLater()
        if view.status == CustomerStatus.ERASED:
            self.message.setText(self.tr("Nothing else is kept about this customer."))
            return
        s = self._session
        sections = set(view.sections)
        tabs: list[CustomerTab] = []
        if view.emails is not None or Section.IDENTITY in sections:
            tabs.append(ContactTab(s, view))
        if view.services is not None:
            tabs.append(ServicesTab(s, view))
        if view.cards is not None or view.invoices is not None:
            tabs.append(BillingTab(s, view))
        if view.consents is not None:
            tabs.append(ConsentsTab(s, view))
        if view.interactions is not None:
            tabs.append(InteractionsTab(s, view))
        values = field_values(view)
        for tab in tabs:
            tab.record_changed.connect(self._reload_after_request)
            tab.fields.load(values)
            self.tabs.addTab(tab, tab.title())
        if Section.REQUESTS in sections:
            requests_tab = CustomerRequestsTab(s, view.id, f"{view.account_number} · {view.name}")
            requests_tab.record_changed.connect(self._reload_after_request)
            self.tabs.addTab(requests_tab, self.tr("Privacy requests"))
        self._apply_editing()

    def _reload_after_request(self) -> None:
        """A completed rectification or erasure, a service, card or termination changed the
        record: show it as it is now."""
        if self._view is not None and not self._editing:
            self.open_customer(self._view.id)

    # -- editing ----------------------------------------------------------------------------

    def _fields(self) -> dict[str, Field]:
        return {f.name: f for tab in self._customer_tabs() for f in tab.fields}

    @property
    def has_unsaved_changes(self) -> bool:
        if self._editing and self.changes():
            return True
        return any(t.draft() is not None for t in self._customer_tabs())

    def changes(self) -> dict[str, str]:
        """What the user changed, as edit_customer's FIELD=VALUE pairs."""
        result: dict[str, str] = {}
        removed: list[str] = []
        for name, field in self._fields().items():
            if not field.changed():
                continue
            if isinstance(field, FlagField):
                result[name] = ""
                removed.append(name + ".")
            else:
                result[name] = field.value()
        return {k: v for k, v in result.items() if not any(k.startswith(r) for r in removed)}

    def field(self, name: str) -> Field:
        return self._fields()[name]

    def field_names(self) -> list[str]:
        return list(self._fields())

    def _editable_here(self) -> bool:
        view = self._view
        if view is None or view.status == CustomerStatus.ERASED:
            return False
        return any(f.editable for f in self._fields().values())

    def _update_buttons(self) -> None:
        editable = self._editable_here()
        self.edit_button.setVisible(editable and not self._editing)
        self.cancel_button.setVisible(self._editing)
        self.save_button.setVisible(self._editing)
        self.save_button.setEnabled(not self._saving)
        self.cancel_button.setEnabled(not self._saving)
        self.save_button.setText(self.tr("Saving…") if self._saving else self.tr("Save"))

    def _apply_editing(self) -> None:
        for tab in self._customer_tabs():
            tab.set_editing(self._editing)
        self._update_buttons()

    def start_editing(self) -> None:
        if not self._editable_here() or self._editing:
            return
        self._editing = True
        self._hide_saved()
        self._apply_editing()
        first = next((f for f in self._fields().values() if f.editable and not f.edit_only), None)
        if first is not None:
            self.tabs.setCurrentIndex(0)
            first.editor.setFocus()

    def cancel_editing(self) -> None:
        """Leave editing and show the record's values again."""
        for field in self._fields().values():
            field.set_value(field.original)
            field.show_error(None)
        if self._view is not None:
            self._expected_version = self._view.version
        self._editing = False
        self._stale = None
        self.stale_banner.hide()
        self.error_banner.hide()
        self._apply_editing()

    def _save_shortcut(self) -> None:
        if self._editing and not self._saving:
            self.save()

    def save(self) -> None:
        if self._view is None or not self._editing or self._saving:
            return
        for field in self._fields().values():
            field.show_error(None)
        self.error_banner.hide()
        changes = self.changes()
        if not changes:
            self.cancel_editing()
            return
        self._saving = True
        self._update_buttons()
        self._session.query(customers.edit_impact, self._view.id, changes).then(
            lambda impact: self._impact_known(changes, impact)
        ).failed(self._save_failed).run(owner=self, key="save")

    def _impact_known(self, changes: dict[str, str], impact: customers.EditImpact) -> None:
        """Running services the change reaches are shown first: a change that takes away
        what a service delivers to is not offered; any other is saved once confirmed."""
        if impact.blocked:
            self._saving = False
            self._update_buttons()
            self._show_page_error(
                self.tr("Not saved: {reason} Your changes are still here.").format(
                    reason=customers.ImpactBlocked(impact).message
                )
            )
            return
        if not impact.services:
            self._verify_and_save(changes, confirmed=False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("This change affects running services"),
            self.tr("Saving this change affects {services}:").format(
                services=self.tr("%n running service(s)", "", len(impact.services))
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("impactConfirm")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setInformativeText(
            "<ul>"
            + "".join(
                "<li><b>{label}</b> {identifier}: {touches} — {outcome}</li>".format(
                    label=html.escape(s.label),
                    identifier=html.escape(s.identifier),
                    touches=html.escape(", ".join(s.touches)),
                    outcome=html.escape(self._outcome_text(s.outcome)),
                )
                for s in impact.services
            )
            + "</ul>"
            + self.tr("Tell the customer before you save.")
        )
        save = box.addButton(self.tr("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        save.setObjectName("impactSave")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.impact_box = box

        def answered(_result: int) -> None:
            if box.clickedButton() is save:
                self._verify_and_save(changes, confirmed=True)
            else:
                self._save_not_confirmed()

        box.finished.connect(answered)
        box.open()

    def _outcome_text(self, outcome: str) -> str:
        if outcome == customers.INCOMPLETE:
            return self.tr("keeps running without it until the record is completed")
        return self.tr("goes on with the new value")

    def _save_not_confirmed(self) -> None:
        self._saving = False
        self._update_buttons()
        self._show_page_error(
            self.tr("Not saved. Your changes are still here; press Save to try again.")
        )

    def _verify_and_save(self, changes: dict[str, str], *, confirmed: bool) -> None:
        view = self._view
        if view is None:
            return

        def write(method: str) -> None:
            self._session.write(
                customers.edit_customer,
                view.id,
                changes,
                verified_by=method,
                expected_version=self._expected_version,
                confirm_impact=confirmed,
            ).then(self._saved).failed(self._save_failed).cancelled(self._save_cancelled).run(
                owner=self
            )

        check = ask_verification(self, write)
        check.rejected.connect(self._save_not_confirmed)

    def _saved(self, view: CustomerView) -> None:
        self._show_view(view)
        self._show_saved()
        self.saved.emit(view)

    def _show_saved(self) -> None:
        self._saved_fade.stop()
        self._saved_opacity.setOpacity(1.0)
        self.saved_text.setText(self.tr("Saved."))
        self.saved_banner.show()
        self._saved_timer.start(self.SAVED_NOTICE_MS)

    def _hide_saved(self) -> None:
        self._saved_timer.stop()
        self._saved_fade.stop()
        self.saved_banner.hide()

    def _save_cancelled(self) -> None:
        self._saving = False
        self._update_buttons()
        self._show_page_error(
            self.tr(
                "Not saved: the change needs your second factor. Your "
                "changes are still here; press Save to try again."
            )
        )

    def _save_failed(self, failure: Failure) -> None:
        exc = failure.error
        self._saving = False
        self._update_buttons()
        fields = self._fields()
        if isinstance(exc, customers.InvalidFields):
            unplaced = []
            for name, message in exc.errors.items():
                target = fields.get(name)
                if target is not None:
                    target.show_error(plain_message(name, message))
                else:
                    unplaced.append(message)
            self._show_page_error(
                " ".join([self.tr("Not saved: please correct the marked fields."), *unplaced])
            )
            self._reveal_first_error()
        elif isinstance(exc, BadInput) and exc.field in fields:
            fields[exc.field].show_error(plain_message(exc.field, exc.message))
            self._show_page_error(self.tr("Not saved: please correct the marked field."))
            self._reveal_first_error()
        elif isinstance(exc, customers.StaleCustomerEdit):
            self._show_stale(exc.view)
        else:
            self._show_page_error(
                self.tr("Not saved: {reason} Your changes are still here.").format(
                    reason=failure.message
                )
            )

    def _reveal_first_error(self) -> None:
        for tab in self._customer_tabs():
            for field in tab.fields:
                if not field.error.isHidden():
                    self.tabs.setCurrentWidget(tab)
                    field.editor.setFocus()
                    return

    def _show_page_error(self, text: str) -> None:
        self.error_text.setText(text)
        self.error_banner.show()

    # -- someone else changed the record ----------------------------------------------------

    def _show_stale(self, current: CustomerView) -> None:
        self._stale = current
        now = field_values(current)
        lines = []
        for name, field in self._fields().items():
            value = now.get(name, "")
            if value != field.original and not isinstance(field, FlagField):
                lines.append(
                    self.tr("{field} is now “{value}”").format(
                        field=field.label, value=value or self.tr("(empty)")
                    )
                )
        if current.status != (self._view.status if self._view else current.status):
            lines.append(self.tr("the status is now {status}").format(status=current.status))
        details = "; ".join(lines) if lines else self.tr("other parts of the record changed")
        self.stale_text.setText(
            self.tr(
                "Changed by someone else meanwhile: {details}. Nothing was saved; your changes are "
                "still here. Use the current values, or keep your changes and save again."
            ).format(details=details)
        )
        self.stale_banner.show()

    def use_current_values(self) -> None:
        """Drop the user's edits and show the record as it is now."""
        current = self._stale
        if current is None:
            return
        self._show_view(current)

    def keep_my_changes(self) -> None:
        """Rebase the typed values on the current record; the next Save replaces it."""
        current = self._stale
        if current is None:
            return
        now = field_values(current)
        for name, field in self._fields().items():
            fresh = now.get(name, "")
            if not field.changed():
                field.set_value(fresh)
            field.original = fresh
        self._expected_version = current.version
        self._stale = None
        self.stale_banner.hide()
        self._show_page_error(
            self.tr("Your changes are kept. Save again to replace the other change.")
        )

    # -- Esc and leaving --------------------------------------------------------------------

    def _escape(self) -> None:
        """Esc ends editing (asking first when something was changed); otherwise it goes
        back to the list."""
        if self._editing:
            self._end_editing()
        else:
            self._leave()

    def _end_editing(self) -> None:
        if self._saving:
            return
        if not self.changes():
            self.cancel_editing()
            return
        self._ask(
            "discardQuestion",
            self.tr("Discard your changes?"),
            self.tr("Editing ends and the record keeps its saved values."),
            self.cancel_editing,
        )

    def _leave(self) -> None:
        if not self.has_unsaved_changes:
            self.back_requested.emit()
            return

        def discard_and_leave() -> None:
            self.cancel_editing()
            for tab in self._customer_tabs():
                if isinstance(tab, InteractionsTab):
                    tab.discard_draft()
            self.back_requested.emit()

        self._ask(
            "leaveQuestion",
            self.tr("Leave this customer and discard your changes?"),
            self.tr("What you typed here is not saved."),
            discard_and_leave,
        )

    def _ask(self, name: str, question: str, detail: str, on_discard: Callable[[], None]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            question,
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(detail)
        box.setObjectName(name)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Discard:
                on_discard()

        box.finished.connect(answered)
        box.open()
