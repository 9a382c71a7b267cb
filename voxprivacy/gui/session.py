"""The signed-in desk: who works, on which database, and their step-up state.

Widgets receive a DeskSession instead of reaching for globals; it carries the
service context, the signed-in Actor and the background worker, builds the
background operations every screen runs through (``query``, ``write``, ``call``: see
operations.py), and tells the status bar when the second-factor check starts or
ends and when a write went through (a branch office then has a change waiting for
the central database).

Through the head office server (mode ``server``) every operation's failure is also
watched for ``SessionEnded`` (the server signed the session out, it expired or a
supervisor revoked it), which emits ``ended`` with the server's sentence, so the
window asks for the password again over the work in progress; ``resume`` takes the
new session's token after that sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Signal

from voxprivacy.errors import SessionEnded
from voxprivacy.gui.messages import error_text
from voxprivacy.gui.operations import (
    Executor,
    Operation,
    OperationRunner,
    SessionWatch,
    WriteOperation,
)
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services.context import Actor, Context

P = ParamSpec("P")
T = TypeVar("T")


class DeskSession(QObject):
    step_up_changed = Signal()
    locked = Signal()
    wrote = Signal()  # a write service succeeded (session.write)
    ended = Signal(str)  # through a server: the session was ended there (the sentence)

    def __init__(
        self,
        ctx: Context,
        actor: Actor,
        worker: DbWorker,
        *,
        mode: str,
        demo: bool = False,
        parent: QObject | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.worker = worker
        self.mode = mode  # "encrypted", "sqlite", "postgresql", or "server"
        self.demo = demo
        chosen: Executor = executor if executor is not None else worker
        self.executor: Executor = (
            SessionWatch(chosen, self._session_ended) if self.remote else chosen
        )
        self.runner = OperationRunner(self.executor)

    @property
    def remote(self) -> bool:
        """Whether the services run on the head office server."""
        return self.mode == "server"

    def _session_ended(self, exc: SessionEnded) -> None:
        self.actor.end_step_up()
        self.ended.emit(error_text(exc))

    def resume(self, actor: Actor) -> None:
        """After signing in again as the same member: the new session's token."""
        self.actor.token = actor.token
        self.actor.role = actor.role
        self.actor.checked_at = None
        self.step_up_changed.emit()

    def query(
        self, fn: Callable[Concatenate[Context, Actor, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Operation[T]:
        """The read ``fn(ctx, actor, *args, **kwargs)`` as an operation to ``run``."""
        return Operation(self.executor, fn, (self.ctx, self.actor, *args), kwargs)

    def write(
        self, fn: Callable[Concatenate[Context, Actor, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> WriteOperation[T]:
        """The write ``fn(ctx, actor, *args, **kwargs)``, with the second factor when needed."""
        return WriteOperation(self, fn, (self.ctx, self.actor, *args), kwargs)

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        """``fn(*args, **kwargs)`` with nothing bound (a search already bound to a context)."""
        return self.runner.call(fn, *args, **kwargs)

    @property
    def sync_role(self) -> str:
        """``replica`` (a branch office's copy), ``hub`` (the central PostgreSQL) or
        ``standalone``. The database remembers it after its first read, which the desk
        makes on the worker while opening the database (bootstrap.open_services).
        Through the head office server: ``server`` (nothing is synchronised here)."""
        if self.remote:
            return "server"
        return self.ctx.db.sync_role()

    def step_up_left(self) -> timedelta:
        return self.actor.step_up_left(self.ctx.now())

    def note_step_up(self) -> None:
        """Call after auth.step_up succeeded (on the GUI thread)."""
        self.step_up_changed.emit()

    def end_step_up(self) -> None:
        self.actor.end_step_up()
        self.step_up_changed.emit()
