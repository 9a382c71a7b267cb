"""One background worker for all database work; results come back on the GUI thread.

Service calls never run on the GUI thread, so the window never freezes. Jobs
run one after another on a single thread (the local database has one writer);
each job's success or failure callback is delivered through a queued signal,
so widgets are only ever touched from the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class DbWorker(QObject):
    """Runs callables off the GUI thread, one at a time, and reports back."""

    _delivered = Signal(object, object)  # callback, value
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voxprivacy-db")
        self._pending = 0
        self._closed = False
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: Any,
    ) -> Future[Any] | None:
        """Run ``fn(*args, **kwargs)`` in the background; callbacks run on the GUI thread."""
        if self._closed:
            return None
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> Any:
            try:
                value = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to on_error on the GUI thread
                self._delivered.emit(on_error, exc)
                raise
            self._delivered.emit(on_done, value)
            return value

        return self._pool.submit(job)

    def _deliver(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if callback is not None and not self._closed:
            callback(value)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
