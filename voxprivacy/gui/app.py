"""``voxprivacy``: the desk's entry point and the path from start to a signed-in window.

``main`` parses the command line, creates the QApplication with the look, and
hands over to ``Desk``, which opens the database on the worker (or prepares
the demo, or asks the head office server whether it is there), runs the
first-run assistant on an empty database, asks for a sign in and shows the main
window; signing out goes back to the sign-in. Through a server, quitting ends
the session there too. An
unexpected exception is logged and shown as one calm sentence, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import sys
import threading
import traceback
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

import voxprivacy
from voxprivacy import logs
from voxprivacy.errors import VoxError
from voxprivacy.gui import bootstrap, language, look, platform_check
from voxprivacy.gui.bootstrap import DeskOptions, DeskServices
from voxprivacy.gui.messages import error_text
from voxprivacy.gui.operations import Failure, OperationRunner, alive
from voxprivacy.gui.settings import (
    APPLICATION,
    DATABASE_URL,
    LANGUAGE,
    ORGANISATION,
    SERVER_FINGERPRINT,
    SERVER_URL,
    TRUSTED_WORKSTATION,
    DeskSettings,
    SettingsDialog,
    default_settings_store,
)
from voxprivacy.gui.signin import SignInDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services.context import Actor

if TYPE_CHECKING:
    from voxprivacy.gui.demo_panel import DemoAccountsPanel
    from voxprivacy.gui.first_run import FirstRunWizard
    from voxprivacy.gui.main_window import MainWindow

log = logging.getLogger("voxprivacy.desk")

# Quitting a desk signed in through the server ends the session there, waiting this long.
SERVER_SIGN_OUT_WAIT_S = 5.0

# A synchronisation left running by the closed window is given this long to end (its
# central connection gives up on a dead link sooner).
EXIT_SYNC_WAIT_MS = 60_000


class _Progress(QObject):
    """Carries the demo generator's progress from the worker to the GUI thread."""

    advanced = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.advanced.emit(done, total)


