"""The desk as a user meets it: page shortcuts, the lock screen's way out, lock and sign-out
in the audit trail, the window remembered, the audit page kept current and readable, and the
staff page telling enrolled members apart."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from demo_desk import SessionFor
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from voxprivacy.gui.audit_view import AuditModel, AuditViewWidget
from voxprivacy.gui.main_window import MainWindow
from voxprivacy.gui.request_detail import RequestDetailWidget
from voxprivacy.gui.requests_view import RequestsPage
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.gui.staff_admin import StaffAdminWidget, StaffModel
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services import audit, auth, customers, requests
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, DemoStaff
from voxprivacy.storage.models import Customer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DemoFix = tuple[Context, DemoResult]


@pytest.fixture
def demo_size() -> int:
    return 5


def member(result: DemoResult, username: str) -> DemoStaff:
    return next(s for s in result.staff if s.username == username)


def open_window(
    qtbot: QtBot,
    session: DeskSession,
    settings: DeskSettings,
    kept: list[QWidget],
    staff: tuple[DemoStaff, ...] = (),
) -> MainWindow:
    window = MainWindow(session, settings, demo_staff=staff)
    qtbot.addWidget(window)
    kept.append(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def trail(ctx: Context, result: DemoResult, username: str) -> list[str]:
    """The auth events of ``username``, oldest first, read as an admin would."""
    admin = auth.sign_in(ctx, "admin", member(result, "admin").password)
    events = audit.list_events(ctx, admin, username=username, action="auth.")
    return [e.action for e in reversed(events)]


def test_ctrl_and_a_number_switch_pages_and_the_go_menu_names_the_keys(
    qtbot: QtBot, session_for: SessionFor, settings: DeskSettings, kept_widgets: list[QWidget]
) -> None:
    window = open_window(qtbot, session_for("supervisor"), settings, kept_widgets)
    assert [a.text() for a in window.page_actions] == [
        "Customers",
        "Requests",
        "Staff",
        "Audit",
        "Reports",
        "Retention",
    ]
    assert window.navigation.item(3).toolTip() == "Audit (Ctrl+4)"
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    assert [a.shortcut().toString() for a in go.actions()] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
        "Ctrl+4",
        "Ctrl+5",
        "Ctrl+6",
    ]
    qtbot.keyClick(
        window.customer_list.search_edit, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier
    )
    assert window.pages.currentWidget() is window.audit_page
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.requests_page
    window.lock()
    qtbot.keyClick(
        window.lock_screen.password_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier
    )
    assert window.pages.currentWidget() is window.requests_page  # locked: no switching


def test_lock_unlock_and_sign_out_are_in_the_audit_trail(
    qtbot: QtBot,
    demo: DemoFix,
    session_for: SessionFor,
    settings: DeskSettings,
    worker: DbWorker,
    kept_widgets: list[QWidget],
) -> None:
    ctx, result = demo
    window = open_window(qtbot, session_for("agent"), settings, kept_widgets)
    window.lock()
    qtbot.waitUntil(lambda: not worker.busy)
    assert trail(ctx, result, "agent")[-1] == "auth.lock"
    lock = window.lock_screen
    qtbot.keyClicks(lock.password_edit, member(result, "agent").password)
    with qtbot.waitSignal(lock.unlocked, timeout=10000):
        qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    window.lock()
    assert lock.switch_button.isVisible()
    assert lock.switch_button.text() == "Sign in as someone else"
    with qtbot.waitSignal(window.sign_out_requested, timeout=5000):
        qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not worker.busy)
    assert trail(ctx, result, "agent") == [
        "auth.sign_in",
        "auth.lock",
        "auth.unlock",
        "auth.lock",
        "auth.sign_out",
    ]


def test_the_window_and_the_demo_panel_are_remembered_after_signing_out(
    qtbot: QtBot,
    demo: DemoFix,
    session_for: SessionFor,
    settings: DeskSettings,
    kept_widgets: list[QWidget],
) -> None:
    _, result = demo
    staff = tuple(result.staff)
    first = open_window(qtbot, session_for("agent"), settings, kept_widgets, staff)
    assert first.demo_dock is not None and first.demo_dock.isVisible()
    first.resize(QSize(720, 600))
    first.move(QPoint(40, 30))
    first.demo_dock.close()
    with qtbot.waitSignal(first.sign_out_requested):
        first.sign_out()

    second = open_window(qtbot, session_for("finance"), settings, kept_widgets, staff)
    assert second.size() == QSize(720, 600)
    assert second.pos() == QPoint(40, 30)
    assert second.demo_dock is not None and not second.demo_dock.isVisible()


def test_a_window_saved_on_a_bigger_screen_comes_back_on_this_one(
    qtbot: QtBot, session_for: SessionFor, settings: DeskSettings, kept_widgets: list[QWidget]
) -> None:
    first = open_window(qtbot, session_for("agent"), settings, kept_widgets)
    area = first.screen().availableGeometry()
    first.setGeometry(QRect(area.right() - 100, area.bottom() - 100, 700, 500))
    first.close()
    second = open_window(qtbot, session_for("agent"), settings, kept_widgets)
    qtbot.waitUntil(lambda: area.contains(second.frameGeometry()))
    assert second.size() == QSize(700, 500)


def test_the_audit_page_shows_new_events_when_opened_again_and_counts_what_it_lists(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, result = demo
    widget = AuditViewWidget(session_for("supervisor"))
    qtbot.addWidget(widget)
    kept_widgets.append(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() > 0)
    listed = widget.model.rowCount()
    assert widget.chain_label.text() == f"Chain intact: {listed} entries"

    widget.hide()
    auth.sign_in(ctx, "finance", member(result, "finance").password)
    widget.chain_verified = False
    widget.show()
    # the verification the page ran when it was first shown, and the sign-in since
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() == listed + 2)
    assert widget.model.entry(0).action == "auth.sign_in"
    assert widget.model.entry(1).action == "audit.verify"
    assert widget.chain_label.text() == f"Chain intact: {listed + 2} entries"


def test_the_audit_page_names_customers_by_account_and_finds_them_by_it(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, result = demo
    agent = auth.sign_in(ctx, "agent", member(result, "agent").password)
    auth.step_up(ctx, agent, pyotp.TOTP(member(result, "agent").secret).at(ctx.now()))
    with ctx.db.read() as s:
        cid, account = s.execute(select(Customer.id, Customer.account_number).limit(1)).one()
    customers.edit_customer(
        ctx, agent, str(cid), {"note": "Asked about roaming."}, verified_by="callback"
    )

    widget = AuditViewWidget(session_for("supervisor"))
    qtbot.addWidget(widget)
    kept_widgets.append(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() > 0)
    entities = [
        widget.model.index(row, AuditModel.ENTITY).data() for row in range(widget.model.rowCount())
    ]
    assert f"customer {account}" in entities
    assert "staff Demo Agent" in entities
    assert not any(str(cid) in text for text in entities)

    qtbot.keyClicks(widget.entity_edit, str(account))
    qtbot.keyClick(widget.entity_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert widget.model.entry(0).action == "customer.edit"
    assert widget.count_label.text() == "1 event shown"

    widget.entity_edit.setText("VX00000000")
    qtbot.keyClick(widget.entity_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 0 and not widget.older_button.isEnabled())
    assert widget.count_label.text() == "No events match these filters."


def test_the_staff_page_shows_the_demo_members_as_enrolled(
    qtbot: QtBot, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    widget = StaffAdminWidget(session_for("admin"))
    qtbot.addWidget(widget)
    kept_widgets.append(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    states = [
        widget.model.index(row, StaffModel.STATE).data() for row in range(widget.model.rowCount())
    ]
    assert states == ["active"] * 4


def test_approve_and_deny_have_shortcuts_named_in_their_tooltips(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, result = demo
    agent = auth.sign_in(ctx, "agent", member(result, "agent").password)
    auth.step_up(ctx, agent, pyotp.TOTP(member(result, "agent").secret).at(ctx.now()))
    with ctx.db.read() as s:
        cid = s.execute(select(Customer.id).where(Customer.status == "active").limit(1)).scalar()
    view = requests.open_request(ctx, agent, str(cid), "erasure", "pin")
    detail = RequestDetailWidget(session_for("supervisor"))
    qtbot.addWidget(detail)
    kept_widgets.append(detail)
    detail.resize(700, 500)
    detail.show()
    detail.show_request(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None)
    assert detail.approve_button.toolTip().endswith("Ctrl+Shift+A")
    assert detail.deny_button.toolTip().endswith("Ctrl+Shift+D")
    # in view at the top of the detail, without scrolling
    area = detail.approve_button.mapTo(detail, QPoint(0, detail.approve_button.height()))
    assert area.y() < detail.height() // 3
    detail.activateWindow()
    qtbot.waitUntil(detail.isActiveWindow)
    qtbot.keyClick(
        detail,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, StepUpDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    for w in QApplication.topLevelWidgets():
        if isinstance(w, StepUpDialog):
            w.reject()


def test_after_approval_the_request_detail_needs_no_sideways_scrolling(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, result = demo
    agent = auth.sign_in(ctx, "agent", member(result, "agent").password)
    auth.step_up(ctx, agent, pyotp.TOTP(member(result, "agent").secret).at(ctx.now()))
    with ctx.db.read() as s:
        cid = s.execute(
            select(Customer.id).where(Customer.status == "active").order_by(Customer.id).limit(1)
        ).scalar()
    view = requests.open_request(ctx, agent, str(cid), "erasure", "pin")
    supervisor = auth.sign_in(ctx, "supervisor", member(result, "supervisor").password)
    ctx.clock.advance(timedelta(seconds=31))
    code = pyotp.TOTP(member(result, "supervisor").secret).at(ctx.now())
    auth.step_up(ctx, supervisor, code)
    requests.approve_erasure(ctx, supervisor, view.reference)

    page = RequestsPage(session_for("supervisor"))
    qtbot.addWidget(page)
    kept_widgets.append(page)
    page.resize(620, 560)  # what a 1024-pixel screen leaves beside the demo panel
    page.show()
    page.queue.status_filter.setCurrentIndex(page.queue.status_filter.findData(""))
    qtbot.waitUntil(lambda: page.queue.model.rowCount() > 0)
    page.queue.select(view.reference)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "approved")
    qtbot.wait(50)
    scroll = detail.findChild(QScrollArea)
    assert scroll is not None
    viewport = scroll.viewport()
    assert scroll.widget().width() <= viewport.width()
    button = detail.customer_button
    right = button.mapTo(viewport, QPoint(button.width(), 0)).x()
    assert button.isVisible() and right <= viewport.width()
    # the request gets most of the height, and its actions are in view without scrolling
    queue_height, detail_height = page.splitter.sizes()
    assert detail_height > queue_height
    for action in (detail.complete_button, detail.cancel_button):
        bottom = action.mapTo(viewport, QPoint(0, action.height())).y()
        assert action.isVisible() and 0 < bottom <= viewport.height()
    # the impact preview is a form: what a service loses gets a line, not a word a line
    chars = detail.fontMetrics().averageCharWidth()
    wrapped = [
        label
        for label in detail.impact.findChildren(QLabel)
        if label.wordWrap() and label.isVisible()
    ]
    assert wrapped and all(label.width() >= chars * 20 for label in wrapped)


def test_the_audit_page_loads_again_after_the_desk_wrote_something(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, result = demo
    session = session_for("supervisor")
    widget = AuditViewWidget(session)
    qtbot.addWidget(widget)
    kept_widgets.append(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() > 0)
    listed = widget.model.rowCount()
    auth.sign_in(ctx, "agent", member(result, "agent").password)
    session.wrote.emit()  # what session.write does after a write went through
    qtbot.waitUntil(lambda: widget.model.rowCount() == listed + 2)
    qtbot.waitUntil(lambda: widget.chain_label.text() == f"Chain intact: {listed + 2} entries")
