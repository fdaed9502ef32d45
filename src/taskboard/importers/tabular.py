"""Reading assignments from spreadsheets: CSV (comma, semicolon or tab) and XLSX.

The first non-empty row is the header. Column names are matched case-insensitively in
English or Russian (``owner``, «Исполнитель», «Ответственный исполнитель»…); unknown columns
are ignored and reported once. Row numbers in messages are the spreadsheet's own (the
header is row 1), so «row 5» is the fifth line a user sees in Excel.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from taskboard.domain.intake import split_names
from taskboard.domain.search import fold
from taskboard.domain.text import from_spreadsheet
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.importers.drafts import Draft, ImportProblems

_, ngettext = domain("importers")

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "no", "no.", "№", "№ п/п", "номер", "пункт", "item"),
    "text": ("text", "assignment", "поручение", "текст", "текст поручения", "содержание"),
    "owner": (
        "owner",
        "responsible",
        "исполнитель",
        "ответственный",
        "ответственный исполнитель",
    ),
    "co_executors": ("co_executors", "co-executors", "co executors", "соисполнители"),
    "due": ("due", "deadline", "срок", "срок исполнения"),
    "controller": ("controller", "контролирующий", "контроль"),
    "author": ("author", "автор"),
    "tags": ("tags", "метки", "теги"),
    "priority": ("priority", "приоритет"),
    "meeting_id": ("meeting_id", "meeting id", "совещание"),
    "status": ("status", "статус"),
}
"""Our field → the header names that mean it (folded)."""

REQUIRED = ("text", "owner")

_HEADER_INDEX = {fold(name): key for key, names in COLUMNS.items() for name in names}


@dataclass
class Sheet:
    """The drafts a spreadsheet holds, and the columns it had that nothing reads."""

    drafts: list[Draft]
    ignored_columns: list[str]


def _header_key(cell: str) -> str:
    return " ".join(fold(cell).strip().strip("*:").replace("\u00a0", " ").split())


def rows_to_sheet(rows: list[list[str]]) -> Sheet:
    """Map the rows of a sheet (header first) to drafts."""
    start = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if start is None:
        raise InvalidInput(_("The file is empty: no header row and no assignments."))
    header = rows[start]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, name in enumerate(header):
        key = _HEADER_INDEX.get(_header_key(name))
        if key is None:
            if name.strip():
                ignored.append(name.strip())
        elif key not in positions:
            positions[key] = position
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        raise ImportProblems(
            [
                _(
                    "the header (row {row}) has no «{column}» column; accepted names: {names}"
                ).format(row=start + 1, column=key, names=", ".join(COLUMNS[key]))
                for key in missing
            ]
        )

    def cell(row: list[str], key: str) -> str:
        position = positions.get(key)
        if position is None or position >= len(row):
            return ""
        return row[position]

    drafts = []
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if not any(c.strip() for c in row):
            continue
        drafts.append(
            Draft(
                where=_("row {n}").format(n=index + 1),
                text=cell(row, "text"),
                owner=cell(row, "owner"),
                number=cell(row, "number"),
                co_executors=split_names(cell(row, "co_executors")),
                due=cell(row, "due"),
                controller=cell(row, "controller"),
                author=cell(row, "author"),
                tags=split_names(cell(row, "tags")),
                priority=cell(row, "priority"),
                meeting=cell(row, "meeting_id"),
                status=cell(row, "status"),
            )
        )
    return Sheet(drafts=drafts, ignored_columns=ignored)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, name: str) -> Sheet:
    """A CSV file: UTF-8 with or without a BOM (Windows-1251 as Excel writes it is accepted)."""
    # Anywhere in the file, not only at its start: a NUL further down would be stored on
    # SQLite and refused by PostgreSQL as a database error («text cannot contain NUL»).
    if b"\x00" in data:
        raise InvalidInput(
            _("«{name}» is not a CSV file (it holds binary data); give a text CSV.").format(
                name=name
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Russian Windows saves "CSV" in Windows-1251.
        text = data.decode("cp1251", errors="replace")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # No cell is longer than the file; the module's default (128 KiB) refused a long text
    # that `add` and `export --format csv` take.
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line)))
    except csv.Error as exc:
        raise InvalidInput(
            _("«{name}» is not a readable CSV file: {reason}").format(name=name, reason=exc)
        ) from None
    finally:
        csv.field_size_limit(limit)
    # The quote `export --format csv` put before «=…» so that Excel does not run it comes off.
    return rows_to_sheet([[from_spreadsheet(cell) for cell in row] for row in rows])


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path | io.BytesIO, name: str) -> Sheet:
    """The first sheet of an XLSX workbook."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(
            _("«{name}» is not an XLSX workbook ({reason}).").format(name=name, reason=exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return rows_to_sheet(rows)
