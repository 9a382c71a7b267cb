"""The customer page, driven through its real widgets on a demo database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pyotp
import pytest
from demo_desk import Clock
from prompts import verify_caller
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from voxprivacy.gui import look
from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.customer.billing import BillingTab
from voxprivacy.gui.customer.consent_dialog import ConsentChangeDialog
from voxprivacy.gui.customer.consents import ConsentsTab
from voxprivacy.gui.customer.interactions import InteractionsTab
from voxprivacy.gui.customer.models import InteractionModel
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.step_up import StepUpDialog
from voxprivacy.gui.widgets import ToggleSwitch
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import Customer, Email, Invoice, PaymentCard, Subscription

# The offscreen platform says this whenever a window gets size constraints; it is not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


PageOpener = Callable[..., CustomerPage]
TabKind = TypeVar("TabKind", bound=QWidget)


@dataclass
class Desk:
    ctx: Context
    demo: DemoResult
    clock: Clock
    worker: DbWorker
    # Widgets live until the worker has stopped: a job's callbacks must never drop the last
    # reference to a widget on the worker thread (see the fixture).
    widgets: list[QWidget] = field(default_factory=list)

    def secret(self, username: str) -> str:
        return next(s.secret for s in self.demo.staff if s.username == username)

    def code(self, username: str) -> str:
        return str(pyotp.TOTP(self.secret(username)).at(self.ctx.now()))

    def sign_in(self, username: str, *, stepped_up: bool = False) -> Actor:
        password = next(s.password for s in self.demo.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, password)
        if stepped_up:
            auth.step_up(self.ctx, actor, self.code(username))
        return actor

    def session(self, username: str, *, stepped_up: bool = False) -> DeskSession:
        return DeskSession(
            self.ctx, self.sign_in(username, stepped_up=stepped_up), self.worker, mode="sqlite"
        )

    def customer_with(self, *conditions: object) -> str:
        with self.ctx.db.read() as s:
            stmt = select(Customer.account_number).where(Customer.status == "active")
            for condition in conditions:
                stmt = stmt.where(condition)  # type: ignore[arg-type]
            return str(s.execute(stmt.order_by(Customer.account_number).limit(1)).scalar_one())


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock, worker: DbWorker, kept_widgets: list[QWidget]) -> Desk:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    return Desk(ctx, generate_demo(ctx, 8, seed=7), clock, worker, kept_widgets)


@pytest.fixture
def open_page(qtbot: QtBot, desk: Desk) -> PageOpener:
    def make(username: str, ref: str, *, stepped_up: bool = False) -> CustomerPage:
        page = CustomerPage(desk.session(username, stepped_up=stepped_up))
        qtbot.addWidget(page)
        desk.widgets.append(page)
        page.resize(1100, 750)
        page.show()
        page.open_customer(ref)
        qtbot.waitUntil(lambda: page.view is not None)
        return page

    return make


def tab_names(page: CustomerPage) -> list[str]:
    return [page.tabs.tabText(i).replace("&&", "&") for i in range(page.tabs.count())]


def tab_of(page: CustomerPage, kind: type[TabKind]) -> TabKind:
    tab = page.tab(kind)
    assert tab is not None, f"no {kind.__name__} on the page"
    return tab


def visible(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


def stored_name(desk: Desk, ref: str) -> str:
    with desk.ctx.db.read() as s:
        return str(
            s.execute(select(Customer.name).where(Customer.account_number == ref)).scalar_one()
        )


def type_into(qtbot: QtBot, page: CustomerPage, name: str, text: str) -> None:
    editor = page.field(name).editor
    editor.setFocus()
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)


# ---- what each role sees ------------------------------------------------------------------


def test_agent_sees_contact_services_consents_and_no_billing(
    desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with(Customer.id.in_(select(Email.customer_id)))
    page = open_page("agent", ref)
    assert tab_names(page) == [
        "Identity & contact",
        "Services",
        "Consents",
        "Interactions",
        "Privacy requests",
    ]
    assert page.view is not None
    primary = next(e.address for e in page.view.emails or [] if e.primary)
    assert page.field("email").value() == primary
    assert page.name_label.text() == page.view.name
    assert ref in page.subtitle.text()
    assert page.edit_button.isVisible()
    assert page.findChild(QWidget, "invoices") is None


def test_finance_sees_card_last_four_and_invoices_but_no_emails_or_phones(
    desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with(
        Customer.id.in_(select(PaymentCard.customer_id)),
        Customer.id.in_(select(Invoice.customer_id)),
    )
    page = open_page("finance", ref)
    assert tab_names(page) == ["Identity & contact", "Billing"]
    view = page.view
    assert view is not None and view.cards and view.invoices
    page.tabs.setCurrentIndex(1)
    card_text = " ".join(
        label.text() for label in page.findChildren(QWidget, "cardLine") if hasattr(label, "text")
    )
    assert view.cards[0].last4 in card_text
    assert tab_of(page, BillingTab).invoice_model.rowCount() == len(view.invoices)
    assert tab_of(page, BillingTab).invoice_model.index(0, 0).data() == view.invoices[0].number
    assert not {"email", "phone", "emails.add", "note"} & set(page.field_names())
    assert "Consents" not in tab_names(page)


def test_item_models_pass_the_model_tester(
    desk: Desk, open_page: PageOpener, qtmodeltester: ModelTester
) -> None:
    ref = desk.customer_with(Customer.id.in_(select(Invoice.customer_id)))
    finance = open_page("finance", ref)
    qtmodeltester.check(tab_of(finance, BillingTab).invoice_model)
    agent = open_page("agent", ref)
    qtmodeltester.check(tab_of(agent, ConsentsTab).history_model)
    qtmodeltester.check(tab_of(agent, InteractionsTab).interaction_model)


# ---- editing ------------------------------------------------------------------------------


def test_edit_name_with_a_code_saves_and_shows_the_new_name(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref)
    assert page.field("name").editor.isReadOnly()  # type: ignore[attr-defined]
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert page.is_editing
    type_into(qtbot, page, "name", "Ada Lovelace")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: visible(StepUpDialog) is not None)
    dialog = visible(StepUpDialog)
    assert isinstance(dialog, StepUpDialog)
    qtbot.keyClicks(dialog.code_edit, desk.code("agent"))
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.name_label.text() == "Ada Lovelace")
    assert not page.is_editing
    assert stored_name(desk, ref) == "Ada Lovelace"


def test_cancelling_the_code_keeps_the_typed_name_and_changes_nothing(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    before = stored_name(desk, ref)
    page = open_page("agent", ref)
    page.start_editing()
    type_into(qtbot, page, "name", "Not Saved")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: visible(StepUpDialog) is not None)
    dialog = visible(StepUpDialog)
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.error_banner.isVisible())
    assert "second factor" in page.error_text.text()
    assert page.is_editing
    assert page.field("name").value() == "Not Saved"
    assert page.has_unsaved_changes
    assert stored_name(desk, ref) == before
    page.cancel_editing()
    assert page.field("name").value() == before


def test_invalid_email_shows_a_message_next_to_the_field_and_keeps_the_text(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with(Customer.id.in_(select(Email.customer_id)))
    page = open_page("agent", ref, stepped_up=True)
    page.start_editing()
    type_into(qtbot, page, "email", "not-an-email")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    email = page.field("email")
    qtbot.waitUntil(lambda: email.error.isVisible())
    assert email.error.text()
    assert email.value() == "not-an-email"
    assert page.is_editing
    assert page.field("name").error.isHidden()


def test_stale_edit_shows_the_banner_and_does_not_overwrite(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    page.start_editing()
    type_into(qtbot, page, "name", "Typed By Agent")
    supervisor = desk.sign_in("supervisor", stepped_up=True)
    assert page.view is not None
    customers.edit_customer(
        desk.ctx,
        supervisor,
        ref,
        {"name": "Changed Meanwhile"},
        expected_version=page.view.version,
        verified_by="callback",
        confirm_impact=True,
    )
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: page.stale_banner.isVisible())
    assert "Changed by someone else meanwhile" in page.stale_text.text()
    assert "Changed Meanwhile" in page.stale_text.text()
    assert page.field("name").value() == "Typed By Agent"
    assert stored_name(desk, ref) == "Changed Meanwhile"

    qtbot.mouseClick(page.keep_mine_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: page.name_label.text() == "Typed By Agent")
    assert stored_name(desk, ref) == "Typed By Agent"


def test_use_current_values_drops_the_edit(qtbot: QtBot, desk: Desk, open_page: PageOpener) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    page.start_editing()
    type_into(qtbot, page, "name", "Typed By Agent")
    supervisor = desk.sign_in("supervisor", stepped_up=True)
    customers.edit_customer(
        desk.ctx,
        supervisor,
        ref,
        {"name": "Changed Meanwhile"},
        verified_by="callback",
        confirm_impact=True,
    )
    page.save()
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: page.stale_banner.isVisible())
    qtbot.mouseClick(page.use_current_button, Qt.MouseButton.LeftButton)
    assert page.field("name").value() == "Changed Meanwhile"
    assert page.name_label.text() == "Changed Meanwhile"
    assert not page.is_editing and not page.stale_banner.isVisible()


# ---- consents and interactions ------------------------------------------------------------


def test_consent_switch_records_the_decision_and_adds_a_history_row(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    page.tabs.setCurrentIndex(tab_names(page).index("Consents"))
    switch = page.findChild(ToggleSwitch, "consent:product_updates")
    assert switch is not None
    was_on = switch.isChecked()
    rows = tab_of(page, ConsentsTab).history_model.rowCount()
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert switch.isChecked() == was_on  # nothing changes until the decision is recorded
    qtbot.waitUntil(lambda: visible(ConsentChangeDialog) is not None)
    dialog = visible(ConsentChangeDialog)
    assert isinstance(dialog, ConsentChangeDialog)
    dialog.source.setCurrentIndex(dialog.source.findData("letter"))
    qtbot.keyClicks(dialog.evidence, "letter of 3 May")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: tab_of(page, ConsentsTab).history_model.rowCount() == rows + 1)
    assert switch.isChecked() != was_on
    newest = tab_of(page, ConsentsTab).history_model.row_at(0)
    assert (newest.purpose, newest.source, newest.evidence, newest.staff) == (
        "product_updates",
        "letter",
        "letter of 3 May",
        "agent",
    )
    stored = customers.show_customer(desk.ctx, desk.sign_in("supervisor"), ref)
    assert stored.consent_history is not None
    assert stored.consent_history[0].evidence == "letter of 3 May"


def test_added_interaction_appears_first_in_the_timeline(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    page.tabs.setCurrentIndex(tab_names(page).index("Interactions"))
    summary = page.findChild(QWidget, "interactionSummary")
    assert summary is not None
    qtbot.keyClicks(summary, "Asked about the invoice; explained the fees.")
    assert page.has_unsaved_changes
    add = page.findChild(QWidget, "addInteraction")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    timeline = tab_of(page, InteractionsTab).interaction_model
    qtbot.waitUntil(
        lambda: timeline.rowCount() > 0 and timeline.row_at(0).summary.startswith("Asked about")
    )
    assert timeline.row_at(0).staff == "agent"
    assert summary.toPlainText() == ""  # type: ignore[attr-defined]


def test_an_unsaved_note_stays_with_its_customer(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    first = desk.customer_with()
    second = desk.customer_with(Customer.account_number != first)
    page = open_page("agent", first)
    page.tabs.setCurrentIndex(tab_names(page).index("Interactions"))
    note = "Called about the first customer's invoice."
    before = tab_of(page, InteractionsTab)
    qtbot.keyClicks(before.summary, note)
    page.reload()  # the record shown again (a change from elsewhere): the note stays
    qtbot.waitUntil(lambda: tab_of(page, InteractionsTab) is not before)
    assert tab_of(page, InteractionsTab).summary.toPlainText() == note
    page.open_customer(second)  # as "Open customer" on the Requests page does
    qtbot.waitUntil(lambda: page.view is not None and page.view.account_number == second)
    assert tab_of(page, InteractionsTab).summary.toPlainText() == ""
    assert not page.has_unsaved_changes


# ---- status and leaving -------------------------------------------------------------------


def test_terminated_customer_shows_a_banner(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    customers.terminate_account(
        desk.ctx, desk.sign_in("supervisor", stepped_up=True), ref, "moved abroad"
    )
    page = open_page("agent", ref)
    assert page.status_banner.isVisible()
    assert "terminated" in page.status_text.text()


def test_erased_customer_shows_only_the_tombstone(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    with desk.ctx.db.write() as s:
        s.execute(
            update(Customer)
            .where(Customer.account_number == ref)
            .values(status="erased", terminated_at=desk.ctx.now())
            .execution_options(sync="local")
        )
    page = open_page("agent", ref)
    assert page.tabs.count() == 0
    assert not page.edit_button.isVisible()
    assert "erased" in page.status_text.text()


def test_escape_asks_to_go_back(qtbot: QtBot, desk: Desk, open_page: PageOpener) -> None:
    page = open_page("agent", desk.customer_with())
    with qtbot.waitSignal(page.back_requested):
        qtbot.keyClick(page.tabs, Qt.Key.Key_Escape)


def test_escape_without_changes_ends_editing_and_stays_on_the_record(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    page = open_page("agent", desk.customer_with())
    page.start_editing()
    with qtbot.assertNotEmitted(page.back_requested):
        qtbot.keyClick(page.field("name").editor, Qt.Key.Key_Escape)
    assert not page.is_editing
    assert visible(QMessageBox) is None
    assert page.edit_button.isVisible()


def test_escape_with_changes_asks_to_discard_them_and_stays_on_the_record(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    before = stored_name(desk, ref)
    page = open_page("agent", ref)
    page.start_editing()
    type_into(qtbot, page, "name", "Half Typed")
    with qtbot.assertNotEmitted(page.back_requested):
        qtbot.keyClick(page.field("name").editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: visible(QMessageBox) is not None)
        box = visible(QMessageBox)
        assert isinstance(box, QMessageBox)
        assert box.text() == "Discard your changes?"
        box.button(QMessageBox.StandardButton.Cancel).click()
        qtbot.waitUntil(lambda: visible(QMessageBox) is None)
        assert page.is_editing and page.field("name").value() == "Half Typed"

        qtbot.keyClick(page.field("name").editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: visible(QMessageBox) is not None)
        box = visible(QMessageBox)
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Discard).click()
        qtbot.waitUntil(lambda: not page.is_editing)
    assert page.field("name").value() == before
    assert page.view is not None and page.name_label.text() == page.view.name


def test_ctrl_e_edits_and_ctrl_s_saves_and_the_tooltips_name_the_keys(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    assert "Ctrl+E" in page.edit_button.toolTip()
    assert "Ctrl+S" in page.save_button.toolTip()
    assert "Esc" in page.cancel_button.toolTip()
    page.tabs.setFocus()
    qtbot.keyClick(page.tabs, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.is_editing
    type_into(qtbot, page, "name", "Keyboard Saved")
    qtbot.keyClick(page.field("name").editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: not page.is_editing)
    assert stored_name(desk, ref) == "Keyboard Saved"


def test_a_save_says_saved_and_the_notice_fades(
    qtbot: QtBot, desk: Desk, open_page: PageOpener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CustomerPage, "SAVED_NOTICE_MS", 300)
    page = open_page("agent", desk.customer_with(), stepped_up=True)
    assert not page.saved_banner.isVisible()
    page.start_editing()
    type_into(qtbot, page, "name", "Saved Name")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: page.saved_banner.isVisible())
    assert page.saved_text.text() == "Saved."
    qtbot.waitUntil(lambda: not page.saved_banner.isVisible(), timeout=5000)


def test_read_only_fields_look_like_text_not_boxes(desk: Desk, open_page: PageOpener) -> None:
    page = open_page("agent", desk.customer_with())
    page.setStyleSheet(look.stylesheet())
    editor = page.field("name").editor

    def border_and_background() -> tuple[str, str, str]:
        QApplication.processEvents()
        image = page.grab().toImage()
        corner = editor.mapTo(page, QPoint(0, 0))
        middle = corner.y() + editor.height() // 2

        def at(x: int, y: int) -> str:
            return str(image.pixelColor(x, y).name())

        left = corner.x()
        return at(left - 3, middle), at(left, middle), at(left + 2, corner.y() + 2)

    around, border, inside = border_and_background()
    assert border == around and inside == around
    page.start_editing()
    around, border, inside = border_and_background()
    assert border != around


def _text_colour(label: QLabel) -> str:
    label.ensurePolished()
    return str(label.palette().color(QPalette.ColorRole.WindowText).name())


def test_status_badge_consents_and_saved_notice_take_their_colours_from_desk_qss(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    page = open_page("agent", ref, stepped_up=True)
    page.setStyleSheet(look.stylesheet())
    assert page.status_badge.text() == "Active"
    assert page.status_badge.styleSheet() == ""
    assert _text_colour(page.status_badge) == "#1e6b34"

    tab = tab_of(page, ConsentsTab)
    states = {
        purpose: label
        for purpose in tab.switches
        if (label := tab.findChild(QLabel, f"consentState:{purpose}")) is not None
    }
    assert states
    for label in states.values():
        expected = "#1e6b34" if label.text().startswith("On:") else "#555555"
        assert label.styleSheet() == ""
        assert _text_colour(label) == expected, label.text()

    page.start_editing()
    type_into(qtbot, page, "name", "Coloured Name")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot)
    qtbot.waitUntil(lambda: page.saved_banner.isVisible())
    QApplication.processEvents()
    banner = page.saved_banner.grab().toImage()
    assert banner.pixelColor(4, banner.height() // 2).name() == "#e6f4ea"

    customers.terminate_account(
        desk.ctx, desk.sign_in("supervisor", stepped_up=True), ref, "moved abroad"
    )
    page.open_customer(ref)
    qtbot.waitUntil(lambda: page.status_badge.text() == "Terminated")
    assert _text_colour(page.status_badge) == "#7a5d00"


def test_admin_sees_identity_only_and_cannot_edit(desk: Desk, open_page: PageOpener) -> None:
    page = open_page("admin", desk.customer_with())
    assert tab_names(page) == ["Identity & contact"]
    assert not page.edit_button.isVisible()


# ---- how values read ------------------------------------------------------------------------


def test_service_phone_numbers_are_shown_in_international_format(
    desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    with desk.ctx.db.write() as s:
        customer = s.execute(select(Customer).where(Customer.account_number == ref)).scalar_one()
        s.add(
            Subscription(
                customer_id=customer.id,
                product="voip_line",
                identifier="+48126604358",
                attributes={"number": "+48126604358", "area": "Kraków"},
            )
        )
    page = open_page("agent", ref)
    page.tabs.setCurrentIndex(tab_names(page).index("Services"))
    box = next(b for b in page.findChildren(QGroupBox) if "+48 12 660 43 58" in b.title())
    number = box.findChild(QLabel, "attribute:number")
    assert number is not None and number.text() == "+48 12 660 43 58"
    assert "+48126604358" not in box.title()


def test_language_and_country_read_as_names_and_are_edited_as_codes(
    desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    supervisor = desk.sign_in("supervisor", stepped_up=True)
    customers.edit_customer(
        desk.ctx,
        supervisor,
        ref,
        {
            "language": "pl",
            "address.business.street": "ul. Długa 1",
            "address.business.postal_code": "31-147",
            "address.business.city": "Kraków",
            "address.business.country": "PL",
        },
        verified_by="callback",
        confirm_impact=True,  # the demo customer may have a service at that address
    )
    page = open_page("agent", ref)
    language, country = page.field("language"), page.field("address.business.country")
    assert isinstance(language.editor, QLineEdit) and isinstance(country.editor, QLineEdit)
    assert (language.editor.text(), country.editor.text()) == ("Polish", "Poland")
    assert (language.value(), country.value()) == ("pl", "PL")
    page.start_editing()
    assert (language.editor.text(), country.editor.text()) == ("pl", "PL")
    assert page.changes() == {}
    page.cancel_editing()
    assert language.editor.text() == "Polish"


def test_interaction_rows_have_one_height_however_long_the_summary(
    qtbot: QtBot, desk: Desk, open_page: PageOpener
) -> None:
    ref = desk.customer_with()
    agent = desk.sign_in("agent", stepped_up=True)
    long = "Asked about roaming charges.\nExplained the tariff. " + "More details. " * 40
    customers.record_interaction(desk.ctx, agent, ref, "phone", long)
    customers.record_interaction(desk.ctx, agent, ref, "email", "Short one.")
    page = open_page("agent", ref)
    page.tabs.setCurrentIndex(tab_names(page).index("Interactions"))
    tab = tab_of(page, InteractionsTab)
    table = tab.interaction_table
    qtbot.waitUntil(lambda: tab.interaction_model.rowCount() >= 2)
    heights = {table.rowHeight(r) for r in range(tab.interaction_model.rowCount())}
    assert len(heights) == 1
    row = next(
        r
        for r in range(tab.interaction_model.rowCount())
        if tab.interaction_model.row_at(r).summary.startswith("Asked about roaming")
    )
    summary = tab.interaction_model.index(row, InteractionModel.SUMMARY)
    assert "\n" not in summary.data()
    assert summary.data(Qt.ItemDataRole.ToolTipRole) == long.strip()


@pytest.mark.parametrize("username", ["agent", "finance", "supervisor", "admin"])
def test_every_tab_fits_a_1024_by_768_screen_reading_and_editing(
    qtbot: QtBot, desk: Desk, open_page: PageOpener, username: str
) -> None:
    ref = desk.customer_with(
        Customer.id.in_(select(PaymentCard.customer_id)),
        Customer.id.in_(select(Invoice.customer_id)),
    )
    page = open_page(username, ref)
    page.resize(1024, 768)
    for editing in (False, True):
        if editing:
            page.start_editing()
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            needed = page.minimumSizeHint()
            where = f"{page.tabs.tabText(index)} (editing: {editing})"
            assert needed.width() <= 1024 and needed.height() <= 768, where
