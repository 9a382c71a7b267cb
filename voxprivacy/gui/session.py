"""The signed-in desk: who works, on which database, and their step-up state.

Widgets receive a DeskSession instead of reaching for globals; it carries the
service context, the signed-in Actor and the background worker, and tells the
status bar when the second-factor check starts or ends and when a write went
through (a branch office then has a change waiting for the central database).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, Signal

from voxprivacy.gui.worker import DbWorker
from voxprivacy.services.context import Actor, Context


class DeskSession(QObject):
    step_up_changed = Signal()
    locked = Signal()
    wrote = Signal()  # a write service succeeded (step_up.run_write)

    def __init__(
        self,
        ctx: Context,
        actor: Actor,
        worker: DbWorker,
        *,
        mode: str,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.worker = worker
        self.mode = mode  # "encrypted", "sqlite", "postgresql"
        self.demo = demo

    @property
    def sync_role(self) -> str:
        """``replica`` (a branch office's copy), ``hub`` (the central PostgreSQL) or
        ``standalone``. The database remembers it after its first read, which the desk
        makes on the worker while opening the database (bootstrap.open_services)."""
        return self.ctx.db.sync_role()

    def step_up_left(self) -> timedelta:
        return self.actor.step_up_left(self.ctx.now())

    def note_step_up(self) -> None:
        """Call after auth.step_up succeeded (on the GUI thread)."""
        self.step_up_changed.emit()

    def end_step_up(self) -> None:
        self.actor.end_step_up()
        self.step_up_changed.emit()
