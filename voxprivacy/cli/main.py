"""``voxprivacy-admin [--db URL] [--user NAME] [--totp CODE] [--json] COMMAND … [OPTIONS]``

The global options (--db, --user, --totp, --json) may also follow the command.

The parser, the table of commands and the one place where errors become exit
statuses: 0 done, 1 a check found a problem, 2 bad usage or input (nothing
was written), 3 refused, 75 the database is busy (try again). Errors are one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Sequence

from sqlalchemy.exc import DBAPIError

from voxprivacy import __version__, i18n, logs
from voxprivacy.cli import (
    backup_commands,
    commands,
    lifecycle_commands,
    report_commands,
    request_commands,
    retention_commands,
    server_commands,
    sync_commands,
)
from voxprivacy.cli.doctor import doctor
from voxprivacy.cli.session import Invocation
from voxprivacy.domain.catalog import ATTRIBUTES, PRODUCTS, NumberFate
from voxprivacy.domain.enums import ConsentSource, InteractionChannel, Purpose, Role
from voxprivacy.domain.requests import RequestKind, RequestStatus, VerificationMethod
from voxprivacy.domain.wording import printed_values
from voxprivacy.errors import VoxError
from voxprivacy.i18n import _
from voxprivacy.services.customers import EDITABLE_FIELDS, STATUSES, InvalidFields
from voxprivacy.storage.database import busy_error, is_busy

PROG = "voxprivacy-admin"
_log = logging.getLogger("voxprivacy.admin")
Handler = Callable[[Invocation], int]

ROLES = [r.value for r in Role]
KINDS = [k.value for k in RequestKind]
METHODS = printed_values(VerificationMethod)
SOURCES = printed_values(ConsentSource)
PURPOSES = [x.value for x in Purpose]
CHANNELS = printed_values(InteractionChannel)
REQUEST_STATUSES = ["open", *(s.value for s in RequestStatus)]

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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} must be at least 1").format(text=text))
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("{text!r} must not be negative").format(text=text))
    return value


def _deadline(text: str) -> int:
    value = _positive(text)
    if value > 90:
        raise argparse.ArgumentTypeError(_("{text!r} is more than 90 days").format(text=text))
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None


def _spelled(choices: Sequence[str]) -> Callable[[str], str]:
    """An argument type taking a choice with '-', '_' or a space between its words (in-person,
    in_person); argparse then checks the choice as usual."""
    keys = {choice.replace("_", "-"): choice for choice in choices}

    def spelled(text: str) -> str:
        return keys.get(text.strip().lower().replace("_", "-").replace(" ", "-"), text)

    return spelled


def _request_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", metavar="REQ", help="reference (PR-XXXXXX) or id")


def _fields_epilog(example: str = "customer edit VX12345678") -> str:
    width = max(len(name) for name in EDITABLE_FIELDS) + 2
    lines = [f"  {name:<{width}}{spec.help}" for name, spec in EDITABLE_FIELDS.items()]
    return (
        "fields (FIELD=VALUE; an empty VALUE clears an optional field):\n"
        + "\n".join(lines)
        + f"\n\nexample:\n  voxprivacy-admin --user alice {example} "
        "'name=Ada Lovelace' email=ada@example.org"
    )


def _verified_by_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=_spelled(METHODS),
        help=f"how the caller's identity was verified (required): {', '.join(METHODS)}",
    )


def _group(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    parser = sub.add_parser(
        name, help=help_text, description=help_text, parents=[_GLOBAL_OPTIONS_AFTER]
    )
    return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    help_text: str,
    **kwargs: object,
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        parents=[_GLOBAL_OPTIONS_AFTER],
        **kwargs,  # type: ignore[arg-type]
    )
    parser.set_defaults(handler=handler)
    return parser


def _add_global_options(parser: argparse._ActionsContainer, *, after_command: bool) -> None:
    """--db, --server, --server-fingerprint, --user, --totp and --json, before the command
    or (``after_command``) after it.

    After the command they default to SUPPRESS, so an option given only before the
    command is not overwritten by the command's parser.
    """
    unset: str | None = argparse.SUPPRESS if after_command else None
    parser.add_argument(
        "--db",
        metavar="URL",
        default=unset,
        help="database URL (default: $VOXPRIVACY_DB or the encrypted file in your data directory)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        default=unset,
        help="run the command on the head office server at https://HOST:PORT instead of a "
        "local database (default: $VOXPRIVACY_SERVER)",
    )
    parser.add_argument(
        "--server-fingerprint",
        metavar="SHA256",
        default=unset,
        help="the server certificate's SHA-256 fingerprint, for a self-signed server "
        "(default: $VOXPRIVACY_SERVER_FINGERPRINT)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=unset,
        help="acting staff member (default: $VOXPRIVACY_USER)",
    )
    parser.add_argument(
        "--totp",
        metavar="CODE",
        default=unset,
        help="second-factor code for commands that "
        "change data (default: $VOXPRIVACY_TOTP, or a prompt in a terminal)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help="print JSON for scripts",
    )


_GLOBAL_OPTIONS_AFTER = argparse.ArgumentParser(add_help=False)
_add_global_options(
    _GLOBAL_OPTIONS_AFTER.add_argument_group("global options (also accepted before the command)"),
    after_command=True,
)


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
    _add_global_options(parser, after_command=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = _command(
        sub,
        "init",
        commands.init,
        "create or upgrade the database; on a database without staff create the first admin",
    )
    p.add_argument(
        "--admin",
        metavar="NAME",
        help="user name of the first admin (its password comes from $VOXPRIVACY_PASSWORD)",
    )

    p = _command(
        sub,
        "demo",
        commands.demo,
        "fill a new, empty database with made-up customers and one demo account per role",
    )
    p.add_argument(
        "--customers", metavar="N", type=_count, required=True, help="how many customers to make up"
    )
    p.add_argument("--seed", metavar="S", type=_seed, help="same seed, same data")

    staff = _group(sub, "staff", "manage staff accounts")
    p = _command(
        staff,
        "add",
        commands.staff_add,
        "add a staff member (admins); the initial password is the first line of standard input",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--display-name", metavar="TEXT")
    _command(staff, "list", commands.staff_list, "list staff members")
    p = _command(
        staff, "unlock", commands.staff_unlock, "unlock an account locked after failed attempts"
    )
    p.add_argument("name", metavar="NAME")
    p = _command(
        staff,
        "reset-2fa",
        commands.staff_reset_2fa,
        "give a staff member a new authenticator secret and recovery codes",
    )
    p.add_argument("name", metavar="NAME")
    p = _command(staff, "set-role", commands.staff_set_role, "change a staff member's role")
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", metavar="ROLE", choices=ROLES, help=", ".join(ROLES))
    p = _command(
        staff, "deactivate", commands.staff_deactivate, "stop a staff member from signing in"
    )
    p.add_argument("name", metavar="NAME")

    group = _group(sub, "sessions", "staff sessions on the head office server")
    p = _command(
        group,
        "list",
        commands.sessions_list,
        "open sessions on the server, newest first (supervisors, admins; with --server)",
    )
    p.add_argument("--name", metavar="NAME", help="only this staff member's sessions")
    p.add_argument("--all", action="store_true", help="ended sessions too")
    p = _command(
        group,
        "revoke",
        commands.sessions_revoke,
        "end a staff member's session now: its next request is refused",
    )
    p.add_argument("session", metavar="ID", help="the session's id, from 'sessions list'")

    group = _group(sub, "customers", "find, terminate and reactivate customers")
    p = _command(
        group,
        "search",
        commands.customers_search,
        "search by name, company, email, phone or account number (the fields your role sees)",
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        help="only customers with this status (repeatable)",
    )
    p.add_argument("--limit", metavar="N", type=_positive, default=100)
    p = _command(
        group,
        "register",
        commands.customers_register,
        "register a new customer; warns of records on file with the same email, phone, or "
        "name and postal code; prints the new account number last",
        epilog=_fields_epilog("customers register private 'Ada Lovelace'").replace(
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
        type=_spelled(SOURCES),
        help="how the customer gave the initial consents (needed with --consent)",
    )
    p.add_argument("--consent-evidence", metavar="TEXT", help="reference, e.g. a form number")
    p.add_argument(
        "--even-if-duplicate",
        action="store_true",
        help="register although records on file look like the same customer",
    )
    _add_lifecycle_commands(group, sub)

    group = _group(sub, "customer", "show or correct one customer's record")
    p = _command(group, "show", commands.customer_show, "show a record as your role may see it")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p = _command(
        group,
        "edit",
        commands.customer_edit,
        "correct fields of a record",
        epilog=_fields_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("changes", metavar="FIELD=VALUE", nargs="+")
    p.add_argument(
        "--expected-version",
        metavar="N",
        type=_positive,
        help="refuse (exit 1) if the record is no longer at this version",
    )
    _verified_by_argument(p)
    p.add_argument(
        "--confirm-impact",
        action="store_true",
        help="save a change that reaches a running service (without it, the impact is "
        "printed and nothing is saved)",
    )

    group = _group(sub, "consent", "record a customer's consent")
    p = _command(group, "set", commands.consent_set, "switch one purpose on or off")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("purpose", choices=PURPOSES, type=_spelled(PURPOSES))
    p.add_argument("state", choices=["on", "off"])
    p.add_argument(
        "--source",
        required=True,
        choices=SOURCES,
        type=_spelled(SOURCES),
        help="how the customer told us",
    )
    p.add_argument("--evidence", metavar="TEXT", help="reference, e.g. a ticket or letter")
    _verified_by_argument(p)

    group = _group(sub, "interaction", "contacts with a customer: calls, emails, visits")
    p = _command(group, "add", commands.interaction_add, "record a contact with a customer")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument(
        "--channel",
        required=True,
        choices=CHANNELS,
        type=_spelled(CHANNELS),
        help=", ".join(CHANNELS),
    )
    p.add_argument("--summary", required=True, metavar="TEXT", help="what it was about")
    p = _command(group, "list", commands.interaction_list, "a customer's contacts, newest first")
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--limit", metavar="N", type=_positive, default=50)

    group = _group(sub, "unsubscribe", "the newsletter's unsubscribe list")
    p = _command(
        group,
        "import",
        commands.unsubscribe_import,
        "withdraw newsletter consent for every address in a UTF-8 file, one per line",
    )
    p.add_argument("file", metavar="FILE", help="'-' reads standard input")

    group = _group(sub, "audit", "the tamper-evident audit trail")
    p = _command(
        group, "verify", commands.audit_verify, "recompute the chain (exit 1 if it is broken)"
    )
    p.add_argument(
        "--head",
        metavar="SEQ:HASH",
        help="a head saved earlier with 'audit head'; catches entries cut off the end",
    )
    _command(group, "head", commands.audit_head, "print the newest entry as SEQ:HASH")

    group = _group(sub, "key", "move the database's master key between workstations")
    _command(group, "export", commands.key_export, "print INSTALLATION_ID:KEY (admins)")
    _command(
        group,
        "import",
        commands.key_import,
        "store the line printed by 'key export' "
        "(read from standard input) in this workstation's keyring",
    )

    group = _group(sub, "db", "database connection settings")
    _command(
        group,
        "remember-password",
        commands.db_remember_password,
        "keep the PostgreSQL password (first line of standard input) in the keyring",
    )

    _add_request_commands(sub)
    _add_report_commands(sub)
    retention_commands.add_commands(sub, _group, _command)

    group = _group(sub, "settings", "settings of this installation (admins)")
    p = _command(
        group,
        "request-deadline",
        request_commands.settings_request_deadline,
        "days after receipt that new privacy requests are due (1 to 90; default 30)",
    )
    p.add_argument("days", metavar="DAYS", type=_deadline)

    _add_branch_commands(sub)
    server_commands.add_commands(sub, _group, _command)

    group = _group(sub, "backup", "encrypted backups of the database (admins)")
    p = _command(group, "create", backup_commands.backup_create, "write an encrypted copy")
    p.add_argument("file", metavar="FILE", help="the backup file to create")
    p = _command(
        group,
        "restore",
        backup_commands.backup_restore,
        "replace the database with a backup, then carry out again the erasures made since",
    )
    p.add_argument("file", metavar="FILE", help="a file made by 'backup create'")
    p.add_argument("--force", action="store_true", help="yes, replace the database")

    _command(
        sub,
        "doctor",
        doctor,
        "check the database, keyring, schema, master key, audit "
        "chain (with --user) and log directory; exit 1 if something is wrong",
    )
    return parser


SYNC_EPILOG = """\
first run on a new branch (the central database's PostgreSQL password and master key
already in this workstation's keyring, see 'db remember-password' and 'key import'):
  voxprivacy-admin sync --central postgresql+psycopg://desk@db.example/voxprivacy

every later run, e.g. from a systemd timer or cron (no sign-in, no code, no prompt):
  voxprivacy-admin sync

exit status: 0 done, 1 the central database cannot be reached (nothing was lost),
2 bad usage or the wrong database, 3 refused, 75 a database is busy (try again)."""


def _add_branch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _command(
        sub,
        "sync",
        sync_commands.sync,
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
        help="this branch's name when it is set up (default: the machine's host name)",
    )
    status = p.add_subparsers(dest="sync_command", metavar="COMMAND", required=False)
    _command(
        status,
        "status",
        sync_commands.sync_status,
        "show this database's role, central database, changes waiting and the last sync "
        "(reads only this database)",
    )

    group = _group(sub, "conflicts", "fields the central database and a branch changed differently")
    p = _command(
        group,
        "list",
        sync_commands.conflicts_list,
        "open conflicts, oldest first, with both values (supervisors)",
    )
    p.add_argument("--all", action="store_true", help="also the conflicts already settled")
    p = _command(
        group,
        "resolve",
        sync_commands.conflicts_resolve,
        "settle a conflict: keep the central value, take the branch's, or type the right "
        "one (supervisors)",
    )
    p.add_argument("conflict", metavar="ID", help="the id shown by 'conflicts list'")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", choices=list(sync_commands.KEEP), help="which side's value stays")
    how.add_argument("--value", metavar="TEXT", help="the right value, typed (text fields only)")


def _products_epilog() -> str:
    lines = ["products and their fields (FIELD=VALUE):"]
    for code, product in PRODUCTS.items():
        fields = ", ".join(f"{name} ({ATTRIBUTES[name][1]})" for name in product.attributes)
        lines.append(f"  {code:<20}{fields}")
    return "\n".join(
        [
            *lines,
            "",
            "what the record must hold first is checked when the service is saved.",
            "",
            "example:",
            "  voxprivacy-admin --user alice service add VX12345678 virtual_number "
            "'number=+49 30 1234567' area=Berlin --verified-by callback",
        ]
    )


def _verified_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=_spelled(METHODS),
        help="how the caller's identity was verified (required): " + ", ".join(METHODS),
    )


def _card_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token",
        metavar="TOKEN",
        help="the payment processor's token (never the card number); without it, the first "
        "line of standard input (or a prompt in a terminal)",
    )
    parser.add_argument("--brand", required=True, help="Visa, Mastercard, Amex, …")
    parser.add_argument("--last4", metavar="NNNN", required=True, help="the last four digits")
    parser.add_argument("--expiry", metavar="MM/YY", required=True, help="as printed on the card")


def _add_lifecycle_commands(
    customers_group: argparse._SubParsersAction[argparse.ArgumentParser],
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    p = _command(
        customers_group,
        "terminate",
        lifecycle_commands.customers_terminate,
        "show what terminating a customer ends; with --confirm, terminate today or --on a "
        "later day (supervisors)",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--reason", metavar="TEXT", required=True)
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it takes effect (default: today)")
    p.add_argument("--confirm", action="store_true", help="terminate (without it: preview only)")
    p = _command(
        customers_group,
        "reactivate",
        lifecycle_commands.customers_reactivate,
        "undo a termination within the grace period, or withdraw a scheduled one (supervisors)",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--reason", metavar="TEXT", required=True)
    _command(
        customers_group,
        "run-terminations",
        lifecycle_commands.customers_run_terminations,
        "carry out the scheduled terminations whose day has come (supervisors; e.g. daily "
        "from cron)",
    )

    group = _group(sub, "service", "a customer's subscriptions: add, change, end")
    p = _command(
        group,
        "add",
        lifecycle_commands.service_add,
        "subscribe a customer to a product; prints the service id last",
        epilog=_products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("product", choices=list(PRODUCTS), metavar="PRODUCT", help=", ".join(PRODUCTS))
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="*")
    _verified_by(p)
    p = _command(
        group,
        "change",
        lifecycle_commands.service_change,
        "change a running service's fields",
        epilog=_products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("service", metavar="SERVICE", help="the service id ('customer show' lists it)")
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="+")
    _verified_by(p)
    p = _command(
        group,
        "end",
        lifecycle_commands.service_end,
        "end a service and say what becomes of its number",
    )
    p.add_argument("service", metavar="SERVICE", help="the service id ('customer show' lists it)")
    p.add_argument(
        "--number",
        choices=[f.value for f in NumberFate],
        help="released (after the quarantine; the default for a virtual number) or ported out",
    )
    _verified_by(p)

    group = _group(sub, "card", "cards on file: the processor's token, brand, last four (finance)")
    p = _command(group, "add", lifecycle_commands.card_add, "record a card; prints its id last")
    p.add_argument("customer", metavar="ID", help="account number or id")
    _card_fields(p)
    p = _command(
        group, "replace", lifecycle_commands.card_replace, "record a new card in place of one"
    )
    p.add_argument("card", metavar="CARD", help="the card id ('customer show' lists it)")
    _card_fields(p)
    p = _command(group, "remove", lifecycle_commands.card_remove, "take a card off file")
    p.add_argument("card", metavar="CARD", help="the card id ('customer show' lists it)")


def _add_request_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = _group(
        sub,
        "request",
        "customers' privacy requests: access, rectification, erasure, restriction, objection",
    )
    p = _command(
        group,
        "open",
        request_commands.request_open,
        "open a request once the caller's identity was verified; prints the request reference last",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=_spelled(METHODS),
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
    p = _command(
        group, "list", request_commands.request_list, "the queue: overdue first, then by due date"
    )
    p.add_argument(
        "--status",
        choices=REQUEST_STATUSES,
        type=_spelled(REQUEST_STATUSES),
        help="open, or one status",
    )
    p.add_argument("--customer", metavar="ID", help="only this customer's requests")
    p = _command(
        group,
        "show",
        request_commands.request_show,
        "one request: its fields, timeline, changes and, for an open erasure, the impact preview",
    )
    _request_argument(p)
    p = _command(
        group,
        "approve",
        request_commands.request_approve,
        "approve an erasure (a supervisor who did not open it)",
    )
    _request_argument(p)
    p = _command(group, "deny", request_commands.request_deny, "deny an erasure, with a reason")
    _request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = _command(
        group,
        "extend",
        request_commands.request_extend,
        "extend the deadline once, by up to two months, with a reason",
    )
    _request_argument(p)
    p.add_argument("--days", metavar="N", type=_positive, required=True)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = _command(
        group,
        "lift",
        request_commands.request_lift,
        "lift a restriction of processing, with a reason: its purposes may be used again",
    )
    _request_argument(p)
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = _command(
        group, "cancel", request_commands.request_cancel, "cancel an open request, with a reason"
    )
    _request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = _command(
        group,
        "complete",
        request_commands.request_complete,
        "access: write the "
        "customer's package into --out DIR; rectification: apply the FIELD=VALUE "
        "corrections; erasure: carry out an approved erasure",
        epilog=_fields_epilog("request complete PR-ABC234"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _request_argument(p)
    p.add_argument(
        "changes", metavar="FIELD=VALUE", nargs="*", help="the corrections of a rectification"
    )
    p.add_argument("--out", metavar="DIR", help="folder for an access package (JSON and HTML)")
    p = _command(
        group,
        "release-billing",
        request_commands.request_release_billing,
        "finance: write the billing part of an access request's package (payment cards, "
        "invoices, billing address) into --out DIR",
    )
    _request_argument(p)
    p.add_argument(
        "--out", metavar="DIR", required=True, help="folder for the billing part (JSON and HTML)"
    )

    group = _group(sub, "disclosure", "disclosures of a customer's data to third parties")
    p = _command(
        group,
        "record",
        request_commands.disclosure_record,
        "log a disclosure; refused without the customer's current third-party consent",
    )
    p.add_argument("customer", metavar="ID", help="account number or id")
    p.add_argument("--to", metavar="RECIPIENT", required=True)
    p.add_argument("--data", metavar="TEXT", required=True, help="what was passed on")
    p = _command(
        group, "list", request_commands.disclosure_list, "a customer's disclosures, newest first"
    )
    p.add_argument("customer", metavar="ID", help="account number or id")


def _add_report_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = _group(sub, "report", "the data protection officer's reports (supervisors, admins)")
    for name, help_text, filters in report_commands.COMMANDS:
        p = _command(group, name, report_commands.report_run, help_text)
        if "from" in filters:
            p.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
            p.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD")
        if "staff" in filters:
            p.add_argument("--staff", metavar="NAME", help="only this staff member's entries")
            p.add_argument("--action", metavar="ACTION", help="only actions starting so")
            p.add_argument("--customer", metavar="ACCOUNT", help="only this customer's entries")
        p.add_argument("--format", choices=report_commands.FORMATS, help="csv (default) or json")
        p.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str) -> None:
    sys.stderr.write(f"{PROG}: {_one_line(message)}\n")
    sys.stderr.flush()


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (the entry point passes it to sys.exit)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (status 2)
        return _exit_code(exc.code)
    i18n.set_language(getattr(args, "language", None) or i18n.system_language())
    with contextlib.suppress(OSError):  # an unwritable log directory must not stop IT
        logs.setup("admin")
    handler: Handler = args.handler
    _log.info("command %s", handler.__name__)
    invocation = Invocation(args, sys.stdout)
    try:
        return handler(invocation)
    except InvalidFields as exc:
        _fail("; ".join(exc.errors.values()))
        return exc.exit_status
    except VoxError as exc:
        _fail(exc.message)
        return exc.exit_status
    except DBAPIError as exc:
        # schema inspection and migrations talk to the engine directly
        if is_busy(exc):
            busy = busy_error(invocation.where())
            _fail(busy.message)
            return busy.exit_status
        if not (isinstance(exc.orig, Exception) and _is_connection_error(exc)):
            _fail(
                _("internal error: {kind}: {detail}").format(
                    kind=type(exc).__name__, detail=_first_line(exc)
                )
            )
            return 1
        where = invocation.where()
        _fail(
            _("The database {where}cannot be reached or used ({detail}).").format(
                where=where + " " if where else "", detail=_first_line(exc.orig)
            )
        )
        return 2
    except KeyboardInterrupt:
        _fail(_("interrupted; nothing more was done."))
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        _log.exception("internal error in %s", handler.__name__)
        _fail(f"internal error: {type(exc).__name__}: {_first_line(exc)}")
        return 1
    finally:
        with contextlib.suppress(Exception):  # closing must not hide the outcome
            invocation.close()


def _is_connection_error(exc: DBAPIError) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return textwrap.shorten(lines[0], 300) if lines else type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
