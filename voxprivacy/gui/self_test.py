"""``voxprivacy --self-test``: the whole desk, once, on a throwaway demo database.

For IT after an install and for CI after a build: it starts the real desk the way
``--demo`` does (an encrypted demo database in a temporary directory whose key lives
only in this process), signs in as the demo agent through the sign-in dialog, searches
through the customer list, opens a customer, adds an interaction confirmed with a code
generated from the demo secret through the step-up dialog, verifies the audit chain as
the demo supervisor, closes the window and deletes the temporary files.

Each check prints one line, ``ok  <check>`` or ``FAIL <check>: <reason>``; the exit
status is 0 when every check passed and 1 otherwise. It never waits forever: after
TIMEOUT_SECONDS the current check fails. The lines also go to the desk's log, which is
where to find them when the desk runs without a console (Windows, macOS).
"""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import pyotp
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

import voxprivacy
from voxprivacy.domain.enums import Role
from voxprivacy.gui import look
from voxprivacy.gui.operations import alive
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.services import audit, auth, customers

log = logging.getLogger("voxprivacy.desk.self_test")

TIMEOUT_SECONDS = 120.0
DEMO_CUSTOMERS = 50
SUMMARY = "Self-test: the desk was checked end to end"
NATIVE_KEYRING = {"linux": "SecretService", "win32": "Windows", "darwin": "macOS"}

T = TypeVar("T")


class CheckFailed(Exception):
    def __init__(self, check: str, reason: str) -> None:
        super().__init__(f"{check}: {reason}")
        self.check = check
        self.reason = reason


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


