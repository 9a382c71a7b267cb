"""``voxprivacy-admin [--db URL] [--user NAME] [--totp CODE] [--json] COMMAND … [OPTIONS]``

The global options (--db, --user, --totp, --json) may also follow the command.

The table of commands and the entry point, where errors become exit
statuses: 0 done, 1 a check found a problem, 2 bad usage or input (nothing
was written), 3 refused, 75 the database is busy (try again). Errors are one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from voxprivacy import __version__, i18n
from voxprivacy.cli.arguments import (
    CHANNELS,
    KINDS,
    METHODS,
    PROG,
    PURPOSES,
    REQUEST_STATUSES,
    ROLES,
    SERVER_INIT_EPILOG,
    SOURCES,
    STATUSES,
    SYNC_EPILOG,
    DeferredSubParsers,
    Handler,
    add_command,
    add_global_options,
    add_group,
    card_fields,
    command_name,
    config_argument,
    count,
    deadline,
    fields_epilog,
    handler_of,
    positive,
    products_epilog,
    request_argument,
    seed,
    spelled,
    verified_by_argument,
)
from voxprivacy.cli.failures import database_error, fail, first_line
from voxprivacy.domain.catalog import PRODUCTS, NumberFate
from voxprivacy.domain.enums import CONFLICT_SIDES, Purpose
from voxprivacy.domain.reports import FORMATS, REPORT_NAMES, filters_for
from voxprivacy.domain.retention import RetentionKind
from voxprivacy.domain.wording import printed_values
from voxprivacy.errors import InvalidFields, VoxError

RETENTION_KINDS = printed_values(RetentionKind)

DESCRIPTION = """\
Administer the voxprivacy privacy desk from a terminal or a script.

The database is --db URL, else $VOXPRIVACY_DB, else the encrypted file in your
data directory. With --server URL (or $VOXPRIVACY_SERVER) the commands run on the
head office server instead, and this machine holds no database and no keys.
The acting staff member is --user or $VOXPRIVACY_USER; the
password comes from $VOXPRIVACY_PASSWORD (or a prompt in a terminal). Commands
that change data also need the current code from your authenticator: --totp,
$VOXPRIVACY_TOTP or a prompt in a terminal.

