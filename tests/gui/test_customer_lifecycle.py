"""Services, cards and termination at the desk, driven through the real widgets offscreen: an
agent adds a virtual number and an email service, finance records a card token, a supervisor
terminates the account and sees the services end; each step audited."""

from __future__ import annotations

from typing import TypeVar

import pyotp
import pytest
import shiboken6
from demo_desk import Clock
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.customer.billing import BillingTab
from voxprivacy.gui.customer.lifecycle import (
    CardDialog,
    ReasonOnlyDialog,
    ServiceDialog,
    TerminateDialog,
    VerificationDialog,
)
from voxprivacy.gui.customer.services import ServicesTab
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import AuditEvent, Customer, Subscription

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

D = TypeVar("D", bound=QDialog)


class Desk:
    def __init__(self, ctx: Context, demo: DemoResult, worker: DbWorker, kept: list[QWidget]):
        self.ctx, self.demo, self.worker, self.kept = ctx, demo, worker, kept

    def session(self, username: str) -> DeskSession:
        member = next(s for s in self.demo.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, member.password)
        auth.step_up(self.ctx, actor, pyotp.TOTP(member.secret).at(self.ctx.now()))
        return DeskSession(self.ctx, actor, self.worker, mode="sqlite")

    def customer(self) -> str:
        """An active customer without services (so what the test adds is all there is)."""
        with self.ctx.db.read() as s:
            return str(
                s.execute(
                    select(Customer.account_number)
                    .where(Customer.status == "active")
                    .where(Customer.id.not_in(select(Subscription.customer_id)))
                    .order_by(Customer.account_number)
                    .limit(1)
                ).scalar_one()
            )

    def events(self, action: str) -> list[AuditEvent]:
        with self.ctx.db.read() as s:
            return list(s.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock, worker: DbWorker, kept_widgets: list[QWidget]) -> Desk:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    return Desk(ctx, generate_demo(ctx, 12, seed=15), worker, kept_widgets)


def page_for(qtbot: QtBot, desk: Desk, username: str, account: str) -> CustomerPage:
    page = CustomerPage(desk.session(username))
    qtbot.addWidget(page)
    desk.kept.append(page)
    page.resize(1100, 750)
    page.show()
    page.open_customer(account)
    qtbot.waitUntil(lambda: page.view is not None)
    return page


def shown(qtbot: QtBot, kind: type[D]) -> D:
    def find() -> D | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return found[-1] if found else None  # type: ignore[return-value]

    qtbot.waitUntil(lambda: find() is not None)
    dialog = find()
    assert dialog is not None
    return dialog


