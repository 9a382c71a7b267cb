"""Start time of the desk next to a bare PySide6 window, and memory with the list open.

    .venv/bin/python benchmarks/desk_startup.py --customers 100000
    .venv/bin/python benchmarks/desk_startup.py --customers 1000000

Each run is a fresh process (QT_QPA_PLATFORM=offscreen unless set), timed from
just before it is spawned until it reports on standard output:

* bare: a QApplication with an empty QMainWindow shown;
* desk: the real start path (``voxprivacy.gui.app.Desk`` on the cached demo
  database from desk_search.py): open the database on the worker, show the
  sign-in dialog ("sign-in shown"), sign in as the demo agent (Argon2 check
  included) and show the main window with the customer list ("usable").

Then the desk process searches for a common prefix, scrolls the list to its
1000-row limit and reports its resident memory (VmRSS). Median of 5 runs each;
figures only, no asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_RATIO = 2.0
TARGET_RSS_MB = 300.0


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(event: str, value: float | None = None) -> None:
    payload = {"event": event, "at": time.time()}
    if value is not None:
        payload["value"] = value
    print(json.dumps(payload), flush=True)


def child_bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(800, 600)
    window.show()

    def shown() -> None:
        report("usable")
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


def child_desk(customers: int, cache: Path, memory: bool) -> int:
    import desk_search
    from PySide6.QtCore import QModelIndex, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from voxprivacy.gui.app import Desk, create_application
    from voxprivacy.gui.bootstrap import DeskOptions
    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.settings import DeskSettings

    sidecar = json.loads(desk_search.sidecar_path(cache, customers).read_text())
    desk_search.use_bench_keyring(sidecar)
    agent = next(s for s in sidecar["staff"] if s["role"] == "agent")
    url = f"sqlite:///{desk_search.db_path(cache, customers)}"

    app = create_application(sys.argv[:1])
    ini = Path(tempfile.mkdtemp()) / "desk.ini"
    desk = Desk(DeskOptions(db=url), DeskSettings(QSettings(str(ini), QSettings.Format.IniFormat)))
    poll = QTimer()
    poll.setInterval(2)

    def sign_in_when_shown() -> None:
        dialog = desk.sign_in_dialog
        if dialog is None or not dialog.isVisible():
            return
        poll.stop()
        report("signin")
        dialog.fill(agent["username"], agent["password"])
        dialog.submit()

    def fill_the_list(window: MainWindow) -> None:
        listing = window.customer_list
        model = listing.model

        def step() -> None:
            if model.searching or model.fetching_more:
                return
            if model.canFetchMore(QModelIndex()):
                listing.table.scrollToBottom()
                model.fetchMore(QModelIndex())
                return
            if model.rowCount() == 0:
                return
            timer.stop()
            report("rows", model.rowCount())
            report("rss", vm_rss_mb())
            window.close()

        timer = QTimer(window)
        timer.setInterval(10)
        timer.timeout.connect(step)
        listing.search_edit.setText("a")
        timer.start()

    def shown(window: object) -> None:
        assert isinstance(window, MainWindow)

        def usable() -> None:
            report("usable")
            if memory:
                fill_the_list(window)
            else:
                window.close()

        QTimer.singleShot(0, usable)

    poll.timeout.connect(sign_in_when_shown)
    poll.start()
    desk.window_shown.connect(shown)
    desk.finished.connect(app.exit)
    desk.start()
    try:
        status = app.exec()
    finally:
        desk.shutdown()
    assert isinstance(QApplication.instance(), QApplication)
    return status


def run(args: list[str]) -> dict[str, float]:
    """Spawn one child; seconds from just before spawning to each reported event."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            out[event["event"]] = event.get("value", event["at"] - started)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("bare", "desk"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    import desk_search

    cache = args.cache or desk_search.default_cache()
    if args.child == "bare":
        return child_bare()
    if args.child == "desk":
        return child_desk(args.customers, cache, args.memory)

    desk_search.prepare(args.customers, cache)
    common = ["--customers", str(args.customers), "--cache", str(cache)]
    bare = [run(["--child", "bare"])["usable"] for _ in range(args.runs)]
    desks = [run(["--child", "desk", *common]) for _ in range(args.runs)]
    memory = run(["--child", "desk", "--memory", *common])

    bare_s = statistics.median(bare)
    signin_s = statistics.median(d["signin"] for d in desks)
    desk_s = statistics.median(d["usable"] for d in desks)
    ratio = desk_s / bare_s
    print(
        f"desk start at {args.customers:,} customers (median of {args.runs} processes, offscreen)"
    )
    print(f"  bare PySide6 QMainWindow shown   {bare_s * 1000:7.0f} ms")
    print(
        f"  desk sign-in dialog shown        {signin_s * 1000:7.0f} ms "
        f"({signin_s / bare_s:.2f}x bare)"
    )
    print(
        f"  desk signed in, list visible     {desk_s * 1000:7.0f} ms "
        f"({ratio:.2f}x bare; target ≤ {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})"
    )
    rss = memory["rss"]
    print(
        f"  memory with the list open ({int(memory['rows'])} rows of 'a')   "
        f"{rss:7.0f} MB VmRSS (target ≤ {TARGET_RSS_MB:.0f} MB: "
        f"{'met' if rss <= TARGET_RSS_MB else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
