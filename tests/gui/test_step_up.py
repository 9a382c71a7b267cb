"""The second-factor dialog before a write: when the code is asked for, and what the user sees."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from demo_desk import Clock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from voxprivacy.errors import DatabaseUnavailable, StepUpRequired, VoxError
from voxprivacy.gui.messages import error_text, show_error
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
    def __init__(self, ctx: Context, enrollment: Enrollment, session: DeskSession) -> None:
        self.ctx, self.enrollment, self.session = ctx, enrollment, session
        self.parent = QWidget()

    def code(self) -> str:
        return str(pyotp.TOTP(self.enrollment.secret).at(self.ctx.now()))


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock) -> Iterator[Desk]:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    ctx.create_installation()
    enrollment = auth.bootstrap_first_admin(ctx, "ines", "a long enough passphrase 7")
    actor = auth.sign_in(ctx, "ines", "a long enough passphrase 7")
    worker = DbWorker()
    desk = Desk(ctx, enrollment, DeskSession(ctx, actor, worker, mode="sqlite"))
    yield desk
    worker.shutdown()
    desk.parent.deleteLater()


def write(ctx: Context, actor: Actor, value: str) -> str:
    """A stand-in for a write service: refuses without a valid step-up like the real ones."""
    require_step_up(ctx, actor)
    return value.upper()


class Calls:
    def __init__(self) -> None:
        self.done: list[Any] = []
        self.errors: list[BaseException] = []
        self.cancelled = 0

    def cancel(self) -> None:
        self.cancelled += 1


def start(
    desk: Desk,
    fn: Callable[..., str],
    *args: str,
    calls: Calls | None = None,
    fresh: bool = False,
) -> StepUpDialog | None:
    """Run the write as a screen does (session.write); the code dialog, if one opened."""
    operation = desk.session.write(fn, *args).fresh(fresh)
    if calls is not None:
        operation.then(calls.done.append).failed(
            lambda failure: calls.errors.append(failure.error)
        ).cancelled(calls.cancel)
    operation.run(owner=desk.parent)
    return operation.dialog


def test_code_is_asked_for_then_the_write_runs(qtbot: QtBot, desk: Desk) -> None:
    calls = Calls()
    steps: list[int] = []
    desk.session.step_up_changed.connect(lambda: steps.append(1))
    dialog = start(desk, write, "saved", calls=calls)
    assert isinstance(dialog, StepUpDialog)
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClicks(dialog.code_edit, desk.code())
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: calls.done == ["SAVED"])
    assert steps and desk.session.step_up_left() > timedelta(0)


def test_a_fresh_step_up_skips_the_dialog(qtbot: QtBot, desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    calls = Calls()
    assert start(desk, write, "x", calls=calls) is None
    qtbot.waitUntil(lambda: calls.done == ["X"])


def test_fresh_operations_always_ask(qtbot: QtBot, desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    dialog = start(desk, write, "x", fresh=True)
    assert isinstance(dialog, StepUpDialog)
    assert "fresh code" in dialog._explanation.text()
    dialog.reject()


def test_a_wrong_code_is_explained_in_the_dialog(qtbot: QtBot, desk: Desk) -> None:
    calls = Calls()
    dialog = start(desk, write, "x", calls=calls)
    assert dialog is not None
    wrong = "000000" if desk.code() != "000000" else "111111"
    qtbot.keyClicks(dialog.code_edit, wrong)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "not valid" in dialog.error_label.text()
    assert dialog.isVisible() and calls.done == [] and calls.errors == []


def test_a_used_code_says_to_wait_for_the_next(qtbot: QtBot, desk: Desk) -> None:
    code = desk.code()
    auth.step_up(desk.ctx, desk.session.actor, code)
    desk.session.end_step_up()
    dialog = start(desk, write, "x")
    assert dialog is not None
    qtbot.keyClicks(dialog.code_edit, code)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "already used" in dialog.error_label.text()
    assert "wait for the next code" in dialog.error_label.text()


def test_a_recovery_code_is_accepted_after_switching(qtbot: QtBot, desk: Desk) -> None:
    calls = Calls()
    dialog = start(desk, write, "x", calls=calls)
    assert dialog is not None
    dialog._toggle.click()
    assert dialog.recovery_mode
    qtbot.keyClicks(dialog.code_edit, desk.enrollment.recovery_codes[0])
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls.done == ["X"])


def test_cancelling_calls_on_cancel_only(qtbot: QtBot, desk: Desk) -> None:
    calls = Calls()
    dialog = start(desk, write, "x", calls=calls)
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: calls.cancelled == 1)
    assert calls.done == [] and calls.errors == []


def test_asks_again_when_the_check_ran_out_meanwhile(qtbot: QtBot, desk: Desk) -> None:
    auth.step_up(desk.ctx, desk.session.actor, desk.code())
    refusals = [StepUpRequired("expired")]

    def flaky(ctx: Context, actor: Actor) -> str:
        if refusals:
            raise refusals.pop()
        return "ok"

    calls = Calls()
    assert start(desk, flaky, calls=calls) is None
    qtbot.waitUntil(lambda: bool(desk.parent.findChildren(StepUpDialog)))
    dialog = desk.parent.findChildren(StepUpDialog)
    desk.ctx.clock.offset += timedelta(seconds=31)  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog[0].code_edit, desk.code())
    qtbot.mouseClick(dialog[0].confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls.done == ["ok"])
    assert calls.errors == []


def test_error_text_never_shows_a_traceback() -> None:
    assert error_text(VoxError("Fix the thing.")) == "Fix the thing."
    assert error_text(DatabaseUnavailable("The database is gone.")) == "The database is gone."
    text = error_text(KeyError("secret internals"))
    assert "(KeyError)" in text and "secret internals" not in text
    assert "The work on screen is kept" in text


def test_show_error_opens_a_warning(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_error(parent, RuntimeError("boom"))
    assert box.icon() == QMessageBox.Icon.Warning
    assert "(RuntimeError)" in box.text()
    box.close()
