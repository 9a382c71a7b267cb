"""The customer commands: search, show, edit, register, consents, interactions and the
unsubscribe list. Each parses what only the command line knows (FIELD=VALUE pairs,
files), then calls a service; the rules live in the services."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from voxprivacy.cli import output
from voxprivacy.cli.commands import OK, PROBLEM
from voxprivacy.cli.session import Invocation
from voxprivacy.domain.requests import verification_method
from voxprivacy.errors import BadInput, Refused, VoxError
from voxprivacy.i18n import _
from voxprivacy.services import consents, customers
from voxprivacy.services.context import Actor


def customers_search(inv: Invocation) -> int:
    actor = inv.sign_in()
    statuses = tuple(inv.args.status) if inv.args.status else None
    hits = customers.search_customers(
        inv.context(), actor, inv.args.text, statuses=statuses, limit=inv.args.limit
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(h) for h in hits]))
    elif not hits:
        inv.print(_("No customer matches."))
    else:
        inv.print(
            output.table(
                (_("account"), _("name"), _("company"), _("status"), _("email"), _("phone")),
                [
                    (
                        h.account_number,
                        h.name,
                        h.company,
                        output.customer_status(h.status),
                        h.email,
                        h.phone,
                    )
                    for h in hits
                ],
            )
        )
    return OK


def customer_show(inv: Invocation) -> int:
    actor = inv.sign_in()
    view = customers.show_customer(inv.context(), actor, inv.args.customer)
    inv.print(output.to_json(view.to_dict()) if inv.json else output.customer_text(view))
    return OK


def parse_changes(pairs: list[str], command: str = "customer edit") -> dict[str, str]:
    """FIELD=VALUE arguments; each field once, every field one that can be edited.

    ``command`` is the command whose --help lists the fields (named in the messages).
    """
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadInput(
                _("{pair!r} is not FIELD=VALUE; '{command} --help' lists the fields.").format(
                    pair=pair, command=command
                ),
                "changes",
            )
        if name in changes:
            raise BadInput(
                _("The field {name} is given twice; give each field once.").format(name=name), name
            )
        changes[name] = value
    unknown = [n for n in changes if n not in customers.EDITABLE_FIELDS]
    if unknown:
        raise BadInput(
            _(
                "{join_unknown}: not a field that can be edited; '{command} --help' lists them."
            ).format(join_unknown=", ".join(unknown), command=command),
            unknown[0],
        )
    return changes


class DuplicatesFound(VoxError):
    """A registration matches records on file; nothing was written."""

    exit_status = PROBLEM


def _verified_by(inv: Invocation) -> str:
    """--verified-by, checked before signing in (no code is used up)."""
    return verification_method(inv.args.verified_by)


def customer_edit(inv: Invocation) -> int:
    changes = parse_changes(inv.args.changes)
    method = _verified_by(inv)
    confirmed = bool(inv.args.confirm_impact)

    def impact_first(actor: Actor) -> None:
        impact = customers.edit_impact(inv.context(), actor, inv.args.customer, changes)
        if impact.blocked:
            raise customers.ImpactBlocked(impact)
        if impact.services and not confirmed:
            raise Refused(
                _(
                    "{impact_sentence} Nothing was saved: run the command "
                    "again with --confirm-impact to save the change anyway."
                ).format(impact_sentence=impact.sentence())
            )

    actor = inv.sign_in_for_write(impact_first)
    view = customers.edit_customer(
        inv.context(),
        actor,
        inv.args.customer,
        changes,
        verified_by=method,
        expected_version=inv.args.expected_version,
        confirm_impact=confirmed,
    )
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    else:
        inv.print(
            _("Customer {account_number} saved ({changes}); now at version {version}.").format(
                account_number=view.account_number, changes=", ".join(changes), version=view.version
            )
        )
    return OK


def _consent_choices(pairs: list[str]) -> dict[str, bool]:
    chosen: dict[str, bool] = {}
    for pair in pairs:
        purpose, sep, state = pair.partition("=")
        if not sep or state.strip().lower() not in ("on", "off") or not purpose.strip():
            raise BadInput(
                _("--consent {pair!r}: give PURPOSE=on or PURPOSE=off, e.g. newsletter=on.").format(
                    pair=pair
                ),
                "consents",
            )
        chosen[purpose.strip()] = state.strip().lower() == "on"
    return chosen


def customers_register(inv: Invocation) -> int:
    fields = parse_changes(inv.args.fields, "customers register")
    consents_given = _consent_choices(inv.args.consent)
    emails, phones = list(inv.args.email), list(inv.args.phone)
    country = fields.get("address.private.country") or fields.get("address.business.country")
    postal = [v for k, v in fields.items() if k.endswith(".postal_code")]

    def duplicates_first(actor: Actor) -> None:
        hits = customers.find_duplicates(
            inv.context(),
            actor,
            inv.args.name,
            [*emails, *([fields["email"]] if fields.get("email") else [])],
            [*phones, *([fields["phone"]] if fields.get("phone") else [])],
            postal,
            country,
        )
        if hits and not inv.args.even_if_duplicate:
            inv.print(
                output.table(
                    (_("account"), _("name"), _("status"), _("why")),
                    [
                        (
                            h.account_number,
                            h.name,
                            output.customer_status(h.status),
                            "; ".join(h.reasons),
                        )
                        for h in hits
                    ],
                )
            )
            raise DuplicatesFound(
                _(
                    "Possibly already a customer (listed above); nothing was "
                    "saved. Open the existing record ('customer show ID'), or "
                    "pass --even-if-duplicate to register anyway."
                )
            )

    actor = inv.sign_in_for_write(duplicates_first)
    view = customers.create_customer(
        inv.context(),
        actor,
        inv.args.kind,
        inv.args.name,
        fields,
        emails=emails,
        phones=phones,
        consents=consents_given,
        consent_source=inv.args.consent_source,
        consent_evidence=inv.args.consent_evidence,
        even_if_duplicate=inv.args.even_if_duplicate,
    )
    if inv.json:
        inv.print(output.to_json(view.to_dict()))
    else:
        inv.print(
            _("Customer {account_number} registered ({name}).").format(
                account_number=view.account_number, name=view.name
            )
        )
        inv.print(view.account_number)
    return OK


def interaction_add(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    row = customers.record_interaction(
        inv.context(), actor, inv.args.customer, inv.args.channel, inv.args.summary
    )
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(row)))
    else:
        inv.print(
            _("Interaction recorded ({channel}, by {staff}).").format(
                channel=output.channel_word(row.channel), staff=row.staff
            )
        )
    return OK


def interaction_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    rows = customers.list_interactions(
        inv.context(), actor, inv.args.customer, limit=inv.args.limit
    )
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(r) for r in rows]))
    elif not rows:
        inv.print(_("No interactions on record."))
    else:
        inv.print(
            output.table(
                (_("at"), _("channel"), _("staff"), _("summary")),
                [(r.at, output.channel_word(r.channel), r.staff, r.summary) for r in rows],
            )
        )
    return OK


def consent_set(inv: Invocation) -> int:
    method = _verified_by(inv)
    actor = inv.sign_in_for_write()
    states = consents.set_consent(
        inv.context(),
        actor,
        inv.args.customer,
        inv.args.purpose,
        inv.args.state == "on",
        inv.args.source,
        inv.args.evidence,
        verified_by=method,
    ).states
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(s) for s in states]))
    else:
        inv.print(
            output.table(
                output.consent_headers(),
                [output.consent_row(s.purpose, s.granted, s.since, s.source) for s in states],
            )
        )
    return OK


def _read_lines(name: str) -> list[str]:
    if name == "-":
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        label = "standard input"
    else:
        path = Path(name)
        label = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BadInput(_("There is no file {label}.").format(label=label), "file") from None
        except IsADirectoryError:
            raise BadInput(
                _("{label} is a directory, not a file.").format(label=label), "file"
            ) from None
        except OSError as exc:
            raise BadInput(
                _("The file {label} cannot be read ({strerror}).").format(
                    label=label, strerror=exc.strerror
                ),
                "file",
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _(
                "{label} is not UTF-8 text (byte {start_1} is not); save it as UTF-8 and try again."
            ).format(label=label, start_1=exc.start + 1),
            "file",
        ) from None
    return text.splitlines()


def unsubscribe_import(inv: Invocation) -> int:
    lines = _read_lines(inv.args.file)
    actor = inv.sign_in_for_write()
    result = consents.import_unsubscribes(inv.context(), actor, lines)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(result)))
    else:
        inv.print(
            _("applied {applied}, already off {already_off}, unknown {unknown}").format(
                applied=result.applied, already_off=result.already_off, unknown=result.unknown
            )
        )
    return OK
