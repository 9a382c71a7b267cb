"""Signing in, the idle lock (also after sleep), Ctrl+L, and unlocking with the password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from voxprivacy.gui.demo_panel import DemoAccountsPanel
from voxprivacy.gui.lock import IdleWatch
from voxprivacy.gui.main_window import MainWindow
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.gui.signin import SignInDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, DemoStaff

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo_size() -> int:
    return 20


def member(result: DemoResult, role: str) -> DemoStaff:
    return next(s for s in result.staff if s.role == role)


def open_window(
    qtbot: QtBot,
    ctx: Context,
    worker: DbWorker,
    settings: DeskSettings,
    staff: DemoStaff,
    idle_seconds: float | None = None,
) -> MainWindow:
    actor = auth.sign_in(ctx, staff.username, staff.password)
    session = DeskSession(ctx, actor, worker, mode=ctx.db.target.mode)
    window = MainWindow(session, settings, idle_seconds=idle_seconds)
    qtbot.addWidget(window)
    window.show()
    return window


def test_wrong_password_is_explained_in_the_dialog_then_the_right_one_signs_in(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult]
) -> None:
    ctx, result = demo
    agent = member(result, "agent")
    dialog = SignInDialog(ctx, worker, database=ctx.db.target.display)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, agent.username)
    qtbot.keyClicks(dialog.password_edit, "not the password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10000)
    assert dialog.error_label.text() == auth.SIGN_IN_FAILED
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.hasFocus()
    assert dialog.isVisible() and dialog.actor is None

    qtbot.keyClicks(dialog.password_edit, agent.password)
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as signed:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert signed.args[0].username == agent.username
    assert dialog.result() == SignInDialog.DialogCode.Accepted


def test_empty_fields_are_asked_for_without_calling_the_service(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult]
) -> None:
    ctx, _ = demo
    dialog = SignInDialog(ctx, worker, database="x")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.submit()
    assert dialog.error_label.text() == "Enter your user name and password."


def test_demo_panel_shows_the_current_code_and_fills_the_form(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult]
) -> None:
    ctx, result = demo
    now = 1_699_999_995.0  # 15 s into a 30 s step
    panel = DemoAccountsPanel(result.staff, clock=lambda: now)
    dialog = SignInDialog(ctx, worker, database="demo", side_panel=panel)
    panel.use_account.connect(dialog.fill)
    qtbot.addWidget(dialog)
    import pyotp

    finance = member(result, "finance")
    row = [s.username for s in result.staff].index(finance.username)
    assert panel.code_labels[row].text().replace(" ", "") == pyotp.TOTP(finance.secret).at(now)
    assert panel.countdown.value() == 15
    qtbot.mouseClick(panel.use_buttons[row], Qt.MouseButton.LeftButton)
    assert dialog.username_edit.text() == finance.username
    assert dialog.password_edit.text() == finance.password


def test_idle_time_locks_the_desk_and_the_password_unlocks_it(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    agent = member(result, "agent")
    window = open_window(qtbot, ctx, worker, settings, agent, idle_seconds=1)
    qtbot.keyClicks(window.customer_list.search_edit, "work in progress")
    qtbot.waitSignal(window.session.locked, timeout=5000).wait()  # idle for a second
    assert window.locked
    assert window.screens.currentWidget() is window.lock_screen
    # the page underneath is kept as it was
    assert window.customer_list.search_edit.text() == "work in progress"

    lock = window.lock_screen
    qtbot.keyClicks(lock.password_edit, "wrong")
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lock.error_label.isVisible, timeout=10000)
    assert lock.error_label.text() == "Wrong password."
    assert window.locked

    qtbot.keyClicks(lock.password_edit, agent.password)
    with qtbot.waitSignal(lock.unlocked, timeout=10000):
        qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    assert not window.locked
    assert window.customer_list.search_edit.text() == "work in progress"


def test_ctrl_l_locks_and_ends_the_step_up(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    supervisor = member(result, "supervisor")
    window = open_window(qtbot, ctx, worker, settings, supervisor)
    import pyotp

    auth.step_up(ctx, window.session.actor, pyotp.TOTP(supervisor.secret).now())
    window.session.note_step_up()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.session.step_up_left().total_seconds() > 0
    assert "left" in window.status.step_up_label.text()
    qtbot.keyClick(
        window.customer_list.search_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    assert window.locked
    assert window.session.step_up_left().total_seconds() == 0
    assert window.status.step_up_label.text() == "2FA: not active"


def test_a_machine_that_slept_locks_when_it_wakes(qtbot: QtBot) -> None:
    clock = {"mono": 100.0, "wall": 1_000.0}
    watch = IdleWatch(300, monotonic=lambda: clock["mono"], wall=lambda: clock["wall"])
    watch.start()
    clock["mono"] += 10
    clock["wall"] += 10
    with qtbot.assertNotEmitted(watch.idle):
        watch.check()
    # suspended for an hour: the monotonic clock stood still, the wall clock ran on
    clock["mono"] += 1
    clock["wall"] += 3600
    with qtbot.waitSignal(watch.idle, timeout=100):
        watch.check()
    watch.stop()


def test_activity_postpones_the_lock(qtbot: QtBot) -> None:
    clock = {"t": 0.0}
    watch = IdleWatch(60, monotonic=lambda: clock["t"], wall=lambda: clock["t"])
    watch.start()
    clock["t"] = 50
    watch.touch()  # what the event filter does on a key press
    clock["t"] = 100
    with qtbot.assertNotEmitted(watch.idle):
        watch.check()
    clock["t"] = 111
    with qtbot.waitSignal(watch.idle, timeout=100):
        watch.check()
    watch.stop()
