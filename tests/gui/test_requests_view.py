"""Privacy requests in the desk, driven through the real widgets on a demo database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from demo_desk import Clock
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.request_detail import RequestDetailDialog, RequestDetailWidget
from voxprivacy.gui.request_dialogs import ConfirmErasureDialog, RectifyDialog
from voxprivacy.gui.requests_queue import URGENCY_COLORS, URGENCY_ROLE, RequestsModel
from voxprivacy.gui.requests_view import (
    CustomerRequestsTab,
    OpenRequestDialog,
    RecordDisclosureDialog,
    RequestsPage,
    RequestsQueueWidget,
)
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, consents, requests
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.services.erasure import ErasureImpact
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import Customer, Subscription

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Desk:
    ctx: Context
    demo: DemoResult
    clock: Clock
    worker: DbWorker
    widgets: list[QWidget] = field(default_factory=list)  # released after the worker stops

    def code(self, username: str) -> str:
        secret = next(s.secret for s in self.demo.staff if s.username == username)
        return str(pyotp.TOTP(secret).at(self.ctx.now()))

    def sign_in(self, username: str, *, stepped_up: bool = False) -> Actor:
        password = next(s.password for s in self.demo.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, password)
        if stepped_up:
            self.step_up(actor)
        return actor

    def step_up(self, actor: Actor) -> None:
        self.clock.next_code_step()  # a code is good once
        auth.step_up(self.ctx, actor, self.code(actor.username))

    def session(self, username: str, *, stepped_up: bool = False) -> DeskSession:
        return DeskSession(
            self.ctx, self.sign_in(username, stepped_up=stepped_up), self.worker, mode="sqlite"
        )

    def customers(self, count: int = 1) -> list[str]:
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(Customer.id)
                .where(Customer.status == "active")
                .order_by(Customer.account_number)
                .limit(count)
            ).scalars()
            return [str(r) for r in rows]

    def status_of(self, reference: str) -> str:
        return requests.show_request(self.ctx, self.sign_in("supervisor"), reference).status


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock, worker: DbWorker, kept_widgets: list[QWidget]) -> Desk:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    return Desk(ctx, generate_demo(ctx, 8, seed=7), clock, worker, kept_widgets)


Show = Callable[[QWidget], None]


@pytest.fixture
def show(qtbot: QtBot, desk: Desk) -> Show:
    def shown(widget: QWidget) -> None:
        qtbot.addWidget(widget)
        desk.widgets.append(widget)
        widget.resize(1100, 750)
        widget.show()

    return shown


def visible(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


def dialog_open(kind: type[QWidget]) -> bool:
    return visible(kind) is not None


def wait_for(qtbot: QtBot, kind: type[QWidget]) -> QWidget:
    qtbot.waitUntil(lambda: visible(kind) is not None)
    found = visible(kind)
    assert found is not None
    return found


def enter_code(qtbot: QtBot, desk: Desk, username: str) -> None:
    dialog = wait_for(qtbot, StepUpDialog)
    assert isinstance(dialog, StepUpDialog)
    desk.clock.next_code_step()
    qtbot.keyClicks(dialog.code_edit, desk.code(username))
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)


def customer_page(qtbot: QtBot, show: Show, session: DeskSession, ref: str) -> CustomerPage:
    page = CustomerPage(session)
    show(page)
    page.open_customer(ref)
    qtbot.waitUntil(lambda: page.view is not None and page.tab(CustomerRequestsTab) is not None)
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(names.index("Privacy requests"))
    return page


def tab_of(page: CustomerPage) -> CustomerRequestsTab:
    tab = page.tab(CustomerRequestsTab)
    assert tab is not None
    return tab


def click_radio(qtbot: QtBot, button: QRadioButton) -> None:
    # on the indicator: a radio button stretched across the dialog ignores clicks past its text
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(4, button.height() // 2))


def open_request_via_dialog(
    qtbot: QtBot, page: CustomerPage, kind: str, method: str = "callback"
) -> ErasureImpact | None:
    """Open a request through the dialog; returns the impact preview it showed."""
    rows = tab_of(page).requests_model.rowCount()
    qtbot.mouseClick(tab_of(page).new_button, Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, OpenRequestDialog)
    assert isinstance(dialog, OpenRequestDialog)
    assert not dialog.ok_button.isEnabled()  # nothing is preselected
    assert dialog.method() == ""
    if kind != "access":
        click_radio(qtbot, dialog.kind_buttons[kind])
    assert not dialog.ok_button.isEnabled()
    click_radio(qtbot, dialog.method_buttons[method])
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    impact = dialog.impact_preview
    assert dialog.impact.isVisible() == (kind == "erasure")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab_of(page).requests_model.rowCount() == rows + 1)
    assert not dialog_open(OpenRequestDialog)
    return impact


def queue_references(queue: RequestsQueueWidget) -> list[str]:
    return [queue.model.request(i).reference for i in range(queue.model.rowCount())]


def refreshed(qtbot: QtBot, queue: RequestsQueueWidget) -> None:
    with qtbot.waitSignal(queue.loaded):
        queue.refresh()


# ---- access -------------------------------------------------------------------------------


def test_access_request_opened_on_the_customer_page_is_queued_and_completed_into_a_folder(
    qtbot: QtBot, desk: Desk, show: Show, tmp_path: Path
) -> None:
    session = desk.session("agent", stepped_up=True)
    (customer,) = desk.customers()
    page = customer_page(qtbot, show, session, customer)
    open_request_via_dialog(qtbot, page, "access", "email-code")
    view = tab_of(page).requests_model.request(0)
    assert (view.kind, view.status, view.verification_method) == (
        "access",
        "received",
        "email-code",
    )

    requests_page = RequestsPage(session)
    show(requests_page)
    queue, detail = requests_page.queue, requests_page.detail
    qtbot.waitUntil(lambda: view.reference in queue_references(queue))
    assert queue.select(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.reference == view.reference)
    assert "Verified by agent via a code sent to the email address on file" in (
        detail.verification_label.text()
    )
    assert not detail.approve_button.isVisible()  # agents never approve
    assert detail.complete_button.isVisible()

    detail.choose_folder = lambda: str(tmp_path)
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "completed")
    stem = f"{view.reference}-{view.account_number}"
    assert (tmp_path / f"{stem}.json").is_file()
    assert (tmp_path / f"{stem}.html").is_file()
    assert detail.result_box.isVisible()
    assert str(tmp_path / f"{stem}.json") in detail.result_label.text()
    assert detail.status_badge.text() == "Completed"
    assert not detail.complete_button.isVisible()
    # the open queue and the customer's tab heard of it
    qtbot.waitUntil(lambda: view.reference not in queue_references(queue))
    qtbot.waitUntil(lambda: tab_of(page).requests_model.request(0).status == "completed")


def _customer_with_a_card(desk: Desk) -> str:
    from voxprivacy.storage.models import Invoice, PaymentCard

    with desk.ctx.db.read() as s:
        return str(
            s.execute(
                select(Customer.id)
                .where(
                    Customer.status == "active",
                    Customer.id.in_(select(PaymentCard.customer_id)),
                    Customer.id.in_(select(Invoice.customer_id)),
                )
                .order_by(Customer.account_number)
                .limit(1)
            ).scalar_one()
        )


def test_an_agents_access_package_says_billing_data_follows_from_finance(
    qtbot: QtBot, desk: Desk, show: Show, tmp_path: Path
) -> None:
    import json

    session = desk.session("agent", stepped_up=True)
    customer = _customer_with_a_card(desk)
    view = requests.open_request(desk.ctx, session.actor, customer, "access", "pin")
    detail = RequestDetailWidget(session)
    show(detail)
    detail.show_request(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None)
    detail.choose_folder = lambda: str(tmp_path)
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "completed")
    text = detail.result_label.text()
    assert "Billing data (" in text and "is not in it: a finance member releases it" in text
    assert f"request release-billing {view.reference} --out DIR" in text
    package = json.loads(
        (tmp_path / f"{view.reference}-{view.account_number}.json").read_text(encoding="utf-8")
    )
    assert "payment_cards" not in package and "invoices" not in package
    assert package["sent_separately"]["payment_cards"] >= 1


def test_the_erasure_preview_shows_an_agent_only_that_billing_data_exists(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    from PySide6.QtWidgets import QLabel

    session = desk.session("agent", stepped_up=True)
    customer = _customer_with_a_card(desk)
    view = requests.open_request(desk.ctx, session.actor, customer, "erasure", "pin")
    detail = RequestDetailWidget(session)
    show(detail)
    detail.show_request(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None and detail.impact.isVisible())
    summary = detail.impact.findChild(QLabel, "impactBilling")
    assert summary is not None
    assert "card removed" in summary.text() and "kept" in summary.text()
    assert detail.impact.findChild(QLabel, "impactInvoices") is None
    shown = " ".join(label.text() for label in detail.impact.findChildren(QLabel))
    assert "balance" not in shown.lower() and "€" not in shown


# ---- erasure ------------------------------------------------------------------------------


def test_erasure_opened_by_an_agent_approved_by_a_supervisor_and_carried_out(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    agent = desk.session("agent", stepped_up=True)
    with desk.ctx.db.read() as s:
        customer = str(
            s.execute(
                select(Customer.id)
                .where(
                    Customer.status == "active", Customer.id.in_(select(Subscription.customer_id))
                )
                .order_by(Customer.account_number)
                .limit(1)
            ).scalar_one()
        )
    page = customer_page(qtbot, show, agent, customer)
    impact = open_request_via_dialog(qtbot, page, "erasure", "in-person")
    assert impact is not None and impact.services
    reference = tab_of(page).requests_model.request(0).reference
    assert desk.status_of(reference) == "pending_approval"

    supervisor = RequestsPage(desk.session("supervisor"))
    show(supervisor)
    detail = supervisor.detail
    qtbot.waitUntil(lambda: reference in queue_references(supervisor.queue))
    supervisor.queue.select(reference)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.reference == reference)
    assert detail.impact.isVisible() and detail.impact.impact is not None
    assert detail.approve_button.isVisible() and detail.deny_button.isVisible()
    assert not detail.complete_button.isVisible()  # not approved yet
    qtbot.mouseClick(detail.approve_button, Qt.MouseButton.LeftButton)
    enter_code(qtbot, desk, "supervisor")
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "approved")
    assert detail.status_badge.text() == "Approved"
    assert "Approved by supervisor" in detail.decision_label.text()

    # The agent carries it out from the customer's tab; the page then shows the tombstone.
    request_dialog = tab_of(page).open_detail(reference)
    assert isinstance(request_dialog, RequestDetailDialog)
    agent_detail = request_dialog.detail
    qtbot.waitUntil(lambda: agent_detail.complete_button.isVisible())
    qtbot.mouseClick(agent_detail.complete_button, Qt.MouseButton.LeftButton)
    confirm = wait_for(qtbot, ConfirmErasureDialog)
    assert isinstance(confirm, ConfirmErasureDialog)
    assert confirm.preview.impact is not None
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.view is not None and page.view.status == "erased", timeout=10000)
    assert page.tabs.count() == 0
    assert "erased" in page.status_text.text()
    assert desk.status_of(reference) == "completed"


def test_the_desk_names_the_access_package_files_an_erasure_deleted(
    qtbot: QtBot, desk: Desk, show: Show, tmp_path: Path
) -> None:
    (customer,) = desk.customers()
    agent = desk.sign_in("agent", stepped_up=True)
    access = requests.open_request(desk.ctx, agent, customer, "access", "pin")
    written = requests.complete_access(desk.ctx, agent, access.reference, tmp_path)
    erasure = requests.open_request(desk.ctx, agent, customer, "erasure", "pin")
    requests.approve_erasure(
        desk.ctx, desk.sign_in("supervisor", stepped_up=True), erasure.reference
    )
    session = desk.session("agent", stepped_up=True)
    detail = RequestDetailWidget(session)
    show(detail)
    detail.show_request(erasure.reference)
    qtbot.waitUntil(lambda: detail.view is not None and detail.complete_button.isVisible())
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    confirm = wait_for(qtbot, ConfirmErasureDialog)
    assert isinstance(confirm, ConfirmErasureDialog)
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "completed")
    assert detail.result_box.isVisible()
    text = detail.result_label.text()
    assert text.startswith("Access package files deleted:")
    assert all(str(p.resolve()) in text for p in written.paths)
    assert not any(p.exists() for p in written.paths)


def test_a_supervisor_approving_their_own_request_is_told_why_and_nothing_changes(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    (customer,) = desk.customers()
    opener = desk.sign_in("supervisor", stepped_up=True)
    view = requests.open_request(desk.ctx, opener, customer, "erasure", "pin")
    detail = RequestDetailWidget(desk.session("supervisor"))
    show(detail)
    detail.show_request(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None)
    qtbot.mouseClick(detail.approve_button, Qt.MouseButton.LeftButton)
    enter_code(qtbot, desk, "supervisor")
    qtbot.waitUntil(detail.action_error.isVisible)
    assert detail.action_error.text() == (
        f"You opened request {view.reference}; another supervisor must approve it."
    )
    assert detail.view is not None and detail.view.status == "pending_approval"
    assert detail.status_badge.text() == "Pending approval"
    assert detail.approve_button.isEnabled()
    assert desk.status_of(view.reference) == "pending_approval"


# ---- rectification ------------------------------------------------------------------------


def test_rectification_keeps_the_before_and_after_with_the_request(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    session = desk.session("agent", stepped_up=True)
    (customer,) = desk.customers()
    view = requests.open_request(desk.ctx, session.actor, customer, "rectification", "callback")
    detail = RequestDetailWidget(session)
    show(detail)
    detail.show_request(view.reference)
    qtbot.waitUntil(lambda: detail.view is not None)
    assert not detail.changes_table.isVisible()
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, RectifyDialog)
    assert isinstance(dialog, RectifyDialog)
    row = dialog.rows[0]
    row.field.setCurrentIndex(row.field.findData("name"))
    qtbot.waitUntil(lambda: row.current.text() == view.customer_name)
    row.value.clear()
    qtbot.keyClicks(row.value, "Grace Hopper")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.status == "completed")
    assert detail.changes_table.isVisible()
    assert detail.changes_model.rowCount() == 1
    assert [detail.changes_model.index(0, c).data() for c in range(3)] == [
        "name",
        view.customer_name,
        "Grace Hopper",
    ]


# ---- disclosures --------------------------------------------------------------------------


def test_a_disclosure_without_consent_is_refused_and_the_typed_text_stays(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    (customer,) = desk.customers()
    supervisor = desk.sign_in("supervisor", stepped_up=True)
    consents.set_consent(
        desk.ctx,
        supervisor,
        customer,
        "third_party_disclosure",
        False,
        "phone",
        verified_by="callback",
    )
    page = customer_page(qtbot, show, desk.session("agent", stepped_up=True), customer)
    qtbot.mouseClick(tab_of(page).disclose_button, Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, RecordDisclosureDialog)
    assert isinstance(dialog, RecordDisclosureDialog)
    assert not dialog.record_button.isEnabled()
    qtbot.keyClicks(dialog.recipient, "Collections Ltd")
    qtbot.keyClicks(dialog.data, "name and postal address")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible)
    assert "has not consented to disclosure to third parties" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.recipient.text() == "Collections Ltd"
    assert dialog.data.toPlainText() == "name and postal address"
    assert dialog.record_button.isEnabled()
    assert tab_of(page).disclosure_model.rowCount() == 0
    assert requests.list_disclosures(desk.ctx, supervisor, customer) == []


# ---- the queue ----------------------------------------------------------------------------


def test_an_overdue_request_is_red_and_first_a_close_one_amber(
    qtbot: QtBot, desk: Desk, show: Show
) -> None:
    first, second, third = desk.customers(3)
    actor = desk.sign_in("agent", stepped_up=True)
    late = requests.open_request(desk.ctx, actor, first, "access", "pin")
    desk.clock.advance(timedelta(days=10))
    desk.step_up(actor)
    close = requests.open_request(desk.ctx, actor, second, "access", "pin")
    desk.clock.advance(timedelta(days=15))
    desk.step_up(actor)
    calm = requests.open_request(desk.ctx, actor, third, "access", "pin")
    desk.clock.advance(timedelta(days=8))

    queue = RequestsQueueWidget(desk.session("agent"))
    show(queue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3)
    assert queue_references(queue) == [late.reference, close.reference, calm.reference]
    model = queue.model

    def cell(row: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, RequestsModel.DAYS_LEFT).data(role)

    assert [cell(r, URGENCY_ROLE) for r in range(3)] == ["urgent", "warning", "calm"]
    assert str(cell(0)).startswith("overdue by ")
    background = cell(0, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QColor)
    assert background.name() == URGENCY_COLORS["urgent"][0]
    amber = cell(1, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(amber, QColor) and amber.name() == URGENCY_COLORS["warning"][0]
    assert cell(2, Qt.ItemDataRole.BackgroundRole) is None
    assert "1 overdue" in queue.count_label.text()

    queue.set_status_filter("completed")
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)


def test_request_models_pass_the_model_tester(
    qtbot: QtBot, desk: Desk, show: Show, qtmodeltester: ModelTester
) -> None:
    session = desk.session("agent", stepped_up=True)
    (customer,) = desk.customers()
    view = requests.open_request(desk.ctx, session.actor, customer, "access", "pin")
    requests_page = RequestsPage(session)
    show(requests_page)
    qtbot.waitUntil(lambda: requests_page.queue.model.rowCount() == 1)
    requests_page.detail.show_request(view.reference)
    qtbot.waitUntil(lambda: requests_page.detail.view is not None)
    qtmodeltester.check(requests_page.queue.model)
    qtmodeltester.check(requests_page.detail.timeline_model)
    qtmodeltester.check(requests_page.detail.changes_model)
    page = customer_page(qtbot, show, session, customer)
    qtbot.waitUntil(lambda: tab_of(page).requests_model.rowCount() == 1)
    qtmodeltester.check(tab_of(page).requests_model)
    qtmodeltester.check(tab_of(page).disclosure_model)
