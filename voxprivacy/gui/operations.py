"""Background operations: the one way a widget reaches a service.

A screen never calls a service or the worker itself. It describes the call, says what to do
with the result, and runs it on behalf of a widget::

    session.query(customers.show_customer, customer_id) \\
        .then(self._show) \\
        .failed(lambda failure: self.error.setText(failure.message)) \\
        .run(owner=self, key="record")

    session.write(requests.approve_erasure, reference) \\
        .fresh() \\
        .then(self._approved) \\
        .cancelled(self._enable_buttons) \\
        .run(owner=self)

``session.query(fn, *args, **kwargs)`` runs ``fn(ctx, actor, *args, **kwargs)``: the service
context and the signed-in staff member are bound here, never passed by the screen.
``session.write(...)`` does the same for a write, asking for the second factor first when the
session's check has run out (``.fresh()``: always), and again when the service refuses with
StepUpRequired; a successful write emits ``session.wrote``. The services check the second
factor themselves: the dialog spares the user a refusal, it is not what protects the data.
``session.call(fn, *args)`` runs a callable that takes no context (a search already bound to
one, a connection check), and ``OperationRunner(worker).call(...)`` does the same before
anyone has signed in.

What ``run(owner=..., key=...)`` promises:

- ``then`` and ``failed`` run on the GUI thread, in the order the operations were started;
- nothing is delivered to an owner that has been deleted (no ``shiboken6.isValid`` checks in
  screens);
- with a ``key``, a newer operation for the same owner and key supersedes an older one: the
  older one's result and failure are dropped (no "ignore stale results" counters in screens);
  ``supersede(owner, key)`` drops what is running without starting anything new;
- ``failed`` receives a :class:`Failure` whose ``message`` is the desk's sentence for the error
  (messages.error_text); without ``failed`` the message is shown in a warning box over the
  owner.

A write started from a dialog runs for the page and opens its code dialog over the dialog:
``session.write(...).then(...).run(owner=self, parent=dialog)``; a callback that also touches
that dialog asks ``alive(dialog)`` first.

The operation is generic in its result type: ``.then`` takes a ``Callable[[T], object]`` where
``T`` is what the service returns, so mypy rejects a callback written for something else, and
the arguments are checked against the service's own parameters.

Where the work runs is the executor's business (today the single database thread of
``DbWorker``); an operation hands it a callable and its arguments and waits for one of two
callbacks on the GUI thread, so a client of a remote service can stand in for it. Through
the head office server the session wraps it in a ``SessionWatch``, which also reports a
session the server has ended, so the window can ask for the password again.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Protocol, Self, TypeVar

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from voxprivacy.errors import SessionEnded, StepUpRequired
from voxprivacy.gui.messages import error_text, show_error

if TYPE_CHECKING:
    from voxprivacy.gui.session import DeskSession
    from voxprivacy.gui.step_up import StepUpDialog

P = ParamSpec("P")
T = TypeVar("T")


class Executor(Protocol):
    """Runs ``fn(*args, **kwargs)`` elsewhere and calls back on the GUI thread (DbWorker)."""

    def submit(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> object: ...


@dataclass(frozen=True)
class Failure:
    """Why an operation failed: the sentence to show, and the error itself."""

    message: str
    error: BaseException

    @classmethod
    def of(cls, error: BaseException) -> Failure:
        return cls(error_text(error), error)


_tickets = itertools.count(1)
# the newest ticket per owner and key; an owner that is garbage-collected takes its keys along
_newest: weakref.WeakKeyDictionary[QObject, dict[str, int]] = weakref.WeakKeyDictionary()


def supersede(owner: QObject, key: str) -> None:
    """Drop the result of whatever ``owner`` is running under ``key``."""
    _newest.setdefault(owner, {})[key] = next(_tickets)


def alive(widget: QObject | None) -> bool:
    """Whether ``widget`` (if any) still exists: for a callback that also touches a second
    widget besides its operation's owner, such as the dialog an action was started from."""
    return widget is None or shiboken6.isValid(widget)


