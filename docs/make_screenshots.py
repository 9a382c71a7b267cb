"""Render the desk's screens offscreen into docs/screenshots/ from a throwaway demo database.

    .venv/bin/python docs/make_screenshots.py [--size 1440x900] [--language fr|nl]
        [--scale 2] [--only NAME ...]

The screens are rendered offscreen on a screen of ``--size`` (1440×900 by default);
at another size each file name gets the size appended (``audit-1024x768.png``), in
another language its code (``customer-fr.png``), at another scale the percentage
(``desk-requests-200pct.png``: ``--size`` stays the logical size, the screen has
``--scale`` times the pixels, as with QT_SCALE_FACTOR on a high-density screen).

Each screenshot is one entry in SHOTS: a file name and a builder that receives the
demo (context, worker, demo staff) and returns the widget to grab once it has
loaded. Add new screens by appending an entry.

The branch-office screens need a central PostgreSQL database: the script starts a
throwaway server the way the test suite does (tests/support/postgres.py; it uses
the server named by VOXPRIVACY_TEST_PG_URL instead when that is set), fills a
database with demo data, sets up two encrypted branch copies and lets both
branches change the same fields, so the conflicts shown are real ones. Without
PostgreSQL those screens are left out with a note.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import server_shots  # beside this file: the head-office shots
import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from sqlalchemy import func, select, update

from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.demo import DemoResult, DemoStaff, generate_demo
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import (
    Address,
    ConsentEvent,
    Customer,
    Email,
    Invoice,
    PaymentCard,
    PrivacyRequest,
    Subscription,
    SyncState,
)
from voxprivacy.storage.schema import upgrade
from voxprivacy.sync import replica

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "screenshots"
DEFAULT_SIZE = (1440, 900)
SIZE = DEFAULT_SIZE  # what a page is shown at; main() sets it from --size
WIDE = (1440, 900)  # a common laptop screen
SMALL = (1024, 768)  # the smallest screen the desk is made for


class NoPostgres(RuntimeError):
    """The branch-office screens need a PostgreSQL server and none could be started."""


@dataclass
class Offices:
    """A central PostgreSQL database with demo data and two encrypted branch copies of it."""

    central: Context
    branches: dict[str, Context]
    staff: list[DemoStaff]
    cleanup: Callable[[], None]
    actors: dict[tuple[str, str], Actor] = field(default_factory=dict)

    def sign_in(self, branch: str, username: str, *, stepped_up: bool = False) -> Actor:
        """A staff member signed in at a branch (once: a code is accepted only once)."""
        ctx = self.branches[branch]
        member = next(s for s in self.staff if s.username == username)
        actor = self.actors.get((branch, username))
        if actor is None:
            actor = auth.sign_in(ctx, username, member.password)
            self.actors[(branch, username)] = actor
        if stepped_up and actor.step_up_left(ctx.now()).total_seconds() <= 0:
            auth.step_up(ctx, actor, pyotp.TOTP(member.secret).now())
        return actor

    def sync(self, branch: str) -> None:
        replica.sync_once(self.branches[branch].db, self.central.db)

    def customer(self, index: int) -> str:
        with self.central.db.read() as s:
            ids = s.execute(
                select(Customer.id)
                .where(Customer.status == "active")
                .order_by(Customer.account_number)
                .limit(index + 1)
            ).scalars()
            return str(list(ids)[index])


def _postgres_server() -> Any:
    """A throwaway PostgreSQL server, started like the test suite starts one."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.postgres import PostgresServer, PostgresUnavailable

    server = PostgresServer()
    try:
        return server.start()
    except PostgresUnavailable as exc:
        raise NoPostgres(str(exc)) from None


