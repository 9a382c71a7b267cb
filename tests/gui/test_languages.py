"""The desk in French and Dutch: the language setting, the translators, locale formatting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from voxprivacy import i18n
from voxprivacy.gui import language, messages
from voxprivacy.gui.customer.common import country_name
from voxprivacy.gui.settings import LANGUAGE, DeskSettings, SettingsDialog
from voxprivacy.gui.worker import DbWorker

pytestmark = pytest.mark.gui


@pytest.fixture
def speaking(qapp: QApplication) -> Iterator[object]:
    """Switch the desk's language for one test; English again afterwards."""

    def switch(code: str) -> str:
        return language.apply(code, qapp)

    yield switch
    language.apply("en", qapp)


def test_an_empty_setting_follows_the_system_locale() -> None:
    assert language.resolve("", QLocale("nl_BE")) == "nl"
    assert language.resolve("", QLocale("fr_CA")) == "fr"
    assert language.resolve("", QLocale("de_DE")) == "en"
    assert language.resolve("fr", QLocale("nl_BE")) == "fr"
    assert language.locale_for("fr", QLocale("fr_CA")).name() == "fr_CA"
    assert language.locale_for("nl", QLocale("de_DE")).name() == "nl_BE"


def test_the_language_chosen_in_settings_is_kept(
    settings: DeskSettings, worker: DbWorker, qtbot: object
) -> None:
    dialog = SettingsDialog(settings, worker)
    combo = dialog.language_combo
    assert combo.currentData() == ""  # the system's, by default
    combo.setCurrentIndex(combo.findData("nl"))
    dialog._save()
    assert settings.get(LANGUAGE) == "nl"
    again = SettingsDialog(settings, worker)
    assert again.language_combo.currentText() == "Nederlands"


def test_dialogs_and_plurals_in_french_and_dutch(
    speaking: object, settings: DeskSettings, worker: DbWorker
) -> None:
    speaking("fr")  # type: ignore[operator]
    dialog = SettingsDialog(settings, worker)
    assert dialog.windowTitle() == "Paramètres"
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "Annuler"  # Qt's own buttons too
    assert messages.counts().days(1) == "1 jour"
    assert messages.counts().days(3) == "3 jours"
    assert i18n.language() == "fr"  # the core speaks it too
    speaking("nl")  # type: ignore[operator]
    assert messages.counts().days_overdue(2) == "2 dagen te laat"
    assert SettingsDialog(settings, worker).windowTitle() == "Instellingen"


def test_dates_money_and_countries_in_the_users_locale(speaking: object) -> None:
    at = datetime(2026, 12, 8, 13, 5, tzinfo=UTC)
    speaking("en")  # type: ignore[operator]
    assert messages.money(123450, "EUR") == "1,234.50 EUR"
    assert messages.local_date(date(2026, 3, 1)) == "2026-03-01"
    assert country_name("PL") == "Poland"
    speaking("nl")  # type: ignore[operator]
    assert messages.money(123450, "EUR") == "1.234,50 EUR"
    assert messages.local_date(date(2026, 3, 1)) == "01/03/2026"
    assert messages.local_time(at).startswith("08/12/2026 ")
    assert country_name("PL") == "Polen"
    speaking("fr")  # type: ignore[operator]
    assert country_name("BE") == "Belgique"
    assert messages.money(-5, "EUR").replace("\u202f", " ") == "-0,05 EUR"


def test_the_request_queue_count_has_dutch_plural_forms(speaking: object, qtbot: object) -> None:
    speaking("nl")  # type: ignore[operator]
    assert QApplication.translate("RequestsQueueWidget", "%n request(s)", None, 1) == "1 verzoek"
    assert QApplication.translate("RequestsQueueWidget", "%n request(s)", None, 4) == "4 verzoeken"
