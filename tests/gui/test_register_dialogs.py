"""The desk's everyday safeguards, driven offscreen: registering a customer (duplicates
warned first), the identity check on a consent and on a correction, the impact of a
partial deletion confirmed before saving, the newsletter unsubscribe import."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from demo_desk import Clock
from prompts import identity_check, impact_box, verify_caller
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from voxprivacy.gui.customer import CustomerPage
from voxprivacy.gui.customer.consent_dialog import ConsentChangeDialog
from voxprivacy.gui.identity_check import IdentityCheckDialog
from voxprivacy.gui.register import RegisterCustomerDialog
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.unsubscribe_import import UnsubscribeImportDialog
from voxprivacy.gui.widgets import ToggleSwitch
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, consents, customers
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import Database
from voxprivacy.storage.models import AuditEvent, Customer, Email, Subscription

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CARD = "4111 1111 1111 1111"


@dataclass
class Desk:
    ctx: Context
    demo: DemoResult
    clock: Clock
    worker: DbWorker
    widgets: list[QWidget] = field(default_factory=list)

    def sign_in(self, username: str, *, stepped_up: bool = True) -> Actor:
        staff = next(s for s in self.demo.staff if s.username == username)
        actor = auth.sign_in(self.ctx, username, staff.password)
        if stepped_up:
            self.clock.next_code_step()  # a code works once: each sign-in gets a new one
            auth.step_up(self.ctx, actor, str(pyotp.TOTP(staff.secret).at(self.ctx.now())))
        return actor

    def session(self, username: str) -> DeskSession:
        return DeskSession(self.ctx, self.sign_in(username), self.worker, mode="sqlite")

    def count(self, *where: object) -> int:
        with self.ctx.db.read() as s:
            stmt = select(func.count()).select_from(Customer)
            for condition in where:
                stmt = stmt.where(condition)  # type: ignore[arg-type]
            return int(s.execute(stmt).scalar_one())

    def last_event(self, action: str) -> AuditEvent | None:
        with self.ctx.db.read() as s:
            return (
                s.execute(
                    select(AuditEvent)
                    .where(AuditEvent.action == action)
                    .order_by(AuditEvent.seq.desc())
                )
                .scalars()
                .first()
            )


@pytest.fixture
def desk(sqlite_db: Database, clock: Clock, worker: DbWorker, kept_widgets: list[QWidget]) -> Desk:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    return Desk(ctx, generate_demo(ctx, 8, seed=7), clock, worker, kept_widgets)


def register_dialog(qtbot: QtBot, desk: Desk, username: str = "agent") -> RegisterCustomerDialog:
    dialog = RegisterCustomerDialog(desk.session(username))
    desk.widgets.append(dialog)
    dialog.show()
    return dialog


def typed(dialog: RegisterCustomerDialog, key: str, text: str) -> None:
    editor = dialog.editors[key]
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(text)
    else:
        assert isinstance(editor, QLineEdit)
        editor.setText(text)
        editor.textEdited.emit(text)


def fill_address(dialog: RegisterCustomerDialog) -> None:
    typed(dialog, "address.street", "Hauptstraße 1")
    typed(dialog, "address.postal_code", "10115")
    typed(dialog, "address.city", "Berlin")
    typed(dialog, "address.country", "DE")


def existing_with_email(desk: Desk) -> tuple[str, str, str]:
    with desk.ctx.db.read() as s:
        cid, number, _name = s.execute(
            select(Customer.id, Customer.account_number, Customer.name)
            .where(Customer.status == "active", Customer.id.in_(select(Email.customer_id)))
            .order_by(Customer.account_number)
            .limit(1)
        ).one()
        email = s.execute(
            select(Email.address).where(Email.customer_id == cid).limit(1)
        ).scalar_one()
    return str(cid), number, email


# ------------------------------------------------------------------------------ registering


def test_an_agent_registers_a_customer_after_the_duplicate_is_shown_first(
    qtbot: QtBot, desk: Desk
) -> None:
    existing_id, number, email = existing_with_email(desk)
    before = desk.count()
    dialog = register_dialog(qtbot, desk)
    typed(dialog, "name", "Ada Lovelace")
    typed(dialog, "email", email.upper())
    typed(dialog, "phone", "+49 30 5550199")
    fill_address(dialog)
    dialog.consent_boxes["newsletter"].setChecked(True)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.duplicates.isVisible)
    row = dialog.findChild(QWidget, f"duplicate:{number}")
    assert row is not None
    shown = " ".join(label.text() for label in row.findChildren(QLabel))
    assert f"same email {email}".casefold() in shown.casefold()
    assert dialog.findChild(QPushButton, f"open:{number}") is not None
    assert dialog.register_button.text() == "Register anyway"
    assert desk.count() == before  # nothing registered yet

    with qtbot.waitSignal(dialog.registered, timeout=10_000) as registered:
        qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    view = registered.args[0]
    assert isinstance(view, customers.CustomerView)
    assert view.name == "Ada Lovelace" and view.account_number.startswith("VX")
    assert desk.count() == before + 1
    assert {c.purpose: c.granted for c in view.consents or []}["newsletter"] is True
    assert [a.city for a in view.addresses or []] == ["Berlin"]
    event = desk.last_event("customer.create")
    assert event is not None and event.detail == (
        f"registered despite possible duplicates {number}"
    )
    assert existing_id != view.id


def test_open_existing_opens_the_record_on_file_instead(qtbot: QtBot, desk: Desk) -> None:
    existing_id, number, email = existing_with_email(desk)
    before = desk.count()
    dialog = register_dialog(qtbot, desk)
    typed(dialog, "name", "Someone New")
    typed(dialog, "email", email)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.duplicates.isVisible)
    button = dialog.findChild(QPushButton, f"open:{number}")
    assert button is not None
    with qtbot.waitSignal(dialog.open_requested) as opened:
        button.click()
    assert opened.args == [existing_id]
    assert desk.count() == before


def test_a_changed_email_asks_again_before_registering_anyway(qtbot: QtBot, desk: Desk) -> None:
    _, _number, email = existing_with_email(desk)
    dialog = register_dialog(qtbot, desk)
    typed(dialog, "name", "Someone New")
    typed(dialog, "email", email)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.duplicates.isVisible)
    typed(dialog, "email", "someone.new@example.org")
    assert not dialog.duplicates.isVisible()
    assert dialog.register_button.text() == "Register"


@pytest.mark.parametrize(
    "key",
    [
        "name",
        "company",
        "note",
        "address.street",
        "address.postal_code",
        "address.city",
        "consent_evidence",
    ],
)
def test_a_card_number_in_a_free_text_field_is_refused_next_to_the_field(
    qtbot: QtBot, desk: Desk, key: str
) -> None:
    before = desk.count()
    dialog = register_dialog(qtbot, desk)
    typed(dialog, "name", "Card Holder")
    fill_address(dialog)
    if key == "company":
        dialog.business_button.setChecked(True)
        typed(dialog, "company", "Holder GmbH")
    if key == "consent_evidence":
        dialog.consent_boxes["newsletter"].setChecked(True)
    value = "4111111111111111" if key == "address.postal_code" else f"x {CARD}"
    typed(dialog, key, value)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    error = dialog.errors[key]
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "card number" in error.text()
    assert dialog.isVisible()  # the form stays, with what was typed
    assert dialog.error.text().startswith("Not registered: please correct the marked field")
    assert [w for w in dialog.findChildren(QWidget) if w.isWindow() and w.isVisible()] == []
    assert desk.count() == before


# ------------------------------------------------------------------------------ identity check


def open_page(qtbot: QtBot, desk: Desk, ref: str) -> CustomerPage:
    page = CustomerPage(desk.session("agent"))
    qtbot.addWidget(page)
    desk.widgets.append(page)
    page.resize(1100, 750)
    page.show()
    page.open_customer(ref)
    qtbot.waitUntil(lambda: page.view is not None)
    return page


def test_a_consent_switch_asks_how_the_caller_was_verified_and_records_it(
    qtbot: QtBot, desk: Desk
) -> None:
    _, number, _ = existing_with_email(desk)
    page = open_page(qtbot, desk, number)
    page.tabs.setCurrentIndex(
        [page.tabs.tabText(i) for i in range(page.tabs.count())].index("Consents")
    )
    switch = page.findChild(ToggleSwitch, "consent:product_updates")
    assert switch is not None
    was_on = switch.isChecked()
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(ConsentChangeDialog) is not None)
    dialog = page.findChild(ConsentChangeDialog)
    assert isinstance(dialog, ConsentChangeDialog)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: identity_check() is not None)
    check = identity_check()
    assert check is not None
    assert set(check.buttons) >= {"written-request", "in-branch", "callback"}
    assert not check.ok_button.isEnabled()  # a method must be chosen
    check.reject()  # the caller could not be verified: nothing is recorded
    qtbot.waitUntil(dialog.record_button.isEnabled)
    assert switch.isChecked() == was_on
    assert desk.last_event("consent.set") is None

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot, "in-branch")
    qtbot.waitUntil(lambda: switch.isChecked() != was_on)
    event = desk.last_event("consent.set")
    assert event is not None and event.detail is not None
    assert event.detail.endswith("; verified by in-branch")


def test_removing_the_only_address_of_a_virtual_number_shows_the_impact_first(
    qtbot: QtBot, desk: Desk
) -> None:
    agent = desk.sign_in("agent")
    view = customers.create_customer(
        desk.ctx,
        agent,
        "private",
        "Vera Virtual",
        {
            "address.private.street": "Hauptstraße 1",
            "address.private.postal_code": "10115",
            "address.private.city": "Berlin",
            "address.private.country": "DE",
        },
        even_if_duplicate=True,
    )
    with desk.ctx.db.write() as s:
        s.add(
            Subscription(
                customer_id=uuid.UUID(view.id),
                product="virtual_number",
                identifier="+49 30 5550100",
                started_at=desk.ctx.now(),
            )
        )
    page = open_page(qtbot, desk, view.account_number)
    page.start_editing()
    remove = page.field("address.private")
    remove.set_value("remove")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: impact_box() is not None)
    box = impact_box()
    assert box is not None
    assert "Virtual number" in box.informativeText()
    assert "+49 30 5550100" in box.informativeText()
    assert "a private or business address" in box.informativeText()
    box.reject()  # Cancel: not saved
    qtbot.waitUntil(page.error_banner.isVisible)
    assert page.error_text.text().startswith("Not saved.")
    assert page.is_editing
    assert customers.show_customer(desk.ctx, agent, view.id).addresses

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    verify_caller(qtbot, "pin", confirm_impact=True)
    qtbot.waitUntil(lambda: not page.is_editing, timeout=10_000)
    assert customers.show_customer(desk.ctx, agent, view.id).addresses == []
    event = desk.last_event("customer.edit")
    assert event is not None and event.detail == "verified by pin; impact confirmed"
    assert json.loads(event.fields or "[]") == ["address.private"]


def test_a_correction_is_not_saved_when_the_caller_was_not_verified(
    qtbot: QtBot, desk: Desk
) -> None:
    _, number, _ = existing_with_email(desk)
    page = open_page(qtbot, desk, number)
    page.start_editing()
    editor = page.field("note").editor
    assert isinstance(editor, QPlainTextEdit | QLineEdit)
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText("Asked about roaming")
    else:
        editor.setText("Asked about roaming")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: identity_check() is not None)
    check = identity_check()
    assert isinstance(check, IdentityCheckDialog)
    check.reject()
    qtbot.waitUntil(page.error_banner.isVisible)
    assert page.is_editing and page.has_unsaved_changes
    assert desk.last_event("customer.edit") is None


# ------------------------------------------------------------------------------ unsubscribes


def test_the_unsubscribe_import_shows_what_it_would_do_before_applying(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    supervisor = desk.sign_in("supervisor")
    with desk.ctx.db.read() as s:
        rows = s.execute(
            select(Customer.id, Email.address)
            .join(Email, Email.customer_id == Customer.id)
            .where(Customer.status == "active", Email.is_primary.is_(True))
            .order_by(Customer.account_number)
            .limit(2)
        ).all()
    (on_id, on_email), (off_id, off_email) = rows
    consents.set_consent(
        desk.ctx, supervisor, str(on_id), "newsletter", True, "web", verified_by="callback"
    )
    consents.set_consent(
        desk.ctx, supervisor, str(off_id), "newsletter", False, "web", verified_by="callback"
    )
    listing = tmp_path / "unsubscribed.txt"
    listing.write_text(f"{on_email}\n{off_email}\nnobody@nowhere.example\n", encoding="utf-8")

    dialog = UnsubscribeImportDialog(desk.session("supervisor"))
    desk.widgets.append(dialog)
    dialog.show()
    dialog.load_file(listing)
    qtbot.waitUntil(lambda: dialog.status.text() != "Checking the list…")
    assert dialog.error.isHidden(), dialog.error.text()
    assert dialog.apply_button.isEnabled()
    counts = (dialog.applied_label, dialog.already_label, dialog.unknown_label)
    assert [c.text() for c in counts] == ["1", "1", "1"]
    assert desk.last_event("consent.import_unsubscribes") is None  # a preview writes nothing

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text() == "Applied.", timeout=10_000)
    event = desk.last_event("consent.import_unsubscribes")
    assert event is not None and event.detail == "applied 1, already off 1, unknown 1"
    shown = customers.show_customer(desk.ctx, supervisor, str(on_id))
    assert {c.purpose: c.granted for c in shown.consents or []}["newsletter"] is False

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok@example.org\nnot an address\n")
    dialog.load_file(bad)
    qtbot.waitUntil(dialog.error.isVisible)
    assert "1 line is not an email address" in dialog.error.text()
    assert not dialog.apply_button.isEnabled()
