"""The desk's main window: navigation, the pages a role may see, menus and the lock.

The window only arranges: customers (list and record in one stack), staff and
audit (only for roles the role table allows; what a role may not see is not
built at all), the status bar, and in a demo the banner and the demo accounts.
Locking switches the window's content to the lock screen; every page stays
alive underneath, so work in progress survives. Locking and signing out are
written to the audit trail (auth.lock, auth.sign_out); the lock screen also
offers to sign in as someone else. Ctrl+1 … Ctrl+n switch between the pages
(the Go menu lists them). The window's size and place and the demo panel's
state are kept in the settings and restored, within the screen, next time.

At a branch office the window also runs the background synchronisation
(``BranchSync``) while it is signed in and unlocked, and shows what a
synchronisation brought in as it shows its own changes: the list searches again
and an open record that is not being edited loads again. Supervisors of a
branch or of the central database get the conflicts page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import voxprivacy
from voxprivacy.domain.roles import Permission, may, sections_for
from voxprivacy.gui import look
from voxprivacy.gui.audit_view import AuditViewWidget
from voxprivacy.gui.conflicts_view import ConflictsPage
from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.customer_list import CustomerListWidget
from voxprivacy.gui.demo_panel import DemoAccountsPanel
from voxprivacy.gui.fit import fit_on_screen
from voxprivacy.gui.lock import IdleWatch, LockScreen
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.register import RegisterCustomerDialog
from voxprivacy.gui.reports_view import ReportsPage
from voxprivacy.gui.requests_view import RequestsPage
from voxprivacy.gui.retention_view import RetentionPage
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import IDLE_LOCK_MINUTES, DeskSettings, SettingsDialog
from voxprivacy.gui.staff_admin import StaffAdminWidget
from voxprivacy.gui.status_bar import DeskStatusBar
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.unsubscribe_import import UnsubscribeImportDialog
from voxprivacy.services import auth
from voxprivacy.services.customers import CustomerView

if TYPE_CHECKING:
    from voxprivacy.gui.branch_sync import BranchSync
    from voxprivacy.services.demo import DemoStaff

log = logging.getLogger("voxprivacy.desk")


class MainWindow(QMainWindow):
    """One signed-in staff member's desk."""

    sign_out_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        session: DeskSession,
        settings: DeskSettings,
        *,
        demo_staff: Sequence[DemoStaff] = (),
        idle_seconds: float | None = None,
        sync_seconds: float | None = None,  # a branch's interval; None: branch_sync's
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._settings = settings
        self._idle_override = idle_seconds
        self._signing_out = False
        self._placed = False
        self._focus_before_lock: QWidget | None = None
        title = self.tr("voxprivacy — privacy desk")
        if session.demo:
            title = self.tr("DEMO — {0}").format(title)
        self.setWindowTitle(title)
        self.setWindowIcon(look.app_icon())

        # ---- pages --------------------------------------------------------------------------
        self.customer_list = CustomerListWidget(session, sections=sections_for(session.actor.role))
        self.customer_page = CustomerPage(session)
        self.customers = QStackedWidget()
        self.customers.setObjectName("customersStack")
        self.customers.addWidget(self.customer_list)
        self.customers.addWidget(self.customer_page)
        self.customer_list.open_requested.connect(self.open_customer)
        self.customer_page.back_requested.connect(self.show_customer_list)
        self.customer_page.saved.connect(lambda _view: self.customer_list.refresh())

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(look.em_size(self, 1.2, 1.2))
        self.navigation.setFixedWidth(look.em(self, 9))
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.pages = QStackedWidget()
        self.page_actions: list[QAction] = []
        self.staff_page: StaffAdminWidget | None = None
        self.audit_page: AuditViewWidget | None = None
        self.requests_page: RequestsPage | None = None
        self.conflicts_page: ConflictsPage | None = None
        self.reports_page: ReportsPage | None = None
        self.retention_page: RetentionPage | None = None
        self._add_page(self.customers, "customer", self.tr("Customers"))
        role = session.actor.role
        if may(role, Permission.PROCESS_REQUESTS):
            self.requests_page = RequestsPage(session)
            self.requests_page.open_customer_requested.connect(self._open_customer_from_request)
            self._add_page(self.requests_page, "shield", self.tr("Requests"))
        if may(role, Permission.RESOLVE_CONFLICTS) and session.sync_role in ("replica", "hub"):
            self.conflicts_page = ConflictsPage(session)
            self.conflicts_page.open_customer_requested.connect(self._open_customer_from_request)
            self.conflicts_page.settled.connect(self._conflict_settled)
            self._add_page(self.conflicts_page, "warning", self.tr("Conflicts"))
        if may(role, Permission.MANAGE_STAFF) or may(role, Permission.UNLOCK_STAFF):
            self.staff_page = StaffAdminWidget(session)
            self._add_page(self.staff_page, "staff", self.tr("Staff"))
        if may(role, Permission.READ_AUDIT):
            self.audit_page = AuditViewWidget(session)
            self._add_page(self.audit_page, "audit", self.tr("Audit"))
        if may(role, Permission.VIEW_REPORTS):
            self.reports_page = ReportsPage(session)
            self._add_page(self.reports_page, "audit", self.tr("Reports"))
        if may(role, Permission.VIEW_RETENTION):
            self.retention_page = RetentionPage(session)
            self._add_page(self.retention_page, "shield", self.tr("Retention"))
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        desk = QWidget()
        desk_layout = QHBoxLayout(desk)
        desk_layout.setContentsMargins(0, 0, 0, 0)
        desk_layout.setSpacing(0)
        desk_layout.addWidget(self.navigation)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        margin = look.em(self, 0.5)
        content_layout.setContentsMargins(margin, margin, margin, margin)
        content_layout.addWidget(self.pages)
        desk_layout.addWidget(content, 1)

        self.lock_screen = LockScreen(session)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.switch_user_requested.connect(self.sign_out)
        session.ended.connect(self.session_ended)
        self.screens = QStackedWidget()
        self.screens.addWidget(desk)
        self.screens.addWidget(self.lock_screen)
        self._desk = desk

        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.demo_banner: QLabel | None = None
        if session.demo:
            self.demo_banner = QLabel(
                self.tr(
                    "DEMO — a throwaway database with invented customers; it is deleted when the "
                    "desk closes. Do not enter real data."
                )
            )
            self.demo_banner.setObjectName("demoBanner")
            self.demo_banner.setWordWrap(True)
            central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.screens, 1)
        self.setCentralWidget(central)

        self.demo_dock: QDockWidget | None = None
        if demo_staff:
            self.demo_panel = DemoAccountsPanel(demo_staff, show_title=False)
            self.demo_dock = QDockWidget(self.tr("Demo accounts"))
            self.demo_dock.setObjectName("demoDock")
            self.demo_dock.setWidget(self.demo_panel)
            self.demo_dock.setFeatures(
                QDockWidget.DockWidgetFeature.DockWidgetClosable
                | QDockWidget.DockWidgetFeature.DockWidgetMovable
            )
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.demo_dock)

        self.branch_sync: BranchSync | None = None
        if session.sync_role == "replica":
            # only a branch loads the synchronisation (and the sync transport's pydantic,
            # httpx, x509): a desk that is no branch opens its window without them
            from voxprivacy.gui.branch_sync import SYNC_SECONDS, BranchSync

            self.branch_sync = BranchSync(
                session,
                interval_seconds=SYNC_SECONDS if sync_seconds is None else sync_seconds,
                parent=self,
            )
            self.branch_sync.finished.connect(self._synced)
        self.status = DeskStatusBar(session, branch_sync=self.branch_sync)
        self.status.conflicts_requested.connect(self.show_conflicts)
        self.setStatusBar(self.status)

        self._build_menus()

        # ---- idle lock ----------------------------------------------------------------------
        self.idle_watch = IdleWatch(self._idle_seconds(), parent=self)
        self.idle_watch.idle.connect(self.lock)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle_watch)
        self.idle_watch.start()
        settings.changed.connect(self._setting_changed)

        self.resize(self._initial_size())
        if self.demo_dock is not None:
            # the demo panel is a helper beside the desk, not half of it
            self.resizeDocks([self.demo_dock], [look.em(self, 18)], Qt.Orientation.Horizontal)
        self._restore_layout()
        self.customer_list.focus_search()
        if self.branch_sync is not None:
            self.branch_sync.start()

    # ---- building ---------------------------------------------------------------------------

    def _initial_size(self) -> QSize:
        """Most of the screen (a desk is used all day), never less than the layout needs."""
        wanted = look.em_size(self, 62, 36)
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry().size()
            wanted = wanted.expandedTo(area * 0.85).boundedTo(area)
        return wanted

    def _restore_layout(self) -> None:
        """The size, place and demo panel of the last window, as far as this screen
        allows: a window saved on a bigger screen is brought back onto this one."""
        geometry, state = self._settings.window_layout()
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        if state:
            self.restoreState(QByteArray(state))
        fit_on_screen(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            # the window frame is known once shown: keep all of it on the screen
            QTimer.singleShot(0, lambda: fit_on_screen(self) if alive(self) else None)

    def _save_layout(self) -> None:
        self._settings.set_window_layout(
            bytes(self.saveGeometry().data()), bytes(self.saveState().data())
        )

    def _add_page(self, page: QWidget, icon_name: str, title: str) -> None:
        item = QListWidgetItem(look.icon(icon_name), title)
        number = self.navigation.count() + 1
        if number <= 9:
            sequence = QKeySequence(f"Ctrl+{number}")
            action = QAction(look.icon(icon_name), title, self)
            action.setShortcut(sequence)
            action.setToolTip(title)
            action.triggered.connect(lambda _=False, page=page: self.show_page(page))
            self.addAction(action)
            self.page_actions.append(action)
            shortcut = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(self.tr("{page} ({shortcut})").format(page=title, shortcut=shortcut))
        self.navigation.addItem(item)
        self.pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        """Switch to one of the desk's pages (Ctrl+1 … Ctrl+n, in the order of the list)."""
        if self.locked:
            return
        index = self.pages.indexOf(page)
        if index >= 0:
            self.navigation.setCurrentRow(index)
            page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        self.lock_action = QAction(look.icon("lock"), self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.sync_action: QAction | None = None
        self.register_action: QAction | None = None
        self.unsubscribe_action: QAction | None = None
        role = self.session.actor.role
        if may(role, Permission.EDIT_CUSTOMERS):
            self.register_action = QAction(self.tr("&Register customer…"), self)
            self.register_action.setShortcut(QKeySequence.StandardKey.New)
            self.register_action.triggered.connect(self.register_customer)
            file_menu.addAction(self.register_action)
        if may(role, Permission.IMPORT_UNSUBSCRIBES):
            self.unsubscribe_action = QAction(self.tr("Import newsletter &unsubscribes…"), self)
            self.unsubscribe_action.triggered.connect(self.import_unsubscribes)
            file_menu.addAction(self.unsubscribe_action)
        if self.register_action is not None or self.unsubscribe_action is not None:
            file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        if self.branch_sync is not None:
            self.sync_action = QAction(self.tr("S&ynchronise now"), self)
            self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
            self.sync_action.setStatusTip(
                self.tr("Send this branch's changes to the central database and fetch theirs")
            )
            self.sync_action.triggered.connect(self.sync_now)
            file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for action in self.page_actions:
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        if self.demo_dock is not None:
            help_menu.addAction(self.demo_dock.toggleViewAction())
        about = QAction(self.tr("&About voxprivacy"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

        self.find_action = QAction(self.tr("Find customer"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find_customer)
        self.addAction(self.find_action)

    # ---- customers --------------------------------------------------------------------------

    def find_customer(self) -> None:
        if self.locked:
            return
        self.navigation.setCurrentRow(0)
        self.show_customer_list()
        self.customer_list.focus_search()

    def register_customer(self) -> RegisterCustomerDialog | None:
        """Open the registration form; the new record (or an existing one the user chose
        instead) opens on the Customers page."""
        if self.locked:
            return None
        dialog = RegisterCustomerDialog(self.session, self)
        dialog.registered.connect(self._registered)
        dialog.open_requested.connect(self._open_customer_from_request)
        dialog.open()
        return dialog

    def _registered(self, view: CustomerView) -> None:
        self._open_customer_from_request(view.id)
        self.customer_list.refresh()

    def import_unsubscribes(self) -> UnsubscribeImportDialog | None:
        if self.locked:
            return None
        dialog = UnsubscribeImportDialog(self.session, self)
        dialog.open()
        return dialog

    def open_customer(self, customer_id: str) -> None:
        self.customer_page.open_customer(customer_id)
        self.customers.setCurrentWidget(self.customer_page)
        self.customer_page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_customer_from_request(self, customer_id: str) -> None:
        self.navigation.setCurrentRow(0)
        self.open_customer(customer_id)

    def show_customer_list(self) -> None:
        self.customers.setCurrentWidget(self.customer_list)
        self.customer_list.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.customer_list.model.rowCount() == 0:
            self.customer_list.focus_search()

    # ---- a branch office --------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.branch_sync is not None and not self.locked:
            self.branch_sync.sync_now()

    def _synced(self, result: object) -> None:
        from voxprivacy.gui.branch_sync import SyncResult  # loaded: a sync sent it

        if isinstance(result, SyncResult) and result.brought_changes:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Show changes made elsewhere as the pages show their own: the list searches again,
        an open record that is not being edited loads again, open lists load again."""
        self.customer_list.refresh()
        self.customer_page.reload()
        if self.requests_page is not None and self.requests_page.isVisible():
            self.requests_page.queue.refresh()
        if self.conflicts_page is not None and self.conflicts_page.loaded_once:
            self.conflicts_page.refresh()
        self.status.refresh_conflicts()

    def show_conflicts(self) -> None:
        if self.conflicts_page is None or self.locked:
            return
        self.navigation.setCurrentRow(self.pages.indexOf(self.conflicts_page))
        self.conflicts_page.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _conflict_settled(self, _view: object) -> None:
        self.status.refresh_conflicts()
        self.customer_list.refresh()
        self.customer_page.reload()
        if self.branch_sync is not None:
            self.branch_sync.sync_now()  # the decision reaches the centre without waiting

    # ---- locking ----------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Cover the desk and end the step-up; the pages underneath keep their state."""
        if self.locked:
            return
        self.session.end_step_up()
        self.session.query(auth.lock).failed(_log_audit_failure).run()
        self._cover()
        self.lock_screen.reset()
        self.session.locked.emit()

    def _cover(self) -> None:
        focused = QApplication.focusWidget()
        self._focus_before_lock = (
            focused if focused is not None and self._desk.isAncestorOf(focused) else None
        )
        self.idle_watch.stop()
        if self.branch_sync is not None:
            self.branch_sync.pause()
        self.screens.setCurrentWidget(self.lock_screen)
        self._set_desk_actions(False)

    def session_ended(self, reason: str) -> None:
        """The head office server ended the session (expired, revoked, signed out
        elsewhere): the lock screen asks for the password to sign in again, over the work
        in progress; nothing is sent to end it (it already has)."""
        if not self.locked:
            self._cover()
        for dialog in self.findChildren(StepUpDialog):  # a code for a session that is gone
            if dialog.isVisible():
                dialog.reject()  # the write is cancelled; what was typed stays
        self.lock_screen.show_ended(reason)

    def unlock(self) -> None:
        if not self.locked:
            return
        self.screens.setCurrentWidget(self._desk)
        self._set_desk_actions(True)
        self.idle_watch.start()
        if self.branch_sync is not None:
            self.branch_sync.start()
        if self._focus_before_lock is not None:
            self._focus_before_lock.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_desk_actions(self, enabled: bool) -> None:
        for action in (
            self.settings_action,
            self.lock_action,
            self.find_action,
            self.sync_action,
            self.register_action,
            self.unsubscribe_action,
            *self.page_actions,
        ):
            if action is not None:
                action.setEnabled(enabled)

    def _idle_seconds(self) -> float:
        if self._idle_override is not None:
            return self._idle_override
        return self._settings.get(IDLE_LOCK_MINUTES) * 60.0

    def _setting_changed(self, key: str) -> None:
        if key == IDLE_LOCK_MINUTES.key:
            self.idle_watch.set_idle_seconds(self._idle_seconds())

    # ---- menus ------------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self._settings, self.session.worker, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About voxprivacy"),
            self.tr(
                "<b>voxprivacy {0}</b><p>The privacy desk: customer records, consents and privacy "
                "requests, with a tamper-evident audit trail.</p>"
            ).format(voxprivacy.__version__),
        )

    def sign_out(self) -> None:
        self._signing_out = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.customer_page.has_unsaved_changes and not self._may_discard():
            self._signing_out = False
            event.ignore()
            return
        self.idle_watch.stop()
        if self.branch_sync is not None:
            self.branch_sync.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle_watch)
        self.session.end_step_up()
        self._save_layout()
        super().closeEvent(event)
        if self._signing_out:
            self.session.query(auth.sign_out).failed(_log_audit_failure).run()
            self.sign_out_requested.emit()
        else:
            self.quit_requested.emit()

    def _may_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr(
                "The customer record has changes that are not saved. Close the desk and "
                "discard them?"
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


def _log_audit_failure(failure: Failure) -> None:
    """A lock or sign-out that could not be written to the trail (the database went
    away) does not stop the desk from locking or signing out."""
    log.warning(
        "could not record a lock or sign-out in the audit trail: %s", type(failure.error).__name__
    )