def build_offices(directory: Path) -> Offices:
    """The head office and branches north and south, where both branches changed the same
    customers: north's agent and south's supervisor each corrected a name, a city and a
    note, north reaching the centre first once and south the other times."""
    server = _postgres_server()
    name = server.create_database()
    secrets = ProcessOnlySecrets()
    databases = [open_database(parse_target(server.url(name)), secrets, create=True)]

    def cleanup() -> None:
        for db in databases:
            db.dispose()
        if server.external is not None:
            server.drop_database(name)
        server.stop()

    try:
        central = Context(databases[0], secrets)
        upgrade(central.db)
        result = generate_demo(central, 40, seed=2009)
        branches = {}
        for branch in ("north", "south"):
            local = open_database(
                parse_target(f"sqlite+pysqlcipher:///{directory}/{branch}.db"),
                secrets,
                create=True,
            )
            databases.append(local)
            replica.setup_replica(local, central.db, secrets, branch)
            branches[branch] = Context(local, secrets)
        offices = Offices(central, branches, result.staff, cleanup)
        north = offices.sign_in("north", "agent", stepped_up=True)
        south = offices.sign_in("south", "supervisor", stepped_up=True)
        first, second, third = (offices.customer(i) for i in range(3))
        customers.edit_customer(
            branches["north"],
            north,
            first,
            {"name": "Marta Schulz-Ober"},
            verified_by="callback",
            confirm_impact=True,
        )
        customers.edit_customer(
            branches["south"],
            south,
            first,
            {"name": "Martha Schulz"},
            verified_by="callback",
            confirm_impact=True,
        )
        customers.edit_customer(
            branches["north"],
            north,
            second,
            {"address.private.city": "Wien"},
            verified_by="callback",
            confirm_impact=True,
        )
        customers.edit_customer(
            branches["south"],
            south,
            second,
            {"address.private.city": "Wiener Neustadt"},
            verified_by="callback",
            confirm_impact=True,
        )
        offices.sync("north")
        offices.sync("south")
        customers.edit_customer(
            branches["south"],
            south,
            third,
            {"note": "Prefers calls after 17:00."},
            verified_by="callback",
        )
        customers.edit_customer(
            branches["north"],
            north,
            third,
            {"note": "Prefers email; no calls before 9."},
            verified_by="callback",
        )
        offices.sync("south")
        offices.sync("north")
        return offices
    except BaseException:
        cleanup()
        raise


@dataclass
class Demo:
    """A demo database, its worker and its staff, shared by every builder."""

    ctx: Context
    worker: DbWorker
    result: DemoResult
    directory: Path
    keep: list[QWidget] = field(default_factory=list)
    _offices: Offices | None = None
    erasure: str | None = None  # the erasure _open_requests opened
    others: list[Demo] = field(default_factory=list)  # larger demos some shots need

    def offices(self) -> Offices:
        """The branch offices, set up on first use."""
        if self._offices is None:
            self._offices = build_offices(self.directory)
        return self._offices

    def close(self) -> None:
        if self._offices is not None:
            self._offices.cleanup()
        for other in self.others:
            other.worker.shutdown()
            other.ctx.db.dispose()

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


def _customer_page(
    demo: Demo, username: str, tab: str | None, size: tuple[int, int] = SIZE
) -> QWidget:
    from voxprivacy.gui.customer import CustomerPage

    page = CustomerPage(demo.session(username))
    page.resize(*size)
    page.show()
    page.open_customer(demo.rich_customer())
    demo.wait_until(lambda: page.view is not None)
    if tab is not None:
        names = [page.tabs.tabText(i).replace("&&", "&") for i in range(page.tabs.count())]
        # the tab's own class translates its title: look it up in the desk's language
        shown = {type(page.tabs.widget(i)).__name__: names[i] for i in range(len(names))}
        wanted = QCoreApplication.translate(f"{tab}Tab", tab)
        page.tabs.setCurrentIndex(names.index(wanted if wanted in names else shown.get(tab, tab)))
    return page


def customer(demo: Demo) -> QWidget:
    return _customer_page(demo, "agent", None, WIDE)


def customer_small(demo: Demo) -> QWidget:
    return _customer_page(demo, "agent", None, SMALL)


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

    if demo.erasure is not None:
        return demo.erasure
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
    demo.erasure = erasure.reference
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
    return page


