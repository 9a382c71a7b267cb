"""The desk's counts read as English ("1 request", "0 requests") and its words for a request's
status are the command line's."""

from __future__ import annotations

import pyotp
import pytest
from demo_desk import Clock
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from voxprivacy.cli import output
from voxprivacy.domain.requests import RequestStatus
from voxprivacy.gui.requests_queue import status_label
from voxprivacy.gui.requests_view import RequestsQueueWidget
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, requests
from voxprivacy.services.context import Context
from voxprivacy.services.demo import generate_demo
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import Customer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_each_status_has_the_same_words_in_the_desk_and_on_the_command_line() -> None:
    owner = QObject()
    for status in RequestStatus:
        assert status_label(owner, status.value).lower() == output.status_text(status.value)
    assert status_label(owner, "pending_approval") == "Pending approval"


def test_the_queue_counts_one_request_and_none_in_the_right_number(
    qtbot: QtBot,
    sqlite_db: Database,
    clock: Clock,
    worker: DbWorker,
    kept_widgets: list[QWidget],
) -> None:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    demo = generate_demo(ctx, 4, seed=3)
    agent = next(s for s in demo.staff if s.username == "agent")
    actor = auth.sign_in(ctx, "agent", agent.password)
    clock.next_code_step()
    auth.step_up(ctx, actor, str(pyotp.TOTP(agent.secret).at(ctx.now())))
    with ctx.db.read() as s:
        customer = s.execute(select(Customer.id).where(Customer.status == "active")).scalar()
    requests.open_request(ctx, actor, str(customer), "access", "pin")

    queue = RequestsQueueWidget(DeskSession(ctx, actor, worker, mode="sqlite"))
    qtbot.addWidget(queue)
    kept_widgets.append(queue)
    queue.show()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    assert queue.count_label.text() == "1 request"
    queue.set_status_filter("completed")
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)
    qtbot.waitUntil(lambda: queue.count_label.text() == "0 requests")
