"""The policy head office applies a branch's changes by: complete, and what it says.

Every synchronised table has a policy and every synchronised column a rule, so a
table or column added later cannot travel from a branch until someone decides who
may write it there.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import cast

import pytest
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import Role
from voxprivacy.storage import wire
from voxprivacy.storage.wire import Action, Operation, RowChange
from voxprivacy.sync import policy

ME = uuid.UUID("01a25300-0000-7000-8000-0000000000aa")
CID = "01a25300-0000-7000-8000-0000000000cc"
# checks that read nothing from head office's database
VIEW = policy.HubView(cast(Session, None), "central", datetime(2026, 12, 8, tzinfo=UTC))


def test_every_synchronised_table_and_column_has_a_rule() -> None:
    assert set(policy.POLICY) == set(wire.SYNCED)
    for name, spec in wire.SYNCED.items():
        columns = set(spec.columns) - {spec.pk}
        assert set(policy.POLICY[name].fields) == columns, name
        assert set(policy.POLICY[name].signer_fields) <= columns, name


def test_what_never_comes_from_a_branch_is_refused_to_every_role() -> None:
    never = {
        ("staff", "role"),
        ("staff", "password_hash"),
        ("staff", "totp_secret"),
        ("staff", "active"),
        ("staff_keys", "public_key"),
        ("recovery_codes", "code_hash"),
        ("settings", "value"),
        ("invoices", "amount_cents"),
        ("customers", "account_number"),
    }
    for table, column in never:
        assert policy.POLICY[table].fields[column].never, (table, column)
    for table in ("staff", "staff_keys", "recovery_codes", "settings", "invoices"):
        assert policy.POLICY[table].insert.never and policy.POLICY[table].delete.never


def _check(role: Role, *changes: RowChange) -> str | None:
    try:
        policy.check(Operation(changes), policy.Signer(ME, "someone", role), VIEW)
    except policy.Refusal as refused:
        return str(refused)
    return None


def _rename(name: str) -> RowChange:
    return RowChange("customers", CID, Action.UPDATE, {"name": name}, CID, base={})


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.AGENT, True), (Role.SUPERVISOR, True), (Role.FINANCE, False), (Role.ADMIN, False)],
)
def test_a_customers_name_is_changed_only_by_roles_that_edit_records(
    role: Role, allowed: bool
) -> None:
    reason = _check(role, _rename("New Name"))
    if allowed:
        assert reason is None
    else:
        assert reason == f"change 1 (customers): {role} someone may not change customers.name"


def test_a_member_moves_only_their_own_second_factor_step() -> None:
    mine = RowChange("staff", str(ME), Action.UPDATE, {"totp_last_step": 99}, base={})
    theirs = RowChange("staff", str(uuid.uuid4()), Action.UPDATE, {"totp_last_step": 99}, base={})
    assert _check(Role.AGENT, mine) is None
    assert _check(Role.AGENT, theirs) == (
        "change 1 (staff): change staff.totp_last_step of another member may not come from a branch"
    )
    unenrol = RowChange("staff", str(ME), Action.UPDATE, {"totp_enrolled": False}, base={})
    assert "a second factor is reset at head office" in (_check(Role.ADMIN, unenrol) or "")


def test_an_approval_a_fake_erased_status_and_another_members_name_are_refused() -> None:
    approve = RowChange(
        "privacy_requests", str(uuid.uuid4()), Action.UPDATE, {"status": "approved"}, CID, base={}
    )
    assert "an erasure is approved at head office" in (_check(Role.SUPERVISOR, approve) or "")
    erased = RowChange("customers", CID, Action.UPDATE, {"status": "erased"}, CID, base={})
    assert "only through an erasure request approved at head office" in (
        _check(Role.SUPERVISOR, erased) or ""
    )
    settle = RowChange(
        "sync_conflicts",
        str(uuid.uuid4()),
        Action.UPDATE,
        {"resolved_by": str(uuid.uuid4()), "resolution": "central"},
        base={},
    )
    assert "names another member than the signer" in (_check(Role.SUPERVISOR, settle) or "")
    own = RowChange(
        "sync_conflicts",
        str(uuid.uuid4()),
        Action.UPDATE,
        {"resolved_by": str(ME), "resolution": "central"},
        base={},
    )
    assert _check(Role.SUPERVISOR, own) is None
    assert "may not change sync_conflicts.resolved_by" in (_check(Role.AGENT, own) or "")


def test_rows_no_service_changes_are_refused_whatever_the_role() -> None:
    rewrite = RowChange(
        "interactions", str(uuid.uuid4()), Action.UPDATE, {"summary": "never said"}, CID, base={}
    )
    delete = RowChange("consent_events", str(uuid.uuid4()), Action.DELETE, customer=CID, base={})
    for role in Role:
        assert "may not come from a branch" in (_check(role, rewrite) or ""), role
        assert "may not come from a branch" in (_check(role, delete) or ""), role
