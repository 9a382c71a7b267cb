"""The audit trail: append-only, hash-chained, values never recorded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from support.desk import Desk

from voxprivacy.domain.enums import Role
from voxprivacy.services import audit, customers
from voxprivacy.storage.models import AuditEvent


def _raw(desk: Desk, *statements: str) -> None:
    """Tamper as someone with the sqlite3 shell or psql would: triggers off, then SQL."""
    with desk.ctx.db.engine.begin() as conn:
        if desk.ctx.db.dialect == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def test_untouched_chain_verifies(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    desk.customer(agent)
    report = audit.verify_chain(desk.ctx, desk.admin.actor)
    assert report.ok and report.events > 5
    assert audit.chain_head(desk.ctx, desk.admin.actor)[0] == report.head_seq + 1


def test_update_and_delete_are_refused_by_the_database(desk: Desk) -> None:
    for statement in ("UPDATE audit_events SET outcome = 'ok'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), desk.ctx.db.engine.begin() as c:
            c.execute(text(statement))


def test_a_changed_row_is_named(desk: Desk) -> None:
    desk.member(Role.AGENT, "anna")
    _raw(desk, "UPDATE audit_events SET action = 'nothing.happened' WHERE seq = 3")
    report = audit.verify_chain(desk.ctx, desk.admin.actor)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "entry 3" in (report.problem or "")


def test_a_deleted_row_in_the_middle_is_named(desk: Desk) -> None:
    desk.member(Role.AGENT, "anna")
    _raw(desk, "DELETE FROM audit_events WHERE seq = 4")
    report = audit.verify_chain(desk.ctx, desk.admin.actor)
    assert (report.ok, report.first_bad_seq) == (False, 4)


def test_cut_off_entries_are_caught_against_a_saved_head(desk: Desk) -> None:
    desk.member(Role.AGENT, "anna")
    saved = audit.chain_head(desk.ctx, desk.admin.actor)
    assert audit.verify_chain(desk.ctx, desk.admin.actor, expect=saved).ok
    last = saved[0] + 1  # verify_chain appended its own entry
    _raw(
        desk,
        f"DELETE FROM audit_events WHERE seq >= {saved[0]}",
        f"UPDATE audit_head SET seq = {saved[0] - 1}, hash = "
        f"(SELECT hash FROM audit_events WHERE seq = {saved[0] - 1})",
    )
    report = audit.verify_chain(desk.ctx, desk.admin.actor, expect=saved)
    assert not report.ok
    assert "cut off" in (report.problem or "")
    assert last > saved[0]


def test_events_name_fields_but_never_values(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    customers.edit_customer(
        desk.ctx,
        agent.actor,
        view.account_number,
        {"email": "secret.address@example.org", "name": "Zelda Zonk"},
        verified_by="callback",
    )
    with desk.ctx.db.read() as session:
        rows = session.query(AuditEvent).all()
    dump = json.dumps([vars(r) for r in rows], default=str)
    assert "secret.address" not in dump and "Zelda" not in dump and "Müller" not in dump
    edit = [r for r in rows if r.action == "customer.edit"][-1]
    assert json.loads(edit.fields) == ["email", "name"]
    assert edit.entity_id == view.id
