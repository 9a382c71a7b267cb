"""The desk's background operations: order, thread, dropped results, errors, the step-up."""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
import shiboken6
from demo_desk import Clock
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from voxprivacy.errors import BadInput, StepUpRequired
from voxprivacy.gui.operations import Failure, OperationRunner
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.guard import require_step_up
from voxprivacy.storage.database import Database

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Desk:
    def __init__(
        self, ctx: Context, enrollment: Enrollment, session: DeskSession, worker: DbWorker
    ) -> None:
        self.ctx, self.enrollment, self.session, self.worker = ctx, enrollment, session, worker
        self.owner = QWidget()

    def code(self) -> str:
        return str(pyotp.TOTP(self.enrollment.secret).at(self.ctx.now()))

    def settle(self, qtbot: QtBot) -> None:
        """Wait until every job has been delivered (or dropped) on the GUI thread."""
        qtbot.waitUntil(lambda: not self.worker.busy)
        QApplication.processEvents()


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock) -> Iterator[Desk]:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    ctx.create_installation()
    enrollment = auth.bootstrap_first_admin(ctx, "ines", "a long enough passphrase 7")
    actor = auth.sign_in(ctx, "ines", "a long enough passphrase 7")
    worker = DbWorker()
    desk = Desk(ctx, enrollment, DeskSession(ctx, actor, worker, mode="sqlite"), worker)
    yield desk
    worker.shutdown()
    if shiboken6.isValid(desk.owner):
        desk.owner.deleteLater()


