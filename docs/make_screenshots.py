"""Render the desk's screens offscreen into docs/screenshots/ from a throwaway demo database.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py [--only NAME ...]

Each screenshot is one entry in SHOTS: a file name and a builder that receives the
demo (context, worker, demo staff) and returns the widget to grab once it has
loaded. Add new screens by appending an entry.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyotp
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select, update

from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import (
    ConsentEvent,
    Customer,
    Invoice,
    PaymentCard,
    PrivacyRequest,
)
from voxprivacy.storage.schema import upgrade

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1200, 800)


@dataclass
class Demo:
    """A demo database, its worker and its staff, shared by every builder."""

    ctx: Context
    worker: DbWorker
    result: DemoResult
    keep: list[QWidget] = field(default_factory=list)

    def session(self, username: str, *, stepped_up: bool = False) -> DeskSession:
        member = next(s for s in self.result.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, member.password)
        if stepped_up:
            auth.step_up(self.ctx, actor, pyotp.TOTP(member.secret).now())
        return DeskSession(self.ctx, actor, self.worker, mode="sqlite", demo=True)

    def wait_until(self, ready: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not finish loading")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def settle(self, widget: QWidget) -> None:
        """Let queued work land and layouts settle before grabbing."""
        self.wait_until(lambda: not self.worker.busy)
        for _ in range(5):
            QCoreApplication.processEvents()

    def rich_customer(self) -> str:
        """An active customer with a card, invoices and a consent history."""
        with self.ctx.db.read() as s:
            granted = (
                select(ConsentEvent.customer_id)
                .where(ConsentEvent.action == "granted")
                .group_by(ConsentEvent.customer_id)
                .having(func.count() >= 2)
            )
            ref = s.execute(
                select(Customer.account_number)
                .where(
                    Customer.status == "active",
                    Customer.id.in_(select(PaymentCard.customer_id)),
                    Customer.id.in_(
                        select(Invoice.customer_id).where(Invoice.status.in_(["open", "overdue"]))
                    ),
                    Customer.id.in_(granted),
                )
                .order_by(Customer.account_number)
                .limit(1)
            ).scalar_one_or_none()
            if ref is None:
                ref = s.execute(select(Customer.account_number).limit(1)).scalar_one()
        return str(ref)


Builder = Callable[[Demo], QWidget]


def _customer_page(demo: Demo, username: str, tab: str | None) -> QWidget:
    from voxprivacy.gui.customer_page import CustomerPage

    page = CustomerPage(demo.session(username))
    page.resize(*SIZE)
    page.show()
    page.open_customer(demo.rich_customer())
    demo.wait_until(lambda: page.view is not None)
    if tab is not None:
        names = [page.tabs.tabText(i).replace("&&", "&") for i in range(page.tabs.count())]
        page.tabs.setCurrentIndex(names.index(tab))
    return page


def customer(demo: Demo) -> QWidget:
    return _customer_page(demo, "agent", None)


def billing(demo: Demo) -> QWidget:
    return _customer_page(demo, "finance", "Billing")


def consents(demo: Demo) -> QWidget:
    return _customer_page(demo, "agent", "Consents")


def step_up(demo: Demo) -> QWidget:
    from voxprivacy.gui.step_up import StepUpDialog

    dialog = StepUpDialog(demo.session("agent"))
    dialog.show()
    dialog.code_edit.setText("123")
    return dialog


def staff(demo: Demo) -> QWidget:
    from voxprivacy.gui.staff_admin import StaffAdminWidget

    widget = StaffAdminWidget(demo.session("admin"))
    widget.resize(*SIZE)
    widget.show()
    demo.wait_until(lambda: widget.model.rowCount() > 0)
    widget.table.selectRow(0)
    return widget


def audit(demo: Demo) -> QWidget:
    from voxprivacy.gui.audit_view import AuditViewWidget

    widget = AuditViewWidget(demo.session("supervisor"))
    widget.resize(*SIZE)
    widget.show()
    demo.wait_until(lambda: widget.model.rowCount() > 0 and widget.chain_verified)
    return widget


def _open_requests(demo: Demo) -> str:
    """An erasure of the rich customer opened by the agent, and a few requests around it
    whose deadlines are near or past; returns the erasure's reference."""
    from voxprivacy.services import requests

    agent = demo.session("agent", stepped_up=True).actor
    with demo.ctx.db.read() as s:
        others = [
            str(ref)
            for ref in s.execute(
                select(Customer.account_number)
                .where(Customer.status == "active")
                .order_by(Customer.account_number.desc())
                .limit(3)
            ).scalars()
        ]
    erasure = requests.open_request(
        demo.ctx, agent, demo.rich_customer(), "erasure", "callback", "Customer moved abroad"
    )
    opened = [
        requests.open_request(demo.ctx, agent, ref, kind, "email-code")
        for ref, kind in zip(others, ("access", "rectification", "access"), strict=True)
    ]
    # Demo deadlines: one request overdue, one close to its due date.
    now = demo.ctx.now()
    with demo.ctx.db.write() as s:
        for view, due in (
            (opened[0], now - timedelta(days=2)),
            (opened[1], now + timedelta(days=7)),
        ):
            s.execute(
                update(PrivacyRequest)
                .where(PrivacyRequest.reference == view.reference)
                .values(due_at=due)
            )
    return erasure.reference


