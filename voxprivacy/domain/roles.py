"""What each role may see and do: the one table every service consults.

Agents serve customers on the phone: contact data, services, consents,
interactions, privacy requests. Finance sees billing data and the name it needs
to match a payment, nothing else; an access request's billing data (cards,
invoices) is released by finance as a part of its own, never by an agent or a
supervisor, who see only that it exists. Supervisors do what agents do and approve,
resolve and read the audit trail. Admins manage staff and the installation.
"""

from __future__ import annotations

from enum import StrEnum

from voxprivacy.domain.enums import Role


class Section(StrEnum):
    """Parts of a customer record, shown or hidden as a whole."""

    IDENTITY = "identity"  # name, company, kind, status, account number
    CONTACT = "contact"  # addresses, phones, emails, preferred channel
    SERVICES = "services"
    CONSENTS = "consents"
    INTERACTIONS = "interactions"
    BILLING = "billing"  # card on file (brand, last four, expiry), invoices
    BILLING_ADDRESS = "billing_address"
    REQUESTS = "requests"  # privacy requests and disclosures


class TermKind(StrEnum):
    """Where a word of the customer search index comes from."""

    ACCOUNT = "account"  # the account number
    NAME = "name"  # words of the name and the company
    EMAIL = "email"  # email addresses and the words of their local parts
    PHONE = "phone"  # phone digits, international and national


# A term is searchable by a role that sees the section its field belongs to: a match
# reveals the field's value as surely as showing it would.
TERM_SECTION: dict[TermKind, Section] = {
    TermKind.ACCOUNT: Section.IDENTITY,
    TermKind.NAME: Section.IDENTITY,
    TermKind.EMAIL: Section.CONTACT,
    TermKind.PHONE: Section.CONTACT,
}


class Permission(StrEnum):
    SEARCH_CUSTOMERS = "search_customers"
    EDIT_CUSTOMERS = "edit_customers"
    SET_CONSENTS = "set_consents"
    RECORD_INTERACTIONS = "record_interactions"
    IMPORT_UNSUBSCRIBES = "import_unsubscribes"
    TERMINATE_ACCOUNTS = "terminate_accounts"
    MANAGE_STAFF = "manage_staff"
    UNLOCK_STAFF = "unlock_staff"
    READ_AUDIT = "read_audit"
    EDIT_BILLING = "edit_billing"
    PROCESS_REQUESTS = "process_requests"
    APPROVE_ERASURE = "approve_erasure"
    RECORD_DISCLOSURES = "record_disclosures"
    CONFIGURE = "configure"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    RELEASE_BILLING = "release_billing"  # write the billing part of an access package
    MANAGE_SESSIONS = "manage_sessions"  # list staff's server sessions and revoke one
    MANAGE_SERVICES = "manage_services"  # add, change and end a customer's subscriptions
    REACTIVATE_ACCOUNTS = "reactivate_accounts"  # undo a termination within the grace period
    BACKUP = "backup"  # create and restore backups of the database
    VIEW_REPORTS = "view_reports"  # the data protection officer's reports and exports
    VIEW_RETENTION = "view_retention"  # the retention schedule, what is due, past runs
    MANAGE_RETENTION = "manage_retention"  # set the retention schedule and run it
    EXPORT_AUDIENCES = "export_audiences"  # newsletter and product-update mailing lists


SECTIONS: dict[Role, frozenset[Section]] = {
    Role.AGENT: frozenset(
        {
            Section.IDENTITY,
            Section.CONTACT,
            Section.SERVICES,
            Section.CONSENTS,
            Section.INTERACTIONS,
            Section.REQUESTS,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Section.IDENTITY,
            Section.CONTACT,
            Section.SERVICES,
            Section.CONSENTS,
            Section.INTERACTIONS,
            Section.REQUESTS,
        }
    ),
    Role.FINANCE: frozenset({Section.IDENTITY, Section.BILLING, Section.BILLING_ADDRESS}),
    Role.ADMIN: frozenset({Section.IDENTITY}),
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(
        {
            Permission.SEARCH_CUSTOMERS,
            Permission.EDIT_CUSTOMERS,
            Permission.SET_CONSENTS,
            Permission.RECORD_INTERACTIONS,
            Permission.PROCESS_REQUESTS,
            Permission.RECORD_DISCLOSURES,
            Permission.MANAGE_SERVICES,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.SEARCH_CUSTOMERS,
            Permission.EDIT_CUSTOMERS,
            Permission.SET_CONSENTS,
            Permission.RECORD_INTERACTIONS,
            Permission.IMPORT_UNSUBSCRIBES,
            Permission.TERMINATE_ACCOUNTS,
            Permission.UNLOCK_STAFF,
            Permission.READ_AUDIT,
            Permission.PROCESS_REQUESTS,
            Permission.APPROVE_ERASURE,
            Permission.RECORD_DISCLOSURES,
            Permission.RESOLVE_CONFLICTS,
            Permission.MANAGE_SESSIONS,
            Permission.MANAGE_SERVICES,
            Permission.REACTIVATE_ACCOUNTS,
            Permission.VIEW_REPORTS,
            Permission.VIEW_RETENTION,
            Permission.EXPORT_AUDIENCES,
        }
    ),
    Role.FINANCE: frozenset(
        {Permission.SEARCH_CUSTOMERS, Permission.EDIT_BILLING, Permission.RELEASE_BILLING}
    ),
    Role.ADMIN: frozenset(
        {
            Permission.SEARCH_CUSTOMERS,
            Permission.MANAGE_STAFF,
            Permission.UNLOCK_STAFF,
            Permission.READ_AUDIT,
            Permission.IMPORT_UNSUBSCRIBES,
            Permission.TERMINATE_ACCOUNTS,
            Permission.CONFIGURE,
            Permission.MANAGE_SESSIONS,
            Permission.BACKUP,
            Permission.VIEW_REPORTS,
            Permission.VIEW_RETENTION,
            Permission.MANAGE_RETENTION,
        }
    ),
}


def sections_for(role: Role) -> frozenset[Section]:
    return SECTIONS[role]


def may(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]


def searchable_kinds(role: Role) -> frozenset[TermKind]:
    """The kinds of search term the role's searches may match."""
    sections = SECTIONS[role]
    return frozenset(kind for kind, section in TERM_SECTION.items() if section in sections)