class Gate:
    """A service that waits until the test lets it finish, so the test can act meanwhile."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, ctx: Context, actor: Actor, value: str) -> str:
        self.threads.append(threading.current_thread())
        assert self.open.wait(10)
        return value


def echo(ctx: Context, actor: Actor, value: str) -> str:
    return value


def who(ctx: Context, actor: Actor) -> tuple[Context, str]:
    return ctx, actor.username


def refuse(ctx: Context, actor: Actor, message: str) -> str:
    raise BadInput(message)


def crash(ctx: Context, actor: Actor) -> str:
    raise RuntimeError("disk on fire")


def guarded_write(ctx: Context, actor: Actor, value: str) -> str:
    """A stand-in for a write service: refuses without a valid step-up like the real ones."""
    require_step_up(ctx, actor)
    return value.upper()


def open_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


# -- queries ----------------------------------------------------------------------------------


def test_results_arrive_in_order_on_the_gui_thread(qtbot: QtBot, desk: Desk) -> None:
    gate = Gate()
    seen: list[tuple[str, threading.Thread]] = []
    desk.session.query(gate, "first").then(
        lambda v: seen.append((v, threading.current_thread()))
    ).run(owner=desk.owner)
    for value in ("second", "third"):
        desk.session.query(echo, value).then(
            lambda v: seen.append((v, threading.current_thread()))
        ).run(owner=desk.owner)
    gate.open.set()
    desk.settle(qtbot)
    assert [v for v, _ in seen] == ["first", "second", "third"]
    assert all(t is threading.main_thread() for _, t in seen)
    assert gate.threads and gate.threads[0] is not threading.main_thread()


def test_query_binds_the_context_and_the_signed_in_member(qtbot: QtBot, desk: Desk) -> None:
    got: list[tuple[Context, str]] = []
    desk.session.query(who).then(got.append).run()
    desk.settle(qtbot)
    assert got == [(desk.ctx, "ines")]


def test_a_result_for_a_deleted_widget_is_dropped(qtbot: QtBot, desk: Desk) -> None:
    gate = Gate()
    got: list[str] = []
    failures: list[Failure] = []
    desk.session.query(gate, "late").then(got.append).failed(failures.append).run(owner=desk.owner)
    desk.session.query(refuse, "no").then(got.append).run(owner=desk.owner)  # no box either
    shiboken6.delete(desk.owner)
    gate.open.set()
    desk.settle(qtbot)
    assert got == [] and failures == [] and open_boxes() == []


def test_a_newer_operation_with_the_same_key_supersedes_the_older(qtbot: QtBot, desk: Desk) -> None:
    gate = Gate()
    got: list[str] = []
    failures: list[str] = []
    desk.session.query(gate, "old search").then(got.append).run(owner=desk.owner, key="search")
    desk.session.query(refuse, "old failure").failed(lambda f: failures.append(f.message)).run(
        owner=desk.owner, key="search"
    )
    desk.session.query(echo, "new search").then(got.append).run(owner=desk.owner, key="search")
    desk.session.query(echo, "other key").then(got.append).run(owner=desk.owner, key="detail")
    gate.open.set()
    desk.settle(qtbot)
    assert got == ["new search", "other key"]
    assert failures == []


def test_the_same_key_on_another_owner_is_independent(qtbot: QtBot, desk: Desk) -> None:
    other = QWidget()
    got: list[str] = []
    desk.session.query(echo, "mine").then(got.append).run(owner=desk.owner, key="search")
    desk.session.query(echo, "theirs").then(got.append).run(owner=other, key="search")
    desk.settle(qtbot)
    assert got == ["mine", "theirs"]
    other.deleteLater()


def test_errors_become_the_desks_sentences(qtbot: QtBot, desk: Desk) -> None:
    failures: list[Failure] = []
    desk.session.query(refuse, "The account number has 8 digits.").failed(failures.append).run()
    desk.session.query(crash).failed(failures.append).run()
    desk.settle(qtbot)
    assert [f.message for f in failures] == [
        "The account number has 8 digits.",
        "Something went wrong (RuntimeError). The work on screen is kept; try again, and tell "
        "IT if it keeps happening.",
    ]
    assert isinstance(failures[0].error, BadInput)
    assert "disk on fire" not in failures[1].message


def test_without_a_failure_callback_the_error_is_shown_in_a_box(qtbot: QtBot, desk: Desk) -> None:
    desk.owner.show()
    desk.session.query(refuse, "No customer has that account number.").run(owner=desk.owner)
    desk.settle(qtbot)
    boxes = open_boxes()
    assert [b.text() for b in boxes] == ["No customer has that account number."]
    assert boxes[0].parent() is desk.owner
    boxes[0].close()


def test_a_key_needs_an_owner(desk: Desk) -> None:
    with pytest.raises(ValueError, match="needs an owner"):
        desk.session.query(echo, "x").run(key="search")


def test_a_runner_calls_what_it_is_given_without_binding(qtbot: QtBot, desk: Desk) -> None:
    got: list[int] = []
    OperationRunner(desk.worker).call(pow, 2, 10).then(got.append).run()
    desk.settle(qtbot)
    assert got == [1024]


class RemoteStandIn:
    """An executor that is not the database worker: it answers on a later turn of the event
    loop, as a client of a remote service would."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def submit(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> object:
        self.calls.append(fn.__name__)

        def answer() -> None:
            try:
                value = fn(*args, **kwargs)
            except Exception as exc:
                if on_error is not None:
                    on_error(exc)
                return
            if on_done is not None:
                on_done(value)

        QTimer.singleShot(0, answer)
        return None


def test_another_executor_can_stand_in_for_the_worker(qtbot: QtBot, desk: Desk) -> None:
    remote = RemoteStandIn()
    session = DeskSession(desk.ctx, desk.session.actor, desk.worker, mode="sqlite", executor=remote)
    got: list[tuple[Context, str]] = []
    failures: list[str] = []
    session.query(who).then(got.append).run(owner=desk.owner)
    session.query(refuse, "Refused remotely.").failed(lambda f: failures.append(f.message)).run()
    qtbot.waitUntil(lambda: bool(got and failures))
    assert got == [(desk.ctx, "ines")] and failures == ["Refused remotely."]
    assert remote.calls == ["who", "refuse"] and not desk.worker.busy


# -- writes -----------------------------------------------------------------------------------


def test_a_write_asks_for_the_code_then_runs(qtbot: QtBot, desk: Desk) -> None:
    got: list[str] = []
    wrote: list[int] = []
    desk.session.wrote.connect(lambda: wrote.append(1))
    operation = desk.session.write(guarded_write, "saved").then(got.append)
    operation.run(owner=desk.owner)
    dialog = operation.dialog
    assert isinstance(dialog, StepUpDialog) and dialog.parent() is desk.owner
    desk.settle(qtbot)
    assert got == [] and wrote == []  # nothing runs before the code
    qtbot.keyClicks(dialog.code_edit, desk.code())
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: got == ["SAVED"])
    assert wrote == [1]
    assert desk.session.step_up_left() > timedelta(0)


