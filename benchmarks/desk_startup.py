"""Start time of the desk next to a bare PySide6 window, and memory with the list open.

    .venv/bin/python benchmarks/desk_startup.py --customers 100000
    .venv/bin/python benchmarks/desk_startup.py --customers 1000000
    .venv/bin/python benchmarks/desk_startup.py --server-only

Each run is a fresh process (QT_QPA_PLATFORM=offscreen unless set), timed from
just before it is spawned until it reports on standard output:

* bare: a QApplication with an empty QMainWindow shown;
* desk: the real start path (``voxprivacy.gui.app.Desk`` on the cached demo
  database from desk_search.py): open the database on the worker, show the
  sign-in dialog ("sign-in shown"), sign in as the demo agent (Argon2 check
  included) and show the main window with the customer list ("usable");
* server: the desk started as a head-office workstation (``--server URL
  --server-fingerprint FP``) up to its sign-in dialog, against a
  voxprivacy-server process on loopback with TLS over a throwaway PostgreSQL
  (started here with the test suite's harness, tests/support); the child also
  reports which database drivers it imported (none is the point).

``--server-only`` skips the database desk (and its cached demo database): bare
and server, in the same run (issue 18's target: the server start to the
sign-in within 1.3x the bare window).

Then the desk process searches for a common prefix, scrolls the list to its
1000-row limit and reports its resident memory (VmRSS). Median of 5 runs each;
figures only, no asserts. One warm-up run of each kind first writes the bytecode (into
a private PYTHONPYCACHEPREFIX: an installed desk has it). Next to each wall-clock time
the child's CPU time up to that event (all its threads, interpreter start included) is
printed, with its ratio to the bare window's: on a shared machine the wall clock waits
for other work, CPU does not.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voxprivacy.gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_RATIO = 2.0
TARGET_RSS_MB = 300.0
TARGET_SERVER_RATIO = 1.3
DRIVERS = ("sqlcipher3", "psycopg", "psycopg2", "sqlite3", "sqlalchemy")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(event: str, value: float | None = None) -> None:
    payload = {"event": event, "at": time.time(), "cpu": time.process_time()}
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
    from voxprivacy.gui.settings import DeskSettings

    # the main window's modules load as the desk loads them (during the sign-in), not here

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
        from voxprivacy.gui.main_window import MainWindow

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


def child_server(url: str, fingerprint: str) -> int:
    """The desk's own entry point with --server, until its sign-in dialog is shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # the desk's main() takes this one over
    from voxprivacy.gui import app as desk_app
    from voxprivacy.gui.signin import SignInDialog

    def sign_in_shown() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                report("signin")
                loaded = [name for name in DRIVERS if name in sys.modules]
                print(json.dumps({"event": "modules", "loaded": loaded}), flush=True)
                widget.reject()  # the desk then finishes with status 0
                return
        QTimer.singleShot(2, sign_in_shown)

    QTimer.singleShot(0, sign_in_shown)
    return desk_app.main(["--server", url, "--server-fingerprint", fingerprint])


def start_server() -> tuple[Any, Any, Path]:
    """A throwaway PostgreSQL and a voxprivacy-server on it (the test suite's harness)."""
    tests = Path(__file__).resolve().parent.parent / "tests"
    sys.path.insert(0, str(tests))
    from support.postgres import PostgresServer
    from support.server import ServerProcess

    pg = PostgresServer()
    pg.start()
    workdir = Path(tempfile.mkdtemp(prefix="voxprivacy-bench-server-"))
    return pg, ServerProcess(pg, workdir).start(), workdir


# An installed desk has its bytecode; this tree may not (PYTHONDONTWRITEBYTECODE): a
# warm-up run of each child writes it into a private folder that the timed runs read.
@functools.cache
def pycache() -> Path:
    return Path(tempfile.mkdtemp(prefix="voxprivacy-bench-pycache-"))


