"""Restriction of processing and objection, on every backend and through the server: a
restriction stops disclosures and newsletters until it is lifted; an objection is a consent
withdrawal with the request as its evidence."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.desk import Desk, Member

from voxprivacy.domain.enums import Role
from voxprivacy.errors import BadInput, Refused, RoleForbidden
from voxprivacy.services import audiences, consents, customers, requests
from voxprivacy.storage.models import AuditEvent, ConsentEvent


@pytest.fixture
def agent(desk: Desk) -> Member:
    return desk.member(Role.AGENT, "anna")


@pytest.fixture
def supervisor(desk: Desk) -> Member:
    return desk.member(Role.SUPERVISOR, "sam")


def consenting(desk: Desk, agent: Member, name: str, *purposes: str) -> str:
    view = desk.customer(agent, name, email=f"{name.split()[0].lower()}@example.de")
    for purpose in purposes:
        consents.set_consent(
            desk.ctx, agent.actor, view.id, purpose, True, "phone", verified_by="callback"
        )
    return view.account_number


def test_a_restriction_stops_disclosures_until_it_is_lifted(desk: Desk, agent: Member) -> None:
    account = consenting(desk, agent, "Lena Vogt", "third_party_disclosure")
    opened = requests.open_request(
        desk.ctx,
        agent.actor,
        account,
        "restriction",
        "callback",
        note="contests the address on file",
        purposes=["third-party-disclosure"],
    )
    assert opened.in_force and opened.status == "received"
    assert opened.purposes == ["third_party_disclosure"]
    refusal = f"restricted .* third-party disclosure \\(request {opened.reference}\\)"
    with pytest.raises(Refused, match=refusal):
        requests.record_disclosure(desk.ctx, agent.actor, account, "Collections Ltd", "address")
    with desk.ctx.db.read() as session:
        refused = session.execute(
            select(AuditEvent).where(
                AuditEvent.action == "disclosure.record", AuditEvent.outcome == "refused"
            )
        ).scalar_one()
    assert refused.detail == f"restricted by request {opened.reference}"
    assert requests.list_disclosures(desk.ctx, agent.actor, account) == []

    lifted = requests.lift_restriction(
        desk.ctx, agent.actor, opened.reference, "address confirmed by letter"
    )
    assert not lifted.in_force and lifted.status == "completed" and lifted.lifted_by == "anna"
    made = requests.record_disclosure(desk.ctx, agent.actor, account, "Collections Ltd", "name")
    assert made.recipient == "Collections Ltd"


def test_a_restriction_leaves_the_customer_out_of_the_newsletter_audience(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    kept = consenting(desk, agent, "Mara Jensen", "newsletter")
    held = consenting(desk, agent, "Nils Berg", "newsletter", "product_updates")
    restriction = requests.open_request(
        desk.ctx, agent.actor, held, "restriction", "pin", purposes=["newsletter"]
    )
    audience = audiences.export_audience(desk.ctx, supervisor.actor, "newsletter")
    assert [m.account_number for m in audience.members] == [kept]
    assert audience.skipped == [f"{held}: processing restricted (request {restriction.reference})"]
    assert "mara@example.de" in audience.csv()
    # the restriction names the newsletter only: product updates still reach him
    updates = audiences.export_audience(desk.ctx, supervisor.actor, "product-updates")
    assert [m.account_number for m in updates.members] == [held]

    desk.step_up(agent)
    requests.lift_restriction(desk.ctx, agent.actor, restriction.reference, "resolved")
    again = audiences.export_audience(desk.ctx, supervisor.actor, "newsletter")
    assert sorted(m.account_number for m in again.members) == sorted([kept, held])
    with desk.ctx.db.read() as session:
        exports = session.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "audience.export")
        ).scalars()
        assert list(exports) == [
            "1 customers, 1 left out",
            "1 customers, 0 left out",
            "2 customers, 0 left out",
        ]


def test_audiences_are_for_supervisors_and_only_for_mailed_purposes(
    desk: Desk, agent: Member, supervisor: Member
) -> None:
    with pytest.raises(RoleForbidden):
        audiences.export_audience(desk.ctx, agent.actor, "newsletter")
    with pytest.raises(BadInput, match="not sent by mail"):
        audiences.export_audience(desk.ctx, supervisor.actor, "third_party_disclosure")


def test_an_objection_withdraws_the_consent_with_the_request_as_evidence(
    desk: Desk, agent: Member
) -> None:
    account = consenting(desk, agent, "Olga Petrova", "newsletter", "product_updates")
    objection = requests.open_request(
        desk.ctx, agent.actor, account, "objection", "written-request", purposes=["newsletter"]
    )
    assert objection.status == "completed" and objection.purposes == ["newsletter"]
    shown = customers.show_customer(desk.ctx, agent.actor, account)
    state = {c.purpose: c.granted for c in shown.consents or []}
    assert state == {"newsletter": False, "product_updates": True, "third_party_disclosure": False}
    with desk.ctx.db.read() as session:
        ledger = session.execute(
            select(ConsentEvent.purpose, ConsentEvent.action, ConsentEvent.source).where(
                ConsentEvent.evidence == f"objection, privacy request {objection.reference}"
            )
        ).all()
    assert [tuple(row) for row in ledger] == [("newsletter", "withdrawn", "letter")]
    assert any("consent withdrawn" in (e.detail or "") for e in objection.timeline)


def test_restriction_and_objection_name_their_purposes(desk: Desk, agent: Member) -> None:
    account = consenting(desk, agent, "Pia Holm")
    with pytest.raises(BadInput, match="which purposes the restriction"):
        requests.open_request(desk.ctx, agent.actor, account, "restriction", "pin")
    with pytest.raises(BadInput, match="'advertising' is not a purpose"):
        requests.open_request(
            desk.ctx, agent.actor, account, "objection", "pin", purposes=["advertising"]
        )
    with pytest.raises(BadInput, match="only a restriction or an objection"):
        requests.open_request(
            desk.ctx, agent.actor, account, "access", "pin", purposes=["newsletter"]
        )
    access = requests.open_request(desk.ctx, agent.actor, account, "access", "pin")
    with pytest.raises(BadInput, match="only a restriction is lifted"):
        requests.lift_restriction(desk.ctx, agent.actor, access.reference, "not one")
