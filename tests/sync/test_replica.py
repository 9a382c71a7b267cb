"""Branch replicas against a real central PostgreSQL: edits travel both ways."""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import text
from support.branches import Branch, assert_agree
from support.desk import Desk, Member

from voxprivacy.services import conflicts, customers
from voxprivacy.storage.models import Customer


def test_an_edit_at_one_branch_reaches_the_centre_and_the_other_branch(
    central: Desk, agent: Member, north: Branch, south: Branch
) -> None:
    view = central.customer(central.member("agent", "a2"))
    north.sync()
    south.sync()
    actor = north.sign_in(agent)
    customers.edit_customer(
        north.ctx, actor, view.id, {"name": "Ada Lovelace"}, verified_by="callback"
    )
    report = north.sync()
    # the edit, and the second-factor code it used (so no other place accepts that code)
    assert (report.pushed, report.applied, report.conflicts) == (2, 2, 0)
    assert customers.show_customer(central.ctx, central.admin.actor, view.id).name == "Ada Lovelace"
    south.sync()
    seen = customers.show_customer(south.ctx, south.sign_in(agent), view.id)
    assert seen.name == "Ada Lovelace"
    for place, actor in ((south.ctx, south.sign_in(agent)), (central.ctx, central.admin.actor)):
        found = customers.search_customers(place, actor, "lovelace")
        assert [c.id for c in found] == [view.id]
        assert view.id not in [c.id for c in customers.search_customers(place, actor, view.name)]


def test_the_same_field_changed_on_two_sides_keeps_the_central_value_and_queues_both(
    central: Desk, agent: Member, supervisor: Member, north: Branch, south: Branch
) -> None:
    view = central.customer(agent)
    north.sync()
    south.sync()
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "North Name"}, verified_by="callback"
    )
    customers.edit_customer(
        south.ctx, south.sign_in(agent), view.id, {"name": "South Name"}, verified_by="callback"
    )
    north.sync()
    report = south.sync()
    assert report.conflicts == 1
    north.sync()
    for place in (north.ctx, south.ctx, central.ctx):
        assert customers.show_customer(place, central.admin.actor, view.id).name == "North Name"
    queue = conflicts.list_conflicts(south.ctx, south.sign_in(supervisor))
    assert [(c.label, c.central, c.branch, c.origin) for c in queue] == [
        ("name", "North Name", "South Name", "south")
    ]
    conflicts.resolve_conflict(south.ctx, south.sign_in(supervisor), queue[0].id, keep="branch")
    south.sync()
    north.sync()
    for place in (north.ctx, south.ctx, central.ctx):
        assert customers.show_customer(place, central.admin.actor, view.id).name == "South Name"
        assert conflicts.count_open(place) == 0


def test_an_email_removed_at_a_branch_is_removed_everywhere(
    central: Desk, agent: Member, north: Branch, south: Branch
) -> None:
    view = central.customer(agent)
    central.step_up(agent)
    customers.edit_customer(
        central.ctx, agent.actor, view.id, {"emails.add": "b@example.org"}, verified_by="callback"
    )
    north.sync()
    south.sync()
    actor = north.sign_in(agent)
    customers.edit_customer(
        north.ctx, actor, view.id, {"emails.remove": "j.mueller@example.de"}, verified_by="callback"
    )
    north.sync()
    south.sync()
    for place in (central.ctx, north.ctx, south.ctx):
        shown = customers.show_customer(place, actor, view.id).emails or []
        assert [(e.address, e.primary) for e in shown] == [("b@example.org", True)]
    assert_agree(central.ctx.db, north.db, south.db)


def test_an_email_conflict_is_one_question_and_its_answer_is_searchable(
    central: Desk, agent: Member, supervisor: Member, north: Branch, south: Branch
) -> None:
    view = central.customer(agent)
    north.sync()
    south.sync()
    customers.edit_customer(
        north.ctx,
        north.sign_in(agent),
        view.id,
        {"email": "north@example.org"},
        verified_by="callback",
    )
    customers.edit_customer(
        south.ctx,
        south.sign_in(agent),
        view.id,
        {"email": "Souther@Example.org"},
        verified_by="callback",
    )
    north.sync()
    south.sync()
    queue = conflicts.list_conflicts(south.ctx, south.sign_in(supervisor))
    assert [(c.label, c.central, c.branch) for c in queue] == [
        ("email address", "north@example.org", "Souther@example.org")
    ]
    conflicts.resolve_conflict(south.ctx, south.sign_in(supervisor), queue[0].id, keep="branch")
    south.sync()
    north.sync()
    assert_agree(central.ctx.db, north.db, south.db)
    for place in (north, south):
        found = customers.search_customers(place.ctx, place.sign_in(agent), "souther@example")
        assert [c.id for c in found] == [view.id]


def test_a_push_and_a_head_office_edit_of_the_same_record_do_not_deadlock(
    central: Desk, agent: Member, north: Branch
) -> None:
    view = central.customer(agent)
    north.sync()
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "North Name"}, verified_by="callback"
    )
    failures: list[BaseException] = []

    def push() -> None:
        try:
            north.sync()
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    pusher = threading.Thread(target=push)
    with central.ctx.db.write() as session:  # a head-office edit, still open
        row = session.get(Customer, uuid.UUID(view.id))
        assert row is not None
        row.note = "called back"
        session.flush()
        pusher.start()
        with central.ctx.db.engine.connect() as watcher:  # the push now waits for us
            deadline = time.monotonic() + 20
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            while not watcher.execute(waiting).scalar() and time.monotonic() < deadline:
                watcher.rollback()
        assert pusher.is_alive()
    pusher.join(30)
    assert failures == []
    with central.ctx.db.read() as session:
        row = session.get(Customer, uuid.UUID(view.id))
        assert row is not None and (row.name, row.note) == ("North Name", "called back")
