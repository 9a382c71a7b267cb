"""The retention schedule and mailing audiences on the command line: ``retention show|set|run``
and ``audience export``. The rules (who may, the floors, what a run removes, what is
audited) live in ``voxprivacy.services.retention`` and ``voxprivacy.services.audiences``;
these functions parse, call and print.

``retention run --scheduled`` is the timer's command: it signs nobody in and carries out
the schedule an admin set, on the host that holds the database (as ``sync`` does).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from voxprivacy.cli import output
from voxprivacy.cli.commands import OK
from voxprivacy.cli.session import Invocation
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _, ngettext
from voxprivacy.services import audiences, reports, retention


def _days(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise BadInput(
            _("DAYS {text!r} is not a whole number of days, e.g. 365.").format(text=text), "days"
        ) from None


def retention_show(inv: Invocation) -> int:
    actor = inv.sign_in()
    rules = retention.retention_schedule(inv.context(), actor)
    if inv.json:
        inv.print(output.to_json([dataclasses.asdict(r) for r in rules]))
        return OK
    inv.print(
        output.table(
            ("Kind", "Kept (days)", "Default", "At least", "Counted from"),
            [(r.kind, r.days, r.default_days, r.minimum_days, r.counted_from) for r in rules],
        )
    )
    return OK


def retention_set(inv: Invocation) -> int:
    days = _days(inv.args.days)  # refused before the code is used up
    actor = inv.sign_in_for_write()
    rule = retention.set_retention(inv.context(), actor, inv.args.kind, days)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(rule)))
    else:
        inv.print(f"{rule.kind}: kept {rule.days} days after {rule.counted_from}.")
    return OK


def _print_plan(inv: Invocation, plan: retention.RetentionPlan) -> None:
    for kind in plan.due:
        due = _("{n} due").format(n=kind.count)
        inv.print(f"{kind.kind} (kept {kind.days} days): {due}")
        for item in kind.items:
            inv.print(f"  {output.safe(item)}")
        for held in kind.held:
            inv.print(f"  held back: {output.safe(held)}")
    inv.print(
        "Nothing is due." if not plan.total else f"Would remove {plan.total}; nothing was changed."
    )


def _print_result(inv: Invocation, result: retention.RetentionResult) -> None:
    for kind, n in result.counts.items():
        inv.print(f"{kind}: {n}")
    for name in result.files_to_delete:
        inv.print(f"Delete by hand (not reachable here): {output.safe(name)}")
    if result.not_vacuumed:
        inv.print(f"Not vacuumed (no permission): {', '.join(result.not_vacuumed)}")
    inv.print("Nothing was due." if not result.total else f"Removed {result.total}.")


def retention_run(inv: Invocation) -> int:
    args = inv.args
    if args.dry_run and args.scheduled:
        raise BadInput(_("Give --dry-run or --scheduled, not both."), "dry_run")
    if args.config and not args.scheduled:
        raise BadInput(
            _("--config is for the timer's run on the server host: give it with --scheduled."),
            "config",
        )
    if args.config:
        from voxprivacy.server.setup import read_config, server_context

        ctx = server_context(read_config(Path(args.config)))
    else:
        ctx = inv.context()
    if args.dry_run:
        plan = retention.retention_due(ctx, inv.sign_in())
        if inv.json:
            inv.print(output.to_json(dataclasses.asdict(plan)))
        else:
            _print_plan(inv, plan)
        return OK
    if args.scheduled:
        result = retention.run_scheduled(ctx)
    else:
        result = retention.run_retention(ctx, inv.sign_in_for_write())
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(result)))
    else:
        _print_result(inv, result)
    return OK


def audience_export(inv: Invocation) -> int:
    actor = inv.sign_in()
    audience = audiences.export_audience(inv.context(), actor, inv.args.purpose)
    if inv.args.output:
        written = reports.write_export(inv.args.output, audience.csv())
        n = len(audience.members)
        customers = ngettext("{n} customer", "{n} customers", n).format(n=n)
        inv.print(f"{customers} written to {Path(written)}")
    elif inv.json:
        inv.print(output.to_json(dataclasses.asdict(audience)))
        return OK
    else:
        inv.out.write(audience.csv())
    for line in audience.skipped:
        sys.stderr.write(f"left out: {output.safe(line)}\n")
    return OK
