"""Retention at head office reaches the branches as an erasure does; a branch does not run it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support.branches import Branch, assert_agree, raw_bytes
from support.desk import Desk, Member

from voxprivacy.errors import Refused
from voxprivacy.services import auth, customers, retention
from voxprivacy.storage import models as m
from voxprivacy.storage.database import Database


def _count(db: Database, model: type[m.Base]) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_an_anonymisation_by_retention_at_the_centre_reaches_the_branches(
    central: Desk, agent: Member, supervisor: Member, north: Branch, south: Branch
) -> None:
    view = central.customer(agent, "Quirin Wolkenstein", email="quirin@example.org")
    customers.record_interaction(central.ctx, agent.actor, view.id, "phone", "wolkenstein call")
    old = central.customer(agent, "Rosa Ahlgren", email="rosa@example.org")
    customers.record_interaction(central.ctx, agent.actor, old.id, "phone", "ahlgren call")
    central.step_up(supervisor)
    customers.terminate_account(central.ctx, supervisor.actor, view.id, "moved away")
    north.sync()
    south.sync()
    assert b"Wolkenstein" in raw_bytes(south.db)

    central.clock.advance(days=800)  # past the periods of terminated customers and interactions
    admin = central.admin
    admin.actor = auth.sign_in(central.ctx, admin.username, admin.password)
    central.step_up(admin)
    done = retention.run_retention(central.ctx, admin.actor)
    assert done.counts["terminated-customers"] == 1 and done.counts["interactions"] == 1

    north.sync()
    south.sync()
    for place in (north, south):
        tomb = customers.show_customer(place.ctx, place.sign_in(supervisor), view.id)
        assert (tomb.status, tomb.name) == ("erased", "")
        assert _count(place.db, m.Interaction) == 0
    south.db.purge_freed_pages()
    assert b"Wolkenstein" not in raw_bytes(south.db)
    for place in (north, south, north):  # the sign-ins above travel too
        place.sync()
    assert_agree(south.db, central.ctx.db, north.db)

    with pytest.raises(Refused, match="Retention runs at head office"):
        retention.run_retention(north.ctx, north.sign_in(admin))