exit status: 0 done, 1 a check found a problem, 2 bad usage or input,
3 refused (sign-in, second factor, role), 75 the database is busy (another
session holds a lock; nothing was written, try again)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--language",
        metavar="CODE",
        choices=list(i18n.LANGUAGES),
        help="language of messages and output: en, fr or nl (default: from $LANGUAGE, "
        "$LC_ALL, $LC_MESSAGES or $LANG; English otherwise)",
    )
    add_global_options(parser, after_command=False)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, action=DeferredSubParsers
    )

    p = add_command(
        sub,
        "init",
        "commands.init",
        "create or upgrade the database; on a database without staff create the first admin",
    )
    p.add_argument(
        "--admin",
        metavar="NAME",
        help="user name of the first admin (its password comes from $VOXPRIVACY_PASSWORD)",
    )

    p = add_command(
        sub,
        "demo",
        "commands.demo",
        "fill a new, empty database with made-up customers and one demo account per role",
    )
    p.add_argument(
        "--customers", metavar="N", type=count, required=True, help="how many customers to make up"
    )
    p.add_argument("--seed", metavar="S", type=seed, help="same seed, same data")

    staff = add_group(sub, "staff", "manage staff accounts")
    p = add_command(
        staff,
        "add",
        "commands.staff_add",
        "add a staff member (admins); the initial password is the first line of standard input",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--display-name", metavar="TEXT")
    add_command(staff, "list", "commands.staff_list", "list staff members")
    p = add_command(
        staff, "unlock", "commands.staff_unlock", "unlock an account locked after failed attempts"
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(
        staff,
        "reset-2fa",
        "commands.staff_reset_2fa",
        "give a staff member a new authenticator secret and recovery codes",
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(
        staff,
        "reset-password",
        "commands.staff_reset_password",
        "set a staff member's password (first line of standard input); their second factor "
        "is reset too and must be enrolled again",
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(staff, "set-role", "commands.staff_set_role", "change a staff member's role")
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", metavar="ROLE", choices=ROLES, help=", ".join(ROLES))
    p = add_command(
        staff, "deactivate", "commands.staff_deactivate", "stop a staff member from signing in"
    )
    p.add_argument("name", metavar="NAME")

    group = add_group(sub, "sessions", "staff sessions on the head office server")
    p = add_command(
        group,
        "list",
        "commands.sessions_list",
        "open sessions on the server, newest first (supervisors, admins; with --server)",
    )
    p.add_argument("--name", metavar="NAME", help="only this staff member's sessions")
    p.add_argument("--all", action="store_true", help="ended sessions too")
    p = add_command(
        group,
        "revoke",
        "commands.sessions_revoke",
        "end a staff member's session now: its next request is refused",
    )
    p.add_argument("session", metavar="ID", help="the session's id, from 'sessions list'")

    group = add_group(sub, "customers", "find, terminate and reactivate customers")
    p = add_command(
        group,
        "search",
        "commands.customers_search",
        "search by name, company, email, phone or account number (the fields your role sees)",
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        help="only customers with this status (repeatable)",
    )
    p.add_argument("--limit", metavar="N", type=positive, default=100)
    p = add_command(
        group,
        "register",
        "commands.customers_register",
        "register a new customer; warns of records on file with the same email, phone, or "
        "name and postal code; prints the new account number last",
        epilog=fields_epilog("customers register private 'Ada Lovelace'").replace(
            "'name=Ada Lovelace' email=ada@example.org",
            "email=ada@example.org address.private.street='1 Main St' "
            "address.private.postal_code=10115 address.private.city=Berlin "
            "address.private.country=DE --consent newsletter=on --consent-source phone",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("kind", choices=["private", "business"])
    p.add_argument("name", metavar="NAME", help="full name (of the contact person for a business)")
    p.add_argument("fields", metavar="FIELD=VALUE", nargs="*")
    p.add_argument(
        "--email", action="append", default=[], metavar="ADDRESS", help="an email (repeatable)"
    )
    p.add_argument(
        "--phone", action="append", default=[], metavar="NUMBER", help="a phone number (repeatable)"
    )
    p.add_argument(
        "--consent",
        action="append",
        default=[],
        metavar="PURPOSE=on|off",
        help=f"an initial consent (repeatable); purposes: {', '.join(PURPOSES)}",
    )
    p.add_argument(
        "--consent-source",
        choices=SOURCES,
        type=spelled(SOURCES),
        help="how the customer gave the initial consents (needed with --consent)",
    )
    p.add_argument("--consent-evidence", metavar="TEXT", help="reference, e.g. a form number")
    p.add_argument(
        "--even-if-duplicate",
        action="store_true",
        help="register although records on file look like the same customer",
    )
    _add_lifecycle_commands(group, sub)

    group = add_group(sub, "customer", "show or correct one customer's record")
    p = add_command(
        group, "show", "commands.customer_show", "show a record as your role may see it"
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p = add_command(
        group,
        "edit",
        "commands.customer_edit",
        "correct fields of a record",
        epilog=fields_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("changes", metavar="FIELD=VALUE", nargs="+")
    p.add_argument(
        "--expected-version",
        metavar="N",
        type=positive,
        help="refuse (exit 1) if the record is no longer at this version",
    )
    verified_by_argument(p)
    p.add_argument(
        "--confirm-impact",
        action="store_true",
        help="save a change that reaches a running service (without it, the impact is "
        "printed and nothing is saved)",
    )

    group = add_group(sub, "consent", "record a customer's consent")
    p = add_command(group, "set", "commands.consent_set", "switch one purpose on or off")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("purpose", choices=PURPOSES, type=spelled(PURPOSES))
    p.add_argument("state", choices=["on", "off"])
    p.add_argument(
        "--source",
        required=True,
        choices=SOURCES,
        type=spelled(SOURCES),
        help="how the customer told us",
    )
    p.add_argument("--evidence", metavar="TEXT", help="reference, e.g. a ticket or letter")
    verified_by_argument(p)

    group = add_group(sub, "interaction", "contacts with a customer: calls, emails, visits")
    p = add_command(group, "add", "commands.interaction_add", "record a contact with a customer")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument(
        "--channel",
        required=True,
        choices=CHANNELS,
        type=spelled(CHANNELS),
        help=", ".join(CHANNELS),
    )
    p.add_argument("--summary", required=True, metavar="TEXT", help="what it was about")
    p = add_command(
        group, "list", "commands.interaction_list", "a customer's contacts, newest first"
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--limit", metavar="N", type=positive, default=50)

    group = add_group(sub, "unsubscribe", "the newsletter's unsubscribe list")
    p = add_command(
        group,
        "import",
        "commands.unsubscribe_import",
        "withdraw newsletter consent for every address in a UTF-8 file, one per line",
    )
    p.add_argument("file", metavar="FILE", help="'-' reads standard input")

    group = add_group(sub, "audit", "the tamper-evident audit trail")
    p = add_command(
        group, "verify", "commands.audit_verify", "recompute the chain (exit 1 if it is broken)"
    )
    p.add_argument(
        "--head",
        metavar="SEQ:HASH",
        help="a head saved earlier with 'audit head'; catches entries cut off the end",
    )
    add_command(group, "head", "commands.audit_head", "print the newest entry as SEQ:HASH")

    group = add_group(sub, "key", "move the database's master key between workstations")
    add_command(group, "export", "commands.key_export", "print INSTALLATION_ID:KEY (admins)")
    add_command(
        group,
        "import",
        "commands.key_import",
        "store the line printed by 'key export' "
        "(read from standard input) in this workstation's keyring",
    )

    group = add_group(sub, "db", "database connection settings")
    add_command(
        group,
        "remember-password",
        "commands.db_remember_password",
        "keep the PostgreSQL password (first line of standard input) in the keyring",
    )

    _add_request_commands(sub)
    _add_report_commands(sub)
    _add_retention_commands(sub)

    group = add_group(sub, "settings", "settings of this installation (admins)")
    p = add_command(
        group,
        "request-deadline",
        "request_commands.settings_request_deadline",
        "days after receipt that new privacy requests are due (1 to 90; default 30)",
    )
    p.add_argument("days", metavar="DAYS", type=deadline)

    _add_branch_commands(sub)
    _add_server_commands(sub)

    group = add_group(sub, "backup", "encrypted backups of the database (admins)")
    p = add_command(group, "create", "backup_commands.backup_create", "write an encrypted copy")
    p.add_argument("file", metavar="FILE", help="the backup file to create")
    p = add_command(
        group,
        "restore",
        "backup_commands.backup_restore",
        "replace the database with a backup, then carry out again the erasures made since",
    )
    p.add_argument("file", metavar="FILE", help="a file made by 'backup create'")
    p.add_argument("--force", action="store_true", help="yes, replace the database")

    add_command(
        sub,
        "doctor",
        "doctor.doctor",
        "check the database, keyring, schema, master key, audit "
        "chain (with --user) and log directory; exit 1 if something is wrong",
    )
    return parser


def _add_branch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "sync",
        "sync_commands.sync",
        "synchronise this branch with the central database (no sign-in, no code)",
        epilog=SYNC_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--central",
        metavar="URL",
        help="the central PostgreSQL database, without its password (needed only to set "
        "the branch up; later runs use the one remembered)",
    )
    p.add_argument(
        "--branch",
        metavar="NAME",
        help="this branch's name when it is set up with --central (default: the machine's "
        "host name; with --enrol the name comes with the token)",
    )
    p.add_argument(
        "--enrol",
        metavar="TOKEN",
        help="set a new branch up through the head office server (--server URL) with the "
        "one-time token an admin issued",
    )
    p.set_defaults(server_is_head_office=True)
    status = p.add_subparsers(dest="sync_command", metavar="COMMAND", required=False)
    add_command(
        status,
        "status",
        "sync_commands.sync_status",
        "show this database's role, central database, changes waiting and the last sync "
        "(reads only this database)",
    )

    group = add_group(sub, "branch", "branch offices enrolled through the head office server")
    p = add_command(
        group,
        "enrol",
        "branch_commands.branch_enrol",
        "issue a one-time enrolment token for a branch (admins, fresh code)",
    )
    p.add_argument("name", metavar="NAME", help="the branch's name, as its changes carry it")
    p.add_argument(
        "--hours", type=float, default=24.0, help="how long the token works (default 24)"
    )
    add_command(group, "list", "branch_commands.branch_list", "enrolled branches (admins)")
    p = add_command(
        group,
        "revoke",
        "branch_commands.branch_revoke",
        "refuse every later request of a branch (admins, fresh code)",
    )
    p.add_argument("name", metavar="NAME")

    group = add_group(
        sub, "conflicts", "fields the central database and a branch changed differently"
    )
    p = add_command(
        group,
        "list",
        "sync_commands.conflicts_list",
        "open conflicts, oldest first, with both values (supervisors)",
    )
    p.add_argument("--all", action="store_true", help="also the conflicts already settled")
    p = add_command(
        group,
        "resolve",
        "sync_commands.conflicts_resolve",
        "settle a conflict: keep the central value, take the branch's, or type the right "
        "one (supervisors)",
    )
    p.add_argument("conflict", metavar="ID", help="the id shown by 'conflicts list'")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", choices=list(CONFLICT_SIDES), help="which side's value stays")
    how.add_argument("--value", metavar="TEXT", help="the right value, typed (text fields only)")


def _add_lifecycle_commands(
    customers_group: argparse._SubParsersAction[argparse.ArgumentParser],
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    p = add_command(
        customers_group,
        "terminate",
        "lifecycle_commands.customers_terminate",
        "show what terminating a customer ends; with --confirm, terminate today or --on a "
        "later day (supervisors)",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--reason", metavar="TEXT", required=True)
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it takes effect (default: today)")
    p.add_argument("--confirm", action="store_true", help="terminate (without it: preview only)")
    p = add_command(
        customers_group,
        "reactivate",
        "lifecycle_commands.customers_reactivate",
        "undo a termination within the grace period, or withdraw a scheduled one (supervisors)",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--reason", metavar="TEXT", required=True)
    add_command(
        customers_group,
        "run-terminations",
        "lifecycle_commands.customers_run_terminations",
        "carry out the scheduled terminations whose day has come (supervisors; e.g. daily "
        "from cron)",
    )

    group = add_group(sub, "service", "a customer's subscriptions: add, change, end")
    p = add_command(
        group,
        "add",
        "lifecycle_commands.service_add",
        "subscribe a customer to a product; prints the service id last",
        epilog=products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("product", choices=list(PRODUCTS), metavar="PRODUCT", help=", ".join(PRODUCTS))
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="*")
    verified_by_argument(p)
    p = add_command(
        group,
        "change",
        "lifecycle_commands.service_change",
        "change a running service's fields",
        epilog=products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("service", metavar="SERVICE", help="the service id ('customer show' lists it)")
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="+")
    verified_by_argument(p)
    p = add_command(
        group,
        "end",
        "lifecycle_commands.service_end",
        "end a service and say what becomes of its number",
    )
    p.add_argument("service", metavar="SERVICE", help="the service id ('customer show' lists it)")
    p.add_argument(
        "--number",
        choices=[f.value for f in NumberFate],
        help="released (after the quarantine; the default for a virtual number) or ported out",
    )
    verified_by_argument(p)

    group = add_group(
        sub, "card", "cards on file: the processor's token, brand, last four (finance)"
    )
    p = add_command(
        group, "add", "lifecycle_commands.card_add", "record a card; prints its id last"
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    card_fields(p)
    p = add_command(
        group, "replace", "lifecycle_commands.card_replace", "record a new card in place of one"
    )
    p.add_argument("card", metavar="CARD", help="the card id ('customer show' lists it)")
    card_fields(p)
    p = add_command(group, "remove", "lifecycle_commands.card_remove", "take a card off file")
    p.add_argument("card", metavar="CARD", help="the card id ('customer show' lists it)")


def _add_request_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = add_group(
        sub,
        "request",
        "customers' privacy requests: access, rectification, erasure, restriction, objection",
    )
    p = add_command(
        group,
        "open",
        "request_commands.request_open",
        "open a request once the caller's identity was verified; prints the request reference last",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=spelled(METHODS),
        help="how the caller's identity was verified (required): email-code (a "
        "code sent to the email on file), callback (to the number on file), pin "
        "(account PIN or security answer), in-person (with an identity document), "
        "written-request (a signed letter), in-branch (at a branch counter)",
    )
    p.add_argument("--note", metavar="TEXT")
    p.add_argument(
        "--purpose",
        dest="purposes",
        action="append",
        default=[],
        metavar="PURPOSE",
        help="restriction and objection: a purpose it is about (repeatable): "
        + ", ".join(printed_values(Purpose)),
    )
    p = add_command(
        group, "list", "request_commands.request_list", "the queue: overdue first, then by due date"
    )
    p.add_argument(
        "--status",
        choices=REQUEST_STATUSES,
        type=spelled(REQUEST_STATUSES),
        help="open, or one status",
    )
    p.add_argument("--customer", metavar="ID", help="only this customer's requests")
    p = add_command(
        group,
        "show",
        "request_commands.request_show",
        "one request: its fields, timeline, changes and, for an open erasure, the impact preview",
    )
    request_argument(p)
    p = add_command(
        group,
        "approve",
        "request_commands.request_approve",
        "approve an erasure (a supervisor who did not open it)",
    )
    request_argument(p)
    p = add_command(
        group, "deny", "request_commands.request_deny", "deny an erasure, with a reason"
    )
    request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "extend",
        "request_commands.request_extend",
        "extend the deadline once, by up to two months, with a reason",
    )
    request_argument(p)
    p.add_argument("--days", metavar="N", type=positive, required=True)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "lift",
        "request_commands.request_lift",
        "lift a restriction of processing, with a reason: its purposes may be used again",
    )
    request_argument(p)
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = add_command(
        group, "cancel", "request_commands.request_cancel", "cancel an open request, with a reason"
    )
    request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "complete",
        "request_commands.request_complete",
        "access: write the "
        "customer's package into --out DIR; rectification: apply the FIELD=VALUE "
        "corrections; erasure: carry out an approved erasure",
        epilog=fields_epilog("request complete PR-ABC234"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    request_argument(p)
    p.add_argument(
        "changes", metavar="FIELD=VALUE", nargs="*", help="the corrections of a rectification"
    )
    p.add_argument("--out", metavar="DIR", help="folder for an access package (JSON and HTML)")
    p = add_command(
        group,
        "release-billing",
        "request_commands.request_release_billing",
        "finance: write the billing part of an access request's package (payment cards, "
        "invoices, billing address) into --out DIR",
    )
    request_argument(p)
    p.add_argument(
        "--out", metavar="DIR", required=True, help="folder for the billing part (JSON and HTML)"
    )

    group = add_group(sub, "disclosure", "disclosures of a customer's data to third parties")
    p = add_command(
        group,
        "record",
        "request_commands.disclosure_record",
        "log a disclosure; refused without the customer's current third-party consent",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--to", metavar="RECIPIENT", required=True)
    p.add_argument("--data", metavar="TEXT", required=True, help="what was passed on")
    p = add_command(
        group, "list", "request_commands.disclosure_list", "a customer's disclosures, newest first"
    )
    p.add_argument("customer", metavar="ID", help="account number or id")


REPORT_HELP = {
    "requests": "privacy requests per month: opened, completed, overdue, extended, denied, "
    "median days to complete",
    "disclosures": "the register of disclosures to third parties, across customers",
    "consents": "customers' current consents per purpose and source",
    "consent-ledger": "every consent event: whose, which purpose, granted or not, how, when",
    "audit": "the audit trail, oldest first, filtered by staff, action, customer and dates",
}


def _add_report_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = add_group(sub, "report", "the data protection officer's reports (supervisors, admins)")
    for name in REPORT_NAMES:
        filters = filters_for(name)
        p = add_command(group, name, "report_commands.report_run", REPORT_HELP[name])
        if "from" in filters:
            p.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
            p.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD")
        if "staff" in filters:
            p.add_argument("--staff", metavar="NAME", help="only this staff member's entries")
            p.add_argument("--action", metavar="ACTION", help="only actions starting so")
            p.add_argument("--customer", metavar="ACCOUNT", help="only this customer's entries")
        p.add_argument("--format", choices=FORMATS, help="csv (default) or json")
        p.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")


def _add_retention_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kept = add_group(
        sub, "retention", "how long each kind of data is kept, and removing what is due"
    )
    add_command(
        kept,
        "show",
        "retention_commands.retention_show",
        "the schedule: each kind, its period, default and floor",
    )
    p = add_command(
        kept,
        "set",
        "retention_commands.retention_set",
        "admins: set one kind's period (asks the code)",
    )
    p.add_argument("kind", metavar="KIND", choices=RETENTION_KINDS, help=", ".join(RETENTION_KINDS))
    p.add_argument("days", metavar="DAYS", help="days the data is kept")
    p = add_command(
        kept,
        "run",
        "retention_commands.retention_run",
        "admins: remove what is due (asks the code); --dry-run lists it and changes nothing",
    )
    p.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    p.add_argument(
        "--scheduled",
        action="store_true",
        help="the timer's run on the host that holds the database: signs nobody in",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="with --scheduled on the head office's server host: the server's configuration "
        "(its database and secrets, from $CREDENTIALS_DIRECTORY when systemd sets it)",
    )
    mail = add_group(sub, "audience", "who receives the newsletter or product updates")
    p = add_command(
        mail,
        "export",
        "retention_commands.audience_export",
        "supervisors: the customers whose consent is on, without those who restricted it (CSV)",
    )
    p.add_argument("purpose", metavar="PURPOSE", choices=["newsletter", "product-updates"])
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")


def _add_server_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = add_group(sub, "server", "prepare and watch a head office server's host (run there)")
    p = add_command(
        server,
        "init",
        "server_commands.server_init",
        "prepare this host and its PostgreSQL database for voxprivacy-server: roles, schema, "
        "secrets, certificate, configuration, first admin (safe to run again)",
        epilog=SERVER_INIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--database",
        metavar="URL",
        required=True,
        help="the database as a PostgreSQL administrator (superuser or CREATEROLE), without "
        "a password, e.g. postgresql://postgres@localhost/voxprivacy (created if missing)",
    )
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help="the administrator's PostgreSQL password, first line of FILE (default: "
        "$PGPASSWORD, or a prompt in a terminal; never on the command line)",
    )
    p.add_argument(
        "--config-dir",
        metavar="DIR",
        default="/etc/voxprivacy",
        help="where server.toml and the certificate go (default: /etc/voxprivacy)",
    )
    p.add_argument(
        "--credentials",
        metavar="DIR",
        help="the private directory for the secrets (default: CONFIG_DIR/credentials)",
    )
    p.add_argument(
        "--hostname",
        metavar="NAME",
        action="append",
        help="a name or address workstations use to reach the server, for the certificate "
        "(repeatable; default: this host's name, localhost, 127.0.0.1)",
    )
    p.add_argument("--listen", metavar="ADDRESS", default="127.0.0.1", help="listen address")
    p.add_argument("--port", metavar="N", type=int, default=8443, help="listen port")
    p.add_argument("--owner-role", metavar="ROLE", default="voxprivacy_owner")
    p.add_argument("--app-role", metavar="ROLE", default="voxprivacy_app")
    p.add_argument(
        "--admin",
        metavar="NAME",
        help="user name of the first admin, for a database without staff (its password "
        "comes from $VOXPRIVACY_PASSWORD or a prompt)",
    )
    p.add_argument(
        "--master-key-file",
        metavar="FILE",
        help="moving a direct-connection setup over: the line 'voxprivacy-admin key export' "
        "printed (INSTALLATION_ID:KEY)",
    )
    p.add_argument(
        "--service-user",
        metavar="USER",
        help="give the credentials directory to this account (as root; not needed with "
        "systemd's LoadCredential=)",
    )
    p.add_argument(
        "--new-app-password",
        action="store_true",
        help="give the application role a new random password (then restart the server, and "
        "copy the file to every other server host)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the certificate (workstations then pin the new fingerprint) and the "
        "configuration, or set a password for an application role whose file is lost",
    )

    p = add_command(
        server,
        "log-head",
        "server_commands.server_log_head",
        "append the audit chain's head to an append-only log (run it from a timer)",
    )
    config_argument(p)
    p.add_argument("--log", metavar="FILE", required=True, help="the chain-head log")

    p = add_command(
        server,
        "check-chain",
        "server_commands.server_check_chain",
        "compare the chain with the heads in the log: exit 1 if its tail was rewritten or cut off",
    )
    config_argument(p)
    p.add_argument("--log", metavar="FILE", required=True, help="the chain-head log")


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (the entry point passes it to sys.exit).

    Only the command's own module is imported, after the arguments are parsed: --help,
    --version and usage errors never load a service, the storage layer or SQLAlchemy."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (status 2)
        return _exit_code(exc.code)
    i18n.set_language(getattr(args, "language", None) or i18n.system_language())
    import logging

    from voxprivacy import logs
    from voxprivacy.cli.session import Invocation

    log = logging.getLogger("voxprivacy.admin")
    with contextlib.suppress(OSError):  # an unwritable log directory must not stop IT
        logs.setup("admin")
    name = command_name(args.handler)
    log.info("command %s", name)
    invocation = Invocation(args, sys.stdout)
    try:
        handler: Handler = handler_of(args.handler)
        return handler(invocation)
    except InvalidFields as exc:
        fail("; ".join(exc.errors.values()))
        return exc.exit_status
    except VoxError as exc:
        fail(exc.message)
        return exc.exit_status
    except KeyboardInterrupt:
        fail(i18n._("interrupted; nothing more was done."))
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        status = database_error(exc, invocation.where)
        if status is not None:
            return status
        log.exception("internal error in %s", name)
        fail(
            i18n._("internal error: {kind}: {detail}").format(
                kind=type(exc).__name__, detail=first_line(exc)
            )
        )
        return 1
    finally:
        with contextlib.suppress(Exception):  # closing must not hide the outcome
            invocation.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
