"""Staff administration through its real widgets: adding with QR enrollment, role-based buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pyotp
import pytest
from demo_desk import SessionFor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from voxprivacy.gui.qr import QUIET_ZONE, qr_image, qr_matrix, qr_pixmap
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.staff_admin import AddStaffDialog, EnrollmentDialog, StaffAdminWidget
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.services import auth, staff
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult
from voxprivacy.storage.models import Staff

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


DemoFix = tuple[Context, DemoResult]
OpenWidget = Callable[[DeskSession], StaffAdminWidget]


@pytest.fixture
def demo_size() -> int:
    return 0  # staff only


def code_for(demo: DemoFix, username: str) -> str:
    ctx, result = demo
    secret = next(s.secret for s in result.staff if s.username == username)
    return str(pyotp.TOTP(secret).at(ctx.now()))


def visible(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


@pytest.fixture
def open_widget(qtbot: QtBot, kept_widgets: list[QWidget]) -> OpenWidget:
    def opened(session: DeskSession) -> StaffAdminWidget:
        widget = StaffAdminWidget(session)
        qtbot.addWidget(widget)
        kept_widgets.append(widget)
        widget.show()
        return widget

    return opened


def test_admin_adds_a_member_and_gets_a_qr_code(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    widget = open_widget(session_for("admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible(AddStaffDialog) is not None)
    dialog = visible(AddStaffDialog)
    assert isinstance(dialog, AddStaffDialog)
    qtbot.keyClicks(dialog.username, "mara")
    qtbot.keyClicks(dialog.display_name, "Mara Vogt")
    dialog.role.setCurrentIndex(dialog.role.findData("agent"))
    qtbot.keyClicks(dialog.password, "correct horse battery 42")
    qtbot.keyClicks(dialog.repeat, "correct horse battery 42")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible(StepUpDialog) is not None)
    step_up = visible(StepUpDialog)
    assert isinstance(step_up, StepUpDialog)
    qtbot.keyClicks(step_up.code_edit, code_for(demo, "admin"))
    qtbot.mouseClick(step_up.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible(EnrollmentDialog) is not None)
    enrollment = visible(EnrollmentDialog)
    assert isinstance(enrollment, EnrollmentDialog)
    pixmap = enrollment.qr_label.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 100
    assert len(enrollment.codes.toPlainText().splitlines()) == 10
    qtbot.waitUntil(lambda: widget.model.row_of("mara") >= 0)
    member = widget.model.member(widget.model.row_of("mara"))
    assert (member.display_name, member.role, member.enrolled) == ("Mara Vogt", "agent", False)
    assert widget.selected_username() == "mara"


def test_mismatched_passwords_are_shown_in_the_dialog_and_nothing_is_added(
    qtbot: QtBot, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    widget = open_widget(session_for("admin"))
    dialog = widget.add_member()
    qtbot.keyClicks(dialog.username, "mara")
    qtbot.keyClicks(dialog.password, "correct horse battery 42")
    qtbot.keyClicks(dialog.repeat, "correct horse battery 43")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["repeat"].isVisible()
    assert visible(StepUpDialog) is None
    assert dialog.username.text() == "mara"


def test_a_taken_user_name_is_reported_next_to_the_field(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    session = session_for("admin")
    auth.step_up(demo[0], session.actor, code_for(demo, "admin"))
    widget = open_widget(session)
    dialog = widget.add_member()
    qtbot.keyClicks(dialog.username, "agent")
    qtbot.keyClicks(dialog.password, "correct horse battery 42")
    qtbot.keyClicks(dialog.repeat, "correct horse battery 42")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible(StepUpDialog) is not None)  # adding always asks afresh
    step_up = visible(StepUpDialog)
    assert isinstance(step_up, StepUpDialog)
    demo[0].clock.offset += timedelta(seconds=31)  # type: ignore[attr-defined]
    qtbot.keyClicks(step_up.code_edit, code_for(demo, "admin"))
    qtbot.mouseClick(step_up.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["username"].isVisible())
    assert "taken" in dialog.errors["username"].text()
    assert dialog.isVisible()


def test_supervisor_can_only_list_and_unlock(
    qtbot: QtBot, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    widget = open_widget(session_for("supervisor"))
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    assert widget.unlock_button.isVisible()
    for button in (
        widget.add_button,
        widget.reset_button,
        widget.role_button,
        widget.deactivate_button,
    ):
        assert not button.isVisible()


def test_agent_gets_no_admin_buttons_and_no_list(
    qtbot: QtBot, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    widget = open_widget(session_for("agent"))
    for button in (
        widget.add_button,
        widget.unlock_button,
        widget.reset_button,
        widget.role_button,
        widget.deactivate_button,
    ):
        assert not button.isVisible()
    assert not widget.table.isVisible()
    assert "supervisors and admins" in widget.status.text()
    assert widget.model.rowCount() == 0


def test_supervisor_unlocks_a_locked_member(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    ctx = demo[0]
    with ctx.db.write() as s:
        s.execute(
            update(Staff)
            .where(Staff.username == "agent")
            .values(locked=True, failed_attempts=10)
            .execution_options(sync="local")
        )
    session = session_for("supervisor")
    auth.step_up(ctx, session.actor, code_for(demo, "supervisor"))
    widget = open_widget(session)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    widget.table.selectRow(widget.model.row_of("agent"))
    assert widget.unlock_button.isEnabled()
    qtbot.mouseClick(widget.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "unlocked" in widget.status.text())
    qtbot.waitUntil(lambda: not widget.model.member(widget.model.row_of("agent")).locked)
    assert not next(m for m in staff.list_staff(ctx, session.actor) if m.username == "agent").locked


def test_staff_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, session_for: SessionFor, open_widget: OpenWidget
) -> None:
    widget = open_widget(session_for("admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    qtmodeltester.check(widget.model)


def test_qr_code_has_a_quiet_zone_and_dark_finder_pattern(qtbot: QtBot) -> None:
    uri = pyotp.TOTP(pyotp.random_base32()).provisioning_uri(name="mara", issuer_name="voxprivacy")
    matrix = qr_matrix(uri)
    image = qr_image(uri, 300)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = 300 // modules
    offset = (image.width() - modules * scale) // 2
    assert image.width() == image.height() == 300
    assert image.pixelColor(offset + 1, offset + 1).lightness() == 255  # quiet zone
    inner = offset + QUIET_ZONE * scale + scale // 2
    assert image.pixelColor(inner, inner).lightness() == 0  # finder pattern corner
    assert not qr_pixmap(uri, 200).isNull()
