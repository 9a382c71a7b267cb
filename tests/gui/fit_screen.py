"""Open every page and dialog of the desk, for every role, on one screen size, and report
what would not fit on that screen.

Run by test_fit_screen.py in a child process whose offscreen screen has the size under
test (``QT_QPA_PLATFORM=offscreen:configfile=…``): the screen size is fixed when the
QApplication starts. Prints one JSON object: ``{"screen": [w, h], "checked": [...],
"problems": [...], "unnamed": [...], "untabbable": [...],
"tab_order": [...]}``; each problem names the widget,
the role and what it needs. On the way every interactive control shown is checked for what
a screen reader and the keyboard need (test_accessibility.py): an accessible name (its own,
its text, or the label it is the buddy of) and a place in the Tab order.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStyle,
    QTableView,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select
from tab_order import tab_order_problems

from voxprivacy.domain.enums import Role
from voxprivacy.gui import language, look
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, requests
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import Customer, Subscription
from voxprivacy.storage.schema import upgrade

ELIDE = Qt.TextElideMode.ElideRight
ROLES = ("agent", "finance", "supervisor", "admin")
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
# Qt's own parts of a composite control (the spin box's line edit, the table's corner
# button, a dock's title buttons): the composite carries the name.
QT_PARTS = ("QTableCornerButton", "QDockWidgetTitleButton", "QLineEditIconButton", "QHeaderView")


def _words(text: str) -> str:
    return "".join(ch for ch in text.replace("&", "") if ch.isalnum()).strip()


def accessible_name(widget: QWidget, labels: dict[int, str]) -> str:
    """What a screen reader announces as the control's name: its accessible name, a
    button's text, or the text of the label it is the buddy of."""
    if _words(widget.accessibleName()):
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and _words(widget.text()):
        return widget.text()
    return labels.get(shiboken6.getCppPointer(widget)[0], "")


def controls(top: QWidget) -> list[QWidget]:
    """The interactive controls of ``top`` a user can see now (Qt's own parts left out)."""
    found = []
    for w in top.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisible() or not w.isEnabled():
            continue
        if (
            type(w).__name__ in QT_PARTS
            or w.objectName().startswith("qt_")
            or isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox | QLineEdit)
        ):
            continue
        found.append(w)
    return found


def tab_stops(top: QWidget) -> list[QWidget]:
    """The controls of window ``top`` the Tab key stops at: an exclusive radio button only
    when it is checked (Tab enters the group at its checked button)."""
    return [
        w
        for w in controls(top)
        if w.window() is top
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not (isinstance(w, QRadioButton) and w.autoExclusive() and not w.isChecked())
    ]


def _by_other_keys(widget: QWidget) -> bool:
    """Reached without its own Tab stop: a read-only value (selectable by mouse, read by a
    screen reader) or a radio button (Tab enters its group, the arrow keys move within it;
    Qt itself takes the Tab stop from the group's other buttons)."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit) and widget.isReadOnly():
        return True
    return isinstance(widget, QRadioButton) and widget.autoExclusive()


def describe(widget: QWidget) -> str:
    name = widget.objectName() or "(no objectName)"
    hint = ""
    if isinstance(widget, QLineEdit):
        hint = widget.placeholderText()
    elif isinstance(widget, QAbstractButton):
        hint = widget.text() or widget.toolTip()
    elif isinstance(widget, QComboBox):
        hint = widget.currentText()
    return f"{type(widget).__name__} {name} {hint[:40]!r}"


class Clock:
    """Real time that moves on by one authenticator step when asked."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now().astimezone() + self.offset

    def advance(self) -> None:
        self.offset += timedelta(seconds=31)