def run(args: list[str], extra_env: dict[str, str] | None = None) -> dict[str, float]:
    """Spawn one child; seconds from just before spawning to each reported event."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache())
    env.update(extra_env or {})
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
            if "at" in event:
                out[event["event"]] = event.get("value", event["at"] - started)
                out[f"{event['event']}_cpu"] = event["cpu"]
            else:
                out[event["event"]] = float(len(event.get("loaded", [])))
                print(f"  ({event['event']}: {event.get('loaded')})", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--server-only",
        action="store_true",
        help="only the bare window and the server-mode start (no database desk)",
    )
    parser.add_argument("--no-server", action="store_true", help="skip the server-mode start")
    parser.add_argument("--child", choices=("bare", "desk", "server"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--fingerprint", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "bare":
        return child_bare()
    if args.child == "server":
        return child_server(args.url, args.fingerprint)

    import desk_search

    cache = args.cache or desk_search.default_cache()
    if args.child == "desk":
        return child_desk(args.customers, cache, args.memory)

    if not args.server_only:
        desk_search.prepare(args.customers, cache)
    servers = None if args.no_server else start_server()
    try:
        common = ["--customers", str(args.customers), "--cache", str(cache)]
        run(["--child", "bare"])  # warm-up (bytecode, file cache), not counted
        bares = [run(["--child", "bare"]) for _ in range(args.runs)]
        bare = [b["usable"] for b in bares]
        remote: list[dict[str, float]] = []
        if servers is not None:
            process = servers[1]
            home = Path(tempfile.mkdtemp(prefix="voxprivacy-bench-home-"))
            isolated = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home)}
            child = [
                "--child",
                "server",
                "--url",
                process.url,
                "--fingerprint",
                process.fingerprint,
            ]
            run(child, isolated)  # warm-up
            remote = [run(child, isolated) for _ in range(args.runs)]
        if not args.server_only:
            run(["--child", "desk", *common])  # warm-up (and a schema upgrade, if any)
        desks = (
            []
            if args.server_only
            else [run(["--child", "desk", *common]) for _ in range(args.runs)]
        )
        memory = None if args.server_only else run(["--child", "desk", "--memory", *common])
    finally:
        shutil.rmtree(pycache(), ignore_errors=True)
        if servers is not None:
            pg, process, _workdir = servers
            process.dispose()
            pg.stop()

    bare_s = statistics.median(bare)
    bare_cpu = statistics.median(b["usable_cpu"] for b in bares)
    print(f"desk start (median of {args.runs} processes, offscreen; load average {load()})")
    print(
        f"  bare PySide6 QMainWindow shown   {bare_s * 1000:7.0f} ms   "
        f"CPU {bare_cpu * 1000:5.0f} ms"
    )
    if remote:
        server_s = statistics.median(r["signin"] for r in remote)
        server_cpu = statistics.median(r["signin_cpu"] for r in remote)
        server_ratio = server_s / bare_s
        drivers = max(r.get("modules", 0.0) for r in remote)
        print(
            f"  server mode: sign-in dialog      {server_s * 1000:7.0f} ms "
            f"({server_ratio:.2f}x bare; target ≤ {TARGET_SERVER_RATIO}x: "
            f"{'met' if server_ratio <= TARGET_SERVER_RATIO else 'MISSED'})   "
            f"CPU {server_cpu * 1000:5.0f} ms ({server_cpu / bare_cpu:.2f}x bare)"
        )
        print(f"    {int(drivers)} of {', '.join(DRIVERS)} imported")
    if memory is None:
        return 0
    signin_s = statistics.median(d["signin"] for d in desks)
    signin_cpu = statistics.median(d["signin_cpu"] for d in desks)
    desk_s = statistics.median(d["usable"] for d in desks)
    desk_cpu = statistics.median(d["usable_cpu"] for d in desks)
    ratio = desk_s / bare_s
    print(f"database desk at {args.customers:,} customers")
    print(
        f"  desk sign-in dialog shown        {signin_s * 1000:7.0f} ms "
        f"({signin_s / bare_s:.2f}x bare)   "
        f"CPU {signin_cpu * 1000:5.0f} ms ({signin_cpu / bare_cpu:.2f}x bare)"
    )
    print(
        f"  desk signed in, list visible     {desk_s * 1000:7.0f} ms "
        f"({ratio:.2f}x bare; target ≤ {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})   "
        f"CPU {desk_cpu * 1000:5.0f} ms ({desk_cpu / bare_cpu:.2f}x bare)"
    )
    print(f"load average at the end {load()}")
    rss = memory["rss"]
    print(
        f"  memory with the list open ({int(memory['rows'])} rows of 'a')   "
        f"{rss:7.0f} MB VmRSS (target ≤ {TARGET_RSS_MB:.0f} MB: "
        f"{'met' if rss <= TARGET_RSS_MB else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