def _request_dialog(demo: Demo) -> Any:
    """The new-request dialog for the demo's richest customer, as an agent opens it."""
    from voxprivacy.gui.requests_view import OpenRequestDialog

    with demo.ctx.db.read() as s:
        account, name = s.execute(
            select(Customer.account_number, Customer.name).where(
                Customer.account_number == demo.rich_customer()
            )
        ).one()
    return OpenRequestDialog(demo.session("agent"), account, f"{account} · {name}")


def request_open(demo: Demo) -> QWidget:
    dialog = _request_dialog(demo)
    dialog.show()
    dialog.choose(kind="erasure", method="callback")
    demo.wait_until(lambda: dialog.impact_preview is not None)
    dialog.note.setPlainText("Customer moved abroad and asked us to delete everything.")
    return dialog


def services(demo: Demo) -> QWidget:
    return _customer_page(demo, "agent", "Services")


def service_add(demo: Demo) -> QWidget:
    from voxprivacy.gui.customer.lifecycle import ServiceDialog

    view = customers.show_customer(demo.ctx, demo.session("agent").actor, demo.rich_customer())
    dialog = ServiceDialog(demo.session("agent"), view)
    dialog.product.setCurrentIndex(dialog.product.findData("virtual_number"))
    dialog.fields["number"].setText("+49 30 7654321")
    dialog.fields["area"].setText("Berlin-Mitte")
    dialog.show()
    return dialog


def card_record(demo: Demo) -> QWidget:
    from voxprivacy.gui.customer.lifecycle import CardDialog

    view = customers.show_customer(demo.ctx, demo.session("finance").actor, demo.rich_customer())
    dialog = CardDialog(demo.session("finance"), view)
    dialog.token.setText("tok_1Nv0aB2eZvKYlo2C")
    dialog.brand.setCurrentText("Mastercard")
    dialog.last4.setText("5454")
    dialog.expiry.setText("09/29")
    dialog.show()
    return dialog


def terminate(demo: Demo) -> QWidget:
    from voxprivacy.gui.customer.lifecycle import TerminateDialog

    view = customers.show_customer(demo.ctx, demo.session("supervisor").actor, demo.rich_customer())
    dialog = TerminateDialog(demo.session("supervisor"), view)
    dialog.reason.setPlainText("Moving abroad at the end of the month.")
    dialog.show()
    demo.wait_until(lambda: dialog.preview.impact is not None)
    return dialog


def register_duplicates(demo: Demo) -> QWidget:
    from voxprivacy.gui.register import RegisterCustomerDialog

    with demo.ctx.db.read() as s:
        email = s.execute(
            select(Email.address)
            .join(Customer, Customer.id == Email.customer_id)
            .where(Customer.account_number == demo.rich_customer())
            .limit(1)
        ).scalar_one()
    dialog = RegisterCustomerDialog(demo.session("agent"))
    dialog.show()
    for key, value in (
        ("name", "Ada Lovelace"),
        ("email", email),
        ("phone", "+49 30 5550199"),
        ("address.street", "Hauptstraße 12"),
        ("address.postal_code", "10115"),
        ("address.city", "Berlin"),
        ("address.country", "DE"),
        ("language", "en"),
    ):
        editor = dialog.editors[key]
        assert isinstance(editor, QLineEdit)
        editor.setText(value)
    dialog.consent_boxes["newsletter"].setChecked(True)
    dialog.submit()
    demo.wait_until(dialog.duplicates.isVisible)
    return dialog


def identity_check(demo: Demo) -> QWidget:
    from voxprivacy.gui.identity_check import IdentityCheckDialog

    dialog = IdentityCheckDialog()
    dialog.show()
    dialog.buttons["callback"].setChecked(True)
    return dialog