def closed(dialog: QDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def verify(qtbot: QtBot, method: str) -> None:
    question = shown(qtbot, VerificationDialog)
    assert not question.ok_button.isEnabled()  # a method must be chosen
    question.choose(method)
    question.ok_button.click()


def add_service(
    qtbot: QtBot, page: CustomerPage, product: str, values: dict[str, str]
) -> ServiceDialog:
    tab = page.tab(ServicesTab)
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    assert tab.add_button.isVisible()
    tab.add_button.click()
    dialog = shown(qtbot, ServiceDialog)
    dialog.product.setCurrentIndex(dialog.product.findData(product))
    for name, value in values.items():
        dialog.fields[name].setText(value)
    dialog.ok_button.click()
    return dialog


def test_an_agent_adds_services_finance_a_card_and_a_supervisor_terminates(
    qtbot: QtBot, desk: Desk
) -> None:
    account = desk.customer()
    agent = page_for(qtbot, desk, "agent", account)
    assert agent.view is not None and agent.view.emails
    email = agent.view.emails[0].address

    # a card number typed into a service field is refused inside the dialog
    dialog = add_service(
        qtbot, agent, "virtual_number", {"number": "+49 30 7654321", "area": "4111 1111 1111 1111"}
    )
    verify(qtbot, "callback")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "card number" in dialog.error.text()
    dialog.fields["area"].setText("Berlin-Mitte")
    dialog.ok_button.click()
    verify(qtbot, "callback")
    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.waitUntil(
        lambda: agent.view is not None and len(agent.view.services or []) == 1, timeout=10000
    )

    add_service(qtbot, agent, "voicemail_to_email", {"mailbox": email})
    verify(qtbot, "pin")
    qtbot.waitUntil(
        lambda: agent.view is not None and len(agent.view.services or []) == 2, timeout=10000
    )
    tab = agent.tab(ServicesTab)
    assert tab is not None
    statuses = [w.text() for w in tab.findChildren(QLabel, "serviceStatus")]
    assert statuses == ["Active", "Active"]
    adds = desk.events("service.add")
    assert len(adds) == 2 and {e.username for e in adds} == {"agent"}
    assert sorted((e.detail or "").split("identity verified by ")[1] for e in adds) == [
        "callback",
        "pin",
    ]
    assert agent.tab(BillingTab) is None  # agents never see cards

    # finance: a card number in the token field is refused; the token is never shown
    clerk = page_for(qtbot, desk, "finance", account)
    billing = clerk.tab(BillingTab)
    assert billing is not None
    clerk.tabs.setCurrentWidget(billing)
    billing.record_button.click()
    card = shown(qtbot, CardDialog)
    assert card.token.echoMode() == QLineEdit.EchoMode.Password
    card.token.setText("4111 1111 1111 1111")
    card.last4.setText("1111")
    card.expiry.setText("08/39")
    card.ok_button.click()
    qtbot.waitUntil(lambda: card.error.isVisible())
    assert "card number" in card.error.text()
    card.token.setText("tok_desk_4711")
    card.last4.setText("4242")
    card.ok_button.click()
    qtbot.waitUntil(lambda: closed(card))
    qtbot.waitUntil(
        lambda: (
            clerk.view is not None
            and any(c.last4 == "4242" and c.brand == "Visa" for c in clerk.view.cards or [])
        ),
        timeout=10000,
    )
    billing = clerk.tab(BillingTab)
    assert billing is not None
    lines = [w.text() for w in billing.findChildren(QLabel, "cardLine")]
    assert "Visa  •••• 4242   expires 08/2039" in lines
    texts = " ".join(w.text() for w in clerk.findChildren(QLabel))
    assert "tok_desk" not in texts
    assert [e.username for e in desk.events("card.record")] == ["finance"]
    assert not clerk.account_actions.terminate_button.isVisible()

    # the supervisor sees what ends first, then terminates
    chief = page_for(qtbot, desk, "supervisor", account)
    assert chief.account_actions.terminate_button.isVisible()
    chief.account_actions.terminate_button.click()
    ending = shown(qtbot, TerminateDialog)
    qtbot.waitUntil(lambda: ending.preview.impact is not None)
    names = [w.text() for w in ending.preview.findChildren(QLabel, "endingService")]
    assert names == ["Virtual number +49 30 7654321", f"Voicemail to email VM-{account[2:]}"]
    assert not ending.ok_button.isEnabled()  # the reason is required
    ending.reason.setPlainText("Moving abroad")
    ending.ok_button.click()
    qtbot.waitUntil(lambda: closed(ending))
    qtbot.waitUntil(
        lambda: chief.view is not None and chief.view.status == "terminated", timeout=10000
    )
    assert chief.status_badge.text() == "Terminated"
    assert chief.status_banner.isVisible() and "terminated on" in chief.status_text.text()
    tab = chief.tab(ServicesTab)
    assert tab is not None
    chief.tabs.setCurrentWidget(tab)
    assert [w.text() for w in tab.findChildren(QLabel, "serviceStatus")] == ["Ended", "Ended"]
    ended = [w.text() for w in tab.findChildren(QLabel, "serviceEnded")]
    assert "released to the pool after 90 days" in ended[0]
    assert not tab.add_button.isVisible()
    [event] = desk.events("customer.terminate")
    assert event.username == "supervisor" and event.detail == "2 services ended"

    # and reactivates it within the grace period
    assert chief.account_actions.reactivate_button.isVisible()
    chief.account_actions.reactivate_button.click()
    back = shown(qtbot, ReasonOnlyDialog)
    back.reason.setPlainText("Stays after all")  # type: ignore[union-attr]
    back.ok_button.click()
    qtbot.waitUntil(lambda: chief.view is not None and chief.view.status == "active", timeout=10000)
    assert [e.username for e in desk.events("customer.reactivate")] == ["supervisor"]
