"""Upgrading repairs search terms left stale by synchronisation before revision 0007.

The repair is now part of 0010_search_by_role, which rebuilds every customer's terms
with their kinds; the databases are taken back to 0007 for real to test it.
"""

from __future__ import annotations

from sqlalchemy import text
from support.branches import Branch, stale_search_terms
from support.desk import Desk, Member

from voxprivacy.services import customers
from voxprivacy.storage import schema
from voxprivacy.storage.database import Database


def _as_before_the_fix(db: Database, customer_id: str, terms: list[str]) -> None:
    """The customer's terms as an older version left them, and the schema two revisions back."""
    from alembic import command

    cfg = schema._config()
    with db.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    with db.engine.begin() as conn:
        key = (
            customer_id if db.engine.dialect.name == "postgresql" else customer_id.replace("-", "")
        )
        conn.execute(text("DELETE FROM customer_search_terms WHERE customer_id = :c"), {"c": key})
        for term in terms:
            conn.execute(
                text("INSERT INTO customer_search_terms (customer_id, term) VALUES (:c, :t)"),
                {"c": key, "t": term},
            )
        conn.execute(text("UPDATE alembic_version SET version_num = '0006'"))


def test_upgrading_rebuilds_terms_a_push_left_stale_at_the_hub_and_a_branch(
    central: Desk, agent: Member, north: Branch
) -> None:
    view = central.customer(agent)
    north.sync()
    customers.edit_customer(
        north.ctx, north.sign_in(agent), view.id, {"name": "Ada Lovelace"}, verified_by="callback"
    )
    north.sync()
    # what the hub held before 0007: the old name's words, not the new one's
    old_terms = ["jurgen", "muller", "j.mueller@example.de", "j", "mueller", "4930", "301234567"]
    for db in (central.ctx.db, north.db):
        _as_before_the_fix(db, str(view.id), old_terms)
        with db.engine.connect() as conn:
            held = set(conn.execute(text("SELECT term FROM customer_search_terms")).scalars())
        assert "lovelace" not in held and set(old_terms) <= held

    for db in (central.ctx.db, north.db):
        assert schema.upgrade(db) == ("0006", schema.head_revision())
        assert stale_search_terms(db) == {}
    for place, actor in ((central.ctx, central.admin.actor), (north.ctx, north.sign_in(agent))):
        assert [c.id for c in customers.search_customers(place, actor, "lovelace")] == [view.id]
        assert customers.search_customers(place, actor, "muller") == []
    north.sync()  # the branch and the centre are on the same revision again
