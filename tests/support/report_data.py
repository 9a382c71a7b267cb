"""A small, known data set for the reports: requests in several states and months,
disclosures and consents, some of them with formula-like text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from support.desk import Desk, Member
from voxprivacy.domain.enums import Role
from voxprivacy.services import consents, requests

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
END = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)


@dataclass
class ReportData:
    agent: Member
    supervisor: Member
    other_supervisor: Member
    accounts: dict[str, str]  # label -> account number


def _at(desk: Desk, when: datetime, *members: Member) -> None:
    assert when >= desk.clock.now, "the data set moves forward in time only"
    desk.clock.now = when
    for member in members:
        desk.step_up(member)


def _folder(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build(desk: Desk, out_dir: Path) -> ReportData:
    """Build the data set on a desk whose clock stands at or before ``START``.

    By hand, the requests are:
      R1 access, opened 2026-01-05, completed 2026-01-10 (5 days);
      R2 rectification, opened 2026-01-06, extended 2026-01-20 by 30 days (due
         2026-03-07), still open: overdue in March;
      R3 erasure, opened 2026-01-07, denied 2026-02-03;
      R4 access, opened 2026-02-10, due 2026-03-12, completed 2026-03-20 (38 days):
         overdue in March;
      R5 access, opened 2026-02-11, due 2026-03-13, still open: overdue in March;
      R6 access, opened 2026-03-02, completed 2026-03-04 (2 days).
    """
    _at(desk, START)
    agent = desk.member(Role.AGENT, "agnes")
    supervisor = desk.member(Role.SUPERVISOR, "sven")
    other = desk.member(Role.SUPERVISOR, "sofia")
    formula = desk.customer(agent, '=HYPERLINK("x")', email="f@example.de")
    plus = desk.customer(agent, "+1", email="p@example.de")
    plain = desk.customer(agent, "Anna Schmidt", email="a@example.de")
    fourth = desk.customer(agent, "Bernd Weber", email="b@example.de")
    accounts = {
        "formula": formula.account_number,
        "plus": plus.account_number,
        "plain": plain.account_number,
        "fourth": fourth.account_number,
    }

    c = desk.ctx
    consents.set_consent(
        c, agent.actor, formula.id, "third_party_disclosure", True, "phone", verified_by="callback"
    )
    consents.set_consent(
        c, agent.actor, formula.id, "newsletter", True, "web", verified_by="callback"
    )
    consents.set_consent(
        c, agent.actor, plus.id, "newsletter", True, "email", verified_by="callback"
    )
    consents.set_consent(
        c, agent.actor, plus.id, "third_party_disclosure", True, "email", verified_by="callback"
    )
    consents.set_consent(
        c, agent.actor, plain.id, "third_party_disclosure", True, "letter", verified_by="callback"
    )
    consents.set_consent(
        c,
        agent.actor,
        plain.id,
        "newsletter",
        True,
        "web",
        evidence="=cmd|' /C calc'!A0",
        verified_by="callback",
    )
    requests.record_disclosure(c, agent.actor, formula.id, "Inkasso GmbH", "-name and address")
    requests.record_disclosure(c, agent.actor, plain.id, "@Partner AG", "phone number")
    requests.record_disclosure(c, agent.actor, plus.id, "Bank", "account holder")

    r1 = requests.open_request(c, agent.actor, plain.id, "access", "pin")
    _at(desk, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), agent)
    r2 = requests.open_request(c, agent.actor, fourth.id, "rectification", "pin")
    _at(desk, datetime(2026, 1, 7, 9, 0, tzinfo=UTC), agent)
    r3 = requests.open_request(c, agent.actor, plus.id, "erasure", "pin")
    _at(desk, datetime(2026, 1, 10, 9, 0, tzinfo=UTC), agent)
    requests.complete_access(c, agent.actor, r1.reference, _folder(out_dir, "r1"))
    _at(desk, datetime(2026, 1, 20, 9, 0, tzinfo=UTC), agent)
    requests.extend_request(c, agent.actor, r2.reference, 30, "complex case")
    _at(desk, datetime(2026, 2, 3, 9, 0, tzinfo=UTC), other)
    requests.deny_request(c, other.actor, r3.reference, "open legal dispute")
    _at(desk, datetime(2026, 2, 10, 9, 0, tzinfo=UTC), agent)
    r4 = requests.open_request(c, agent.actor, formula.id, "access", "pin")
    _at(desk, datetime(2026, 2, 11, 9, 0, tzinfo=UTC), agent)
    requests.open_request(c, agent.actor, fourth.id, "access", "pin")
    _at(desk, datetime(2026, 3, 2, 9, 0, tzinfo=UTC), agent)
    r6 = requests.open_request(c, agent.actor, plus.id, "access", "pin")
    _at(desk, datetime(2026, 3, 4, 9, 0, tzinfo=UTC), agent)
    requests.complete_access(c, agent.actor, r6.reference, _folder(out_dir, "r6"))
    _at(desk, datetime(2026, 3, 20, 9, 0, tzinfo=UTC), agent)
    requests.complete_access(c, agent.actor, r4.reference, _folder(out_dir, "r4"))
    _at(desk, datetime(2026, 3, 25, 9, 0, tzinfo=UTC), agent)
    consents.set_consent(
        c, agent.actor, plus.id, "newsletter", False, "unsubscribe_link", verified_by="callback"
    )
    _at(desk, END, supervisor)
    return ReportData(agent, supervisor, other, accounts)
