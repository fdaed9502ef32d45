"""XLSX renderer (XlsxWriter): a summary sheet with a native bar chart, one sheet per list.

Every sheet has a title row with the period and the generation time, a frozen header row,
an autofilter, column widths that fit the (Russian) text, real dates and numbers, and the
overdue rows filled in red. Rows are streamed (``constant_memory``), so 100,000 assignments
stay fast and small in memory.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from taskboard.i18n import domain
from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import Report
from taskboard.reports.tables import (
    DATE,
    DECIMAL,
    INT,
    LONG,
    NUMERIC,
    SHARE,
    TEXT,
    Table,
    corrections_table,
    definitions,
    extensions_table,
    history_text,
    levels_table,
    meetings_table,
    organisations_table,
    overdue_table,
    owners_table,
    row_count,
    subtitle,
    title,
)

_, ngettext = domain("reports")

HEADER_ROW = 3
"""Zero-based row of every sheet's header (title, subtitle and a blank row above it)."""
CHART_BARS = 15
"""Owners shown in the chart (most overdue first)."""
_WIDTH_SAMPLE = 5000
"""Rows looked at to size a text column (more would only cost time)."""
_CAPS = {TEXT: 40, LONG: 70, INT: 14, DATE: 12, SHARE: 14, DECIMAL: 14}
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


class _Formats:
    """Cell formats by column kind, plain and marked (overdue)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"valign": "top", "font_size": 10}
        late = {"bg_color": "#FDE2E1", "font_color": "#9C0006"}
        specs: dict[str, dict[str, Any]] = {
            TEXT: {},
            LONG: {"text_wrap": True},
            INT: {"num_format": "0"},
            DATE: {"num_format": "dd.mm.yyyy"},
            SHARE: {"num_format": "0.0%"},
            DECIMAL: {"num_format": "0.0"},
        }
        self.plain = {k: book.add_format({**base, **v}) for k, v in specs.items()}
        self.late = {k: book.add_format({**base, **v, **late}) for k, v in specs.items()}
        self.total = {
            k: book.add_format({**base, **v, "bold": True, "top": 1}) for k, v in specs.items()
        }
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.subtitle = book.add_format({"italic": True, "font_color": "#555555"})
        self.header_plain = book.add_format({"bold": True})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#E7EBEF", "border": 1, "text_wrap": True, "valign": "top"}
        )


def _sheet_name(text: str, used: set[str]) -> str:
    name = text.translate(_BAD_SHEET_CHARS).strip("'")[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in used:
        suffix = f" {n}"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _widths(table: Table) -> list[float]:
    widths = []
    sample = table.rows[:_WIDTH_SAMPLE]
    for i, column in enumerate(table.columns):
        cap = _CAPS[column.kind]
        longest = len(column.header) if column.kind in (TEXT, LONG) else min(len(column.header), 12)
        if column.kind in (TEXT, LONG):
            for row in sample:
                value = row[i]
                if value is not None and len(str(value)) > longest:
                    longest = len(str(value))
                    if longest >= cap:
                        break
        elif column.kind == DATE:
            longest = max(longest, 10)
        # Cyrillic letters are a little wider than the Latin ones the unit is based on.
        widths.append(min(cap, longest * 1.1 + 2))
    return widths


def _write_table(
    book: xlsxwriter.Workbook,
    sheet: Worksheet,
    table: Table,
    formats: _Formats,
    heading: tuple[str, str],
    ticker: Ticker,
) -> int:
    """Write ``table`` under the sheet's heading; returns the last row written."""
    sheet.write_string(0, 0, heading[0], formats.title)
    sheet.write_string(1, 0, heading[1], formats.subtitle)
    kinds = [c.kind for c in table.columns]
    for col, width in enumerate(_widths(table)):
        sheet.set_column(col, col, width)
    sheet.set_row(HEADER_ROW, 30)
    for col, column in enumerate(table.columns):
        sheet.write_string(HEADER_ROW, col, column.header, formats.header)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    # Printed: A4 landscape, one page wide, the header repeated on every page.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    row_no = HEADER_ROW
    for row_no, (row, marked) in enumerate(
        zip(table.rows, table.marked, strict=True), HEADER_ROW + 1
    ):
        fmts = formats.late if marked else formats.plain
        _write_row(sheet, row_no, row, kinds, fmts)
        ticker.add()
    last_data = row_no
    sheet.autofilter(HEADER_ROW, 0, max(last_data, HEADER_ROW), len(kinds) - 1)
    if not table.rows:
        last_data = HEADER_ROW + 1
        sheet.write_string(last_data, 0, table.empty, formats.subtitle)
    if table.total is not None:
        last_data += 1
        _write_row(sheet, last_data, table.total, kinds, formats.total)
    return last_data


