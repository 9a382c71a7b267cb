"""Services, cards on file, termination and reactivation: one function per command.

The rules (what a product needs, the identity check, card fields, the grace period)
live in ``voxprivacy.services.subscriptions``, ``services.cards`` and
``services.customers``; these functions parse, call and print.
"""

from __future__ import annotations

import dataclasses
import getpass
import sys
from datetime import date

from voxprivacy.cli import output
from voxprivacy.cli.commands import OK
from voxprivacy.cli.session import Invocation, is_terminal, read_stdin_line
from voxprivacy.domain.catalog import PRODUCTS
from voxprivacy.domain.requests import VerificationMethod
from voxprivacy.domain.wording import printed_values
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import cards, customers, subscriptions
from voxprivacy.services.customers import CardView, ServiceView


def _no_verification() -> str:
    return _(
        "Record how the caller's identity was verified before changing a service: "
        "--verified-by {methods}."
    ).format(methods="|".join(printed_values(VerificationMethod)))


def attribute_pairs(pairs: list[str], product: str | None) -> dict[str, str]:
    """FIELD=VALUE service attributes; each once."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            known = (
                f"{PRODUCTS[product].label} takes {', '.join(PRODUCTS[product].attributes)}"
                if product in PRODUCTS
                else "'service add --help' lists each product's fields"
            )
            raise BadInput(
                _("{pair!r} is not FIELD=VALUE; {known}.").format(pair=pair, known=known),
                "attributes",
            )
        if name in values:
            raise BadInput(
                _("The field {name} is given twice; give each field once.").format(name=name), name
            )
        values[name] = value
    return values


def _service_json(inv: Invocation, view: ServiceView) -> int:
    inv.print(output.to_json(dataclasses.asdict(view)))
    return OK


def _need_verification(inv: Invocation) -> None:
    if not inv.args.verified_by:  # checked before signing in: no code is used up
        raise BadInput(_no_verification(), "verified_by")


# --------------------------------------------------------------------------- services


def service_add(inv: Invocation) -> int:
    _need_verification(inv)
    attrs = attribute_pairs(inv.args.attributes, inv.args.product)
    actor = inv.sign_in_for_write()
    view = subscriptions.add_subscription(
        inv.context(), actor, inv.args.customer, inv.args.product, attrs, inv.args.verified_by
    )
    if inv.json:
        return _service_json(inv, view)
    inv.print(
        _("{label} {identifier} added; it is active.").format(
            label=view.label, identifier=output.safe(view.identifier)
        )
    )
    inv.print(view.id)
    return OK


def service_change(inv: Invocation) -> int:
    _need_verification(inv)
    attrs = attribute_pairs(inv.args.attributes, None)
    actor = inv.sign_in_for_write()
    view = subscriptions.change_subscription(
        inv.context(), actor, inv.args.service, attrs, inv.args.verified_by
    )
    if inv.json:
        return _service_json(inv, view)
    inv.print(
        _("{label} {identifier} changed ({attrs}).").format(
            label=view.label, identifier=output.safe(view.identifier), attrs=", ".join(attrs)
        )
    )
    return OK


def service_end(inv: Invocation) -> int:
    _need_verification(inv)
    actor = inv.sign_in_for_write()
    view = subscriptions.end_subscription(
        inv.context(), actor, inv.args.service, inv.args.verified_by, inv.args.number
    )
    if inv.json:
        return _service_json(inv, view)
    inv.print(
        _("{label} {identifier} ended; its number is {number}.").format(
            label=view.label, identifier=output.safe(view.identifier), number=view.number
        )
    )
    return OK


# --------------------------------------------------------------------------- cards


def _token(inv: Invocation) -> str:
    """--token, else asked without echo in a terminal, else the first line of standard input
    (so the token stays out of the shell's history)."""
    if inv.args.token:
        return str(inv.args.token)
    if is_terminal(sys.stdin):
        return getpass.getpass(_("Processor token (never the card number): "))
    token = read_stdin_line("token")
    if not token.strip():
        raise BadInput(
            _(
                "No token: give the payment processor's token with --token "
                "or as the first line of standard input."
            ),
            "token",
        )
    return token


def _card_done(inv: Invocation, view: CardView, what: str) -> int:
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(view)))
        return OK
    inv.print(
        _("Card {brand} ending {last4}, expires {expiry}, {what}.").format(
            brand=view.brand, last4=view.last4, expiry=view.expiry, what=what
        )
    )
    inv.print(view.id)
    return OK


def card_add(inv: Invocation) -> int:
    token = _token(inv)
    actor = inv.sign_in_for_write()
    view = cards.record_card(
        inv.context(),
        actor,
        inv.args.customer,
        token,
        inv.args.brand,
        inv.args.last4,
        inv.args.expiry,
    )
    return _card_done(inv, view, "recorded")


def card_replace(inv: Invocation) -> int:
    token = _token(inv)
    actor = inv.sign_in_for_write()
    view = cards.replace_card(
        inv.context(), actor, inv.args.card, token, inv.args.brand, inv.args.last4, inv.args.expiry
    )
    return _card_done(inv, view, "recorded in place of the old one")


def card_remove(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    cards.remove_card(inv.context(), actor, inv.args.card)
    if inv.json:
        inv.print(output.to_json({"ok": True, "removed": inv.args.card}))
    else:
        inv.print(_("Card removed from file."))
    return OK


# --------------------------------------------------------------------------- termination


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            _(
                "--on: {text!r} is not a date; write it as YYYY-MM-DD (for example 2027-01-31)."
            ).format(text=text),
            "effective",
        ) from None


def customers_terminate(inv: Invocation) -> int:
    day = _day(inv.args.on)
    if not inv.args.confirm:
        actor = inv.sign_in()
        impact = customers.termination_impact(inv.context(), actor, inv.args.customer)
        if inv.json:
            inv.print(output.to_json({"terminated": False, "impact": dataclasses.asdict(impact)}))
            return OK
        for line in output.termination_lines(impact):
            inv.print(line)
        inv.print(_("Nothing was changed: run the command again with --confirm to terminate."))
        return OK
    actor = inv.sign_in_for_write()
    view = customers.terminate_account(
        inv.context(), actor, inv.args.customer, inv.args.reason, day
    )
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    elif view.termination_due is not None:
        inv.print(
            _(
                "Customer {account_number} will be terminated on {day}; its "
                "services run until then."
            ).format(account_number=view.account_number, day=view.termination_due.isoformat())
        )
    else:
        ended = sum(1 for s in view.services or [] if s.status == "ended")
        inv.print(
            _(
                "Customer {account_number} terminated; services ended: {ended}. Open "
                "invoices stay open."
            ).format(account_number=view.account_number, ended=ended)
        )
    return OK


def customers_reactivate(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = customers.reactivate_account(inv.context(), actor, inv.args.customer, inv.args.reason)
    latest = view.interactions[0].summary if view.interactions else ""
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    elif latest.startswith("Scheduled termination"):
        inv.print(
            _("The scheduled termination of customer {account_number} is withdrawn.").format(
                account_number=view.account_number
            )
        )
    else:
        inv.print(
            _(
                "Customer {account_number} is active again; ended services stay ended "
                "(add them again with 'service add')."
            ).format(account_number=view.account_number)
        )
    return OK


def customers_run_terminations(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    done = customers.run_due_terminations(inv.context(), actor)
    if inv.json:
        inv.print(output.to_json({"terminated": done}))
    elif not done:
        inv.print(_("No scheduled termination is due."))
    else:
        inv.print(_("Terminated as scheduled: {done}.").format(done=", ".join(done)))
    return OK
