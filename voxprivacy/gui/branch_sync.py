"""A branch office's desk keeps its local copy in step with the central database.

``BranchSync`` runs ``replica.sync_once`` on a thread of its own, never on the GUI
thread and never on the database worker, so searches and saves go on meanwhile
(SQLite's locking lets both write). It synchronises right after sign-in, every
minute while the desk is signed in and unlocked, and when asked; one
synchronisation runs at a time. Each outcome, with the copy's state read
afterwards, comes back to the GUI thread as a ``SyncResult``.

Stopping (lock, sign-out, quit) asks a running synchronisation to give up at its
next safe point (the engine may be interrupted between any two of its steps)
and waits briefly; one held up by a dead link finishes on its own without
holding up the window, and the desk waits for it only when the process ends.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDeadlineTimer, QObject, QThread, QTimer, Signal
from sqlalchemy import event

from voxprivacy.client import branch as remote_branch
from voxprivacy.gui.messages import translate
from voxprivacy.gui.session import DeskSession
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import erasure_journal
from voxprivacy.services.context import Context
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import SyncState as SyncStateRow
from voxprivacy.sync import replica
from voxprivacy.sync.replica import SyncReport, SyncStatus

log = logging.getLogger("voxprivacy.desk")

SYNC_SECONDS = 60.0
STOP_WAIT_MS = 1000
# A link that dies mid-query is given up after this long instead of the system's
# TCP timeouts (many minutes), so a stuck synchronisation ends in reasonable time.
DEAD_LINK_MS = 30_000


@dataclass(frozen=True)
class SyncResult:
    """One synchronisation: its report or its error, and the copy's state afterwards."""

    status: SyncStatus | None  # None when even the local copy could not be read
    report: SyncReport | None = None
    error: Exception | None = None
    stopped: bool = False  # given up because the desk locked or closed

    @property
    def succeeded(self) -> bool:
        return self.report is not None

    @property
    def offline(self) -> bool:
        return isinstance(self.error, replica.Offline)

    @property
    def brought_changes(self) -> bool:
        return self.report is not None and (self.report.pulled > 0 or self.report.erased > 0)


class _Stopped(replica.Interrupted):
    """Raised at the engine's next safe point once the desk asked to stop."""


def _bound_dead_links(central: Database) -> None:
    """TCP keepalives and a user timeout on the central connections (libpq options)."""

    @event.listens_for(central.engine, "do_connect")
    def _options(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 10)
        params.setdefault("keepalives_interval", 5)
        params.setdefault("keepalives_count", 3)
        params.setdefault("tcp_user_timeout", DEAD_LINK_MS)


class _SyncThread(QThread):
    """Runs one synchronisation each time it is started; idle, no thread is running."""

    done = Signal(object)  # SyncResult

    def __init__(self, local: Database, secrets: SecretStore) -> None:
        super().__init__()
        self.setObjectName("voxprivacy-sync")
        self._local = local
        self._secrets = secrets
        self._central: Database | None = None
        self._central_url: str | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            result = self._synchronise()
        finally:
            if self.stopping.is_set():
                self.close_central()
        self.done.emit(result)

    def _synchronise(self) -> SyncResult:
        try:
            if self._enrolled():  # through the head office server (the real branch)
                report = self._through_server()
            else:  # a replica of a central database opened directly
                report = replica.sync_once(self._local, self._central_for(), fault=self._checkpoint)
        except _Stopped:
            return SyncResult(self._status(), stopped=True)
        except Exception as exc:  # shown as a sentence in the status bar
            replica.remember_failure(self._local, exc)  # also a failure before the sync began
            return SyncResult(self._status(), error=exc)
        if report.erased:  # erasures that came from the central database go into the journal
            try:
                erasure_journal.check_at_open(Context(self._local, self._secrets))
            except Exception as exc:  # shown as a sentence in the status bar
                return SyncResult(self._status(), error=exc)
        return SyncResult(self._status(), report=report)

    def _checkpoint(self, _step: str) -> None:
        if self.stopping.is_set():
            raise _Stopped

    def _status(self) -> SyncStatus | None:
        try:
            return replica.status(self._local)
        except Exception:  # the status bar's own check reports a local database problem
            return None

    def _enrolled(self) -> bool:
        with self._local.read() as session:
            state = session.get(SyncStateRow, 1)
        return state is not None and bool(state.central_fingerprint)

    def _through_server(self) -> replica.SyncReport:
        if remote_branch.needs_copy(self._local):
            return remote_branch.sync(self._local, self._secrets)
        line = remote_branch.RemoteSync(self._local, self._secrets)
        try:
            return replica.sync_once(self._local, line, fault=self._checkpoint)
        finally:
            line.close()

    def _central_for(self) -> Database:
        url = replica.status(self._local).central
        if not url:
            raise replica.SyncRefused(
                translate(
                    "branch sync", "{database} is not a branch copy of a central database."
                ).format(database=self._local.target.display)
            )
        if self._central is None or self._central_url != url:
            self.close_central()
            self._central = open_database(parse_target(url), self._secrets)
            if self._central.target.mode == "postgresql":
                _bound_dead_links(self._central)
            self._central_url = url
        return self._central

    def close_central(self) -> None:
        if self._central is not None:
            self._central.dispose()
            self._central = None
            self._central_url = None


