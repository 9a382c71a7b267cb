"""The data protection officer's reports: ``report requests|disclosures|consents|
consent-ledger|audit``. The figures and the rules (who may run them, what is audited)
live in ``voxprivacy.services.reports``; these functions parse, call and write."""

from __future__ import annotations

from datetime import date

from voxprivacy.cli.commands import OK
from voxprivacy.cli.session import Invocation
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _, ngettext
from voxprivacy.services import reports


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            _("{option} {text!r} is not a date; write it YYYY-MM-DD, e.g. 2026-01-31.").format(
                option=option, text=text
            ),
            option.lstrip("-"),
        ) from None


def report_run(inv: Invocation) -> int:
    args = inv.args
    name = args.report_command
    start = parse_date(args.start, "--from") if getattr(args, "start", None) else None
    end = parse_date(args.end, "--to") if getattr(args, "end", None) else None
    fmt = args.format or ("json" if inv.json else "csv")
    actor = inv.sign_in()
    report = reports.run(
        inv.context(),
        actor,
        name,
        start,
        end,
        staff=getattr(args, "staff", None),
        action=getattr(args, "action", None),
        customer=getattr(args, "customer", None),
    )
    text = reports.render(report, fmt)
    if args.output:
        written = reports.write_export(args.output, text)
        rows = len(report.rows)
        inv.print(
            ngettext(
                "{title}: {rows} row written to {written}",
                "{title}: {rows} rows written to {written}",
                rows,
            ).format(title=report.title, rows=rows, written=written)
        )
    else:
        inv.out.write(text if text.endswith("\n") else text + "\n")
    return OK
