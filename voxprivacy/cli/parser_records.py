"""The command table's customer part: customers, service, card, customer, consent,
interaction and unsubscribe (their handlers in ``customer_commands.py`` and
``lifecycle_commands.py``, named by strings, never imported here)."""

from __future__ import annotations

import argparse

from voxprivacy.cli.arguments import (
    CHANNELS,
    PURPOSES,
    SOURCES,
    STATUSES,
    add_command,
    add_group,
    card_fields,
    fields_epilog,
    positive,
    products_epilog,
    spelled,
    verified_by_argument,
)
from voxprivacy.domain.catalog import PRODUCTS, NumberFate
from voxprivacy.domain.wording import (
    CONSENT_SOURCE_WORDS,
    CUSTOMER_KIND_WORDS,
    CUSTOMER_STATUS_WORDS,
    INTERACTION_CHANNEL_WORDS,
    PURPOSE_WORDS,
    with_words,
)
from voxprivacy.i18n import _


def add_record_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = add_group(sub, "customers", _("find, terminate and reactivate customers"))
    p = add_command(
        group,
        "search",
        "customer_commands.customers_search",
        _("search by name, company, email, phone or account number (the fields your role sees)"),
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        help=_("only customers with this status (repeatable): {statuses}").format(
            statuses=with_words(CUSTOMER_STATUS_WORDS)
        ),
    )
    p.add_argument("--limit", metavar="N", type=positive, default=100)
    p = add_command(
        group,
        "register",
        "customer_commands.customers_register",
        _(
            "register a new customer; warns of records on file with the same email, phone, or "
            "name and postal code; prints the new account number last"
        ),
        epilog=fields_epilog("customers register private 'Ada Lovelace'").replace(
            "'name=Ada Lovelace' email=ada@example.org",
            "email=ada@example.org address.private.street='1 Main St' "
            "address.private.postal_code=10115 address.private.city=Berlin "
            "address.private.country=DE --consent newsletter=on --consent-source phone",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("kind", choices=["private", "business"], help=with_words(CUSTOMER_KIND_WORDS))
    p.add_argument(
        "name", metavar="NAME", help=_("full name (of the contact person for a business)")
    )
    p.add_argument("fields", metavar="FIELD=VALUE", nargs="*")
    p.add_argument(
        "--email", action="append", default=[], metavar="ADDRESS", help=_("an email (repeatable)")
    )
    p.add_argument(
        "--phone",
        action="append",
        default=[],
        metavar="NUMBER",
        help=_("a phone number (repeatable)"),
    )
    p.add_argument(
        "--consent",
        action="append",
        default=[],
        metavar="PURPOSE=on|off",
        help=_("an initial consent (repeatable); purposes: {purposes}").format(
            purposes=with_words(PURPOSE_WORDS)
        ),
    )
    p.add_argument(
        "--consent-source",
        choices=SOURCES,
        type=spelled(SOURCES),
        help=_(
            "how the customer gave the initial consents (needed with --consent): {sources}"
        ).format(sources=with_words(CONSENT_SOURCE_WORDS)),
    )
    p.add_argument("--consent-evidence", metavar="TEXT", help=_("reference, e.g. a form number"))
    p.add_argument(
        "--even-if-duplicate",
        action="store_true",
        help=_("register although records on file look like the same customer"),
    )
    _add_lifecycle_commands(group, sub)

    group = add_group(sub, "customer", _("show or correct one customer's record"))
    p = add_command(
        group, "show", "customer_commands.customer_show", _("show a record as your role may see it")
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p = add_command(
        group,
        "edit",
        "customer_commands.customer_edit",
        _("correct fields of a record"),
        epilog=fields_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("changes", metavar="FIELD=VALUE", nargs="+")
    p.add_argument(
        "--expected-version",
        metavar="N",
        type=positive,
        help=_("refuse (exit 1) if the record is no longer at this version"),
    )
    verified_by_argument(p)
    p.add_argument(
        "--confirm-impact",
        action="store_true",
        help=_(
            "save a change that reaches a running service (without it, the impact is "
            "printed and nothing is saved)"
        ),
    )

    group = add_group(sub, "consent", _("record a customer's consent"))
    p = add_command(
        group, "set", "customer_commands.consent_set", _("switch one purpose on or off")
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("purpose", choices=PURPOSES, type=spelled(PURPOSES))
    p.add_argument("state", choices=["on", "off"])
    p.add_argument(
        "--source",
        required=True,
        choices=SOURCES,
        type=spelled(SOURCES),
        help=_("how the customer told us: {sources}").format(
            sources=with_words(CONSENT_SOURCE_WORDS)
        ),
    )
    p.add_argument("--evidence", metavar="TEXT", help=_("reference, e.g. a ticket or letter"))
    verified_by_argument(p)

    group = add_group(sub, "interaction", _("contacts with a customer: calls, emails, visits"))
    p = add_command(
        group, "add", "customer_commands.interaction_add", _("record a contact with a customer")
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument(
        "--channel",
        required=True,
        choices=CHANNELS,
        type=spelled(CHANNELS),
        help=with_words(INTERACTION_CHANNEL_WORDS),
    )
    p.add_argument("--summary", required=True, metavar="TEXT", help=_("what it was about"))
    p = add_command(
        group,
        "list",
        "customer_commands.interaction_list",
        _("a customer's contacts, newest first"),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("--limit", metavar="N", type=positive, default=50)

    group = add_group(sub, "unsubscribe", _("the newsletter's unsubscribe list"))
    p = add_command(
        group,
        "import",
        "customer_commands.unsubscribe_import",
        _("withdraw newsletter consent for every address in a UTF-8 file, one per line"),
    )
    p.add_argument("file", metavar="FILE", help=_("'-' reads standard input"))


def _add_lifecycle_commands(
    customers_group: argparse._SubParsersAction[argparse.ArgumentParser],
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    p = add_command(
        customers_group,
        "terminate",
        "lifecycle_commands.customers_terminate",
        _(
            "show what terminating a customer ends; with --confirm, terminate today or --on a "
            "later day (supervisors)"
        ),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("--reason", metavar="TEXT", required=True)
    p.add_argument("--on", metavar="YYYY-MM-DD", help=_("the day it takes effect (default: today)"))
    p.add_argument("--confirm", action="store_true", help=_("terminate (without it: preview only)"))
    p = add_command(
        customers_group,
        "reactivate",
        "lifecycle_commands.customers_reactivate",
        _("undo a termination within the grace period, or withdraw a scheduled one (supervisors)"),
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("--reason", metavar="TEXT", required=True)
    add_command(
        customers_group,
        "run-terminations",
        "lifecycle_commands.customers_run_terminations",
        _(
            "carry out the scheduled terminations whose day has come (supervisors; e.g. daily "
            "from cron)"
        ),
    )

    group = add_group(sub, "service", _("a customer's subscriptions: add, change, end"))
    p = add_command(
        group,
        "add",
        "lifecycle_commands.service_add",
        _("subscribe a customer to a product; prints the service id last"),
        epilog=products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    p.add_argument("product", choices=list(PRODUCTS), metavar="PRODUCT", help=", ".join(PRODUCTS))
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="*")
    verified_by_argument(p)
    p = add_command(
        group,
        "change",
        "lifecycle_commands.service_change",
        _("change a running service's fields"),
        epilog=products_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "service", metavar="SERVICE", help=_("the service id ('customer show' lists it)")
    )
    p.add_argument("attributes", metavar="FIELD=VALUE", nargs="+")
    verified_by_argument(p)
    p = add_command(
        group,
        "end",
        "lifecycle_commands.service_end",
        _("end a service and say what becomes of its number"),
    )
    p.add_argument(
        "service", metavar="SERVICE", help=_("the service id ('customer show' lists it)")
    )
    p.add_argument(
        "--number",
        choices=[f.value for f in NumberFate],
        help=_("released (after the quarantine; the default for a virtual number) or ported out"),
    )
    verified_by_argument(p)

    group = add_group(
        sub, "card", _("cards on file: the processor's token, brand, last four (finance)")
    )
    p = add_command(
        group, "add", "lifecycle_commands.card_add", _("record a card; prints its id last")
    )
    p.add_argument("customer", metavar="ID", help=_("account number or id"))
    card_fields(p)
    p = add_command(
        group, "replace", "lifecycle_commands.card_replace", _("record a new card in place of one")
    )
    p.add_argument("card", metavar="CARD", help=_("the card id ('customer show' lists it)"))
    card_fields(p)
    p = add_command(group, "remove", "lifecycle_commands.card_remove", _("take a card off file"))
    p.add_argument("card", metavar="CARD", help=_("the card id ('customer show' lists it)"))
