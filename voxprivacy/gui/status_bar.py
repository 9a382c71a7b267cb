"""The status bar: which database, whether it answers, who is signed in, step-up time left.

The connection is checked with a cheap query on the worker every 15 seconds;
a failure turns the connection label red with the reason, and the next good
answer turns it back. The step-up countdown is read from the session each second.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from voxprivacy.gui.demo_panel import role_label
from voxprivacy.gui.messages import error_text
from voxprivacy.gui.session import DeskSession
from voxprivacy.storage.database import ping

PING_INTERVAL_MS = 15_000

MODE_LABELS = {
    "encrypted": str(QT_TRANSLATE_NOOP("status_bar", "Local encrypted database")),
    "sqlite": str(QT_TRANSLATE_NOOP("status_bar", "Local SQLite file (not encrypted)")),
    "postgresql": str(QT_TRANSLATE_NOOP("status_bar", "Shared PostgreSQL {where}")),
}


def database_label(session: DeskSession) -> str:
    target = session.ctx.db.target
    text = QCoreApplication.translate("status_bar", MODE_LABELS.get(target.mode, target.mode))
    if target.mode == "postgresql":
        url = target.url
        where = f"{url.host or 'localhost'}/{url.database or ''}"
        text = text.format(where=where)
    return text


def _restyle(label: QLabel) -> None:
    label.style().unpolish(label)
    label.style().polish(label)


class DeskStatusBar(QStatusBar):
    """Database mode and connection, signed-in staff member and role, step-up time left."""

    connection_changed = Signal(bool)  # online

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._online: bool | None = None
        self._checking = False
        self.setSizeGripEnabled(False)

        self.demo_label = QLabel(self.tr("DEMO"))
        self.demo_label.setObjectName("demoMarker")
        self.demo_label.setToolTip(self.tr("A throwaway demo database, deleted at exit"))
        self.database_label = QLabel(database_label(session))
        self.database_label.setObjectName("databaseMode")
        self.database_label.setToolTip(session.ctx.db.target.display)
        self.connection_label = QLabel(self.tr("Connected"))
        self.connection_label.setObjectName("connectionState")
        self.connection_label.setProperty("state", "online")
        # a long reason must not widen the window; the tooltip has all of it
        self.connection_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.user_label = QLabel(
            self.tr("{user} ({role})").format(
                user=session.actor.username, role=role_label(str(session.actor.role))
            )
        )
        self.user_label.setObjectName("signedInUser")
        self.step_up_label = QLabel()
        self.step_up_label.setObjectName("stepUpLeft")

        if session.demo:
            self.addWidget(self.demo_label)
        self.addWidget(self.database_label)
        self.addWidget(self.connection_label, 1)
        self.addPermanentWidget(self.user_label)
        self.addPermanentWidget(self.step_up_label)

        self._ping_timer = QTimer(self)
        self._ping_timer.setInterval(PING_INTERVAL_MS)
        self._ping_timer.timeout.connect(self.check_connection)
        self._ping_timer.start()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.update_step_up)
        self._tick.start()
        session.step_up_changed.connect(self.update_step_up)
        self.update_step_up()

    @property
    def online(self) -> bool | None:
        return self._online

    def update_step_up(self) -> None:
        left = int(self._session.step_up_left().total_seconds())
        if left > 0:
            minutes, seconds = divmod(left, 60)
            self.step_up_label.setText(self.tr("2FA: {0:d}:{1:02d} left").format(minutes, seconds))
            self.step_up_label.setProperty("state", "stepup")
        else:
            self.step_up_label.setText(self.tr("2FA: not active"))
            self.step_up_label.setProperty("state", "")
        _restyle(self.step_up_label)

    def check_connection(self) -> None:
        """Ask the database something trivial on the worker; the answer updates the label."""
        if self._checking:
            return
        self._checking = True
        self._session.worker.submit(
            ping, self._session.ctx.db, on_done=self._answered, on_error=self._failed
        )

    def _answered(self, _: object) -> None:
        if not shiboken6.isValid(self):
            return
        self._checking = False
        self._set_online(True, self.tr("Connected"), "")

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._checking = False
        reason = error_text(exc)
        self._set_online(False, self.tr("Offline — {0}").format(reason), reason)

    def _set_online(self, online: bool, text: str, tooltip: str) -> None:
        self.connection_label.setText(text)
        self.connection_label.setToolTip(tooltip)
        self.connection_label.setProperty("state", "online" if online else "offline")
        _restyle(self.connection_label)
        if online != self._online:
            self._online = online
            self.connection_changed.emit(online)