def edit_impact(demo: Demo) -> QWidget:
    from voxprivacy.gui.customer import CustomerPage

    with demo.ctx.db.read() as s:
        ref = s.execute(
            select(Customer.account_number)
            .join(Subscription, Subscription.customer_id == Customer.id)
            .join(Address, Address.customer_id == Customer.id)
            .where(
                Customer.status == "active",
                Subscription.product == "virtual_number",
                Subscription.status == "active",
                Address.kind == "private",
            )
            .order_by(Customer.account_number)
            .limit(1)
        ).scalar_one()
    page = CustomerPage(demo.session("agent"))
    demo.keep.append(page)
    page.resize(*SIZE)
    page.show()
    page.open_customer(ref)
    demo.wait_until(lambda: page.view is not None)
    page.start_editing()
    page.field("address.private").set_value("remove")
    page.save()
    demo.wait_until(lambda: getattr(page, "impact_box", None) is not None)
    box: QWidget = page.impact_box
    demo.wait_until(box.isVisible)
    return box


def unsubscribe_import(demo: Demo) -> QWidget:
    from voxprivacy.gui.unsubscribe_import import UnsubscribeImportDialog

    with demo.ctx.db.read() as s:
        emails = list(s.execute(select(Email.address).order_by(Email.address).limit(6)).scalars())
    listing = demo.directory / "newsletter-unsubscribed-2026-12.txt"
    listing.write_text("\n".join([*emails, "gone.away@example.org"]) + "\n", encoding="utf-8")
    dialog = UnsubscribeImportDialog(demo.session("supervisor"))
    dialog.show()
    dialog.load_file(listing)
    demo.wait_until(lambda: dialog.applied_label.text() != "–")
    return dialog


def terminated(demo: Demo) -> QWidget:
    from voxprivacy.gui.customer import CustomerPage

    with demo.ctx.db.read() as s:
        ref = s.execute(
            select(Customer.account_number)
            .where(Customer.status == "terminated")
            .order_by(Customer.account_number)
            .limit(1)
        ).scalar_one()
    page = CustomerPage(demo.session("supervisor"))
    page.resize(*SIZE)
    page.show()
    page.open_customer(ref)
    demo.wait_until(lambda: page.view is not None)
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(names.index("Services"))
    return page


def sign_in(demo: Demo) -> QWidget:
    from voxprivacy.gui.demo_panel import DemoAccountsPanel
    from voxprivacy.gui.signin import SignInDialog

    panel = DemoAccountsPanel(demo.result.staff)
    dialog = SignInDialog(
        demo.ctx, demo.worker, database="Demo database (throwaway)", side_panel=panel
    )
    dialog.show()
    dialog.username_edit.setText("agent")
    return dialog