class Operation(Generic[T]):
    """One background call and what to do with its outcome; build it, then ``run`` it."""

    def __init__(
        self,
        executor: Executor,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        self._executor = executor
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._on_result: Callable[[T], object] | None = None
        self._on_failure: Callable[[Failure], object] | None = None
        self._owner: QObject | None = None
        self._parent: QWidget | None = None
        self._key: str | None = None
        self._ticket = 0

    def then(self, on_result: Callable[[T], object]) -> Self:
        """Call ``on_result`` with the result, on the GUI thread."""
        self._on_result = on_result
        return self

    def failed(self, on_failure: Callable[[Failure], object]) -> Self:
        """Call ``on_failure`` instead of showing the error in a warning box."""
        self._on_failure = on_failure
        return self

    def run(self, *, owner: QObject | None = None, key: str | None = None) -> None:
        """Start the operation for ``owner`` (results are dropped once it is deleted); with
        ``key``, it supersedes the owner's earlier operation under the same key."""
        self._claim(owner, key)
        self._submit()

    # -- the one place results are delivered or dropped ---------------------------------------

    def _claim(self, owner: QObject | None, key: str | None, parent: QWidget | None = None) -> None:
        if key is not None and owner is None:
            raise ValueError("an operation with a key needs an owner")
        self._owner, self._key = owner, key
        self._parent = (
            parent if parent is not None else owner if isinstance(owner, QWidget) else None
        )
        if owner is not None and key is not None:
            supersede(owner, key)
            self._ticket = _newest[owner][key]

    def _submit(self) -> None:
        self._executor.submit(
            self._fn, *self._args, on_done=self._done, on_error=self._error, **self._kwargs
        )

    def _current(self) -> bool:
        """Whether the owner is still there and no newer operation has taken the key."""
        owner = self._owner
        if owner is None:
            return True
        if not alive(owner):
            return False
        if self._key is None:
            return True
        return _newest.get(owner, {}).get(self._key) == self._ticket

    def _done(self, value: Any) -> None:
        if not self._current():
            return
        if self._on_result is not None:
            self._on_result(value)

    def _error(self, exc: BaseException) -> None:
        if not self._current():
            return
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        if self._on_failure is not None:
            self._on_failure(Failure.of(exc))
        else:
            parent = self._parent
            show_error(parent if parent is not None and alive(parent) else None, exc)


class WriteOperation(Operation[T]):
    """A write: the second factor is asked for when the session needs it, then the call runs."""

    def __init__(
        self,
        session: DeskSession,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        super().__init__(session.executor, fn, args, kwargs)
        self._session = session
        self._fresh = False
        self._on_cancel: Callable[[], object] | None = None
        self.dialog: StepUpDialog | None = None  # the last code dialog opened, if any

    def fresh(self, fresh: bool = True) -> Self:
        """Always ask for a new code, even if the session's check is still running."""
        self._fresh = fresh
        return self

    def cancelled(self, on_cancel: Callable[[], object]) -> Self:
        """Call ``on_cancel`` (and nothing else) when the user cancels the code dialog."""
        self._on_cancel = on_cancel
        return self

    def run(
        self,
        *,
        owner: QObject | None = None,
        key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Start the write for ``owner``; the code dialog, when needed, opens over ``parent``
        (by default the owner), such as the dialog the write was started from."""
        self._claim(owner, key, parent)
        if self._fresh or self._session.step_up_left().total_seconds() <= 0:
            self._ask()
        else:
            self._submit()

    def _ask(self) -> None:
        from voxprivacy.gui.step_up import StepUpDialog  # not on the way to the sign-in

        parent = self._parent if alive(self._parent) else None
        dialog = StepUpDialog(self._session, parent, fresh=self._fresh)
        # lambdas: a connection keeps them (and so this operation) alive, unlike bound methods
        dialog.verified.connect(lambda: self._submit())
        dialog.rejected.connect(lambda: self._cancel())
        self.dialog = dialog
        dialog.open()

    def _cancel(self) -> None:
        if self._on_cancel is not None and self._current():
            self._on_cancel()

    def _done(self, value: Any) -> None:
        if alive(self._session):
            self._session.wrote.emit()
        super()._done(value)

    def _error(self, exc: BaseException) -> None:
        if not self._current():
            return
        # the check may have run out between the dialog and the write: ask again
        if isinstance(exc, StepUpRequired):
            self._ask()
        else:
            self._fail(exc)


class SessionWatch:
    """An executor around another that reports a session the head office server no longer
    accepts (``SessionEnded``) to ``ended``, then delivers the failure as usual."""

    def __init__(self, inner: Executor, ended: Callable[[SessionEnded], None]) -> None:
        self._inner = inner
        self._ended = ended

    def submit(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> object:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, SessionEnded):
                self._ended(exc)
            if on_error is not None:
                on_error(exc)

        return self._inner.submit(fn, *args, on_done=on_done, on_error=failed, **kwargs)


class OperationRunner:
    """Builds operations on an executor, for code that has no signed-in session yet."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        """``fn(*args, **kwargs)`` in the background; nothing is bound."""
        return Operation(self.executor, fn, args, kwargs)