def test_a_write_within_the_check_runs_without_asking(qtbot: QtBot, desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    got: list[str] = []
    operation = desk.session.write(guarded_write, "x").then(got.append)
    operation.run(owner=desk.owner)
    assert operation.dialog is None
    qtbot.waitUntil(lambda: got == ["X"])


def test_a_fresh_write_always_asks(desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    operation = desk.session.write(guarded_write, "x").fresh()
    operation.run(owner=desk.owner)
    assert operation.dialog is not None
    assert "fresh code" in operation.dialog._explanation.text()
    operation.dialog.reject()


def test_cancelling_the_code_calls_cancelled_only(qtbot: QtBot, desk: Desk) -> None:
    got: list[str] = []
    failures: list[Failure] = []
    cancelled: list[int] = []
    operation = (
        desk.session.write(guarded_write, "x")
        .then(got.append)
        .failed(failures.append)
        .cancelled(lambda: cancelled.append(1))
    )
    operation.run(owner=desk.owner)
    assert operation.dialog is not None
    operation.dialog.reject()
    desk.settle(qtbot)
    assert cancelled == [1] and got == [] and failures == []


def test_a_check_that_ran_out_meanwhile_asks_again(qtbot: QtBot, desk: Desk, clock: Clock) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    calls: list[str] = []

    def expiring_write(ctx: Context, actor: Actor, value: str) -> str:
        calls.append(value)
        if len(calls) == 1:
            raise StepUpRequired("Confirm with your second factor first.")
        return value

    failures: list[Failure] = []
    got: list[str] = []
    operation = desk.session.write(expiring_write, "v").then(got.append).failed(failures.append)
    operation.run(owner=desk.owner)
    assert operation.dialog is None
    qtbot.waitUntil(lambda: operation.dialog is not None)
    assert failures == [] and got == []
    dialog = operation.dialog
    assert dialog is not None
    clock.next_code_step()
    qtbot.keyClicks(dialog.code_edit, desk.code())
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: got == ["v"])
    assert calls == ["v", "v"]


def test_a_refused_write_reports_the_services_sentence(qtbot: QtBot, desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    failures: list[str] = []
    wrote: list[int] = []
    desk.session.wrote.connect(lambda: wrote.append(1))
    desk.session.write(refuse, "Only a supervisor may approve.").failed(
        lambda f: failures.append(f.message)
    ).run(owner=desk.owner)
    desk.settle(qtbot)
    assert failures == ["Only a supervisor may approve."] and wrote == []


# -- types ------------------------------------------------------------------------------------

SNIPPET = """
from voxprivacy.gui.session import DeskSession
from voxprivacy.services.context import Actor, Context


def count(ctx: Context, actor: Actor, text: str) -> int:
    return len(text)


def show_text(value: str) -> None:
    pass


def show_number(value: int) -> None:
    pass


def use(session: DeskSession) -> None:
    session.query(count, "abc").then({callback}).run()
    session.write(count, {argument}).then(show_number).run()
"""


def _mypy(tmp_path: Path, callback: str, argument: str) -> tuple[str, int]:
    from mypy import api

    source = tmp_path / "snippet.py"
    source.write_text(textwrap.dedent(SNIPPET.format(callback=callback, argument=argument)))
    out, err, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(source)]
    )
    return out + err, status


@pytest.mark.slow
def test_mypy_rejects_a_callback_of_the_wrong_type(tmp_path: Path) -> None:
    out, status = _mypy(tmp_path, "show_number", '"abc"')
    assert status == 0, out
    out, status = _mypy(tmp_path, "show_text", '"abc"')
    assert status == 1
    assert 'Argument 1 to "then" of "Operation" has incompatible type' in out, out
    out, status = _mypy(tmp_path, "show_number", "42")
    assert status == 1
    assert 'Argument 2 to "write" of "DeskSession" has incompatible type "int"' in out, out
