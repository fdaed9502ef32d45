"""CSV renderer: every table as a section (title row, header row, rows, blank row), then the
definitions, one per row.

Dates are ISO (``2027-06-01``), which Excel and scripts read alike. The shares are percentages
and the average delay a number, whose decimal mark follows the delimiter: ``;`` is what a
Russian Excel expects, together with a decimal comma; with ``,`` the decimal mark is a point.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from itertools import islice
from typing import Any, BinaryIO

from taskboard.domain.text import spreadsheet_text
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import Report
from taskboard.reports.tables import (
    DATE,
    DECIMAL,
    LONG,
    SHARE,
    TEXT,
    definitions,
    one_decimal,
    row_count,
    subtitle,
    tables,
    title,
)

_, ngettext = domain("reports")

CHUNK = 2000
"""Rows formatted and written together."""


def render_csv(
    report: Report,
    *,
    csv_bom: bool = False,
    csv_delimiter: str = ",",
    on_progress: OnProgress | None = None,
) -> bytes:
    """The report as CSV bytes (UTF-8, a BOM first when ``csv_bom``).

    ``on_progress`` is told the table rows written.
    """
    out = io.BytesIO()
    write_csv(report, out, csv_bom=csv_bom, csv_delimiter=csv_delimiter, on_progress=on_progress)
    return out.getvalue()


def write_csv(
    report: Report,
    out: BinaryIO,
    *,
    csv_bom: bool = False,
    csv_delimiter: str = ",",
    on_progress: OnProgress | None = None,
) -> None:
    """Write the report as CSV to ``out`` (the bytes of :func:`render_csv`), the long
    tables :data:`CHUNK` rows at a time: the document is never whole in memory."""
    check_delimiter(csv_delimiter)
    decimal = "," if csv_delimiter == ";" else "."
    ticker = Ticker(on_progress, row_count(report))
    if csv_bom:
        out.write(b"\xef\xbb\xbf")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text, delimiter=csv_delimiter, lineterminator="\r\n")
        writer.writerow([title()])
        writer.writerow([subtitle(report)])
        writer.writerow([])
        for table in tables(report):
            fmts = [_formatter(c.kind, decimal) for c in table.columns]
            writer.writerow([table.title])
            writer.writerow([c.header for c in table.columns])
            rows = iter(table.rows)
            while chunk := list(islice(rows, CHUNK)):
                # Column by column with map(): twice as fast as formatting cell by cell.
                formatted = [
                    list(map(f, column))
                    for f, column in zip(fmts, zip(*chunk, strict=True), strict=True)
                ]
                writer.writerows(zip(*formatted, strict=True))
                ticker.add(len(chunk))
            if table.total is not None:
                writer.writerow([f(v) for f, v in zip(fmts, table.total, strict=True)])
            writer.writerow([])
        writer.writerow([_("Definitions")])
        writer.writerows([_text(line)] for line in definitions())
        text.flush()
    finally:
        text.detach()  # ``out`` stays open: its owner closes it
    ticker.finish()


def check_delimiter(csv_delimiter: str) -> None:
    """:class:`InvalidInput` unless ``csv_delimiter`` is one character a CSV can use."""
    if len(csv_delimiter) != 1 or csv_delimiter in '"\r\n':
        raise InvalidInput(
            _("The CSV delimiter must be one character such as , or ;, not «{value}».").format(
                value=csv_delimiter
            )
        )


def _formatter(kind: str, decimal: str) -> Callable[[Any], str]:
    """How one column's values are written (one function per column: rows are many)."""
    if kind == SHARE:
        return lambda v: "" if v is None else f"{float(v) * 100:.1f}%".replace(".", decimal)
    if kind == DECIMAL:
        return lambda v: "" if v is None else one_decimal(float(v)).replace(".", decimal)
    if kind == DATE:
        return lambda v: "" if v is None else v.isoformat()
    if kind in (TEXT, LONG):
        return _text
    return lambda v: "" if v is None else str(v)


def _text(value: str | None) -> str:
    # A spreadsheet would run «=HYPERLINK(…)» typed in a title: the one rule keeps it text.
    return spreadsheet_text(value) if value else ""
