"""A role searches only the fields it may see, and a walk of the index is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.desk import Clock, Desk, Member

from voxprivacy.domain.enums import Role
from voxprivacy.services import audit, auth, customers
from voxprivacy.storage.models import SearchCount

# The desk's customer: Jürgen Müller, j.mueller@example.de, +49 30 1234567.
CONTACT_QUERIES = [
    "j.mueller@example.de",  # the whole address
    "j.muel",  # a prefix of it
    "mueller",  # a word of its local part (the name folds to "muller")
    "+49 30 1234567",  # the number as stored
    "4930123",  # a prefix of its digits
    "030 1234",  # as dialled at home
]


def _found(desk: Desk, member: Member, query: str) -> list[str]:
    return [hit.account_number for hit in customers.search_customers(desk.ctx, member.actor, query)]


@pytest.mark.parametrize("role", [Role.FINANCE, Role.ADMIN])
def test_a_role_that_does_not_see_contact_data_cannot_search_it(desk: Desk, role: Role) -> None:
    agent = desk.member(Role.AGENT, "agent1")
    account = desk.customer(agent).account_number
    member = desk.member(role, "searcher")
    for query in CONTACT_QUERIES:
        assert _found(desk, member, query) == [], query
    # what the role sees it can search: the name, the account number
    for query in ("Müller", "jurg", account, account[:5], "jurgen mul"):
        assert _found(desk, member, query) == [account], query
    # a word of the name with a word only the email holds: no match
    assert _found(desk, member, "jurgen mueller") == []


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_agents_and_supervisors_still_search_emails_and_phones(desk: Desk, role: Role) -> None:
    agent = desk.member(Role.AGENT, "agent1")
    account = desk.customer(agent).account_number
    member = desk.member(role, "searcher")
    for query in [*CONTACT_QUERIES, "Müller", account, "jurgen mueller"]:
        assert _found(desk, member, query) == [account], query


@pytest.fixture
def watcher(sdesk: Desk) -> Member:
    return sdesk.member(Role.SUPERVISOR, "watcher")


def _volume_events(desk: Desk, watcher: Member) -> list[audit.AuditEntry]:
    """The search events a supervisor finds in the audit trail."""
    return audit.list_events(desk.ctx, watcher.actor, action="customer.search_volume")


def test_a_walk_of_the_index_leaves_audit_events_a_supervisor_sees(
    sdesk: Desk, clock: Clock, watcher: Member
) -> None:
    agent = sdesk.member(Role.AGENT, "agent1")
    sdesk.customer(agent)
    finance = sdesk.member(Role.FINANCE, "money")
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    walk = [a + b + c for a in letters for b in letters for c in letters[:1]]
    walk = (walk * 2)[: customers.SEARCH_ALERT_AT * 2]
    for i, prefix in enumerate(walk, start=1):
        customers.search_customers(sdesk.ctx, finance.actor, prefix)
        if i == customers.SEARCH_ALERT_AT - 1:
            assert _volume_events(sdesk, watcher) == []  # a normal day's searching leaves no event
    events = _volume_events(sdesk, watcher)
    assert [(e.username, e.role) for e in events] == [("money", "finance")] * 2
    day = clock.now.date().isoformat()
    assert [e.detail for e in reversed(events)] == [
        f"500 customer searches reached on {day} (UTC); the next event at 1000",
        f"1000 customer searches reached on {day} (UTC); the next event at 2000",
    ]
    # the count is per day: the next day starts again
    clock.advance(days=1)
    customers.search_customers(sdesk.ctx, finance.actor, "jurgen")
    assert len(_volume_events(sdesk, watcher)) == 2


def test_searches_are_counted_per_member(sdesk: Desk, watcher: Member) -> None:
    one = sdesk.member(Role.AGENT, "one")
    two = sdesk.member(Role.AGENT, "two")
    for _ in range(customers.SEARCH_ALERT_AT - 1):
        customers.search_customers(sdesk.ctx, one.actor, "ab")
    customers.search_customers(sdesk.ctx, two.actor, "ab")
    assert _volume_events(sdesk, watcher) == []
    customers.search_customers(sdesk.ctx, one.actor, "")  # nothing typed: not a search
    assert _volume_events(sdesk, watcher) == []
    customers.search_customers(sdesk.ctx, one.actor, "ab")
    assert [e.username for e in _volume_events(sdesk, watcher)] == ["one"]


def test_searches_from_separate_sign_ins_add_up(sdesk: Desk) -> None:
    """The command line signs in for every search: each one is counted."""
    member = sdesk.member(Role.FINANCE, "money")
    for _ in range(3):
        actor = auth.sign_in(sdesk.ctx, "money", member.password)
        customers.search_customers(sdesk.ctx, actor, "jurgen")
    with sdesk.ctx.db.read() as session:
        counted = session.execute(
            select(SearchCount.searches).where(SearchCount.staff_id == member.actor.staff_id)
        ).scalar_one()
    assert counted == 3
