"""The retention page through its real widgets, and the request dialog's two new kinds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pyotp
import pytest
from demo_desk import SessionFor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from voxprivacy.gui.requests_view import OpenRequestDialog
from voxprivacy.gui.retention_view import RetentionPage
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.services import auth, retention
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult
from voxprivacy.storage.models import ConsentEvent, Customer, Invoice, RetentionRun

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DemoFix = tuple[Context, DemoResult]
OpenPage = Callable[[DeskSession], RetentionPage]


@pytest.fixture
def demo_size() -> int:
    return 100


@pytest.fixture
def open_page(qtbot: QtBot, kept_widgets: list[QWidget]) -> OpenPage:
    def opened(session: DeskSession) -> RetentionPage:
        page = RetentionPage(session)
        qtbot.addWidget(page)
        kept_widgets.append(page)
        page.resize(1000, 700)
        page.show()
        return page

    return opened


def code_for(demo: DemoFix, username: str) -> str:
    ctx, result = demo
    secret = next(s.secret for s in result.staff if s.username == username)
    return str(pyotp.TOTP(secret).at(ctx.now()))


def visible(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


def due_by_tables(ctx: Context, days: int) -> int:
    """Terminated customers past ``days`` with no open invoice, counted from the tables."""
    cutoff = ctx.now() - timedelta(days=days)
    with ctx.db.read() as session:
        owing = set(
            session.execute(
                select(Invoice.customer_id).where(Invoice.status.in_(["open", "overdue"]))
            ).scalars()
        )
        return sum(
            1
            for c in session.execute(select(Customer).where(Customer.status == "terminated"))
            .scalars()
            .all()
            if c.terminated_at is not None and c.terminated_at <= cutoff and c.id not in owing
        )


def test_a_supervisor_sees_the_schedule_and_what_is_due_but_cannot_run_it(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage
) -> None:
    page = open_page(session_for("supervisor"))
    qtbot.waitUntil(lambda: page.plan is not None)
    assert page.schedule.rowCount() == 5
    assert page.schedule.index(4, 1).data() == "3653"  # invoices: the legal period
    first = page.schedule.index(0, 4).data()
    assert first == str(due_by_tables(demo[0], 365))
    assert not page.run_button.isVisible() and not page.set_button.isVisible()
    page.schedule_table.selectRow(4)
    assert "kept 3653 days" in page.details.toPlainText()


def test_an_admin_runs_the_schedule_with_a_fresh_code(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage
) -> None:
    ctx, _ = demo
    session = session_for("admin")
    auth.step_up(ctx, session.actor, code_for(demo, "admin"))
    retention.set_retention(ctx, session.actor, "terminated-customers", 30)
    expected = due_by_tables(ctx, 30)
    assert expected > 0, "the demo has customers terminated more than a month ago"
    page = open_page(session)
    qtbot.waitUntil(lambda: page.plan is not None)
    assert page.schedule.index(0, 4).data() == str(expected)
    assert page.run_button.isVisible() and page.run_button.isEnabled()

    ctx.clock.offset += timedelta(seconds=31)  # type: ignore[attr-defined]
    page.run_confirmed()
    qtbot.waitUntil(lambda: visible(StepUpDialog) is not None)  # running always asks afresh
    step_up = visible(StepUpDialog)
    assert isinstance(step_up, StepUpDialog)
    qtbot.keyClicks(step_up.code_edit, code_for(demo, "admin"))
    qtbot.mouseClick(step_up.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.runs.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: page.schedule.index(0, 4).data() == "0")
    # the run's counts name each kind as the Kind box does, not by its internal name
    assert f"Terminated customers {expected}" in page.runs.index(0, 2).data()
    assert due_by_tables(ctx, 30) == 0
    with ctx.db.read() as s:
        assert len(s.execute(select(RetentionRun)).scalars().all()) == 1


def test_the_request_dialog_opens_a_restriction_only_with_its_purposes(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, kept_widgets: list[QWidget]
) -> None:
    ctx, _ = demo
    session = session_for("agent")
    auth.step_up(ctx, session.actor, code_for(demo, "agent"))
    with ctx.db.read() as s:
        customer = s.execute(select(Customer).where(Customer.status == "active")).scalars().first()
        assert customer is not None
        cid = str(customer.id)
    dialog = OpenRequestDialog(session, cid, "a customer")
    kept_widgets.append(dialog)
    dialog.show()
    dialog.choose(kind="objection", method="callback")
    assert dialog.purposes_box.isVisible() and not dialog.ok_button.isEnabled()
    dialog.choose(purposes=("newsletter",))
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.opened, timeout=10000) as opened:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    view = opened.args[0]
    assert view.kind == "objection" and view.status == "completed"
    with ctx.db.read() as s:
        withdrawn = s.execute(
            select(ConsentEvent).where(
                ConsentEvent.evidence == f"objection, privacy request {view.reference}"
            )
        ).scalar_one()
    assert (withdrawn.purpose, withdrawn.action) == ("newsletter", "withdrawn")
