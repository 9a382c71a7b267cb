"""The audit viewer through its real widgets: listing, filtering, paging and chain status."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from demo_desk import SessionFor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from voxprivacy.gui.audit_view import PAGE_SIZE, AuditViewWidget
from voxprivacy.gui.session import DeskSession
from voxprivacy.services import audit
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


DemoFix = tuple[Context, DemoResult]
OpenView = Callable[[DeskSession], AuditViewWidget]


@pytest.fixture
def demo_size() -> int:
    return 0  # staff only


@pytest.fixture
def open_view(qtbot: QtBot, kept_widgets: list[QWidget]) -> OpenView:
    def opened(session: DeskSession) -> AuditViewWidget:
        widget = AuditViewWidget(session)
        qtbot.addWidget(widget)
        kept_widgets.append(widget)
        widget.resize(1200, 700)
        widget.show()
        return widget

    return opened


def test_lists_events_and_says_the_chain_is_intact(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_view: OpenView
) -> None:
    widget = open_view(session_for("supervisor"))
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() > 0)
    assert widget.chain_label.text().startswith("Chain intact:")
    actions = [widget.model.entry(i).action for i in range(widget.model.rowCount())]
    assert "demo.generate" in actions and "auth.sign_in" in actions
    seqs = [widget.model.entry(i).seq for i in range(widget.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True)


def test_filters_by_staff_and_action_prefix(
    qtbot: QtBot, session_for: SessionFor, open_view: OpenView
) -> None:
    session_for("agent")
    widget = open_view(session_for("admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    qtbot.keyClicks(widget.staff_edit, "agent")
    qtbot.keyClicks(widget.action_edit, "auth.")
    widget.apply_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert widget.model.entry(0).username == "agent"
    widget.clear_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 1)


def test_older_events_load_a_page_at_a_time(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_view: OpenView
) -> None:
    ctx = demo[0]
    actor = session_for("supervisor").actor
    for _ in range(PAGE_SIZE + 20):
        audit.record_alone(ctx, actor, "test.filler")
    widget = open_view(session_for("supervisor"))
    qtbot.waitUntil(lambda: widget.model.rowCount() == PAGE_SIZE)
    assert widget.older_button.isEnabled()
    widget.older_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() > PAGE_SIZE)
    seqs = [widget.model.entry(i).seq for i in range(widget.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)
    assert seqs[-1] == 1


def test_a_tampered_entry_shows_the_chain_broken(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_view: OpenView
) -> None:
    ctx = demo[0]
    session = session_for("supervisor")
    with ctx.db.write() as s:
        s.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
        triggers = s.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).all()
        for (name,) in triggers:
            s.execute(text(f'DROP TRIGGER "{name}"'))
        s.execute(text("UPDATE audit_events SET detail = 'forged' WHERE seq = 1"))
    widget = open_view(session)
    qtbot.waitUntil(lambda: widget.chain_verified)
    assert widget.chain_label.text().startswith("Chain BROKEN at entry 1:")


def test_audit_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, session_for: SessionFor, open_view: OpenView
) -> None:
    widget = open_view(session_for("admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    qtmodeltester.check(widget.model)


def test_agent_is_told_the_trail_is_not_for_them(
    qtbot: QtBot, session_for: SessionFor, open_view: OpenView
) -> None:
    widget = open_view(session_for("agent"))
    assert "supervisors and admins" in widget.chain_label.text()
    assert widget.model.rowCount() == 0


def test_no_column_title_is_cut_off(
    qtbot: QtBot, session_for: SessionFor, open_view: OpenView
) -> None:
    widget = open_view(session_for("supervisor"))
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    header = widget.table.horizontalHeader()
    titles = header.fontMetrics()
    last = widget.model.columnCount() - 1  # stretches to what is left
    for column in range(last):
        title = str(widget.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) > titles.horizontalAdvance(title), title