class Check:
    def __init__(
        self, app: QApplication, ctx: Context, clock: Clock, demo: DemoResult, tmp: Path
    ) -> None:
        self.app = app
        self.ctx = ctx
        self.clock = clock
        self.demo = demo
        self.tmp = tmp
        self.worker = DbWorker()
        screen = app.primaryScreen()
        self.area: QRect = screen.availableGeometry()
        self.checked: list[str] = []
        self.problems: list[str] = []
        self.unnamed: set[str] = set()
        self.untabbable: set[str] = set()
        self.tab_order: list[str] = []
        self.keep: list[QWidget] = []

    # -- helpers --------------------------------------------------------------------------

    def settle(self, ready: Callable[[], bool] = lambda: True, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if ready() and not self.worker.busy:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not finish loading")
            time.sleep(0.01)
        for _ in range(5):
            QCoreApplication.processEvents()

    def session(self, username: str, *, stepped_up: bool = False) -> DeskSession:
        member = next(s for s in self.demo.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, member.password)
        if stepped_up:
            self.clock.advance()  # each code is accepted once: the next step's code
            auth.step_up(self.ctx, actor, pyotp.TOTP(member.secret).at(self.ctx.now()))
        return DeskSession(self.ctx, actor, self.worker, mode="sqlite", demo=True)

    def reachable(self, name: str, top: QWidget) -> None:
        """Every control shown has a name for a screen reader and takes the Tab key."""
        labels = {
            shiboken6.getCppPointer(label.buddy())[0]: label.text()
            for label in top.findChildren(QLabel)
            if label.buddy() is not None and _words(label.text())
        }
        for w in controls(top):
            if not _words(accessible_name(w, labels)):
                self.unnamed.add(f"{name}: {describe(w)}")
            if not w.focusPolicy() & Qt.FocusPolicy.TabFocus and not _by_other_keys(w):
                self.untabbable.add(f"{name}: {describe(w)}")
        if top.isWindow():
            self.tab_order += tab_order_problems(name, top, tab_stops(top))

    def columns_whole(self, name: str, top: QWidget) -> None:
        """Every list shown has each column's heading whole (not cut to "…"), and the
        first column, which says which row it is, shows its first rows whole (unless the
        list wraps long cells); a long detail further right may end in "…" (its tooltip
        has it all)."""
        for table in top.findChildren(QTableView):
            model = table.model()
            if not table.isVisible() or model is None or table.wordWrap():
                continue
            header = table.horizontalHeader()
            metrics = table.fontMetrics()
            style = table.style()
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
            if header.length() > table.viewport().width() + 1 and not (
                table.horizontalScrollBar().isVisible()
            ):
                self.problems.append(
                    f"{name}: the {table.objectName() or 'list'} columns need "
                    f"{header.length()} pixels, {table.viewport().width()} are shown"
                )
            for column in range(model.columnCount()):
                if header.isSectionHidden(column):
                    continue
                width = header.sectionSize(column)
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                texts = [title]
                if column == next(
                    c for c in range(model.columnCount()) if not header.isSectionHidden(c)
                ):
                    texts += [
                        str(model.index(row, column).data() or "")
                        for row in range(min(model.rowCount(), 8))
                    ]
                # as Qt draws a cell: the style's text margin either side, then "…"
                room = width - 2 * margin
                cut = [t for t in texts if metrics.elidedText(t, ELIDE, room) != t]
                if cut:
                    self.problems.append(
                        f"{name}: the {table.objectName() or 'list'} column {title!r} is "
                        f"{width} pixels wide and cuts {cut[0][:40]!r}"
                    )

    def fits(self, name: str, widget: QWidget, *, placed: bool = True) -> None:
        """``widget`` needs no more than the screen's available area; when ``placed``, all
        of it (its frame) is on the screen; no list in it cuts a column."""
        self.checked.append(name)
        self.reachable(name, widget)
        self.columns_whole(name, widget)
        need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if need.width() > self.area.width() or need.height() > self.area.height():
            self.problems.append(
                f"{name}: needs at least {need.width()}×{need.height()}, the screen has "
                f"{self.area.width()}×{self.area.height()}"
            )
        if placed:
            frame = widget.frameGeometry()
            if not self.area.contains(frame):
                self.problems.append(
                    f"{name}: shown at {frame.x()},{frame.y()} {frame.width()}×"
                    f"{frame.height()}, off the screen {self.area.width()}×{self.area.height()}"
                )

    def whole(self, name: str, widget: QWidget) -> None:
        """``widget`` is shown whole: nothing of it is cut off by the window around it, and
        all of it is on the screen."""
        self.checked.append(name)
        visible = widget.visibleRegion().boundingRect().size()
        if not widget.isVisible() or visible != widget.size():
            self.problems.append(
                f"{name}: {visible.width()}×{visible.height()} of "
                f"{widget.width()}×{widget.height()} visible"
            )
        on_screen = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        if not self.area.contains(on_screen):
            self.problems.append(
                f"{name}: at {on_screen.x()},{on_screen.y()}, off the screen "
                f"{self.area.width()}×{self.area.height()}"
            )

    def dialog(self, name: str, dialog: QDialog, ready: Callable[[], bool] = lambda: True) -> None:
        self.keep.append(dialog)
        if not dialog.isVisible():
            dialog.show()
        self.settle(ready)
        self.fits(name, dialog)
        dialog.close()

    def open_dialogs(self) -> list[QDialog]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w not in self.keep
        ]

    def newest_dialog(self, kind: type[QDialog]) -> QDialog:
        self.settle(lambda: any(isinstance(w, kind) for w in self.open_dialogs()))
        found = [w for w in self.open_dialogs() if isinstance(w, kind)]
        return found[-1]

    def customer(self, with_services: bool = True) -> tuple[str, str]:
        with self.ctx.db.read() as s:
            stmt = select(Customer.id, Customer.account_number).where(Customer.status == "active")
            if with_services:
                stmt = stmt.where(Customer.id.in_(select(Subscription.customer_id)))
            row = s.execute(stmt.order_by(Customer.account_number).limit(1)).one()
        return str(row[0]), str(row[1])

    # -- the checks -----------------------------------------------------------------------

    def sign_in(self) -> None:
        from voxprivacy.gui.demo_panel import DemoAccountsPanel
        from voxprivacy.gui.first_run import FirstRunWizard
        from voxprivacy.gui.signin import SignInDialog

        panel = DemoAccountsPanel(self.demo.staff)
        self.dialog(
            "sign-in with the demo panel",
            SignInDialog(self.ctx, self.worker, database="demo", side_panel=panel),
        )
        wizard = FirstRunWizard(self.ctx, self.worker, database="demo")
        self.keep.append(wizard)
        wizard.show()
        self.settle()
        self.fits("first-run assistant", wizard)
        wizard.close()

    def window(self, role: str) -> None:
        from voxprivacy.gui.identity_check import IdentityCheckDialog
        from voxprivacy.gui.main_window import MainWindow
        from voxprivacy.gui.register import RegisterCustomerDialog
        from voxprivacy.gui.settings import DeskSettings
        from voxprivacy.gui.step_up import StepUpDialog
        from voxprivacy.gui.unsubscribe_import import UnsubscribeImportDialog

        store = QSettings(str(self.tmp / f"{role}.ini"), QSettings.Format.IniFormat)
        session = self.session(role)
        window = MainWindow(session, DeskSettings(store), demo_staff=self.demo.staff)
        self.keep.append(window)
        window.show()
        self.settle()
        assert window.demo_dock is not None and window.demo_dock.isVisible()
        panel = window.demo_panel
        for label, widget in (
            *((f"the demo panel's code {i + 1}", w) for i, w in enumerate(panel.code_labels)),
            *((f"the demo panel's Use button {i + 1}", w) for i, w in enumerate(panel.use_buttons)),
            ("the status bar's step-up countdown", window.status.step_up_label),
        ):
            self.whole(f"{role}: {label}", widget)
        for row in range(window.navigation.count()):
            window.navigation.setCurrentRow(row)
            self.settle()
            title = window.navigation.item(row).text()
            self.fits(f"{role}: the window on the {title} page", window)
        window.navigation.setCurrentRow(0)
        customer_id, _ = self.customer()
        window.open_customer(customer_id)
        self.settle(lambda: getattr(window.customer_page, "view", None) is not None)
        self.fits(f"{role}: the window on a customer record", window)
        window.lock()
        self.settle()
        self.fits(f"{role}: the window, locked", window)
        window.lock_screen.reset()

        self.dialog(f"{role}: settings", window.open_settings())
        self.dialog(f"{role}: step-up", StepUpDialog(session, window))
        self.dialog(f"{role}: identity check", IdentityCheckDialog(window))
        if window.register_action is not None:
            self.dialog(f"{role}: register a customer", RegisterCustomerDialog(session, window))
        if window.unsubscribe_action is not None:
            self.dialog(
                f"{role}: import newsletter unsubscribes", UnsubscribeImportDialog(session, window)
            )

        self.lifecycle_dialogs(role, session, window)
        if window.requests_page is not None:
            self.request_dialogs(role, session, window)
        if window.staff_page is not None and window.staff_page.can_manage:
            self.staff_dialogs(role, window)
        window.close()
        self.settle()

    def lifecycle_dialogs(self, role: str, session: DeskSession, window: QWidget) -> None:
        from voxprivacy.gui.customer.lifecycle import (
            CardDialog,
            EndServiceDialog,
            ReasonOnlyDialog,
            ServiceDialog,
            TerminateDialog,
            VerificationDialog,
        )
        from voxprivacy.services import customers

        customer_id, _ = self.customer()
        view = customers.show_customer(self.ctx, session.actor, customer_id)
        if role in ("agent", "supervisor"):
            adding = ServiceDialog(session, view, None, window)
            adding.product.setCurrentIndex(adding.product.findData("origination_trunk"))
            self.dialog(f"{role}: add a service", adding)
            service = (view.services or [])[0]
            self.dialog(f"{role}: change a service", ServiceDialog(session, view, service, window))
            self.dialog(f"{role}: end a service", EndServiceDialog(session, service, window))
            self.dialog(f"{role}: identity check", VerificationDialog(window))
        if role == "finance":
            self.dialog(f"{role}: record a card", CardDialog(session, view, None, window))
        if role in ("supervisor", "admin"):
            ending = TerminateDialog(session, view, window)
            self.dialog(
                f"{role}: terminate an account", ending, lambda: ending.preview.impact is not None
            )
        if role == "supervisor":
            self.dialog(
                f"{role}: reactivate an account",
                ReasonOnlyDialog(
                    "Reactivate the account",
                    "The account becomes active. " * 6,
                    "Reactivate",
                    parent=window,
                ),
            )

    def request_dialogs(self, role: str, session: DeskSession, window: QWidget) -> None:
        from voxprivacy.gui.request_detail import RequestDetailDialog
        from voxprivacy.gui.request_dialogs import ConfirmErasureDialog, ReasonDialog
        from voxprivacy.gui.requests_view import OpenRequestDialog, RecordDisclosureDialog

        customer_id, account = self.customer()
        opening = OpenRequestDialog(session, customer_id, f"{account} · a customer", window)
        opening.show()
        self.settle()
        self.fits(f"{role}: new request", opening)
        opening.choose(kind="erasure", method="callback")
        self.dialog(
            f"{role}: new erasure request with its impact",
            opening,
            lambda: opening.impact_preview is not None,
        )
        restricting = OpenRequestDialog(session, customer_id, f"{account} · a customer", window)
        restricting.choose(kind="restriction", method="callback", purposes=("newsletter",))
        self.dialog(f"{role}: new restriction request with its purposes", restricting)
        self.dialog(f"{role}: record a disclosure", RecordDisclosureDialog(window))

        agent = self.session("agent", stepped_up=True).actor
        view = requests.open_request(self.ctx, agent, customer_id, "erasure", "callback", "fit")
        detail = RequestDetailDialog(session, view.reference, window)
        self.keep.append(detail)
        detail.show()
        self.settle(lambda: detail.detail.view is not None)
        self.fits(f"{role}: request detail window", detail)
        if detail.detail.deny_button.isVisible():
            detail.detail.deny()
            self.dialog(f"{role}: deny a request", self.newest_dialog(ReasonDialog))
        detail.detail.extend()
        self.dialog(f"{role}: extend a deadline", self.newest_dialog(ReasonDialog))
        detail.close()
        impact = requests.erasure_impact(self.ctx, session.actor, customer_id)
        self.dialog(f"{role}: confirm an erasure", ConfirmErasureDialog(view, impact, window))
        requests.cancel_request(self.ctx, agent, view.reference, "fit check done")

    def staff_dialogs(self, role: str, window: Any) -> None:
        from voxprivacy.gui.staff_admin import AddStaffDialog, EnrollmentDialog
        from voxprivacy.services.auth import Enrollment

        self.dialog(f"{role}: add a staff member", AddStaffDialog(window))
        secret = pyotp.random_base32()
        enrollment = Enrollment(
            "newcomer",
            Role.AGENT,
            secret,
            pyotp.TOTP(secret).provisioning_uri(name="newcomer", issuer_name="voxprivacy"),
            [f"abcde-{i:05d}" for i in range(10)],
        )
        self.dialog(f"{role}: authenticator enrollment", EnrollmentDialog(enrollment, window))


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setFont(QFont("DejaVu Sans", 10))
    app.setStyleSheet(look.stylesheet())
    language.apply(os.environ.get("VOXPRIVACY_FIT_LANGUAGE", "en"), app)
    with tempfile.TemporaryDirectory() as tmp:
        secrets = ProcessOnlySecrets()
        db = open_database(parse_target(f"sqlite:///{tmp}/fit.db"), secrets, create=True)
        upgrade(db)
        clock = Clock()
        ctx = Context(db, secrets, clock=clock)
        demo = generate_demo(ctx, 30, seed=2009)
        check = Check(app, ctx, clock, demo, Path(tmp))
        try:
            check.sign_in()
            for role in ROLES:
                check.window(role)
        finally:
            for widget in check.keep:
                if shiboken6.isValid(widget):
                    widget.close()
            check.worker.shutdown(wait=True)
            db.dispose()
    area = check.area
    print(
        json.dumps(
            {
                "screen": [area.width(), area.height()],
                "checked": check.checked,
                "problems": check.problems,
                "unnamed": sorted(check.unnamed),
                "untabbable": sorted(check.untabbable),
                "tab_order": check.tab_order,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
