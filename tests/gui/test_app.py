"""The desk as a whole: command line, demo start, the main window by role, keyboard, trouble."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import voxprivacy
from voxprivacy.gui import app, bootstrap
from voxprivacy.gui.app import Desk
from voxprivacy.gui.bootstrap import DeskOptions
from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.demo_panel import DemoAccountsPanel
from voxprivacy.gui.main_window import MainWindow
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import IDLE_LOCK_MINUTES, DeskSettings
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, DemoStaff
from voxprivacy.storage.database import open_database, parse_target

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def member(result: DemoResult, role: str) -> DemoStaff:
    return next(s for s in result.staff if s.role == role)


def open_window(
    qtbot: QtBot, ctx: Context, worker: DbWorker, settings: DeskSettings, staff: DemoStaff
) -> MainWindow:
    actor = auth.sign_in(ctx, staff.username, staff.password)
    session = DeskSession(ctx, actor, worker, mode=ctx.db.target.mode)
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def sections(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


# ---- command line -------------------------------------------------------------------------


def test_version_prints_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"voxprivacy {voxprivacy.__version__}"


def test_bad_arguments_exit_with_status_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--no-such-option"]) == 2
    assert app.main(["--demo", "--demo-customers", "many"]) == 2
    assert app.main(["--demo", "--db", "sqlite:///x.db"]) == 2
    assert "usage" in capsys.readouterr().err


def test_demo_options_default_to_two_thousand_customers() -> None:
    assert bootstrap.parse_args(["--demo"]) == DeskOptions(demo=True, demo_customers=2000)
    assert bootstrap.parse_args(["--db", "sqlite:///a.db"]).db == "sqlite:///a.db"


def test_db_argument_wins_over_the_environment_and_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOXPRIVACY_DB", "sqlite:///env.db")
    assert bootstrap.choose_url(DeskOptions(db="sqlite:///arg.db"), "pg") == "sqlite:///arg.db"
    assert bootstrap.choose_url(DeskOptions(), "postgresql://h/db") == "sqlite:///env.db"
    monkeypatch.delenv("VOXPRIVACY_DB")
    assert bootstrap.choose_url(DeskOptions(), "postgresql://h/db") == "postgresql://h/db"
    assert bootstrap.choose_url(DeskOptions(), "") is None


# ---- the demo -----------------------------------------------------------------------------


def test_demo_opens_a_marked_throwaway_desk_with_accounts_and_codes(
    qtbot: QtBot, settings: DeskSettings
) -> None:
    desk = Desk(DeskOptions(demo=True, demo_customers=30), settings)
    desk.start()
    try:
        qtbot.waitUntil(lambda: desk.sign_in_dialog is not None, timeout=30000)
        dialog = desk.sign_in_dialog
        assert dialog is not None
        assert dialog.windowTitle().startswith("DEMO")
        panel = dialog.findChild(DemoAccountsPanel)
        assert panel is not None
        assert desk.services is not None and desk.services.demo is not None
        demo_dir = desk.services.demo_dir
        assert demo_dir is not None and (demo_dir / "demo.db").exists()
        assert desk.services.ctx.secrets.backend is not None

        agent_row = [s.role for s in desk.services.demo.staff].index("agent")
        qtbot.mouseClick(panel.use_buttons[agent_row], Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(desk.window_shown, timeout=15000) as shown:
            dialog.sign_in_button.click()
        window = shown.args[0]
        assert isinstance(window, MainWindow)
        assert window.windowTitle().startswith("DEMO")
        assert window.demo_banner is not None and window.demo_banner.isVisible()
        assert window.status.demo_label.isVisible()
        assert window.demo_dock is not None
    finally:
        # the desk owns its dialogs and windows (they delete themselves on close)
        for widget in (desk.sign_in_dialog, desk.window):
            if widget is not None and shiboken6.isValid(widget):
                widget.close()
        desk.shutdown()
    assert not demo_dir.exists()


# ---- the main window ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("agent", ["Customers", "Requests"]),
        ("finance", ["Customers"]),
        ("supervisor", ["Customers", "Requests", "Staff", "Audit", "Reports", "Retention"]),
        ("admin", ["Customers", "Staff", "Audit", "Reports", "Retention"]),
    ],
)
def test_each_role_sees_only_its_sections(
    qtbot: QtBot,
    worker: DbWorker,
    demo: tuple[Context, DemoResult],
    settings: DeskSettings,
    role: str,
    expected: list[str],
) -> None:
    ctx, result = demo
    window = open_window(qtbot, ctx, worker, settings, member(result, role))
    assert sections(window) == expected
    assert (window.staff_page is not None) == ("Staff" in expected)
    assert (window.audit_page is not None) == ("Audit" in expected)
    assert (window.reports_page is not None) == ("Reports" in expected)


def test_keyboard_find_open_and_back(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    window = open_window(qtbot, ctx, worker, settings, member(result, "agent"))
    listing = window.customer_list
    listing.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert listing.search_edit.hasFocus()
    qtbot.keyClicks(listing.search_edit, "e")
    qtbot.waitUntil(lambda: listing.model.rowCount() > 1, timeout=5000)
    qtbot.keyClick(listing.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(listing.table, Qt.Key.Key_Down)
    assert listing.table.currentIndex().row() == 1
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert window.customers.currentWidget() is window.customer_page
    assert isinstance(window.customer_page, CustomerPage)
    expected = listing.model.hit(1)
    assert expected is not None
    qtbot.waitUntil(lambda: expected.name in window.customer_page.name_label.text(), timeout=5000)

    focused = window.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert window.customers.currentWidget() is listing
    assert listing.search_edit.text() == "e"
    assert listing.table.currentIndex().row() == 1


def test_status_bar_names_database_user_and_step_up(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    window = open_window(qtbot, ctx, worker, settings, member(result, "supervisor"))
    status = window.status
    assert status.database_label.text() == "Local SQLite file (not encrypted)"
    assert status.user_label.text() == "supervisor (Supervisor)"
    assert status.step_up_label.text() == "2FA: not active"
    assert not status.demo_label.isVisible()
    window.session.actor.checked_at = ctx.now()
    window.session.note_step_up()
    assert status.step_up_label.text() in ("2FA: 5:00 left", "2FA: 4:59 left")
    status.check_connection()
    qtbot.waitUntil(lambda: status.online is True, timeout=5000)
    assert status.connection_label.text() == "Connected"


def test_a_lost_connection_is_shown_and_the_window_stays_usable(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    window = open_window(qtbot, ctx, worker, settings, member(result, "agent"))
    listing = window.customer_list
    qtbot.keyClicks(listing.search_edit, "work")
    original = ctx.db
    # the database server goes away: nothing listens on port 9
    gone = open_database(
        parse_target("postgresql+psycopg://desk@127.0.0.1:9/voxprivacy"), SecretStore()
    )
    window.session.ctx.db = gone
    try:
        with qtbot.waitSignal(window.status.connection_changed, timeout=15000) as changed:
            window.status.check_connection()
        assert changed.args == [False]
        label = window.status.connection_label
        assert label.text().startswith("Offline — ")
        assert "cannot be reached" in label.text()
        assert label.property("state") == "offline"

        listing.refresh()
        qtbot.waitUntil(listing.problem.isVisible, timeout=15000)
        assert "cannot be reached" in listing.problem_label.text()
        assert listing.search_edit.text() == "work"
        assert listing.search_edit.isEnabled() and not window.locked
    finally:
        window.session.ctx.db = original
        gone.dispose()
    with qtbot.waitSignal(window.status.connection_changed, timeout=15000) as changed:
        window.status.check_connection()
    assert changed.args == [True]


def test_settings_dialog_stores_the_idle_time_and_the_lock_follows(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], settings: DeskSettings
) -> None:
    ctx, result = demo
    window = open_window(qtbot, ctx, worker, settings, member(result, "agent"))
    assert window.idle_watch.idle_seconds == IDLE_LOCK_MINUTES.default * 60
    dialog = window.open_settings()
    assert dialog.local_choice.isChecked()
    dialog.idle_minutes.setValue(12)
    dialog._save_button.click()
    assert settings.get(IDLE_LOCK_MINUTES) == 12
    assert window.idle_watch.idle_seconds == 12 * 60


def test_settings_keep_the_postgresql_password_in_the_keyring_only(
    qtbot: QtBot, worker: DbWorker, settings: DeskSettings, tmp_path: Path
) -> None:
    from voxprivacy.gui.settings import DATABASE_URL, TRUSTED_WORKSTATION, SettingsDialog
    from voxprivacy.storage.database import pg_password_name

    dialog = SettingsDialog(settings, worker)
    qtbot.addWidget(dialog)
    dialog.shared_choice.setChecked(True)
    dialog.url_edit.setText("postgresql://desk@db.example.org/voxprivacy")
    dialog.password_edit.setText("s3cret-pw")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog._save_button.click()
    url = "postgresql://desk@db.example.org/voxprivacy"
    assert settings.get(DATABASE_URL) == url
    assert settings.get(TRUSTED_WORKSTATION) == 1  # choosing it is the explicit choice
    name = pg_password_name(parse_target(url).url)
    assert SecretStore().get(name) == "s3cret-pw"
    assert "s3cret-pw" not in (tmp_path / "desk.ini").read_text()


def test_an_unexpected_exception_becomes_a_calm_message(qtbot: QtBot) -> None:
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    previous = sys.excepthook
    app.install_excepthook()
    try:
        try:
            raise ZeroDivisionError("customer Jane Doe")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "ZeroDivisionError" in text and "Jane Doe" not in text
    assert "Traceback" not in text
    boxes[0].close()


@pytest.mark.parametrize("backend", ["support.broken_keyring.NeedsCrypto", "BreaksWhenUsed"])
def test_a_keyring_backend_that_fails_says_so_and_exits_two(
    qtbot: QtBot,
    settings: DeskSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
) -> None:
    import keyring
    import keyring.core
    from PySide6.QtWidgets import QApplication, QMessageBox
    from support.broken_keyring import BreaksWhenUsed

    if backend == "BreaksWhenUsed":
        keyring.set_keyring(BreaksWhenUsed())  # the memory_keyring fixture restores one
        says = "BreaksWhenUsed (support.broken_keyring) cannot be used (RuntimeError: the vault"
    else:
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
        monkeypatch.setattr(keyring.core, "_keyring_backend", None)
        says = f"{backend} (set by PYTHON_KEYRING_BACKEND) cannot be used (RuntimeError"
    target = tmp_path / "desk.db"
    desk = Desk(DeskOptions(db=f"sqlite+pysqlcipher:///{target}"), settings)
    with qtbot.waitSignal(desk.finished, timeout=30000) as finished:
        desk.start()

        def shown() -> QMessageBox:
            boxes = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ]
            assert boxes
            return boxes[0]

        qtbot.waitUntil(lambda: shown() is not None, timeout=30000)
        box = shown()
        assert box.text() == "The desk cannot start."
        assert says in box.informativeText()
        assert "Install and unlock a system keyring" in box.informativeText()
        box.button(QMessageBox.StandardButton.Close).click()
    assert finished.args == [2]
    assert not target.exists()
    desk.worker.shutdown(wait=True)
