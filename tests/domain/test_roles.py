"""The role table every service consults: who sees which part of a record, who may do what."""

from __future__ import annotations

import pytest

from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import PERMISSIONS, SECTIONS, Permission, Section, may, sections_for

P = Permission
S = Section


def test_every_role_has_a_row_in_both_tables() -> None:
    assert set(SECTIONS) == set(Role) == set(PERMISSIONS)


def test_every_role_sees_who_the_customer_is_and_may_search() -> None:
    for role in Role:
        assert S.IDENTITY in sections_for(role)
        assert may(role, P.SEARCH_CUSTOMERS)


def test_finance_sees_billing_and_nothing_more() -> None:
    assert sections_for(Role.FINANCE) == {S.IDENTITY, S.BILLING, S.BILLING_ADDRESS}
    assert PERMISSIONS[Role.FINANCE] == {P.SEARCH_CUSTOMERS, P.EDIT_BILLING, P.RELEASE_BILLING}
    for role in (Role.AGENT, Role.SUPERVISOR, Role.ADMIN):
        assert S.BILLING not in sections_for(role)
        assert not may(role, P.EDIT_BILLING)
        assert not may(role, P.RELEASE_BILLING)


def test_agents_serve_customers_and_do_not_manage_or_approve() -> None:
    agent = sections_for(Role.AGENT)
    assert agent == {S.IDENTITY, S.CONTACT, S.SERVICES, S.CONSENTS, S.INTERACTIONS, S.REQUESTS}
    for permission in (
        P.EDIT_CUSTOMERS,
        P.SET_CONSENTS,
        P.RECORD_INTERACTIONS,
        P.PROCESS_REQUESTS,
        P.RECORD_DISCLOSURES,
    ):
        assert may(Role.AGENT, permission)
    for permission in (
        P.APPROVE_ERASURE,
        P.READ_AUDIT,
        P.MANAGE_STAFF,
        P.UNLOCK_STAFF,
        P.TERMINATE_ACCOUNTS,
        P.CONFIGURE,
        P.RESOLVE_CONFLICTS,
        P.IMPORT_UNSUBSCRIBES,
    ):
        assert not may(Role.AGENT, permission)


def test_a_supervisor_does_what_an_agent_does_and_decides() -> None:
    assert sections_for(Role.SUPERVISOR) == sections_for(Role.AGENT)
    assert PERMISSIONS[Role.AGENT] < PERMISSIONS[Role.SUPERVISOR]
    assert PERMISSIONS[Role.SUPERVISOR] - PERMISSIONS[Role.AGENT] == {
        P.APPROVE_ERASURE,
        P.READ_AUDIT,
        P.UNLOCK_STAFF,
        P.TERMINATE_ACCOUNTS,
        P.IMPORT_UNSUBSCRIBES,
        P.RESOLVE_CONFLICTS,
        P.MANAGE_SESSIONS,
        P.REACTIVATE_ACCOUNTS,
        P.VIEW_REPORTS,
        P.VIEW_RETENTION,
        P.EXPORT_AUDIENCES,
    }


def test_agents_and_supervisors_manage_services_and_only_supervisors_reactivate() -> None:
    assert {r for r in Role if may(r, P.MANAGE_SERVICES)} == {Role.AGENT, Role.SUPERVISOR}
    assert [r for r in Role if may(r, P.REACTIVATE_ACCOUNTS)] == [Role.SUPERVISOR]
    assert [r for r in Role if may(r, P.EDIT_BILLING)] == [Role.FINANCE]


def test_only_supervisors_approve_erasures_and_settle_conflicts() -> None:
    assert [r for r in Role if may(r, P.APPROVE_ERASURE)] == [Role.SUPERVISOR]
    assert [r for r in Role if may(r, P.RESOLVE_CONFLICTS)] == [Role.SUPERVISOR]


def test_admins_run_the_installation_and_see_no_customer_data_beyond_identity() -> None:
    assert sections_for(Role.ADMIN) == {S.IDENTITY}
    assert [r for r in Role if may(r, P.MANAGE_STAFF)] == [Role.ADMIN]
    assert [r for r in Role if may(r, P.CONFIGURE)] == [Role.ADMIN]
    for permission in (
        P.EDIT_CUSTOMERS,
        P.SET_CONSENTS,
        P.RECORD_INTERACTIONS,
        P.PROCESS_REQUESTS,
        P.RECORD_DISCLOSURES,
        P.APPROVE_ERASURE,
    ):
        assert not may(Role.ADMIN, permission)


def test_the_audit_trail_is_for_supervisors_and_admins() -> None:
    assert {r for r in Role if may(r, P.READ_AUDIT)} == {Role.SUPERVISOR, Role.ADMIN}


def test_reports_are_for_supervisors_and_admins() -> None:
    assert {r for r in Role if may(r, P.VIEW_REPORTS)} == {Role.SUPERVISOR, Role.ADMIN}


@pytest.mark.parametrize("permission", list(Permission))
def test_every_permission_belongs_to_some_role(permission: Permission) -> None:
    assert any(may(role, permission) for role in Role)


@pytest.mark.parametrize("section", list(Section))
def test_every_section_is_shown_to_some_role(section: Section) -> None:
    assert any(section in sections_for(role) for role in Role)


def test_the_tables_cannot_be_changed_at_run_time() -> None:
    assert all(isinstance(v, frozenset) for v in (*SECTIONS.values(), *PERMISSIONS.values()))


def test_admins_keep_the_retention_schedule_and_supervisors_see_it() -> None:
    assert [r for r in Role if may(r, P.MANAGE_RETENTION)] == [Role.ADMIN]
    assert {r for r in Role if may(r, P.VIEW_RETENTION)} == {Role.ADMIN, Role.SUPERVISOR}
    # audiences hold email addresses: only a role that sees contact data exports them
    assert [r for r in Role if may(r, P.EXPORT_AUDIENCES)] == [Role.SUPERVISOR]
