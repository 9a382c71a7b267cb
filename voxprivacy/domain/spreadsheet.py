"""Tables written as CSV that a spreadsheet opens as text, never as formulas.

Every CSV the application writes goes through ``csv_text``: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be taken by a
spreadsheet for a formula (``=HYPERLINK(...)`` in a customer's name runs when
the file is opened), so it gets a leading ``'``, which spreadsheets show as
text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """A value as the text of one cell: ISO dates, yes/no, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def neutralise(text: str) -> str:
    """The text, with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: object) -> str:
    """A value as the text of one cell, safe to open in a spreadsheet.

    Numbers are written as they are (a negative number is a number, not a formula);
    text that looks like a formula is neutralised.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return neutralise(cell_text(value))


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file: a header line, then one line per row, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
