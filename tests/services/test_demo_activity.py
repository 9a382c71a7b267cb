"""A demo of realistic size has privacy requests in every state and disclosures, so a
supervisor's queue is not empty; the same seed gives the same ones."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy.domain.requests import RequestStatus
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import audit, auth, requests
from voxprivacy.services.context import Context
from voxprivacy.services.demo import ACTIVITY_FROM, DemoResult, generate_demo
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import Customer, Disclosure, PrivacyRequest
from voxprivacy.storage.schema import upgrade

pytestmark = pytest.mark.local_only(
    reason="demo data is generated into a new local database, never through the server"
)


def _sign_in(ctx: Context, result: DemoResult, role: str) -> auth.Actor:
    member = next(s for s in result.staff if s.role == role)
    return auth.sign_in(ctx, member.username, member.password)


def test_the_queue_has_requests_in_every_state_and_disclosures(db: Database) -> None:
    ctx = Context(db, SecretStore())
    result = generate_demo(ctx, 150, seed=9)
    supervisor = _sign_in(ctx, result, "supervisor")
    queue = requests.list_requests(ctx, supervisor)
    states = Counter(r.status for r in queue)
    assert set(states) == {str(s) for s in RequestStatus}
    assert all(count >= 2 for count in states.values()), states
    waiting = requests.list_requests(ctx, supervisor, status="open")
    assert len(waiting) >= 8
    assert any(r.days_left < 0 for r in waiting)  # overdue
    assert any(0 < r.days_left <= 5 for r in waiting)  # near its deadline
    assert any(r.extended and r.extension_reason for r in waiting)
    assert Counter(r.kind for r in waiting if r.status == "pending_approval")["erasure"] >= 2
    # four eyes: no erasure decided by the one who opened it
    assert all(r.decided_by != r.opened_by for r in queue if r.decided_by)
    shown = requests.show_request(ctx, supervisor, waiting[0].reference)
    assert [step.action for step in shown.timeline][:2] == ["identity_verified", "opened"]
    corrected = next(r for r in queue if r.kind == "rectification" and r.status == "completed")
    changes = requests.show_request(ctx, supervisor, corrected.reference).changes
    assert [(c.field, c.after) for c in changes] == [("name", corrected.customer_name)]
    erased = [r for r in queue if r.kind == "erasure" and r.status == "completed"]
    assert [r.customer_name for r in erased] == [""]
    with ctx.db.read() as session:
        told = session.execute(select(Disclosure.customer_id, Disclosure.basis)).all()
    assert len(told) >= 2 and all(basis.startswith("consent of ") for _, basis in told)
    agent = _sign_in(ctx, result, "agent")
    listed = requests.list_disclosures(ctx, agent, str(told[0].customer_id))
    assert listed and listed[0].basis.startswith("consent of ")
    assert audit._verify(ctx, None).ok


def _activity(tmp_path: Path, name: str, customers: int, seed: int) -> list[tuple[str, ...]]:
    db = open_database(parse_target(f"sqlite:///{tmp_path}/{name}.db"), SecretStore(), create=True)
    try:
        upgrade(db)
        generate_demo(Context(db, SecretStore()), customers, seed=seed)
        with db.read() as session:
            rows = session.execute(
                select(
                    PrivacyRequest.reference,
                    PrivacyRequest.kind,
                    PrivacyRequest.status,
                    Customer.account_number,
                )
                .join(Customer, Customer.id == PrivacyRequest.customer_id)
                .order_by(PrivacyRequest.reference)
            ).all()
        # an erased record's pseudonym comes from its (random) id; the rest is the seed's
        return [(*row[:3], "ERASED" if row[3].startswith("ERASED-") else row[3]) for row in rows]
    finally:
        db.dispose()


def test_the_same_seed_gives_the_same_requests_and_small_demos_have_none(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    first = _activity(tmp_path, "a", ACTIVITY_FROM, 21)
    assert first and first == _activity(tmp_path, "b", ACTIVITY_FROM, 21)
    assert first != _activity(tmp_path, "c", ACTIVITY_FROM, 22)
    assert _activity(tmp_path, "d", ACTIVITY_FROM - 1, 21) == []
