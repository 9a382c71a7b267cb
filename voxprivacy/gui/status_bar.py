"""The status bar: which database, whether it answers, who is signed in, step-up time left.

The connection is checked with a cheap query on the worker every 15 seconds (through
the head office server: its health answer); a failure turns the connection label red
with the reason, and the next good answer turns it back. The step-up countdown is
read from the session each second.

A branch office's desk also shows whether the central database answered the
last synchronisation, how many changes wait to be sent and when it last
synchronised (the last error in the tool tip; a click synchronises now). On a
branch and on the central database a supervisor sees how many synchronisation
conflicts wait; a click opens them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeGuard
from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from voxprivacy.domain.roles import Permission, may
from voxprivacy.gui.messages import counts, error_text, local_time
from voxprivacy.gui.operations import Failure, alive
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.widgets import badge, restyle, role_label, translate
from voxprivacy.services import conflicts
from voxprivacy.storage.database import ping

if TYPE_CHECKING:  # a branch's desk only: loaded with its synchronisation
    from voxprivacy.gui.branch_sync import BranchSync
    from voxprivacy.sync.replica import SyncStatus

PING_INTERVAL_MS = 15_000

MODE_LABELS = {
    "encrypted": str(QT_TRANSLATE_NOOP("status_bar", "Local encrypted database")),
    "sqlite": str(QT_TRANSLATE_NOOP("status_bar", "Local SQLite file (not encrypted)")),
    "postgresql": str(QT_TRANSLATE_NOOP("status_bar", "Shared PostgreSQL {where}")),
    "server": str(QT_TRANSLATE_NOOP("status_bar", "Head office server {where}")),
}
BRANCH_LABELS = {
    "encrypted": str(QT_TRANSLATE_NOOP("status_bar", "Branch {name} (encrypted local copy)")),
    "sqlite": str(QT_TRANSLATE_NOOP("status_bar", "Branch {name} (local copy, not encrypted)")),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("status_bar", text)


def _server_url(session: DeskSession) -> str:
    from voxprivacy.client.remote import RemoteContext

    ctx = session.ctx
    return ctx.transport.base if isinstance(ctx, RemoteContext) else ""


def database_where(session: DeskSession) -> str:
    """The database or server in full, as it may be shown (the label's tool tip)."""
    return _server_url(session) if session.remote else session.ctx.db.target.display


def database_label(session: DeskSession) -> str:
    if session.remote:
        where = urlsplit(_server_url(session)).netloc
        return _tr(MODE_LABELS["server"]).format(where=where)
    target = session.ctx.db.target
    if session.sync_role == "replica" and target.mode in BRANCH_LABELS:
        return _tr(BRANCH_LABELS[target.mode]).format(name=session.ctx.db.branch_name())
    text = _tr(MODE_LABELS.get(target.mode, target.mode))
    if target.mode == "postgresql":
        url = target.url
        where = f"{url.host or 'localhost'}/{url.database or ''}"
        text = text.format(where=where)
    return text


def waiting_text(count: int) -> str:
    if count == 0:
        return translate("status_bar", "nothing waiting")
    return counts().changes_waiting(count)


def when_text(at: datetime | None) -> str:
    """A time of today as 10:42, an earlier one with its date."""
    if at is None:
        return ""
    local = at.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local_time(at)


def conflicts_text(count: int) -> str:
    if count == 0:
        return translate("status_bar", "No sync conflicts")
    return counts().sync_conflicts(count)


def _ask_server(ctx: object) -> object:
    """Runs on the worker: the head office server's health answer."""
    from voxprivacy.client.probe import ask_health
    from voxprivacy.client.remote import RemoteContext

    assert isinstance(ctx, RemoteContext)
    return ask_health(ctx.transport)


class _ClickableLabel(QLabel):
    """A status bar label that does something when clicked."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()


class DeskStatusBar(QStatusBar):
    """Database mode and connection, synchronisation of a branch, open conflicts,
    signed-in staff member and role, step-up time left."""

    connection_changed = Signal(bool)  # online
    conflicts_requested = Signal()  # the conflict count was clicked

    def __init__(
        self,
        session: DeskSession,
        parent: QWidget | None = None,
        *,
        branch_sync: BranchSync | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._online: bool | None = None
        self._checking = False
        self._replica = session.sync_role == "replica"
        self._sync: BranchSync | None = branch_sync
        self._sync_state = ""  # "", syncing, online, offline, failed
        self._sync_error: str | None = None
        self._sync_status: SyncStatus | None = None
        self._syncs_finished = 0  # a state read before the last sync ended is out of date
        self._counting = False
        self.open_conflicts: int | None = None
        self.setSizeGripEnabled(False)

        self.demo_label = QLabel(self.tr("DEMO"))
        self.demo_label.setObjectName("demoMarker")
        self.demo_label.setToolTip(self.tr("A throwaway demo database, deleted at exit"))
        self.database_label = QLabel(database_label(session))
        self.database_label.setObjectName("databaseMode")
        self.database_label.setToolTip(database_where(session))
        self.connection_label = QLabel("" if self._replica else self.tr("Connected"))
        self.connection_label.setObjectName("connectionState")
        self.connection_label.setProperty("state", "online")
        # a long reason must not widen the window; the tooltip has all of it
        self.connection_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.sync_label: _ClickableLabel | None = None
        if self._replica:
            self.sync_label = _ClickableLabel()
            self.sync_label.setObjectName("syncState")
            self.sync_label.setAccessibleName(self.tr("Synchronisation with the central database"))
            self.sync_label.clicked.connect(self.sync_now)
        self.conflicts_label: _ClickableLabel | None = None
        if may(session.actor.role, Permission.RESOLVE_CONFLICTS) and session.sync_role in (
            "replica",
            "hub",
        ):
            self.conflicts_label = _ClickableLabel()
            self.conflicts_label.setObjectName("conflictCount")
            self.conflicts_label.setToolTip(self.tr("Show the synchronisation conflicts"))
            self.conflicts_label.clicked.connect(self.conflicts_requested)
            self.conflicts_label.hide()  # until the first count arrives
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
        if self.sync_label is not None:
            self.addWidget(self.sync_label)
        self.addWidget(self.connection_label, 1)
        if self.conflicts_label is not None:
            self.addPermanentWidget(self.conflicts_label)
        self.addPermanentWidget(self.user_label)
        self.addPermanentWidget(self.step_up_label)

        self._ping_timer = QTimer(self)
        self._ping_timer.setInterval(PING_INTERVAL_MS)
        self._ping_timer.timeout.connect(self.check_connection)
        self._ping_timer.timeout.connect(self.refresh_conflicts)
        self._ping_timer.start()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.update_step_up)
        self._tick.start()
        session.step_up_changed.connect(self.update_step_up)
        if self._replica:
            # writes and step-ups add to what waits for the central database
            session.wrote.connect(self.check_connection)
            session.step_up_changed.connect(self.check_connection)
        if branch_sync is not None:
            branch_sync.started.connect(self._sync_started)
            branch_sync.finished.connect(self._sync_finished)
        self.update_step_up()
        if self._replica:
            self._show_sync()
            self.check_connection()
        self.refresh_conflicts()

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
        restyle(self.step_up_label)

    # ---- the local database -------------------------------------------------------------

    def check_connection(self) -> None:
        """Ask the database something trivial on the worker; the answer updates the label.

        A branch asks for its synchronisation state instead, which also counts the
        changes waiting for the central database."""
        if self._checking:
            return
        self._checking = True
        s = self._session
        if self._replica:
            from voxprivacy.sync import replica

            syncs = self._syncs_finished
            s.call(replica.status, s.ctx.db).then(
                lambda status: self._answered(status, syncs)
            ).failed(self._failed).run(owner=self)
        elif s.remote:
            s.call(_ask_server, s.ctx).then(self._answered).failed(self._failed).run(owner=self)
        else:
            s.call(ping, s.ctx.db).then(self._answered).failed(self._failed).run(owner=self)

    def _answered(self, answer: object, syncs: int = 0) -> None:
        self._checking = False
        if self._replica and _is_sync_status(answer):
            self._set_online(True, "", "")
            if syncs == self._syncs_finished:
                self._sync_status = answer
                self._show_sync()
            else:
                self.check_connection()  # read before a sync ended: read again
        else:
            self._set_online(True, self.tr("Connected"), "")

    def _failed(self, failure: Failure) -> None:
        self._checking = False
        reason = failure.message
        if self._replica:
            text = self.tr("Local copy unavailable — {0}").format(reason)
        elif self._session.remote:
            text = self.tr("Connection to the head office server lost — {0}").format(reason)
        else:
            text = self.tr("Offline — {0}").format(reason)
        self._set_online(False, text, reason)

    def _set_online(self, online: bool, text: str, tooltip: str) -> None:
        self.connection_label.setText(text)
        self.connection_label.setToolTip(tooltip)
        self.connection_label.setProperty("state", "online" if online else "offline")
        restyle(self.connection_label)
        if online != self._online:
            self._online = online
            self.connection_changed.emit(online)

    # ---- a branch's synchronisation ------------------------------------------------------

    @property
    def sync_state(self) -> str:
        """``""`` (not known yet), ``syncing``, ``online``, ``offline`` or ``failed``."""
        return self._sync_state

    def sync_now(self) -> None:
        if self._sync is not None:
            self._sync.sync_now()

    def _sync_started(self) -> None:
        self._sync_state = "syncing"
        self._show_sync()

    def _sync_finished(self, result: object) -> None:
        from voxprivacy.gui.branch_sync import SyncResult  # loaded: a sync sent it

        if not alive(self) or not isinstance(result, SyncResult):
            return
        self._syncs_finished += 1
        if result.status is not None:
            self._sync_status = result.status
        if result.stopped:
            self._sync_state = ""
        elif result.succeeded:
            self._sync_state = "online"
            self._sync_error = None
        else:
            assert result.error is not None
            self._sync_state = "offline" if result.offline else "failed"
            self._sync_error = error_text(result.error)
        self._show_sync()
        self.refresh_conflicts()

    def _show_sync(self) -> None:
        label = self.sync_label
        if label is None:
            return
        status = self._sync_status
        state = self._sync_state
        parts = [
            {
                "syncing": self.tr("Synchronising…"),
                "online": self.tr("Online"),
                "offline": self.tr("Offline"),
                "failed": self.tr("Not synchronised"),
            }.get(state, self.tr("Branch copy"))
        ]
        if status is not None:
            parts.append(waiting_text(status.waiting))
            if status.last_success_at is None:
                parts.append(self.tr("never synchronised"))
            elif state == "online":
                parts.append(self.tr("synced {0}").format(when_text(status.last_success_at)))
            else:
                parts.append(self.tr("last sync {0}").format(when_text(status.last_success_at)))
        label.setText(" · ".join(parts))
        label.setProperty(
            "state", {"online": "online", "offline": "offline", "failed": "offline"}.get(state, "")
        )
        restyle(label)

        lines = []
        if status is not None and status.central:
            lines.append(self.tr("Central database: {0}").format(status.central))
        if status is not None:
            lines.append(
                self.tr("Last synchronised: {0}").format(
                    local_time(status.last_success_at) or self.tr("never")
                )
            )
        error = self._sync_error
        if error is None and state in ("", "syncing") and status is not None:
            error = status.last_error  # from before this desk started, or a stopped attempt
        if error:
            lines.append(self.tr("Last error: {0}").format(error))
        if self._sync is not None:
            lines.append(self.tr("Click to synchronise now (F9)."))
        label.setToolTip("\n".join(lines))

    # ---- conflicts ------------------------------------------------------------------------

    def refresh_conflicts(self) -> None:
        """Count the open synchronisation conflicts on the worker (supervisors only)."""
        if self.conflicts_label is None or self._counting:
            return
        self._counting = True
        s = self._session
        s.call(conflicts.count_open, s.ctx).then(self._counted).failed(self._count_failed).run(
            owner=self
        )

    def _counted(self, count: int) -> None:
        if self.conflicts_label is None:
            return
        self._counting = False
        self.open_conflicts = count
        label = self.conflicts_label
        label.setText(conflicts_text(count))
        label.setProperty("state", "conflicts" if count else "")
        badge(label, "conflicts" if count else "")
        label.show()

    def _count_failed(self, _failure: Failure) -> None:
        # the connection label already says what is wrong with the database
        self._counting = False


def _is_sync_status(answer: object) -> TypeGuard[SyncStatus]:
    from voxprivacy.sync.replica import SyncStatus  # a branch's desk has loaded it

    return isinstance(answer, SyncStatus)
