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
    """Runs callables off the GUI thread, one at a time, and reports back.

    The callbacks never travel to the worker thread: they stay in a table on
    the GUI thread under a job number, and only the number and the result
    cross over. So a widget referenced only by a callback is released on the
    GUI thread, as Qt requires.
    """

    _delivered = Signal(int, bool, object)  # job number, succeeded, value or exception
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voxprivacy-db")
        self._callbacks: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._next_job = 0
        self._closed = False
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: Any,
    ) -> Future[Any] | None:
        """Run ``fn(*args, **kwargs)`` in the background; callbacks run on the GUI thread."""
        if self._closed:
            return None
        self._next_job += 1
        job_number = self._next_job
        self._callbacks[job_number] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        delivered = self._delivered

        def job() -> Any:
            try:
                value = fn(*args, **kwargs)
            except BaseException as exc:  # handed to on_error on the GUI thread
                delivered.emit(job_number, False, exc)
                raise
            delivered.emit(job_number, True, value)
            return value

        return self._pool.submit(job)

    def _deliver(self, job_number: int, succeeded: bool, value: Any) -> None:
        on_done, on_error = self._callbacks.pop(job_number, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        callback = on_done if succeeded else on_error
        if callback is not None and not self._closed:
            callback(value)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
        self._callbacks.clear()
