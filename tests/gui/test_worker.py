"""DbWorker: jobs run one at a time off the GUI thread, in order; results and errors come
back on the GUI thread; after shutdown nothing more runs or calls back."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from voxprivacy.gui.worker import DbWorker


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown(wait=True)


def test_jobs_run_in_order_on_one_background_thread_and_report_on_the_gui_thread(
    qtbot: QtBot, worker: DbWorker
) -> None:
    ran: list[tuple[int, str]] = []
    delivered: list[tuple[int, bool]] = []
    running = 0
    overlap = False
    lock = threading.Lock()

    def job(n: int) -> int:
        nonlocal running, overlap
        with lock:
            running += 1
            overlap = overlap or running > 1
        time.sleep(0.005)
        ran.append((n, threading.current_thread().name))
        with lock:
            running -= 1
        return n * n

    for n in range(8):
        worker.submit(
            job,
            n,
            on_done=lambda value, n=n: delivered.append(
                (value, threading.current_thread() is threading.main_thread())
            ),
        )
    qtbot.waitUntil(lambda: len(delivered) == 8)
    assert [n for n, _ in ran] == list(range(8))
    assert all(name.startswith("voxprivacy-db") for _, name in ran)
    assert len({name for _, name in ran}) == 1
    assert not overlap
    assert delivered == [(n * n, True) for n in range(8)]


def test_arguments_reach_the_job(qtbot: QtBot, worker: DbWorker) -> None:
    got: list[object] = []
    worker.submit(lambda a, b, *, c: (a, b, c), 1, "two", c=[3], on_done=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(1, "two", [3])]


def test_an_error_goes_to_on_error_on_the_gui_thread_and_the_next_job_still_runs(
    qtbot: QtBot, worker: DbWorker
) -> None:
    errors: list[tuple[BaseException, bool]] = []
    done: list[str] = []

    def fails() -> None:
        raise ValueError("the database said no")

    future = worker.submit(
        fails,
        on_done=lambda _v: done.append("wrong callback"),
        on_error=lambda exc: errors.append(
            (exc, threading.current_thread() is threading.main_thread())
        ),
    )
    worker.submit(lambda: "after", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["after"])
    assert len(errors) == 1
    exc, on_gui_thread = errors[0]
    assert isinstance(exc, ValueError) and str(exc) == "the database said no"
    assert on_gui_thread
    assert future is not None
    with pytest.raises(ValueError, match="the database said no"):
        future.result(timeout=5)


def test_an_error_without_on_error_is_dropped_quietly(qtbot: QtBot, worker: DbWorker) -> None:
    done: list[str] = []

    def fails() -> None:
        raise RuntimeError("nobody listens")

    worker.submit(fails, on_done=lambda _v: done.append("wrong callback"))
    worker.submit(lambda: "next", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["next"])


def test_busy_while_any_job_is_unanswered(qtbot: QtBot, worker: DbWorker) -> None:
    changes: list[bool] = []
    worker.busy_changed.connect(changes.append)
    release = threading.Event()
    results: list[str] = []
    assert not worker.busy
    worker.submit(lambda: release.wait(10) and "first", on_done=results.append)
    worker.submit(lambda: "second", on_done=results.append)
    assert worker.busy
    assert changes == [True]  # once for the first job, not again for the second
    release.set()
    qtbot.waitUntil(lambda: len(results) == 2)
    assert results == ["first", "second"]
    assert not worker.busy
    assert changes == [True, False]


def test_after_shutdown_nothing_runs_and_nothing_calls_back(qtbot: QtBot) -> None:
    worker = DbWorker()
    started = threading.Event()
    release = threading.Event()
    ran: list[str] = []
    called: list[object] = []

    def blocking() -> str:
        started.set()
        release.wait(10)
        ran.append("blocking")
        return "late"

    worker.submit(blocking, on_done=called.append, on_error=called.append)
    worker.submit(lambda: ran.append("queued"), on_done=called.append, on_error=called.append)
    assert started.wait(10)
    worker.shutdown(wait=False)
    assert worker.submit(lambda: ran.append("after"), on_done=called.append) is None
    release.set()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        qtbot.wait(20)
    assert ran == ["blocking"]  # the queued job was cancelled, the new one refused
    assert called == []  # the running job's answer came after the close: dropped
    assert not worker.busy