# Every synchronisation thread that ran, until it has finished: a QThread destroyed while
# it runs takes the process down, and a closed desk may leave one finishing its last step.
_LIVE: set[_SyncThread] = set()


def _forget_finished() -> None:
    for thread in [t for t in _LIVE if t.isFinished()]:
        _LIVE.discard(thread)


def wait_for_stopped(timeout_ms: int) -> bool:
    """Wait for synchronisations still running (at exit); True when none is left."""
    deadline = QDeadlineTimer(timeout_ms)
    for thread in list(_LIVE):
        thread.wait(deadline)
    _forget_finished()
    return not _LIVE


class BranchSync(QObject):
    """Synchronises this desk's replica with the central database in the background."""

    started = Signal()
    finished = Signal(object)  # SyncResult

    def __init__(
        self,
        session: DeskSession,
        *,
        interval_seconds: float = SYNC_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = _SyncThread(session.ctx.db, session.ctx.secrets)
        self._thread.done.connect(self._done)
        self._active = False
        self._stopped = False
        self._running = False  # from start until its result is delivered
        self._again = False  # asked for while one was running: run once more after it
        self.last: SyncResult | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(interval_seconds * 1000)))
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def active(self) -> bool:
        """Synchronising on its timer (signed in and not locked)."""
        return self._active

    def start(self) -> None:
        """Synchronise now and then on the timer (after sign-in and after unlocking)."""
        if self._stopped:
            return
        self._active = True
        self._thread.stopping.clear()
        self._timer.start()
        self.sync_now()

    def sync_now(self) -> bool:
        """Start a synchronisation; while one runs, another follows it. False when none
        was started now."""
        if self._active and self._running:
            self._again = True
        return self._tick()

    def _tick(self) -> bool:
        if not self._active or self._running:
            return False
        self._again = False
        self._running = True
        self._thread.wait()  # the last run has delivered its result: it is ending, if not over
        _forget_finished()
        _LIVE.add(self._thread)
        self.started.emit()
        self._thread.start()
        return True

    def pause(self) -> None:
        """Stop synchronising (the desk locked); a running synchronisation gives up."""
        self._active = False
        self._timer.stop()
        self._thread.stopping.set()

    def stop(self) -> None:
        """Stop for good (sign-out, quit): the window closes without waiting for the link."""
        if self._stopped:
            return
        self.pause()
        self._stopped = True
        self._thread.done.disconnect(self._done)
        if not self._thread.isRunning() or self._thread.wait(STOP_WAIT_MS):
            self._running = False
            self._thread.close_central()
        # else it closes its connection itself when its current step ends

    def _done(self, result: object) -> None:
        assert isinstance(result, SyncResult)
        self._running = False
        if result.error is not None and (self.last is None or self.last.error is None):
            # the kind only (a message may name a customer); once per spell of failures
            log.warning("synchronisation failed: %s", type(result.error).__name__)
        elif result.succeeded and self.last is not None and self.last.error is not None:
            log.info("synchronisation works again")
        self.last = result
        self.finished.emit(result)
        if self._again:
            self._tick()
