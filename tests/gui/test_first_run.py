"""The first-run assistant: an empty database gets its admin, enrolled and signed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.qtbot import QtBot

from voxprivacy.domain.enums import Role
from voxprivacy.gui.app import Desk
from voxprivacy.gui.bootstrap import DeskOptions
from voxprivacy.gui.first_run import FirstRunWizard
from voxprivacy.gui.main_window import MainWindow
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.storage.database import open_database, parse_target

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[Desk]:
    settings = DeskSettings(QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat))
    desk = Desk(DeskOptions(db=f"sqlite:///{tmp_path / 'new.db'}"), settings)
    yield desk
    # the desk owns its dialogs and windows (they delete themselves on close)
    for widget in (desk.wizard, desk.window):
        if widget is not None and shiboken6.isValid(widget):
            widget.close()
    desk.shutdown()


def start_wizard(qtbot: QtBot, desk: Desk) -> FirstRunWizard:
    desk.start()
    qtbot.waitUntil(lambda: desk.wizard is not None, timeout=10000)
    wizard = desk.wizard
    assert wizard is not None
    return wizard


def create_admin(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.next()
    page = wizard.admin_page
    assert wizard.currentPage() is page
    qtbot.keyClicks(page.username_edit, "ada")
    qtbot.keyClicks(page.password_edit, PASSWORD)
    qtbot.keyClicks(page.repeat_edit, PASSWORD)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.authenticator_page, timeout=15000)


def test_first_run_creates_the_admin_and_signs_in_with_the_first_code(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    wizard = start_wizard(qtbot, desk)
    assert wizard.currentPage() is wizard.intro_page
    assert any("new.db" in label.text() for label in wizard.intro_page.findChildren(QLabel))
    create_admin(qtbot, wizard)

    enrollment = wizard.enrollment
    assert enrollment is not None and enrollment.username == "ada"
    page = wizard.authenticator_page
    assert page.qr_label.pixmap() is not None and not page.qr_label.pixmap().isNull()
    assert page.secret_label.text().replace(" ", "") == enrollment.secret
    assert len(enrollment.recovery_codes) == page.codes_grid.count() > 0
    # created for good: there is no way back to a second admin
    assert (
        not wizard.button(QWizard.WizardButton.BackButton).isVisible()
        or not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    )

    wizard.next()
    confirm = wizard.confirm_page
    qtbot.keyClicks(
        confirm.code_edit, "000000" if pyotp.TOTP(enrollment.secret).now() != "000000" else "111111"
    )
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(confirm.error_label.isVisible, timeout=10000)
    assert "not valid" in confirm.error_label.text()
    assert desk.window is None

    qtbot.keyClicks(confirm.code_edit, pyotp.TOTP(enrollment.secret).now())
    with qtbot.waitSignal(desk.window_shown, timeout=15000) as shown:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    window = shown.args[0]
    assert isinstance(window, MainWindow)
    assert window.session.actor.username == "ada"
    assert window.session.actor.role is Role.ADMIN
    assert window.session.step_up_left().total_seconds() > 0

    # the admin exists in the database and signs in with the chosen password
    db = open_database(parse_target(f"sqlite:///{tmp_path / 'new.db'}"), SecretStore())
    try:
        assert auth.sign_in(Context(db, SecretStore()), "ada", PASSWORD).role is Role.ADMIN
    finally:
        db.dispose()


def test_passwords_that_differ_are_refused_on_the_page(qtbot: QtBot, desk: Desk) -> None:
    wizard = start_wizard(qtbot, desk)
    wizard.next()
    page = wizard.admin_page
    qtbot.keyClicks(page.username_edit, "ada")
    qtbot.keyClicks(page.password_edit, PASSWORD)
    qtbot.keyClicks(page.repeat_edit, PASSWORD + "!")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentPage() is page
    assert "differ" in page.error_label.text()
    assert wizard.enrollment is None


def test_a_weak_password_is_explained_and_nothing_is_created(qtbot: QtBot, desk: Desk) -> None:
    wizard = start_wizard(qtbot, desk)
    wizard.next()
    page = wizard.admin_page
    qtbot.keyClicks(page.username_edit, "ada")
    qtbot.keyClicks(page.password_edit, "short")
    qtbot.keyClicks(page.repeat_edit, "short")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(page.error_label.isVisible, timeout=10000)
    assert page.error_label.text()
    assert wizard.currentPage() is page
    assert wizard.enrollment is None
    assert page.username_edit.isEnabled()
