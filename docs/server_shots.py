"""The head-office screenshots: the desk's settings with the server's fields, and the desk
signed in through a voxprivacy-server (used by make_screenshots.py).

The server is real: a throwaway PostgreSQL and a voxprivacy-server process on loopback
with a self-signed certificate, started by the test suite's harness (tests/support),
its database filled with the demo generator on the host's side. The desk talks to it
as a workstation does, through ``remote_context`` with the certificate pinned.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from voxprivacy.gui.worker import DbWorker

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class HeadOffice:
    pg: Any
    server: Any
    staff: list[Any]
    worker: DbWorker

    def close(self) -> None:
        self.worker.shutdown()
        self.server.dispose()
        self.pg.stop()


_office: HeadOffice | None = None


def head_office() -> HeadOffice:
    """Started on first use; ``close_head_office`` stops it."""
    global _office
    if _office is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from support.postgres import PostgresServer
        from support.server import ServerProcess

        from voxprivacy.services.context import Context
        from voxprivacy.services.demo import generate_demo

        pg = PostgresServer()
        pg.start()
        server = ServerProcess(pg, Path(tempfile.mkdtemp(prefix="voxprivacy-shots-server-")))
        server.start()
        result = generate_demo(Context(server.db, server.secrets), 40, seed=2009)
        _office = HeadOffice(pg, server, list(result.staff), DbWorker())
    return _office


def close_head_office() -> None:
    global _office
    if _office is not None:
        _office.close()
        _office = None


def settings_server(demo: Any) -> QWidget:
    """The settings dialog on "Head office server", after "Check connection" answered."""
    from voxprivacy.gui.settings import DeskSettings, SettingsDialog

    office = head_office()
    store = QSettings(str(demo.directory / "settings-server.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(DeskSettings(store), office.worker)
    dialog.server_choice.setChecked(True)
    dialog.server_url_edit.setText(office.server.url)
    dialog.fingerprint_edit.setText(office.server.shown_fingerprint)
    dialog.show()
    dialog.check_button.click()
    demo.wait_until(lambda: dialog.check_button.isEnabled() and not office.worker.busy)
    return dialog


def desk_server(demo: Any) -> QWidget:
    """An agent's desk signed in through the server, searching: the status bar names it."""
    from voxprivacy.client.remote import remote_context
    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.session import DeskSession
    from voxprivacy.gui.settings import DeskSettings
    from voxprivacy.services import auth

    office = head_office()
    ctx = remote_context(office.server.url, fingerprint=office.server.fingerprint)
    member = next(s for s in office.staff if s.username == "agent")
    actor = auth.sign_in(ctx, member.username, member.password)
    session = DeskSession(ctx, actor, office.worker, mode="server")
    store = QSettings(str(demo.directory / "desk-server.ini"), QSettings.Format.IniFormat)
    window = MainWindow(session, DeskSettings(store))
    screen = window.screen()
    if screen is not None:
        window.resize(screen.availableGeometry().size())
    window.show()
    window.customer_list.search_edit.setText("ma")
    demo.wait_until(
        lambda: (
            window.customer_list.model.rowCount() > 0
            and window.status.connection_label.text() == "Connected"
            and not office.worker.busy
        )
    )
    widget: QWidget = window
    return widget
