"""What the core builds from parts reads in the user's language, with real plural forms;
names of languages and countries come from Babel in that language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.desk import Desk, Member

from voxprivacy import i18n
from voxprivacy.domain.enums import Role
from voxprivacy.errors import Refused
from voxprivacy.services import customers, reports, requests
from voxprivacy.services.access_labels import COLUMN_LABELS
from voxprivacy.services.customers import lifecycle


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT)


def _with_billing(desk: Desk, agent: Member, cards: int, invoices: int) -> str:
    view = desk.customer(agent, "Élodie Claes")
    for n in range(max(cards, invoices)):
        desk.card_and_invoice(view.id, f"tok_{view.id[-6:]}_{n}", f"INV-{view.id[-6:]}-{n}", 1250)
    assert cards == invoices  # the helper records one of each
    return str(view.id)


def test_the_erasure_preview_in_french_and_dutch_with_one_and_several(
    desk: Desk, agent: Member
) -> None:
    one = _with_billing(desk, agent, 1, 1)
    several = _with_billing(desk, agent, 3, 3)
    with i18n.speaking("fr"):
        assert requests.erasure_impact(desk.ctx, agent.actor, one).billing == (
            "1 carte supprimée, 1 facture conservée"
        )
        impact = requests.erasure_impact(desk.ctx, agent.actor, several)
        assert impact.billing == "3 cartes supprimées, 3 factures conservées"
        assert impact.kept[0].startswith("3 factures, conservées pendant la durée légale")
    with i18n.speaking("nl"):
        assert requests.erasure_impact(desk.ctx, agent.actor, one).billing == (
            "1 kaart verwijderd, 1 factuur bewaard"
        )
        impact = requests.erasure_impact(desk.ctx, agent.actor, several)
        assert impact.billing == "3 kaarten verwijderd, 3 facturen bewaard"
        assert impact.kept[-1] == (
            "de registratie van dit verzoek en het auditlogboek (geen persoonsgegevens)"
        )
    nothing = desk.customer(agent, "Noor Peeters").id
    with i18n.speaking("nl"):
        assert requests.erasure_impact(desk.ctx, agent.actor, nothing).billing == (
            "geen factuurgegevens"
        )
    # the English stays as it was
    assert requests.erasure_impact(desk.ctx, agent.actor, several).billing == (
        "3 cards removed, 3 invoices kept"
    )


def test_the_termination_preview_in_dutch(desk: Desk, agent: Member) -> None:
    several = _with_billing(desk, agent, 2, 2)
    supervisor = desk.member(Role.SUPERVISOR)
    with i18n.speaking("nl"):
        impact = lifecycle.termination_impact(desk.ctx, supervisor.actor, several)
    assert impact.billing == "2 kaarten bewaard, 2 facturen bewaard"
    assert "2 facturen: openstaande facturen blijven open en betaalbaar" in impact.kept


def test_field_labels_and_help_follow_the_language() -> None:
    field = customers.EDITABLE_FIELDS["address.billing.city"]
    assert (field.label, field.help) == ("Billing address: city", "billing address: city")
    with i18n.speaking("fr"):
        assert (field.label, field.help) == (
            "Adresse de facturation : localité",
            "adresse de facturation : localité",
        )
    with i18n.speaking("nl"):
        assert customers.EDITABLE_FIELDS["address.private"].help == (
            "een lege waarde verwijdert het privéadres"
        )


def test_country_and_language_names_in_french_and_dutch() -> None:
    with i18n.speaking("fr"):
        assert i18n.country_name("BE") == "Belgique"
        assert i18n.country_name("de") == "Allemagne"
        assert i18n.language_name("nl-BE") == "Néerlandais (Belgique)"
        assert i18n.language_name("pl") == "Polonais"
    with i18n.speaking("nl"):
        assert i18n.country_name("FR") == "Frankrijk"
        assert i18n.language_name("fr-CH") == "Frans (Zwitserland)"
    assert i18n.country_name("BE") == "Belgium"
    assert i18n.language_name("nl-BE") == "Dutch (Belgium)"
    # what Babel does not know reads as it was typed
    assert i18n.language_name("xx-YY") == "xx-YY"
    assert i18n.country_name("") == ""


def test_a_dutch_customers_package_has_dutch_headers_and_no_english_label(
    desk: Desk, agent: Member, tmp_path: Path
) -> None:
    before = i18n.language()
    i18n.set_language("en")  # the agent works in English
    try:
        view = desk.customer(
            agent,
            "Marieke Janssens",
            language="nl-BE",
            address__private__country="BE",
            address__private__city="Gent",
        )
        req = requests.open_request(desk.ctx, agent.actor, view.id, "access", "email-code")
        written = requests.complete_access(desk.ctx, agent.actor, req.reference, tmp_path)
    finally:
        i18n.set_language(before)
    package = json.loads(written.paths[0].read_text(encoding="utf-8"))
    report = written.paths[1].read_text(encoding="utf-8")

    headers = set(re.findall(r"<th>([^<]*)</th>", report))
    english = {COLUMN_LABELS.source(k) for k in COLUMN_LABELS}
    with i18n.speaking("nl"):
        dutch = set(COLUMN_LABELS.values())
    assert {"Klantnummer", "Straat", "Gemeente", "Land", "Taal"} <= headers
    assert not (headers & (english - dutch)), headers & (english - dutch)
    assert headers <= dutch, headers - dutch
    # the values a person reads: the country and the language named in Dutch
    assert "<td>België</td>" in report and "<td>Nederlands (België)</td>" in report
    # the JSON keeps its keys and says what they mean in Dutch
    assert package["customer"]["account_number"] == view.account_number
    assert package["labels"]["account_number"] == "Klantnummer"
    assert package["labels"]["postal_code"] == "Postcode"
    assert not set(package["labels"].values()) & (english - dutch)


def test_a_refusal_names_the_requests_kind_in_the_users_language(desk: Desk, agent: Member) -> None:
    view = desk.customer(agent, "Lotte Maes")
    req = requests.open_request(desk.ctx, agent.actor, view.id, "access", "pin")
    supervisor = desk.member(Role.SUPERVISOR)
    with i18n.speaking("fr"), pytest.raises(Refused) as refused:
        requests.approve_erasure(desk.ctx, supervisor.actor, req.reference)
    assert refused.value.message == (
        f"La demande {req.reference} est une demande de type accès ; "
        "seuls les effacements demandent une approbation."
    )
    with i18n.speaking("nl"), pytest.raises(Refused) as refused:
        requests.approve_erasure(desk.ctx, supervisor.actor, req.reference)
    assert "een verzoek van het type inzage" in refused.value.message


def test_a_reports_title_is_in_the_users_language(desk: Desk) -> None:
    supervisor = desk.member(Role.SUPERVISOR)
    with i18n.speaking("nl"):
        assert reports.consent_statistics(desk.ctx, supervisor.actor).title == (
            "Statistieken van toestemmingen"
        )
    assert reports.consent_statistics(desk.ctx, supervisor.actor).title == "Consent statistics"
