"""The command table's casework part: request, disclosure, report, retention,
audience and settings (handlers named by strings, never imported here)."""

from __future__ import annotations

import argparse

from voxprivacy.cli.arguments import (
    KINDS,
    METHODS,
    REQUEST_STATUSES,
    add_command,
    add_group,
    deadline,
    fields_epilog,
    positive,
    request_argument,
    spelled,
)
from voxprivacy.domain.reports import FORMATS, REPORT_NAMES, filters_for
from voxprivacy.domain.requests import KIND_WORDS
from voxprivacy.domain.retention import RetentionKind
from voxprivacy.domain.wording import PURPOSE_WORDS, printed_values, with_words
from voxprivacy.i18n import N_, _

RETENTION_KINDS = printed_values(RetentionKind)


def add_casework_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _add_request_commands(sub)
    _add_report_commands(sub)
    _add_retention_commands(sub)

    group = add_group(sub, "settings", _("settings of this installation (admins)"))
    p = add_command(
        group,
        "request-deadline",
        "request_commands.settings_request_deadline",
        _("days after receipt that new privacy requests are due (1 to 90; default 30)"),
    )
    p.add_argument("days", metavar="DAYS", type=deadline)


def _add_request_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = add_group(
        sub,
        "request",
        _("customers' privacy requests: access, rectification, erasure, restriction, objection"),
    )
    p = add_command(
        group,
        "open",
        "request_commands.request_open",
        _(
            "open a request once the caller's identity was verified; "
            "prints the request reference last"
        ),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("--kind", required=True, choices=KINDS, help=with_words(KIND_WORDS))
    p.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=spelled(METHODS),
        help=_(
            "how the caller's identity was verified (required): email-code (a "
            "code sent to the email on file), callback (to the number on file), pin "
            "(account PIN or security answer), in-person (with an identity document), "
            "written-request (a signed letter), in-branch (at a branch counter)"
        ),
    )
    p.add_argument("--note", metavar="TEXT")
    p.add_argument(
        "--purpose",
        dest="purposes",
        action="append",
        default=[],
        metavar="PURPOSE",
        help=_("restriction and objection: a purpose it is about (repeatable): {purposes}").format(
            purposes=with_words(PURPOSE_WORDS)
        ),
    )
    p = add_command(
        group,
        "list",
        "request_commands.request_list",
        _("the queue: overdue first, then by due date"),
    )
    p.add_argument(
        "--status",
        choices=REQUEST_STATUSES,
        type=spelled(REQUEST_STATUSES),
        help=_("open, or one status"),
    )
    p.add_argument("--customer", metavar="ID", help=_("only this customer's requests"))
    p = add_command(
        group,
        "show",
        "request_commands.request_show",
        _(
            "one request: its fields, timeline, changes and, for an open erasure, "
            "the impact preview"
        ),
    )
    request_argument(p)
    p = add_command(
        group,
        "approve",
        "request_commands.request_approve",
        _("approve an erasure (a supervisor who did not open it)"),
    )
    request_argument(p)
    p = add_command(
        group, "deny", "request_commands.request_deny", _("deny an erasure, with a reason")
    )
    request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "extend",
        "request_commands.request_extend",
        _("extend the deadline once, by up to two months, with a reason"),
    )
    request_argument(p)
    p.add_argument("--days", metavar="N", type=positive, required=True)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "lift",
        "request_commands.request_lift",
        _("lift a restriction of processing, with a reason: its purposes may be used again"),
    )
    request_argument(p)
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = add_command(
        group,
        "cancel",
        "request_commands.request_cancel",
        _("cancel an open request, with a reason"),
    )
    request_argument(p)
    p.add_argument("--reason", metavar="TEXT", required=True)
    p = add_command(
        group,
        "complete",
        "request_commands.request_complete",
        _(
            "access: write the "
            "customer's package into --out DIR; rectification: apply the FIELD=VALUE "
            "corrections; erasure: carry out an approved erasure"
        ),
        epilog=fields_epilog("request complete PR-ABC234"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    request_argument(p)
    p.add_argument(
        "changes", metavar="FIELD=VALUE", nargs="*", help=_("the corrections of a rectification")
    )
    p.add_argument("--out", metavar="DIR", help=_("folder for an access package (JSON and HTML)"))
    p = add_command(
        group,
        "release-billing",
        "request_commands.request_release_billing",
        _(
            "finance: write the billing part of an access request's package (payment cards, "
            "invoices, billing address) into --out DIR"
        ),
    )
    request_argument(p)
    p.add_argument(
        "--out", metavar="DIR", required=True, help=_("folder for the billing part (JSON and HTML)")
    )

    group = add_group(sub, "disclosure", _("disclosures of a customer's data to third parties"))
    p = add_command(
        group,
        "record",
        "request_commands.disclosure_record",
        _("log a disclosure; refused without the customer's current third-party consent"),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("--to", metavar="RECIPIENT", required=True)
    p.add_argument("--data", metavar="TEXT", required=True, help=_("what was passed on"))
    p = add_command(
        group,
        "list",
        "request_commands.disclosure_list",
        _("a customer's disclosures, newest first"),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))


REPORT_HELP = {
    "requests": N_(
        "privacy requests per month: opened, completed, overdue, extended, denied, "
        "median days to complete"
    ),
    "disclosures": N_("the register of disclosures to third parties, across customers"),
    "consents": N_("customers' current consents per purpose and source"),
    "consent-ledger": N_("every consent event: whose, which purpose, granted or not, how, when"),
    "audit": N_("the audit trail, oldest first, filtered by staff, action, customer and dates"),
}


def _add_report_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = add_group(
        sub, "report", _("the data protection officer's reports (supervisors, admins)")
    )
    for name in REPORT_NAMES:
        filters = filters_for(name)
        p = add_command(group, name, "report_commands.report_run", _(REPORT_HELP[name]))
        if "from" in filters:
            p.add_argument("--from", dest="start", metavar="DATE", help=_("first day, YYYY-MM-DD"))
            p.add_argument("--to", dest="end", metavar="DATE", help=_("last day, YYYY-MM-DD"))
        if "staff" in filters:
            p.add_argument("--staff", metavar="NAME", help=_("only this staff member's entries"))
            p.add_argument("--action", metavar="ACTION", help=_("only actions starting so"))
            p.add_argument("--customer", metavar="ACCOUNT", help=_("only this customer's entries"))
        p.add_argument("--format", choices=FORMATS, help=_("csv (default) or json"))
        p.add_argument("--output", metavar="FILE", help=_("write to FILE instead of the screen"))


def _add_retention_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kept = add_group(
        sub, "retention", _("how long each kind of data is kept, and removing what is due")
    )
    add_command(
        kept,
        "show",
        "retention_commands.retention_show",
        _("the schedule: each kind, its period, default and floor"),
    )
    p = add_command(
        kept,
        "set",
        "retention_commands.retention_set",
        _("admins: set one kind's period (asks the code)"),
    )
    p.add_argument("kind", metavar="KIND", choices=RETENTION_KINDS, help=", ".join(RETENTION_KINDS))
    p.add_argument("days", metavar="DAYS", help=_("days the data is kept"))
    p = add_command(
        kept,
        "run",
        "retention_commands.retention_run",
        _("admins: remove what is due (asks the code); --dry-run lists it and changes nothing"),
    )
    p.add_argument("--dry-run", action="store_true", help=_("list what would go; change nothing"))
    p.add_argument(
        "--scheduled",
        action="store_true",
        help=_("the timer's run on the host that holds the database: signs nobody in"),
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help=_(
            "with --scheduled on the head office's server host: the server's configuration "
            "(its database and secrets, from $CREDENTIALS_DIRECTORY when systemd sets it)"
        ),
    )
    mail = add_group(sub, "audience", _("who receives the newsletter or product updates"))
    p = add_command(
        mail,
        "export",
        "retention_commands.audience_export",
        _("supervisors: the customers whose consent is on, without those who restricted it (CSV)"),
    )
    p.add_argument("purpose", metavar="PURPOSE", choices=["newsletter", "product-updates"])
    p.add_argument("--output", metavar="FILE", help=_("write to FILE instead of the screen"))