def _write_definitions(sheet: Worksheet, row: int, formats: _Formats) -> None:
    """The definitions under the summary, as every format states them (a short legend)."""
    sheet.write_string(row, 0, _("Definitions"), formats.header_plain)
    for offset, line in enumerate(definitions(), 1):
        sheet.write_string(row + offset, 0, line, formats.subtitle)


def _write_row(
    sheet: Worksheet, row_no: int, row: tuple[Any, ...], kinds: list[str], fmts: dict[str, Format]
) -> None:
    for col, (value, kind) in enumerate(zip(row, kinds, strict=True)):
        fmt = fmts[kind]
        if value is None or value == "":
            sheet.write_blank(row_no, col, None, fmt)
        elif kind in NUMERIC:
            sheet.write_number(row_no, col, value, fmt)
        elif kind == DATE:
            sheet.write_datetime(row_no, col, value, fmt)
        else:
            sheet.write_string(row_no, col, str(value), fmt)


def _add_chart(book: xlsxwriter.Workbook, sheet: Worksheet, sheet_name: str, table: Table) -> None:
    keys = [c.key for c in table.columns]
    overdue_col = keys.index("overdue")
    n = min(CHART_BARS, len(table.rows))
    if n == 0:
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + n
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": _("Overdue"),
            "categories": [sheet_name, first, 0, last, 0],
            "values": [sheet_name, first, overdue_col, last, overdue_col],
            "fill": {"color": "#C62828"},
            "data_labels": {"value": True},
            "gap": 60,
        }
    )
    chart.set_title({"name": _("Overdue assignments by owner"), "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # most overdue on top
    chart.set_x_axis({"min": 0, "major_gridlines": {"visible": True}})
    chart.set_size({"width": 640, "height": max(260, 28 * n + 90)})
    sheet.insert_chart(HEADER_ROW, len(keys) + 1, chart)


def write_xlsx(
    report: Report, path: str | os.PathLike[str], *, on_progress: OnProgress | None = None
) -> None:
    """Write the report as a workbook at ``path`` (overwritten).

    ``on_progress`` is told the table rows written, then the zipping of the workbook.
    """
    rows = row_count(report)
    # Closing the book zips the sheets it streamed to disk: about a tenth of the whole time.
    ticker = Ticker(on_progress, rows + rows // 8)
    book = xlsxwriter.Workbook(
        str(Path(path)),
        {
            "constant_memory": True,
            "default_date_format": "dd.mm.yyyy",
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": title(),
            "subject": subtitle(report),
            "author": "taskboard",
            "created": report.generated_at.replace(tzinfo=None),
            "comments": history_text(report, full=True),
        }
    )
    try:
        formats = _Formats(book)
        heading = (title(), subtitle(report))
        used: set[str] = set()
        owners = owners_table(report)
        name = _sheet_name(_("Summary"), used)
        sheet = book.add_worksheet(name)
        last = _write_table(book, sheet, owners, formats, heading, ticker)
        _add_chart(book, sheet, name, owners)
        _write_definitions(sheet, last + 2, formats)
        sheet.activate()
        others = [organisations_table(report)]
        if report.levels:
            others.append(levels_table(report))
        for table in (
            *others,
            meetings_table(report),
            overdue_table(report),
            extensions_table(report),
            corrections_table(report),
        ):
            sheet = book.add_worksheet(_sheet_name(table.title, used))
            _write_table(book, sheet, table, formats, heading, ticker)
    finally:
        _close(book)
    ticker.finish()


def _close(book: xlsxwriter.Workbook) -> None:
    """Close (zip) the workbook; a failing disk comes out as the ``OSError`` it is."""
    try:
        book.close()
    except FileCreateError as exc:
        error = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        # The half-written zip is closed again when it is collected and fails the same way;
        # that second report ("Exception ignored in ZipFile.__del__") would be a traceback.
        hook = sys.unraisablehook
        sys.unraisablehook = lambda _unraisable: None
        try:
            error.__traceback__ = None
            exc.__traceback__ = None
            gc.collect()
        finally:
            sys.unraisablehook = hook
        raise error from None