class SelfTest:
    """Runs the checks in order on the GUI thread, waiting in short event-loop slices."""

    def __init__(
        self,
        app: QApplication,
        out: IO[str] | None = None,
        *,
        timeout: float = TIMEOUT_SECONDS,
        customers_count: int = DEMO_CUSTOMERS,
    ) -> None:
        self.app = app
        self.out = out
        self.timeout = timeout
        self.customers_count = customers_count
        self.check = "starting"
        self.passed = 0
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.desk: Any = None  # voxprivacy.gui.app.Desk (imported late: app imports us)
        self.demo_dir: Path | None = None
        # everything temporary goes in here, the demo database too (see run)
        self.work_dir = Path(tempfile.mkdtemp(prefix="voxprivacy-self-test-"))
        self._unexpected: BaseException | None = None
        self._desk_finished = False
        self._shut_down = False

    # ---- reporting ------------------------------------------------------------------------

    def say(self, line: str) -> None:
        if self.out is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed console must not stop it
                self.out.write(line + "\n")
                self.out.flush()
        log.info("self-test: %s", line)

    def ok(self, text: str) -> None:
        self.passed += 1
        self.say(f"ok  {text}")

    def fail(self, reason: str) -> CheckFailed:
        return CheckFailed(self.check, reason)

    # ---- waiting --------------------------------------------------------------------------

    def wait_until(self, predicate: Callable[[], bool], what: str) -> None:
        """Run the event loop until ``predicate()`` holds; fail on an error box, an
        unexpected exception or the overall deadline."""
        tick = QTimer()
        tick.setInterval(25)  # wakes WaitForMoreEvents so the deadline is seen
        tick.start()
        try:
            while not predicate():
                if self._unexpected is not None:
                    exc = self._unexpected
                    raise self.fail(f"unexpected {type(exc).__name__}: {exc}")
                box = self._error_box()
                if box is not None:
                    raise self.fail(f"the desk says: {box}")
                if time.monotonic() > self.deadline:
                    raise self.fail(f"timed out after {self.timeout:.0f} s waiting for {what}")
                self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            tick.stop()

    def call(self, fn: Callable[..., T], *args: Any, what: str, **kwargs: Any) -> T:
        """Run a service call on the desk's worker (never on the GUI thread) and wait."""
        result: list[Any] = []
        errors: list[BaseException] = []
        self.desk.runner.call(fn, *args, **kwargs).then(result.append).failed(
            lambda failure: errors.append(failure.error)
        ).run()
        self.wait_until(lambda: bool(result or errors), what)
        if errors:
            raise self.fail(f"{type(errors[0]).__name__}: {errors[0]}")
        value: T = result[0]
        return value

    @staticmethod
    def _error_box() -> str | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QMessageBox)
                and widget.isVisible()
                and widget.icon() in (QMessageBox.Icon.Critical, QMessageBox.Icon.Warning)
            ):
                return " ".join(t for t in (widget.text(), widget.informativeText()) if t)
        return None

    @staticmethod
    def _visible(kind: type[QWidget]) -> QWidget | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                return widget
        return None

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: types.TracebackType | None
    ) -> None:
        log.error("self-test: unexpected %s in %s", kind.__name__, self.check)
        if self._unexpected is None:
            self._unexpected = exc

    # ---- the run --------------------------------------------------------------------------

    def run(self) -> int:
        previous_hook = sys.excepthook
        sys.excepthook = self._excepthook
        previous_handler = qInstallMessageHandler(_qt_message)
        # the demo database's directory (tempfile.mkdtemp on the worker) lands in work_dir,
        # so it is deleted even when the run stops before the desk hands it over
        previous_tempdir = tempfile.tempdir
        tempfile.tempdir = str(self.work_dir)
        watchdog = _Watchdog(self)
        watchdog.start()
        status = 1
        try:
            self._checks()
            status = 0
        except CheckFailed as failure:
            self.say(f"FAIL {failure.check}: {failure.reason}")
        except Exception as exc:  # a bug in a check must still end in one FAIL line
            self.say(f"FAIL {self.check}: unexpected {type(exc).__name__}: {exc}")
        finally:
            try:
                self._clean_up()
            except Exception as exc:
                self.say(f"FAIL cleaning up: {type(exc).__name__}: {exc}")
                status = 1
            watchdog.stop()
            tempfile.tempdir = previous_tempdir
            sys.excepthook = previous_hook
            qInstallMessageHandler(previous_handler)
        seconds = time.monotonic() - self.started
        if status == 0:
            self.say(f"self-test passed: {self.passed} checks in {seconds:.1f} s")
        else:
            self.say(f"self-test FAILED after {self.passed} passed checks ({seconds:.1f} s)")
        return status

    def _checks(self) -> None:
        self.say(
            f"voxprivacy {voxprivacy.__version__} self-test "
            f"({'bundle' if _frozen() else 'source'}; Python {platform.python_version()}, "
            f"Qt {pyside_version}, {sys.platform}/{QApplication.platformName()})"
        )
        self._check_resources()
        self._check_drivers()
        self._check_keyring()
        self._check_demo_generator()
        staff = self._open_demo()
        agent = next(s for s in staff if s.role == Role.AGENT)
        supervisor = next(s for s in staff if s.role == Role.SUPERVISOR)
        window = self._sign_in(agent.username, agent.password)
        prefix, rows = self._search(window)
        self.ok(f"search '{prefix}' → {rows} customer{'s' if rows != 1 else ''}")
        self._open_first_customer(window)
        self._add_interaction(window, agent.secret)
        self._verify_audit(supervisor.username, supervisor.password)
        self._close(window)

    # ---- checks ---------------------------------------------------------------------------

    def _check_resources(self) -> None:
        self.check = "resources"
        if not look.stylesheet().strip():
            raise self.fail("the stylesheet desk.qss is empty")
        for name in ("voxprivacy", "search", "customer", "lock", "warning"):
            if look.icon(name).isNull():
                raise self.fail(f"the icon {name}.svg does not render")
        self.ok("loaded the stylesheet and icons")

    def _check_drivers(self) -> None:
        self.check = "database drivers"
        import psycopg
        import sqlalchemy
        import sqlcipher3

        for url in ("sqlite+pysqlcipher://", "sqlite://", "postgresql+psycopg://selftest@/x"):
            engine = sqlalchemy.create_engine(url)  # loads dialect and driver, connects not
            engine.dispose()
        self.ok(
            f"database drivers: sqlcipher3 (SQLite {sqlcipher3.sqlite_version}), "
            f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__} libpq "
            f"{psycopg.pq.version()})"
        )

    def _check_keyring(self) -> None:
        self.check = "keyring"
        from importlib.metadata import entry_points

        from voxprivacy.security.keyring_store import describe_backend

        registered = sorted(ep.name for ep in entry_points(group="keyring.backends"))
        native = NATIVE_KEYRING.get(sys.platform)
        if native is not None and native not in registered:
            raise self.fail(
                f"the {native} backend is not registered with keyring "
                f"(registered: {', '.join(registered) or 'none'})"
            )
        self.ok(f"keyring backends available: {', '.join(registered)}")
        try:
            name, problem = describe_backend()
        except Exception as exc:  # a broken keyring is for 'voxprivacy-admin doctor'
            name, problem = "unknown", f"{type(exc).__name__}: {exc}"
        # not a failure: the self-test keeps its keys in memory; the real desk needs this
        if problem is None:
            self.say(f"--  keyring in use here: {name}")
        else:
            self.say(
                f"--  keyring in use here: {name} — not usable for a real database "
                "(run 'voxprivacy-admin doctor')"
            )

    def _check_demo_generator(self) -> None:
        self.check = "demo generator"
        import phonenumbers
        from faker import Faker

        from voxprivacy.services.demo import LOCALES

        for loc in LOCALES:
            try:
                Faker(loc.code).name()
            except Exception as exc:
                raise self.fail(f"Faker locale {loc.code}: {type(exc).__name__}: {exc}") from exc
            example = phonenumbers.example_number(loc.country)
            if example is None or not phonenumbers.is_valid_number(example):
                raise self.fail(f"no phone number metadata for {loc.country}")
        self.ok(
            f"demo generator: Faker locales {', '.join(loc.code for loc in LOCALES)} "
            "and their phone number metadata"
        )

    def _open_demo(self) -> list[Any]:
        self.check = "demo database"
        from voxprivacy.gui.app import Desk
        from voxprivacy.gui.bootstrap import DeskOptions

        settings = DeskSettings(
            QSettings(str(self.work_dir / "desk.ini"), QSettings.Format.IniFormat)
        )
        self.desk = Desk(
            DeskOptions(demo=True, demo_customers=self.customers_count),
            settings,
            idle_seconds=3600.0,
        )
        self.desk.finished.connect(self._finished)
        started = time.monotonic()
        self.desk.start()
        self.wait_until(
            lambda: self.desk.sign_in_dialog is not None, "the demo database and the sign-in dialog"
        )
        services = self.desk.services
        self.demo_dir = services.demo_dir
        demo = services.demo
        if demo is None or not demo.staff:
            raise self.fail("the demo has no staff")
        self.ok(
            f"prepared a demo database: {demo.customers} customers, "
            f"{services.target.mode}, in a temporary directory "
            f"({time.monotonic() - started:.1f} s)"
        )
        return list(demo.staff)

    def _finished(self, _status: int) -> None:
        self._desk_finished = True

    def _sign_in(self, username: str, password: str) -> Any:
        self.check = "sign in"
        dialog = self.desk.sign_in_dialog
        dialog.fill(username, password)
        dialog.sign_in_button.click()

        def signed_in_or_refused() -> bool:
            if alive(dialog) and dialog.error_label.isVisible():
                raise self.fail(dialog.error_label.text())
            return self.desk.window is not None

        self.wait_until(signed_in_or_refused, "the sign-in")
        window = self.desk.window
        if window.session.actor.role != Role.AGENT:
            raise self.fail(f"signed in with the role {window.session.actor.role}")
        self.ok(f"signed in as agent ({username})")

        self.check = "main window"
        self.wait_until(window.isVisible, "the main window")
        if window.locked:
            raise self.fail("the main window opened locked")
        self.ok("opened main window")
        return window

    def _search(self, window: Any) -> tuple[str, int]:
        self.check = "search"
        session = window.session
        prefix, wanted = self._name_prefix(session)
        listing = window.customer_list
        active = listing.status_combo.findData(("active",))
        if active >= 0:
            listing.status_combo.setCurrentIndex(active)
        listing.search_edit.setText(prefix)  # as typed: the debounce starts the search
        model = listing.model
        self.wait_until(
            lambda: model.text == prefix and not model.searching, f"the results for '{prefix}'"
        )
        if listing.problem.isVisible():
            raise self.fail(listing.problem_label.text())
        rows = model.rowCount()
        ids = {model.hit(row).id for row in range(rows)}
        if wanted not in ids:
            raise self.fail(f"'{prefix}' found {rows} customers but not the one expected")
        return prefix, rows

    def _name_prefix(self, session: Any) -> tuple[str, str]:
        """The first letters of an active customer's name, found through the search service."""
        for letter in "mbsklrdgphtcaefjnovwz":
            hits = self.call(
                customers.search_customers,
                session.ctx,
                session.actor,
                letter,
                statuses=("active",),
                limit=20,
                what="a customer name",
            )
            for hit in hits:
                words = [w for w in hit.name.split() if w.isalpha() and len(w) >= 3]
                word = next((w for w in words if w.lower().startswith(letter)), None)
                if word is not None:
                    return word[:2].lower(), hit.id
        raise self.fail("the demo database has no active customer with a name to search for")

    def _open_first_customer(self, window: Any) -> None:
        self.check = "open customer"
        first = window.customer_list.model.hit(0)
        window.customer_list.open_current()
        page = window.customer_page
        self.wait_until(
            lambda: page.view is not None and page.view.id == first.id, "the customer record"
        )
        if window.customers.currentWidget() is not page:
            raise self.fail("the record page is not shown")
        self.ok(f"opened customer {page.view.account_number}")

    def _add_interaction(self, window: Any, secret: str) -> None:
        self.check = "edit"
        from voxprivacy.gui.step_up import StepUpDialog

        page = window.customer_page
        timeline = page.findChild(QTableView, "interactions")
        if timeline is None:
            raise self.fail("the record has no interactions tab")
        summary = page.findChild(QPlainTextEdit, "interactionSummary")
        channel = page.findChild(QComboBox, "interactionChannel")
        add = page.findChild(QPushButton, "addInteraction")
        if summary is None or channel is None or add is None:
            raise self.fail("the record has no form to add an interaction")
        before = timeline.model().rowCount()
        channel.setCurrentIndex(max(0, channel.findData("phone")))
        summary.setPlainText(SUMMARY)
        add.click()

        self.check = "step-up"
        self.wait_until(lambda: self._visible(StepUpDialog) is not None, "the second-factor dialog")
        dialog = self._visible(StepUpDialog)
        assert isinstance(dialog, StepUpDialog)
        dialog.code_edit.setText(pyotp.TOTP(secret).now())
        dialog.confirm_button.click()

        def confirmed_or_refused() -> bool:
            if alive(dialog) and dialog.isVisible() and dialog.error_label.isVisible():
                raise self.fail(dialog.error_label.text())
            return not alive(dialog) or not dialog.isVisible()

        self.wait_until(confirmed_or_refused, "the code to be checked")
        self.ok("confirmed the write with a generated authenticator code")

        self.check = "edit"
        self.wait_until(
            lambda: timeline.model().rowCount() > before and not summary.toPlainText(),
            "the interaction to be saved",
        )
        view = self.call(
            customers.show_customer,
            window.session.ctx,
            window.session.actor,
            page.view.id,
            what="the record read back",
        )
        if not view.interactions or view.interactions[0].summary != SUMMARY:
            raise self.fail("the new interaction is not in the saved record")
        self.ok("added an interaction and read it back")

    def _verify_audit(self, username: str, password: str) -> None:
        self.check = "audit chain"
        ctx = self.desk.services.ctx
        actor = self.call(auth.sign_in, ctx, username, password, what="the supervisor sign-in")
        report = self.call(audit.verify_chain, ctx, actor, what="the audit chain")
        if not report.ok:
            raise self.fail(report.problem or f"first bad entry {report.first_bad_seq}")
        self.ok(f"audit chain verified as supervisor ({report.events} entries)")

    def _close(self, window: Any) -> None:
        self.check = "close"
        window.close()
        self.wait_until(lambda: self._desk_finished, "the desk to close")
        self.ok("closed the window")

        self.check = "clean up"
        self._shut_down_desk()
        left = [p for p in (self.demo_dir,) if p is not None and p.exists()]
        if left:
            raise self.fail(f"{left[0]} is still there")
        self.ok("deleted the temporary demo database")

    # ---- cleaning up ----------------------------------------------------------------------

    def _shut_down_desk(self) -> None:
        if self.desk is not None and not self._shut_down:
            self._shut_down = True
            self.desk.shutdown()

    def _clean_up(self) -> None:
        # hidden, not closed: closing a record with a typed draft would ask a question
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
                widget.deleteLater()
        self._shut_down_desk()
        self.remove_files()
        self.app.processEvents()

    def remove_files(self) -> None:
        for path in (self.demo_dir, self.work_dir):
            if path is not None:
                shutil.rmtree(path, ignore_errors=True)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's warnings to stderr, without the offscreen platform's note that it cannot pass
    size hints to a window manager (there is none)."""
    if "propagateSizeHints" in message:
        return
    if kind != QtMsgType.QtDebugMsg:
        sys.stderr.write(f"qt: {message}\n")


class _Watchdog:
    """The last resort when the GUI thread is stuck (a nested dialog, a blocked call):
    a Qt timer and, should the event loop not run at all, a thread end the process."""

    GRACE_SECONDS = 10.0

    def __init__(self, test: SelfTest) -> None:
        self._test = test
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._guard, name="self-test-watchdog", daemon=True)

    def start(self) -> None:
        self._timer.start(int((self._test.timeout + self.GRACE_SECONDS) * 1000))
        self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stopped.set()

    def _guard(self) -> None:
        if not self._stopped.wait(self._test.timeout + 2 * self.GRACE_SECONDS):
            self._expire()

    def _expire(self) -> None:
        test = self._test
        test.say(f"FAIL {test.check}: timed out after {test.timeout:.0f} s")
        test.remove_files()
        os._exit(1)


def run(app: QApplication, timeout: float = TIMEOUT_SECONDS) -> int:
    """The self-test on an existing QApplication; returns the exit status."""
    return SelfTest(app, sys.stdout, timeout=timeout).run()
