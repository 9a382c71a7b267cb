"""A branch office's desk: background synchronisation, its status bar and the conflicts page,
driven through the real window against a central PostgreSQL and branch copies of it."""

from __future__ import annotations

import socket
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
import shiboken6
from demo_desk import SessionFor
from prompts import verify_caller
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from support.branches import Branch, make_branch
from support.desk import Clock, Desk, Member

from voxprivacy.gui import branch_sync
from voxprivacy.gui.conflicts_view import ConflictsModel
from voxprivacy.gui.main_window import MainWindow
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services import auth, customers
from voxprivacy.services.conflicts import ConflictView
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage.models import SyncState
from voxprivacy.sync import replica

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HOUR = 3600.0  # a timer that does not fire during a test: syncs happen when the test says


@pytest.fixture
def customer(central: Desk, agent: Member) -> customers.CustomerView:
    """A customer created at the centre before the branches were set up."""
    return central.customer(agent, "Jürgen Müller")


BranchMaker = Callable[[str], Branch]


@pytest.fixture
def make_branch_of(
    central: Desk,
    agent: Member,
    supervisor: Member,
    customer: customers.CustomerView,
    tmp_path: Path,
) -> Iterator[BranchMaker]:
    made: list[Branch] = []

    def make(name: str) -> Branch:
        branch = make_branch(central, tmp_path, name)
        made.append(branch)
        return branch

    yield make
    for branch in made:
        branch.db.dispose()


WindowOpener = Callable[..., MainWindow]


@pytest.fixture
def open_desk(
    qtbot: QtBot, worker: DbWorker, settings: DeskSettings, kept_widgets: list[QWidget]
) -> Iterator[WindowOpener]:
    """The main window for a member at a branch (or at the centre), signed in there."""
    opened: list[MainWindow] = []

    def make(
        place: Branch | Desk,
        member: Member,
        *,
        stepped_up: bool = True,
        sync_seconds: float = HOUR,
    ) -> MainWindow:
        if isinstance(place, Branch):
            actor: Actor = (
                place.sign_in(member)
                if stepped_up
                else auth.sign_in(place.ctx, member.username, member.password)
            )
        else:
            actor = member.actor
        session = DeskSession(place.ctx, actor, worker, mode=place.ctx.db.target.mode)
        window = MainWindow(session, settings, sync_seconds=sync_seconds)
        qtbot.addWidget(window)
        kept_widgets.append(window)
        opened.append(window)
        window.resize(1200, 800)
        window.show()
        return window

    yield make
    for window in opened:
        window.close()
    assert branch_sync.wait_for_stopped(30_000)


def sync_text(window: MainWindow) -> str:
    label = window.status.sync_label
    assert label is not None
    return label.text()


def wait_for_sync_text(qtbot: QtBot, window: MainWindow, start: str) -> None:
    qtbot.waitUntil(lambda: sync_text(window).startswith(start), timeout=20_000)


def sections(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def open_record(qtbot: QtBot, window: MainWindow, account: str) -> None:
    window.customer_list.search_edit.setText(account)
    qtbot.waitUntil(lambda: window.customer_list.model.rowCount() == 1)
    window.customer_list.open_current()
    page = window.customer_page
    qtbot.waitUntil(lambda: page.view is not None and page.view.account_number == account)


def save_name(qtbot: QtBot, window: MainWindow, name: str) -> None:
    page = window.customer_page
    page.start_editing()
    editor = page.field("name").editor
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, name)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: not page.is_editing and page.name_label.text() == name)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def point_at(branch: Branch, url: str) -> None:
    with branch.db.write() as session:
        session.execute(update(SyncState).where(SyncState.id == 1).values(central=url))


def name_at(place: Context, actor: Actor, customer_id: str) -> str:
    return customers.show_customer(place, actor, customer_id).name


# ---- the status bar of a branch -----------------------------------------------------------