class Desk(QObject):
    """From start to the main window and back to sign-in; ``finished`` carries the exit status."""

    finished = Signal(int)
    window_shown = Signal(object)  # MainWindow

    def __init__(
        self,
        options: DeskOptions,
        settings: DeskSettings,
        *,
        idle_seconds: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.settings = settings
        self.worker = DbWorker(self)
        self.runner = OperationRunner(self.worker)
        self.services: DeskServices | None = None
        self.window: MainWindow | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.wizard: FirstRunWizard | None = None
        self.notice_box: QMessageBox | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._idle_seconds = idle_seconds
        self._actor: Actor | None = None  # who is signed in (through a server: to sign out)
        self._progress = _Progress(self)
        # While the worker checks a password (Argon2 runs without the GIL) the GUI thread
        # loads the main window's modules, so the window follows the sign-in sooner.
        self.worker.busy_changed.connect(self._load_window_modules)

    def _load_window_modules(self, busy: bool) -> None:
        if busy and self.services is not None:
            self.worker.busy_changed.disconnect(self._load_window_modules)
            import voxprivacy.gui.main_window  # noqa: F401

    # ---- opening ----------------------------------------------------------------------------

    def start(self) -> None:
        if self.options.demo:
            total = self.options.demo_customers
            dialog = QProgressDialog(
                self.tr("Preparing a demo database with {0} invented customers…").format(total),
                "",
                0,
                0,
            )
            dialog.setWindowTitle(self.tr("voxprivacy demo"))
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.setMinimumWidth(look.em(dialog, 24))
            dialog.show()
            self.progress_dialog = dialog
            self._progress.advanced.connect(self._advance)
            self.runner.call(bootstrap.open_demo, total, progress=self._progress.report).then(
                self._opened
            ).failed(self._failed).run(owner=self)
            return
        server = bootstrap.choose_server(
            self.options, self.settings.get(SERVER_URL), self.settings.get(SERVER_FINGERPRINT)
        )
        if server is not None:
            self.runner.call(bootstrap.open_server, server).then(self._opened).failed(
                self._failed
            ).run(owner=self)
            return
        self.runner.call(
            bootstrap.open_services,
            self.options,
            self.settings.get(DATABASE_URL),
            trusted=bool(self.settings.get(TRUSTED_WORKSTATION)),
        ).then(self._opened).failed(self._failed).run(owner=self)

    def _advance(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setRange(0, total)
            self.progress_dialog.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _opened(self, services: DeskServices) -> None:
        self._close_progress()
        self.services = services
        log.info("database opened: %s%s", services.mode, " (demo)" if services.is_demo else "")
        if services.first_run:
            self._run_first_run()
        else:
            self.show_sign_in()
            if services.notice:
                self._show_notice(services.notice)

    def _show_notice(self, notice: str) -> None:
        """A roll-back found at open: said once, beside the sign-in."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("voxprivacy"),
            self.tr("The database was rolled back; erased customers stay erased."),
            QMessageBox.StandardButton.Ok,
        )
        box.setInformativeText(notice)
        box.setWindowIcon(look.app_icon())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.notice_box = box
        box.open()

    def _failed(self, failure: Failure) -> None:
        exc = failure.error
        self._close_progress()
        log.warning("the desk could not open its database or server: %s", type(exc).__name__)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("voxprivacy"),
            self.tr("The desk cannot start."),
            QMessageBox.StandardButton.Close,
        )
        box.setInformativeText(failure.message)
        settings_button = box.addButton(self.tr("Settings…"), QMessageBox.ButtonRole.ActionRole)
        box.setWindowIcon(look.app_icon())
        status = exc.exit_status if isinstance(exc, VoxError) else 1

        def closed() -> None:
            if box.clickedButton() is settings_button:
                dialog = SettingsDialog(self.settings, self.worker)
                dialog.finished.connect(lambda _result: self.finished.emit(status))
                dialog.open()
            else:
                self.finished.emit(status)

        box.finished.connect(closed)
        box.open()

    # ---- first run and sign-in --------------------------------------------------------------

    def _run_first_run(self) -> None:
        from voxprivacy.gui.first_run import FirstRunWizard

        assert self.services is not None
        wizard = FirstRunWizard(self.services.ctx, self.worker, database=self.services.display)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        wizard.accepted.connect(lambda: self._wizard_done(wizard))
        wizard.rejected.connect(lambda: self.finished.emit(0))
        self.wizard = wizard
        wizard.show()

    def _wizard_done(self, wizard: FirstRunWizard) -> None:
        self.wizard = None
        if wizard.actor is None:
            self.show_sign_in()
        else:
            log.info("signed in: %s (%s, first run)", wizard.actor.username, wizard.actor.role)
            self.show_window(wizard.actor)

    def show_sign_in(self) -> None:
        services = self.services
        assert services is not None
        panel: DemoAccountsPanel | None = None
        if services.demo is not None:
            from voxprivacy.gui.demo_panel import DemoAccountsPanel

            panel = DemoAccountsPanel(services.demo.staff)
        dialog = SignInDialog(
            services.ctx, self.worker, database=self._database_text(), side_panel=panel
        )
        if panel is not None:
            panel.use_account.connect(dialog.fill)
            dialog.setWindowTitle(self.tr("DEMO — {0}").format(dialog.windowTitle()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.sign_in_dialog = dialog
        dialog.show()

    def _database_text(self) -> str:
        assert self.services is not None
        if self.services.is_demo:
            return self.tr("Demo database (deleted when the desk closes)")
        if self.services.server is not None:
            return self.tr("Head office server {0}").format(self.services.server)
        return self.services.display

    def _signed_in(self, actor: object) -> None:
        assert isinstance(actor, Actor)
        self.sign_in_dialog = None
        log.info("signed in: %s (%s)", actor.username, actor.role)
        self.show_window(actor)

    # ---- the desk ---------------------------------------------------------------------------

    def show_window(self, actor: Actor) -> MainWindow:
        from voxprivacy.gui.main_window import MainWindow
        from voxprivacy.gui.session import DeskSession

        services = self.services
        assert services is not None
        session = DeskSession(
            services.ctx,
            actor,
            self.worker,
            mode=services.mode,
            demo=services.is_demo,
            parent=self,
        )
        staff = services.demo.staff if services.demo is not None else ()
        window = MainWindow(
            session, self.settings, demo_staff=staff, idle_seconds=self._idle_seconds
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.sign_out_requested.connect(self._signed_out)
        window.quit_requested.connect(lambda: self.finished.emit(0))
        self._actor = actor
        self.window = window
        window.show()
        self.window_shown.emit(window)
        return window

    def _signed_out(self) -> None:
        log.info("signed out")
        self.window = None
        self._actor = None  # the window sent the sign-out
        self.show_sign_in()

    def shutdown(self) -> None:
        """Stop the worker (waiting for a running job), let a branch's synchronisation
        that is still running end, and release the database."""
        branch_sync = sys.modules.get("voxprivacy.gui.branch_sync")  # none ran if not loaded
        if branch_sync is not None and not branch_sync.wait_for_stopped(EXIT_SYNC_WAIT_MS):
            log.warning("a synchronisation was still running when the desk exited")
        self.worker.shutdown(wait=True)
        self._end_server_session()
        if self.services is not None:
            self.services.close()

    def _end_server_session(self) -> None:
        """Quitting while signed in through the server: the session ends there too (a
        lost server does not hold the exit up for long)."""
        services, actor = self.services, self._actor
        if services is None or services.server is None or actor is None or not actor.token:
            return

        from voxprivacy.services import auth

        def sign_out() -> None:
            with contextlib.suppress(Exception):  # the server may be gone; it expires then
                auth.sign_out(services.ctx, actor)

        thread = threading.Thread(target=sign_out, name="voxprivacy-sign-out", daemon=True)
        thread.start()
        thread.join(SERVER_SIGN_OUT_WAIT_S)


# ---- process-wide setup -----------------------------------------------------------------


def _setup_logging() -> None:
    """The rotating desk.log in the platform's log directory (voxprivacy.logs); when that
    directory cannot be written the desk still starts and logs to stderr."""
    try:
        logs.setup("desk")
    except OSError:
        handler = logging.StreamHandler()
        handler.addFilter(logs.PersonalDataFilter())
        logging.getLogger("voxprivacy").addHandler(handler)
        logging.getLogger("voxprivacy").setLevel(logging.INFO)
    log.info(
        "desk %s starting (%s, Python %s, %s)",
        voxprivacy.__version__,
        "bundle" if getattr(sys, "frozen", False) else "source",
        platform.python_version(),
        sys.platform,
    )


def install_excepthook() -> None:
    """Log an unexpected exception and tell the user calmly instead of crashing."""
    shown: list[QMessageBox] = []  # a box without a parent lives only while referenced

    def hook(kind: type[BaseException], exc: BaseException, tb: types.TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        # the type and where it happened only: an exception's message may hold personal data
        log.error("unexpected %s\n%s", kind.__name__, "".join(traceback.format_tb(tb)))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            parent = app.activeWindow()
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "voxprivacy",
                error_text(exc),
                QMessageBox.StandardButton.Ok,
                parent if parent is not None and alive(parent) else None,
            )
            shown.append(box)
            box.finished.connect(lambda _result, b=box: shown.remove(b))
            box.open()

    sys.excepthook = hook


def create_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("voxprivacy")
    app.setDesktopFileName("voxprivacy")
    app.setWindowIcon(look.app_icon())
    app.setStyleSheet(look.stylesheet())
    app.setQuitOnLastWindowClosed(False)  # the Desk decides when the desk is done
    return app


def _parse_self_test(args: list[str]) -> bool:
    """The desk's arguments plus ``--self-test`` (which takes no others); exits like argparse."""
    parser = bootstrap.argument_parser()
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation on a throwaway demo database (offscreen) "
        "and exit: 0 when every check passed, 1 otherwise",
    )
    ns = parser.parse_args(args)
    if ns.self_test and len(args) > 1:
        parser.error("--self-test takes no other options")
    return bool(ns.self_test)


def _platform_problem() -> bool:
    """True (after printing one line) when Qt could not start its platform here."""
    problem = platform_check.startup_problem()
    if problem is None:
        return False
    print(problem, file=sys.stderr)
    log.error("%s", problem)
    return True


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _setup_logging()
    if _platform_problem():
        return 1
    log.info("self-test starting")
    app = create_application(sys.argv[:1])
    language.apply("en", app)  # the checks read the desk's English words
    from voxprivacy.gui import self_test

    return self_test.run(app)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if _parse_self_test(args):
            return run_self_test()
        options = bootstrap.parse_args(args)
    except SystemExit as exc:  # --help, --version (0) and bad arguments (2)
        return exc.code if isinstance(exc.code, int) else 2
    _setup_logging()
    if _platform_problem():
        return 1
    app = create_application(sys.argv[:1])
    settings = DeskSettings(default_settings_store())
    language.apply(settings.get(LANGUAGE), app)  # before any window
    install_excepthook()
    desk = Desk(options, settings)
    desk.finished.connect(app.exit)
    desk.start()
    try:
        status = app.exec()
    finally:
        desk.shutdown()
    return status


if __name__ == "__main__":
    sys.exit(main())