def requests_page(demo: Demo) -> QWidget:
    from voxprivacy.gui.requests_view import RequestsPage

    reference = _open_requests(demo)
    page = RequestsPage(demo.session("supervisor"))
    page.resize(*SIZE)
    page.show()
    demo.wait_until(lambda: page.queue.model.rowCount() > 0)
    page.queue.select(reference)
    demo.wait_until(lambda: page.detail.view is not None)
    page.splitter.setSizes([SIZE[1] * 3 // 10, SIZE[1] * 7 // 10])
    return page


def request_open(demo: Demo) -> QWidget:
    from voxprivacy.gui.requests_view import OpenRequestDialog

    with demo.ctx.db.read() as s:
        account, name = s.execute(
            select(Customer.account_number, Customer.name).where(
                Customer.account_number == demo.rich_customer()
            )
        ).one()
    dialog = OpenRequestDialog(demo.session("agent"), account, f"{account} · {name}")
    dialog.show()
    dialog.choose(kind="erasure", method="callback")
    demo.wait_until(lambda: dialog.impact_preview is not None)
    dialog.note.setPlainText("Customer moved abroad and asked us to delete everything.")
    return dialog


def sign_in(demo: Demo) -> QWidget:
    from voxprivacy.gui.demo_panel import DemoAccountsPanel
    from voxprivacy.gui.signin import SignInDialog

    panel = DemoAccountsPanel(demo.result.staff)
    dialog = SignInDialog(demo.ctx, demo.worker, database="Demo database (throwaway)",
                          side_panel=panel)
    dialog.show()
    dialog.username_edit.setText("agent")
    return dialog


def customer_list(demo: Demo) -> QWidget:
    from PySide6.QtCore import QSettings

    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.settings import DeskSettings

    store = QSettings(str(Path(demo.ctx.db.target.path or ".").parent / "desk.ini"),
                      QSettings.Format.IniFormat)
    window = MainWindow(demo.session("agent"), DeskSettings(store),
                        demo_staff=demo.result.staff)
    window.resize(*SIZE)
    window.show()
    if window.demo_dock is not None:
        window.demo_dock.hide()  # the demo panel has its own screenshot (sign-in)
    window.customer_list.search_edit.setText("ma")
    demo.wait_until(lambda: window.customer_list.model.rowCount() > 0)
    return window


SHOTS: list[tuple[str, Builder]] = [
    ("sign-in", sign_in),
    ("customers", customer_list),
    ("customer", customer),
    ("billing", billing),
    ("consents", consents),
    ("step-up", step_up),
    ("staff", staff),
    ("audit", audit),
    ("requests", requests_page),
    ("request-open", request_open),
]


def build_demo(directory: Path, customers: int = 40) -> Demo:
    secrets = ProcessOnlySecrets()
    db = open_database(parse_target(f"sqlite:///{directory}/demo.db"), secrets, create=True)
    upgrade(db)
    ctx = Context(db, secrets)
    result = generate_demo(ctx, customers, seed=2009)
    return Demo(ctx, DbWorker(), result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="*", help="names of the screenshots to make")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans", 10))
    from voxprivacy.gui import look

    app.setStyleSheet(look.stylesheet())
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp))
        try:
            for name, builder in SHOTS:
                if args.only and name not in args.only:
                    continue
                widget = builder(demo)
                demo.keep.append(widget)
                demo.settle(widget)
                target = args.out / f"{name}.png"
                widget.grab().save(str(target))
                print(f"wrote {target}")
                widget.close()
        finally:
            demo.worker.shutdown()
            demo.ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