def test_a_local_edit_waits_in_the_status_bar_until_a_sync_sends_it(
    qtbot: QtBot,
    central: Desk,
    agent: Member,
    customer: customers.CustomerView,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent)
    assert window.status.database_label.text() == "Branch north (local copy, not encrypted)"
    # right after sign-in the desk synchronises by itself
    wait_for_sync_text(qtbot, window, "Online · nothing waiting · synced ")

    open_record(qtbot, window, customer.account_number)
    save_name(qtbot, window, "Ada Lovelace")
    wait_for_sync_text(qtbot, window, "Online · 1 change waiting · synced ")
    assert name_at(central.ctx, central.admin.actor, customer.id) == "Jürgen Müller"

    label = window.status.sync_label
    assert label is not None
    assert "Click to synchronise now" in label.toolTip()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    wait_for_sync_text(qtbot, window, "Online · nothing waiting · synced ")
    assert name_at(central.ctx, central.admin.actor, customer.id) == "Ada Lovelace"
    assert "Last error" not in label.toolTip()


def test_changes_made_at_the_centre_appear_in_the_open_record_by_themselves(
    qtbot: QtBot,
    central: Desk,
    agent: Member,
    customer: customers.CustomerView,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent, sync_seconds=0.5)
    open_record(qtbot, window, customer.account_number)
    assert window.customer_page.name_label.text() == "Jürgen Müller"

    central.step_up(agent)
    customers.edit_customer(
        central.ctx, agent.actor, customer.id, {"name": "Grace Hopper"}, verified_by="callback"
    )

    page = window.customer_page
    qtbot.waitUntil(lambda: page.name_label.text() == "Grace Hopper", timeout=20_000)
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    model = window.customer_list.model
    assert model.rowCount() == 1
    assert model.index(0, model.NAME).data() == "Grace Hopper"


def test_a_record_being_edited_is_not_reloaded_under_the_typist(
    qtbot: QtBot,
    worker: DbWorker,
    central: Desk,
    agent: Member,
    customer: customers.CustomerView,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent)
    wait_for_sync_text(qtbot, window, "Online")
    open_record(qtbot, window, customer.account_number)
    page = window.customer_page
    page.start_editing()
    editor = page.field("company").editor
    qtbot.keyClicks(editor, "Analytical Engines")

    central.step_up(agent)
    customers.edit_customer(
        central.ctx, agent.actor, customer.id, {"name": "Grace Hopper"}, verified_by="callback"
    )
    sync = window.branch_sync
    assert sync is not None
    with qtbot.waitSignal(sync.finished, timeout=20_000) as blocker:
        window.sync_now()
    assert blocker.args[0].brought_changes
    qtbot.waitUntil(lambda: not worker.busy)  # whatever the sync set off has landed

    assert page.is_editing
    assert page.field("company").value() == "Analytical Engines"
    assert page.name_label.text() == "Jürgen Müller"
    page.cancel_editing()  # so that closing the window asks nothing


def test_without_the_central_database_the_branch_says_offline_and_keeps_working(
    qtbot: QtBot,
    central: Desk,
    agent: Member,
    customer: customers.CustomerView,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent)
    wait_for_sync_text(qtbot, window, "Online · nothing waiting · synced ")

    port = closed_port()
    point_at(north, f"postgresql+psycopg://postgres@127.0.0.1:{port}/voxprivacy")
    assert window.sync_action is not None
    window.sync_action.trigger()
    wait_for_sync_text(qtbot, window, "Offline · nothing waiting · last sync ")
    label = window.status.sync_label
    assert label is not None
    recorded = replica.status(north.db).last_error
    assert recorded and f"127.0.0.1:{port}" in recorded
    assert f"Last error: {recorded}" in label.toolTip()
    assert label.property("state") == "offline"

    # searching and saving go on against the branch's copy
    open_record(qtbot, window, customer.account_number)
    save_name(qtbot, window, "Ada Lovelace")
    assert not window.customer_page.error_banner.isVisible()
    wait_for_sync_text(qtbot, window, "Offline · 1 change waiting · last sync ")
    assert name_at(north.ctx, window.session.actor, customer.id) == "Ada Lovelace"

    # the line is back: the waiting change goes out with the next sync
    point_at(north, central.ctx.db.target.display)
    window.sync_now()
    wait_for_sync_text(qtbot, window, "Online · nothing waiting · synced ")
    assert name_at(central.ctx, central.admin.actor, customer.id) == "Ada Lovelace"


def test_locking_stops_synchronising_and_unlocking_syncs_at_once(
    qtbot: QtBot,
    agent: Member,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent)
    wait_for_sync_text(qtbot, window, "Online")
    sync = window.branch_sync
    assert sync is not None and window.sync_action is not None

    window.lock()
    assert not sync.active
    assert not window.sync_action.isEnabled()
    assert not sync.sync_now()

    with qtbot.waitSignal(sync.finished, timeout=20_000) as blocker:
        window.unlock()
    assert isinstance(blocker.args[0], branch_sync.SyncResult)
    assert blocker.args[0].succeeded
    assert sync.active and window.sync_action.isEnabled()


