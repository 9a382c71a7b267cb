"""The desk opening a database whose files were copied back over a newer one: the erasure
made since is carried out again before sign-in, said once, and the customer list does not
find the customer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.desk import Clock
from support.desk import Desk as ServiceDesk

from voxprivacy.gui.app import Desk
from voxprivacy.gui.bootstrap import DeskOptions
from voxprivacy.gui.customer_list import CustomerListWidget
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, requests
from voxprivacy.services.context import Context
from voxprivacy.storage import schema
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import AuditEvent

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_desk_re_applies_an_erasure_the_copied_back_files_lack(
    qtbot: QtBot, tmp_path: Path, settings: DeskSettings
) -> None:
    path = tmp_path / "desk.db"
    url = f"sqlite+pysqlcipher:///{path}"
    db = open_database(parse_target(url), SecretStore(), create=True)
    schema.upgrade(db)
    clock = Clock()
    ctx = Context(db, SecretStore(), clock=clock)
    ctx.create_installation()
    staff = ServiceDesk(ctx, clock)
    agent = staff.member("agent", "clerk")
    first, second = staff.member("supervisor", "chief"), staff.member("supervisor", "deputy")
    customer = staff.customer(agent, "Henrietta Quarrington")
    db.dispose()
    saved = tmp_path / "saved"
    saved.mkdir()
    for file in tmp_path.glob("desk.db*"):
        shutil.copy2(file, saved / file.name)

    staff.step_up(first)
    opened = requests.open_request(ctx, first.actor, customer.id, "erasure", "pin")
    staff.step_up(second)
    requests.approve_erasure(ctx, second.actor, opened.reference)
    staff.step_up(agent)
    requests.complete_erasure(ctx, agent.actor, opened.reference)
    db.dispose()
    for file in tmp_path.glob("desk.db*"):
        if file.name != "desk.db.erasure-journal":
            file.unlink()
    for file in saved.iterdir():
        shutil.copy2(file, path.with_name(file.name))

    desk = Desk(DeskOptions(db=url), settings)
    desk.start()
    try:
        qtbot.waitUntil(lambda: desk.sign_in_dialog is not None, timeout=30000)
        box = desk.notice_box
        assert box is not None and box.isVisible()
        assert "rolled back" in box.text()
        assert "1 erasure from the erasure journal was carried out again" in box.informativeText()
        services = desk.services
        assert services is not None
        actor = auth.sign_in(services.ctx, "clerk", agent.password)
        session = DeskSession(services.ctx, actor, desk.worker, mode="encrypted")
        widget = CustomerListWidget(session)
        qtbot.addWidget(widget)
        widget.search_edit.setText("Quarrington")
        qtbot.waitUntil(lambda: "No customer matches" in widget.empty_label.text(), timeout=5000)
        with services.db.read() as read:
            events = read.execute(
                select(AuditEvent.detail).where(AuditEvent.action == "database.rolled_back")
            ).all()
        assert len(events) == 1 and "re-applied 1 erasure" in (events[0][0] or "")
    finally:
        for widget in (desk.sign_in_dialog, desk.notice_box):
            if widget is not None and shiboken6.isValid(widget):
                widget.close()
        desk.shutdown()
