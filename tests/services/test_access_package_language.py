"""The access package speaks the customer's language, whatever the staff member's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.desk import Desk

from voxprivacy import i18n
from voxprivacy.domain.enums import Role
from voxprivacy.services import requests


@pytest.fixture
def english_agent_process() -> object:
    """The staff member works in English (the desk's or the command line's setting)."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.mark.usefixtures("english_agent_process")
def test_a_dutch_speaking_customers_package_is_in_dutch_when_an_english_agent_writes_it(
    desk: Desk, tmp_path: Path
) -> None:
    agent = desk.member(Role.AGENT)
    view = desk.customer(agent, "Marieke Janssens", language="nl-BE")
    req = requests.open_request(desk.ctx, agent.actor, view.id, "access", "email-code")
    written = requests.complete_access(desk.ctx, agent.actor, req.reference, tmp_path)
    package = json.loads(written.paths[0].read_text(encoding="utf-8"))
    report = written.paths[1].read_text(encoding="utf-8")

    assert package["language"] == "nl"
    assert package["about"].startswith("Alles wat voxprivacy over deze klant bewaart")
    assert "<html lang='nl'>" in report
    assert "Wat we over u bewaren" in report
    assert "Uw privacyverzoeken" in report and "Verzoek " in report
    assert "What we hold about you" not in report
    # the staff member's own language is untouched
    assert i18n.language() == "en"
    # the machine-readable part keeps its keys and stored values
    assert package["customer"]["name"] == "Marieke Janssens"
    assert package["privacy_requests"][0]["verification"] == (
        "een code gestuurd naar het geregistreerde e-mailadres"
    )


@pytest.mark.usefixtures("english_agent_process")
def test_a_customer_whose_language_we_do_not_speak_gets_english(desk: Desk, tmp_path: Path) -> None:
    agent = desk.member(Role.AGENT)
    view = desk.customer(agent, "Hans Becker", language="de")
    req = requests.open_request(desk.ctx, agent.actor, view.id, "access", "pin")
    written = requests.complete_access(desk.ctx, agent.actor, req.reference, tmp_path)
    report = written.paths[1].read_text(encoding="utf-8")
    assert json.loads(written.paths[0].read_text(encoding="utf-8"))["language"] == "en"
    assert "What we hold about you" in report and "<html lang='en'>" in report


def test_a_french_agent_writes_an_english_customers_package_in_english(
    desk: Desk, tmp_path: Path
) -> None:
    agent = desk.member(Role.AGENT)
    view = desk.customer(agent, "Olivia Smith", language="en-GB")
    before = i18n.language()
    i18n.set_language("fr")
    try:
        req = requests.open_request(desk.ctx, agent.actor, view.id, "access", "pin")
        written = requests.complete_access(desk.ctx, agent.actor, req.reference, tmp_path)
    finally:
        i18n.set_language(before)
    report = written.paths[1].read_text(encoding="utf-8")
    assert "What we hold about you" in report
    assert "Ce que" not in report