def _desk(demo: Demo, username: str, page: str) -> Any:
    """The whole window of a signed-in demo user, as large as the screen allows, with
    the demo panel open and ``page`` chosen."""
    from PySide6.QtCore import QSettings

    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.settings import DeskSettings

    store = QSettings(str(demo.directory / f"desk-{username}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo.session(username), DeskSettings(store), demo_staff=demo.result.staff)
    screen = window.screen()
    if screen is not None:
        window.resize(screen.availableGeometry().size())
    window.show()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    window.navigation.setCurrentRow(titles.index(QCoreApplication.translate("MainWindow", page)))
    return window


def desk_audit(demo: Demo) -> QWidget:
    """A supervisor's desk with the demo panel open, on the audit trail (the widest page)."""
    window = _desk(demo, "supervisor", "Audit")
    page = window.audit_page
    demo.wait_until(lambda: page.model.rowCount() > 0 and page.chain_verified)
    widget: QWidget = window
    return widget


def desk_requests(demo: Demo) -> QWidget:
    """A supervisor's desk with the demo panel open, on an erasure waiting for approval."""
    reference = _open_requests(demo)
    window = _desk(demo, "supervisor", "Requests")
    page = window.requests_page
    demo.wait_until(lambda: page.queue.model.rowCount() > 0)
    page.queue.select(reference)
    demo.wait_until(lambda: page.detail.view is not None)
    widget: QWidget = window
    return widget


def desk_reports(demo: Demo) -> QWidget:
    """A supervisor's desk on the reports page: requests per month as a chart and a table.

    The shared demo is too small to hold requests, so this shot has a demo of its own."""
    folder = demo.directory / "reports"
    folder.mkdir(exist_ok=True)
    larger = build_demo(folder, customers=150)
    demo.others.append(larger)
    window = _desk(larger, "supervisor", "Reports")
    page = window.reports_page
    larger.wait_until(lambda: page.report is not None)
    larger.settle(window)
    widget: QWidget = window
    return widget


def desk_retention(demo: Demo) -> QWidget:
    """An admin's desk on the retention page: the schedule, what is due now, and Run now."""
    window = _desk(demo, "admin", "Retention")
    page = window.retention_page
    demo.wait_until(lambda: page.plan is not None)
    page.schedule_table.selectRow(0)
    demo.settle(window)
    widget: QWidget = window
    return widget


def request_restriction(demo: Demo) -> QWidget:
    """Opening a restriction of processing: the purposes it stops."""
    dialog = _request_dialog(demo)
    dialog.show()
    dialog.choose(
        kind="restriction", method="callback", purposes=("newsletter", "third_party_disclosure")
    )
    dialog.note.setPlainText("Contests the address on file until the letter arrives.")
    return dialog


def lock(demo: Demo) -> QWidget:
    """An agent's desk, locked: the password, or sign in as someone else."""
    window = _desk(demo, "agent", "Customers")
    if window.demo_dock is not None:
        window.demo_dock.hide()
    window.lock()
    widget: QWidget = window
    return widget


def customer_list(demo: Demo, size: tuple[int, int] = WIDE) -> QWidget:
    from PySide6.QtCore import QSettings

    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.settings import DeskSettings

    store = QSettings(
        str(Path(demo.ctx.db.target.path or ".").parent / "desk.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(demo.session("agent"), DeskSettings(store), demo_staff=demo.result.staff)
    if window.demo_dock is not None:
        window.demo_dock.hide()  # the demo panel has its own screenshot (sign-in)
    window.resize(*size)
    window.show()
    window.customer_list.search_edit.setText("ma")
    demo.wait_until(lambda: window.customer_list.model.rowCount() > 0)
    return window


def customer_list_small(demo: Demo) -> QWidget:
    return customer_list(demo, SMALL)


def _branch_window(demo: Demo, branch: str, actor: Actor) -> Any:
    from PySide6.QtCore import QSettings

    from voxprivacy.gui.main_window import MainWindow
    from voxprivacy.gui.settings import DeskSettings

    ctx = demo.offices().branches[branch]
    store = QSettings(str(demo.directory / f"{branch}.ini"), QSettings.Format.IniFormat)
    session = DeskSession(ctx, actor, demo.worker, mode=ctx.db.target.mode)
    window = MainWindow(session, DeskSettings(store))
    window.resize(*SIZE)
    window.show()
    return window


def conflicts(demo: Demo) -> QWidget:
    """A supervisor at branch south opens the conflicts the two branches made."""
    offices = demo.offices()
    window = _branch_window(demo, "south", offices.sign_in("south", "supervisor"))
    sync = window.branch_sync
    demo.wait_until(lambda: sync.last is not None and not sync.running)
    window.show_conflicts()
    page = window.conflicts_page
    demo.wait_until(lambda: page.model.rowCount() == 3 and page.detail.view is not None)
    page.splitter.setSizes([SIZE[1] * 45 // 100, SIZE[1] * 55 // 100])
    demo.wait_until(lambda: window.status.open_conflicts == 3)
    return window


def branch_status(demo: Demo) -> QWidget:
    """The status bar of branch north while the line to the centre is down, with the
    changes made since waiting to be sent."""
    offices = demo.offices()
    ctx = offices.branches["north"]
    agent = offices.sign_in("north", "agent", stepped_up=True)
    customer = offices.customer(4)
    customers.edit_customer(
        ctx, agent, customer, {"note": "Called about the new tariff."}, verified_by="callback"
    )
    customers.edit_customer(
        ctx, agent, customer, {"preferred_channel": "email"}, verified_by="callback"
    )
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with ctx.db.write() as s:
        s.execute(
            update(SyncState)
            .where(SyncState.id == 1)
            .values(central=f"postgresql+psycopg://desk@127.0.0.1:{closed}/voxprivacy")
        )
    window = _branch_window(demo, "north", offices.sign_in("north", "supervisor"))
    demo.keep.append(window)
    demo.wait_until(lambda: window.status.sync_state == "offline")
    demo.wait_until(lambda: window.status.open_conflicts is not None)
    bar: QWidget = window.status
    return bar


SHOTS: list[tuple[str, Builder]] = [
    ("sign-in", sign_in),
    ("customers", customer_list),
    ("customers-1024", customer_list_small),
    ("customer", customer),
    ("customer-1024", customer_small),
    ("billing", billing),
    ("consents", consents),
    ("step-up", step_up),
    ("staff", staff),
    ("audit", audit),
    ("requests", requests_page),
    ("desk-audit", desk_audit),
    ("desk-requests", desk_requests),
    ("desk-reports", desk_reports),
    ("desk-retention", desk_retention),
    ("lock", lock),
    ("request-open", request_open),
    ("request-restriction", request_restriction),
    ("services", services),
    ("service-add", service_add),
    ("card-record", card_record),
    ("terminate", terminate),
    ("terminated", terminated),
    ("register-duplicates", register_duplicates),
    ("identity-check", identity_check),
    ("edit-impact", edit_impact),
    ("unsubscribe-import", unsubscribe_import),
    ("conflicts", conflicts),
    ("branch-status", branch_status),
    ("settings-server", server_shots.settings_server),
    ("desk-server", server_shots.desk_server),
]
BRANCH_SHOTS = {"conflicts", "branch-status"}


def build_demo(directory: Path, customers: int = 40) -> Demo:
    secrets = ProcessOnlySecrets()
    db = open_database(parse_target(f"sqlite:///{directory}/demo.db"), secrets, create=True)
    upgrade(db)
    ctx = Context(db, secrets)
    result = generate_demo(ctx, customers, seed=2009)
    return Demo(ctx, DbWorker(), result, directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="*", help="names of the screenshots to make")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--size", default="1440x900", help="the screen to render on, WIDTHxHEIGHT (1440x900)"
    )
    parser.add_argument("--language", choices=["en", "fr", "nl"], default="en")
    parser.add_argument("--scale", type=int, choices=[1, 2], default=1)
    args = parser.parse_args(argv)
    global SIZE
    width, _, height = str(args.size).partition("x")
    if not (width.isdigit() and height.isdigit()):
        parser.error("--size is WIDTHxHEIGHT, for example 1024x768")
    SIZE = (int(width), int(height))
    suffix = "" if SIZE == DEFAULT_SIZE else f"-{width}x{height}"
    suffix += "" if args.language == "en" else f"-{args.language}"
    suffix += "" if args.scale == 1 else f"-{args.scale * 100}pct"
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    screen_file = Path(tempfile.mkdtemp()) / "screen.json"
    screen = {
        "name": "desk",
        "x": 0,
        "y": 0,
        "width": SIZE[0] * args.scale,
        "height": SIZE[1] * args.scale,
    }
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    screen_file.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans", 10))
    from voxprivacy.gui import language, look

    app.setStyleSheet(look.stylesheet())
    language.apply(args.language, app)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp))
        try:
            for name, builder in SHOTS:
                if args.only and name not in args.only:
                    continue
                try:
                    widget = builder(demo)
                except NoPostgres as exc:
                    if name not in BRANCH_SHOTS:
                        raise
                    print(f"skipped {name}: {exc}")
                    continue
                demo.keep.append(widget)
                demo.settle(widget)
                target = args.out / f"{name}{suffix}.png"
                widget.grab().save(str(target))
                print(f"wrote {target}")
                widget.close()
        finally:
            from voxprivacy.gui import branch_sync

            for widget in demo.keep:
                if shiboken6.isValid(widget):
                    widget.close()
            branch_sync.wait_for_stopped(30_000)
            server_shots.close_head_office()
            demo.worker.shutdown()
            demo.ctx.db.dispose()
            demo.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