def test_closing_the_desk_does_not_wait_for_a_sync_that_is_held_up(
    qtbot: QtBot,
    agent: Member,
    make_branch_of: BranchMaker,
    open_desk: WindowOpener,
) -> None:
    north = make_branch_of("north")
    window = open_desk(north, agent)
    wait_for_sync_text(qtbot, window, "Online")
    sync = window.branch_sync
    assert sync is not None
    path = north.db.target.path
    assert path is not None

    # another program holds the branch file's write lock: the sync cannot finish
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert sync.sync_now()
        window.close()
        assert not window.isVisible()
        assert sync.running  # the window closed without waiting for it
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert branch_sync.wait_for_stopped(40_000)  # what the desk does before the process ends


# ---- conflicts ------------------------------------------------------------------------------


@pytest.fixture
def conflicted(
    agent: Member, customer: customers.CustomerView, make_branch_of: BranchMaker
) -> tuple[Branch, Branch]:
    """North and south, which renamed the same customer differently; north's edit reached the
    centre first, south's is still in its outbox."""
    north, south = make_branch_of("north"), make_branch_of("south")
    customers.edit_customer(
        north.ctx, north.sign_in(agent), customer.id, {"name": "North Name"}, verified_by="callback"
    )
    customers.edit_customer(
        south.ctx, south.sign_in(agent), customer.id, {"name": "South Name"}, verified_by="callback"
    )
    north.sync()
    return north, south


