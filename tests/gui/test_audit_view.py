"""The audit viewer through its real widgets: listing, filtering, paging and chain status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from voxprivacy.gui.audit_view import PAGE_SIZE, AuditViewWidget
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import Database

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


DemoFix = tuple[Context, DemoResult, DbWorker]
_alive: list[QWidget] = []


@pytest.fixture
def demo(sqlite_db: Database) -> Iterator[tuple[Context, DemoResult, DbWorker]]:
    ctx = Context(sqlite_db, SecretStore())
    result = generate_demo(ctx, 0, seed=1)
    worker = DbWorker()
    yield ctx, result, worker
    worker.shutdown()
    _alive.clear()  # widgets die on the GUI thread, after the worker let go of its callbacks


def session_for(demo: DemoFix, username: str) -> DeskSession:
    ctx, result, worker = demo
    member = next(s for s in result.staff if s.username == username)
    return DeskSession(ctx, auth.sign_in(ctx, username, member.password), worker, mode="sqlite")


def open_view(qtbot: QtBot, session: DeskSession) -> AuditViewWidget:
    widget = AuditViewWidget(session)
    qtbot.addWidget(widget)
    _alive.append(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def test_lists_events_and_says_the_chain_is_intact(qtbot: QtBot, demo: DemoFix) -> None:
    widget = open_view(qtbot, session_for(demo, "supervisor"))
    qtbot.waitUntil(lambda: widget.chain_verified and widget.model.rowCount() > 0)
    assert widget.chain_label.text().startswith("Chain intact:")
    actions = [widget.model.entry(i).action for i in range(widget.model.rowCount())]
    assert "demo.generate" in actions and "auth.sign_in" in actions
    seqs = [widget.model.entry(i).seq for i in range(widget.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True)


def test_filters_by_staff_and_action_prefix(qtbot: QtBot, demo: DemoFix) -> None:
    session_for(demo, "agent")
    widget = open_view(qtbot, session_for(demo, "admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    qtbot.keyClicks(widget.staff_edit, "agent")
    qtbot.keyClicks(widget.action_edit, "auth.")
    widget.apply_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert widget.model.entry(0).username == "agent"
    widget.clear_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 1)


def test_older_events_load_a_page_at_a_time(qtbot: QtBot, demo: DemoFix) -> None:
    ctx = demo[0]
    actor = session_for(demo, "supervisor").actor
    for _ in range(PAGE_SIZE + 20):
        audit.record_alone(ctx, actor, "test.filler")
    widget = open_view(qtbot, session_for(demo, "supervisor"))
    qtbot.waitUntil(lambda: widget.model.rowCount() == PAGE_SIZE)
    assert widget.older_button.isEnabled()
    widget.older_button.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() > PAGE_SIZE)
    seqs = [widget.model.entry(i).seq for i in range(widget.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)
    assert seqs[-1] == 1


def test_a_tampered_entry_shows_the_chain_broken(qtbot: QtBot, demo: DemoFix) -> None:
    ctx = demo[0]
    session = session_for(demo, "supervisor")
    with ctx.db.write() as s:
        s.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
        triggers = s.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).all()
        for (name,) in triggers:
            s.execute(text(f'DROP TRIGGER "{name}"'))
        s.execute(text("UPDATE audit_events SET detail = 'forged' WHERE seq = 1"))
    widget = open_view(qtbot, session)
    qtbot.waitUntil(lambda: widget.chain_verified)
    assert widget.chain_label.text().startswith("Chain BROKEN at entry 1:")


def test_audit_model_passes_the_model_tester(
    qtbot: QtBot, demo: DemoFix, qtmodeltester: ModelTester
) -> None:
    widget = open_view(qtbot, session_for(demo, "admin"))
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    qtmodeltester.check(widget.model)


def test_agent_is_told_the_trail_is_not_for_them(qtbot: QtBot, demo: DemoFix) -> None:
    widget = open_view(qtbot, session_for(demo, "agent"))
    assert "supervisors and admins" in widget.chain_label.text()
    assert widget.model.rowCount() == 0