def test_a_supervisor_settles_a_conflict_between_two_branches_from_the_page(
    qtbot: QtBot,
    central: Desk,
    agent: Member,
    supervisor: Member,
    customer: customers.CustomerView,
    conflicted: tuple[Branch, Branch],
    open_desk: WindowOpener,
    clock: Clock,
) -> None:
    north, south = conflicted

    window = open_desk(south, supervisor, stepped_up=False)
    assert "Conflicts" in sections(window)
    count = window.status.conflicts_label
    assert count is not None
    # the first sync sends south's rename; the centre keeps north's and queues both
    qtbot.waitUntil(lambda: count.isVisible() and count.text() == "1 sync conflict", timeout=20_000)
    qtbot.mouseClick(count, Qt.MouseButton.LeftButton)
    page = window.conflicts_page
    assert page is not None
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert row[ConflictsModel.BRANCH] == "south"
    assert row[ConflictsModel.ACCOUNT] == customer.account_number
    assert row[ConflictsModel.WHAT] == "Name"
    assert row[ConflictsModel.CENTRAL] == "North Name"
    assert row[ConflictsModel.BRANCH_VALUE] == "South Name"
    assert row[ConflictsModel.STAFF] == "agent"
    detail = page.detail
    assert detail.title.text() == f"Name of customer {customer.account_number}"
    assert detail.keep_central_button.isEnabled() and detail.keep_branch_button.isEnabled()
    assert detail.set_value_button.isEnabled()  # a name may be typed

    # the second factor has not been given at this desk yet: the code is asked for
    qtbot.mouseClick(detail.keep_branch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_step_up() is not None)
    dialog = visible_step_up()
    assert dialog is not None
    clock.advance(seconds=30)
    dialog.code_edit.setText(pyotp.TOTP(supervisor.secret).at(clock.now))
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: detail.result_label.isVisible())
    assert detail.result_label.text() == (
        f"Settled: took the branch's value for the name of customer {customer.account_number}."
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and page.message.isVisible())
    assert "No conflicts are waiting" in page.message.text()
    assert not detail.keep_branch_button.isEnabled()
    assert name_at(south.ctx, window.session.actor, customer.id) == "South Name"

    # the decision goes to the centre straight away, and from there to every branch
    qtbot.waitUntil(lambda: count.text() == "No sync conflicts", timeout=20_000)
    wait_for_sync_text(qtbot, window, "Online · nothing waiting · synced ")
    assert name_at(central.ctx, central.admin.actor, customer.id) == "South Name"
    north.sync()
    assert name_at(north.ctx, north.sign_in(agent), customer.id) == "South Name"

    qtbot.mouseClick(page.show_settled, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert not page.table.isColumnHidden(ConflictsModel.SETTLED)
    assert (
        page.model.index(0, ConflictsModel.SETTLED)
        .data()
        .startswith("took the branch's value (super, ")
    )


def test_a_typed_value_that_does_not_pass_stays_in_its_dialog(
    qtbot: QtBot,
    supervisor: Member,
    customer: customers.CustomerView,
    conflicted: tuple[Branch, Branch],
    open_desk: WindowOpener,
) -> None:
    _north, south = conflicted
    south.sync()

    window = open_desk(south, supervisor)
    window.show_conflicts()
    page = window.conflicts_page
    assert page is not None
    qtbot.waitUntil(lambda: page.detail.view is not None)
    qtbot.mouseClick(page.detail.set_value_button, Qt.MouseButton.LeftButton)
    dialog = page.detail.findChild(QWidget, "setValueDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.value_edit.setText("   ")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    error = dialog.error  # type: ignore[attr-defined]
    qtbot.waitUntil(error.isVisible)
    assert "name" in error.text()
    assert dialog.isVisible()

    dialog.value_edit.setText("Jürgen Müller-Lüdenscheid")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.detail.result_label.isVisible())
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert page.detail.result_label.text().startswith("Settled: set a typed value for the name")
    assert name_at(south.ctx, window.session.actor, customer.id) == "Jürgen Müller-Lüdenscheid"


def test_an_agent_sees_no_conflicts_page_and_no_count(
    qtbot: QtBot,
    agent: Member,
    conflicted: tuple[Branch, Branch],
    open_desk: WindowOpener,
) -> None:
    _north, south = conflicted
    window = open_desk(south, agent)
    wait_for_sync_text(qtbot, window, "Online")
    assert "Conflicts" not in sections(window)
    assert window.conflicts_page is None
    assert window.status.conflicts_label is None
    window.show_conflicts()
    assert window.pages.currentWidget() is window.customers


def test_the_central_desk_gives_supervisors_the_conflicts_page_without_a_sync(
    qtbot: QtBot,
    central: Desk,
    supervisor: Member,
    conflicted: tuple[Branch, Branch],
    open_desk: WindowOpener,
) -> None:
    _north, south = conflicted
    south.sync()

    window = open_desk(central, supervisor)
    assert "Conflicts" in sections(window)
    assert window.branch_sync is None and window.sync_action is None
    assert window.status.sync_label is None
    count = window.status.conflicts_label
    assert count is not None
    qtbot.waitUntil(lambda: count.text() == "1 sync conflict")
    window.show_conflicts()
    page = window.conflicts_page
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, ConflictsModel.BRANCH).data() == "south"


def test_a_standalone_desk_has_neither_synchronisation_nor_conflicts(
    qtbot: QtBot, session_for: SessionFor, settings: DeskSettings, kept_widgets: list[QWidget]
) -> None:
    window = MainWindow(session_for("supervisor"), settings)
    qtbot.addWidget(window)
    kept_widgets.append(window)
    window.show()
    assert "Conflicts" not in sections(window)
    assert window.branch_sync is None and window.sync_action is None
    assert window.status.sync_label is None and window.status.conflicts_label is None
    assert window.status.database_label.text() == "Local SQLite file (not encrypted)"


def test_the_conflicts_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    now = datetime.now(UTC)
    rows = [
        ConflictView(
            uuid.uuid4(),
            now,
            "north",
            "field",
            "customers",
            "1",
            "name",
            "name",
            uuid.uuid4(),
            "VX00000001",
            "Ada",
            "Grace",
            "agent",
            None,
            None,
            None,
            True,
        ),
        ConflictView(
            uuid.uuid4(),
            now,
            "south",
            "rejected",
            "customers",
            "2",
            "note",
            "a branch change the centre refused",
            None,
            None,
            "not applied: erased",
            "1 change from the branch",
            None,
            now,
            "super",
            "central",
            False,
        ),
    ]
    model = ConflictsModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(1, ConflictsModel.ACCOUNT).data() == "—"
    assert (
        model.index(1, ConflictsModel.SETTLED).data().startswith("kept the central value (super, ")
    )


def visible_step_up() -> StepUpDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, StepUpDialog) and w.isVisible()
        ),
        None,
    )
